/**
 * The output quantiser stage of the line-rate engine (templates/top/linerate/quantize_mx.v.hbs,
 * quant_round.v.hbs; docs/quantize.md): its stages in the output pipeline and its template context.
 */
import type { MacroConfig } from '../config.ts';
import { MX_BLOCK } from '../format/quant-format.ts';

/** Output pipeline stages of the quantiser: an MX block's beats, max(1, 32/P); a static scale 1; none without one. */
export function quantiseStages(cfg: MacroConfig): number {
  if (cfg.outFormat?.kind === 'mx') return Math.max(1, MX_BLOCK / cfg.lanes);
  return cfg.outScale === 'static' ? 1 : 0;
}

/** Bits of out_scale: ceil(P/32) E8M0 bytes (MX), or the fp32 s. */
export function scaleBits(cfg: MacroConfig): number {
  return cfg.outFormat?.kind === 'mx' ? 8 * scaleBytesPerBeat(cfg) : 32;
}

/** E8M0 bytes on out_scale per beat: ceil(P/32). */
export function scaleBytesPerBeat(cfg: MacroConfig): number {
  return Math.ceil(cfg.lanes / MX_BLOCK);
}

/** Bits of an output lane: width(F2) with --out-format, else the I/O format's. */
export function outLaneBits(cfg: MacroConfig): number {
  return cfg.outFormat ? cfg.outFormat.element.width : cfg.format.width;
}

/** The template context of quantize_mx (null without an MX output). */
export function quantiseContext(cfg: MacroConfig) {
  const out = cfg.outFormat;
  if (!out || (out.kind !== 'mx' && cfg.outScale !== 'static')) return null;
  const el = out.element;
  const P = cfg.lanes;
  const G = quantiseStages(cfg);
  return {
    module: out.kind === 'mx' ? 'quantize_mx' : 'quantize_static', static: out.kind !== 'mx', scaleBits: scaleBits(cfg),
    outName: out.name, element: el.name, G, multi: G > 1, gw: Math.max(1, Math.log2(G)), lastPos: G - 1,
    NB: scaleBytesPerBeat(cfg), BL: Math.min(P, MX_BLOCK), qw: el.width,
    // y reaches the quantiser in the internal format (docs/quantize.md)
    yw: cfg.internal.width, yE: cfg.internal.expBits, yM: cfg.internal.manBits, yBias: cfg.internal.bias, yName: cfg.internal.name,
    isInt: el.kind === 'int' ? 1 : 0, mb: el.manBits, bias: el.bias, emax: el.emax, maxCode: el.maxCode,
    hasNan: el.nanCode === null ? 0 : 1, nanCode: el.nanCode ?? 0, intExp: el.intExp,
    nanWord: el.nanCode === null ? '0' : `the NaN code 0x${el.nanCode.toString(16)}`,
  };
}
