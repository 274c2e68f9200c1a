/**
 * Cycle counts of the generated macro, as named formulas. The co-simulation checks every
 * vector's measured latency against `latencyCycles`, and the streaming period against
 * `periodCycles`.
 *
 *   B = ceil(d / P)        beats per vector          L = ceil(log2 P)   lane-tree levels
 *   C = scalar cycles      prologue + steps * ops per step (scalar-program.ts)
 *
 *   LATENCY = 2*B + L + C + 5
 *     first input beat .. last input beat            B - 1
 *     square, accumulate (pipeline drain)            2
 *     lane tree                                      L
 *     seed                                           1
 *     scalar loop                                    C
 *     hand-off to the output side                    1
 *     store read, output multiply, first beat        3
 *     first output beat .. last output beat          B - 1
 *   measured from the clock edge that accepts the first input beat to the edge that accepts
 *   the last output beat, with in_valid and out_ready held high.
 *
 *   PERIOD = B + L + C + 5   cycles between first input beats when streaming back to back:
 *   the next vector is written into the store behind the output side's read pointer, so its
 *   input overlaps the previous vector's output pass.
 */
import { type MacroConfig, beatsPerVector, reductionLevels } from '../config.ts';
import { scalarCycles } from '../model/scalar-program.ts';

export interface CycleCount {
  cycles: number;
  formula: string;
  terms: Record<string, number>;
}

export function latencyCycles(cfg: MacroConfig): CycleCount {
  const B = beatsPerVector(cfg);
  const L = reductionLevels(cfg);
  const C = scalarCycles(cfg);
  return { cycles: 2 * B + L + C + 5, formula: '2*B + L + C + 5', terms: { B, L, C } };
}

export function periodCycles(cfg: MacroConfig): CycleCount {
  const B = beatsPerVector(cfg);
  const L = reductionLevels(cfg);
  const C = scalarCycles(cfg);
  return { cycles: B + L + C + 5, formula: 'B + L + C + 5', terms: { B, L, C } };
}
