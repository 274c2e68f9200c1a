/**
 * The quantised outputs of a configuration with --out-format (docs/quantize.md): the model's
 * outputs y (I/O format) through the quantiser (operators/quantize.ts), and the shapes of the
 * files that carry codes and scales.
 */
import type { MacroConfig } from '../config.ts';
import { OptionError } from '../errors.ts';
import { FP32, type FloatFormat, decode, encode, pow2 } from '../format/float-format.ts';
import { type ElementFormat, decodeElement, e8m0Value } from '../format/quant-format.ts';
import type { AffineParams, IterL2NormModel } from './iterl2norm.ts';
import { type Quantized, quantizeDynamic, quantizeMx, quantizeScaled } from '../operators/quantize.ts';

/** The codes' "format" for vector files: width(F2) bits, 2 hex digits for 8 and 6 bits, 1 for 4. */
export function codeFileFormat(el: ElementFormat): FloatFormat {
  return { name: el.name, expBits: el.expBits, manBits: el.manBits, bias: el.bias, width: el.width };
}

/** E8M0 block scales in a scales file: 2 hex digits each. */
export const E8M0_FILE: FloatFormat = Object.freeze({ name: 'e8m0', expBits: 8, manBits: 0, bias: 127, width: 8 });

/** The scales file's word format of a configuration: E8M0 for MX, fp32 otherwise. */
export function scaleFileFormat(cfg: MacroConfig): FloatFormat {
  return cfg.outFormat?.kind === 'mx' ? E8M0_FILE : FP32;
}

/** A static scale s must keep 1/s a normal fp32 number: 2^-126 <= s <= 2^126. */
export const STATIC_SCALE_RANGE = { min: pow2(-126), max: pow2(126) } as const;

/** Checks the fp32 pattern of a static scale (the parameter port's value). */
export function checkStaticScale(bits: unknown, source = 'outScale static'): number {
  const v = typeof bits === 'number' && Number.isInteger(bits) && bits >= 0 && bits < 2 ** 32 ? decode(FP32, bits) : NaN;
  if (!(v >= STATIC_SCALE_RANGE.min && v <= STATIC_SCALE_RANGE.max)) {
    throw new OptionError({ option: 'scales', got: bits, allowed: 'the fp32 pattern of a scale from 2^-126 to 2^126',
      text: `{scales}: the static scale (${source}) must be the fp32 pattern of a number from 2^-126 to 2^126 so that 1/s is a normal fp32 number (got ${typeof bits === 'number' ? bits.toString(16).padStart(8, '0') : JSON.stringify(bits)}${v === v ? ` = ${v}` : ''})` });
  }
  return bits as number;
}

/** A static scale for tests and cosim without one given: s = 1/Qmax rounded (outputs |y| <= 1 fill the range). */
export function defaultStaticScale(cfg: MacroConfig): number {
  return encode(FP32, 1 / cfg.outFormat!.element.maxValue);
}

/** The format y reaches the quantiser in: the internal format (one rounding, into the element format). */
export function quantiserInput(cfg: MacroConfig): FloatFormat {
  return cfg.internal;
}

/** The outputs of one vector: y in the I/O format, or with --out-format in the quantiser's input format. */
export function modelOutputs(model: IterL2NormModel, x: readonly number[], params: AffineParams = {}, r?: readonly number[]): number[] {
  const cfg = model.cfg;
  return model.normalise(x, params, r, cfg.outFormat ? quantiserInput(cfg) : cfg.format);
}

/** The quantised outputs of one vector (y from modelOutputs); `staticScale` (fp32 pattern) with --out-scale static. */
export function quantizeOutputs(cfg: MacroConfig, y: readonly number[], staticScale?: number): Quantized {
  const out = cfg.outFormat;
  if (!out) throw new RangeError('quantizeOutputs: the configuration has no --out-format');
  const fy = quantiserInput(cfg);
  if (out.kind === 'mx') return quantizeMx(out.element, fy, y);
  if (cfg.outScale === 'static') {
    if (staticScale === undefined) throw new RangeError('quantizeOutputs: a static scale is needed');
    return quantizeScaled(out.element, fy, y, staticScale);
  }
  return quantizeDynamic(out.element, fy, y);
}

/** The dequantised values of one vector: code x scale (MX: the scale of the element's block of 32). */
export function dequantize(el: ElementFormat, mx: boolean, codes: readonly number[], scales: readonly number[]): number[] {
  return codes.map((c, i) => decodeElement(el, c) * (mx ? e8m0Value(scales[Math.floor(i / 32)]!) : decode(FP32, scales[0]!)));
}
