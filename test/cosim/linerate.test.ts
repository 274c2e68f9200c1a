// The line-rate engine: a new vector every PERIOD = max(B, T) cycles, several vectors
// in flight. A covering set, cheap enough for the suite: every d of the acceptance sweep
// (1, 15, 16, 17, 64, 128, 768, 1024), every lane count (1, 3, 16), every mode and format appear;
// each stream is back to back (every word bit-exact, every latency and period as the formula) and
// then again under random input gaps and output back-pressure. The whole cross product, 200
// vectors each, is bench/linerate.ts --parts sweep (bench/results/linerate.md).
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { elaborate } from '../../generator/plan.ts';
import { rtlChecks } from '../../synth/synth.ts';
import { expectClean, runCosim } from './helpers.ts';

const COVER: Array<[string, ConfigOptions]> = [
  ['l2 bf16, d 1, one lane', { d: 1, lanes: 1, format: 'bf16' }],
  ['rms fp16 gamma, d 15, 3 lanes', { d: 15, lanes: 3, format: 'fp16', mode: 'rms' }],
  ['layer fp32 gamma-beta with eps, d 16, 16 lanes (one beat a vector)', { d: 16, lanes: 16, format: 'fp32', mode: 'layer', eps: 1e-5 }],
  ['l2 fp32, d 17, 16 lanes (a last beat of one element)', { d: 17, lanes: 16, format: 'fp32' }],
  ['layer bf16 without affine, d 64, 3 lanes', { d: 64, lanes: 3, format: 'bf16', mode: 'layer', affine: 'none' }],
  ['rms bf16 gamma, d 128, 16 lanes (QK-norm: line rate, period B = 8)', { d: 128, lanes: 16, format: 'bf16', mode: 'rms' }],
  ['layer fp16 gamma, d 768, 16 lanes', { d: 768, lanes: 16, format: 'fp16', mode: 'layer', affine: 'gamma' }],
  ['l2 bf16 gamma-beta, d 1024, 16 lanes', { d: 1024, lanes: 16, format: 'bf16', affine: 'gamma-beta' }],
];

describe.each(COVER)('line rate, %s', (_name, opts) => {
  it('back to back and under stalls: bit-exact, latency and period as the formulas', () => {
    const big = (opts.d ?? 0) >= 768;
    expectClean(runCosim(opts, big ? 6 : 12, { stressCount: big ? 3 : 6 }), big ? 6 : 12);
  });
});

describe('line-rate figures', () => {
  it('QK-norm (rms, d 128, 16 lanes) and the defaults run at line rate: PERIOD = B, T = 8', () => {
    for (const d of [128, 768, 1024]) {
      const plan = elaborate(resolveConfig({ d, lanes: 16, mode: 'rms' }));
      expect([plan.T, plan.period.cycles]).toEqual([8, d / 16]);
    }
  });

  it('the smallest buffer (--engine compact: one vector\'s beats, the trees on the lane adders) has no longer LATENCY; the default depth\'s period is no worse, combinational and pipelined', () => {
    for (const mode of ['l2', 'rms', 'layer']) {
      for (const pipeline of [undefined, 'add=1', 'add=2,mul=1', 'add=2,mul=1,convert=1', 'mul=1,convert=1']) {
        for (const d of [1, 17, 64, 768, 1024]) {
          for (const lanes of [1, 3, 16]) {
            const opts = { d, lanes, mode, pipeline, eps: d === 17 ? 1e-5 : 0 };
            const line = elaborate(resolveConfig(opts));
            const small = elaborate(resolveConfig({ ...opts, engine: 'compact' }));
            expect(small.bufferBeats, JSON.stringify(opts)).toBe(small.B);
            expect(small.latency.cycles, JSON.stringify(opts)).toBeLessThanOrEqual(line.latency.cycles);
            expect(line.period.cycles, JSON.stringify(opts)).toBeLessThanOrEqual(small.period.cycles);
          }
        }
      }
    }
  });
});

describe('the line-rate checks can fail', () => {
  it('a ring one beat shallower than the plan: the stream is slower than PERIOD', () => {
    const opts = { d: 32, lanes: 4, format: 'bf16' };
    const N = elaborate(resolveConfig(opts)).bufferBeats;
    const bits = Math.ceil(Math.log2(N)) + 1;
    const r = runCosim(opts, 12, {
      stressCount: 0,
      patchRtl: (f, t) => (f.endsWith('_slots.v') ? t.replace(`BEATS     = ${bits}'d${N};`, `BEATS     = ${bits}'d${N - 1};`) : t),
    });
    expect(r.mismatches).toEqual([]);
    expect(r.throughput.wrong).toBeGreaterThan(0);
    expect(r.throughput.max).toBeGreaterThan(r.throughput.predicted);
  });

  it('LayerNorm under heavy back-pressure, the least depth with two rings (two vectors\' beats): bit-exact; a second pass that reads on without room in the output\'s ring is caught', () => {
    const opts = { d: 16, lanes: 4, format: 'bf16', mode: 'layer', bufferBeats: 8 };
    const extra = { stressCount: 40, stallPercent: 85, gapPercent: 5 };
    const r = runCosim(opts, 40, extra);
    // below the default depth latencies differ from vector to vector: each as the cycle model says
    expect([r.mismatches, r.protocolErrors, r.latency.wrong, r.throughput.wrong, r.passed]).toEqual([[], [], [], 0, 40]);
    const early = runCosim(opts, 40, {
      ...extra, patchRtl: (f, t) => (f.endsWith('_slots.v') ? t.replace('assign p2_fire  = p2_start || (p2_run && p2_room);', 'assign p2_fire  = p2_start || p2_run;') : t),
    });
    expect(early.mismatches.length).toBeGreaterThan(0);
  });
});

describe('pipelined operators at line rate', () => {
  it('LayerNorm with gamma and beta, every operator pipelined: bit-exact, on time; Yosys RTL checks clean (one driver per partial sum)', async () => {
    const opts = { d: 40, lanes: 3, format: 'fp16', mode: 'layer', eps: 1e-5, pipeline: 'add=2,mul=1,convert=1' };
    expectClean(runCosim(opts, 10, { stressCount: 5 }), 10);
    await rtlChecks(resolveConfig(opts));
  });
});
