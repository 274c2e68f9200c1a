// The library (api/): the same designs, results and refusals as the command line, with options
// as camelCase keys; bad input is a typed exception naming the key the caller passed, thrown
// before anything is written.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OptionError, UsageError, cosim, fromBits, generate, golden, toBits } from '../../api/index.ts';
import { main } from '../../cli/main.ts';
import { flagOf } from '../../cli/words.ts';
import { resolveConfig } from '../../generator/config.ts';
import { IterL2NormModel } from '../../generator/model/iterl2norm.ts';
import { randomAffineParams } from '../../generator/vectors/affine-params.ts';
import { BF16 } from '../../generator/format/float-format.ts';
import { testVectors } from '../../generator/vectors/test-vectors.ts';
import { captureCli } from '../support/cli-capture.ts';

const cli = captureCli('iterl2norm-api-');
const f = (name: string) => join(cli.dir, name);

/** The OptionError a call throws (fails the test when it throws something else or nothing). */
function optionError(call: () => unknown): OptionError {
  try {
    call();
  } catch (e) {
    if (e instanceof OptionError) return e;
    throw e;
  }
  throw new Error('no OptionError thrown');
}

describe('generate', () => {
  it('d 64, bf16, 4 lanes: the files of `iterl2norm generate` with the same options, byte for byte', async () => {
    const g = generate({ d: 64, format: 'bf16', lanes: 4 }, f('lib'));
    expect(g.top).toBe('iterl2norm_bf16_d64_p4_e10m30_nr2_t6');
    expect(g.manifest.top).toBe(g.top);
    expect(g.manifest.ports.map((p) => p.name)).toContain('in_ready');
    expect(g.files).toContain(join(g.dir, `${g.top}.v`));
    expect(await main(['generate', '--d', '64', '--format', 'bf16', '--lanes', '4', '--out', f('cli')], cli.out)).toBe(0);
    const names = readdirSync(f('cli')).sort();
    expect(readdirSync(f('lib')).sort()).toEqual(names);
    for (const n of names) expect(readFileSync(join(f('lib'), n), 'utf8')).toBe(readFileSync(join(f('cli'), n), 'utf8'));
  });

  it('flow openlane uses clockPeriodNs; without a flow, clockPeriodNs alone is refused as on the command line', () => {
    const g = generate({ d: 8, lanes: 2, flow: 'openlane', clockPeriodNs: 5 }, f('ol'));
    expect(JSON.parse(readFileSync(join(g.dir, 'config.json'), 'utf8')).CLOCK_PERIOD).toBe(5);
    const e = optionError(() => generate({ d: 8, clockPeriodNs: 5 }, f('none')));
    expect(e.option).toBe('clockPeriodNs');
    expect(existsSync(f('none'))).toBe(false);
  });
});

describe('golden', () => {
  it('d 4, 1 lane: 1 2 2 0 gives 1/3 2/3 2/3 0 rounded to bf16', () => {
    expect(fromBits('bf16', golden({ d: 4, lanes: 1 }, [toBits('bf16', [1, 2, 2, 0])])[0]!)).toEqual([0.333984375, 0.66796875, 0.66796875, 0]);
  });

  it('rms, d 6, fp16, given gamma: the model of the same configuration, word for word, from arrays and from files', () => {
    const options = { d: 6, lanes: 2, format: 'fp16', mode: 'rms' } as const;
    const cfg = resolveConfig(options);
    const params = randomAffineParams(cfg, 'api');
    const xs = [toBits('fp16', [1, -2, 3.5, 0, 0.25, 7]), toBits('fp16', [-1e-3, 2e-3, 0, 0, 5, -5])];
    const expected = xs.map((x) => new IterL2NormModel(cfg).normalise(x, params));
    expect(golden({ ...options, params }, xs)).toEqual(expected);
    const hex = (v: readonly number[]) => v.map((w) => w.toString(16).padStart(4, '0')).join(' ');
    writeFileSync(f('x.txt'), `${xs.map(hex).join('\n')}\n`);
    writeFileSync(f('p.txt'), `${hex(params.gamma!)}\n`);
    expect(golden({ ...options, params: f('p.txt') }, f('x.txt'))).toEqual(expected);
  });

  it('dMax 8: each vector of its own length', () => {
    const x = toBits('bf16', [3, 4]);
    expect(fromBits('bf16', golden({ dMax: 8, lanes: 2 }, [x])[0]!)).toEqual([0.6015625, 0.80078125]); // 3/5, 4/5 in bf16
  });
});

describe('bad input: an OptionError naming the key, nothing written', () => {
  it('lanes 65: option lanes, the value, what is allowed; its message names keys, not flags', () => {
    const e = optionError(() => generate({ d: 64, lanes: 65 }, f('out')));
    expect(e).toBeInstanceOf(UsageError);
    expect([e.option, e.got, e.allowed]).toEqual(['lanes', 65, 'an integer from 1 to 64']);
    expect(e.message).toBe('lanes must be an integer from 1 to 64 (got 65)');
    expect(existsSync(f('out'))).toBe(false);
  });

  // each refusal the command line makes outside the value checks, made the same way by the library
  const SAME: Array<[string, Record<string, unknown>, string[], string]> = [
    ['lambda with the newton rule', { d: 4, lambda: 0.3 }, ['--d', '4', '--lambda', '0.3'], 'lambda'],
    ['initBits with the exp seed', { d: 4, init: 'exp', initBits: 3 }, ['--d', '4', '--init', 'exp', '--init-bits', '3'], 'initBits'],
    ['clockPeriodNs with nothing using it', { d: 4, clockPeriodNs: 5 }, ['--d', '4', '--clock-period', '5'], 'clockPeriodNs'],
    ['rms without params', { d: 4, mode: 'rms' }, ['--d', '4', '--mode', 'rms'], 'params'],
    ['d and dMax together', { d: 4, dMax: 8 }, ['--d', '4', '--d-max', '8'], 'd'],
  ];
  for (const [name, options, flags, key] of SAME) {
    it(`${name}: the command line's line, worded with keys`, async () => {
      writeFileSync(f('x.txt'), '3f80 4000 4000 0000\n');
      const e = optionError(() => golden(options, [toBits('bf16', [1, 2, 2, 0])]));
      expect(e.option).toBe(key);
      expect(await main(['golden', ...flags, '--in', f('x.txt'), '--out', f('y.txt')], cli.out)).toBe(2);
      expect(cli.errors.trim()).toBe(`iterl2norm: ${e.worded(flagOf)}`);
      expect(existsSync(f('y.txt'))).toBe(false);
    });
  }

  it('params for l2 (no affine parameters), gamma of the wrong length, beta missing for layer', () => {
    const x = toBits('bf16', [1, 2, 2, 0]);
    expect(optionError(() => golden({ d: 4, params: { gamma: x } }, [x])).message).toBe('params: this configuration has no affine parameters (affine none)');
    expect(optionError(() => golden({ d: 4, mode: 'rms', params: { gamma: [1, 2] } }, [x])).message).toBe('params: gamma has 2 elements; this design takes 4');
    expect(optionError(() => golden({ d: 4, mode: 'layer', params: { gamma: x } }, [x])).option).toBe('params');
  });

  it('a vector of the wrong length, a word outside the format, no vectors, a misspelt key', () => {
    expect(optionError(() => golden({ d: 4 }, [[1, 2, 3]])).message).toBe('vectors: vector 0 has 3 elements; this design takes 4');
    expect(optionError(() => golden({ d: 2, format: 'bf16' }, [[0, 0x10000]])).option).toBe('vectors');
    expect(optionError(() => golden({ d: 2 }, [])).option).toBe('vectors');
    const e = optionError(() => generate({ d: 4, lane: 2 } as never, f('out')));
    expect([e.option, e.got]).toEqual(['lane', 2]);
    expect(existsSync(f('out'))).toBe(false);
  });

  it('cosim: vectors and count together, a gap above 95, an unknown simulator', () => {
    expect(optionError(() => cosim({ d: 4 }, { vectors: [[0, 0, 0, 0]], count: 2 })).option).toBe('count');
    expect(optionError(() => cosim({ d: 4 }, { count: 2, gap: 96 })).allowed).toBe('an integer from 0 to 95');
    expect(optionError(() => cosim({ d: 4 }, { count: 2, simulator: 'vcs' as never })).option).toBe('simulator');
  });
});

describe('cosim', () => {
  it('d 6, 2 lanes, 3 generated vectors: all pass, every latency the predicted one; outputs are the model\'s', () => {
    const r = cosim({ d: 6, lanes: 2 }, { count: 3 });
    expect([r.passed, r.failed, r.vectors]).toEqual([3, 0, 3]);
    expect([r.latency.min, r.latency.max]).toEqual([r.latency.predicted, r.latency.predicted]);
    expect(r.mismatches).toEqual([]);
    expect(r.outputs).toEqual(golden({ d: 6, lanes: 2 }, testVectors(BF16, 6, 3, '1').slice(0, 3).map((v) => v.words)));
  });
});
