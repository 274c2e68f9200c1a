// The residual model (generator/model/residual.ts) against references it does not use: the
// BigInt adder for h in the I/O format, the plain model on h for --residual-sum io, and for
// internal the identities that hold when x + r is exact; plus the configuration's refusals.
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { fpAddReference } from '../../generator/operators/fp-add.ts';
import { fpConvertReference } from '../../generator/operators/fp-convert.ts';
import { IterL2NormModel } from '../../generator/model/iterl2norm.ts';
import { randomAffineParams } from '../../generator/vectors/affine-params.ts';
import { randomVectors } from '../../generator/vectors/test-vectors.ts';
import { golden, goldenTraces } from '../../api/golden.ts';

const MODES = ['l2', 'rms', 'layer'] as const;

describe('residual model', () => {
  for (const mode of MODES) {
    it(`${mode}, sum io: h is the BigInt RNE_io(x + r), and y is the plain model of h`, () => {
      const base: ConfigOptions = { d: 24, lanes: 3, mode, eps: mode === 'l2' ? 0 : 1e-5 };
      const cfg = resolveConfig({ ...base, residual: true });
      expect(cfg.residual).toBe('io');
      const plain = new IterL2NormModel(resolveConfig(base));
      const model = new IterL2NormModel(cfg);
      const params = randomAffineParams(cfg, 'p');
      const xs = randomVectors(cfg.format, 24, 6, 'x').map((v) => v.words);
      const rs = randomVectors(cfg.format, 24, 6, 'r').map((v) => v.words);
      xs.forEach((x, k) => {
        const h = x.map((xi, i) => fpAddReference(cfg.format, xi, rs[k]![i]!));
        const t = model.trace(x, params, rs[k]);
        expect(t.res).toEqual(h);
        expect(t.y).toEqual(plain.normalise(h, params));
      });
    });

    it(`${mode}, sum internal: with r = +0 it is the plain model, and out_res equals io's`, () => {
      const base: ConfigOptions = { d: 24, lanes: 3, mode };
      const cfg = resolveConfig({ ...base, residual: true, residualSum: 'internal' });
      const io = new IterL2NormModel(resolveConfig({ ...base, residual: true }));
      const plain = new IterL2NormModel(resolveConfig(base));
      const model = new IterL2NormModel(cfg);
      const params = randomAffineParams(cfg, 'p');
      const xs = randomVectors(cfg.format, 24, 6, 'x').map((v) => v.words);
      const rs = randomVectors(cfg.format, 24, 6, 'r').map((v) => v.words);
      const zero = new Array(24).fill(0);
      let differ = 0;
      xs.forEach((x, k) => {
        // x + 0 is exact in the internal format: the statistics and the output see x itself
        expect(model.normalise(x, params, zero)).toEqual(plain.normalise(x, params));
        const t = model.trace(x, params, rs[k]);
        // e10m30 has more than 2p + 2 bits for bf16's p = 8: rounding h twice equals rounding once
        expect(t.res).toEqual(io.trace(x, params, rs[k]).res);
        expect(t.res).toEqual(x.map((xi, i) => fpConvertReference(cfg.internal, fpAddReference(cfg.internal, fpConvertReference(cfg.format, xi, cfg.internal), fpConvertReference(cfg.format, rs[k]![i]!, cfg.internal)), cfg.format)));
        if (t.y.some((w, i) => w !== io.trace(x, params, rs[k]).y[i])) differ++;
      });
      // the unrounded h changes outputs (otherwise the option would be pointless)
      expect(differ).toBeGreaterThan(0);
    });
  }

  it('refuses what the configuration cannot build, one line each', () => {
    const bad: Array<[ConfigOptions, RegExp]> = [
      [{ residualSum: 'io' }, /residualSum.*without residual/],
      [{ residual: true, residualSum: 'fp32' }, /residualSum must be one of io, internal/],
      [{ residual: true, interface: 'axis' }, /stream ports/],
      [{ residual: true, residualSum: 'internal', format: 'fp32', internal: 'bf16' }, /does not hold every fp32 value/],
    ];
    for (const [opts, msg] of bad) expect(() => resolveConfig(opts)).toThrow(msg);
    expect(resolveConfig({ residual: true, residualSum: 'internal', format: 'fp32' }).residual).toBe('internal');
  });

  it('the library: goldenTraces gives y and res; residuals are required with residual and refused without', () => {
    const xs = randomVectors(resolveConfig({}).format, 6, 2, 'x').map((v) => v.words);
    const rs = randomVectors(resolveConfig({}).format, 6, 2, 'r').map((v) => v.words);
    const model = new IterL2NormModel(resolveConfig({ d: 6, lanes: 2, residual: true, residualSum: 'internal' }));
    const t = goldenTraces({ d: 6, lanes: 2, residual: true, residualSum: 'internal', residuals: rs }, xs);
    expect(t).toEqual(xs.map((x, k) => ({ y: model.trace(x, {}, rs[k]).y, res: model.trace(x, {}, rs[k]).res })));
    expect(() => golden({ d: 6, lanes: 2, residual: true }, xs)).toThrow(/give residuals/);
    expect(() => golden({ d: 6, lanes: 2, residuals: rs }, xs)).toThrow(/residuals belong to a residual configuration/);
    expect(() => golden({ d: 6, lanes: 2, residual: true, residuals: rs.slice(1) }, xs)).toThrow(/1 vectors for 2 input vectors/);
  });
});
