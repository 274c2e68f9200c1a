// The library's outFormat, outScale and scales keys, as the command line's options.
import { describe, expect, it } from 'vitest';
import { OptionError, golden, goldenWithScales, toBits } from '../../api/index.ts';

const x = () => [toBits('bf16', [1, 2, 2, 0])];

describe('golden with outFormat', () => {
  it('MX: y ~ (1/3, 2/3, 2/3, 0) in the internal format, X = -1 - 8 = -9, codes by hand', () => {
    // y * 2^9 = 170.7 -> 176 (0x73: a quantum of 16 at 2^7), 341.3 -> 352 (0x7b: a quantum of 32 at 2^8)
    expect(goldenWithScales({ d: 4, lanes: 1, outFormat: 'mxfp8e4m3' }, x())).toEqual({ outputs: [[0x73, 0x7b, 0x7b, 0]], scales: [[118]] });
  });

  it('dynamic fp8e4m3: the largest output maps to 448, half of it to 224', () => {
    const r = goldenWithScales({ d: 4, lanes: 1, outFormat: 'fp8e4m3' }, x());
    expect(r.outputs).toEqual([[0x76, 0x7e, 0x7e, 0]]);
    expect(golden({ d: 4, lanes: 1, outFormat: 'fp8e4m3' }, x())).toEqual(r.outputs);
  });

  it('static: the scale key, checked', () => {
    // s = 2^-8: (1/3) * 256 = 85.3 -> 88 (0x6b: 1.375 * 2^6), 170.7 -> 176 (0x73)
    expect(golden({ d: 4, lanes: 1, outFormat: 'fp8e4m3', outScale: 'static', scales: 0x3b800000 }, x())).toEqual([[0x6b, 0x73, 0x73, 0]]);
    expect(() => golden({ d: 4, lanes: 1, outFormat: 'fp8e4m3', outScale: 'static' }, x())).toThrow(OptionError);
    expect(() => golden({ d: 4, lanes: 1, outFormat: 'int8', scales: 0x3b800000 }, x())).toThrow(/scales is the static scale of outScale static/);
    expect(() => golden({ d: 4, lanes: 3, outFormat: 'mxfp4' }, x())).toThrow(/lanes 3 with outFormat mxfp4/);
  });
});
