/**
 * Reference results for accuracy measurements (not bit-exact models of any hardware):
 * - `referenceNormalise`: x / ||x|| in float64 (squares of every accepted input format are exact
 *   in binary64 up to fp32-sized significands; the sum carries a relative error below d*2^-53),
 *   then correctly rounded into the I/O format: the "exactly rounded" result the ulp errors are
 *   measured against.
 * - `ulpDistance`: distance between two bit patterns of a format in units in the last place,
 *   counting across zero and through the subnormals.
 */
import { type FloatFormat, classify, decode, encode } from '../format/float-format.ts';

export function referenceNormalise(fmt: FloatFormat, x: readonly number[]): number[] {
  const xs = x.map((w) => decode(fmt, w));
  let sum = 0;
  for (const v of xs) sum += v * v;
  const norm = Math.sqrt(sum);
  return xs.map((v) => encode(fmt, v / norm));
}

/** Signed ordinal of a finite bit pattern: consecutive values differ by one. */
function ordinal(fmt: FloatFormat, bits: number): number {
  const signBit = 2 ** (fmt.width - 1);
  return bits >= signBit ? -(bits - signBit) : bits;
}

/** |a - b| in ulps of `fmt`; Infinity when either is NaN or infinite (and they differ). */
export function ulpDistance(fmt: FloatFormat, a: number, b: number): number {
  if (a === b) return 0;
  const ca = classify(fmt, a);
  const cb = classify(fmt, b);
  if (ca === 'nan' || cb === 'nan' || ca === 'inf' || cb === 'inf') return Infinity;
  return Math.abs(ordinal(fmt, a) - ordinal(fmt, b));
}
