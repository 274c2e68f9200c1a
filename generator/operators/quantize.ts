/**
 * Golden model of the output quantiser (--out-format; docs/quantize.md): the unit's outputs y,
 * bit patterns of the format `fy` they reach the quantiser in (the internal format), become
 * codes of a narrow element format and a scale.
 *
 *   per-vector scale (fp8e4m3, fp8e5m2, int8), Qmax = the element's largest magnitude:
 *     dynamic  s = max(RNE_fp32(max_i |y_i| / Qmax), 2^-126)
 *     static   s = the fp32 value written through the parameter port
 *     r = RNE_fp32(1 / s);   q_i = sat(RNE_elem(y_i * r))          (one rounding of the exact product)
 *   MX (OCP Microscaling v1.0), per block of 32 consecutive elements (the last may be shorter):
 *     X = clamp(floor(log2(max |y| of the block)) - emax(elem), -127, 127)
 *     q_i = sat(RNE_elem(y_i * 2^-X))                               (exact scaling, one rounding)
 *   a zero block: X = -127 (E8M0 0x00) and signed zeros; a block (MX) or vector (per-vector scale)
 *   holding a NaN or an infinity: scale NaN (E8M0 0xff, fp32 0x7fc00000) and every element the
 *   format's NaN code, or 0 where it has none.
 *
 * Products and quotients are exact (BigInt significands, round.ts) and rounded once; only
 * 1 / s goes through a double, correctly: 1 and s are fp32 values, and rounding a quotient of
 * 24-bit operands first to 53 bits and then to 24 is innocuous (53 >= 2*24 + 2).
 */
import { FP32, canonicalNaN, decode, encode, ilogb, pow2, type FloatFormat } from '../format/float-format.ts';
import { type ElementFormat, E8M0_NAN, MX_BLOCK, e8m0Code, quantizeExact } from '../format/quant-format.ts';
import { type Unrounded, mulExact, roundToFormat, unpack } from '../format/round.ts';

/** The smallest scale a dynamic vector gets (keeps 1/s finite in fp32): 2^-126, fp32's smallest normal. */
export const MIN_DYNAMIC_SCALE = pow2(-126);

export interface Quantized {
  /** One code per element. */
  readonly codes: number[];
  /** fp32 pattern of s (one), or one E8M0 code per block of 32. */
  readonly scales: number[];
}

const NAN: Unrounded = { kind: 'nan' };

/** max |y_i| (exact, a double: every value of an accepted format is one), or NaN when one is NaN or infinite. */
function maxMagnitude(fy: FloatFormat, y: readonly number[]): number {
  let m = 0;
  for (const bits of y) {
    const a = Math.abs(decode(fy, bits));
    if (!Number.isFinite(a)) return NaN;
    if (a > m) m = a;
  }
  return m;
}

/** RNE_fp32(m / q) for m >= 0 and an integer q > 0, from the exact quotient (a sticky bit below 64 quotient bits). */
function divideToFp32(m: number, q: number): number {
  const u = fromDouble(m);
  if (u.kind !== 'finite') return encode(FP32, 0);
  const k = 64n;
  const num = u.sig << k;
  const quo = num / BigInt(q);
  const sticky = num - quo * BigInt(q) === 0n ? 0n : 1n;
  return roundToFormat(FP32, { kind: 'finite', sign: 0, sig: (quo << 1n) | sticky, exp: u.exp - 65 });
}

/** The exact value of a finite double >= 0 as an Unrounded (zero included). */
function fromDouble(v: number): Unrounded {
  if (v === 0) return { kind: 'zero', sign: 0 };
  const e = ilogb(v) - 52;
  return { kind: 'finite', sign: 0, sig: BigInt(v * pow2(-e)), exp: e };
}

/** The dynamic per-vector scale s (fp32 pattern) of outputs y. */
export function dynamicScale(el: ElementFormat, fy: FloatFormat, y: readonly number[]): number {
  const m = maxMagnitude(fy, y);
  if (m !== m) return canonicalNaN(FP32);
  // Qmax = 448, 57344 or 127: an integer
  const s = divideToFp32(m, el.maxValue);
  return decode(FP32, s) < MIN_DYNAMIC_SCALE ? encode(FP32, MIN_DYNAMIC_SCALE) : s;
}

/** r = RNE_fp32(1 / s), the multiplier of every element (NaN for a NaN scale). */
export function reciprocalScale(s: number): number {
  return encode(FP32, 1 / decode(FP32, s));
}

/** q_i = sat(RNE_elem(y_i * r)) under the fp32 scale s (its reciprocal r = RNE_fp32(1/s)). */
export function quantizeScaled(el: ElementFormat, fy: FloatFormat, y: readonly number[], s: number): Quantized {
  const r = reciprocalScale(s);
  const nan = decode(FP32, r) !== decode(FP32, r);
  const ru = unpack(FP32, r);
  const codes = y.map((bits) => quantizeExact(el, nan ? NAN : mulExact(unpack(fy, bits), ru)));
  return { codes, scales: [s] };
}

/** Dynamic scale, then quantisation. */
export function quantizeDynamic(el: ElementFormat, fy: FloatFormat, y: readonly number[]): Quantized {
  return quantizeScaled(el, fy, y, dynamicScale(el, fy, y));
}

/** The OCP MX v1.0 shared exponent X of one block (E8M0 code), from exact values. */
export function mxScaleCode(el: ElementFormat, blockMax: number): number {
  if (!Number.isFinite(blockMax)) return E8M0_NAN;
  if (blockMax === 0) return e8m0Code(-127);
  return e8m0Code(ilogb(blockMax) - el.emax);
}

/** MX quantisation of a vector: a scale per block of 32 consecutive elements. */
export function quantizeMx(el: ElementFormat, fy: FloatFormat, y: readonly number[]): Quantized {
  const codes: number[] = [];
  const scales: number[] = [];
  for (let start = 0; start < y.length; start += MX_BLOCK) {
    const block = y.slice(start, start + MX_BLOCK);
    const code = mxScaleCode(el, maxMagnitude(fy, block));
    scales.push(code);
    for (const bits of block) {
      const u = unpack(fy, bits);
      codes.push(quantizeExact(el, code === E8M0_NAN ? NAN : u.kind === 'finite' ? { ...u, exp: u.exp - (code - 127) } : u));
    }
  }
  return { codes, scales };
}
