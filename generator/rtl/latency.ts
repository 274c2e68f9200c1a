/**
 * Cycle counts of the generated macro, as named formulas. The co-simulation checks every
 * vector's measured latency against `latencyCycles`, and the streaming period against
 * `periodCycles`.
 *
 *   B = ceil(d / P)   beats per vector             L = ceil(log2 P)   lane-tree levels
 *   C = scalar cycles (each micro-op 1 + its operator's registers, scalar-program.ts)
 *   E = 1 when eps > 0 (m + d*eps), else 0
 *   A, M = pipeline registers inside the adders and the multipliers (cfg.pipeline; 0 = combinational)
 *   X = registers between the store read and the output register: layer 2 + M + A (scale input,
 *       subtract mean), then the output scale M, gamma 1 + M, gamma-beta 3 + max(M, V) + A + V
 *       (V = registers inside the converters)
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
 *   line-rate engine (combinational operators; TL tree cycles, T occupancy, plan.ts):
 *     l2, rms: LATENCY = 2*B + TL + E + C + X + 4
 *       input beats B-1, square 1, accumulate 1 (the tree's registers load), tree TL, eps E, seed 1,
 *       loop C (the result enters the hand-off queue), first store read 1, output register 1 (+X),
 *       output beats B-1, accepted 1.
 *     layer:   LATENCY = 3*B + 2*TL + E + C + X + 8
 *       input beats B-1, scale + accumulate 2, sum tree TL, mean 1 (the second pass's first read on
 *       the same edge), second pass B-1 + read, scale, centre, square, accumulate 4, tree TL, eps E,
 *       seed 1, loop C, then as l2.
 *     pipelined operators (A, M registers): l2, rms 2*B + TL + (A+1)*E + C + X + M + A + 4,
 *       layer 3*B + 2*TL + (A+1)*E + C + X + 3*M + 3*A + 8 (each square, scale, centre and
 *       accumulate waits for its registers; TL includes the fold of the A+1 partial sums).
 *     every mode: PERIOD = max(B, T),  T = max(TL + (A+1)*E + 1, CS),  CS = max(C - EP*(1+M), 1)
 *       The trees and the scalar loop hold a vector for TL + E + 1 and CS cycles (EP = 1 when the
 *       sqrt(d) epilogue multiply runs in its own stage after the loop), the second
 *       pass for B; the input admits a vector's first beat max(T - B, 0) cycles after the previous
 *       one's last, so no stage is asked for two vectors at once.
 *
 *   LATENCY: from the clock edge that accepts the first input beat to the edge that accepts the
 *   last output beat, with in_valid and out_ready held high.
 *   PERIOD: edges between the first input beats of consecutive vectors when streaming: the next
 *   vector is written into the store behind the output side's read pointer, so its input
 *   overlaps the previous vector's output pass.
 */
import type { MacroConfig } from '../config.ts';

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
  return layer + scale + affine;
}

const NAMES = ['B', 'L', 'C', 'E', 'X', 'A', 'M', 'TL', 'T', 'Q'] as const;

/** The formula with its value: the general one when pipelined (A in the terms), its A = M = 0 form otherwise. */
function count(t: Record<string, number>, pipelined: string, plain: string): CycleCount {
  const formula = 'A' in t ? pipelined : plain;
  // The formula is evaluated from its text, so the number and the printed formula cannot disagree.
  const values = NAMES.map((n) => t[n] ?? 0);
  const cycles = Function(...NAMES, 'max', `return ${formula};`)(...values, Math.max) as number;
  return { cycles, formula, terms: t };
}

/** LATENCY from the plan's terms (plan.ts builds them: B, L, C, E, X; TL, T at line rate; A, M when pipelined). */
export function latencyOf(cfg: MacroConfig, t: Record<string, number>): CycleCount {
  if (cfg.runtimeLength) {
    // --d-max: Q (the mean square and eps, plan.ts) between the tree and the seed; E = 0.
    if (cfg.mode === 'l2') return count(t, '2*B + TL + C + X + M + A + 4', '2*B + TL + C + X + 4');
    return cfg.mode === 'layer'
      ? count(t, '3*B + 2*TL + Q + C + X + 3*M + 3*A + 8', '3*B + 2*TL + Q + C + X + 8')
      : count(t, '2*B + TL + Q + C + X + M + A + 4', '2*B + TL + Q + C + X + 4');
  }
  if (cfg.engine === 'linerate') {
    return cfg.mode === 'layer'
      ? count(t, '3*B + 2*TL + (A+1)*E + C + X + 3*M + 3*A + 8', '3*B + 2*TL + E + C + X + 8')
      : count(t, '2*B + TL + (A+1)*E + C + X + M + A + 4', '2*B + TL + E + C + X + 4');
  }
  return cfg.mode === 'layer'
    ? count(t, '3*B + 2*(A+1)*(L+A) + (A+1)*E + C + X + 5*M + 4*A + 12', '3*B + 2*L + C + E + X + 12')
    : count(t, '2*B + (A+1)*(L+A+E) + C + X + M + A + 5', '2*B + L + C + E + X + 5');
}

/** PERIOD from the same terms (X does not enter it). */
export function periodOf(cfg: MacroConfig, all: Record<string, number>): CycleCount {
  const { X: _x, ...t } = all;
  if (cfg.engine === 'linerate') {
    const { B, T } = t;
    return count({ B, T }, 'max(B, T)', 'max(B, T)');
  }
  return cfg.mode === 'layer'
    ? count(t, '2*B + 2*(A+1)*(L+A) + (A+1)*E + C + 5*M + 4*A + 12', '2*B + 2*L + C + E + 12')
    : count(t, 'B + (A+1)*(L+A+E) + C + M + A + 5', 'B + L + C + E + 5');
}
