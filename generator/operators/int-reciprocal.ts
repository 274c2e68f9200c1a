/**
 * RNE(1/d) for an integer d >= 1, in a floating-point format: the golden model of the
 * `_recip` hardware stage (templates/top/linerate/recip.v.hbs), which a `--d-max` macro uses to
 * turn the run-time length into the 1/d of the mean and the mean square.
 *
 * Restoring division, one quotient bit a row, as the hardware does it: d = 2^k * y with y in
 * [1, 2) (the leading one of d moved to the top), r_0 = 1, and for rows i = 0 .. M + 2:
 *   q_i = (r_i >= y),  r_i' = q_i ? r_i - y : r_i,  r_(i+1) = 2 * r_i'
 * so that 1/y = q_0 . q_1 q_2 ... exactly, with the remainder r left over. For d a power of two
 * q_0 = 1 and the rest is 0 (1/d = 2^-k exactly); otherwise q_0 = 0, q_1 = 1 and
 *   1/d = 2^-(k+1) * 1.q_2 ... q_(M+1) | guard q_(M+2) | sticky (r != 0)
 * rounded to nearest even on the guard and sticky bits. No other rounding happens, so the result
 * is the correctly rounded 1/d (test/operators/int-reciprocal.test.ts checks every d up to 2^16).
 */
import { type FloatFormat, pow2 } from '../format/float-format.ts';

/** Quotient rows of the hardware: q_0 .. q_(M+2). */
export const reciprocalRows = (fmt: FloatFormat): number => fmt.manBits + 3;

/** Bit pattern of RNE(1/d) in `fmt` (d an integer, 1 <= d <= 2^20). */
export function reciprocalOfInteger(fmt: FloatFormat, d: number): number {
  if (!Number.isInteger(d) || d < 1 || d > 2 ** 20) throw new RangeError(`reciprocalOfInteger: d must be an integer in 1..2^20 (got ${d})`);
  const M = fmt.manBits;
  const kk = 31 - Math.clz32(d);   // position of d's leading one
  // Fixed point with kk fraction bits: y = d (so y / 2^kk in [1, 2)), r_0 = 2^kk.
  const y = d;
  let r = 2 ** kk;
  const q: number[] = [];
  for (let i = 0; i < reciprocalRows(fmt); i++) {
    const bit = r >= y ? 1 : 0;
    if (bit) r -= y;
    q.push(bit);
    r *= 2;
  }
  const bias = fmt.bias;
  if (q[0] === 1) return (bias - kk) * pow2(M);   // d = 2^kk: exactly 2^-kk
  let frac = 0;
  for (let i = 2; i <= M + 1; i++) frac = frac * 2 + q[i];
  const guard = q[M + 2];
  const sticky = r !== 0;
  let exp = bias - kk - 1;
  if (guard && (sticky || frac % 2 === 1)) {
    frac += 1;
    if (frac === pow2(M)) { frac = 0; exp += 1; }
  }
  return exp * pow2(M) + frac;
}
