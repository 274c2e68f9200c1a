/**
 * The high-precision reference of the accuracy study: y = x / ||x||, each element correctly
 * rounded (RNE) into the I/O format, for any eXmY format and any d.
 *
 * Exact part: every finite input is x_i = A_i * 2^q with A_i an integer and q = 1 - bias - M
 * (the quantum of the smallest subnormal), so S = sum A_i^2 is an exact BigInt and
 * x_i / ||x|| = A_i / sqrt(S) (the powers of two cancel).
 *
 * Fast path (Ziv's strategy): y_i ~ A_i * (1/sqrt(S)) in binary64 from a 104-bit truncation of S
 * (four correctly rounded operations: relative error below 3.6 * 2^-53 < 2^-51). The element is
 * rounded at both ends of the interval yhat * (1 +- 2^-50), which contains the exact value; when
 * both ends round to the same pattern, that pattern is the correctly rounded result (rounding is
 * monotone). Otherwise (rare: the exact value is within 2^-50 of a rounding boundary) the exact
 * path decides: N = floor(sqrt(A_i^2 * 4^k / S)) by an integer square root with at least M + 3
 * bits, a sticky bit from N^2 * S == A_i^2 * 4^k, and one rounding (round.ts).
 *
 * Non-finite inputs (NaN, infinity) or an all-zero vector have no norm: the reference returns
 * the macro's policy (every output NaN; signed zeros), and `finite` tells the study to skip them.
 */
import { type FloatFormat, canonicalNaN, classify, ilogb, pow2, roundPair } from '../format/float-format.ts';
import { roundToFormat } from '../format/round.ts';

export interface ExactReference {
  /** Correctly rounded x_i / ||x||, bit patterns of the I/O format. */
  bits: number[];
  /** x_i / ||x|| before rounding, as binary64 (relative error below 2^-51; 0 below the binary64 range). */
  value: Float64Array;
  /** False when the vector holds a NaN or an infinity, or is all zeros (no norm). */
  finite: boolean;
  /** Elements decided by the exact BigInt path. */
  exactPath: number;
}

/** Number of bits of x > 0. */
function bitLength(x: bigint): number {
  const approx = Number(x);
  if (approx < 1e300) {
    const l = ilogb(approx);
    return (x >> BigInt(l)) === 0n ? l : l + 1;
  }
  return x.toString(2).length;
}

/** floor(sqrt(n)) for n >= 0. */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('isqrt of a negative number');
  if (n < 2n) return n;
  const len = bitLength(n);
  // initial guess from binary64, above the root, then Newton downwards
  const shift = len > 1000 ? BigInt((len - 900) & ~1) : 0n;
  let x = (BigInt(Math.ceil(Math.sqrt(Number(n >> shift)) * (1 + 2 ** -40))) + 1n) << (shift / 2n);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > n) x -= 1n;
  while ((x + 1n) * (x + 1n) <= n) x += 1n;
  return x;
}

/** RNE of v * 2^e into fmt, v a positive normal binary64 (exact decomposition, one rounding). */
function roundScaled(fmt: FloatFormat, sign: number, v: number, e: number): number {
  const l = ilogb(v);
  return roundPair(fmt, sign, v * pow2(52 - l), 0, l - 52 + e);
}

interface Significands {
  /** Integer significand of x_i (0 for a zero). */
  sig: number[];
  /** x_i = (-1)^neg_i * sig_i * 2^(q + shift_i), q = 1 - bias - M. */
  shift: number[];
  neg: boolean[];
}

/** Splits every element into sign, integer significand and exponent; undefined if any is NaN or infinite. */
function significands(fmt: FloatFormat, x: readonly number[]): Significands | undefined {
  const M = fmt.manBits;
  const m2 = pow2(M);
  const e2 = pow2(fmt.expBits);
  const d = x.length;
  const sig: number[] = new Array(d);
  const shift: number[] = new Array(d);
  const neg: boolean[] = new Array(d);
  for (let i = 0; i < d; i++) {
    const w = x[i]!;
    let ef = Math.floor(w / m2);
    const man = w - ef * m2;
    neg[i] = ef >= e2;
    if (ef >= e2) ef -= e2;
    if (ef === e2 - 1) return undefined;
    sig[i] = ef === 0 ? man : man + m2;
    shift[i] = ef === 0 ? 0 : ef - 1;
  }
  return { sig, shift, neg };
}

/** A_i = sig_i * 2^shift_i as a BigInt. */
function bigA(p: Significands, i: number): bigint {
  return BigInt(p.sig[i]!) << BigInt(p.shift[i]!);
}

/**
 * S = sum A_i^2 exactly. Squares of significands below 2^26 are exact in binary64: they are
 * summed per exponent in doubles while the sum stays below 2^53, then flushed into a BigInt.
 */
function sumOfSquaresExact(fmt: FloatFormat, p: Significands): bigint {
  const d = p.sig.length;
  if (fmt.manBits + 1 > 26) {
    let S = 0n;
    for (let i = 0; i < d; i++) if (p.sig[i] !== 0) { const A = bigA(p, i); S += A * A; }
    return S;
  }
  const acc = new Map<number, number>();
  const big = new Map<number, bigint>();
  const limit = 2 ** 53 - 2 ** 52; // acc + one more square stays below 2^53
  for (let i = 0; i < d; i++) {
    const s = p.sig[i]!;
    if (s === 0) continue;
    const k = p.shift[i]!;
    const a = (acc.get(k) ?? 0) + s * s;
    if (a >= limit) {
      big.set(k, (big.get(k) ?? 0n) + BigInt(a));
      acc.set(k, 0);
    } else {
      acc.set(k, a);
    }
  }
  let S = 0n;
  for (const [k, a] of acc) S += (BigInt(a) + (big.get(k) ?? 0n)) << BigInt(2 * k);
  for (const [k, b] of big) if (!acc.has(k)) S += b << BigInt(2 * k);
  return S;
}

/** The exact (BigInt) correctly rounded |A| / sqrt(S) with the given sign. */
function exactElement(fmt: FloatFormat, negative: boolean, A: bigint, S: bigint, sBits: number): number {
  const sign = negative ? 1 : 0;
  if (A === 0n) return sign ? pow2(fmt.expBits + fmt.manBits) : 0;
  // v = A / sqrt(S) <= 1; N = floor(v * 2^k) gets at least M + 3 bits
  const k = Math.max(0, fmt.manBits + 5 + Math.ceil(sBits / 2) - bitLength(A));
  const num = (A * A) << BigInt(2 * k);
  const N = isqrt(num / S);
  const sticky = N * N * S === num ? 0n : 1n;
  return roundToFormat(fmt, { kind: 'finite', sign, sig: 2n * N + sticky, exp: -k - 1 });
}

/** The correctly rounded x / ||x|| in fmt (and the unrounded values); see the file comment. */
export function exactReference(fmt: FloatFormat, x: readonly number[]): ExactReference {
  const d = x.length;
  const value = new Float64Array(d);
  const p = significands(fmt, x);
  if (!p) return { bits: new Array(d).fill(canonicalNaN(fmt)), value: value.fill(NaN), finite: false, exactPath: 0 };
  const { sig, shift, neg } = p;
  const S = sumOfSquaresExact(fmt, p);
  const signBitValue = pow2(fmt.expBits + fmt.manBits);
  if (S === 0n) {
    return { bits: neg.map((n) => (n ? signBitValue : 0)), value, finite: false, exactPath: 0 };
  }
  const sBits = bitLength(S);
  let t = Math.max(0, sBits - 104);
  if (t % 2 === 1) t += 1;
  const inv = 1 / Math.sqrt(Number(S >> BigInt(t)));
  const bits: number[] = new Array(d);
  let exactPath = 0;
  const lo = 1 - 2 ** -50;
  const hi = 1 + 2 ** -50;
  for (let i = 0; i < d; i++) {
    const sign = neg[i] ? 1 : 0;
    if (sig[i] === 0) {
      bits[i] = sign ? signBitValue : 0;
      value[i] = sign ? -0 : 0;
      continue;
    }
    // x_i / ||x|| = sig_i * 2^shift_i / (sqrt(S >> t) * 2^(t/2))
    const yh = sig[i]! * inv;
    const e = shift[i]! - t / 2;
    const r1 = roundScaled(fmt, sign, yh * lo, e);
    const r2 = roundScaled(fmt, sign, yh * hi, e);
    if (r1 === r2) {
      bits[i] = r1;
    } else {
      bits[i] = exactElement(fmt, neg[i]!, bigA(p, i), S, sBits);
      exactPath++;
    }
    const l = ilogb(yh); // |value| = (yh * 2^-l) * 2^(l + e) with l + e <= 0
    const v = yh * pow2(-l) * pow2(Math.max(-1100, l + e));
    value[i] = sign ? -v : v;
  }
  return { bits, value, finite: true, exactPath };
}

/** Every element by the exact BigInt path (slow; the test oracle of the fast path). */
export function exactReferenceSlow(fmt: FloatFormat, x: readonly number[]): number[] {
  const p = significands(fmt, x);
  if (!p) return new Array(x.length).fill(canonicalNaN(fmt));
  let S = 0n;
  const a = p.sig.map((_, i) => bigA(p, i));
  for (const A of a) S += A * A;
  if (S === 0n) return p.neg.map((n) => (n ? pow2(fmt.expBits + fmt.manBits) : 0));
  const sBits = bitLength(S);
  return a.map((A, i) => exactElement(fmt, p.neg[i]!, A, S, sBits));
}

/** True when every element is finite (no NaN, no infinity). */
export function allFinite(fmt: FloatFormat, x: readonly number[]): boolean {
  for (const w of x) {
    const c = classify(fmt, w);
    if (c === 'nan' || c === 'inf') return false;
  }
  return true;
}
