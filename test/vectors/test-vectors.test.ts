import { describe, expect, it } from 'vitest';
import {
  BF16,
  canonicalNaN,
  classify,
  decode,
  FP16,
  FP32,
  infBits,
  maxFinite,
  maxFiniteBits,
  minNormal,
  negate,
  parseFormat,
  signBit,
  type FloatFormat,
} from '../../generator/format/float-format.ts';
import {
  CORNER_KINDS,
  cornerVectors,
  randomVectors,
  testVectors,
  type VectorKind,
} from '../../generator/vectors/test-vectors.ts';

const E10M30 = parseFormat('e10m30');
const E4M3 = parseFormat('e4m3');
const FORMATS: FloatFormat[] = [FP32, BF16, FP16, E10M30, E4M3];
const DS = [1, 2, 7, 64, 768];

function checkShape(fmt: FloatFormat, d: number, vecs: Array<{ kind: VectorKind; words: number[] }>): void {
  const limit = 2 ** fmt.width;
  for (const v of vecs) {
    expect(v.words).toHaveLength(d);
    for (const w of v.words) {
      if (!(Number.isInteger(w) && w >= 0 && w < limit)) throw new Error(`${fmt.name} d=${d} ${v.kind}: bad word ${w}`);
    }
  }
}

describe('cornerVectors', () => {
  for (const fmt of FORMATS) {
    for (const d of DS) {
      it(`${fmt.name} d=${d}: every corner kind present, length d, valid words`, () => {
        const vecs = cornerVectors(fmt, d);
        checkShape(fmt, d, vecs);
        const kinds = new Set(vecs.map((v) => v.kind));
        expect([...kinds].sort()).toEqual([...CORNER_KINDS].sort());
        expect(kinds.has('random') || kinds.has('gaussian')).toBe(false);
        // Deterministic: a second call gives the same vectors.
        expect(cornerVectors(fmt, d)).toEqual(vecs);
      });
    }
  }

  for (const fmt of [FP32, BF16, FP16, E10M30]) {
    it(`${fmt.name}: the special values are there`, () => {
      const d = 64;
      const vecs = cornerVectors(fmt, d);
      const of = (k: VectorKind) => vecs.filter((v) => v.kind === k).map((v) => v.words);
      const cls = (ws: number[]) => ws.map((w) => classify(fmt, w));
      const inf = infBits(fmt);
      // zeros
      expect(of('zero')).toContainEqual(new Array(d).fill(0));
      expect(of('negative-zero')).toContainEqual(new Array(d).fill(signBit(fmt)));
      // NaN: one NaN among normal values; the canonical one is used.
      const nan = of('nan');
      expect(nan.some((ws) => ws.filter((w) => classify(fmt, w) === 'nan').length === 1 && ws.includes(canonicalNaN(fmt)))).toBe(true);
      expect(nan.every((ws) => cls(ws).includes('nan'))).toBe(true);
      // inf: +inf alone among normals, -inf alone among normals, both in one vector.
      const infs = of('inf');
      const count = (ws: number[], x: number) => ws.filter((w) => w === x).length;
      expect(infs.some((ws) => count(ws, inf) === 1 && !cls(ws).includes('nan') && count(ws, negate(fmt, inf)) === 0)).toBe(true);
      expect(infs.some((ws) => count(ws, negate(fmt, inf)) === 1 && count(ws, inf) === 0)).toBe(true);
      expect(infs.some((ws) => count(ws, inf) === 1 && count(ws, negate(fmt, inf)) === 1)).toBe(true);
      // huge: maxFinite (square overflows) and values around sqrt(maxFinite).
      const huge = of('huge').flat().map((w) => Math.abs(decode(fmt, w)));
      expect(huge).toContain(maxFinite(fmt));
      expect(of('huge').flat()).toContain(maxFiniteBits(fmt));
      const sqrtMax = Math.sqrt(maxFinite(fmt));
      expect(huge.some((x) => x > sqrtMax / 4 && x < sqrtMax * 4)).toBe(true);
      expect(huge.some((x) => x * x > maxFinite(fmt))).toBe(true);
      // tiny: minNormal and values near sqrt(minNormal) whose squares underflow.
      const tiny = of('tiny').flat().map((w) => Math.abs(decode(fmt, w)));
      expect(tiny).toContain(minNormal(fmt));
      expect(tiny.some((x) => x > 0 && x * x < minNormal(fmt) && x > Math.sqrt(minNormal(fmt)) / 8)).toBe(true);
      // subnormal entries.
      expect(of('subnormal').every((ws) => cls(ws).includes('subnormal'))).toBe(true);
      expect(of('subnormal').flat()).toContain(1);
      // one-hot at first, middle and last, with value 1 and another value.
      const oneHots = of('one-hot').map((ws) => ws.findIndex((w) => classify(fmt, w) !== 'zero'));
      expect(new Set(oneHots)).toEqual(new Set([0, d / 2, d - 1]));
      expect(of('one-hot').some((ws) => ws.some((w) => decode(fmt, w) === 1))).toBe(true);
      expect(of('one-hot').some((ws) => ws.some((w) => Math.abs(decode(fmt, w)) !== 1 && decode(fmt, w) !== 0))).toBe(true);
      // constant: positive and negative.
      const constants = of('constant').filter((ws) => ws.every((w) => w === ws[0]));
      expect(constants.some((ws) => decode(fmt, ws[0]!) > 0)).toBe(true);
      expect(constants.some((ws) => decode(fmt, ws[0]!) < 0)).toBe(true);
      // alternating: +a, -a, ...
      for (const ws of of('alternating')) {
        ws.forEach((w, i) => expect(w).toBe(i % 2 === 0 ? ws[0] : negate(fmt, ws[0]!)));
        expect(decode(fmt, ws[0]!)).toBeGreaterThan(0);
      }
      // sparse: about 90% zeros.
      for (const ws of of('sparse')) {
        const zeros = ws.filter((w) => classify(fmt, w) === 'zero').length;
        expect(zeros).toBeGreaterThanOrEqual(Math.floor(0.85 * d));
        expect(zeros).toBeLessThan(d);
      }
      // mixed scale: most entries ~1e-3, a few ~100x larger.
      for (const ws of of('mixed-scale')) {
        const mags = ws.map((w) => Math.abs(decode(fmt, w)));
        const big = mags.filter((x) => x > 0.02).length;
        expect(big).toBeGreaterThan(0);
        expect(big).toBeLessThan(d / 8);
      }
      // ramp: strictly increasing.
      for (const ws of of('ramp')) {
        const xs = ws.map((w) => decode(fmt, w));
        for (let i = 1; i < d; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!);
      }
    });
  }
});

describe('randomVectors', () => {
  it('is deterministic for a seed and differs for another seed', () => {
    const a = randomVectors(BF16, 64, 20, 'seed-a');
    expect(randomVectors(BF16, 64, 20, 'seed-a')).toEqual(a);
    const b = randomVectors(BF16, 64, 20, 'seed-b');
    expect(b).not.toEqual(a);
    expect(b.map((v) => v.words)).not.toEqual(a.map((v) => v.words));
  });

  it('honours the count, uses only the random kinds, all finite', () => {
    for (const fmt of FORMATS) {
      for (const count of [0, 1, 50]) {
        const vecs = randomVectors(fmt, 7, count, 's');
        expect(vecs).toHaveLength(count);
        checkShape(fmt, 7, vecs);
        for (const v of vecs) {
          expect(['random', 'gaussian']).toContain(v.kind);
          for (const w of v.words) expect(['zero', 'subnormal', 'normal']).toContain(classify(fmt, w));
        }
      }
    }
  });

  it('mixes Gaussian vectors of varied scale with uniform [-1, 1] vectors', () => {
    const vecs = randomVectors(FP32, 32, 200, 'mix');
    const uniform = vecs.filter((v) => v.kind === 'random');
    const gaussian = vecs.filter((v) => v.kind === 'gaussian');
    expect(uniform.length).toBeGreaterThan(20);
    expect(gaussian.length).toBeGreaterThan(100);
    for (const v of uniform) for (const w of v.words) expect(Math.abs(decode(FP32, w))).toBeLessThanOrEqual(1);
    const scales = new Set(gaussian.map((v) => Math.round(Math.log2(Math.max(...v.words.map((w) => Math.abs(decode(FP32, w))))))));
    expect(scales.size).toBeGreaterThan(10);
  });
});

describe('testVectors', () => {
  it('puts all corners first, then random vectors up to count', () => {
    const corners = cornerVectors(FP16, 7);
    const vecs = testVectors(FP16, 7, corners.length + 25, 'x');
    expect(vecs).toHaveLength(corners.length + 25);
    expect(vecs.slice(0, corners.length)).toEqual(corners);
    expect(vecs.slice(corners.length)).toEqual(randomVectors(FP16, 7, 25, 'x'));
  });

  it('returns at least all corners when count is smaller', () => {
    const corners = cornerVectors(FP32, 64);
    expect(testVectors(FP32, 64, 3, 'x')).toEqual(corners);
    expect(testVectors(FP32, 64, 0, 'x')).toEqual(corners);
  });

  it('is deterministic for a seed and differs for another seed', () => {
    const a = testVectors(BF16, 768, 100, '1');
    expect(testVectors(BF16, 768, 100, '1')).toEqual(a);
    expect(testVectors(BF16, 768, 100, '2')).not.toEqual(a);
    checkShape(BF16, 768, a);
  });

  it('rejects a bad d', () => {
    expect(() => testVectors(FP32, 0, 10, 'x')).toThrow(RangeError);
    expect(() => randomVectors(FP32, 4, -1, 'x')).toThrow(RangeError);
  });
});
