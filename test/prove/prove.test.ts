// `iterl2norm prove` (docs/prove.md): a small l2 design proven with yosys-smtbmc and z3, mutated
// designs that must give a counterexample naming their property, and bad input (rms and layer:
// prove-modes.test.ts). Bounded to the smallest depth that takes a first vector through (slower
// and deeper proofs: bench/prove.ts).
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
// `make test` installs yosys (with yosys-smtbmc) and z3 (scripts/ensure-tools.sh): a missing tool
// fails these tests instead of skipping them.
findProofTools();

describe('prove: a small l2 design holds every property', () => {
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
});

describe('prove: a mutated design gives a counterexample naming the property', () => {
  const cfg = smallCfg({ d: 2, lanes: 2 });
  // a first vector's output beat, then a cycle of stall after it
  const depth = depthRange(cfg).min + 1;
  const reloadWhileStalled = (file: string, text: string) => (file.endsWith('_output.v') ? text.replace('wire           o_load  = !o_valid || out_ready;', "wire           o_load  = 1'b1;") : text);

  it('an output register that reloads while stalled breaks hold: the command writes the VCD and the report, exit 1', () => {
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
    ['a vector too long for a proof', ['--d', '64'], /^iterl2norm: --d 64 is too large for a proof: .* --d up to 16/],
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
