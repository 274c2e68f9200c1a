/**
 * The one rounder, Berkeley HardFloat style: an operation first computes its exact result as
 * an `Unrounded` value (BigInt significand, unbounded exponent), then `roundToFormat` rounds it
 * once (round to nearest, ties to even; gradual underflow; overflow to infinity; every NaN
 * becomes the output format's canonical NaN).
 *
 * This BigInt path is the reference. The operators in generator/operators/ use the
 * number-based core `roundPair` (float-format.ts) on an error-free (hi, lo) pair instead; the
 * tests cross-check the two on random and corner-case inputs.
 */
import {
  canonicalNaN,
  ilogb,
  infBits,
  pow2,
  signBit,
  type FloatFormat,
} from './float-format.ts';

/** An exact finite value (-1)^sign * sig * 2^exp, sig >= 0 (BigInt), or a special. */
export type Unrounded =
  | { kind: 'finite'; sign: 0 | 1; sig: bigint; exp: number }
  | { kind: 'zero'; sign: 0 | 1 }
  | { kind: 'inf'; sign: 0 | 1 }
  | { kind: 'nan' };

/** Number of bits of x > 0. */
function bitLength(x: bigint): number {
  const approx = Number(x); // rounded to nearest: may round up to the next power of two
  if (approx < 1.7976931348623157e308) {
    const l = ilogb(approx);
    return (x >> BigInt(l)) === 0n ? l : l + 1;
  }
  return x.toString(2).length;
}

/** RNE rounding of an exact value into `fmt`; returns the bit pattern. */
export function roundToFormat(fmt: FloatFormat, u: Unrounded): number {
  switch (u.kind) {
    case 'nan':
      return canonicalNaN(fmt);
    case 'inf':
      return (u.sign ? signBit(fmt) : 0) + infBits(fmt);
    case 'zero':
      return u.sign ? signBit(fmt) : 0;
    case 'finite':
      break;
  }
  const { sig, exp } = u;
  if (sig < 0n) throw new RangeError(`roundToFormat: negative significand ${sig}`);
  if (!Number.isSafeInteger(exp)) throw new RangeError(`roundToFormat: exponent must be an integer (got ${exp})`);
  const sgn = u.sign ? signBit(fmt) : 0;
  if (sig === 0n) return sgn;
  const M = fmt.manBits;
  const bias = fmt.bias;
  const inf = infBits(fmt);
  const L = bitLength(sig) - 1; // sig in [2^L, 2^(L+1))
  const ex = L + exp;
  if (ex > bias) return sgn + inf;
  const eq = Math.max(ex, 1 - bias);
  const shift = eq - M - exp;
  let n: bigint;
  if (shift <= 0) {
    n = sig << BigInt(-shift);
  } else if (shift > L + 1) {
    n = 0n;
  } else {
    const s = BigInt(shift);
    n = sig >> s;
    const rem = sig - (n << s);
    const half = 1n << (s - 1n);
    if (rem > half || (rem === half && (n & 1n) === 1n)) n += 1n;
  }
  const bits = (eq + bias - 1) * pow2(M) + Number(n);
  return bits >= inf ? sgn + inf : sgn + bits;
}

/** The exact value of a bit pattern. */
export function unpack(fmt: FloatFormat, bits: number): Unrounded {
  const M = fmt.manBits;
  const m2 = pow2(M);
  const e2 = pow2(fmt.expBits);
  let ef = Math.floor(bits / m2);
  const man = bits - ef * m2;
  let sign: 0 | 1 = 0;
  if (ef >= e2) {
    ef -= e2;
    sign = 1;
  }
  if (ef === e2 - 1) return man === 0 ? { kind: 'inf', sign } : { kind: 'nan' };
  if (ef === 0 && man === 0) return { kind: 'zero', sign };
  const sig = ef === 0 ? man : man + m2;
  return { kind: 'finite', sign, sig: BigInt(sig), exp: (ef === 0 ? 1 : ef) - fmt.bias - M };
}

/** The exact value of a double. */
export function fromNumber(x: number): Unrounded {
  if (x !== x) return { kind: 'nan' };
  const sign: 0 | 1 = x < 0 || (x === 0 && 1 / x < 0) ? 1 : 0;
  const a = Math.abs(x);
  if (a === Infinity) return { kind: 'inf', sign };
  if (a === 0) return { kind: 'zero', sign };
  // a = m * 2^e with m an integer < 2^53; scale by powers of two in two exact steps
  const e = a >= 2.2250738585072014e-308 ? ilogb(a) - 52 : -1074;
  const m = -e > 1000 ? a * pow2(1000) * pow2(-e - 1000) : a * pow2(-e);
  return { kind: 'finite', sign, sig: BigInt(m), exp: e };
}

/** -u */
export function negateExact(u: Unrounded): Unrounded {
  return u.kind === 'nan' ? u : { ...u, sign: u.sign ? 0 : 1 };
}

/**
 * Exact IEEE 754 sum in round-to-nearest mode: NaN if either is NaN or inf + (-inf); the sum of
 * two zeros is -0 only if both are -0; an exact zero sum of non-zero values is +0.
 */
export function addExact(a: Unrounded, b: Unrounded): Unrounded {
  if (a.kind === 'nan' || b.kind === 'nan') return { kind: 'nan' };
  if (a.kind === 'inf') return b.kind === 'inf' && b.sign !== a.sign ? { kind: 'nan' } : a;
  if (b.kind === 'inf') return b;
  if (a.kind === 'zero') return b.kind === 'zero' ? { kind: 'zero', sign: a.sign & b.sign ? 1 : 0 } : b;
  if (b.kind === 'zero') return a;
  const e = Math.min(a.exp, b.exp);
  const va = (a.sign ? -a.sig : a.sig) << BigInt(a.exp - e);
  const vb = (b.sign ? -b.sig : b.sig) << BigInt(b.exp - e);
  const s = va + vb;
  if (s === 0n) return { kind: 'zero', sign: 0 };
  return s < 0n ? { kind: 'finite', sign: 1, sig: -s, exp: e } : { kind: 'finite', sign: 0, sig: s, exp: e };
}

/** Exact product a * b * 2^scale (0 * inf = NaN; the sign of a zero or infinite product is the xor). */
export function mulExact(a: Unrounded, b: Unrounded, scale = 0): Unrounded {
  if (a.kind === 'nan' || b.kind === 'nan') return { kind: 'nan' };
  const sign: 0 | 1 = a.sign !== b.sign ? 1 : 0;
  if (a.kind === 'inf' || b.kind === 'inf') {
    return a.kind === 'zero' || b.kind === 'zero' ? { kind: 'nan' } : { kind: 'inf', sign };
  }
  if (a.kind === 'zero' || b.kind === 'zero') return { kind: 'zero', sign };
  return { kind: 'finite', sign, sig: a.sig * b.sig, exp: a.exp + b.exp + scale };
}

/**
 * True iff u is finite and exactly halfway between two neighbours of `fmt` (including half the
 * smallest subnormal and maxFinite + ulp/2, the overflow threshold): where RNE breaks a tie.
 */
export function isMidpoint(fmt: FloatFormat, u: Unrounded): boolean {
  if (u.kind !== 'finite' || u.sig === 0n) return false;
  // perturb by 2^(exp - k): below a quarter of any quantum near the value (>= 2^(exp - M - 1))
  const k = fmt.manBits + 3;
  const big = u.sig << BigInt(k);
  const below = roundToFormat(fmt, { kind: 'finite', sign: 0, sig: big - 1n, exp: u.exp - k });
  const above = roundToFormat(fmt, { kind: 'finite', sign: 0, sig: big + 1n, exp: u.exp - k });
  return below !== above;
}
