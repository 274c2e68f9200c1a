/**
 * Golden model of the floating-point multiplier (the Verilog twin lives in
 * templates/operators/): RNE_fo(a * b * 2^scale) with one rounding; a, b and the result may
 * each have their own eXmY format. 0 * inf = NaN; the sign of zero and infinite results is the
 * xor of the operand signs; every NaN result is fo's canonical NaN.
 *
 * Fast path: the product of the integer significands is exact in a double when
 * (Ma + 1) + (Mb + 1) <= 53; otherwise Dekker's TwoProduct (21-bit split, every partial product
 * exact) gives it as an exact (hi, lo) pair. The exponent is carried separately, so there is no
 * double overflow or underflow whatever the formats and `scale`. `fpMulReference` is the BigInt
 * reference (round.ts).
 */
import { UsageError } from '../errors.ts';
import { canonicalNaN, encode, ilogb, pow2, roundPair, type FloatFormat } from '../format/float-format.ts';
import { cornerValues } from '../format/random.ts';
import { isMidpoint, mulExact, roundToFormat, unpack } from '../format/round.ts';

const SPLIT = 2097152; // 2^21
const INV_SPLIT = 1 / SPLIT;

/** RNE_fo(a * b * 2^scale): a in format fa, b in fb, the result in fo; scale an integer. */
export function fpMul(fa: FloatFormat, a: number, fb: FloatFormat, b: number, fo: FloatFormat, scale = 0): number {
  if (!Number.isInteger(scale)) throw new UsageError(`fpMul: scale must be an integer (got ${scale})`);
  const Ma = fa.manBits;
  const ma2 = pow2(Ma);
  const ea2 = pow2(fa.expBits);
  let ea = Math.floor(a / ma2);
  let A = a - ea * ma2;
  let sign = 0;
  if (ea >= ea2) {
    ea -= ea2;
    sign = 1;
  }
  const Mb = fb.manBits;
  const mb2 = pow2(Mb);
  const eb2 = pow2(fb.expBits);
  let eb = Math.floor(b / mb2);
  let B = b - eb * mb2;
  if (eb >= eb2) {
    eb -= eb2;
    sign ^= 1;
  }
  const sgn = sign ? pow2(fo.expBits + fo.manBits) : 0;
  if (ea === ea2 - 1 || eb === eb2 - 1) {
    if ((ea === ea2 - 1 && A !== 0) || (eb === eb2 - 1 && B !== 0)) return canonicalNaN(fo);
    if ((ea === 0 && A === 0) || (eb === 0 && B === 0)) return canonicalNaN(fo); // 0 * inf
    return sgn + (pow2(fo.expBits) - 1) * pow2(fo.manBits);
  }
  if (ea === 0) {
    if (A === 0) return sgn;
    ea = 1;
  } else {
    A += ma2;
  }
  if (eb === 0) {
    if (B === 0) return sgn;
    eb = 1;
  } else {
    B += mb2;
  }
  const hi = A * B;
  let lo = 0;
  if (Ma + Mb > 51) {
    // Dekker TwoProduct on integers < 2^41: A*B = hi + lo exactly
    const ah = Math.floor(A * INV_SPLIT) * SPLIT;
    const al = A - ah;
    const bh = Math.floor(B * INV_SPLIT) * SPLIT;
    const bl = B - bh;
    lo = ah * bh - hi + ah * bl + al * bh + al * bl;
  }
  return roundPair(fo, sign, hi, lo, ea - fa.bias - Ma + (eb - fb.bias - Mb) + scale);
}

/** The BigInt reference: exact product, then `roundToFormat`. */
export function fpMulReference(
  fa: FloatFormat,
  a: number,
  fb: FloatFormat,
  b: number,
  fo: FloatFormat,
  scale = 0,
): number {
  return roundToFormat(fo, mulExact(unpack(fa, a), unpack(fb, b), scale));
}

/**
 * Pairs (a in fa, b in fb) whose exact product is N * 2^t (N an odd integer < 2^53), found by
 * splitting N into two factors that fit the operand precisions and t into two exponents in
 * range. Tries at most `limit` odd divisors and returns up to two factorisations.
 */
function productPairs(fa: FloatFormat, fb: FloatFormat, N: number, t: number, limit = 1 << 18): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const place = (da: number, db: number): boolean => {
    // a = da * 2^x in fa, b = db * 2^(t - x) in fb
    const la = ilogb(da) + 1;
    const lb = ilogb(db) + 1;
    if (la > fa.manBits + 1 || lb > fb.manBits + 1) return false;
    const loX = Math.max(1 - fa.bias - fa.manBits, t - (fb.bias - lb + 1));
    const hiX = Math.min(fa.bias - la + 1, t - (1 - fb.bias - fb.manBits));
    if (loX > hiX) return false;
    const x = Math.min(hiX, Math.max(loX, Math.round((t + lb - la) / 2)));
    out.push([encode(fa, da * pow2(x)), encode(fb, db * pow2(t - x))]);
    return true;
  };
  let found = 0;
  for (let d = 1, n = 0; d * d <= N && n < limit && found < 2; d += 2, n++) {
    if (N % d !== 0) continue;
    const ok1 = place(d, N / d);
    const ok2 = d * d !== N && place(N / d, d);
    if (ok1 || ok2) found++;
  }
  return out;
}

/**
 * Operand pairs for tests of fa * fb -> fo (fo defaults to fa): every pair of the corner values
 * of fa and fb (zeros, infinities, NaN payloads, 0 * inf, limits, 1 and its neighbours), plus
 * products that tie in fo (both directions, normal and subnormal, and the tie at the overflow
 * threshold), that overflow, and that underflow into fo's subnormals or to zero. Tie pairs are
 * only included when the operand precisions allow them; each is checked to be a tie.
 */
export function mulCornerCases(fa: FloatFormat, fb: FloatFormat, fo: FloatFormat = fa): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const ca = cornerValues(fa);
  const cb = cornerValues(fb);
  for (const x of ca) for (const y of cb) out.push([x, y]);
  const Mo = fo.manBits;
  const emin = 1 - fo.bias;
  const emax = fo.bias;
  const sa = pow2(fa.expBits + fa.manBits);
  const sb = pow2(fb.expBits + fb.manBits);
  const add = (pairs: Array<[number, number]>) => {
    for (const [x, y] of pairs) out.push([x, y], [x + sa, y], [x, y + sb], [x + sa, y + sb]);
  };
  const targets: Array<[number, number]> = [
    // [N, t]: exact product N * 2^t
    [pow2(Mo + 1) + 1, -(Mo + 1)], // 1 + ulp/2: tie, rounds down to 1
    [pow2(Mo + 1) + 3, -(Mo + 1)], // 1 + 3ulp/2: tie, rounds up
    [pow2(Mo + 1) + 5, -(Mo + 1)], // 1 + 5ulp/2: tie, rounds down
    [pow2(Mo + 2) - 1, -(Mo + 1)], // 2 - ulp/2: tie, rounds up to 2
    [pow2(Mo + 2) - 1, emax - Mo - 1], // max finite + ulp/2: tie at the overflow threshold -> inf
    [pow2(Mo + 2) - 3, emax - Mo - 1], // max finite - ulp/2: tie, rounds to the even neighbour max - ulp
    [1, emax + 1], // 2^(emax+1): overflow
    [3, emax], // 1.5 * 2^(emax+1): overflow
    [1, emin - Mo], // smallest subnormal, exact
    [1, emin - Mo - 1], // half the smallest subnormal: tie -> 0
    [3, emin - Mo - 1], // 1.5 * smallest subnormal: tie -> 2
    [5, emin - Mo - 1], // 2.5 -> 2
    [9, emin - Mo - 1], // 4.5 -> 4
    [15, emin - Mo - 1], // 7.5 -> 8
    [3, emin - Mo - 2], // 0.75 -> 1
    [1, emin - Mo - 2], // 0.25 -> 0
    [pow2(Mo + 1) - 1, emin - Mo - 1], // largest subnormal + half: tie -> smallest normal
    [1, emin], // smallest normal, exact
    [pow2(Mo + 1) + 1, emin - Mo - 1], // smallest normal + half ulp: tie -> smallest normal
  ];
  for (const [N, t] of targets) add(productPairs(fa, fb, N, t));
  // operand limits times powers of two that push the product across fo's limits
  const maxA = (2 - pow2(-fa.manBits)) * pow2(fa.bias);
  const maxB = (2 - pow2(-fb.manBits)) * pow2(fb.bias);
  for (const k of [-2, -1, 0, 1, 2]) {
    const pb = pow2(Math.min(fb.bias, Math.max(1 - fb.bias, emax - fa.bias + k)));
    const pa = pow2(Math.min(fa.bias, Math.max(1 - fa.bias, emax - fb.bias + k)));
    add([
      [encode(fa, maxA), encode(fb, pb)],
      [encode(fa, pa), encode(fb, maxB)],
    ]);
  }
  const minA = pow2(1 - fa.bias);
  const minB = pow2(1 - fb.bias);
  add([
    [encode(fa, minA), encode(fb, minB)],
    [encode(fa, minA), encode(fb, 0.5)],
    [encode(fa, minA * 1.5), encode(fb, 0.75)],
    [encode(fa, maxA), encode(fb, maxB)],
    [encode(fa, maxA), encode(fb, minB)],
  ]);
  return out;
}

/** Number of pairs in `pairs` whose exact product (scale 0) is a tie in fo. */
export function countMulTies(fa: FloatFormat, fb: FloatFormat, fo: FloatFormat, pairs: Array<[number, number]>): number {
  let n = 0;
  for (const [a, b] of pairs) if (isMidpoint(fo, mulExact(unpack(fa, a), unpack(fb, b)))) n++;
  return n;
}
