// RMSNorm and LayerNorm in the golden model against float64 references: accuracy within a
// stated ulp bound, the documented special cases, and the exactness of the static input shift.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { type FloatFormat, decode, encode } from '../../generator/format/float-format.ts';
import { IterL2NormModel } from '../../generator/model/iterl2norm.ts';
import { layerNormReference, rmsNormReference, ulpDistance } from '../../generator/model/reference.ts';
import { randomAffineParams } from '../../generator/vectors/affine-params.ts';

function vector(fmt: FloatFormat, d: number, rng: () => number, offset = 0): number[] {
  const scale = offset !== 0 ? 1 : 2 ** Math.floor(rng() * 8 - 4);
  return Array.from({ length: d }, () => encode(fmt, offset + scale * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())));
}

function worstUlp(opts: ConfigOptions, offset = 0, count = 20): number {
  const cfg = resolveConfig(opts);
  const model = new IterL2NormModel(cfg);
  const params = randomAffineParams(cfg, 'p');
  const rng = seedrandom(`norm-${JSON.stringify(opts)}`);
  const dec = (w: number[] | readonly number[] | undefined) => w?.map((t) => decode(cfg.format, t));
  let worst = 0;
  for (let v = 0; v < count; v++) {
    const x = vector(cfg.format, cfg.d, rng, offset);
    const xs = x.map((t) => decode(cfg.format, t));
    const ref = (cfg.mode === 'layer' ? layerNormReference : rmsNormReference)(xs, dec(params.gamma), dec(params.beta), cfg.eps);
    model.normalise(x, params).forEach((y, i) => { worst = Math.max(worst, ulpDistance(cfg.format, y, encode(cfg.format, ref[i]))); });
  }
  return worst;
}

describe('RMSNorm / LayerNorm accuracy against float64', () => {
  it.each([
    ['bf16 rms', { format: 'bf16', mode: 'rms', internal: 'fp32' }, 1],
    ['bf16 layer', { format: 'bf16', mode: 'layer', internal: 'fp32' }, 1],
    ['fp16 rms', { format: 'fp16', mode: 'rms', internal: 'fp32' }, 1],
    ['fp16 layer', { format: 'fp16', mode: 'layer', internal: 'fp32' }, 1],
    ['fp32 rms, e10m30 internal', { format: 'fp32', mode: 'rms', internal: 'e10m30', steps: 3 }, 2],
    // LayerNorm needs mantissa headroom for the mean: elements close to the mean have tiny outputs
    // whose ulp is far below the rounding error of the mean (docs/hardware.md, "LayerNorm precision").
    ['fp32 layer, e11m40 internal', { format: 'fp32', mode: 'layer', internal: 'e11m40', steps: 3 }, 2],
    // The default internal format for fp32 LayerNorm (auto: e10m40). Without beta: with beta, outputs
    // where gamma*n and beta nearly cancel have ulps far below the operands' rounding (README).
    ['fp32 layer, default internal (auto: e10m40), no affine', { format: 'fp32', mode: 'layer', affine: 'none' }, 2],
  ])('%s: within the bound', (_n, opts, bound) => {
    for (const d of [64, 768]) expect(worstUlp({ ...opts, d } as ConfigOptions)).toBeLessThanOrEqual(bound as number);
  });

  it('layer: a large common offset is removed by the two-pass mean (no E[x^2] - E[x]^2)', () => {
    // mean 100, spread 1: E[x^2] - E[x]^2 would cancel ~13 bits of the fp32 sums; the two-pass
    // mean with 13 bits of headroom (fp16 in, fp32 inside) keeps fp16 outputs within 2 ulp.
    expect(worstUlp({ format: 'fp16', mode: 'layer', internal: 'fp32', d: 256 }, 100)).toBeLessThanOrEqual(2);
  });
});

describe('mode semantics', () => {
  const x = [3, 4, 0, 0].map((v) => encode(resolveConfig().format, v));
  it('rms without affine is sqrt(d) * x / ||x||', () => {
    const y = new IterL2NormModel(resolveConfig({ d: 4, lanes: 2, mode: 'rms', affine: 'none' })).normalise(x);
    expect(y.map((w) => decode(resolveConfig().format, w))).toEqual([1.203125, 1.6015625, 0, 0]); // bf16 of 1.2, 1.6
  });
  it('layer of a constant vector: zero variance -> the zero policy, outputs are beta', () => {
    const cfg = resolveConfig({ d: 4, lanes: 2, mode: 'layer' });
    const p = randomAffineParams(cfg, 'c');
    const y = new IterL2NormModel(cfg).normalise([5, 5, 5, 5].map((v) => encode(cfg.format, v)), p);
    expect(y).toEqual(p.beta);
  });
  it('the input shift is exact: scaling x by 2^K and shifting by K gives the same bits', () => {
    const rng = seedrandom('shift');
    for (const mode of ['rms', 'layer'] as const) {
      const base = resolveConfig({ d: 64, mode, format: 'fp32', affine: 'none' });
      const shifted = resolveConfig({ d: 64, mode, format: 'fp32', affine: 'none', inputShift: 5 });
      const x = vector(base.format, 64, rng);
      const x32 = x.map((w) => encode(base.format, decode(base.format, w) * 32));
      expect(new IterL2NormModel(shifted).normalise(x32)).toEqual(new IterL2NormModel(base).normalise(x));
    }
  });
  it('fp16 sums overflow an fp16 internal format without the shift and not with it', () => {
    const cfg = (inputShift: number) => resolveConfig({ d: 256, format: 'fp16', internal: 'fp16', mode: 'layer', affine: 'none', inputShift });
    const x = Array.from({ length: 256 }, (_, i) => encode(cfg(0).format, (i % 2 ? 1 : -1) * 40));
    const without = new IterL2NormModel(cfg(0)).normalise(x);
    expect(without.every((w) => Number.isNaN(decode(cfg(0).format, w)))).toBe(true);
    const withShift = new IterL2NormModel(cfg(6)).normalise(x).map((w) => decode(cfg(6).format, w));
    expect(withShift.every((v) => Math.abs(Math.abs(v) - 1) < 2 ** -10)).toBe(true);
  });
});
