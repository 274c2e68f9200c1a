// The dataflow sketch in the top file's header keeps its right-hand column at one position, whatever
// the lengths of the numbers printed into it (every mode, fixed and --d-max, pipelined).
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { renderDesign } from '../../generator/rtl/generate.ts';

/** The columns of the marks (| + v ending a line, or the + of an arrow back) in the sketch. */
function markColumns(top: string): number[] {
  const lines = top.split('\n');
  const first = lines.findIndex((l) => l.startsWith('//   (modules '));
  const last = lines.findIndex((l, i) => i > first && l.startsWith('// Latency'));
  const cols: number[] = [];
  for (const l of lines.slice(first + 1, last)) {
    if (/\s[|+v]$/.test(l) || /-[+|]$/.test(l)) cols.push(l.length - 1);
    const back = /<-+\+ /.exec(l);
    if (back) cols.push(back.index + back[0].length - 2);
  }
  return cols;
}

describe('the header diagram is aligned', () => {
  const cases: ConfigOptions[] = [
    { d: 768, lanes: 16 }, { d: 17, lanes: 3, mode: 'rms', pipeline: 'add=2,mul=1,convert=1' },
    { dMax: 1024, lanes: 16, mode: 'layer' }, { dMax: 64, lanes: 1, mode: 'rms', eps: 1e-5 }, { d: 4096, lanes: 64, mode: 'layer' },
  ];
  for (const opts of cases) {
    it(JSON.stringify(opts), () => {
      const files = renderDesign(resolveConfig(opts));
      const top = files[files.length - 1]!.text;
      const cols = markColumns(top);
      expect(cols.length).toBeGreaterThan(8);
      expect(new Set(cols).size).toBe(1);
    });
  }
});
