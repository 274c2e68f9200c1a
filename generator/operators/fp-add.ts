/**
 * Golden model of the floating-point adder (the Verilog twin lives in templates/operators/):
 * IEEE 754-2008 addition and subtraction in any eXmY format, round to nearest even, subnormals
 * kept, every NaN result is the canonical NaN.
 *
 * Fast path: the operands' integer significands are aligned exactly in doubles; for M <= 24
 * the aligned sum has at most 52 bits and is exact, above that TwoSum yields the exact sum as a
 * (hi, lo) pair. When the exponents differ by M + 3 or more the smaller operand is below a
 * quarter ulp of the larger one and the result is the larger operand. Then `roundPair` rounds
 * once. `fpAddReference` is the BigInt reference (round.ts).
 */
import { canonicalNaN, encode, negate, pow2, roundPair, type FloatFormat } from '../format/float-format.ts';
import { cornerValues } from '../format/random.ts';
import { addExact, roundToFormat, unpack } from '../format/round.ts';

/** RNE(a + b) in `fmt` (bit patterns in, bit pattern out). */
export function fpAdd(fmt: FloatFormat, a: number, b: number): number {
  const M = fmt.manBits;
  const m2 = pow2(M);
  const e2 = pow2(fmt.expBits);
  const top = e2 - 1;
  let ea = Math.floor(a / m2);
  let A = a - ea * m2;
  let sa = 0;
  if (ea >= e2) {
    ea -= e2;
    sa = 1;
  }
  let eb = Math.floor(b / m2);
  let B = b - eb * m2;
  let sb = 0;
  if (eb >= e2) {
    eb -= e2;
    sb = 1;
  }
  if (ea === top || eb === top) {
    if ((ea === top && A !== 0) || (eb === top && B !== 0)) return canonicalNaN(fmt);
    if (ea === top && eb === top) return sa === sb ? a : canonicalNaN(fmt);
    return ea === top ? a : b;
  }
  if (ea === 0) {
    if (A === 0) {
      if (eb === 0 && B === 0) return sa & sb ? a : 0; // -0 only if both are -0
      return b;
    }
    ea = 1;
  } else {
    A += m2;
  }
  if (eb === 0) {
    if (B === 0) return a;
    eb = 1;
  } else {
    B += m2;
  }
  // make a the operand with the larger (or equal) quantum exponent
  if (ea < eb) {
    let t = ea;
    ea = eb;
    eb = t;
    t = A;
    A = B;
    B = t;
    t = sa;
    sa = sb;
    sb = t;
    t = a;
    a = b;
    b = t;
  }
  const k = ea - eb;
  if (k >= M + 3) return a; // |b| < 2^(ea-2): below a quarter of the smallest ulp next to a
  const X = A * pow2(k); // < 2^(2M+3)
  const Y = sa === sb ? B : -B;
  let s = X + Y;
  let lo = 0;
  if (M > 24) {
    const bb = s - X; // TwoSum (Knuth): X + Y = s + lo exactly
    lo = X - (s - bb) + (Y - bb);
  }
  if (s === 0) return 0; // exact cancellation: +0 in round-to-nearest
  let sign = sa;
  if (s < 0) {
    s = -s;
    lo = -lo;
    sign ^= 1;
  }
  return roundPair(fmt, sign, s, lo, eb - fmt.bias - M);
}

/** RNE(a - b) in `fmt`. */
export function fpSub(fmt: FloatFormat, a: number, b: number): number {
  return fpAdd(fmt, a, negate(fmt, b));
}

/** The BigInt reference: exact sum, then `roundToFormat`. */
export function fpAddReference(fmt: FloatFormat, a: number, b: number): number {
  return roundToFormat(fmt, addExact(unpack(fmt, a), unpack(fmt, b)));
}

/**
 * Operand pairs for tests: every pair of `cornerValues(fmt)` (zeros, infinities, NaN payloads,
 * subnormal and normal limits, 1 and its neighbours; this includes exact and near
 * cancellations), plus sums that tie (both directions, including the tie at the overflow
 * threshold), exponent gaps around the M + 3 shortcut, subnormal sums and overflowing sums.
 */
export function addCornerCases(fmt: FloatFormat): Array<[number, number]> {
  const M = fmt.manBits;
  const ulp = pow2(-M); // ulp of 1
  const cv = cornerValues(fmt);
  const out: Array<[number, number]> = [];
  for (const x of cv) for (const y of cv) out.push([x, y]);
  const enc = (x: number) => encode(fmt, x);
  const both = (x: number, y: number) => {
    out.push([enc(x), enc(y)], [enc(-x), enc(-y)], [enc(y), enc(x)]);
  };
  // ties near 1
  both(1, ulp / 2); // tie, 1 is even: stays 1
  both(1 + ulp, ulp / 2); // tie, 1+ulp is odd: rounds up
  both(1, (ulp / 2) * 1.5); // above the tie: rounds up
  both(1, -ulp / 4); // 1 - ulp/4: tie below 1, rounds to 1
  both(1 + ulp, -ulp / 2); // 1 + ulp/2: tie, rounds down to 1
  both(2 - ulp, ulp / 2); // 2 - ulp/2: tie, rounds up to 2
  both(1.5, 1.5); // exact 3
  // exponent gaps around the M+3 shortcut
  for (const a of [1, 1 + ulp, 1.5, 2 - ulp]) {
    for (let k = M - 1; k <= M + 4; k++) {
      for (const c of [1, 1.5, 2 - ulp]) both(a, c * pow2(-k));
      for (const c of [1, 1.5, 2 - ulp]) both(a, -c * pow2(-k));
    }
  }
  // overflow
  const max = (2 - ulp) * pow2(fmt.bias);
  const halfUlpMax = pow2(fmt.bias - M - 1);
  both(max, halfUlpMax); // tie at the overflow threshold: max is odd -> inf
  both(max, halfUlpMax / 2); // below the threshold: max
  both(max, max);
  both(max, -max);
  both(pow2(fmt.bias), pow2(fmt.bias)); // exactly 2^(emax+1): inf
  // subnormals
  const minSub = pow2(1 - fmt.bias - M);
  const minNorm = pow2(1 - fmt.bias);
  both(minSub, minSub);
  both(minNorm - minSub, minSub); // largest subnormal + smallest = smallest normal
  both(minNorm, -minSub);
  both(minNorm, -minNorm);
  both(minNorm * (1 + ulp), -minNorm);
  both(minNorm * 2, -minNorm * (2 - ulp));
  return out;
}
