// `iterl2norm prove` (docs/prove.md): proofs of small l2, rms and layer designs with yosys-smtbmc
// and z3, a mutated design that must give a counterexample naming its property, and bad input.
// The proofs are bounded to the smallest depth that takes a first vector through (slower and
// deeper proofs: bench/prove.ts).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { cmdProve } from '../../cli/prove.ts';
import { resolveConfig } from '../../generator/config.ts';
import { depthRange, prove } from '../../prove/prove.ts';
import { findProofTools } from '../../prove/tools.ts';
import { captureCli } from '../support/cli-capture.ts';

const cli = captureCli('iterl2norm-prove-');
const SMALL = ['--format', 'fp16', '--internal', 'e5m6', '--steps', '1'];
const smallCfg = (o: Record<string, unknown>) => resolveConfig({ format: 'fp16', internal: 'e5m6', steps: 1, ...o });
const toolsPresent = (() => {
  try {
    findProofTools();
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!toolsPresent)('prove: small designs hold every property', () => {
  it('l2, d 2, 2 lanes: every property bounded-proved, and k-induction closes for hold', () => {
    const cfg = smallCfg({ d: 2, lanes: 2 });
    const depth = depthRange(cfg).min;
    const r = prove({ cfg, depth, induction: ['hold'] });
    const status = Object.fromEntries(r.properties.map((p) => [p.name, p.status]));
    expect(status).toEqual({ 'in-flight': 'bounded', order: 'bounded', beats: 'bounded', hold: 'proved by induction', reset: 'bounded', latency: 'bounded' });
    expect(r.properties.filter((p) => p.inductionTried).map((p) => p.name)).toEqual(['hold']);
    expect(r).toMatchObject({ depth, passed: true, top: 'iterl2norm_fp16_d2_p2_e5m6_nr1_t6' });
    expect(r.counterexample).toBeUndefined();
  });

  it.each([
    ['rms, d 2, 1 lane, gamma (the parameter store written at reset)', { mode: 'rms', d: 2, lanes: 1 }, ['--mode', 'rms', '--d', '2', '--lanes', '1']],
    ['layer, d 1, 1 lane, no affine, no eps', { mode: 'layer', affine: 'none', eps: 0, d: 1, lanes: 1 }, ['--mode', 'layer', '--affine', 'none', '--eps', '0', '--d', '1', '--lanes', '1']],
  ])('%s: every property bounded-proved (command line, JSON report)', async (_name, options, args) => {
    const depth = depthRange(smallCfg(options)).min;
    const json = join(cli.dir, 'report.json');
    expect(await main(['prove', ...args, ...SMALL, '--depth', String(depth), '--no-induction', '--json', json], cli.out)).toBe(0);
    const properties = cli.lines.filter((l) => /^ {2}\S/.test(l));
    expect(properties).toHaveLength(6);
    for (const line of properties) expect(line).toMatch(new RegExp(`bounded: holds in every trace of ${depth} cycles$`));
    expect(cli.lines.at(-1)).toMatch(new RegExp(`^every property holds: 0 proved by induction, 6 bounded to ${depth} cycles`));
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report).toMatchObject({ depth, passed: true, inductionTried: false });
    expect(report.properties.map((p: { status: string }) => p.status)).toEqual(Array(6).fill('bounded'));
    expect(readdirSync(cli.dir)).toEqual(['report.json']);
  });
});

describe.skipIf(!toolsPresent)('prove: a mutated design gives a counterexample naming the property', () => {
  const cfg = smallCfg({ d: 2, lanes: 2 });
  // a first vector's output beat, then a cycle of stall after it
  const depth = depthRange(cfg).min + 1;
  const reloadWhileStalled = (file: string, text: string) => (file.endsWith('_output.v') ? text.replace('wire           o_load  = !o_valid || out_ready;', "wire           o_load  = 1'b1;") : text);

  it('an output register that reloads while stalled breaks hold', () => {
    const r = prove({ cfg, depth, induction: false, edit: reloadWhileStalled });
    expect(r.passed).toBe(false);
    expect(r.counterexample).toMatchObject({ property: 'hold', assertion: 'output_held' });
    expect(r.counterexample!.vcd).toMatch(/\$var .* out_ready /);
    expect(r.properties.find((p) => p.name === 'hold')!.status).toBe('counterexample');
  });

  it('the command writes the counterexample as a VCD and the report, and exits with 1', () => {
    const vcd = join(cli.dir, 'cex.vcd');
    const json = join(cli.dir, 'report.json');
    const code = cmdProve({ depth: String(depth), induction: false, vcd, json }, cli.out, () => cfg, (o) => prove({ ...o, edit: reloadWhileStalled }));
    expect(code).toBe(1);
    expect(readFileSync(vcd, 'utf8')).toMatch(/\$var .* out_ready /);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ passed: false, counterexample: { property: 'hold', assertion: 'output_held', vcd } });
    expect(cli.lines).toContain('  hold       COUNTEREXAMPLE (assertion output_held)');
    expect(cli.lines.at(-1)).toBe(`counterexample of hold (assertion output_held): ${vcd}`);
  });

  it('a vector of 2 beats whose out_last comes on its first beat breaks beats', () => {
    const c2 = smallCfg({ d: 4, lanes: 2 });
    const r = prove({ cfg: c2, depth: depthRange(c2).min, induction: false, edit: (file, text) => (file.endsWith('_slots.v') ? text.replace("assign rd_last  = (rd_beat == LAST_BEAT);", "assign rd_last  = (rd_beat == {SAW{1'b0}});") : text) });
    expect(r.counterexample?.property).toMatch(/^(beats|in-flight|order)$/);
    expect(r.passed).toBe(false);
  });
});

describe('prove: bad input', () => {
  it.each([
    ['a vector too long for a proof', ['--d', '64'], /^iterl2norm: --d 64 is too large for a proof: .* --d 2\.\.16/],
    ['too many lanes', ['--d', '8', '--lanes', '8'], /^iterl2norm: --lanes 8 is too large for a proof/],
    ['a depth below the first vector', ['--d', '2', '--lanes', '2', '--depth', '3'], /^iterl2norm: --depth must be auto or an integer from 13 to 200 for this configuration .* \(got "3"\)$/],
    ['a depth that is not a number', ['--d', '2', '--lanes', '2', '--depth', 'deep'], /^iterl2norm: --depth must be auto or an integer/],
    ['a depth beyond the limit', ['--d', '2', '--lanes', '2', '--depth', '201'], /\(got "201"\)$/],
  ])('%s: exit 2, one line, nothing written', async (_name, args, message) => {
    const json = join(cli.dir, 'r.json');
    expect(await main(['prove', ...SMALL, ...args, '--json', json], cli.out)).toBe(2);
    expect(cli.errors.trim().split('\n')).toHaveLength(1);
    expect(cli.errors.trim()).toMatch(message);
    expect(existsSync(json)).toBe(false);
    expect(readdirSync(cli.dir)).toEqual([]);
  });

  it('without yosys-smtbmc and z3 on PATH: exit 3 with the apt-get command', async () => {
    const path = process.env.PATH;
    process.env.PATH = cli.dir;
    try {
      expect(await main(['prove', ...SMALL, '--d', '2', '--lanes', '2'], cli.out)).toBe(3);
    } finally {
      process.env.PATH = path;
    }
    expect(cli.errors).toMatch(/prove needs yosys-smtbmc and z3 .*apt-get install -y yosys z3/);
    expect(readdirSync(cli.dir)).toEqual([]);
  });
});
