/**
 * Logic-depth model of the floating-point operators, for the pipelining knob (--target-depth,
 * or --clock-period with --gate-delay): how many generic gate levels the deepest stage of an
 * operator has for given formats and pipeline registers (LAT), so that the generator can pick
 * the fewest registers that keep every stage within the target, as FloPoCo does with its
 * target frequency.
 *
 * Units: Yosys generic two-input gates after `abc -fast` (the `longest path` of `iterl2norm
 * synth`). The formulas are least-squares fits to operator depths measured with
 * `npx tsx bench/pipeline.ts --parts operators` (results in docs/results.md), plus the
 * worst residual of the fit (rounded up) so that they bound every measured point, plus
 * OPERAND_MUX levels for the operand multiplexers the top level puts in front of an operator.
 * They are estimates: `iterl2norm synth` measures the real depth, and test/synth checks that
 * the generated designs meet the targets they were generated for.
 */
import type { FloatFormat } from '../format/float-format.ts';

/** Pipeline registers inside each kind of operator (their LAT parameters). */
export interface OperatorLatency {
  /** fp_add: 0 (combinational), 1 (before the rounder), 2 (also before the leading-zero count), 3 (also inside the rounder) or 4 (also before the alignment shifter). */
  add: number;
  /** fp_mul: 0, 1 (before the rounder), 2 (also inside the rounder), 3 (also before the multiplier) or 4 (also between the partial products and their sum). */
  mul: number;
  /** fp_convert: 0, 1 (before the rounder) or 2 (also inside the rounder). */
  convert: number;
}

export const MAX_LATENCY: OperatorLatency = { add: 4, mul: 4, convert: 2 };

/**
 * The gate-level fits below were measured up to these registers; for more registers (the cut
 * inside the rounder, fp_add's cut before the shifter, fp_mul's before the multiplier) the fit of the largest measured count
 * bounds the depth (a cut never deepens a stage), so the depth knob never picks them: they are
 * for the timing-driven choice (synth/characterise.ts), which measures.
 */
const FITTED: OperatorLatency = { add: 2, mul: 1, convert: 1 };
export const COMBINATIONAL: OperatorLatency = { add: 0, mul: 0, convert: 0 };

/** Levels of operand multiplexing in front of an operator in the top level (state-selected operands). */
export const OPERAND_MUX = 6;

const lg = (x: number) => Math.log2(x);

/** Deepest stage of fp_add in format f with `lat` registers. */
export function addDepth(f: FloatFormat, lat: number): number {
  const fits = [
    [22.29, 18.13, 3.99, 6],
    [-1.94, 14.03, 2.86, 4],
    [8.37, 8.06, 1.97, 3],
  ] as const;
  const [c0, c1, c2, margin] = fits[Math.min(lat, FITTED.add)]!;
  return Math.ceil(c0 + c1 * lg(f.manBits + 5) + c2 * f.expBits + margin);
}

/** Deepest stage of fp_mul a x b -> y with `lat` registers. */
export function mulDepth(a: FloatFormat, b: FloatFormat, y: FloatFormat, lat: number): number {
  const fits = [
    [0.25, 15.37, 5.75, 4],
    [21.01, 3.32, 4.67, 6],
  ] as const;
  const [c0, c1, c2, margin] = fits[Math.min(lat, FITTED.mul)]!;
  return Math.ceil(c0 + c1 * lg(a.manBits + b.manBits + 2) + c2 * lg(y.manBits + 4) + margin);
}

/** Deepest stage of fp_convert a -> y: bounded by a multiplication by a one-bit significand. */
export function convertDepth(a: FloatFormat, y: FloatFormat, lat: number): number {
  return mulDepth(a, { ...a, manBits: 0 }, y, lat);
}
