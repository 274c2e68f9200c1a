// The FISR baseline: bit-exact against a direct binary32 FISR, the magic constants, the shared sum.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../generator/config.ts';
import { FP32, canonicalNaN, encode, negate, parseFormat } from '../../generator/format/float-format.ts';
import { FisrModel, QUAKE_MAGIC, fisrMagic } from '../../generator/model/fisr.ts';
import { IterL2NormModel } from '../../generator/model/iterl2norm.ts';

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const bits = (v: number) => {
  F32[0] = v;
  return U32[0]!;
};
const value = (b: number) => {
  U32[0] = b;
  return F32[0]!;
};

/** The Quake III code in binary32 (Math.fround after every operation). */
function directFisr(m: number, steps: number): number[] {
  const x2 = Math.fround(m * 0.5);
  let y = value(QUAKE_MAGIC - (bits(m) >>> 1));
  const out = [bits(y)];
  for (let k = 0; k < steps; k++) {
    y = Math.fround(y * Math.fround(1.5 - Math.fround(Math.fround(x2 * y) * y)));
    out.push(bits(y));
  }
  return out;
}

describe('FISR magic constants', () => {
  it('reproduces the Quake constant for fp32 and its top half for bf16; fp16 and wide formats by the same rule', () => {
    expect(fisrMagic(FP32)).toBe(0x5f3759df);
    expect(fisrMagic(parseFormat('bf16'))).toBe(0x5f37);
    expect(fisrMagic(parseFormat('fp16'))).toBe(0x59bb);
    // binary64-like: the classic 0x5FE6EB50C7B537A9 agrees in the top 20 bits
    expect(Math.floor(fisrMagic(parseFormat('e11m40')) / 2 ** 32)).toBe(0x5fe6e);
  });
});

describe('FisrModel on fp32 is the Quake III code, bit for bit', () => {
  const cfg = resolveConfig({ d: 4, lanes: 2, format: 'fp32', internal: 'fp32' });
  const model = new FisrModel(cfg, 3);

  it('the seed and three Newton steps for 20000 random m (normal range)', () => {
    const rng = seedrandom('fisr-direct');
    for (let k = 0; k < 20000; k++) {
      const m = Math.fround((1 + rng()) * 2 ** Math.floor(rng() * 250 - 125));
      expect(model.iterate(bits(m))).toEqual(directFisr(m, 3));
    }
  });

  it('outputs y_i = fround(x_i * r), with the macro\'s sum of squares', () => {
    const rng = seedrandom('fisr-vector');
    for (let v = 0; v < 50; v++) {
      const xs = Array.from({ length: 4 }, () => Math.fround((rng() - 0.5) * 100));
      const x = xs.map((t) => encode(FP32, t));
      const t = model.trace(x);
      expect(t.m).toBe(new IterL2NormModel(cfg).sumOfSquares(x));
      const r = value(directFisr(value(t.m), 3)[3]!);
      expect(t.y).toEqual(xs.map((xi) => bits(Math.fround(xi * r))));
    }
  });

  it('NaN or infinite sums give NaN outputs; a zero vector gives signed zeros', () => {
    const nan = canonicalNaN(FP32);
    expect(model.normalise([encode(FP32, 1), 0x7f800000, 0, 0])).toEqual([nan, nan, nan, nan]);
    expect(model.normalise([encode(FP32, 3e38), encode(FP32, 3e38), 0, 0])).toEqual([nan, nan, nan, nan]); // fp32 sum overflows
    expect(model.normalise([0, negate(FP32, 0), 0, 0])).toEqual([0, negate(FP32, 0), 0, 0]);
  });

  it('converges as FISR does: relative error after 1 and 2 steps below 1.76e-3 and 4.8e-6', () => {
    const rng = seedrandom('fisr-conv');
    const worst = [0, 0, 0];
    for (let k = 0; k < 5000; k++) {
      const m = Math.fround((1 + rng()) * 2 ** Math.floor(rng() * 40 - 20));
      const it = model.iterate(bits(m), 2);
      it.forEach((r, i) => { worst[i] = Math.max(worst[i]!, Math.abs(value(r) * Math.sqrt(m) - 1)); });
    }
    expect(worst[0]).toBeLessThan(0.0345);
    expect(worst[1]).toBeLessThan(1.76e-3);
    expect(worst[2]).toBeLessThan(4.8e-6);
  });
});
