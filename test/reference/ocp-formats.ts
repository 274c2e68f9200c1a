/**
 * Independent encoders of the quantised output formats, written from their definitions and
 * sharing no code with generator/ (the point: a second, unrelated implementation to check the
 * golden model against). Values of a code come from the textbook formula; a value is encoded
 * by searching the sorted table of a format's magnitudes, never by manipulating exponent fields.
 *
 *   fp8e4m3  OCP E4M3 ("e4m3fn"): bias 7, no infinity, NaN only S.1111.111, largest 448
 *   fp8e5m2  OCP E5M2: bias 15, IEEE infinities and NaNs, largest finite 57344
 *   fp6e3m2  bias 3, all codes finite, largest 28
 *   fp6e2m3  bias 1, all codes finite, largest 7.5
 *   fp4e2m1  bias 1, all codes finite, largest 6
 *   int8     two's complement byte
 *   E8M0     OCP MX block scale: 2^(byte - 127), byte 0xff is NaN
 *
 * Every quantiser here saturates (a magnitude beyond the largest finite one becomes the largest)
 * and rounds to nearest, ties to the even code (mantissa LSB 0; for integers the even integer).
 */

export type ElementName = 'fp8e4m3' | 'fp8e5m2' | 'fp6e3m2' | 'fp6e2m3' | 'fp4e2m1';

export interface ElementFormat {
  readonly name: ElementName;
  readonly width: number;
  readonly exp: number;
  readonly man: number;
  readonly bias: number;
  /** floor(log2(largest finite magnitude)): the OCP MX "emax" of the element type. */
  readonly emax: number;
  /** Sorted finite non-negative magnitudes; index = the code without its sign bit. */
  readonly magnitudes: readonly number[];
}

const SPECS: Record<ElementName, [exp: number, man: number]> = {
  fp8e4m3: [4, 3],
  fp8e5m2: [5, 2],
  fp6e3m2: [3, 2],
  fp6e2m3: [2, 3],
  fp4e2m1: [2, 1],
};

/** The value of a code by the formula (NaN and infinities where the format has them). */
export function decodeElement(f: ElementFormat, code: number): number {
  const neg = code >= 2 ** (f.width - 1);
  const mag = neg ? code - 2 ** (f.width - 1) : code;
  const ef = Math.floor(mag / 2 ** f.man);
  const mf = mag % 2 ** f.man;
  const top = 2 ** f.exp - 1;
  let v: number;
  if (f.name === 'fp8e4m3' && ef === top && mf === 2 ** f.man - 1) v = NaN;
  else if (f.name === 'fp8e5m2' && ef === top) v = mf === 0 ? Infinity : NaN;
  else if (ef === 0) v = mf * 2 ** (1 - f.bias - f.man);
  else v = (1 + mf / 2 ** f.man) * 2 ** (ef - f.bias);
  return neg ? -v : v;
}

const CACHE = new Map<ElementName, ElementFormat>();

export function elementFormat(name: ElementName): ElementFormat {
  const hit = CACHE.get(name);
  if (hit) return hit;
  const [exp, man] = SPECS[name];
  const width = 1 + exp + man;
  const shell = { name, width, exp, man, bias: 2 ** (exp - 1) - 1, emax: 0, magnitudes: [] as number[] };
  const magnitudes: number[] = [];
  for (let c = 0; c < 2 ** (width - 1); c++) {
    const v = decodeElement(shell, c);
    if (!Number.isFinite(v)) break; // the specials sit at the top of the code range
    magnitudes.push(v);
  }
  const f: ElementFormat = { ...shell, magnitudes, emax: floorLog2(magnitudes[magnitudes.length - 1]!) };
  CACHE.set(name, f);
  return f;
}

/** floor(log2(a)) for a finite a > 0, exact (Math.log2 corrected by exact powers of two). */
export function floorLog2(a: number): number {
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return e;
}

/** Round half to even to an integer. */
export function roundHalfEven(q: number): number {
  const f = Math.floor(q);
  const frac = q - f;
  if (frac > 0.5) return f + 1;
  if (frac < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** The code of v: saturated to the largest finite magnitude, nearest, ties to the even code. */
export function quantiseElement(f: ElementFormat, v: number): number {
  if (Number.isNaN(v)) throw new RangeError('NaN has no saturating encoding here');
  const neg = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  const m = f.magnitudes;
  let code: number;
  if (a >= m[m.length - 1]!) code = m.length - 1;
  else {
    let lo = 0;
    let hi = m.length - 1; // m[lo] <= a < m[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (m[mid]! <= a) lo = mid;
      else hi = mid;
    }
    const below = a - m[lo]!;
    const above = m[hi]! - a;
    code = below < above ? lo : below > above ? hi : lo % 2 === 0 ? lo : hi;
  }
  return neg ? code + 2 ** (f.width - 1) : code;
}

/** int8 by round half to even, then clamped to [lo, 127] (the CUDA cvt.rni.sat.s8 has lo = -128). */
export function quantiseInt8(v: number, lo = -128): number {
  return Math.min(127, Math.max(lo, roundHalfEven(v)));
}

/** The two's complement byte of an int8 value (what a results file holds). */
export function int8Byte(q: number): number {
  return q < 0 ? q + 256 : q;
}

// ---------------------------------------------------------------------------------------------
// OCP Microscaling v1.0: blocks of 32, an E8M0 scale per block.

export type MxElement = ElementName | 'int8';

/** emax of an MX element type: floor(log2 of its largest magnitude); MXINT8 (1.111111b) has 0. */
export function mxEmax(elem: MxElement): number {
  return elem === 'int8' ? 0 : elementFormat(elem).emax;
}

/** The shared exponent X = floor(log2(max |v|)) - emax, clamped to -127..127 (max 0 gives -127). */
export function mxSharedExponent(maxAbs: number, elem: MxElement): number {
  if (maxAbs === 0) return -127;
  return Math.min(127, Math.max(-127, floorLog2(maxAbs) - mxEmax(elem)));
}

/** The E8M0 byte of 2^X. */
export function e8m0Byte(x: number): number {
  return x + 127;
}

/** The value of an E8M0 byte (0xff: NaN). */
export function e8m0Value(byte: number): number {
  return byte === 255 ? NaN : 2 ** (byte - 127);
}

export interface MxBlocks {
  /** One E8M0 byte per block. */
  scales: number[];
  /** One code per element (fp: the element format's code; int8: the two's complement byte). */
  codes: number[];
}

/**
 * MX quantisation of one vector: consecutive blocks of `block` elements (the last may be
 * shorter), X from the block's largest magnitude, elements v / 2^X rounded to nearest even and
 * saturated (MXINT8: an integer count of 2^-6, saturated to +-127, symmetric as OCP's MXINT8).
 */
export function mxQuantise(elem: MxElement, values: readonly number[], block = 32): MxBlocks {
  const scales: number[] = [];
  const codes: number[] = [];
  for (let start = 0; start < values.length; start += block) {
    const part = values.slice(start, start + block);
    const x = mxSharedExponent(Math.max(...part.map(Math.abs)), elem);
    scales.push(e8m0Byte(x));
    for (const v of part) {
      const scaled = v / 2 ** x; // exact: a power of two within the double range
      codes.push(elem === 'int8' ? int8Byte(quantiseInt8(scaled * 64, -127)) : quantiseElement(elementFormat(elem), scaled));
    }
  }
  return { scales, codes };
}

/** The value an MX code stands for, given its block's E8M0 byte. */
export function mxValue(elem: MxElement, code: number, scaleByte: number): number {
  const v = elem === 'int8' ? (code >= 128 ? code - 256 : code) / 64 : decodeElement(elementFormat(elem), code);
  return v * e8m0Value(scaleByte);
}
