// The dataflow sketch in the top file's header (generator/rtl/views/diagram.ts) keeps its
// right-hand rail at one column on every line from the ring to the output, whatever the lengths of
// the names and numbers printed into it (every mode, fixed and --d-max, pipelined, residual).
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { renderDesign } from '../../generator/rtl/generate.ts';

/** Per line of the rail (from the ring's row to the last `v`): the column of its mark, or -1 without one. */
export function railColumns(top: string): number[] {
  const lines = top.split('\n');
  const first = lines.findIndex((l) => l.startsWith('//   in_data --> _slots'));
  const last = lines.findIndex((l, i) => i > first && l.startsWith('//   _output:')) - 1;
  return lines.slice(first, last + 1).map((l) => {
    const back = /<-+\+ \(/.exec(l);
    if (back) return back.index + back[0].length - 3;
    return /[|+v]$/.test(l) ? l.length - 1 : -1;
  });
}

describe('the header diagram is aligned', () => {
  const cases: ConfigOptions[] = [
    { d: 768, lanes: 16 }, { d: 17, lanes: 3, mode: 'rms', pipeline: 'add=2,mul=1,convert=1' },
    { dMax: 1024, lanes: 16, mode: 'layer' }, { dMax: 64, lanes: 1, mode: 'rms', eps: 1e-5 }, { d: 4096, lanes: 64, mode: 'layer' },
    { d: 64, lanes: 4, mode: 'layer', residual: true, eps: 1e-5 },
  ];
  for (const opts of cases) {
    it(JSON.stringify(opts), () => {
      const top = renderDesign(resolveConfig(opts)).at(-1)!.text;
      const cols = railColumns(top);
      expect(cols.length).toBeGreaterThan(8);
      expect(new Set(cols)).toEqual(new Set([cols[0]]));
      expect(cols[0]).toBeGreaterThan(0);
    });
  }
  it('a line off the rail is seen', () => {
    const top = renderDesign(resolveConfig({ d: 768, lanes: 16 })).at(-1)!.text.replace(/(\/\/      v +)\|\n/, '$1 |\n');
    expect(new Set(railColumns(top)).size).toBe(2);
  });
});
