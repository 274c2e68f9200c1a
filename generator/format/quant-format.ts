/**
 * The narrow formats of quantised outputs (--out-format) and their scales: element formats of
 * 8, 6 and 4 bits that saturate instead of overflowing, and E8M0, the power-of-two block scale
 * of OCP Microscaling (MX) v1.0.
 *
 *   fp8e4m3   OCP e4m3fn: bias 7, no infinity, exponent 1111 is a normal binade except the
 *             NaN patterns s.1111.111 (0x7f, 0xff); largest 1.75 * 2^8 = 448
 *   fp8e5m2   IEEE-like: bias 15, infinity and NaN at exponent 11111; largest 1.75 * 2^15 = 57344
 *   fp6e3m2   bias 3, no infinity or NaN; largest 1.75 * 2^4 = 28
 *   fp6e2m3   bias 1, no infinity or NaN; largest 1.875 * 2^2 = 7.5
 *   fp4e2m1   bias 1, no infinity or NaN; largest 1.5 * 2^2 = 6
 *   int8      two's complement, used symmetrically: -127..127 (-128 is never written)
 *   mxint8    the MX integer element: int8 codes worth code * 2^-6 (largest 127/64)
 *
 * The quantisers hand `quantizeExact` exact values (a product of significands, or a value
 * times a power of two), so the one rounding is the element format's.
 */
import { pow2 } from './float-format.ts';
import { type Unrounded, fromNumber } from './round.ts';

export interface ElementFormat {
  readonly name: string;
  readonly kind: 'float' | 'int';
  /** Bits of a code. */
  readonly width: number;
  /** float: exponent and stored mantissa bits, bias. int: 0, 0, 0. */
  readonly expBits: number;
  readonly manBits: number;
  readonly bias: number;
  /** Code of the largest positive value (float: sign clear; int: 127). */
  readonly maxCode: number;
  /** The largest magnitude (448, 57344, 28, 7.5, 6, 127, 127/64). */
  readonly maxValue: number;
  /** floor(log2(maxValue)): emax of the OCP MX scale rule (8, 15, 4, 2, 2, 6, 0). */
  readonly emax: number;
  /** Positive NaN code, or null for a format without NaN. */
  readonly nanCode: number | null;
  /** int: a code is worth code * 2^intExp (int8 0, mxint8 -6). */
  readonly intExp: number;
}

function floatElement(name: string, expBits: number, manBits: number, maxCode: number, nanCode: number | null): ElementFormat {
  const bias = 2 ** (expBits - 1) - 1;
  const ef = Math.floor(maxCode / 2 ** manBits);
  const man = maxCode % 2 ** manBits;
  const maxValue = (1 + man / 2 ** manBits) * 2 ** (ef - bias);
  return Object.freeze({ name, kind: 'float', width: 1 + expBits + manBits, expBits, manBits, bias, maxCode, maxValue, emax: ef - bias, nanCode, intExp: 0 });
}

function intElement(name: string, intExp: number): ElementFormat {
  const maxValue = 127 * 2 ** intExp;
  return Object.freeze({ name, kind: 'int', width: 8, expBits: 0, manBits: 0, bias: 0, maxCode: 127, maxValue, emax: Math.floor(Math.log2(maxValue)), nanCode: null, intExp });
}

export const FP8E4M3 = floatElement('fp8e4m3', 4, 3, 0x7e, 0x7f);
export const FP8E5M2 = floatElement('fp8e5m2', 5, 2, 0x7b, 0x7e);
export const FP6E3M2 = floatElement('fp6e3m2', 3, 2, 0x1f, null);
export const FP6E2M3 = floatElement('fp6e2m3', 2, 3, 0x1f, null);
export const FP4E2M1 = floatElement('fp4e2m1', 2, 1, 0x7, null);
export const INT8 = intElement('int8', 0);
export const MXINT8 = intElement('mxint8', -6);

/** The sign bit of a code (2^(width-1)). */
export function elementSignBit(f: ElementFormat): number {
  return pow2(f.width - 1);
}

/**
 * sat(RNE(v)) as a code of a double: round to nearest, ties to even, gradual underflow, then
 * saturation to +-maxValue (infinities too). A zero keeps its sign in a float element (-0 is the
 * sign bit alone); an int element has one zero. NaN: the NaN code, or 0 in a format without NaN.
 */
export function quantizeElement(f: ElementFormat, v: number): number {
  return quantizeExact(f, fromNumber(v));
}

/**
 * sat(RNE(u)) of an exact value (BigInt significand, any width): the one rounder of the
 * quantiser's model, for doubles and for products wider than a double holds.
 */
export function quantizeExact(f: ElementFormat, u: Unrounded): number {
  if (u.kind === 'nan') return f.nanCode ?? 0;
  const neg = u.sign === 1;
  const signed = (code: number) => (f.kind === 'int' ? (neg && code !== 0 ? 256 - code : code) : neg ? elementSignBit(f) + code : code);
  if (u.kind === 'inf') return signed(f.maxCode);
  if (u.kind === 'zero' || u.sig === 0n) return signed(0);
  const L = u.sig.toString(2).length - 1; // u in [2^(L+exp), 2^(L+exp+1))
  const ex = L + u.exp;
  if (ex > f.emax) return signed(f.maxCode);
  const eq = Math.max(ex, 1 - f.bias);
  const qe = f.kind === 'int' ? f.intExp : eq - f.manBits; // the quantum 2^qe
  const shift = qe - u.exp;
  let n: bigint;
  if (shift <= 0) n = u.sig << BigInt(-shift);
  else {
    const s = BigInt(shift);
    n = u.sig >> s;
    const rem = u.sig - (n << s);
    const half = 1n << (s - 1n);
    if (rem > half || (rem === half && (n & 1n) === 1n)) n += 1n;
  }
  // float: a carry out of n moves into the exponent field, as in the IEEE layout
  const code = f.kind === 'int' ? Number(n) : (eq + f.bias - 1) * pow2(f.manBits) + Number(n);
  return signed(Math.min(code, f.maxCode));
}

/** The value of a code (NaN for a NaN code). */
export function decodeElement(f: ElementFormat, code: number): number {
  const s = elementSignBit(f);
  if (f.kind === 'int') return (code >= 128 ? code - 256 : code) * pow2(f.intExp);
  const neg = code >= s;
  const mag = neg ? code - s : code;
  if (f.nanCode !== null && mag >= f.nanCode) return NaN;
  const m2 = pow2(f.manBits);
  const ef = Math.floor(mag / m2);
  const man = mag - ef * m2;
  const v = ef === 0 ? man * pow2(1 - f.bias - f.manBits) : (m2 + man) * pow2(ef - f.bias - f.manBits);
  return neg ? -v : v;
}

// ---------------------------------------------------------------------------------------------
// E8M0: 2^(code - 127) for codes 0..254, NaN at 255.

export const E8M0_NAN = 0xff;
export const E8M0_MIN_EXP = -127;
export const E8M0_MAX_EXP = 127;

/** The E8M0 code of 2^x for an integer x, clamped to -127..127. */
export function e8m0Code(x: number): number {
  return Math.min(Math.max(x, E8M0_MIN_EXP), E8M0_MAX_EXP) + 127;
}

/** The scale of an E8M0 code (NaN for 0xff). */
export function e8m0Value(code: number): number {
  return code === E8M0_NAN ? NaN : pow2(code - 127);
}

// ---------------------------------------------------------------------------------------------
// The output formats as the options name them.

/** Per-vector scaled formats (with --out-scale) and their Qmax. */
export const SCALED_FORMATS = { fp8e4m3: FP8E4M3, fp8e5m2: FP8E5M2, int8: INT8 } as const;
/** MX formats: their element format; a block is MX_BLOCK consecutive elements. */
export const MX_FORMATS = { mxfp8e4m3: FP8E4M3, mxfp8e5m2: FP8E5M2, mxfp6e3m2: FP6E3M2, mxfp6e2m3: FP6E2M3, mxfp4: FP4E2M1, mxint8: MXINT8 } as const;
export const MX_BLOCK = 32;
export const OUT_FORMAT_NAMES = [...Object.keys(SCALED_FORMATS), ...Object.keys(MX_FORMATS)] as const;

export type OutFormat =
  | { readonly name: string; readonly kind: 'scaled'; readonly element: ElementFormat }
  | { readonly name: string; readonly kind: 'mx'; readonly element: ElementFormat };

/** The output format of a name, or undefined for a name that is not one. */
export function outFormatOf(name: string): OutFormat | undefined {
  const lower = name.toLowerCase();
  if (lower in SCALED_FORMATS) return { name: lower, kind: 'scaled', element: SCALED_FORMATS[lower as keyof typeof SCALED_FORMATS] };
  if (lower in MX_FORMATS) return { name: lower, kind: 'mx', element: MX_FORMATS[lower as keyof typeof MX_FORMATS] };
  return undefined;
}

/** Hex digits of a code in a results file: 2 for 8- and 6-bit codes, 1 for 4-bit codes. */
export function elementHexDigits(f: ElementFormat): number {
  return Math.ceil(f.width / 4);
}
