// --residual co-simulated (Icarus, 4-state): both sums, every mode, lanes 1, 3, 16 and 32, a fixed
// d and --d-max, gamma/beta and eps, back to back and again under random input gaps and output
// back-pressure; every out_data and every out_res word against the model, every latency and the
// period as without a residual (a combinational adder adds no cycle; a pipelined one its R
// registers to the latency, none to the period). Then the checks fail on a wrong adder and on an
// out_res that is not h.
import { describe, expect, it } from 'vitest';
import type { ConfigOptions } from '../../generator/config.ts';
import { expectClean, runCosim } from '../cosim/helpers.ts';
import { latencyCycles, periodCycles } from '../../generator/plan.ts';
import { resolveConfig } from '../../generator/config.ts';
import { residualRegisters } from '../../generator/residual-config.ts';

const N = 8;

// Few vectors where the lanes are many: Icarus spends its time in the bench's lane loops. The
// first three residual vectors are the cancellations and ties (vectors/residual-vectors.ts).
const CASES: Array<[string, ConfigOptions, number, number]> = [
  ['l2, io, 1 lane', { d: 5, lanes: 1, mode: 'l2' }, N, N],
  ['rms, io, 3 lanes, eps, gamma, pipelined (R = 2)', { d: 10, lanes: 3, mode: 'rms', eps: 1e-5, pipeline: 'add=2,mul=1,convert=1' }, N, N],
  ['layer, io, --d-max 40, 16 lanes, gamma and beta', { dMax: 40, lanes: 16, mode: 'layer' }, 5, 2],
  ['l2, internal, 32 lanes', { d: 40, lanes: 32, mode: 'l2', residualSum: 'internal' }, 4, 2],
  ['rms, internal, fp32, 3 lanes', { d: 7, lanes: 3, mode: 'rms', format: 'fp32', residualSum: 'internal' }, N, N],
  ['layer, internal, 3 lanes, eps', { d: 10, lanes: 3, mode: 'layer', eps: 1e-3, residualSum: 'internal' }, N, N],
  ['rms, internal, --d-max 20, 3 lanes, pipelined (R = 3)', { dMax: 20, lanes: 3, mode: 'rms', residualSum: 'internal', pipeline: 'add=1,mul=1,convert=1' }, N, N],
  ['layer, io, 3 lanes, pipelined (R = 1): the ring writes late', { d: 8, lanes: 3, mode: 'layer', pipeline: 'add=1,mul=0,convert=0' }, 4, 4],
];

describe('--residual co-simulation', () => {
  it.each(CASES)('%s: out_data and out_res bit-exact, on time, under stalls', (_name, opts, n, stress) => {
    const r = runCosim({ ...opts, residual: true }, n, { stressCount: stress, resetAfter: opts.lanes === 3 ? 7 : 0 });
    expectClean(r, n);
    expect(r.residualOutputs).toHaveLength(n);
    // the plain design's formulas, plus R (0 with combinational operators)
    const { residualSum: _sum, ...plainOpts } = opts;
    const plain = resolveConfig(plainOpts);
    const R = residualRegisters(resolveConfig({ ...opts, residual: true }));
    expect(R).toBe(opts.pipeline === undefined ? 0 : Number(/\(R = (\d)\)/.exec(_name)![1]));
    expect(r.latency.predicted).toBe(latencyCycles(plain).cycles + R);
    expect(r.throughput.predicted).toBe(periodCycles(plain).cycles);
  });

  it('a subtracting adder is caught', () => {
    const r = runCosim({ d: 4, lanes: 1, mode: 'rms', residual: true }, N, {
      stressCount: 0, patchRtl: (f, t) => (f.endsWith('_residual_add.v') ? t.replace(".sub(1'b0)", ".sub(1'b1)") : t),
    });
    expect(r.failed).toBeGreaterThan(0);
    expect(r.mismatches.length).toBeGreaterThan(0);
  });

  it('an internal sum rounded to the I/O format on the way is caught', () => {
    // the internal design with its adder narrowed to bf16's mantissa: x + r rounded there first
    const r = runCosim({ d: 4, lanes: 1, mode: 'l2', residual: true, residualSum: 'internal' }, N, {
      stressCount: 0, patchRtl: (f, t) => (f.endsWith('_residual_add.v') ? t.replace('.EXP_BITS(E_I), .MAN_BITS(M_I), .LAT(0)) add', '.EXP_BITS(E_I), .MAN_BITS(M_I), .LAT(0)) add_wide').replace("h[j*WH +: WH]));", "h_wide));\n            wire [WH-1:0] h_wide;\n            assign h[j*WH +: WH] = {h_wide[WH-1:M_I-7], {(M_I-7){1'b0}}};") : t),
    });
    expect(r.failed).toBeGreaterThan(0);
  });

  it('an out_res that is not h is caught', () => {
    const r = runCosim({ d: 4, lanes: 1, mode: 'l2', residual: true, residualSum: 'internal' }, N, {
      stressCount: 0, patchRtl: (f, t) => (f.endsWith('_output.v') ? t.replace('assign out_res   = o_res;', 'assign out_res   = o_data;') : t),
    });
    expect(r.mismatches.length).toBeGreaterThan(0);
    expect(r.mismatches.every((m) => m.port === 'out_res')).toBe(true);
  });
});
