/**
 * The seed stage: from the sum of squares m (internal format) to the pre-scaled operand s,
 * the first iterate b0 and the exact power-of-two output scale.
 *
 * Write m = 1.f * 2^e (subnormals normalised). With parity = e mod 2 and k = e + parity (even):
 *     s     = m * 2^-k = 1.f * 2^-parity   in [0.5, 2)      (same mantissa bits, new exponent)
 *     1/sqrt(m) = (1/sqrt(s)) * 2^(-k/2)                    (-k/2 is an integer: exact scaling)
 * The loop iterates b -> 1/sqrt(s) from b0; the output is x * b * 2^(-k/2), rounded once.
 * For odd e this is the paper's a0 = 2^(-(e+1)/2) (s = (1+f)/2 in [0.5, 1)); for even e,
 * where the paper's shift is a half-integer, the project rounds the shift down: s in [1, 2).
 *
 * Seeds: 'exp' (paper): b0 = 1, so only the exponent of m is used.
 *        'table': b0 = T[parity, top initBits of f], the value minimising the worst relative
 *        error |b0*sqrt(s) - 1| over the entry's interval of s: b0 = 2 / (sqrt(lo) + sqrt(hi)).
 * Special m: NaN or +inf -> b = NaN (every output NaN); zero -> b = +0 (outputs are signed zeros).
 */
import { type FloatFormat, canonicalNaN, encode } from '../format/float-format.ts';

/** How the iteration is seeded from the sum of squares m. */
export type InitMode = 'exp' | 'table';

/** What the seed stage reads of a macro configuration (a MacroConfig is one). */
export interface SeedConfig {
  /** Format of m, s and b0. */
  readonly internal: FloatFormat;
  readonly init: InitMode;
  /** Mantissa bits of m that index the seed table (2^(initBits+1) entries). */
  readonly initBits: number;
}

export type SeedKind = 'finite' | 'zero' | 'nan';

export interface Seed {
  kind: SeedKind;
  /** s = m * 2^-k, internal format bits. */
  s: number;
  /** s / 2, internal format bits (exact). */
  halfS: number;
  /** First iterate b0, internal format bits (NaN / +0 for the special kinds). */
  b0: number;
  /** Output scale exponent -k/2. */
  scale: number;
}

/** Exponent and fraction field of a finite non-zero value, subnormals normalised: value = 1.frac * 2^exp. */
export function normalisedFields(fmt: FloatFormat, bits: number): { exp: number; frac: number } {
  const fracScale = 2 ** fmt.manBits;
  const magnitude = bits % 2 ** (fmt.width - 1);
  const field = Math.floor(magnitude / fracScale);
  let frac = magnitude % fracScale;
  if (field !== 0) return { exp: field - fmt.bias, frac };
  // Subnormal: 0.frac * 2^(1-bias). Shift the leading one up to the hidden-bit position.
  let exp = 1 - fmt.bias;
  while (frac < fracScale) {
    frac *= 2;
    exp -= 1;
  }
  return { exp, frac: frac - fracScale };
}

/**
 * The seed table's size when --init-bits is not given: 6 bits, or 8 for an internal format of
 * more than 32 mantissa bits (fp32 LayerNorm's default e10m40).
 *
 * Why: an entry covers s in [lo, hi) with relative width w = (hi - lo)/lo, at most 2^-b at the
 * table's start (s = 1 and s = 0.5); its worst seed error is about w/4 = 2^-(b+2), and two Newton
 * steps leave about (27/8)(2^-(b+2))^4: 7.6e-10 for 6 bits, 4.8e-11 for 7, 2.7e-12 for 8 (measured
 * at s = 1). Up to 32 mantissa bits 6 bits are within a few units of the format's own rounding
 * (e10m30: 9.3e-10 an ulp). With 40 bits the 6-bit loop error is the largest term of the factor,
 * and data whose mean square sits at a power of four (s = 1, the widest entry) meets it every
 * time: fp32 LayerNorm rows reached 25 ulp in cancelling gamma*t + beta outputs, 16 with 7 bits,
 * 6 with 8 (bench/dmax.ts, accuracy part, with --init-bits 6 and 7: bench/results/dmax.md).
 */
export function defaultInitBits(internal: FloatFormat): number {
  return internal.manBits > 32 ? 8 : 6;
}

/** Bits of the internal-format value 1.frac * 2^exp (exp must be in the normal range). */
function packNormal(fmt: FloatFormat, exp: number, frac: number): number {
  return (exp + fmt.bias) * 2 ** fmt.manBits + frac;
}

/** The seed ROM: entry index = parity * 2^initBits + top initBits of the fraction of m. */
export function seedTable(cfg: SeedConfig): number[] {
  const n = 2 ** cfg.initBits;
  const table: number[] = [];
  for (let parity = 0; parity < 2; parity++) {
    for (let i = 0; i < n; i++) {
      const lo = (1 + i / n) / 2 ** parity;
      const hi = (1 + (i + 1) / n) / 2 ** parity;
      table.push(encode(cfg.internal, 2 / (Math.sqrt(lo) + Math.sqrt(hi))));
    }
  }
  return table;
}

export function seedOf(cfg: SeedConfig, m: number, table: number[]): Seed {
  const fmt = cfg.internal;
  const expField = Math.floor((m % 2 ** (fmt.width - 1)) / 2 ** fmt.manBits);
  const fracField = m % 2 ** fmt.manBits;
  if (expField === 2 ** fmt.expBits - 1) {
    // NaN, or +inf (the sum overflowed, or an input was infinite): no norm exists.
    return { kind: 'nan', s: 0, halfS: 0, b0: canonicalNaN(fmt), scale: 0 };
  }
  if (expField === 0 && fracField === 0) {
    return { kind: 'zero', s: 0, halfS: 0, b0: 0, scale: 0 };
  }
  const { exp, frac } = normalisedFields(fmt, m);
  const parity = ((exp % 2) + 2) % 2;
  const k = exp + parity;
  const index = parity * 2 ** cfg.initBits + Math.floor(frac / 2 ** (fmt.manBits - cfg.initBits));
  return {
    kind: 'finite',
    s: packNormal(fmt, -parity, frac),
    halfS: packNormal(fmt, -parity - 1, frac),
    b0: cfg.init === 'table' ? table[index] : packNormal(fmt, 0, 0),
    scale: -k / 2,
  };
}
