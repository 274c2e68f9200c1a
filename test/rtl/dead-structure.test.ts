// The emitted Verilog of a handful of configurations has no structure that does nothing: no case
// whose only arm is an empty default, no select with equal arms (`a ? y : y`), no register that is
// written and never read (a read inside an `unused_*` wire, which only quiets the linter, does not
// count). The scan (dead-structure.ts) is textual: no simulator. It catches each planted instance.
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { renderDesign } from '../../generator/rtl/generate.ts';
import { deadStructure } from './dead-structure.ts';

const cases: ConfigOptions[] = [
  { d: 64, lanes: 16 }, { d: 20, lanes: 3, mode: 'rms', pipeline: 'add=2,mul=1,convert=1', eps: 1e-5 },
  { dMax: 40, lanes: 1, mode: 'layer' }, { d: 48, lanes: 3, mode: 'layer', rule: 'euler', affine: 'gamma' },
  { dMax: 64, lanes: 4, mode: 'rms', residual: true, outFormat: 'fp8e4m3' }, { d: 64, lanes: 4, steps: 0 },
];

describe('no dead structure in the emitted Verilog', () => {
  for (const opts of cases) {
    it(JSON.stringify(opts), () => {
      const found = renderDesign(resolveConfig(opts)).flatMap((f) => deadStructure(f.text).map((x) => `${f.file}: ${x}`));
      expect(found).toEqual([]);
    });
  }
  it('catches each planted instance', () => {
    const text = renderDesign(resolveConfig({ d: 64, lanes: 16 })).find((f) => f.file.endsWith('_output.v'))!.text;
    const plant = (add: string) => text.replace(/\nendmodule/, `\n${add}\nendmodule`);
    expect(deadStructure(plant('    always @* case (o_last) default: ; endcase'))).toEqual(['empty case (o_last)']);
    expect(deadStructure(plant('    wire planted = o_last ? o_valid : o_valid;'))).toEqual(['select with equal arms: ? o_valid : o_valid;']);
    expect(deadStructure(plant('    reg planted_q;\n    always @(posedge clk) planted_q <= o_last;\n    wire unused_planted = planted_q;'))).toEqual(['register planted_q is never read']);
  });
});
