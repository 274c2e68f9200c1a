// --d-max (runtime vector length): one macro for every d in 1..D. Every mode and format at
// D = 64 (16 lanes and 1; 3 lanes for rms), streams whose length changes on every vector (1, P-1, P, P+1, D-1, D
// first, then random lengths), back to back and again under random gaps and back-pressure; every
// word bit-exact with the model and every vector's latency and start equal to the formulas for
// its own d. Then pipelined operators with eps and an input scale, reset in flight, and the checks
// failing on a broken design. Larger D: runtime-length-large.test.ts; streams that queue for the
// output, and the ring's own checks: ring.test.ts.
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { elaborate } from '../../generator/plan.ts';
import { expectClean, itCosimulates, runCosim } from './helpers.ts';

describe('--d-max 64: every mode and format, lengths changing on every vector', () => {
  for (const mode of ['l2', 'rms', 'layer'] as const) {
    for (const format of ['fp32', 'bf16', 'fp16']) {
      itCosimulates(`${mode} ${format}, 16 lanes`, { dMax: 64, lanes: 16, format, mode }, 16, 6);
    }
    itCosimulates(`${mode} bf16, 1 lane`, { dMax: 64, lanes: 1, format: 'bf16', mode }, 16, 6);
  }
  itCosimulates('rms fp16, 3 lanes (not a power of two)', { dMax: 50, lanes: 3, format: 'fp16', mode: 'rms' }, 16, 6);
});

describe('--d-max with pipelined operators, eps and an input scale', () => {
  itCosimulates('l2 bf16, add=2 mul=1 convert=1, input shift 2', { dMax: 64, lanes: 16, mode: 'l2', pipeline: 'add=2,mul=1,convert=1', inputShift: 2 }, 24, 8);
  itCosimulates('rms bf16, add=2 mul=1 convert=1, eps 1e-5, 4 lanes', { dMax: 64, lanes: 4, mode: 'rms', pipeline: 'add=2,mul=1,convert=1', eps: 1e-5 }, 16, 6);
  itCosimulates('layer fp16, add=4 mul=4 convert=2, eps 1e-5, input shift 2', { dMax: 64, lanes: 16, format: 'fp16', mode: 'layer', pipeline: 'add=4,mul=4,convert=2', eps: 1e-5, inputShift: 2 }, 24, 8);
  itCosimulates('layer bf16, 1 lane, add=1 (1/d waits for the one-beat vectors)', { dMax: 64, lanes: 1, mode: 'layer', pipeline: 'add=1' }, 24, 8);
});

describe('--d-max: reset in flight', () => {
  const cases: Array<[string, ConfigOptions]> = [
    ['rms bf16, 4 lanes', { dMax: 64, lanes: 4, mode: 'rms' }],
    ['layer bf16, 4 lanes, pipelined', { dMax: 48, lanes: 4, mode: 'layer', pipeline: 'add=2,mul=1,convert=1' }],
  ];
  for (const [name, opts] of cases) {
    const { latency } = elaborate(resolveConfig(opts));
    for (const after of [2, Math.floor(latency.cycles / 2), latency.cycles + 5]) {
      it(`${name}: reset after ${after} cycles, then bit-exact and on time`, () => {
        expectClean(runCosim(opts, 12, { stressCount: 4, resetAfter: after }), 12);
      });
    }
  }
});

describe('the checks can fail', () => {
  const opts: ConfigOptions = { dMax: 64, lanes: 16, mode: 'rms' };
  it('a 1/d without its power-of-two case (d = 2^k one octave off): mismatches', () => {
    const r = runCosim(opts, 16, { stressCount: 0, patchRtl: (f, t) => (f.endsWith('_recip.v') ? t.replace('res      <= pow2 ?', 'res      <= 1\'b0 ?') : t) });
    expect(r.mismatches.length).toBeGreaterThan(0);
  });
  it('the last-beat lanes of the first vector used for every vector: mismatches', () => {
    const r = runCosim(opts, 16, { stressCount: 0, patchRtl: (f, t) => (f.endsWith('_slots.v') ? t.replace('in_mask  = in_last ? (in_first ? mask_new : wr_mask)', 'in_mask  = in_last ? ({P{1\'b1}})') : t) });
    expect(r.mismatches.length).toBeGreaterThan(0);
  });
});
