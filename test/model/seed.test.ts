import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../generator/config.ts';
import { FP32, decode, encode } from '../../generator/format/float-format.ts';
import { normalisedFields, seedOf, seedTable } from '../../generator/model/seed.ts';
import { seedWorstError } from '../../generator/rtl/generate.ts';

describe('seed', () => {
  const cfg = resolveConfig({ format: 'fp32', internal: 'fp32' });
  const table = seedTable(cfg);

  it('normalises subnormals: value = 1.frac * 2^exp', () => {
    for (const bits of [1, 2, 3, 0x7fffff, 0x400000, 0x00800000, 0x3f800000, 0x7f7fffff]) {
      const { exp, frac } = normalisedFields(FP32, bits);
      expect((1 + frac / 2 ** 23) * 2 ** exp).toBe(decode(FP32, bits));
    }
  });

  it('pre-scales m exactly: m = s * 2^k with s in [0.5, 2), k even, scale = -k/2', () => {
    for (const m of [1, 2, 3, 0.75, 1e-40, 1.4e-45, 3e38, 12345.678, 2 ** -126, 2 ** -127]) {
      const bits = encode(FP32, m);
      const seed = seedOf(cfg, bits, table);
      const s = decode(FP32, seed.s);
      expect(s).toBeGreaterThanOrEqual(0.5);
      expect(s).toBeLessThan(2);
      expect(decode(FP32, seed.halfS)).toBe(s / 2);
      expect(s * 2 ** (-2 * seed.scale)).toBe(decode(FP32, bits));
    }
  });

  it('defines the special sums: zero -> +0, NaN and infinity -> NaN', () => {
    expect(seedOf(cfg, 0, table)).toMatchObject({ kind: 'zero', b0: 0 });
    expect(seedOf(cfg, 0x7f800000, table).kind).toBe('nan');
    expect(seedOf(cfg, 0x7fc00000, table).kind).toBe('nan');
  });

  it('table seed error shrinks with the table size; exp seed is the paper value sqrt(2)-1', () => {
    const errs = [0, 2, 4, 6, 8].map((initBits) => seedWorstError(resolveConfig({ initBits })));
    for (let i = 1; i < errs.length; i++) expect(errs[i]).toBeLessThan(errs[i - 1] / 3);
    expect(seedWorstError(resolveConfig({ init: 'exp' }))).toBeCloseTo(Math.SQRT2 - 1, 12);
    expect(errs[3]).toBeLessThan(0.004);
  });
});
