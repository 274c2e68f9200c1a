// The engine references and their encoders against values derived by hand from the format
// definitions (OCP 8-bit floating point and Microscaling v1.0) and from the kernels' formulas;
// then the golden model's RMSNorm against them, with the agreement docs/engines.md states.
import { describe, expect, it } from 'vitest';
import { describeAgreement } from './agreement.ts';
import { compareNorm, makeTokens } from './compare-engines.ts';
import { type Token, flashinferRmsNorm, flashinferStaticFp8, roundIo, trtllmDynamicQuant, vllmDynamicQuant, vllmRmsNorm, vllmStaticFp8 } from './engines.ts';
import { cast } from './scaled-quant.ts';
import { decodeElement, e8m0Value, elementFormat, floorLog2, mxEmax, mxQuantise, mxValue, quantiseElement, quantiseInt8 } from './ocp-formats.ts';

const hex = (codes: number[]) => codes.map((c) => c.toString(16).padStart(2, '0')).join(' ');

describe('OCP element formats', () => {
  it('decode the documented codes', () => {
    const e4m3 = elementFormat('fp8e4m3');
    expect([0x7e, 0x08, 0x01, 0xfe].map((c) => decodeElement(e4m3, c))).toEqual([448, 2 ** -6, 2 ** -9, -448]);
    expect(decodeElement(e4m3, 0x7f)).toBeNaN();
    expect(decodeElement(e4m3, 0x78)).toBe(256); // S.1111.000: a number in e4m3fn, not infinity
    const e5m2 = elementFormat('fp8e5m2');
    expect([0x7b, 0x04, 0x01].map((c) => decodeElement(e5m2, c))).toEqual([57344, 2 ** -14, 2 ** -16]);
    expect(decodeElement(e5m2, 0x7c)).toBe(Infinity);
    expect(decodeElement(e5m2, 0x7d)).toBeNaN();
    expect(elementFormat('fp6e3m2').magnitudes.slice(-1)[0]).toBe(28);
    expect(decodeElement(elementFormat('fp6e3m2'), 0x01)).toBe(0.0625);
    expect(elementFormat('fp6e2m3').magnitudes.slice(-1)[0]).toBe(7.5);
    expect(decodeElement(elementFormat('fp6e2m3'), 0x01)).toBe(0.125);
    expect(elementFormat('fp4e2m1').magnitudes).toEqual([0, 0.5, 1, 1.5, 2, 3, 4, 6]);
    expect((['fp8e4m3', 'fp8e5m2', 'fp6e3m2', 'fp6e2m3', 'fp4e2m1', 'int8'] as const).map(mxEmax)).toEqual([8, 15, 4, 2, 2, 0]);
  });

  it('round to nearest, ties to the even code, and saturate', () => {
    const e4m3 = elementFormat('fp8e4m3');
    // 17 lies halfway between 16 (0x58) and 18 (0x59): the even code; 19 between 18 and 20 (0x5a)
    expect([17, 19, 448, 464, 1000, -1000, 335].map((v) => quantiseElement(e4m3, v))).toEqual([0x58, 0x5a, 0x7e, 0x7e, 0x7e, 0xfe, 0x7a]);
    expect(quantiseElement(elementFormat('fp8e5m2'), 61440)).toBe(0x7b); // beyond 57344: saturates, no infinity
    const fp4 = elementFormat('fp4e2m1');
    expect([2.5, 5, 0.25, 0.3, 7, -1].map((v) => quantiseElement(fp4, v))).toEqual([0x4, 0x6, 0x0, 0x1, 0x7, 0xa]);
    expect(quantiseElement(e4m3, -1e-9)).toBe(0x80); // the sign survives underflow
    expect([2.5, 3.5, -2.5, 127.5, -128.5, -200, 200].map((v) => quantiseInt8(v))).toEqual([2, 4, -2, 127, -128, -128, 127]);
  });

  it('every finite code encodes its own value, and every midpoint its even neighbour', () => {
    for (const name of ['fp8e4m3', 'fp8e5m2', 'fp6e3m2', 'fp6e2m3', 'fp4e2m1'] as const) {
      const f = elementFormat(name);
      const m = f.magnitudes;
      m.forEach((v, c) => expect(quantiseElement(f, v)).toBe(c));
      for (let c = 0; c + 1 < m.length; c++) expect(quantiseElement(f, (m[c]! + m[c + 1]!) / 2)).toBe(c % 2 === 0 ? c : c + 1);
    }
  });
});

describe('OCP MX v1.0 blocks', () => {
  it('scale by floor(log2(max)) - emax and quantise the elements', () => {
    // max 7: floor(log2 7) = 2 = emax(fp4) -> X = 0; 7 saturates to 6, 2.5 ties to 2
    expect(mxQuantise('fp4e2m1', [0.3, -1, 2.5, 7])).toEqual({ scales: [127], codes: [0x1, 0xa, 0x4, 0x7] });
    // max 1: X = 0 - 2 = -2, 1 / 2^-2 = 4
    expect(mxQuantise('fp4e2m1', [1])).toEqual({ scales: [125], codes: [0x6] });
    // max 672: X = 9 - 8 = 1, 672 / 2 = 336 ties between 320 (0x7a) and 352 (0x7b)
    expect(mxQuantise('fp8e4m3', [672])).toEqual({ scales: [128], codes: [0x7a] });
    // MXINT8: 1.0 = 64 * 2^-6; max 3: X = 1, 1.5 = 96 * 2^-6
    expect(mxQuantise('int8', [1, -0.5])).toEqual({ scales: [127], codes: [0x40, 0xe0] });
    expect(mxQuantise('int8', [3])).toEqual({ scales: [128], codes: [0x60] });
    expect(mxQuantise('fp6e2m3', [0, 0])).toEqual({ scales: [0], codes: [0, 0] });
    expect([e8m0Value(127), e8m0Value(0), e8m0Value(254)]).toEqual([1, 2 ** -127, 2 ** 127]);
    expect(e8m0Value(255)).toBeNaN();
  });

  it('blocks of 32 (the last shorter) and the value of a code', () => {
    const v = Array.from({ length: 40 }, (_, i) => (i < 32 ? i / 8 : 100 + i));
    const { scales, codes } = mxQuantise('fp8e5m2', v);
    expect(scales).toEqual([127 + floorLog2(31 / 8) - 15, 127 + floorLog2(139) - 15]);
    expect(codes).toHaveLength(40);
    expect(mxValue('fp8e5m2', codes[8]!, scales[0]!)).toBe(1);
    expect(mxValue('int8', 0xe0, 127)).toBe(-0.5);
  });
});

describe('engine kernels', () => {
  // d = 2, x = (3, 4), gamma 1, eps 0: mean square 12.5, rms = 1/sqrt(12.5)
  const token: Token = { io: 'bf16', x: [3, 4], w: [1, 1], eps: 0 };
  const y = [217 / 256, 145 / 128]; // 0.848528 and 1.131371 rounded to bf16

  it('vLLM and FlashInfer RMSNorm, and where the residual sum is rounded', () => {
    expect(vllmRmsNorm(token, 'io').y).toEqual(y);
    expect(flashinferRmsNorm(token).y).toEqual(y);
    // 256 + 1 is 257 in fp32, 256 in bf16: the sum point decides what is normalised
    const withResidual: Token = { io: 'bf16', x: [256, 1], r: [1, 0], w: [1, 1], eps: 0 };
    expect(vllmRmsNorm(withResidual, 'io').residual).toEqual([256, 1]);
    expect(vllmRmsNorm(withResidual, 'fp32').residual).toEqual([256, 1]);
    const ioSum = vllmRmsNorm(withResidual, 'io').y[1]!;
    const fp32Sum = vllmRmsNorm(withResidual, 'fp32').y[1]!;
    expect(ioSum).toBe(roundIo('bf16', Math.fround(1 / Math.sqrt((256 * 256 + 1) / 2))));
    expect(fp32Sum).toBe(roundIo('bf16', Math.fround(1 / Math.sqrt((257 * 257 + 1) / 2))));
  });

  it('vLLM dynamic per-token FP8 (divide) and INT8 (reciprocal)', () => {
    const s = Math.fround(y[1]! / 448);
    const fp8 = vllmDynamicQuant(token, 'fp8e4m3');
    // 0.84765625 / s = 335.2: between 320 (0x7a) and 352; max|y| / s = 448 (0x7e)
    expect([fp8.scale, hex(fp8.q)]).toEqual([s, '7a 7e']);
    const int8 = vllmDynamicQuant(token, 'int8');
    expect([int8.scale, int8.q]).toEqual([Math.fround(y[1]! / 127), [95, 127]]);
    // all zero: the scale floor 1/(448*512) keeps the division finite
    expect(vllmDynamicQuant({ ...token, x: [0, 0], eps: 1e-6 }, 'fp8e4m3').scale).toBe(Math.fround(1 / (448 * 512)));
    // an upper bound on the scale clips the largest element
    expect(hex(vllmDynamicQuant(token, 'fp8e4m3', 0.5).q)).toBe('7e 7e');
  });

  it('static FP8: vLLM after two bf16 roundings, FlashInfer from fp32, both clamped to 448', () => {
    expect(hex(vllmStaticFp8(token, 1 / 256).q)).toBe(hex([217, 290].map((v) => quantiseElement(elementFormat('fp8e4m3'), v))));
    const fi = flashinferStaticFp8(token, 1 / 256);
    expect(fi.y[0]).toBe(Math.fround(Math.fround(3 * Math.fround(1 / Math.sqrt(12.5))) * 1));
    expect(hex(fi.q)).toBe(hex(fi.y.map((v) => cast('fp8e4m3', Math.fround(v * 256)))));
    expect(hex(flashinferStaticFp8(token, 2 ** -10).q)).toBe('7e 7e');
  });

  it('TensorRT-LLM per-token: multiplier Qmax/amax, amax at least bf16(1e-6)', () => {
    const int8 = trtllmDynamicQuant(token, 'int8');
    expect([int8.scale, int8.q]).toEqual([Math.fround(y[1]! / 127), [95, 127]]);
    expect(trtllmDynamicQuant({ ...token, x: [0, 0], eps: 1e-6 }, 'int8').scale).toBe(Math.fround(roundIo('bf16', 1e-6) / 127));
    expect(() => trtllmDynamicQuant({ ...token, r: [0, 0] }, 'int8')).toThrow(/no residual/);
  });
});

describe('the golden model against the engines', () => {
  it('RMSNorm with gamma: every word FlashInfer\'s, about three in four vLLM\'s, never more than one step off', () => {
    const bf16 = compareNorm(makeTokens('bf16', 64, 16, 'engines-bf16'), 1e-6, 16);
    const fp16 = compareNorm(makeTokens('fp16', 64, 16, 'engines-fp16'), 1e-6, 16);
    for (const r of [bf16, fp16]) {
      expect(r.flashinfer.equal, describeAgreement(r.flashinfer)).toBe(r.flashinfer.words);
      expect(r.vllm.maxSteps, describeAgreement(r.vllm)).toBe(1);
      expect(r.vllm.equal / r.vllm.words, describeAgreement(r.vllm)).toBeGreaterThan(0.6);
    }
  });
});
