/**
 * Decimal numbers to and from a format's bit patterns (`iterl2norm vectors --from` and
 * `iterl2norm decode`).
 *
 * Reading: each number is rounded once, from its exact decimal value, to the format (round to
 * nearest, ties to even, through the project's rounder format/round.ts), so "0.1" gives the
 * same bits as a correctly rounded conversion in hardware, with no double rounding through
 * binary64. `nan`, `inf`, `+inf`, `-inf` and `infinity` (any case) are the specials.
 * Writing: the binary64 value of the pattern in the shortest form that reads back to it
 * (JavaScript's number to string); every format here has fewer than 53 significand bits, so
 * reading the text back gives the same pattern. NaN is written `nan` (its payload is lost: it
 * reads back as the canonical NaN), infinities `inf` and `-inf`, negative zero `-0`.
 */
import { canonicalNaN, decode, infBits, negate, signBit, type FloatFormat } from '../format/float-format.ts';
import { roundToFormat } from '../format/round.ts';

const DECIMAL = /^([+-]?)(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?$/;
const SPECIAL = /^([+-]?)(nan|inf|infinity)$/i;

const bitLength = (x: bigint) => (x === 0n ? 0 : x.toString(2).length);

/** The pattern of `text` in `fmt`, or undefined when it is not a decimal number. */
export function parseDecimal(fmt: FloatFormat, text: string): number | undefined {
  const special = SPECIAL.exec(text);
  if (special) {
    if (special[2]!.toLowerCase() === 'nan') return canonicalNaN(fmt);
    return special[1] === '-' ? negate(fmt, infBits(fmt)) : infBits(fmt);
  }
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const sign = m[1] === '-' ? 1 : 0;
  const [whole, frac = ''] = m[2]!.split('.');
  const digits = BigInt(`${whole}${frac}` || '0');
  const exp10 = BigInt(m[3] ?? '0') - BigInt(frac.length);
  if (digits === 0n) return sign ? signBit(fmt) : 0;
  // Far outside every format's range: saturate the exponent (rounds to 0 or to infinity).
  if (exp10 > 400n) return sign ? negate(fmt, infBits(fmt)) : infBits(fmt);
  if (exp10 < -400n - BigInt(`${whole}${frac}`.length)) return sign ? signBit(fmt) : 0;
  const e = Number(exp10);
  if (e >= 0) return roundToFormat(fmt, { kind: 'finite', sign, sig: digits * 10n ** BigInt(e), exp: 0 });
  // digits / 10^-e: k extra quotient bits (well past the format's precision), and a sticky bit
  // below them when the division is inexact; rounding that once is exact RNE.
  const den = 10n ** BigInt(-e);
  const k = Math.max(0, 80 + bitLength(den) - bitLength(digits));
  const num = digits << BigInt(k);
  const q = num / den;
  const sticky = num % den === 0n ? 0n : 1n;
  return roundToFormat(fmt, { kind: 'finite', sign, sig: (q << 1n) | sticky, exp: -k - 1 });
}

/** The decimal text of a pattern (see the file comment). */
export function formatDecimal(fmt: FloatFormat, bits: number): string {
  const x = decode(fmt, bits);
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  return String(x);
}
