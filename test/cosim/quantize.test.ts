// The output quantiser (docs/quantize.md), MX, static and dynamic scales, against the golden model: every
// code and every beat's scale bytes, every latency and the period, streaming and under random input gaps and
// output back-pressure; MX at lanes 1 (a block is 32 beats), 4, 16 (2 beats) and 32 (one block a
// beat), static scales at 1, 3 and 16 lanes,
// every mode, with --residual,
// a last block shorter than 32, a vector shorter than a block, --d-max, the corner vectors (zero, NaN, infinite, subnormal,
// huge, tiny) first; dynamic scales at 1, 3 and 16 lanes (every mode, --d-max, a zero vector's
// floor scale 2^-126); and three mutations of the quantisers that the comparison catches.
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { IterL2NormModel } from '../../generator/model/iterl2norm.ts';
import { cornerVectors, randomVectors, runtimeTestVectors } from '../../generator/vectors/test-vectors.ts';
import { type CosimOptions, cosim } from '../../sim/cosim.ts';
import { expectQuantised } from '../../sim/quant-check.ts';
import { modelOutputs } from '../../generator/model/quantized.ts';
import { expectClean } from './helpers.ts';

/** One corner vector of each kind (zero, NaN, infinite, subnormal, huge, tiny, ...), then two random; --d-max: ten of changing length. */
function vectorsOf(opts: ConfigOptions): number[][] {
  const cfg = resolveConfig(opts);
  if (cfg.runtimeLength) return runtimeTestVectors(cfg.format, cfg.d, cfg.lanes, 10, 'quant');
  const seen = new Set<string>();
  const corners = cornerVectors(cfg.format, cfg.d).filter((v) => !seen.has(v.kind) && seen.add(v.kind));
  return [...corners, ...randomVectors(cfg.format, cfg.d, 2, 'quant')].map((v) => v.words);
}

function run(opts: ConfigOptions, extra: Partial<CosimOptions> = {}) {
  const vectors = vectorsOf(opts);
  return { n: vectors.length, r: cosim({ cfg: resolveConfig(opts), vectors, seed: 5, stressCount: 6, ...extra }) };
}

const CONFIGS: Array<[string, ConfigOptions, Partial<CosimOptions>?]> = [
  ['mxfp4, bf16 l2, 16 lanes, d 70 (blocks of 2 beats, a last block of 6)', { d: 70, lanes: 16, format: 'bf16', mode: 'l2', outFormat: 'mxfp4' }],
  ['mxfp8e4m3, bf16 l2, 32 lanes, d 40 (a last beat of 8 lanes)', { d: 40, lanes: 32, format: 'bf16', mode: 'l2', outFormat: 'mxfp8e4m3' }],
  ['mxint8, fp16 RMSNorm, 1 lane, --d-max 40', { dMax: 40, lanes: 1, format: 'fp16', mode: 'rms', outFormat: 'mxint8' }],
  ['mxfp6e2m3, bf16 LayerNorm, 4 lanes, d 16 (a vector shorter than a block), pipelined', { d: 16, lanes: 4, format: 'bf16', mode: 'layer', outFormat: 'mxfp6e2m3', pipeline: 'add=1,mul=1,convert=1' }],
  // static scales: s = RNE(1/448) (r from the divider, saturated codes where RMSNorm's y exceeds 1), and s = 2^-7 (r = 2^7 without it)
  ['fp8e4m3 static, bf16 RMSNorm, 3 lanes, d 20', { d: 20, lanes: 3, format: 'bf16', mode: 'rms', outFormat: 'fp8e4m3', outScale: 'static' }],
  ['int8 static s = 2^-7, fp32 l2, 16 lanes, --d-max 40', { dMax: 40, lanes: 16, format: 'fp32', mode: 'l2', outFormat: 'int8', outScale: 'static' }, { staticScale: 0x3c000000 }],
  ['mxfp8e4m3 with --residual (internal sum), bf16 RMSNorm, 4 lanes, --d-max 40', { dMax: 40, lanes: 4, format: 'bf16', mode: 'rms', residual: true, residualSum: 'internal', outFormat: 'mxfp8e4m3' }],
  ['fp8e5m2 static s = 0.3, fp16 LayerNorm, 1 lane, d 8', { d: 8, lanes: 1, format: 'fp16', mode: 'layer', outFormat: 'fp8e5m2', outScale: 'static' }, { staticScale: 0x3e99999a }],
  // dynamic scales: the y buffer, max|y|, s and 1/s per vector (the corner vectors give the floor 2^-126 and NaN)
  ['fp8e4m3 dynamic, bf16 l2, 16 lanes, d 70', { d: 70, lanes: 16, format: 'bf16', mode: 'l2', outFormat: 'fp8e4m3' }],
  ['int8 dynamic, fp16 RMSNorm (gamma), 1 lane, --d-max 12', { dMax: 12, lanes: 1, format: 'fp16', mode: 'rms', outFormat: 'int8' }],
  ['fp8e5m2 dynamic, bf16 LayerNorm (gamma, beta), 3 lanes, d 20, pipelined', { d: 20, lanes: 3, format: 'bf16', mode: 'layer', outFormat: 'fp8e5m2', pipeline: 'add=1,mul=1,convert=1' }],
];

describe('quantiser co-simulation', () => {
  for (const [name, opts, extra] of CONFIGS) {
    it(`${name}: bit-exact and on time`, () => {
      const { n, r } = run(opts, extra);
      expectClean(r, n);
    });
  }

  it('the corner vectors reach a zero block (0x00), a NaN block (0xff) and saturated codes', () => {
    const cfg = resolveConfig(CONFIGS[0]![1]);
    const model = new IterL2NormModel(cfg);
    const q = expectQuantised(cfg, vectorsOf(CONFIGS[0]![1]).map((x) => modelOutputs(model, x)));
    const scales = q.scales.flat();
    expect(scales).toContain(0x00);
    expect(scales).toContain(0xff);
    expect(q.codes.flat().filter((c) => (c & 7) === 7).length).toBeGreaterThan(0); // +-6, the largest fp4 magnitude
  });

  it('the corner vectors reach the floor scale 2^-126 (a zero vector) and a NaN scale (dynamic)', () => {
    const opts = CONFIGS[8]![1];
    const cfg = resolveConfig(opts);
    const model = new IterL2NormModel(cfg);
    const scales = expectQuantised(cfg, vectorsOf(opts).map((x) => modelOutputs(model, x))).scales.flat();
    expect(scales).toContain(0x00800000);
    expect(scales).toContain(0x7fc00000);
  });

  // Mutations: the sticky bit dropped from the rounding, and X one too large, each caught (ties:
  // the rounder's own test, test/rtl/quant-round.test.ts).
  // The dynamic scale s = RNE_fp32(max|y| / Qmax) truncated instead of rounded: caught.
  const mutations: Array<[string, string, string, number]> = [
    ['the sticky bit dropped', 'rbit & (stk | n0[0])', 'rbit & n0[0]', 2],
    ['the scale exponent off by one', 'wire signed [XW-1:0] xr = lg - EMAX_EL;', 'wire signed [XW-1:0] xr = lg - EMAX_EL + 1;', 2],
    ['the dynamic scale rounded down', 's_rb & (s_st | s_kept[0])', "1'b0", 9],
  ];
  for (const [what, from, to, config] of mutations) {
    it(`a quantiser with ${what} fails`, () => {
      let landed = false;
      const { r } = run(CONFIGS[config]![1], {
        stressCount: 0,
        vectors: vectorsOf(CONFIGS[config]![1]).slice(-3),
        patchRtl: (f, text) => {
          if (!text.includes(from)) return text;
          landed = true;
          return text.replace(from, to);
        },
      });
      expect(landed).toBe(true);
      expect(r.failed).toBeGreaterThan(0);
      expect(r.mismatches.length).toBeGreaterThan(0);
    });
  }
});
