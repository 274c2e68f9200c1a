/**
 * Golden model of the format converter (the Verilog twin lives in templates/operators/): RNE
 * conversion of a bit pattern of format fi into format fo; NaN -> fo's canonical NaN, ±inf and
 * ±0 keep their sign, overflow -> ±inf, gradual underflow.
 */
import { canonicalNaN, encode, pow2, roundPair, type FloatFormat } from '../format/float-format.ts';
import { cornerValues } from '../format/random.ts';
import { roundToFormat, unpack } from '../format/round.ts';

/** RNE conversion of `a` (format fi) into fo. */
export function fpConvert(fi: FloatFormat, a: number, fo: FloatFormat): number {
  const M = fi.manBits;
  const m2 = pow2(M);
  const e2 = pow2(fi.expBits);
  let ef = Math.floor(a / m2);
  let A = a - ef * m2;
  let sign = 0;
  if (ef >= e2) {
    ef -= e2;
    sign = 1;
  }
  if (ef === e2 - 1) {
    if (A !== 0) return canonicalNaN(fo);
    return (sign ? pow2(fo.expBits + fo.manBits) : 0) + (pow2(fo.expBits) - 1) * pow2(fo.manBits);
  }
  if (ef === 0) ef = 1;
  else A += m2;
  return roundPair(fo, sign, A, 0, ef - fi.bias - M); // A = 0 gives a signed zero
}

/** The BigInt reference. */
export function fpConvertReference(fi: FloatFormat, a: number, fo: FloatFormat): number {
  return roundToFormat(fo, unpack(fi, a));
}

/**
 * Operands (patterns of fi) for tests of fi -> fo (fo defaults to fi): the corner values of fi,
 * fo's limits as far as fi can hold them (largest finite, the tie at the overflow threshold,
 * just above it, the smallest normal and subnormal, half the smallest subnormal, ...), values
 * that tie in fo in both directions, and fi's own extremes (which may overflow or underflow
 * in fo). Values fi cannot hold exactly are rounded into fi, so the list is valid for any pair.
 */
export function convertCornerCases(fi: FloatFormat, fo: FloatFormat = fi): number[] {
  const Mo = fo.manBits;
  const ulp = pow2(-Mo);
  const emin = 1 - fo.bias;
  const emax = fo.bias;
  const minSub = pow2(emin - Mo);
  const values = [
    (2 - ulp) * pow2(emax), // max finite
    (2 - ulp / 2) * pow2(emax), // max + ulp/2: tie -> inf
    (2 - ulp / 4) * pow2(emax), // max + 3ulp/4: inf
    (2 - (3 * ulp) / 4) * pow2(emax), // max + ulp/4: max
    (2 - (3 * ulp) / 2) * pow2(emax), // max - ulp/2: tie -> max - ulp (even)
    pow2(emax + 1),
    pow2(emin), // smallest normal
    pow2(emin) - minSub / 2, // largest subnormal + half: tie -> smallest normal
    pow2(emin) + minSub / 2, // tie -> smallest normal
    minSub,
    minSub / 2, // tie -> 0
    minSub * 0.75, // -> minSub
    minSub / 4, // -> 0
    minSub * 1.5, // tie -> 2 minSub
    minSub * 2.5, // tie -> 2 minSub
    1 + ulp / 2, // tie -> 1
    1 + 1.5 * ulp, // tie -> 1 + 2ulp
    1 + ulp / 4,
    1 + 0.75 * ulp,
    2 - ulp / 2, // tie -> 2
    1 - ulp / 4, // tie -> 1
    (2 - pow2(-fi.manBits)) * pow2(fi.bias), // fi's max
    pow2(1 - fi.bias), // fi's smallest normal
    pow2(1 - fi.bias - fi.manBits), // fi's smallest subnormal
  ];
  const s = pow2(fi.expBits + fi.manBits);
  const out = cornerValues(fi);
  for (const v of values) {
    const bits = encode(fi, v);
    out.push(bits, bits + s);
  }
  return [...new Set(out)];
}
