// Pipelined operators (the clock-period knob and the deeper cuts): registers inside
// the adders (A = 1..4: A+1 interleaved partial sums per lane, folded before the tree), the multipliers and the
// converters change the summation order and every cycle count. Each configuration is
// co-simulated in Icarus against the golden model: every output word bit-exact, every latency
// and the streaming period equal to the formula (generator/schedule.ts), also under random input gaps and
// output back-pressure; and Verilator -Wall is clean on it. Named after the parameter corners.
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.ts';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { generate } from '../../generator/rtl/generate.ts';
import { verilatorLint } from '../../sim/verilator.ts';
import { expectClean, runCosim } from './helpers.ts';

const CASES: Array<[string, ConfigOptions]> = [
  ['l2 bf16, 3 slots (add 2, mul 1), d not a multiple of the lanes', { d: 100, lanes: 16, format: 'bf16', pipeline: 'add=2,mul=1' }],
  ['l2 fp32, one lane, 2 slots (add 1, mul 1)', { d: 64, lanes: 1, format: 'fp32', pipeline: 'add=1,mul=1' }],
  ['l2 bf16, d smaller than the lanes, 3 slots, combinational multipliers', { d: 5, lanes: 8, format: 'bf16', pipeline: 'add=2' }],
  ['l2 fp16, odd lane count (3), 2 slots', { d: 37, lanes: 3, format: 'fp16', pipeline: 'add=1' }],
  ['rms bf16 with eps, Euler 3 steps, multipliers and converters only', { d: 48, lanes: 4, format: 'bf16', mode: 'rms', eps: 1e-6, rule: 'euler', steps: 3, pipeline: 'mul=1,convert=1' }],
  ['layer bf16 gamma-beta, every operator at its maximum (5 slots, every cut)', { d: 64, lanes: 16, format: 'bf16', mode: 'layer', pipeline: 'add=4,mul=4,convert=2' }],
  ['l2 bf16, the registers chosen for 10 ns in sky130 (add 4, mul 4)', { d: 50, lanes: 4, format: 'bf16', pipeline: 'add=4,mul=4' }],
  ['layer fp16 with eps, multipliers deeper than the converters (padded beta path)', { d: 100, lanes: 16, format: 'fp16', mode: 'layer', eps: 1e-5, pipeline: 'add=1,mul=1' }],
  ['layer fp32 gamma, converters deeper than the multipliers', { d: 64, lanes: 4, format: 'fp32', mode: 'layer', affine: 'gamma', pipeline: 'add=2,convert=1' }],
  ['the demo configuration (bf16, d 768, 16 lanes) for --target-depth 100', { d: 768, lanes: 16, format: 'bf16', targetDepth: 100 }],
];

describe.each(CASES)('%s', (_name, opts) => {
  it('bit-exact, latency and period as the formula, also under stalls', () => {
    expectClean(runCosim(opts, 24, { stressCount: 8 }), 24);
  });

  it('verilator --lint-only -Wall: no warning', () => {
    const g = generate(resolveConfig(opts), tempDir('iterl2norm-lint-'));
    const r = verilatorLint(g.files, g.top);
    expect(r.log).toBe('');
  });
});
