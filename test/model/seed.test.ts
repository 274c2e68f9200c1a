import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../generator/config.ts';
import { FP32, decode, encode } from '../../generator/format/float-format.ts';
import { normalisedFields, seedOf, seedTable } from '../../generator/model/seed.ts';
import { seedWorstError } from '../../generator/rtl/generate.ts';
import { IterL2NormModel } from '../../generator/model/iterl2norm.ts';

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

describe('seed table size by default (defaultInitBits)', () => {
  it('is 6 bits up to 32 internal mantissa bits, 8 above; a given --init-bits wins', () => {
    expect(resolveConfig().initBits).toBe(6); // bf16, e10m30
    expect(resolveConfig({ format: 'fp32', mode: 'rms' }).initBits).toBe(6); // e10m30
    expect(resolveConfig({ format: 'fp32', mode: 'layer' }).internal.name).toBe('e10m40');
    expect(resolveConfig({ format: 'fp32', mode: 'layer' }).initBits).toBe(8);
    expect(resolveConfig({ internal: 'e8m32' }).initBits).toBe(6);
    expect(resolveConfig({ internal: 'e8m33' }).initBits).toBe(8);
    expect(resolveConfig({ format: 'fp32', mode: 'layer', initBits: 6 }).initBits).toBe(6);
    expect(resolveConfig({ initBits: 'auto' }).initBits).toBe(6);
  });

  // The widest entry of the table starts at s = 1 (a mean square at a power of four): two Newton
  // steps from it leave about (27/8) * 2^(-4(b+2)), the reason for the 8-bit default at e10m40.
  it('brings the two-step loop within 1e-11 at the widest entry for e10m40; 6 and 7 bits would not', () => {
    const worstAtTableStart = (initBits: number) => {
      const c = resolveConfig({ format: 'fp32', mode: 'l2', internal: 'e10m40', initBits });
      const model = new IterL2NormModel(c);
      let worst = 0;
      for (const m of [1, 1 + 2 ** -30, 1 + 2 ** -12, 0.5, 0.5 + 2 ** -31]) {
        const b = model.iterate(seedOf(c, encode(c.internal, m), seedTable(c))).at(-1)!;
        worst = Math.max(worst, Math.abs(decode(c.internal, b) * Math.sqrt(m) - 1));
      }
      return worst;
    };
    expect(worstAtTableStart(resolveConfig({ format: 'fp32', mode: 'layer' }).initBits)).toBeLessThan(1e-11);
    expect(worstAtTableStart(7)).toBeGreaterThan(3e-11);
    expect(worstAtTableStart(6)).toBeGreaterThan(5e-10);
  });
});
