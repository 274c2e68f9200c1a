/**
 * Range of the internal format: which exponent width keeps every finite input safe, the
 * default internal format chosen from the I/O format, and a warning for a narrower choice.
 *
 * Inputs of the I/O format (E exponent bits, M mantissa bits, bias B) lie in
 * [2^(1-B-M), (2 - 2^-M) * 2^B]. With d <= D elements (D = 65536, the largest d accepted):
 *   - no overflow: the sum of squares is below d * 2^(2B+2) <= 2^(2B+2+log2 D); it stays finite
 *     in an internal format of bias B' when  B' >= 2B + 4 + ceil(log2 D)  (the factor 4 of
 *     headroom covers the rounding growth of the sum, d * 2^-(M'+1) << 1, and LayerNorm's
 *     centred values |x_i - mean| <= 2 max |x|);
 *   - no underflow: the smallest non-zero square 2^(2(1-B-M)) is a normal number of the
 *     internal format when  B' >= 2B + 2M - 1, so no square loses precision or vanishes.
 * The scalar loop is safe for any format: it works on s = m * 2^-k in [0.5, 2), and the exact
 * power of two 2^(-k/2) is applied in the single rounding of the output multiply.
 *
 * fp32 and bf16 need 10 exponent bits (E + 2), fp16 needs 7 (E + 2); no internal format of at
 * most 11 exponent bits is safe for inputs with 10 or more exponent bits.
 *
 * Default internal format: the safe exponent width and max(30, M + 7) mantissa bits (at most
 * 40): e10m30 for fp32 and bf16, e7m30 for fp16. Why 30: docs/accuracy.md (with 23 bits the
 * rounding of the sum of squares dominates the output error: up to 5 ulp in fp32 and a
 * misrounded bf16 output in ~2e-4; with 30 bits fp32 stays within 1 ulp and bf16 is exactly
 * rounded in the study, at every OPT width).
 */
import { type FloatFormat, MAX_EXP_BITS, MAX_MAN_BITS, makeFormat } from './float-format.ts';

/** Largest vector length the generator accepts (config.ts LIMITS.d.max; config.ts imports this file). */
export const D_MAX = 65536;

export const DEFAULT_INTERNAL_MIN_MAN_BITS = 30;
export const DEFAULT_INTERNAL_GUARD_BITS = 7;

/** Smallest internal bias B' for which no finite input vector of length <= dMax overflows or underflows. */
export function requiredInternalBias(io: FloatFormat, dMax = D_MAX): number {
  const logD = Math.ceil(Math.log2(Math.max(1, dMax)));
  return Math.max(2 * io.bias + 4 + logD, 2 * io.bias + 2 * io.manBits - 1);
}

/** Smallest exponent width whose bias is at least requiredInternalBias; undefined if none <= 11. */
export function safeInternalExpBits(io: FloatFormat, dMax = D_MAX): number | undefined {
  const need = requiredInternalBias(io, dMax);
  for (let e = 4; e <= MAX_EXP_BITS; e++) if (2 ** (e - 1) - 1 >= need) return e;
  return undefined;
}

/** The default internal format for an I/O format (see the file comment). */
export function defaultInternalFormat(io: FloatFormat, mode: 'l2' | 'rms' | 'layer' = 'l2'): FloatFormat {
  const e = safeInternalExpBits(io) ?? MAX_EXP_BITS;
  const guard = mode === 'layer' ? LAYER_GUARD_BITS : DEFAULT_INTERNAL_GUARD_BITS;
  const m = Math.min(MAX_MAN_BITS, Math.max(DEFAULT_INTERNAL_MIN_MAN_BITS, io.manBits + guard));
  return makeFormat(e, m);
}

/**
 * LayerNorm subtracts a rounded mean: outputs near the mean are far smaller than the mean, so its
 * rounding error (and that of the sum it comes from) needs headroom of about log2(|mean|/sigma) +
 * log2(d)/2 bits beyond the output precision. 17 guard bits keep fp32 LayerNorm within 2 ulp on
 * rows with mean 4 sigma (bench/accuracy-norms.ts: the default e10m40, two steps from the 8-bit
 * table of model/seed.ts, 2 ulp; e11m40 with three steps 1 ulp; e10m30 351 ulp).
 */
const LAYER_GUARD_BITS = 17;

export interface InternalRange {
  /** True when no finite input vector of length d overflows or underflows the sum of squares. */
  safe: boolean;
  /** Some vector with every |x_i| >= 2^overflowLog2 overflows the sum (undefined: none does). */
  overflowLog2?: number;
  /** Squares of |x_i| < 2^underflowLog2 fall below the internal format's normal range (undefined: none does). */
  underflowLog2?: number;
}

/** What a given internal format covers for inputs of `io` and vectors of length d. */
export function internalRange(io: FloatFormat, internal: FloatFormat, d: number): InternalRange {
  const logD = Math.log2(Math.max(1, d));
  // overflow: d * x^2 >= 2^(B'+1) once |x| >= 2^((B' + 1 - log2 d) / 2)
  const overflowLog2 = (internal.bias + 1 - logD) / 2;
  const maxLog2 = io.bias + Math.log2(2 - 2 ** -io.manBits);
  // underflow: x^2 < 2^(1-B') once |x| < 2^((1 - B') / 2)
  const underflowLog2 = (1 - internal.bias) / 2;
  const minLog2 = 1 - io.bias - io.manBits;
  const over = maxLog2 >= overflowLog2;
  const under = minLog2 < underflowLog2;
  return {
    safe: !over && !under,
    overflowLog2: over ? Math.ceil(overflowLog2 * 100) / 100 : undefined,
    underflowLog2: under ? Math.floor(underflowLog2 * 100) / 100 : undefined,
  };
}

/**
 * A one-line warning when the internal format cannot hold every sum of squares of finite
 * inputs (or undefined when it can). Such a configuration is legal: its outputs are NaN when
 * the sum overflows and zeros (or less accurate) when squares underflow.
 */
export function internalRangeWarning(io: FloatFormat, internal: FloatFormat, d: number): string | undefined {
  const r = internalRange(io, internal, d);
  if (r.safe) return undefined;
  const parts: string[] = [];
  if (r.overflowLog2 !== undefined) {
    parts.push(`the sum of squares overflows (outputs NaN) when every |x_i| >= 2^${r.overflowLog2} (one element alone from 2^${(internal.bias + 1) / 2})`);
  }
  if (r.underflowLog2 !== undefined) parts.push(`squares of |x_i| < 2^${r.underflowLog2} underflow (precision lost; all-tiny vectors give zeros)`);
  const e = safeInternalExpBits(io);
  const fix = e === undefined ? `no internal format of at most ${MAX_EXP_BITS} exponent bits covers ${io.name}` : `use ${e} or more exponent bits, e.g. --internal ${defaultInternalFormat(io).name}`;
  return `internal format ${internal.name} is narrower than ${io.name} inputs need at d=${d}: ${parts.join('; ')}; ${fix}`;
}
