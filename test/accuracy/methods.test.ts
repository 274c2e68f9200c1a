// The study's evaluation kernel and input distributions.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../generator/config.ts';
import { BF16, FP32, decode } from '../../generator/format/float-format.ts';
import { FisrModel } from '../../generator/model/fisr.ts';
import { IterL2NormModel } from '../../generator/model/iterl2norm.ts';
import { exactReference } from '../../generator/model/exact-reference.ts';
import { makeVector, outlierChannels, vectorValues } from '../../generator/accuracy/distributions.ts';
import { CompiledMethods, type MethodSpec } from '../../generator/accuracy/methods.ts';

describe('CompiledMethods (shared sums of squares) equal the models bit for bit', () => {
  const methods: MethodSpec[] = [
    { kind: 'exact', id: 'exact', label: '' },
    { kind: 'iterl2norm', id: 'default', label: '', opts: {} },
    { kind: 'iterl2norm', id: 'fp32', label: '', opts: { internal: 'fp32', steps: 3 } },
    { kind: 'iterl2norm', id: 'euler', label: '', opts: { rule: 'euler', lambda: 0.4, init: 'exp', steps: 5 } },
    { kind: 'iterl2norm', id: 'steps', label: '', opts: { init: 'exp', steps: 4 }, perStep: true },
    { kind: 'fisr', id: 'fisr2', label: '', steps: 2 },
    { kind: 'fisr', id: 'fisrs', label: '', internal: 'fp32', steps: 3, perStep: true },
  ];

  it.each([['fp32', 300], ['bf16', 77]])('%s, d=%i', (format, d) => {
    const fmt = format === 'fp32' ? FP32 : BF16;
    const c = new CompiledMethods(fmt, d, 16, methods);
    expect(c.keys).toEqual(['exact', 'default', 'fp32', 'euler', 'steps@0', 'steps@1', 'steps@2', 'steps@3', 'steps@4', 'fisr2', 'fisrs@0', 'fisrs@1', 'fisrs@2', 'fisrs@3']);
    const cfg = (o: object) => resolveConfig({ d, format, lanes: 16, ...o });
    for (const dist of ['gaussian', 'llm', 'student-t'] as const) {
      for (let v = 0; v < 2; v++) {
        const x = makeVector(dist, fmt, 'kernel', d, v);
        const ref = exactReference(fmt, x);
        const out = c.evaluate(x, ref.bits);
        expect(out.get('exact')).toEqual(ref.bits);
        expect(out.get('default')).toEqual(new IterL2NormModel(cfg({})).normalise(x));
        expect(out.get('fp32')).toEqual(new IterL2NormModel(cfg({ internal: 'fp32', steps: 3 })).normalise(x));
        expect(out.get('euler')).toEqual(new IterL2NormModel(cfg({ rule: 'euler', lambda: 0.4, init: 'exp', steps: 5 })).normalise(x));
        for (let k = 0; k <= 4; k++) expect(out.get(`steps@${k}`)).toEqual(new IterL2NormModel(cfg({ init: 'exp', steps: k })).normalise(x));
        expect(out.get('fisr2')).toEqual(new FisrModel(cfg({}), 2).normalise(x));
        for (let k = 0; k <= 3; k++) expect(out.get(`fisrs@${k}`)).toEqual(new FisrModel(cfg({ internal: 'fp32' }), k).normalise(x));
      }
    }
  });
});

describe('input distributions', () => {
  it('are deterministic per (seed, distribution, d, index) and independent of the format', () => {
    expect(makeVector('gaussian', FP32, 's', 64, 3)).toEqual(makeVector('gaussian', FP32, 's', 64, 3));
    expect(makeVector('gaussian', FP32, 's', 64, 3)).not.toEqual(makeVector('gaussian', FP32, 's', 64, 4));
    expect(makeVector('gaussian', FP32, 't', 64, 3)).not.toEqual(makeVector('gaussian', FP32, 's', 64, 3));
    const a = makeVector('llm', FP32, 's', 64, 0).map((w) => decode(FP32, w));
    const b = makeVector('llm', BF16, 's', 64, 0).map((w) => decode(BF16, w));
    a.forEach((t, i) => expect(Math.abs(b[i]! - t)).toBeLessThanOrEqual(Math.abs(t) * 2 ** -8));
  });

  it('llm: fixed outlier channels per seed and d, 20-100x the other channels', () => {
    const oc = outlierChannels('s', 4096);
    expect(oc.channels.length).toBe(5);
    expect(outlierChannels('s', 4096).channels).toEqual(oc.channels);
    expect(outlierChannels('u', 4096).channels).not.toEqual(oc.channels);
    for (const f of oc.factor) expect(f >= 20 && f <= 100).toBe(true);
    for (let v = 0; v < 5; v++) {
      const x = vectorValues('llm', 's', 4096, v);
      const normal = [...x].filter((_, i) => !oc.channels.includes(i)).map(Math.abs).sort((p, q) => p - q);
      const median = normal[normal.length >> 1]!;
      for (const c of oc.channels) {
        const ratio = Math.abs(x[c]!) / median;
        expect(ratio).toBeGreaterThan(10);
        expect(ratio).toBeLessThan(400);
      }
    }
  });

  it('student-t has heavier tails than the Gaussian', () => {
    const kurt = (x: Float64Array) => {
      const m2 = x.reduce((s, t) => s + t * t, 0) / x.length;
      const m4 = x.reduce((s, t) => s + t ** 4, 0) / x.length;
      return m4 / (m2 * m2);
    };
    expect(kurt(vectorValues('gaussian', 's', 20000, 0))).toBeLessThan(3.3);
    expect(kurt(vectorValues('student-t', 's', 20000, 0))).toBeGreaterThan(6);
  });
});
