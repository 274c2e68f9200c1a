// The residual options on the command line: bad input (exit 2, one line, nothing written, before
// any simulation), the manifest's ports and memory, and that cosim --vectors, vectors --residual
// and golden agree on the same residual files.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { captureCli } from '../support/cli-capture.ts';

const cli = captureCli('iterl2norm-residual-');
const out = cli.out;
const at = (f: string) => join(cli.dir, f);
const rows = (f: string) => readFileSync(at(f), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

const FILES: Array<[string, string[]]> = [
  ['x.txt', ['--count', '3', '--d', '4']],
  ['r.txt', ['--count', '3', '--d', '4', '--residual']],
  ['r2.txt', ['--count', '2', '--d', '4', '--residual']],
  ['r5.txt', ['--count', '3', '--d', '5', '--residual']],
];
const made = new Map<string, string>();

/** The vector files of FILES in the test's folder (made by `vectors` once, then copied). */
async function files(): Promise<void> {
  for (const [name, args] of FILES) {
    if (!made.has(name)) {
      expect(await main(['vectors', ...args, '--out', at(name)], out)).toBe(0);
      made.set(name, readFileSync(at(name), 'utf8'));
    } else writeFileSync(at(name), made.get(name)!);
  }
}

describe('--residual on the command line', () => {
  it.each([
    [['golden', '--d', '4', '--residual-sum', 'io', '--in', 'x.txt', '--out', 'y.txt'], '--residual-sum says where the residual sum x + r is rounded; without --residual there is none'],
    [['golden', '--d', '4', '--residual', '--in', 'x.txt', '--out', 'y.txt'], 'a --residual design normalises x + r: give --res-in FILE'],
    [['golden', '--d', '4', '--in', 'x.txt', '--res-in', 'r.txt', '--out', 'y.txt'], '--res-in belongs to a residual design: add --residual'],
    [['golden', '--d', '4', '--residual', '--in', 'x.txt', '--res-in', 'r2.txt', '--out', 'y.txt', '--res-out', 'h.txt'], 'r2.txt: 2 residual vectors, but 3 input vectors'],
    [['golden', '--d', '4', '--residual', '--residual-sum', 'both', '--in', 'x.txt', '--res-in', 'r.txt', '--out', 'y.txt'], '--residual-sum must be one of io, internal (got "both")'],
    [['golden', '--d', '4', '--residual', '--residual-sum', 'internal', '--format', 'fp32', '--internal', 'bf16', '--in', 'x.txt', '--res-in', 'r.txt', '--out', 'y.txt'], '--internal bf16 does not hold every fp32 value'],
    [['cosim', '--d', '4', '--residual', '--in', 'x.txt', '--res-in', 'r5.txt', '--out', 'y.txt'], 'r5.txt:2: expected 4 words, got 5'],
    [['cosim', '--d', '4', '--residual', '--in', 'x.txt', '--out', 'y.txt'], 'a --residual design with --in needs --res-in FILE'],
    [['cosim', '--d', '4', '--vectors', '2', '--res-out', 'h.txt'], '--res-out belongs to a residual design'],
    [['generate', '--d', '4', '--residual', '--interface', 'axis', '--out', 'rtl'], 'in_res and out_res to the stream ports'],
    [['prove', '--d', '4', '--lanes', '2', '--residual'], '--residual is not proven'],
    [['vectors', '--from', 'x.txt', '--residual', '--out', 'y.txt'], '--residual makes the test residuals of --count N'],
  ])('%j: exit 2, one line, nothing written', async (args, message) => {
    await files();
    const before = readdirSync(cli.dir).sort();
    const argv = args.map((a) => (/\.txt$|^rtl$/.test(a) ? at(a) : a));
    expect(await main(argv, out)).toBe(2);
    expect(cli.errors).toContain(message);
    expect(cli.errors.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(cli.dir).sort()).toEqual(before);
  });

  it('cosim --vectors, vectors --residual and golden agree; out_res is h', async () => {
    await files();
    expect(await main(['cosim', '--d', '4', '--lanes', '1', '--residual', '--vectors', '3', '--out', at('yc.txt'), '--res-out', at('hc.txt')], out)).toBe(0);
    expect(await main(['golden', '--d', '4', '--lanes', '1', '--residual', '--in', at('x.txt'), '--res-in', at('r.txt'), '--out', at('yg.txt'), '--res-out', at('hg.txt')], out)).toBe(0);
    expect(rows('yc.txt')).toEqual(rows('yg.txt'));
    expect(rows('hc.txt')).toEqual(rows('hg.txt'));
    // vector 0 of the test residuals is r = -x: h is zero (x + -x = +0; NaN and infinities stay NaN)
    expect(rows('hg.txt')[0]!.split(' ').every((w) => w === '0000' || w === '7fc0')).toBe(true);
    // decode reads them as plain vector files
    expect(await main(['decode', '--in', at('hg.txt'), '--out', at('hd.txt')], out)).toBe(0);
  });

  it('generate: in_res and out_res ports; the internal sum stores wider words, said in the manifest', async () => {
    const m = async (extra: string[]) => {
      const dir = at(`rtl${extra.length}`);
      expect(await main(['generate', '--d', '32', '--lanes', '4', ...extra, '--out', dir], out)).toBe(0);
      return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    };
    const plain = await m([]);
    const io = await m(['--residual']);
    const internal = await m(['--residual', '--residual-sum', 'internal']);
    expect(io.ports.map((p: { name: string }) => p.name)).toEqual(['clk', 'rst', 'in_valid', 'in_ready', 'in_data', 'in_res', 'out_valid', 'out_ready', 'out_data', 'out_res', 'out_last']);
    expect(io.config.residualSum).toBe('io');
    expect(io.engine.vectorMemoryBits).toBe(plain.engine.vectorMemoryBits);
    // e10m30 words (41 bits) instead of bf16 (16)
    expect(internal.engine.vectorMemoryBits).toBe(plain.engine.vectorMemoryBits / 16 * 41);
    expect(internal.engine.memories[0].holds).toContain('h = x + r in e10m30');
    expect(internal.residual).toMatchObject({ sum: 'internal', storedFormat: 'e10m30', storedWordBits: 41, vectorMemoryBits: internal.engine.vectorMemoryBits, vectorMemoryBitsWithoutResidual: plain.engine.vectorMemoryBits, addedCycles: 0 });
    expect(plain.residual).toBeUndefined();
    expect([io.latency.cycles, internal.latency.cycles, io.throughput.cycles]).toEqual([plain.latency.cycles, plain.latency.cycles, plain.throughput.cycles]);
    expect(readFileSync(join(at('rtl1'), `${io.top}.v`), 'utf8')).toContain('_residual_add residual_add');
    // golden --design takes the residual sum from the manifest
    expect(await main(['golden', '--design', at('rtl3'), '--in', at('x32.txt'), '--out', at('y.txt')], out)).toBe(2);
    expect(cli.errors).toContain('a --residual design normalises x + r');
  });
});
