// The high-precision reference: correctly rounded x/||x|| for any format.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { BF16, FP32, canonicalNaN, decode, encode, negate, parseFormat } from '../../generator/format/float-format.ts';
import { randomOperand } from '../../generator/format/random.ts';
import { allFinite, exactReference, exactReferenceSlow, isqrt } from '../../generator/model/exact-reference.ts';

const vec = (fmt: typeof FP32, values: number[]) => values.map((v) => encode(fmt, v));

describe('exactReference on known vectors', () => {
  it('[3, 4] -> [0.6, 0.8] correctly rounded, in fp32 and bf16', () => {
    for (const fmt of [FP32, BF16]) {
      const r = exactReference(fmt, vec(fmt, [3, 4]));
      expect(r.bits).toEqual(vec(fmt, [0.6, 0.8]));
      expect(r.finite).toBe(true);
      expect(r.value[0]).toBeCloseTo(0.6, 15);
      expect(r.value[1]).toBeCloseTo(0.8, 15);
    }
  });

  it('exact cases: [1,1,1,1] -> 0.5, one-hot -> +-1 with signed zeros, scale invariance', () => {
    expect(exactReference(FP32, vec(FP32, [1, -1, 1, -1])).bits).toEqual(vec(FP32, [0.5, -0.5, 0.5, -0.5]));
    expect(exactReference(FP32, [0, negate(FP32, 0), encode(FP32, -3e-42), 0]).bits).toEqual([0, negate(FP32, 0), encode(FP32, -1), 0]);
    const x = vec(FP32, [1.5, -2.25, 7, 1e-3]);
    const scaled = vec(FP32, [1.5 * 2 ** 100, -2.25 * 2 ** 100, 7 * 2 ** 100, 1e-3 * 2 ** 100]);
    expect(exactReference(FP32, scaled).bits).toEqual(exactReference(FP32, x).bits);
  });

  it('huge and tiny inputs need no care: max finite and subnormals', () => {
    const max = 0x7f7fffff;
    expect(exactReference(FP32, [max, max, max, max]).bits).toEqual(vec(FP32, [0.5, 0.5, 0.5, 0.5]));
    expect(exactReference(FP32, [1, 1, 1, 1]).bits).toEqual(vec(FP32, [0.5, 0.5, 0.5, 0.5]));
    // a subnormal next to the largest value: its share underflows to 0 exactly as the true value does
    const r = exactReference(FP32, [max, 1]);
    expect(r.bits).toEqual([encode(FP32, 1), 0]);
  });

  it('matches a float64 computation for fp32 wherever float64 is far from a tie', () => {
    const rng = seedrandom('ref-f64');
    for (let v = 0; v < 50; v++) {
      const xs = Array.from({ length: 64 }, () => (rng() - 0.5) * 2 ** Math.floor(rng() * 20 - 10));
      const x = vec(FP32, xs);
      const vals = x.map((w) => decode(FP32, w));
      const norm = Math.sqrt(vals.reduce((s, t) => s + t * t, 0));
      const r = exactReference(FP32, x);
      vals.forEach((t, i) => {
        const q = t / norm;
        expect(Math.abs(r.value[i]! / q - 1)).toBeLessThan(1e-14);
        if (Math.abs(encode(FP32, q * (1 + 1e-12)) - encode(FP32, q * (1 - 1e-12))) === 0) expect(r.bits[i]).toBe(encode(FP32, q));
      });
    }
  });

  it('no norm: NaN or infinity -> NaN outputs; all zeros -> signed zeros; both flagged', () => {
    const withNaN = exactReference(FP32, [encode(FP32, 1), canonicalNaN(FP32)]);
    expect(withNaN.finite).toBe(false);
    expect(withNaN.bits).toEqual([canonicalNaN(FP32), canonicalNaN(FP32)]);
    const zeros = exactReference(FP32, [0, negate(FP32, 0)]);
    expect(zeros.finite).toBe(false);
    expect(zeros.bits).toEqual([0, negate(FP32, 0)]);
    expect(allFinite(FP32, [encode(FP32, 1), 0x7f800000])).toBe(false);
  });
});

describe('the fast path agrees with the exact BigInt path', () => {
  it.each(['fp32', 'bf16', 'fp16', 'e4m3', 'e8m40', 'e11m40', 'e11m2'])('%s, random vectors including subnormals and extremes', (name) => {
    const fmt = parseFormat(name);
    const rng = seedrandom(`fast-vs-exact-${name}`);
    let exactPath = 0;
    for (let v = 0; v < 60; v++) {
      const d = 1 + Math.floor(rng() * 40);
      const x = Array.from({ length: d }, () => (v % 2 ? randomOperand(fmt, rng) : encode(fmt, (rng() - 0.5) * 2 ** Math.floor(rng() * 16 - 8))));
      const r = exactReference(fmt, x);
      if (!r.finite) continue;
      exactPath += r.exactPath;
      expect(r.bits).toEqual(exactReferenceSlow(fmt, x));
    }
    // 40-bit significands put some elements within 2^-50 of a rounding boundary: the exact path runs
    if (fmt.manBits === 40) expect(exactPath).toBeGreaterThan(0);
  });
});

describe('isqrt', () => {
  it('is floor(sqrt(n)) for small, square, near-square and huge n', () => {
    for (let n = 0n; n < 200n; n++) {
      const r = isqrt(n);
      expect(r * r <= n && (r + 1n) * (r + 1n) > n).toBe(true);
    }
    for (const k of [1n << 100n, (1n << 2000n) + 12345n, 10n ** 300n]) {
      for (const n of [k * k - 1n, k * k, k * k + 1n, k]) {
        const r = isqrt(n);
        expect(r * r <= n && (r + 1n) * (r + 1n) > n).toBe(true);
      }
    }
  });
});
