/**
 * Random operands for tests and studies: bit patterns with a bias towards the interesting
 * exponents. `rng` returns uniform numbers in [0, 1) (e.g. `seedrandom('42')`).
 */
import { pow2, type FloatFormat } from './float-format.ts';

/** A uniform random integer in [0, 2^n), n <= 53, built from 24-bit draws. */
export function randomBits(n: number, rng: () => number): number {
  let v = 0;
  let left = n;
  while (left > 0) {
    const k = left > 24 ? 24 : left;
    v = v * pow2(k) + Math.floor(rng() * pow2(k));
    left -= k;
  }
  return v;
}

function randomInt(lo: number, hi: number, rng: () => number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** A mantissa field: uniform, or sparse/dense patterns that make ties and carries likely. */
export function randomMantissa(M: number, rng: () => number): number {
  const u = rng();
  if (u < 0.55) return randomBits(M, rng);
  if (u < 0.62) return 0;
  if (u < 0.68) return pow2(M) - 1; // all ones: carries
  if (u < 0.76) return pow2(randomInt(0, M - 1, rng)); // one bit
  if (u < 0.84) return randomBits(randomInt(1, Math.min(M, 6), rng), rng); // only low bits
  if (u < 0.92) {
    // only high bits: short significands, exact products and ties
    const k = randomInt(1, Math.min(M, 8), rng);
    return randomBits(k, rng) * pow2(M - k);
  }
  return pow2(M) - 1 - randomBits(randomInt(1, Math.min(M, 6), rng), rng); // near all ones
}

/**
 * A random bit pattern of `fmt`: 35 % uniform over all patterns; otherwise a random sign and
 * mantissa with an exponent field near the bias (values near 1), near the subnormal range,
 * near overflow, anywhere, or a special (zero, infinity, NaN).
 */
export function randomOperand(fmt: FloatFormat, rng: () => number): number {
  const M = fmt.manBits;
  const E = fmt.expBits;
  const emaxField = pow2(E) - 1; // all-ones exponent field
  const u = rng();
  if (u < 0.35) return randomBits(fmt.width, rng);
  const sign = rng() < 0.5 ? 0 : 1;
  let ef: number;
  let man = randomMantissa(M, rng);
  const span = Math.min(M + 3, fmt.bias - 1);
  if (u < 0.55) {
    ef = fmt.bias + randomInt(-span, span, rng); // near 1
  } else if (u < 0.7) {
    ef = randomInt(0, Math.min(M + 2, emaxField - 1), rng); // subnormals and the smallest normals
  } else if (u < 0.8) {
    ef = randomInt(Math.max(1, emaxField - 1 - (M + 2)), emaxField - 1, rng); // near overflow
  } else if (u < 0.9) {
    ef = randomInt(0, emaxField - 1, rng); // any finite exponent
  } else {
    const v = rng();
    if (v < 0.4) {
      ef = 0;
      man = 0; // zero
    } else if (v < 0.7) {
      ef = emaxField;
      man = 0; // infinity
    } else {
      ef = emaxField;
      if (man === 0) man = 1; // NaN, random payload
    }
  }
  return sign * pow2(E + M) + ef * pow2(M) + man;
}

/**
 * Interesting bit patterns of `fmt`, both signs: zeros, infinities, NaNs (canonical, the
 * smallest payload, all-ones payload), the smallest subnormals, the largest subnormal, the
 * smallest normals, 1 and its neighbours, small integers and halves, the largest powers of two
 * and the largest finite values.
 */
export function cornerValues(fmt: FloatFormat): number[] {
  const M = fmt.manBits;
  const m2 = pow2(M);
  const inf = (pow2(fmt.expBits) - 1) * m2;
  const one = fmt.bias * m2;
  const pos = [
    0,
    1,
    2,
    3,
    m2 - 1, // largest subnormal
    m2, // smallest normal
    m2 + 1,
    2 * m2, // 2 * smallest normal
    one - 1, // 1 - ulp/2
    one,
    one + 1, // 1 + ulp
    one + 2,
    one + m2 / 2, // 1.5
    one + m2, // 2
    one - m2, // 0.5
    one + m2 + m2 / 2, // 3
    inf - m2, // largest power of two
    inf - 2, // largest finite - ulp
    inf - 1, // largest finite
    inf,
    inf + m2 / 2, // canonical NaN
    inf + 1, // smallest NaN payload (signalling in IEEE 754-2008)
    inf + m2 - 1, // all-ones payload
  ];
  const s = pow2(fmt.expBits + M);
  const out: number[] = [];
  for (const p of pos) out.push(p, p + s);
  return [...new Set(out)];
}
