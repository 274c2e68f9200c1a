/**
 * The quantised element formats and E8M0 against values worked out by hand from the OCP
 * formats (OCP 8-bit Floating Point v1.0, OCP Microscaling v1.0): codes, saturation, ties to
 * even, subnormals, NaN.
 */
import { describe, expect, it } from 'vitest';
import { E8M0_NAN, FP4E2M1, FP6E2M3, FP6E3M2, FP8E4M3, FP8E5M2, INT8, MXINT8, decodeElement, e8m0Code, e8m0Value, outFormatOf, quantizeElement } from '../../generator/format/quant-format.ts';

describe('element formats', () => {
  it('have the OCP limits', () => {
    expect([FP8E4M3, FP8E5M2, FP6E3M2, FP6E2M3, FP4E2M1, INT8, MXINT8].map((f) => [f.maxValue, f.emax])).toEqual([
      [448, 8], [57344, 15], [28, 4], [7.5, 2], [6, 2], [127, 6], [127 / 64, 0],
    ]);
  });

  it('fp8e4m3 (e4m3fn): no infinity, saturation at 448, NaN 0x7f', () => {
    const q = (v: number) => quantizeElement(FP8E4M3, v);
    expect(q(1)).toBe(0x38); // 0 0111 000
    expect(q(-1)).toBe(0xb8);
    expect(q(448)).toBe(0x7e); // 0 1111 110
    expect(q(464)).toBe(0x7e); // would round past 448: saturates
    expect(q(1e9)).toBe(0x7e);
    expect(q(Infinity)).toBe(0x7e);
    expect(q(-Infinity)).toBe(0xfe);
    expect(q(NaN)).toBe(0x7f);
    expect(q(240)).toBe(0x77); // 1.875 * 2^7
    expect(q(1.0625)).toBe(0x38); // tie between 1 and 1.125: even
    expect(q(1.1875)).toBe(0x3a); // tie between 1.125 and 1.25: even
    expect(q(2 ** -6)).toBe(0x08); // smallest normal
    expect(q(2 ** -9)).toBe(0x01); // smallest subnormal
    expect(q(2 ** -10)).toBe(0x00); // half of it: tie to even zero
    expect(q(0.75 * 2 ** -9)).toBe(0x01);
    expect(q(-0)).toBe(0x80);
    expect(decodeElement(FP8E4M3, 0x7e)).toBe(448);
    expect(decodeElement(FP8E4M3, 0xff)).toBeNaN();
    expect(decodeElement(FP8E4M3, 0x01)).toBe(2 ** -9);
  });

  it('fp8e5m2: saturation at 57344, NaN 0x7e', () => {
    const q = (v: number) => quantizeElement(FP8E5M2, v);
    expect(q(1)).toBe(0x3c); // 0 01111 00
    expect(q(57344)).toBe(0x7b);
    expect(q(61440)).toBe(0x7b); // the tie towards infinity saturates
    expect(q(Infinity)).toBe(0x7b);
    expect(q(NaN)).toBe(0x7e);
    expect(q(2 ** -16)).toBe(0x01);
    expect(decodeElement(FP8E5M2, 0xfb)).toBe(-57344);
  });

  it('fp6 and fp4: no NaN, saturation', () => {
    expect([1, -1, 28, 30, 2 ** -4, NaN].map((v) => quantizeElement(FP6E3M2, v))).toEqual([0x0c, 0x2c, 0x1f, 0x1f, 0x01, 0]);
    expect([1, 7.5, 8, 0.125, 0.875].map((v) => quantizeElement(FP6E2M3, v))).toEqual([0x08, 0x1f, 0x1f, 0x01, 0x07]);
    // e2m1 values 0, 0.5, 1, 1.5, 2, 3, 4, 6 are codes 0..7
    expect([0.5, 1.5, 2.5, 5, 0.25, 0.75, -6, 7].map((v) => quantizeElement(FP4E2M1, v))).toEqual([1, 3, 4, 6, 0, 2, 0xf, 7]);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((c) => decodeElement(FP4E2M1, c))).toEqual([0, 0.5, 1, 1.5, 2, 3, 4, 6]);
  });

  it('int8 is symmetric, ties to even', () => {
    expect([2.5, 3.5, -2.5, 200, -200, NaN, -0.2].map((v) => quantizeElement(INT8, v))).toEqual([2, 4, 0xfe, 0x7f, 0x81, 0, 0]);
    expect(decodeElement(INT8, 0x81)).toBe(-127);
    // MX int8: code * 2^-6
    expect([1, 2, 1 / 128, 3 / 128, -1].map((v) => quantizeElement(MXINT8, v))).toEqual([0x40, 0x7f, 0, 2, 0xc0]);
  });

  it('E8M0 codes and clamp', () => {
    expect([0, -8, -130, 200].map(e8m0Code)).toEqual([127, 119, 0, 254]);
    expect(e8m0Value(127)).toBe(1);
    expect(e8m0Value(E8M0_NAN)).toBeNaN();
  });

  it('names', () => {
    expect(outFormatOf('MXFP4')?.kind).toBe('mx');
    expect(outFormatOf('int8')?.kind).toBe('scaled');
    expect(outFormatOf('fp8')).toBeUndefined();
  });
});
