// Parameter corners beyond the default: update rules, seeds, step counts, internal formats,
// lane counts that are not powers of two, d smaller than the lanes, d = 1, other I/O formats.
import { describe, expect, it } from 'vitest';
import { expectClean, runCosim } from './helpers.ts';

// vectors per corner (corner cases first), the first STRESS again under random stalls
const N = 40;
const STRESS = 12;

describe('option corners co-simulate bit-exact and on time', () => {
  it.each([
    ['paper setting: euler, exp seed, 5 steps', { d: 64, lanes: 16, format: 'fp32', rule: 'euler', init: 'exp', steps: 5, lambda: 0.25 }],
    ['euler with table seed', { d: 100, lanes: 8, format: 'bf16', rule: 'euler', steps: 3 }],
    ['newton, exp seed, 5 steps', { d: 96, lanes: 16, format: 'bf16', init: 'exp', steps: 5 }],
    ['zero steps (seed only)', { d: 20, lanes: 4, format: 'fp32', steps: 0 }],
    ['one-entry-per-parity table', { d: 33, lanes: 5, format: 'fp16', initBits: 0, steps: 4 }],
    ['wide internal format e10m30', { d: 100, lanes: 16, format: 'fp32', internal: 'e10m30', steps: 3 }],
    ['largest internal format e11m40', { d: 17, lanes: 3, format: 'bf16', internal: 'e11m40' }],
    ['d = 1, lanes = 1', { d: 1, lanes: 1, format: 'fp32' }],
    ['d smaller than lanes (5 of 64)', { d: 5, lanes: 64, format: 'bf16' }],
    ['lanes not a power of two (7), d = 50', { d: 50, lanes: 7, format: 'bf16' }],
    ['tiny format e4m3 in, fp16 internal', { d: 9, lanes: 2, format: 'e4m3', internal: 'fp16', initBits: 2 }],
  ])('%s', (_name, opts) => {
    expectClean(runCosim(opts, N, { stressCount: STRESS }), N);
  });
});

describe('the co-simulation can fail', () => {
  it('reports every vector as failed when the RTL computes a different constant', () => {
    // 1.5 -> 1.5 + 1 ulp in the Newton step: outputs drift, the comparison must see it.
    const r = runCosim({ d: 32, lanes: 4, format: 'fp32', internal: 'fp32' }, 40, {
      patchRtl: (_f, text) => text.replace(/(THREE_HALVES = 32'h)3fc00000/, '$13fc00001'),
    });
    expect(r.failed).toBeGreaterThan(10);
    expect(r.mismatches.length).toBeGreaterThan(0);
  });

  it('reports a latency different from the prediction', () => {
    // The output stage starts a vector's read-out one cycle after its hand-off: same bits, one cycle late.
    const r = runCosim({ d: 32, lanes: 4, format: 'bf16' }, 30, {
      patchRtl: (_f, text) => text.replace('wire           r_free  = !r_valid || o_load;',
        "reg late = 1'b0; always @(posedge clk) late <= res_valid; wire r_free = (!r_valid || o_load) && !(late && !rd_pending);"),
    });
    expect(r.mismatches).toEqual([]);
    expect(r.latency.wrong.length).toBe(20); // the report lists the first 20
    expect(r.latency.wrong[0].measured).toBe(r.latency.predicted + 1);
    expect(r.failed).toBe(30);
  });

  it('stops a hung simulation with the watchdog and fails every vector', () => {
    const r = runCosim({ d: 16, lanes: 4, format: 'bf16' }, 10, {
      patchRtl: (_f, text) => text.replace('assign out_valid = o_valid;', "assign out_valid = 1'b0;"),
    });
    expect(r.failed).toBe(10);
    expect(r.protocolErrors.join('\n')).toMatch(/watchdog/);
  });
});

describe('normalisation-mode corners co-simulate bit-exact and on time', () => {
  it.each([
    ['layer, eps, one lane, d 5', { d: 5, lanes: 1, format: 'bf16', internal: 'fp32', mode: 'layer', eps: 1e-5 }],
    ['layer, 16 lanes, d 5 (d < lanes; 64 lanes: the l2 corner above)', { d: 5, lanes: 16, format: 'fp16', internal: 'fp32', mode: 'layer' }],
    ['layer, euler paper setting', { d: 48, lanes: 7, format: 'bf16', internal: 'fp32', mode: 'layer', rule: 'euler', init: 'exp', steps: 5, lambda: 0.25 }],
    ['rms, gamma-beta, input shift 3, eps', { d: 33, lanes: 5, format: 'fp32', internal: 'fp32', mode: 'rms', affine: 'gamma-beta', inputShift: 3, eps: 1e-3 }],
    ['rms, negative input shift, d = 4^3 (sqrt(d) exact)', { d: 64, lanes: 8, format: 'bf16', internal: 'fp32', mode: 'rms', inputShift: -4 }],
    ['layer, gamma only, wide internal e10m30', { d: 100, lanes: 16, format: 'fp32', internal: 'e10m30', mode: 'layer', affine: 'gamma' }],
    ['layer, fp16 internal with SLaNC shift 4', { d: 64, lanes: 16, format: 'fp16', internal: 'fp16', mode: 'layer', inputShift: 4 }],
  ])('%s', (_name, opts) => {
    expectClean(runCosim(opts, 24, { stressCount: 8 }), 24);
  });
});

describe('default internal format of fp32 LayerNorm (auto: e10m40)', () => {
  it('co-simulates bit-exact and on time', () => {
    expectClean(runCosim({ d: 100, lanes: 16, format: 'fp32', mode: 'layer', eps: 1e-5 }, 40, { stressCount: 10 }), 40);
  });
});
