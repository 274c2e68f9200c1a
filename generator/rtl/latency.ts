/**
 * Cycle counts of the generated macro, as named formulas. The co-simulation checks every
 * vector's measured latency against `latencyCycles`, and the streaming period against
 * `periodCycles`.
 *
 *   B = ceil(d / P)   beats per vector             L = ceil(log2 P)   lane-tree levels
 *   C = scalar cycles (prologue + steps * ops per step + epilogue, scalar-program.ts)
 *   E = 1 when eps > 0 (m + d*eps), else 0
 *   X = extra output stages: layer 2 (scale input, subtract mean), gamma 1, gamma-beta 3
 *
 *   l2, rms:  LATENCY = 2*B + L + C + E + X + 5           PERIOD = B + L + C + E + 5
 *     input beats B-1, square + accumulate 2, tree L, eps E, seed 1, loop C, hand-off 1,
 *     store read + first output 3 (+X pipeline stages), output beats B-1
 *   layer:    LATENCY = 3*B + 2*L + C + E + X + 12        PERIOD = 2*B + 2*L + C + E + 12
 *     input beats B-1, pipeline 4, tree L, mean 1, second pass over the store B, pipeline 4,
 *     tree L, eps E, seed 1, loop C, hand-off 1, store read + first output 3 (+X), output beats B-1
 *
 *   LATENCY: from the clock edge that accepts the first input beat to the edge that accepts the
 *   last output beat, with in_valid and out_ready held high.
 *   PERIOD: edges between the first input beats of consecutive vectors when streaming: the next
 *   vector is written into the store behind the output side's read pointer, so its input
 *   overlaps the previous vector's output pass.
 */
import { type MacroConfig, beatsPerVector, reductionLevels } from '../config.ts';
import { scalarCycles } from '../model/scalar-program.ts';

export interface CycleCount {
  cycles: number;
  formula: string;
  terms: Record<string, number>;
}

/** Registers between the store read (stage R) and the output register (stage O). */
export function extraOutputStages(cfg: MacroConfig): number {
  return (cfg.mode === 'layer' ? 2 : 0) + (cfg.affine === 'gamma' ? 1 : cfg.affine === 'gamma-beta' ? 3 : 0);
}

function terms(cfg: MacroConfig) {
  return {
    B: beatsPerVector(cfg), L: reductionLevels(cfg), C: scalarCycles(cfg),
    E: cfg.eps > 0 ? 1 : 0, X: extraOutputStages(cfg),
  };
}

export function latencyCycles(cfg: MacroConfig): CycleCount {
  const t = terms(cfg);
  if (cfg.mode === 'layer') {
    return { cycles: 3 * t.B + 2 * t.L + t.C + t.E + t.X + 12, formula: '3*B + 2*L + C + E + X + 12', terms: t };
  }
  return { cycles: 2 * t.B + t.L + t.C + t.E + t.X + 5, formula: '2*B + L + C + E + X + 5', terms: t };
}

export function periodCycles(cfg: MacroConfig): CycleCount {
  const { X: _x, ...t } = terms(cfg);
  if (cfg.mode === 'layer') {
    return { cycles: 2 * t.B + 2 * t.L + t.C + t.E + 12, formula: '2*B + 2*L + C + E + 12', terms: t };
  }
  return { cycles: t.B + t.L + t.C + t.E + 5, formula: 'B + L + C + E + 5', terms: t };
}
