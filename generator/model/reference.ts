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

/**
 * float64 LayerNorm: gamma * (x - mean) / sqrt(variance + eps) + beta, with the mean computed
 * first and the variance from the centred values (two passes, no E[x^2] - E[x]^2).
 * Values, not bit patterns; gamma and beta default to 1 and 0.
 */
export function layerNormReference(xs: readonly number[], gamma?: readonly number[], beta?: readonly number[], eps = 0): number[] {
  const d = xs.length;
  const mean = xs.reduce((s, v) => s + v, 0) / d;
  const centred = xs.map((v) => v - mean);
  const variance = centred.reduce((s, v) => s + v * v, 0) / d;
  const inv = 1 / Math.sqrt(variance + eps);
  return centred.map((c, i) => (gamma ? gamma[i] : 1) * c * inv + (beta ? beta[i] : 0));
}

/** float64 RMSNorm: gamma * x / sqrt(mean(x^2) + eps) + beta (beta usually absent). */
export function rmsNormReference(xs: readonly number[], gamma?: readonly number[], beta?: readonly number[], eps = 0): number[] {
  const d = xs.length;
  const ms = xs.reduce((s, v) => s + v * v, 0) / d;
  const inv = 1 / Math.sqrt(ms + eps);
  return xs.map((v, i) => (gamma ? gamma[i] : 1) * v * inv + (beta ? beta[i] : 0));
}
