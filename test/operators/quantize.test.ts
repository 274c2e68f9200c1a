/**
 * The quantiser's golden model against scales and codes worked out by hand (binary expansions
 * of 1/448 and 1/127, the OCP MX scale rule).
 */
import { describe, expect, it } from 'vitest';
import { FP16, FP32, encode } from '../../generator/format/float-format.ts';
import { FP4E2M1, FP8E4M3, INT8, MXINT8 } from '../../generator/format/quant-format.ts';
import { dynamicScale, quantizeDynamic, quantizeMx, quantizeScaled, reciprocalScale } from '../../generator/operators/quantize.ts';

const f32 = (vs: number[]) => vs.map((v) => encode(FP32, v));

describe('per-vector scale', () => {
  it('fp8e4m3 dynamic: s = RNE(1/448) rounds up, so 1/s rounds to 448 - ulp', () => {
    // 1/448 = 1.001001001...b * 2^-9: bits 24.. are 1001..., round up -> mantissa 0x124925
    const q = quantizeDynamic(FP8E4M3, FP32, f32([1, -0.5, 0.25]));
    expect(q.scales).toEqual([0x3b124925]);
    expect(reciprocalScale(0x3b124925)).toBe(encode(FP32, 448 - 2 ** -15));
    // 447.99997 -> 448 (0x7e); -223.99998 -> -224 (0xf6); 111.99999 -> 112 (0x6e)
    expect(q.codes).toEqual([0x7e, 0xf6, 0x6e]);
  });

  it('int8 dynamic: s = RNE(1/127) rounds down, 1/s rounds to 127 exactly', () => {
    // 1/127 = sum 2^-7k: mantissa bits 7, 14, 21 set, bit 24 clear -> 0x010204
    const q = quantizeDynamic(INT8, FP32, f32([1, 0.5, -0.5, 0.25]));
    expect(q.scales).toEqual([0x3c010204]);
    expect(q.codes).toEqual([127, 64, 0xc0, 32]); // 63.5 ties to even 64, 31.75 -> 32
  });

  it('a zero vector gets the floor 2^-126 and zeros; a NaN gives NaN scale and NaN codes', () => {
    expect(dynamicScale(FP8E4M3, FP16, [0, 0x8000])).toBe(0x00800000);
    expect(quantizeDynamic(FP8E4M3, FP16, [0, 0x8000]).codes).toEqual([0, 0x80]);
    const nan = quantizeDynamic(FP8E4M3, FP16, [0x7e00, 0x3c00]);
    expect(nan.scales).toEqual([0x7fc00000]);
    expect(nan.codes).toEqual([0x7f, 0x7f]);
    expect(quantizeDynamic(INT8, FP16, [0x7c00, 0x3c00]).codes).toEqual([0, 0]);
  });

  it('static: y * (1/s), one rounding', () => {
    // s = 0.5, r = 2: 100 -> 200 = 1.5625 * 2^7, a tie between 192 and 208 -> 192 (0x74)
    expect(quantizeScaled(FP8E4M3, FP32, f32([100, 1000]), 0x3f000000).codes).toEqual([0x74, 0x7e]);
  });
});

describe('MX blocks', () => {
  it('the OCP rule: X = floor(log2 max) - emax, a scale per 32 elements', () => {
    // block 1: max 3.0 -> X = 1 - 2 = -1 (code 126): 3 -> 6, 0.3 -> 0.6 -> 0.5, -1 -> -2
    // block 2 (2 elements): max 1.0 -> X = -2 (code 125): 1 -> 4 (0x6), 0.1 -> 0.4 -> 0.5 (0x1)
    const y = f32([3, 0.3, -1, ...new Array<number>(29).fill(0), 1, 0.1]);
    const q = quantizeMx(FP4E2M1, FP32, y);
    expect(q.scales).toEqual([126, 125]);
    expect(q.codes.slice(0, 3)).toEqual([7, 1, 0xc]);
    expect(q.codes.slice(32)).toEqual([6, 1]);
  });

  it('zero block, NaN block, clamp', () => {
    expect(quantizeMx(FP8E4M3, FP32, [0, 0x80000000])).toEqual({ codes: [0, 0x80], scales: [0] });
    expect(quantizeMx(FP8E4M3, FP32, [0x7fc00000, 0])).toEqual({ codes: [0x7f, 0x7f], scales: [0xff] });
    // max 2^-140 (fp32 subnormal): floor(log2) - 0 = -140, clamped to -127; 2^-140 * 2^127 = 2^-13 -> 0 at 2^-6 steps
    expect(quantizeMx(MXINT8, FP32, [encode(FP32, 2 ** -140)])).toEqual({ codes: [0], scales: [0] });
    // mxint8, max 1.5: X = 0 (code 127), 1.5 -> 96
    expect(quantizeMx(MXINT8, FP32, f32([1.5, -0.25]))).toEqual({ codes: [96, 0xf0], scales: [127] });
  });
});
