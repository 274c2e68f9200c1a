/**
 * Per-vector (per-token) scaled quantisation as each engine's kernel does it, and as the
 * project's contract states it, from the normalised values y (numbers): the scale s with
 * y ~ q * s and the codes q. Independent of generator/ (docs/engines.md records the sources).
 *
 * fp32 operations are emulated with Math.fround one at a time; the FP8 casts are
 * __nv_cvt_float_to_fp8(..., __NV_SATFINITE, ...) and the INT8 cast cvt.rni.sat.s8.f32: round
 * half to even, then saturate (ocp-formats.ts).
 */
import { type ElementFormat, elementFormat, quantiseElement, quantiseInt8 } from './ocp-formats.ts';

const f32 = Math.fround;

export type ScaledName = 'fp8e4m3' | 'fp8e5m2' | 'int8';

export const QMAX: Record<ScaledName, number> = { fp8e4m3: 448, fp8e5m2: 57344, int8: 127 };

/** vLLM's smallest dynamic scale (quantization/utils.cuh min_scaling_factor): FP8 1/(Qmax*512), INT8 FLT_EPSILON. */
export const VLLM_MIN_SCALE = { fp8e4m3: f32(1 / (448 * 512)), int8: f32(2 ** -23) } as const;

export interface Quantised {
  /** FP8: codes; INT8: integers -128..127. */
  q: number[];
  /** The scale s (an fp32 value). */
  scale: number;
}

/** The code of an fp32 value: FP8 clamped to +-Qmax then cast; INT8 rounded then clamped to [lo, 127]. */
export function cast(out: ScaledName, v: number, int8Low = -128): number {
  if (out === 'int8') return quantiseInt8(v, int8Low);
  const f: ElementFormat = elementFormat(out);
  return quantiseElement(f, Math.min(QMAX[out], Math.max(-QMAX[out], v)));
}

function absMax(y: readonly number[]): number {
  let m = 0;
  for (const v of y) m = Math.max(m, Math.abs(v));
  return m;
}

/** q = cast(f32(y / s)) or cast(f32(y * f32(1 / s))). */
export function quantiseWith(out: ScaledName, y: readonly number[], scale: number, how: 'divide' | 'reciprocal'): number[] {
  const inv = f32(1 / scale);
  return y.map((v) => cast(out, how === 'divide' ? f32(v / scale) : f32(v * inv)));
}

/**
 * vLLM per-token scale (layernorm_utils.cuh compute_dynamic_per_token_scales, and
 * dynamic_per_token_scaled_fp8_quant): s = max(f32(min(max|y|, ub) / Qmax), min scale); FP8
 * divides by s ("for exact match with FBGemm"), INT8 multiplies by f32(1 / s).
 */
export function vllmPerToken(y: readonly number[], out: 'fp8e4m3' | 'int8', scaleUpperBound?: number): Quantised {
  const amax = scaleUpperBound === undefined ? absMax(y) : Math.min(absMax(y), f32(scaleUpperBound));
  const scale = Math.max(f32(amax / QMAX[out]), VLLM_MIN_SCALE[out]);
  return { scale, q: quantiseWith(out, y, scale, out === 'int8' ? 'reciprocal' : 'divide') };
}

/**
 * TensorRT-LLM per-token (rmsnormKernels.cu generalRmsNorm): amax = max(floor, max|y|) with
 * floor = 1e-6 in the I/O format; q = cast(f32(y * f32(Qmax / amax))), s = f32(amax / Qmax);
 * FP8 row-wise: the multiplier at most 448 * 512 and s at least 1 / (448 * 512).
 */
export function trtllmPerToken(y: readonly number[], out: 'fp8e4m3' | 'int8', amaxFloor: number, fp8RowWise = out === 'fp8e4m3'): Quantised {
  const amax = Math.max(amaxFloor, absMax(y));
  let mult = f32(QMAX[out] / amax);
  let scale = f32(amax / QMAX[out]);
  if (fp8RowWise) {
    mult = Math.min(mult, 448 * 512);
    scale = Math.max(scale, VLLM_MIN_SCALE.fp8e4m3);
  }
  return { scale, q: y.map((v) => cast(out, f32(v * mult))) };
}

/** The contract's smallest dynamic scale: fp32's smallest normal number (1/s stays finite). */
export const CONTRACT_MIN_SCALE = 2 ** -126;

/**
 * The project's rule (CONTRACT "Residual input and quantized outputs"): s = max(f32(max|y| /
 * Qmax), 2^-126) (or the static s), then q = sat(RNE(y * f32(1 / s))) with the product exact
 * (one rounding, to the element), INT8 symmetric (-127..127).
 */
export function contractScaled(y: readonly number[], out: ScaledName, staticScale?: number): Quantised {
  const scale = staticScale ?? Math.max(f32(absMax(y) / QMAX[out]), CONTRACT_MIN_SCALE);
  const inv = f32(1 / scale);
  return { scale, q: y.map((v) => cast(out, v * inv, -127)) };
}
