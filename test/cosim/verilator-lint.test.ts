// Verilator lint (`--lint-only -Wall`, Verilog-2005) of the synthesis matrix: fp32 and bf16, d in
// {64, 768, 1024}, lanes {1, 16}, default options otherwise. No warning at all.
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.ts';
import { resolveConfig } from '../../generator/config.ts';
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
