// What users expect of the command line: `vectors` and `decode`, waveforms from
// cosim --vcd, --version and -h with the README's spelling of --d.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { BF16, FP32, isNaNBits } from '../../generator/format/float-format.ts';
import { writeNpy } from '../../generator/slanc/npy.ts';
import { parseDecimal } from '../../generator/vectors/decimal.ts';
import { captureCli } from '../support/cli-capture.ts';

const cli = captureCli('iterl2norm-conveniences-');
const f = (n: string) => join(cli.dir, n);
const data = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

describe('vectors --from: decimal text rounded once to the format (RNE)', () => {
  it.each([
    ['0.1', BF16, 0x3dcd],
    ['1.00390625', BF16, 0x3f80], // 1 + 2^-8: a tie between 3f80 and 3f81, to even
    ['1.01171875', BF16, 0x3f82], // 1 + 3*2^-8: a tie between 3f81 and 3f82, to even
    ['1.0039062500000000001', BF16, 0x3f81], // just above the tie: through binary64 it would be the tie (3f80)
    ['-0', BF16, 0x8000],
    ['1e-50', BF16, 0x0000],
    ['-1e39', BF16, 0xff80], // overflows bf16: -inf
    ['3.4028235677973366e38', FP32, 0x7f7fffff], // just below the overflow threshold of fp32
    ['9.18354961579912115600575419704879435795832466228193376178712270530013483949005603790283203125e-41', FP32, 0x00010000], // exactly a subnormal
    ['-Inf', FP32, 0xff800000],
    ['nan', BF16, 0x7fc0],
  ])('%s in %s', (text, fmt, bits) => {
    expect(parseDecimal(fmt, text)).toBe(bits);
  });

  it('a file with spaces and commas, and a .npy array, become the same vector file', async () => {
    writeFileSync(f('x.txt'), '# two vectors\n1.5, -2, 0.1 ,3\n\n0 -0 inf 1e-3\n');
    expect(await main(['vectors', '--format', 'bf16', '--from', f('x.txt'), '--out', f('v.txt')], cli.out)).toBe(0);
    expect(data(f('v.txt'))).toEqual(['3fc0 c000 3dcd 4040', '0000 8000 7f80 3a83']);
    writeNpy(f('x.npy'), { shape: [2, 4], data: [1.5, -2, 0.1, 3, 0, -0, Infinity, 1e-3], dtype: 'F64' });
    expect(await main(['vectors', '--format', 'bf16', '-d', '4', '--from', f('x.npy'), '--out', f('n.txt')], cli.out)).toBe(0);
    expect(data(f('n.txt'))).toEqual(data(f('v.txt')));
  });

  it('rejects a row of the wrong length, naming the line', async () => {
    writeFileSync(f('x.txt'), '1 2 3\n4 5\n');
    expect(await main(['vectors', '--format', 'bf16', '--from', f('x.txt'), '--out', f('v.txt')], cli.out)).toBe(2);
    expect(cli.errors.trim()).toBe(`iterl2norm: ${f('x.txt')}:2: expected 3 numbers (as on the first line), got 2`);
  });
});

describe('vectors --count and decode', () => {
  it('--count makes the vectors cosim --vectors makes (same results)', async () => {
    const cfg = ['--d', '5', '--lanes', '2', '--format', 'fp16'];
    expect(await main(['vectors', ...cfg.filter((a) => a !== '--lanes' && a !== '2'), '--count', '12', '--seed', '3', '--out', f('v.txt')], cli.out)).toBe(0);
    expect(data(f('v.txt'))).toHaveLength(12);
    expect(await main(['cosim', ...cfg, '--in', f('v.txt'), '--seed', '3', '--out', f('a.txt')], cli.out)).toBe(0);
    expect(await main(['cosim', ...cfg, '--vectors', '12', '--seed', '3', '--out', f('b.txt')], cli.out)).toBe(0);
    expect(readFileSync(f('a.txt'), 'utf8')).toBe(readFileSync(f('b.txt'), 'utf8'));
  });

  it('decode, then vectors --from, gives back every pattern (NaNs as the canonical NaN)', async () => {
    for (const [fmt, name] of [[BF16, 'bf16'], [FP32, 'fp32']] as const) {
      expect(await main(['vectors', '-d', '7', '--format', name, '--count', '80', '--out', f('v.txt')], cli.out)).toBe(0);
      expect(await main(['decode', '--format', name, '--in', f('v.txt'), '--out', f('d.txt')], cli.out)).toBe(0);
      const decimal = data(f('d.txt'));
      expect(decimal.some((l) => l.includes('nan') || l.includes('inf'))).toBe(true);
      expect(await main(['vectors', '--format', name, '--from', f('d.txt'), '--out', f('w.txt')], cli.out)).toBe(0);
      const canon = (line: string) => line.split(' ').map((h) => (isNaNBits(fmt, parseInt(h, 16)) ? 'nan' : h));
      expect(data(f('w.txt')).map(canon)).toEqual(data(f('v.txt')).map(canon));
    }
  });
});

describe('cosim --vcd', () => {
  it.each(['icarus', 'verilator'])('%s: writes the macro\'s ports and state; out_valid rises and out_data changes', async (sim) => {
    expect(await main(['cosim', '--d', '4', '--lanes', '2', '--vectors', '3', '--sim', sim, '--vcd', f('w.vcd')], cli.out)).toBe(0);
    const vcd = readFileSync(f('w.vcd'), 'utf8');
    expect(vcd).toContain('$enddefinitions');
    // name -> id of its first declaration (Verilator pads the width to two columns, and gives
    // a port and the nets it drives in submodules one id)
    const vars = new Map<string, string>();
    for (const m of vcd.matchAll(/\$var \w+ +(\d+) (\S+) (\S+)(?: \[\d+:\d+\])? \$end/g)) if (!vars.has(m[3]!)) vars.set(m[3]!, m[2]!);
    const names = new Set(vars.keys());
    for (const port of ['clk', 'rst', 'in_valid', 'in_ready', 'in_data', 'out_valid', 'out_ready', 'out_data', 'out_last']) expect(names).toContain(port);
    expect(names.size).toBeGreaterThan(12); // internal state of the top level too
    const id = vars.get('out_valid')!;
    const changes = [...vcd.matchAll(new RegExp(`^([01])${id.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}$`, 'gm'))].map((m) => m[1]);
    expect(changes).toContain('1');
    const dataId = vars.get('out_data')!;
    expect(vcd.split('\n').filter((l) => l.startsWith('b') && l.endsWith(` ${dataId}`)).length).toBeGreaterThan(3);
  });

  it('FILE.fst writes FST', async () => {
    expect(await main(['cosim', '--d', '4', '--lanes', '2', '--vectors', '2', '--vcd', f('w.fst')], cli.out)).toBe(0);
    const bytes = readFileSync(f('w.fst'));
    expect(bytes.length).toBeGreaterThan(100);
    expect(bytes[0]).toBe(0); // FST_BL_HDR block type
    expect(bytes.includes(Buffer.from('$var'))).toBe(false); // not a VCD
  });
});

// (silent when stderr is not a terminal: interrupt.test.ts checks the stderr of its runs)
describe('progress of a long simulation', () => {
  const run = (env: Record<string, string>) => {
    const { ITERL2NORM_PROGRESS: _off, ...rest } = process.env;
    const r = spawnSync(process.execPath, [resolve('bin/iterl2norm.js'), 'cosim', '--d', '64', '--lanes', '1', '--vectors', '400', '--stress', '0'], { encoding: 'utf8', env: { ...rest, ...env } });
    expect(r.status).toBe(0);
    return r.stderr;
  };
  // (a simulation of a few seconds, so that the line is redrawn with an estimate on any machine)
  it('is drawn on a terminal (forced here with ITERL2NORM_PROGRESS=1), with the time left', () => {
    expect(run({ ITERL2NORM_PROGRESS: '1' })).toMatch(/\rsimulation of 400 vectors \(Icarus\) \[#*\.*\] +\d+%  \d+ s, about \d+ s left/);
  });
});

describe('--version and -h', () => {
  it('--version prints the package version', async () => {
    expect(await main(['--version'], cli.out)).toBe(0);
    expect(cli.lines).toEqual([JSON.parse(readFileSync('package.json', 'utf8')).version]);
  });

  it('-h spells the vector length --d, as the README does', async () => {
    expect(await main(['generate', '-h'], cli.out)).toBe(0);
    const help = cli.lines.join('\n');
    expect(help).toMatch(/^ {6}--d {2,}vector length/m);
    expect(help).not.toMatch(/^ {2}-d /m);
    expect(help).toContain('-h, --help');
  });
});
