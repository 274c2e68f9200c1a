// The library's synth and explore: the same run as the commands (the same report as their
// --json, figure for figure, the same netlist files, the same cache), in the project's test
// library (test/synth/fixtures/timed.lib) on a design of two elements; bad input an OptionError
// naming the key, before anything is run or written.
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ExploreOptions, OptionError, type SynthOptions, explore, synth } from '../../api/index.ts';
import { main } from '../../cli/main.ts';
import { captureCli } from '../support/cli-capture.ts';

const TIMED = join(import.meta.dirname, '..', 'synth', 'fixtures', 'timed.lib');
// the tiny design of test/explore/cli.test.ts: d 2, e4m3 with e6m4 inside, no iteration step
const TINY: SynthOptions = { d: 2, lanes: 1, format: 'e4m3', internal: 'e6m4', steps: 0, initBits: 2, pipeline: 'add=0,mul=0,convert=0' };
const TINY_FLAGS = ['--d', '2', '--lanes', '1', '--format', 'e4m3', '--internal', 'e6m4', '--steps', '0', '--init-bits', '2', '--pipeline', 'add=0,mul=0,convert=0'];
// steps 0 with table bits 1, 2, 3: t1 above 1 ulp, t3 pruned by t2: one synthesis
const SEARCH: ExploreOptions = { d: 2, format: 'e4m3', internal: ['e6m4'], steps: [0], initBits: [1, 2, 3], lanes: [1], registers: ['add=0,mul=0,convert=0'],
  liberty: TIMED, sramUm2PerBit: 1.5, clockPeriodNs: 40, accuracyVectors: 4, maxUlp: 1 };
const SEARCH_FLAGS = ['--d', '2', '--format', 'e4m3', '--internal', 'e6m4', '--steps', '0', '--init-bits', '1,2,3', '--lanes', '1', '--registers', 'add=0,mul=0,convert=0',
  '--liberty', TIMED, '--sram-um2-per-bit', '1.5', '--clock-period', '40', '--accuracy-vectors', '4', '--max-ulp', '1'];

/** The report without the run times (`seconds` at any depth), which differ between two runs. */
function figures(report: unknown): unknown {
  return JSON.parse(JSON.stringify(report, (key, value: unknown) => (key === 'seconds' ? undefined : value)));
}

/** The OptionError a call rejects with (fails the test on anything else). */
async function optionError(call: () => Promise<unknown>): Promise<OptionError> {
  const e = await call().then(() => undefined, (x: unknown) => x);
  if (e instanceof OptionError) return e;
  throw e ?? new Error('no OptionError thrown');
}

describe('synth', () => {
  const cli = captureCli('iterl2norm-api-synth-');

  it('with liberty: the report of `synth --json`, figure for figure, and the same four netlist files', async () => {
    mkdirSync(join(cli.dir, 'api'));
    const json = join(cli.dir, 'cli.json');
    // side by side: each waits mostly for its Yosys worker threads
    const [api, code] = await Promise.all([
      synth({ ...TINY, liberty: TIMED, sramUm2PerBit: 1.5, clockPeriodNs: 40, netlist: join(cli.dir, 'api', 'top.v') }),
      main(['synth', ...TINY_FLAGS, '--liberty', TIMED, '--sram-um2-per-bit', '1.5', '--clock-period', '40', '--json', json, '--netlist', join(cli.dir, 'top.v')], cli.out),
    ]);
    expect(code).toBe(0);
    const expected = JSON.parse(readFileSync(json, 'utf8'));
    expect(figures(api)).toEqual(figures(expected));
    expect(api.areaUm2).toBeGreaterThan(0);
    expect(api.totalAreaUm2).toBeCloseTo(api.areaUm2! + api.memoryAreaUm2!, 2);
    expect(api.wnsNs).toBeGreaterThanOrEqual(0);
    const written = readdirSync(join(cli.dir, 'api')).sort();
    expect(written).toEqual(['top.manifest.json', 'top.sdc', 'top.store.lib', 'top.v']);
    for (const f of written) expect(readFileSync(join(cli.dir, 'api', f), 'utf8')).toBe(readFileSync(join(cli.dir, f), 'utf8'));
  });

  it('bad input: an OptionError naming the key, the value and what is allowed; nothing run or written', async () => {
    const netlist = join(cli.dir, 'n.v');
    const cases: Array<[SynthOptions, string, unknown]> = [
      [{ ...TINY, liberty: TIMED, powerVectors: 3, netlist }, 'powerVectors', 3],
      [{ ...TINY, liberty: TIMED, clockPeriodNs: 40, closureRuns: 9, netlist }, 'closureRuns', 9],
      [{ ...TINY, liberty: TIMED, closureRuns: 1, netlist }, 'closureRuns', 1],
      [{ ...TINY, power: true, netlist }, 'power', true],
      [{ ...TINY, liberty: TIMED, hier: true, keepOperators: true, netlist }, 'keepOperators', true],
      [{ ...TINY, liberty: TIMED, netlist }, 'sramUm2PerBit', undefined],
      [{ ...TINY, liberty: join(cli.dir, 'none.lib'), netlist }, 'liberty', join(cli.dir, 'none.lib')],
      [{ ...TINY, lanes: 65, netlist }, 'lanes', 65],
      [{ ...TINY, lanez: 2, netlist } as SynthOptions, 'lanez', 2],
    ];
    for (const [options, key, got] of cases) {
      const e = await optionError(() => synth(options));
      expect([e.option, e.got]).toEqual([key, got]);
      expect(e.allowed.length).toBeGreaterThan(0);
      expect(e.message).not.toMatch(/--/);
    }
    expect((await optionError(() => synth({ ...TINY, liberty: TIMED, clockPeriodNs: 40, closureRuns: 9 }))).allowed).toBe('an integer from 0 to 4');
    expect(readdirSync(cli.dir)).toEqual([]);
  });
});

describe('explore', () => {
  const cli = captureCli('iterl2norm-api-explore-');

  it('one synthesis, cached; the command on that cache: the report of `explore --json`, figure for figure', async () => {
    const out = join(cli.dir, 'cache');
    const api = await explore({ ...SEARCH, out });
    expect(api.candidates.map((e) => e.status)).toEqual(['above-max-ulp', 'synthesised', 'pruned']);
    expect([api.synthesised, api.cached]).toEqual([1, 0]);
    expect(api.cheapest).toEqual(api.candidates[1]);
    expect(api.frontier).toEqual([api.cheapest]);
    expect(api.cheapest!.totalAreaUm2).toBeGreaterThan(0);
    const cached = readdirSync(out);
    expect(cached).toEqual([`${api.cheapest!.key}@testlib_typ@40ns.json`]);
    // the command reads the library's cache file: the same candidate, the same figures, and a
    // run of its own (no synthesis: budget 0) gives what the library gave
    const json = join(cli.dir, 'cli.json');
    expect(await main(['explore', ...SEARCH_FLAGS, '--out', out, '--json', json, '--budget', '0'], cli.out)).toBe(0);
    const command = JSON.parse(readFileSync(json, 'utf8'));
    expect([command.synthesised, command.cached, command.cheapest.status]).toEqual([0, 1, 'cached']);
    const fromCache = { ...api.cheapest!, status: 'cached' as const };
    const asCached = { ...api, synthesised: 0, cached: 1, cheapest: fromCache, frontier: [fromCache], candidates: api.candidates.map((e) => (e === api.cheapest ? fromCache : e)) };
    expect(figures(command)).toEqual(figures(asCached));
    expect(readdirSync(out)).toEqual(cached);
  });

  it('no candidate within maxUlp: no cheapest design, an empty frontier, no folder made', async () => {
    const r = await explore({ ...SEARCH, maxUlp: 0, initBits: [1], out: join(cli.dir, 'none') });
    expect([r.cheapest, r.frontier, r.candidates.map((e) => e.status)]).toEqual([null, [], ['above-max-ulp']]);
    expect(existsSync(join(cli.dir, 'none'))).toBe(false);
  });

  it('bad input: an OptionError naming the key; no cache folder made', async () => {
    const out = join(cli.dir, 'out');
    const { liberty: _l, ...noLiberty } = SEARCH;
    const cases: Array<[ExploreOptions, string, unknown]> = [
      [noLiberty as ExploreOptions, 'liberty', undefined],
      [{ ...SEARCH, maxUlp: -1 }, 'maxUlp', -1],
      [{ ...SEARCH, lanes: [0] }, 'lanes', 0],
      [{ ...SEARCH, steps: [] }, 'steps', []],
      [{ ...SEARCH, registers: ['add=9'] }, 'registers', 'add=9'],
      [{ ...SEARCH, internal: ['x9'] }, 'internal', 'x9'],
      [{ ...SEARCH, closureRuns: 1 }, 'closureRuns', 1],
      [{ ...SEARCH, powerVectors: 2 }, 'powerVectors', 2],
      [{ ...SEARCH, sramUm2PerBit: undefined }, 'sramUm2PerBit', undefined],
      [{ ...SEARCH, clockPeriodNs: 0 }, 'clockPeriodNs', 0],
      [{ ...SEARCH, budgett: 1 } as ExploreOptions, 'budgett', 1],
    ];
    for (const [options, key, got] of cases) {
      const e = await optionError(() => explore({ ...options, out }));
      expect([e.option, e.got]).toEqual([key, got]);
      expect(e.message).not.toMatch(/--/);
    }
    expect(existsSync(out)).toBe(false);
  });
});
