// The metrics of the accuracy study on hand-made cases (docs/accuracy.md, "What is measured").
import { describe, expect, it } from 'vitest';
import { BF16, FP32, canonicalNaN, encode, infBits, negate } from '../../generator/format/float-format.ts';
import { addVector, emptyStats, meanNormErr, meanRelL2, meanUlp, mergeStats, ulpError, vectorMetrics } from '../../generator/accuracy/metrics.ts';
import { ulpDistance } from '../../generator/model/reference.ts';

const f32 = (v: number) => encode(FP32, v);

describe('ulp error', () => {
  it('counts consecutive patterns, across zero and through the subnormals', () => {
    expect(ulpError(FP32, f32(1), f32(1))).toBe(0);
    expect(ulpError(FP32, f32(1), f32(1) + 1)).toBe(1);
    expect(ulpError(FP32, f32(1), f32(1) - 3)).toBe(3);
    expect(ulpError(FP32, f32(0), negate(FP32, 0))).toBe(0); // +0 and -0
    expect(ulpError(FP32, 1, negate(FP32, 1))).toBe(2); // +min subnormal to -min subnormal
    expect(ulpError(FP32, 0x00800000, 0x007fffff)).toBe(1); // smallest normal to largest subnormal
    expect(ulpError(FP32, f32(2), f32(1))).toBe(2 ** 23);
    expect(ulpError(BF16, encode(BF16, 1), encode(BF16, 2))).toBe(128);
  });

  it('is infinite for NaN or infinity, unless both patterns are equal', () => {
    expect(ulpError(FP32, canonicalNaN(FP32), f32(1))).toBe(Infinity);
    expect(ulpError(FP32, infBits(FP32), 0x7f7fffff)).toBe(Infinity);
    expect(ulpError(FP32, canonicalNaN(FP32), canonicalNaN(FP32))).toBe(0);
  });

  it('agrees with reference.ts ulpDistance on finite patterns', () => {
    for (const [a, b] of [[f32(0.3), f32(-0.3)], [f32(1e-40), f32(3e-41)], [f32(5), f32(7)]]) {
      expect(ulpError(FP32, a!, b!)).toBe(ulpDistance(FP32, a!, b!));
    }
  });
});

describe('vector metrics', () => {
  it('an exactly rounded output: 0 ulp, and the rounding floor in L2 and norm', () => {
    const u = new Float64Array([0.6, 0.8]);
    const ref = [f32(0.6), f32(0.8)];
    const m = vectorMetrics(FP32, ref, ref, u);
    expect(m).toMatchObject({ maxUlp: 0, sumUlp: 0, exact: 2, within1: 2 });
    const e0 = Math.fround(0.6) - 0.6;
    const e1 = Math.fround(0.8) - 0.8;
    expect(m.relL2).toBeCloseTo(Math.hypot(e0, e1), 20);
    const s = Math.fround(0.6) ** 2 + Math.fround(0.8) ** 2; // exact in binary64
    expect(m.normErr / Math.abs((s - 1) / (Math.sqrt(s) + 1))).toBeCloseTo(1, 9);
  });

  it('counts ulps, the worst element, and the relative L2 error', () => {
    const ref = [f32(0.5), f32(0.5), f32(0.5), f32(0.5)];
    const y = [ref[0]!, ref[1]! + 1, ref[2]! + 2, ref[3]!];
    const m = vectorMetrics(FP32, y, ref, new Float64Array([0.5, 0.5, 0.5, 0.5]));
    expect(m).toMatchObject({ maxUlp: 2, sumUlp: 3, exact: 2, within1: 3, worstElement: 2 });
    // the ulp above 0.5 is 2^-24: errors +2^-24 and +2^-23
    expect(m.relL2 / Math.hypot(2 ** -24, 2 ** -23)).toBeCloseTo(1, 12);
    // ||y||^2 = 1 + (2^-24 + 2^-23) + tiny, so ||y|| - 1 ~ 1.5 * 2^-24
    expect(m.normErr / (1.5 * 2 ** -24)).toBeCloseTo(1, 6);
  });

  it('NaN outputs make every error infinite', () => {
    const ref = [f32(1), 0];
    const m = vectorMetrics(FP32, [canonicalNaN(FP32), 0], ref, new Float64Array([1, 0]));
    expect(m.maxUlp).toBe(Infinity);
    expect(m.relL2).toBe(Infinity);
    expect(m.normErr).toBe(Infinity);
  });
});

describe('stats', () => {
  it('accumulate and merge: max of maxima, means over elements (ulp) and vectors (L2, norm)', () => {
    const a = emptyStats();
    addVector(a, { maxUlp: 1, sumUlp: 2, exact: 6, within1: 8, worstElement: 3, relL2: 1e-8, normErr: 2e-9 }, 8, { dist: 'gaussian', d: 8, vector: 0 });
    const b = emptyStats();
    addVector(b, { maxUlp: 4, sumUlp: 6, exact: 5, within1: 7, worstElement: 5, relL2: 3e-8, normErr: 4e-9 }, 8, { dist: 'llm', d: 8, vector: 7 });
    const m = mergeStats(a, b);
    expect(m).toMatchObject({ vectors: 2, elements: 16, maxUlp: 4, sumUlp: 8, exact: 11, within1: 15, maxRelL2: 3e-8, maxNormErr: 4e-9 });
    expect(m.worst).toEqual({ dist: 'llm', d: 8, vector: 7, element: 5 });
    expect(meanUlp(m)).toBe(0.5);
    expect(meanRelL2(m)).toBeCloseTo(2e-8, 20);
    expect(meanNormErr(m)).toBeCloseTo(3e-9, 20);
    expect(meanUlp(emptyStats())).toBe(0);
  });
});
