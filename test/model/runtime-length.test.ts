// --d-max: configuration, plan, model, manifest, vector files and the command line. The RTL is
// co-simulated in test/cosim/runtime-length*.test.ts.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { resolveConfig } from '../../generator/config.ts';
import { encode, makeFormat } from '../../generator/format/float-format.ts';
import { IterL2NormModel } from '../../generator/model/iterl2norm.ts';
import { reciprocalOfInteger } from '../../generator/operators/int-reciprocal.ts';
import { elaborate } from '../../generator/plan.ts';
import { simulateRing } from '../../generator/ring-schedule.ts';
import { buildManifest, ports } from '../../generator/rtl/generate.ts';
import { runtimeLengths, runtimeTestVectors } from '../../generator/vectors/test-vectors.ts';
import { parseVectorText } from '../../generator/vectors/vector-file.ts';
import { captureCli } from '../support/cli-capture.ts';
import { usageMessage } from '../support/usage-error.ts';

const cli = captureCli('iterl2norm-dmax-');

describe('configuration', () => {
  it('--d-max sets the maximum; the top module says dmax', () => {
    const cfg = resolveConfig({ dMax: 1024 });
    expect([cfg.d, cfg.runtimeLength]).toEqual([1024, true]);
    expect(buildManifest(cfg, []).top).toBe('iterl2norm_bf16_dmax1024_p16_e10m30_nr2_t6');
  });
  it.each([
    [{ d: 64, dMax: 64 }, /either --d .* or --d-max/],
    [{ dMax: 1 }, /--d-max must be an integer from 2 to 65536 \(got 1\)/],
    [{ dMax: 64, eps: 1e-5 }, /--eps 0.00001 with --mode l2 and --d-max/],
    [{ dMax: 65536, internal: 'e5m10', mode: 'rms' }, /--d-max 65536: 1\/d would be subnormal in the internal format/],
  ])('%o is refused with one line', (opts, message) => {
    expect(usageMessage(() => resolveConfig(opts))).toMatch(message);
  });
});

describe('plan', () => {
  it('a short vector after a long one is taken T cycles after it (the rings hold both); it leaves after it, a queued vector', () => {
    for (const mode of ['l2', 'layer'] as const) {
      const p = elaborate(resolveConfig({ dMax: 1024, mode }));
      const run = simulateRing(p.ring!.schedule, [64, 1]);
      expect(run.lastIn[1]! - run.lastIn[0]!).toBe(p.T);
      expect(run.queued[1]).toBeGreaterThan(0);
      expect(run.lastOut[1]! - run.first[1]!).toBe(p.runtime!.latencyAt(1).cycles + run.queued[1]!);
    }
  });
  it('l2: the latency for every d equals the fixed-d design\'s; rms: too, plus nothing, when d is no power of 4', () => {
    const rt = elaborate(resolveConfig({ dMax: 1024 })).runtime!;
    for (const d of [1, 15, 16, 17, 100, 768, 1023, 1024]) expect(rt.latencyAt(d).cycles).toBe(elaborate(resolveConfig({ d })).latency.cycles);
    const rms = elaborate(resolveConfig({ dMax: 1024, mode: 'rms' })).runtime!;
    for (const d of [15, 17, 100, 768, 1023]) expect(rms.latencyAt(d).cycles).toBe(elaborate(resolveConfig({ d, mode: 'rms' })).latency.cycles);
  });
  it('slots: at least the fixed-d design\'s for every length', () => {
    const p = elaborate(resolveConfig({ dMax: 1024, mode: 'layer' }));
    for (const d of [16, 128, 1024]) expect(p.slots).toBeGreaterThan(elaborate(resolveConfig({ d, mode: 'layer' })).slots);
  });
  it('1/d: registers enough that one-beat vectors need not wait at 16 lanes; one lane waits', () => {
    expect(elaborate(resolveConfig({ dMax: 1024, mode: 'rms' })).runtime!.recip!.wait).toBe(0);
    expect(elaborate(resolveConfig({ dMax: 1024, mode: 'rms', lanes: 1 })).runtime!.recip!.wait).toBeGreaterThan(0);
    expect(elaborate(resolveConfig({ dMax: 1024 })).runtime!.recip).toBeNull();   // l2 needs no 1/d
  });
});

describe('model', () => {
  const x = (d: number, seed: number) => Array.from({ length: d }, (_, i) => encode(makeFormat(8, 7), Math.sin(seed * 7.1 + i * 1.3) * 3));
  it('l2: a vector of d through the --d-max model is the fixed-d model\'s, word for word', () => {
    const rt = new IterL2NormModel(resolveConfig({ dMax: 1024 }));
    for (const d of [1, 2, 15, 16, 17, 100, 768, 1024]) expect(rt.normalise(x(d, d))).toEqual(new IterL2NormModel(resolveConfig({ d })).normalise(x(d, d)));
  });
  it('rms, layer: for d = 4^k (1/d exact, sqrt(d) a power of two) the mean square gives the fixed-d words', () => {
    for (const mode of ['rms', 'layer'] as const) {
      const rt = new IterL2NormModel(resolveConfig({ dMax: 1024, mode, affine: 'none' }));
      for (const d of [4, 16, 64, 256, 1024]) expect(rt.normalise(x(d, d))).toEqual(new IterL2NormModel(resolveConfig({ d, mode, affine: 'none' })).normalise(x(d, d)));
    }
  });
  it('rms: the loop runs on m * RNE(1/d) (m of the mean square seed)', () => {
    const cfg = resolveConfig({ dMax: 64, mode: 'rms', affine: 'none' });
    const t = new IterL2NormModel(cfg).trace(x(3, 1));
    const fixed = new IterL2NormModel(resolveConfig({ d: 3, mode: 'rms', affine: 'none' })).trace(x(3, 1));
    expect(reciprocalOfInteger(cfg.internal, 3)).toBe(encode(cfg.internal, 1 / 3));
    expect(t.m).not.toBe(fixed.m);   // the mean square, not the sum
    expect(t.y.length).toBe(3);
  });
  it('gamma and beta: D stored, the first d used', () => {
    const cfg = resolveConfig({ dMax: 8, lanes: 2, mode: 'layer' });
    const one = encode(cfg.format, 1);
    const gamma = Array.from({ length: 8 }, (_, i) => encode(cfg.format, i + 1));
    const beta = new Array(8).fill(0);
    const y = new IterL2NormModel(cfg).normalise(x(3, 2), { gamma, beta });
    const y1 = new IterL2NormModel(cfg).normalise(x(3, 2), { gamma: new Array(8).fill(one), beta });
    expect(y).not.toEqual(y1);
    expect(() => new IterL2NormModel(cfg).normalise(x(3, 2), { gamma: gamma.slice(0, 3), beta: beta.slice(0, 3) })).toThrow(/gamma needs 8 values/);
  });
});

describe('manifest, ports, vectors', () => {
  it('config.d is null, config.dMax D, in_len ceil(log2(D+1)) bits, formulas in d', () => {
    const m = buildManifest(resolveConfig({ dMax: 1024, mode: 'rms' }), []);
    expect([m.config.d, m.config.dMax]).toEqual([null, 1024]);
    expect(ports(resolveConfig({ dMax: 1024 })).find((p) => p.name === 'in_len')?.width).toBe(11);
    expect((m.latency as { inD?: string }).inD).toMatch(/^2\*ceil\(d\/16\) \+ /);
    expect((m.throughput as { inD?: string }).inD).toBe('max(ceil(d/16), 8)');
  });
  it.each(['l2', 'rms', 'layer'])('%s: the manifest\'s latency in d gives LATENCY(d) for every d', (mode) => {
    const cfg = resolveConfig({ dMax: 300, lanes: 7, mode, pipeline: 'add=1,mul=1' });
    const inD = (buildManifest(cfg, []).latency as { inD?: string }).inD!;
    const f = Function('d', `const ceil = Math.ceil; return ${inD};`) as (d: number) => number;
    for (let d = 1; d <= 300; d++) expect(f(d)).toBe(elaborate(cfg).runtime!.latencyAt(d).cycles);
  });
  it('test vectors: the corner lengths first, a new length every vector, all in 1..D', () => {
    const l = runtimeLengths(1024, 16, 60, '1');
    expect(new Set(l.slice(0, 10))).toEqual(new Set([1, 15, 16, 17, 1023, 1024]));
    for (let i = 1; i < l.length; i++) expect(l[i]).not.toBe(l[i - 1]);
    expect(Math.min(...l)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...l)).toBeLessThanOrEqual(1024);
    expect(runtimeTestVectors(makeFormat(8, 7), 64, 16, 12, '1').map((v) => v.length)).toEqual(runtimeLengths(64, 16, 12, '1'));
  });
  it('vector files: lines of 1..D words; more is one line of error', () => {
    expect(parseVectorText('3f80\n3f80 4000 4040\n', makeFormat(8, 7), 3, 'f', true).map((v) => v.length)).toEqual([1, 3]);
    expect(usageMessage(() => parseVectorText('3f80 3f80\n', makeFormat(8, 7), 1, 'f', true))).toBe('f:1: expected 1 to 1 words (a --d-max 1 design), got 2');
  });
});

describe('command line', () => {
  it('generate --d-max writes in_len and the formulas; --d with --d-max is exit 2, nothing written', async () => {
    const out = join(cli.dir, 'rtl');
    expect(await main(['generate', '--d-max', '256', '--mode', 'layer', '--out', out], cli.out)).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.config.dMax).toBe(256);
    expect(readdirSync(out).some((f) => f.endsWith('_recip.v'))).toBe(true);
    const bad = join(cli.dir, 'bad');
    expect(await main(['generate', '--d-max', '256', '--d', '64', '--out', bad], cli.out)).toBe(2);
    expect(cli.errors).toMatch(/give either --d .* or --d-max/);
    expect(existsSync(bad)).toBe(false);
  });
  it('golden --d-max over a file of mixed lengths, and vectors --d-max --count', async () => {
    const vec = join(cli.dir, 'v.txt');
    expect(await main(['vectors', '--d-max', '40', '--lanes', '8', '--count', '9', '--out', vec], cli.out)).toBe(0);
    const lengths = readFileSync(vec, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(' ').length);
    expect(lengths).toEqual(runtimeLengths(40, 8, 9, '1'));
    const res = join(cli.dir, 'r.txt');
    expect(await main(['golden', '--d-max', '40', '--lanes', '8', '--in', vec, '--out', res], cli.out)).toBe(0);
    expect(readFileSync(res, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(' ').length)).toEqual(lengths);
    writeFileSync(vec, `${new Array(41).fill('3f80').join(' ')}\n`);
    expect(await main(['golden', '--d-max', '40', '--in', vec, '--out', res], cli.out)).toBe(2);
    expect(cli.errors).toMatch(/v\.txt:1: expected 1 to 40 words/);
  });
});
