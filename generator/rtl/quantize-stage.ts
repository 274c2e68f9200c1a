/**
 * The output quantiser stage of the line-rate engine (templates/top/linerate/quantize_mx.v.hbs,
 * quant_round.v.hbs; docs/quantize.md): its stages in the output pipeline and its template context.
 */
import type { MacroConfig } from '../config.ts';
import { MX_BLOCK } from '../format/quant-format.ts';

/** Rows of the reciprocal's restoring division (25 quotient bits) between two registers. */
const RECIP_ROWS_PER_STAGE = 5;

/**
 * Cycles from the edge that takes a vector's last beat into the dynamic quantiser to the edge that
 * writes its (s, r) into the scale queue: the maximum's register 1, s 1, the reciprocal's 25 rows
 * in registered groups of RECIP_ROWS_PER_STAGE.
 */
export const DYNAMIC_SCALE_CYCLES = 2 + 25 / RECIP_ROWS_PER_STAGE;

/**
 * Output pipeline stages of the quantiser: an MX block's beats, max(1, 32/P); a static scale 1;
 * a dynamic scale Bmax + DYNAMIC_SCALE_CYCLES (the y buffer: a vector's first beat leaves after
 * its scale is queued); none without one.
 */
export function quantiseStages(cfg: MacroConfig): number {
  if (cfg.outFormat?.kind === 'mx') return Math.max(1, MX_BLOCK / cfg.lanes);
  if (cfg.outScale === 'static') return 1;
  return cfg.outFormat ? Math.ceil(cfg.d / cfg.lanes) + DYNAMIC_SCALE_CYCLES : 0;
}

/** The manifest's word on the quantiser's share of the latency term X (docs/quantize.md). */
export function quantiserLatencyNote(cfg: MacroConfig): string {
  const G = quantiseStages(cfg);
  if (cfg.outFormat?.kind === 'mx') return `X includes the MX quantiser's max(1, 32/P) = ${G} stage(s); the period is unchanged`;
  if (cfg.outScale === 'static') return 'X includes the static quantiser\'s 1 stage; the period is unchanged';
  return `X includes the dynamic quantiser's Bmax + ${DYNAMIC_SCALE_CYCLES} = ${G} stages (the y buffer holds a vector's beats until its scale s and 1/s are queued, ${DYNAMIC_SCALE_CYCLES} cycles after its last beat); the period is unchanged`;
}

/** Entries of the dynamic quantiser's scale queue: every vector wholly in the y buffer, a power of two. */
export function dynamicQueueEntries(cfg: MacroConfig): number {
  const G = quantiseStages(cfg);
  const minBeats = cfg.runtimeLength ? 1 : Math.ceil(cfg.d / cfg.lanes);
  return 2 ** Math.ceil(Math.log2(Math.floor((G + 1) / minBeats) + 2));
}

/** The y buffer of the dynamic quantiser: words x bits (y in the internal format and the lane mask). */
export function dynamicBufferShape(cfg: MacroConfig): { words: number; width: number } {
  return { words: quantiseStages(cfg), width: cfg.lanes * (cfg.internal.width + 1) };
}

/**
 * The constants of s = RNE_fp32(m / Qmax) in quantize_dynamic: Qmax = K * 2^J (K odd); the
 * significand of m, M_Y + 1 bits shifted left KS, divided by K has its leading one at bit TP or
 * TP - 1, with TP - 25 >= 0 (24 bits, a round bit and at least one more below).
 */
function scaleDivision(qmax: number, manBits: number) {
  let K = qmax;
  let J = 0;
  while (K % 2 === 0) { K /= 2; J++; }
  const KS = Math.max(1, 36 - (manBits + 1));
  const NW = manBits + 1 + KS;
  const bits = (v: bigint) => v.toString(2).length - 1;
  const TP = bits(((1n << BigInt(NW)) - 1n) / BigInt(K));
  if (bits((1n << BigInt(NW - 1)) / BigInt(K)) !== TP - 1 || TP < 26) throw new Error(`scaleDivision: Qmax ${qmax} with ${manBits} fraction bits`);
  // floor(N / K) = (N * C) >> (NW + LK), C = ceil(2^(NW+LK) / K) (Granlund-Montgomery)
  const LK = Math.ceil(Math.log2(K));
  const C = ((1n << BigInt(NW + LK)) + BigInt(K) - 1n) / BigInt(K);
  return { K, J, KS, TP, E1OFF: manBits + KS + J - TP, LK, CW: C.toString(2).length, CHEX: C.toString(16) };
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

/** The template context of the quantiser (quantize_mx, quantize_static or quantize_dynamic; null without --out-format). */
export function quantiseContext(cfg: MacroConfig) {
  const out = cfg.outFormat;
  if (!out) return null;
  const el = out.element;
  const P = cfg.lanes;
  const G = quantiseStages(cfg);
  const dynamic = out.kind !== 'mx' && cfg.outScale !== 'static';
  const NQ = dynamic ? dynamicQueueEntries(cfg) : 0;
  return {
    module: out.kind === 'mx' ? 'quantize_mx' : dynamic ? 'quantize_dynamic' : 'quantize_static', static: out.kind !== 'mx', dynamic, scaleBits: scaleBits(cfg),
    ...(dynamic ? {
      Bmax: Math.ceil(cfg.d / P), gLast: G - 1, DW: DYNAMIC_SCALE_CYCLES, RPS: RECIP_ROWS_PER_STAGE, ga: Math.max(1, Math.ceil(Math.log2(G))),
      NQ, qa: Math.max(1, Math.log2(NQ)), qmax: el.maxValue, ...scaleDivision(el.maxValue, cfg.internal.manBits),
    } : {}),
    outName: out.name, element: el.name, G, multi: G > 1, gw: Math.max(1, Math.log2(G)), lastPos: G - 1,
    NB: scaleBytesPerBeat(cfg), BL: Math.min(P, MX_BLOCK), qw: el.width,
    // y reaches the quantiser in the internal format (docs/quantize.md)
    yw: cfg.internal.width, yE: cfg.internal.expBits, yM: cfg.internal.manBits, yBias: cfg.internal.bias, yName: cfg.internal.name,
    isInt: el.kind === 'int' ? 1 : 0, mb: el.manBits, bias: el.bias, emax: el.emax, maxCode: el.maxCode,
    hasNan: el.nanCode === null ? 0 : 1, nanCode: el.nanCode ?? 0, intExp: el.intExp,
    nanWord: el.nanCode === null ? '0' : `the NaN code 0x${el.nanCode.toString(16)}`,
  };
}
