// Verilator lint (`--lint-only -Wall`, Verilog-2005) of the synthesis matrix: fp32 and bf16, d in
// {64, 768, 1024}, lanes {1, 16}, default options otherwise; and the smallest buffer (--engine
// compact: the trees on the lane adders, LayerNorm's one ring) in LayerNorm, fixed d and --d-max. No warning at all.
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.ts';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { generate } from '../../generator/rtl/generate.ts';
import { verilatorLint } from '../../sim/verilator.ts';

const MATRIX = ['fp32', 'bf16'].flatMap((format) => [64, 768, 1024].flatMap((d) => [1, 16].map((lanes) => [format, d, lanes] as const)));

describe('verilator --lint-only -Wall', () => {
  it.each(MATRIX)('%s, d = %i, lanes = %i: no warning', (format, d, lanes) => {
    const g = generate(resolveConfig({ format, d, lanes }), tempDir('iterl2norm-lint-'));
    const r = verilatorLint(g.files, g.top);
    expect(r.log).toBe('');
    expect(r.clean).toBe(true);
  });
});

const SMALL: ConfigOptions[] = [
  { d: 20, lanes: 4, mode: 'layer', eps: 1e-5, engine: 'compact', pipeline: 'add=2,mul=1,convert=1' },
  { dMax: 20, lanes: 3, mode: 'layer', eps: 1e-5, engine: 'compact', residual: true },
];

describe('verilator --lint-only -Wall, the smallest buffer', () => {
  it.each(SMALL)('%j: no warning', (opts) => {
    const g = generate(resolveConfig(opts), tempDir('iterl2norm-lint-'));
    const r = verilatorLint(g.files, g.top);
    expect(r.log).toBe('');
    expect(r.clean).toBe(true);
  });
});
