/**
 * References of the inference engines' fused RMSNorm kernels (residual add, normalisation,
 * FP8/INT8 quantisation), written from the semantics docs/engines.md records for each kernel and
 * sharing no code with generator/. They reproduce where each kernel rounds, not its thread order:
 *
 * - fp32 arithmetic where the rounding point matters (h * rms, * gamma, / scale, * 1/scale,
 *   1/scale, absmax / Qmax) is emulated exactly with Math.fround on every operation;
 * - the sum of squares is float64 (the kernels add in fp32 in a block-reduction order that no
 *   reference can reproduce; float64 is their order-free limit), then rounded to fp32;
 * - rsqrtf is taken correctly rounded (CUDA's is within 2 ulp of it);
 * - I/O-format roundings (bf16, fp16: __float2bfloat16, __float2half_rn, the c10 operators)
 *   are round to nearest even by the table encoder of test/format/reference.ts;
 * - the quantisers that follow a norm are in scaled-quant.ts.
 *
 * Inputs and outputs are numbers (values exactly representable in the I/O format), not patterns.
 */
import { formulaValue, makeTableEncoder } from '../format/reference.ts';
import { type Quantised, quantiseWith, trtllmPerToken, vllmPerToken } from './scaled-quant.ts';

export type IoName = 'bf16' | 'fp16' | 'fp32';

const f32 = Math.fround;
const IO_BITS: Record<Exclude<IoName, 'fp32'>, [number, number]> = { bf16: [8, 7], fp16: [5, 10] };
const ENCODERS = new Map<IoName, (x: number) => number>();

/** The bf16 / fp16 pattern of v, rounded to nearest even (overflow to infinity). */
export function ioPattern(io: Exclude<IoName, 'fp32'>, v: number): number {
  let enc = ENCODERS.get(io);
  if (!enc) {
    enc = makeTableEncoder(...IO_BITS[io]);
    ENCODERS.set(io, enc);
  }
  return enc(v);
}

/** The value of a bf16 / fp16 pattern. */
export function ioValue(io: Exclude<IoName, 'fp32'>, bits: number): number {
  return formulaValue(...IO_BITS[io], bits);
}

/** x rounded to nearest even in the I/O format (overflow to infinity, as the CUDA conversions). */
export function roundIo(io: IoName, x: number): number {
  return io === 'fp32' ? f32(x) : ioValue(io, ioPattern(io, x));
}

/** One token: x, the residual r (optional), gamma w, all values of the I/O format. */
export interface Token {
  io: IoName;
  x: readonly number[];
  r?: readonly number[];
  w: readonly number[];
  eps: number;
}

/** Where the residual sum h = x + r is rounded before the statistics. */
export type SumPoint = 'io' | 'fp32';

/** h = x + r: rounded to the I/O format (vLLM's CUDA fused_add_rms_norm) or kept in fp32. */
export function residualSum(t: Token, at: SumPoint): number[] {
  if (!t.r) return [...t.x];
  return t.x.map((xi, i) => (at === 'io' ? roundIo(t.io, xi + t.r![i]!) : f32(xi + t.r![i]!)));
}

/** rsqrtf(f32(sum h^2 / d) + eps) as the kernels form it. */
export function rmsReciprocal(h: readonly number[], eps: number): number {
  let ss = 0;
  for (const v of h) ss += v * v;
  return f32(1 / Math.sqrt(f32(f32(f32(ss) / h.length) + f32(eps))));
}

export interface NormOut {
  /** The new residual stream: h in the I/O format. */
  residual: number[];
  /** The normalised values before any quantisation (in the format the kernel holds them). */
  y: number[];
}

/**
 * vLLM rms_norm / fused_add_rms_norm (layernorm_kernels.cu) and RMSNorm.forward_native
 * (layernorm.py): y = RN_io(RN_io(h * rms) * w), two I/O roundings. sum 'io' for the CUDA
 * kernels, 'fp32' for forward_native (and TensorRT-LLM's RMSNorm module without FlashInfer).
 */
export function vllmRmsNorm(t: Token, sum: SumPoint): NormOut {
  const h = residualSum(t, sum);
  const rms = rmsReciprocal(h, t.eps);
  const y = h.map((v, i) => roundIo(t.io, roundIo(t.io, f32(v * rms)) * t.w[i]!));
  return { residual: h.map((v) => roundIo(t.io, v)), y };
}

/**
 * FlashInfer RMSNorm / FusedAddRMSNorm (include/flashinfer/norm.cuh): h kept in fp32, then
 * y = RN_io(f32(f32(h * rcp) * w)), one I/O rounding. With `io: false`, y stays fp32 (the
 * quantising kernels RMSNormQuant / FusedAddRMSNormQuant use it directly).
 */
export function flashinferRmsNorm(t: Token, io = true): NormOut {
  const h = residualSum(t, 'fp32');
  const rcp = rmsReciprocal(h, t.eps);
  const y = h.map((v, i) => {
    const z = f32(f32(v * rcp) * t.w[i]!);
    return io ? roundIo(t.io, z) : z;
  });
  return { residual: h.map((v) => roundIo(t.io, v)), y };
}


// ---------------------------------------------------------------------------------------------
// The fused norm-and-quantise kernels: a norm above, a quantiser of scaled-quant.ts after it.

/**
 * vLLM rms_norm_dynamic_per_token_quant (fused_kernels/layernorm_utils.cuh,
 * fused_layernorm_dynamic_per_token_quant.cu): h kept in fp32 (the residual written back in
 * the I/O format), y = RN_io(RN_io(h * rms) * w) read back as fp32, then vllmPerToken.
 */
export function vllmDynamicQuant(t: Token, out: 'fp8e4m3' | 'int8', scaleUpperBound?: number): Quantised & NormOut {
  const norm = vllmRmsNorm(t, 'fp32');
  return { ...norm, ...vllmPerToken(norm.y, out, scaleUpperBound) };
}

/**
 * vLLM rms_norm_static_fp8_quant / fused_add_rms_norm_static_fp8_quant
 * (layernorm_quant_kernels.cu): the CUDA norm (h rounded to the I/O format, y rounded twice to
 * it), then q = cast(f32(y * f32(1 / s))) with the given s.
 */
export function vllmStaticFp8(t: Token, scale: number): Quantised & NormOut {
  const norm = vllmRmsNorm(t, 'io');
  return { ...norm, scale: f32(scale), q: quantiseWith('fp8e4m3', norm.y, f32(scale), 'reciprocal') };
}

/**
 * FlashInfer RMSNormQuant / FusedAddRMSNormQuant: static s only; y never rounded to the I/O
 * format: q = cast(clamp(f32(f32(f32(h * rcp) * w) * f32(1 / s)), +-448)).
 */
export function flashinferStaticFp8(t: Token, scale: number): Quantised & NormOut {
  const norm = flashinferRmsNorm(t, false);
  return { ...norm, scale: f32(scale), q: quantiseWith('fp8e4m3', norm.y, f32(scale), 'reciprocal') };
}

/**
 * TensorRT-LLM generalRmsNorm (kernels/rmsnormKernels.cu), per-token dynamic quantisation, no
 * residual input: y = RN_io(f32(f32(x * rms) * w)), then trtllmPerToken with the floor
 * RN_io(1e-6) on amax.
 */
export function trtllmDynamicQuant(t: Token, out: 'fp8e4m3' | 'int8', fp8RowWise = out === 'fp8e4m3'): Quantised & NormOut {
  if (t.r) throw new RangeError('generalRmsNorm reads no residual: TensorRT-LLM adds it in the all-reduce or FlashInfer kernel');
  const norm = flashinferRmsNorm(t);
  return { ...norm, ...trtllmPerToken(norm.y, out, roundIo(t.io, 1e-6), fp8RowWise) };
}
