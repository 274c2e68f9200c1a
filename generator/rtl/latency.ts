/**
 * Cycle counts of the generated macro, as named formulas: each is an expression over the plan's
 * terms (formula.ts), from which both its printed text and its value derive. The co-simulation
 * checks every vector's measured latency against `latencyCycles`, and the streaming period
 * against `periodCycles` (with a ring of beats: against the cycle model, ring-schedule.ts).
 *
 *   B = ceil(d / P)   beats per vector             L = ceil(log2 P)   lane-tree levels
 *   C = scalar cycles (each micro-op 1 + its operator's registers, scalar-program.ts)
 *   E = 1 when eps > 0 (m + d*eps), else 0
 *   A, M = pipeline registers inside the adders and the multipliers (cfg.pipeline; 0 = combinational)
 *   X = registers between the store read and the output register: layer 2 + M + A (scale input,
 *       subtract mean), then the output scale M, gamma 1 + M, gamma-beta 3 + max(M, V) + A + V
 *       (V = registers inside the converters), and the quantiser: MX max(1, 32/P) (an MX block's
 *       beats), a static scale 1, a dynamic scale Bmax + 7 (the y buffer: s and 1/s are queued 7
 *       cycles after a vector's last beat, before its first beat leaves)
 *
 *   l2, rms:  LATENCY = 2*B + (A+1)*(L+A+E) + C + X + M + A + 5
 *             PERIOD  =   B + (A+1)*(L+A+E) + C + M + A + 5
 *     input beats B-1, square + accumulate 2 + M + A, fold the A+1 interleaved partial sums
 *     A*(A+1), tree L*(A+1), eps E*(A+1), seed 1, loop C, hand-off 1, store read + first output
 *     3 (+X), output beats B-1
 *   layer:    LATENCY = 3*B + 2*(A+1)*(L+A) + (A+1)*E + C + X + 5*M + 4*A + 12
 *             PERIOD  = 2*B + 2*(A+1)*(L+A) + (A+1)*E + C + 5*M + 4*A + 12
 *     input beats B-1, pipeline 4 + 2M + 2A, fold + tree (A+1)*(L+A), mean 1 + M, second pass
 *     over the store B, pipeline 4 + 2M + 2A, fold + tree (A+1)*(L+A), eps E*(A+1), seed 1,
 *     loop C, hand-off 1, store read + first output 3 (+X), output beats B-1
 *   With combinational operators (A = M = 0) these are 2*B + L + C + E + X + 5 and
 *   3*B + 2*L + C + E + X + 12.
 *   (These are the compact engine's: one vector at a time.)
 *
 *   The line-rate engine's cycle counts come from its stages: generator/schedule.ts.
 *
 *   LATENCY: from the clock edge that accepts the first input beat to the edge that accepts the
 *   last output beat, with in_valid and out_ready held high.
 *   PERIOD: edges between the first input beats of consecutive vectors when streaming: the next
 *   vector is written into the store behind the output side's read pointer, so its input
 *   overlaps the previous vector's output pass.
 */
import type { MacroConfig } from '../config.ts';
import { quantiseStages } from './quantize-stage.ts';
import { type Expr, type Terms, product, sum } from './formula.ts';

export interface CycleCount {
  cycles: number;
  formula: string;
  terms: Record<string, number>;
}

/** Registers between the store read (stage R) and the output register (stage O). */
export function extraOutputStages(cfg: MacroConfig): number {
  const { add: A, mul: M, convert: V } = cfg.pipeline;
  const layer = cfg.mode === 'layer' ? 2 + M + A : 0;
  const scale = M;
  const affine = cfg.affine === 'gamma' ? 1 + M : cfg.affine === 'gamma-beta' ? 3 + Math.max(M, V) + A + V : 0;
  return layer + scale + affine + quantiseStages(cfg);
}

/** (A+1): the cycles of one addition with A registers, as the formulas print it. */
const A1 = sum(['A', 1], true);

/** The general formula when pipelined (A in the terms), its A = M = 0 form otherwise, with its value. */
function count(t: Terms, pipelined: Expr, plain: Expr): CycleCount {
  const f = 'A' in t ? pipelined : plain;
  return { cycles: f.value(t), formula: f.text, terms: { ...t } };
}

/** The formulas, built once: [pipelined, plain]. */
const F = {
  compactLayer: [sum([product([3, 'B']), product([2, A1, sum(['L', 'A'], true)]), product([A1, 'E']), 'C', 'X', product([5, 'M']), product([4, 'A']), 12]), sum([product([3, 'B']), product([2, 'L']), 'C', 'E', 'X', 12])],
  compactL2: [sum([product([2, 'B']), product([A1, sum(['L', 'A', 'E'], true)]), 'C', 'X', 'M', 'A', 5]), sum([product([2, 'B']), 'L', 'C', 'E', 'X', 5])],
  compactPeriodLayer: [sum([product([2, 'B']), product([2, A1, sum(['L', 'A'], true)]), product([A1, 'E']), 'C', product([5, 'M']), product([4, 'A']), 12]), sum([product([2, 'B']), product([2, 'L']), 'C', 'E', 12])],
  compactPeriodL2: [sum(['B', product([A1, sum(['L', 'A', 'E'], true)]), 'C', 'M', 'A', 5]), sum(['B', 'L', 'C', 'E', 5])],
} satisfies Record<string, [Expr, Expr]>;

/**
 * The compact engine's LATENCY from the plan's terms (plan.ts builds them: B, L, C, E, X; A, M when
 * pipelined; R, the residual adder's registers, when there are any: every stage after the adder
 * runs R cycles later, so R adds to LATENCY and not to PERIOD).
 */
export function latencyOf(cfg: MacroConfig, t: Terms): CycleCount {
  const c = latencyWithoutResidual(cfg, t);
  return 'R' in t ? { cycles: c.cycles + t.R!, formula: `${c.formula} + R`, terms: c.terms } : c;
}

function latencyWithoutResidual(cfg: MacroConfig, t: Terms): CycleCount {
  return count(t, ...(cfg.mode === 'layer' ? F.compactLayer : F.compactL2));
}

/** The compact engine's PERIOD from the same terms (X does not enter it). */
export function periodOf(cfg: MacroConfig, all: Terms): CycleCount {
  const { X: _x, ...t } = all;
  return count(t, ...(cfg.mode === 'layer' ? F.compactPeriodLayer : F.compactPeriodL2));
}
