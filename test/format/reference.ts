/**
 * Independent references for the floating-point tests: they share no code with
 * generator/format/ (values come from Math.pow formulas and sorted tables, fp32 from the
 * hardware via Float32Array).
 */

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** The fp32 bit pattern of Math.fround(x) (NaN -> whatever the engine produces). */
export function f32bits(x: number): number {
  F32[0] = x;
  return U32[0]!;
}

/** The value of an fp32 bit pattern, via the host's binary32. */
export function f32value(bits: number): number {
  U32[0] = bits;
  return F32[0]!;
}

/** Expected fp32 result bits of an exact-or-double-rounding-safe double result. */
export function f32expected(x: number): number {
  return x !== x ? 0x7fc00000 : f32bits(Math.fround(x));
}

/** The value of a small-format pattern by the textbook formula. */
export function formulaValue(E: number, M: number, bits: number): number {
  const bias = Math.pow(2, E - 1) - 1;
  const man = bits % Math.pow(2, M);
  const ef = Math.floor(bits / Math.pow(2, M)) % Math.pow(2, E);
  const neg = bits >= Math.pow(2, E + M);
  let v: number;
  if (ef === Math.pow(2, E) - 1) v = man === 0 ? Infinity : NaN;
  else if (ef === 0) v = man * Math.pow(2, 1 - bias - M);
  else v = (1 + man / Math.pow(2, M)) * Math.pow(2, ef - bias);
  return neg ? -v : v;
}

/**
 * A round-to-nearest-even encoder for a format with at most ~20 bits, by binary search in the
 * sorted table of its non-negative finite values (patterns 0 .. maxFinite are increasing).
 */
export function makeTableEncoder(E: number, M: number): (x: number) => number {
  const infPattern = (Math.pow(2, E) - 1) * Math.pow(2, M);
  const sign = Math.pow(2, E + M);
  const nan = infPattern + Math.pow(2, M - 1);
  const table = new Float64Array(infPattern + 1);
  for (let p = 0; p < infPattern; p++) table[p] = formulaValue(E, M, p);
  // the value one ulp above max finite: where overflow rounding pretends the next value lies
  const bias = Math.pow(2, E - 1) - 1;
  table[infPattern] = Math.pow(2, bias + 1);
  return (x: number) => {
    if (x !== x) return nan;
    const neg = x < 0 || Object.is(x, -0);
    const a = Math.abs(x);
    let r: number;
    if (a >= table[infPattern]!) {
      r = infPattern;
    } else {
      let lo = 0;
      let hi = infPattern; // table[lo] <= a < table[hi]
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (table[mid]! <= a) lo = mid;
        else hi = mid;
      }
      if (table[lo] === a) r = lo;
      else {
        const twice = 2 * a;
        const sum = table[lo]! + table[hi]!;
        if (twice < sum) r = lo;
        else if (twice > sum) r = hi;
        else r = lo % 2 === 0 ? lo : hi;
      }
    }
    return neg ? r + sign : r;
  };
}

/** fp32 -> bf16 by the usual integer trick: add 0x7fff plus the lsb of the kept part, shift. */
export function bf16FromF32Bits(u: number): number {
  if ((u & 0x7f800000) === 0x7f800000 && (u & 0x7fffff) !== 0) return 0x7fc0;
  return Math.floor((u + 0x7fff + (Math.floor(u / 65536) & 1)) / 65536);
}
