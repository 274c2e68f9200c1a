// `iterl2norm explore` end to end in the test library (fixtures/timed.lib): one real synthesis of
// a tiny candidate (the others above the bound or pruned), the report, the plot and the cache;
// the same command again reads the cache and synthesises nothing; a bound no candidate meets;
// an interrupt during a synthesis; bad input.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { captureCli } from '../support/cli-capture.ts';

const TIMED = join(import.meta.dirname, '..', 'synth', 'fixtures', 'timed.lib');
// steps 0 with table bits 1, 2, 3: t1 above 1 ulp, t3 pruned by t2 (as accurate, fewer bits): one synthesis
const TINY: Record<string, string> = { d: '2', format: 'e4m3', internal: 'e6m4', steps: '0', 'init-bits': '1,2,3', lanes: '1',
  registers: 'add=0,mul=0,convert=0', liberty: TIMED, 'sram-um2-per-bit': '1.5', 'clock-period': '40', 'accuracy-vectors': '4' };
/** The command with TINY's options, some replaced or (undefined) left out. */
const tiny = (change: Record<string, string | undefined>): string[] => ['explore', ...Object.entries({ ...TINY, ...change }).flatMap(([k, v]) => (v === undefined ? [] : [`--${k}`, v]))];

describe('explore', () => {
  const cli = captureCli('iterl2norm-explore-');

  it('one synthesis: frontier, cheapest, JSON, SVG and the cache; run again: everything from the cache', async () => {
    const out = join(cli.dir, 'cache');
    const json = join(cli.dir, 'r.json');
    const svg = join(cli.dir, 'r.svg');
    expect(await main(tiny({ 'max-ulp': '1', out, json, svg }), cli.out)).toBe(0);
    const r = JSON.parse(readFileSync(json, 'utf8'));
    expect(r.candidates.map((e: { status: string }) => e.status)).toEqual(['above-max-ulp', 'synthesised', 'pruned']);
    expect(r.synthesised).toBe(1);
    const c = r.candidates[1];
    expect(r.frontier).toEqual([c]);
    expect(r.cheapest).toEqual(c);
    expect(c.met).toBe(true);
    expect(c.worstUlp).toBeLessThanOrEqual(1);
    expect(c.totalAreaUm2).toBeCloseTo(c.areaUm2 + c.memoryAreaUm2, 2);
    expect(c.memoryAreaUm2).toBeGreaterThan(0);
    expect(c.criticalPathNs).toBeGreaterThan(0);
    expect(c.criticalPathNs).toBeLessThan(40);
    expect(c.throughputElementsPerNs).toBeCloseTo(2 / (c.periodCycles * 40), 6);
    expect(cli.lines.join('\n')).toMatch(/^\* p1 e6m4 steps 0 table 2 add=0,mul=0,convert=0 /m);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg [^]*frontier[^]*<\/svg>\n$/);
    const files = readdirSync(out);
    expect(files).toEqual([`${c.key}@testlib_typ@40ns.json`]);
    const cached = join(out, files[0]!);
    const mtime = statSync(cached).mtimeMs;
    expect(await main(tiny({ 'max-ulp': '1', out, json }), cli.out)).toBe(0);
    const again = JSON.parse(readFileSync(json, 'utf8'));
    expect(again.synthesised).toBe(0);
    expect(again.cached).toBe(1);
    expect(again.candidates[1].status).toBe('cached');
    expect({ ...again.cheapest, status: 'synthesised' }).toEqual(c);
    expect(statSync(cached).mtimeMs).toBe(mtime);
    expect(readdirSync(out)).toEqual(files); // no lock, no staged file left
  });

  it('SIGINT to the group during a synthesis: ends by it at once, no process, no lock, no staged file', async () => {
    const out = join(cli.dir, 'cache');
    const child = spawn(process.execPath, [resolve('bin/iterl2norm.js'), ...tiny({ 'max-ulp': '1', out })], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const started = new Promise<void>((ok) => child.stderr!.on('data', (b) => { err += String(b); if (/candidate 1 of 1/.test(err)) ok(); }));
    const exit = new Promise<NodeJS.Signals | null>((ok) => child.on('exit', (_code, signal) => ok(signal)));
    await started;
    await new Promise((ok) => setTimeout(ok, 2500)); // into the worker's synthesis
    const t0 = Date.now();
    process.kill(-child.pid!, 'SIGINT');
    expect(await exit).toBe('SIGINT');
    expect(Date.now() - t0).toBeLessThan(2000); // not after the synthesis
    expect(err).toMatch(/interrupted \(SIGINT\)/);
    expect(readdirSync(out)).toEqual([]);
    const alive = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(out); } catch { return false; }
    });
    expect(alive).toEqual([]);
  });

  it('a bound no candidate meets: exit 1, the most accurate named, nothing synthesised or written', async () => {
    const json = join(cli.dir, 'r.json');
    expect(await main(tiny({ 'init-bits': '1,2,3', 'max-ulp': '0', out: join(cli.dir, 'c'), json }), cli.out)).toBe(1);
    expect(cli.lines.join('\n')).toMatch(/^no candidate is within --max-ulp 0: the most accurate of 3 is iterl2norm_e4m3_d2_p1_e6m4_nr0_t\d_pladd0mul0convert0 at [1-9]\d* ulp worst \(12 vectors\)/);
    expect(existsSync(json)).toBe(false);
    expect(existsSync(join(cli.dir, 'c'))).toBe(false);
  });

  it('bad input: exit 2, one line, nothing written', async () => {
    const json = join(cli.dir, 'r.json');
    const c = join(cli.dir, 'c');
    const cases: Array<[string[], RegExp]> = [
      [tiny({ 'max-ulp': undefined, out: c, json }), /--max-ulp is required/],
      [tiny({ 'max-ulp': '1', liberty: undefined, out: c, json }), /--liberty is required/],
      [tiny({ 'max-ulp': '1', 'clock-period': undefined, out: c, json }), /--clock-period is required/],
      [tiny({ 'max-ulp': '-1', out: c, json }), /--max-ulp must be a number from 0/],
      [tiny({ 'max-ulp': '1', lanes: '0', out: c, json }), /--lanes must be an integer from 1 to 64/],
      [tiny({ 'max-ulp': '1', internal: 'e6m4,q9', out: c, json }), /--internal: /],
      [tiny({ 'max-ulp': '1', registers: 'add=9', out: c, json }), /--registers: each item must be timed or look like add=2,mul=1,convert=1/],
      [tiny({ 'max-ulp': '1', steps: '1,,2', out: c, json }), /--steps needs a list separated by ","/],
      [tiny({ 'max-ulp': '1', budget: 'x', out: c, json }), /--budget must be an integer/],
      [tiny({ 'max-ulp': '1', 'power-vectors': '3', out: c, json }), /--power-vectors sets the vectors of --power/],
      [tiny({ 'max-ulp': '1', 'closure-runs': '1', out: c, json }), /--closure-runs applies to timed registers only/],
      [tiny({ 'max-ulp': '1', 'd-max': '8', out: c, json }), /give either --d .* or --d-max/],
      [tiny({ 'max-ulp': '1', 'sram-um2-per-bit': undefined, out: c, json }), /no built-in memory area for library testlib_typ/],
      [tiny({ 'max-ulp': '1', out: c, json, svg: json }), /./],
    ];
    for (const [args, re] of cases) {
      cli.errors = '';
      expect(await main(args, cli.out), args.join(' ')).toBe(2);
      expect(cli.errors, args.join(' ')).toMatch(new RegExp(`^iterl2norm: [^\\n]*${re.source}[^\\n]*\\n$`));
    }
    expect(existsSync(json)).toBe(false);
    expect(existsSync(join(cli.dir, 'c'))).toBe(false);
  });
});
