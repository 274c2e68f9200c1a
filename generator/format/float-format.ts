/**
 * Binary floating-point formats eXmY (IEEE 754-2008 interchange layout generalised to any
 * exponent width E in 4..11 and mantissa width M in 2..40) and exact conversions between bit
 * patterns and JS doubles.
 *
 * Bit patterns are plain non-negative integers held in a `number` (width <= 52 bits, so they
 * are exact). Nothing here uses the 32-bit JS operators on patterns; fields are split with
 * multiplication by powers of two and Math.floor.
 *
 * Every value of every accepted format is exactly representable as a binary64 double (at most
 * 41 significant bits, exponents within [-1062, 1023]), so `decode` is exact and `encode` is
 * the only place a double is rounded.
 */
import { UsageError } from '../errors.ts';

export interface FloatFormat {
  readonly name: string;
  readonly expBits: number;
  readonly manBits: number;
  readonly bias: number;
  readonly width: number;
}

export type FloatClass = 'nan' | 'inf' | 'zero' | 'subnormal' | 'normal';

export const MIN_EXP_BITS = 4;
export const MAX_EXP_BITS = 11;
export const MIN_MAN_BITS = 2;
export const MAX_MAN_BITS = 40;

// ---------------------------------------------------------------------------------------------
// Powers of two (exact, including binary64 subnormals), used instead of Math.pow on hot paths.

const POW2_OFFSET = 1100;
const POW2_TABLE = (() => {
  const t = new Float64Array(2 * POW2_OFFSET + 1);
  let v = 1;
  for (let k = 0; k <= POW2_OFFSET; k++) {
    t[POW2_OFFSET + k] = v; // becomes Infinity past 2^1023
    v *= 2;
  }
  v = 1;
  for (let k = 0; k <= POW2_OFFSET; k++) {
    t[POW2_OFFSET - k] = v; // exact down to 2^-1074, then 0
    v /= 2;
  }
  return t;
})();

/** 2^k for an integer k in [-1100, 1100] (0 below 2^-1074, Infinity above 2^1023). */
export function pow2(k: number): number {
  return POW2_TABLE[k + POW2_OFFSET]!;
}

// ---------------------------------------------------------------------------------------------
// Access to the bits of a double (little- or big-endian hosts).

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

/** floor(log2(x)) for a positive normal double x (exact; reads the exponent field). */
export function ilogb(x: number): number {
  F64[0] = x;
  return ((U32[HI]! >>> 20) & 0x7ff) - 1023;
}

// ---------------------------------------------------------------------------------------------
// Formats.

const NAMED = new Map<string, [number, number]>([
  ['fp32', [8, 23]],
  ['bf16', [8, 7]],
  ['fp16', [5, 10]],
]);
const CACHE = new Map<string, FloatFormat>();

function formatName(expBits: number, manBits: number): string {
  for (const [name, [e, m]] of NAMED) if (e === expBits && m === manBits) return name;
  return `e${expBits}m${manBits}`;
}

function checkBits(what: string, expBits: number, manBits: number): void {
  const label = `format "${what}"`;
  if (!Number.isInteger(expBits) || expBits < MIN_EXP_BITS || expBits > MAX_EXP_BITS) {
    throw new UsageError(`${label}: exponent bits must be ${MIN_EXP_BITS}..${MAX_EXP_BITS} (got ${expBits})`);
  }
  if (!Number.isInteger(manBits) || manBits < MIN_MAN_BITS || manBits > MAX_MAN_BITS) {
    throw new UsageError(`${label}: mantissa bits must be ${MIN_MAN_BITS}..${MAX_MAN_BITS} (got ${manBits})`);
  }
}

/** The format with `expBits` exponent and `manBits` stored mantissa bits (frozen, cached). */
export function makeFormat(expBits: number, manBits: number): FloatFormat {
  checkBits(`e${expBits}m${manBits}`, expBits, manBits);
  const key = `${expBits},${manBits}`;
  let fmt = CACHE.get(key);
  if (!fmt) {
    fmt = Object.freeze({
      name: formatName(expBits, manBits),
      expBits,
      manBits,
      bias: 2 ** (expBits - 1) - 1,
      width: 1 + expBits + manBits,
    });
    CACHE.set(key, fmt);
  }
  return fmt;
}

/** Parses 'fp32', 'bf16', 'fp16' or 'eXmY' (case-insensitive). */
export function parseFormat(text: string): FloatFormat {
  const lower = String(text).toLowerCase();
  const named = NAMED.get(lower);
  if (named) return makeFormat(named[0], named[1]);
  const m = /^e(\d{1,4})m(\d{1,4})$/.exec(lower);
  if (!m) {
    throw new UsageError(
      `unknown format "${text}": use fp32, bf16, fp16 or eXmY with X in ${MIN_EXP_BITS}..${MAX_EXP_BITS} and Y in ${MIN_MAN_BITS}..${MAX_MAN_BITS}`,
    );
  }
  const e = Number(m[1]);
  const y = Number(m[2]);
  checkBits(text, e, y);
  return makeFormat(e, y);
}

export const FP32: FloatFormat = makeFormat(8, 23);
export const BF16: FloatFormat = makeFormat(8, 7);
export const FP16: FloatFormat = makeFormat(5, 10);

// ---------------------------------------------------------------------------------------------
// Special patterns and limits.

/** Sign 0, exponent all ones, mantissa MSB 1, rest 0 (fp32: 0x7fc00000). */
export function canonicalNaN(fmt: FloatFormat): number {
  return (pow2(fmt.expBits) - 1) * pow2(fmt.manBits) + pow2(fmt.manBits - 1);
}

/** +infinity (sign 0, exponent all ones, mantissa 0). */
export function infBits(fmt: FloatFormat): number {
  return (pow2(fmt.expBits) - 1) * pow2(fmt.manBits);
}

/** The value of the sign bit (2^(E+M)); add it to a non-negative pattern to negate it. */
export function signBit(fmt: FloatFormat): number {
  return pow2(fmt.expBits + fmt.manBits);
}

/** The pattern with the sign bit flipped. */
export function negate(fmt: FloatFormat, bits: number): number {
  const s = pow2(fmt.expBits + fmt.manBits);
  return bits >= s ? bits - s : bits + s;
}

export function maxFinite(fmt: FloatFormat): number {
  return (pow2(fmt.manBits + 1) - 1) * pow2(fmt.bias - fmt.manBits);
}

export function minNormal(fmt: FloatFormat): number {
  return pow2(1 - fmt.bias);
}

export function minSubnormal(fmt: FloatFormat): number {
  return pow2(1 - fmt.bias - fmt.manBits);
}

/** Bit pattern of the largest finite value. */
export function maxFiniteBits(fmt: FloatFormat): number {
  return infBits(fmt) - 1;
}

// ---------------------------------------------------------------------------------------------
// Decode / classify.

export function classify(fmt: FloatFormat, bits: number): FloatClass {
  const m2 = pow2(fmt.manBits);
  const e2 = pow2(fmt.expBits);
  const hi = Math.floor(bits / m2);
  const man = bits - hi * m2;
  const ef = hi >= e2 ? hi - e2 : hi;
  if (ef === e2 - 1) return man === 0 ? 'inf' : 'nan';
  if (ef === 0) return man === 0 ? 'zero' : 'subnormal';
  return 'normal';
}

export function isNaNBits(fmt: FloatFormat, bits: number): boolean {
  const m2 = pow2(fmt.manBits);
  const inf = (pow2(fmt.expBits) - 1) * m2;
  const s = pow2(fmt.expBits + fmt.manBits);
  const mag = bits >= s ? bits - s : bits;
  return mag > inf;
}

/** The exact value of a bit pattern as a double (NaN, ±Infinity and -0 included). */
export function decode(fmt: FloatFormat, bits: number): number {
  const M = fmt.manBits;
  const m2 = pow2(M);
  const e2 = pow2(fmt.expBits);
  const hi = Math.floor(bits / m2);
  const man = bits - hi * m2;
  let ef = hi;
  let neg = false;
  if (hi >= e2) {
    ef = hi - e2;
    neg = true;
  }
  let v: number;
  if (ef === e2 - 1) v = man === 0 ? Infinity : NaN;
  else if (ef === 0) v = man * pow2(1 - fmt.bias - M);
  else v = (m2 + man) * pow2(ef - fmt.bias - M);
  return neg ? -v : v;
}

// ---------------------------------------------------------------------------------------------
// The number-based rounding core (shared by encode and the operators' fast paths).

/**
 * Rounds the exact value (-1)^sign * (hi + lo) * 2^exp to `fmt` (RNE, gradual underflow,
 * overflow to infinity) and returns the bit pattern.
 *
 * Preconditions (not checked, the callers guarantee them):
 * - hi is a non-negative integer-valued double, lo an integer-valued double, and
 *   hi = RN53(hi + lo) exactly as returned by an error-free TwoSum/TwoProduct (|lo| <= ulp(hi)/2);
 *   lo = 0 whenever hi + lo fits in 53 bits;
 * - exp is an integer (any magnitude).
 * A zero value (hi = 0) returns a zero with the given sign.
 */
export function roundPair(fmt: FloatFormat, sign: number, hi: number, lo: number, exp: number): number {
  const M = fmt.manBits;
  const E = fmt.expBits;
  const bias = fmt.bias;
  const sgn = sign ? pow2(E + M) : 0;
  if (hi === 0) return sgn;
  F64[0] = hi;
  const L = ((U32[HI]! >>> 20) & 0x7ff) - 1023; // hi in [2^L, 2^(L+1))
  const ex = L + exp; // unbiased exponent of the value
  const m2 = pow2(M);
  const inf = (pow2(E) - 1) * m2;
  if (ex > bias) return sgn + inf;
  const eq = ex < 1 - bias ? 1 - bias : ex; // exponent that fixes the quantum 2^(eq - M)
  const shift = eq - M - exp; // bits of hi below the quantum
  let n: number;
  if (shift > L + 1) {
    n = 0; // value < 2^(L+1) <= half a quantum
  } else {
    const t = hi * pow2(-shift); // exact: only the exponent changes
    n = Math.floor(t);
    const r = t - n; // exact fractional part
    if (r > 0.5 || (r === 0.5 && (lo > 0 || (lo === 0 && n % 2 === 1)))) n += 1;
  }
  const bits = (eq + bias - 1) * m2 + n; // a carry out of n moves into the exponent field
  return bits >= inf ? sgn + inf : sgn + bits;
}

/** Correctly rounded (RNE) conversion of a double into `fmt`'s bit pattern. */
export function encode(fmt: FloatFormat, x: number): number {
  if (x !== x) return canonicalNaN(fmt);
  let sign = 0;
  if (x < 0 || (x === 0 && 1 / x < 0)) {
    sign = 1;
    x = -x;
  }
  if (x === Infinity) return (sign ? pow2(fmt.expBits + fmt.manBits) : 0) + infBits(fmt);
  if (x === 0) return sign ? pow2(fmt.expBits + fmt.manBits) : 0;
  F64[0] = x;
  const hw = U32[HI]!;
  const ef = hw >>> 20;
  let sig = (hw & 0xfffff) * 4294967296 + U32[LO]!;
  let exp: number;
  if (ef === 0) {
    exp = -1074;
  } else {
    sig += 4503599627370496; // 2^52
    exp = ef - 1075;
  }
  return roundPair(fmt, sign, sig, 0, exp);
}

// ---------------------------------------------------------------------------------------------
// Hex.

/** Lower-case hex, zero-padded to ceil(width/4) digits. */
export function formatHex(fmt: FloatFormat, bits: number): string {
  return bits.toString(16).padStart(Math.ceil(fmt.width / 4), '0');
}

/** Parses a hex bit pattern (optional 0x prefix, at most ceil(width/4) digits, value < 2^width). */
export function parseHex(fmt: FloatFormat, hex: string): number {
  const digits = Math.ceil(fmt.width / 4);
  const body = /^0x/i.test(hex) ? hex.slice(2) : hex;
  if (!/^[0-9a-fA-F]+$/.test(body)) {
    throw new UsageError(`"${hex}" is not a hex ${fmt.name} bit pattern: use 1..${digits} hex digits`);
  }
  if (body.length > digits) {
    throw new UsageError(`"${hex}" is wider than ${fmt.name} (${fmt.width} bits): use at most ${digits} hex digits`);
  }
  const v = parseInt(body, 16);
  if (v >= pow2(fmt.width)) {
    throw new UsageError(`"${hex}" is wider than ${fmt.name} (${fmt.width} bits): the largest pattern is ${formatHex(fmt, pow2(fmt.width) - 1)}`);
  }
  return v;
}
