/**
 * The output quantiser's options (--out-format, --out-scale; docs/quantize.md), checked as the
 * rest of the configuration: a bad value or combination is an OptionError naming what is allowed.
 */
import { OptionError } from './errors.ts';
import type { FloatFormat } from './format/float-format.ts';
import { MX_BLOCK, OUT_FORMAT_NAMES, type OutFormat, outFormatOf } from './format/quant-format.ts';

export type OutScale = 'dynamic' | 'static';
export const OUT_SCALES = ['dynamic', 'static'] as const;

export interface OutputQuant {
  /** The quantised output format, or null: outputs in the I/O format. */
  readonly outFormat: OutFormat | null;
  /** fp8e4m3, fp8e5m2, int8: how the per-vector scale is found; null otherwise. */
  readonly outScale: OutScale | null;
}

/** outFormat and outScale of a configuration, given the I/O format and the lanes. */
export function resolveOutputQuant(outFormat: unknown, outScale: unknown, format: FloatFormat, lanes: number): OutputQuant {
  if (outFormat === undefined) {
    if (outScale !== undefined) {
      throw new OptionError({ option: 'outScale', got: outScale, others: ['outFormat'], allowed: 'only with outFormat fp8e4m3, fp8e5m2 or int8',
        text: `{outScale} sets the scale of a quantised output: give {outFormat} fp8e4m3, fp8e5m2 or int8 with it, or remove it` });
    }
    return { outFormat: null, outScale: null };
  }
  const out = typeof outFormat === 'string' ? outFormatOf(outFormat) : undefined;
  if (!out) throw new OptionError({ option: 'outFormat', got: outFormat, allowed: `one of ${OUT_FORMAT_NAMES.join(', ')}` });
  if (format.expBits > 8 || format.manBits > 23) {
    throw new OptionError({ option: 'outFormat', got: out.name, others: ['format'], allowed: 'an I/O format that fp32 holds',
      text: `{outFormat} ${out.name} quantises outputs whose scale is an fp32 value: the I/O format must fit in fp32 (at most 8 exponent and 23 mantissa bits; {format} ${format.name} has ${format.expBits} and ${format.manBits})` });
  }
  if (out.kind === 'mx') {
    if (outScale !== undefined) {
      throw new OptionError({ option: 'outScale', got: outScale, others: ['outFormat'], allowed: 'only with outFormat fp8e4m3, fp8e5m2 or int8',
        text: `{outScale}: {outFormat} ${out.name} has a power-of-two scale per block of ${MX_BLOCK} elements (OCP MX), found from the block; remove {outScale}` });
    }
    if (MX_BLOCK % lanes !== 0 && lanes % MX_BLOCK !== 0) {
      throw new OptionError({ option: 'lanes', got: lanes, others: ['outFormat'], allowed: `a divisor or a multiple of ${MX_BLOCK} with an MX format`,
        text: `{lanes} ${lanes} with {outFormat} ${out.name}: an MX block of ${MX_BLOCK} elements must fill whole beats or a beat whole blocks; allowed: 1, 2, 4, 8, 16, 32 or 64 lanes` });
    }
    return { outFormat: out, outScale: null };
  }
  const scale = outScale ?? 'dynamic';
  if (typeof scale !== 'string' || !(OUT_SCALES as readonly string[]).includes(scale)) {
    throw new OptionError({ option: 'outScale', got: scale, allowed: `one of ${OUT_SCALES.join(', ')}` });
  }
  return { outFormat: out, outScale: scale as OutScale };
}

/**
 * The Verilog quantiser (MX formats, static and dynamic per-vector scales) is built behind the
 * stream interface (the AXI4-Stream wrapper has no port for the scales). A design the generator
 * cannot build with its quantiser is refused rather than written without it.
 */
export function refuseQuantisedHardware(cfg: OutputQuant & { readonly interface: string }): void {
  const out = cfg.outFormat;
  if (!out) return;
  if (cfg.interface !== 'stream') {
    throw new OptionError({ option: 'outFormat', got: out.name, others: ['interface'], allowed: 'the stream interface',
      text: `{outFormat} ${out.name}: the quantiser is built behind the stream interface; {interface} ${cfg.interface} has none: remove {outFormat} or use the defaults` });
  }
}
