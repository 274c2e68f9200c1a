import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../generator/config.ts';
import { BF16, FP32, type FloatFormat, canonicalNaN, decode, encode } from '../../generator/format/float-format.ts';
import { IterL2NormModel } from '../../generator/model/iterl2norm.ts';

/** Distance in units of the last place between two finite values of a format (same sign). */
function ulpDistance(fmt: FloatFormat, a: number, b: number): number {
  const sign = (x: number) => (x >= 2 ** (fmt.width - 1) ? -1 : 1);
  const ordinal = (x: number) => sign(x) * (x % 2 ** (fmt.width - 1));
  return Math.abs(ordinal(a) - ordinal(b));
}

function gaussianVector(fmt: FloatFormat, d: number, rng: () => number): number[] {
  const scale = 2 ** Math.floor(rng() * 40 - 20);
  return Array.from({ length: d }, () => {
    const g = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    return encode(fmt, g * scale);
  });
}

describe('IterL2NormModel accuracy (against float64 x/||x||, exactly rounded)', () => {
  it('bf16 with the default internal format: every output within 1 ulp', () => {
    const rng = seedrandom('bf16-accuracy');
    for (const d of [64, 100, 768]) {
      const model = new IterL2NormModel(resolveConfig({ d, format: 'bf16' }));
      for (let v = 0; v < 30; v++) {
        const x = gaussianVector(BF16, d, rng);
        const xs = x.map((w) => decode(BF16, w));
        const norm = Math.sqrt(xs.reduce((s, t) => s + t * t, 0));
        const y = model.normalise(x);
        y.forEach((w, i) => expect(ulpDistance(BF16, w, encode(BF16, xs[i] / norm))).toBeLessThanOrEqual(1));
      }
    }
  });

  it('converges: more steps never hurt fp32, and the paper setting is far worse than the default', () => {
    const rng = seedrandom('fp32-steps');
    const d = 256;
    const vectors = Array.from({ length: 10 }, () => gaussianVector(FP32, d, rng));
    const worst = (opts: object) => {
      const model = new IterL2NormModel(resolveConfig({ d, format: 'fp32', ...opts }));
      let w = 0;
      for (const x of vectors) {
        const xs = x.map((t) => decode(FP32, t));
        const norm = Math.sqrt(xs.reduce((s, t) => s + t * t, 0));
        model.normalise(x).forEach((t, i) => { w = Math.max(w, ulpDistance(FP32, t, encode(FP32, xs[i] / norm))); });
      }
      return w;
    };
    const paper = worst({ rule: 'euler', init: 'exp', steps: 5, lambda: 0.25 });
    const dflt = worst({});
    expect(dflt).toBeLessThanOrEqual(8);
    expect(paper).toBeGreaterThan(100 * dflt);
    expect(worst({ steps: 3 })).toBeLessThanOrEqual(8);
  });
});

describe('IterL2NormModel special values (the documented policy)', () => {
  // fp32 internal format (narrower than the default): its overflow and underflow are documented below
  const model = new IterL2NormModel(resolveConfig({ d: 4, lanes: 2, format: 'fp32', internal: 'fp32' }));
  const nan = canonicalNaN(FP32);
  const f = (...v: number[]) => v.map((t) => encode(FP32, t));

  it('zero vector -> zeros with the input signs', () => {
    expect(model.normalise(f(0, -0, 0, -0))).toEqual(f(0, -0, 0, -0));
  });
  it('NaN anywhere -> every output the canonical NaN', () => {
    expect(model.normalise([...f(1, 2, 3), 0x7f800001])).toEqual([nan, nan, nan, nan]);
  });
  it('infinity anywhere -> every output NaN (the norm does not exist)', () => {
    expect(model.normalise(f(1, Infinity, 3, 4))).toEqual([nan, nan, nan, nan]);
  });
  it('a sum of squares that overflows the internal format -> NaN', () => {
    expect(model.normalise(f(3e38, 1, 1, 1))).toEqual([nan, nan, nan, nan]);
  });
  it('subnormal inputs are kept, not flushed: with a wider internal exponent they normalise', () => {
    const wide = new IterL2NormModel(resolveConfig({ d: 4, lanes: 2, format: 'fp32', internal: 'e10m30', steps: 3 }));
    expect(wide.normalise([1, 0, 0, 0]).map((w) => decode(FP32, w))).toEqual([1, 0, 0, 0]);
    expect(wide.normalise([0, 0, 0x80000003, 0]).map((w) => decode(FP32, w))).toEqual([0, 0, -1, 0]);
  });
  it('squares that underflow the internal format give a zero sum: zeros out (documented)', () => {
    expect(model.normalise([1, 0, 0, 0])).toEqual(f(0, 0, 0, 0));
  });
  it('one-hot of any magnitude -> +-1 within 1 ulp in fp32, exactly +-1 in bf16', () => {
    const bf = new IterL2NormModel(resolveConfig({ d: 4, lanes: 2, format: 'bf16' }));
    for (const v of [1, -7, 1e-15, 2e18, -3e-17]) {
      const y = model.normalise(f(0, v, 0, 0)).map((w) => decode(FP32, w));
      expect(Math.abs(y[1] - Math.sign(v))).toBeLessThanOrEqual(2 ** -23);
      expect([y[0], y[2], y[3]]).toEqual([0, 0, 0]);
      const yb = bf.normalise([0, 0, encode(BF16, v), 0]).map((w) => decode(BF16, w));
      expect(yb).toEqual([0, 0, Math.sign(v), 0]);
    }
  });
});

describe('sum of squares in hardware order', () => {
  it('is per lane then a pairwise lane tree, differing from a sequential sum', () => {
    const rng = seedrandom('order');
    const d = 1000;
    const x = gaussianVector(FP32, d, rng);
    const seq = new IterL2NormModel(resolveConfig({ d, lanes: 1, format: 'fp32', internal: 'fp32' })).sumOfSquares(x);
    const wide = new IterL2NormModel(resolveConfig({ d, lanes: 16, format: 'fp32', internal: 'fp32' })).sumOfSquares(x);
    const exact = x.reduce((s, w) => s + decode(FP32, w) ** 2, 0);
    expect(Math.abs(decode(FP32, seq) / exact - 1)).toBeLessThan(1e-4);
    expect(Math.abs(decode(FP32, wide) / exact - 1)).toBeLessThan(1e-5);
    expect(seq).not.toBe(wide);
  });
});
