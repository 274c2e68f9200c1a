// Output paths: links, FIFOs and devices are written through,
// never replaced; `-` is standard output; a path that cannot be written is exit 2 with one
// line before any work (no stack trace, no exit 1); and a command writes all its outputs or
// none of them.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { resolveConfig } from '../../generator/config.ts';
import { IterL2NormModel } from '../../generator/model/iterl2norm.ts';
import { formatVectorText } from '../../generator/vectors/vector-file.ts';
import { captureCli } from '../support/cli-capture.ts';
import { snapshot } from '../support/folder-snapshot.ts';

const cli = captureCli('iterl2norm-hostile-out-');
const X = '3f80 4000 0000 3f80\n';

/** What golden must write for X (the model, independently of the CLI's writing path). */
function expectedResults(): string {
  const model = new IterL2NormModel(resolveConfig({ d: 4, lanes: 1 }));
  return formatVectorText([model.normalise([0x3f80, 0x4000, 0x0000, 0x3f80])], resolveConfig({ d: 4 }).format);
}

function golden(out: string): string[] {
  const inFile = join(cli.dir, 'x.txt');
  writeFileSync(inFile, X);
  return ['golden', '--d', '4', '--lanes', '1', '--in', inFile, '--out', out];
}

describe('written through, never replaced', () => {
  it('a symbolic link stays a link; its target gets the results', async () => {
    const target = join(cli.dir, 'real.txt');
    writeFileSync(target, 'old\n');
    const link = join(cli.dir, 'l.txt');
    symlinkSync('real.txt', link);
    expect(await main(golden(link), cli.out)).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('real.txt');
    expect(readFileSync(target, 'utf8')).toBe(expectedResults());
  });

  it('a dangling link creates its target', async () => {
    const link = join(cli.dir, 'l.txt');
    symlinkSync('made.txt', link);
    expect(await main(golden(link), cli.out)).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(cli.dir, 'made.txt'), 'utf8')).toBe(expectedResults());
  });

  it('a FIFO is written into and stays a FIFO', async () => {
    const fifo = join(cli.dir, 'f.fifo');
    const mk = spawn('mkfifo', [fifo]);
    await new Promise((r) => mk.on('exit', r));
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (b) => { got += String(b); });
    const done = new Promise((r) => reader.on('exit', r));
    expect(await main(golden(fifo), cli.out)).toBe(0);
    await done;
    expect(got).toBe(expectedResults());
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a device (/dev/null) is written into, not replaced', async () => {
    const before = statSync('/dev/null');
    expect(await main(golden('/dev/null'), cli.out)).toBe(0);
    const after = statSync('/dev/null');
    expect(after.isCharacterDevice()).toBe(true);
    expect([after.ino, after.rdev]).toEqual([before.ino, before.rdev]);
  });

  it.each(['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1'])('%s is standard output, whatever it was redirected to', async (path) => {
    let stdout = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { stdout += String(s); return true; });
    try {
      expect(await main(golden(path), cli.out)).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(stdout).toBe(expectedResults());
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  });

  it('- is standard output; the messages go to stderr', async () => {
    let stdout = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { stdout += String(s); return true; });
    try {
      expect(await main(golden('-'), cli.out)).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(stdout).toBe(expectedResults());
    expect(cli.lines).toEqual([]);
    expect(cli.errors).toContain('1 vectors normalised into standard output');
    expect(existsSync(join(cli.dir, '-'))).toBe(false);
  });
});

describe('a path that cannot be written is exit 2, one line, before the work', () => {
  const cases: Array<[string, (dir: string) => string[], string]> = [
    ['--out an existing folder', (d) => golden(d), 'is a directory; give a file name'],
    ['--out below a file', (d) => golden(join(d, 'x.txt', 'sub')), 'x.txt is a file, not a directory'],
    ['--out in a missing folder', (d) => golden(join(d, 'nodir', 'y.txt')), 'nodir does not exist; create it first'],
    ['cosim --json in a missing folder', (d) => ['cosim', '--d', '4', '--lanes', '1', '--vectors', '2', '--json', join(d, 'nodir', 'r.json')], '--json'],
    ['cosim --vcd in a missing folder', (d) => ['cosim', '--d', '4', '--lanes', '1', '--vectors', '2', '--vcd', join(d, 'nodir', 'w.vcd')], '--vcd'],
    ['synth --json in a missing folder', (d) => ['synth', '--d', '4', '--lanes', '1', '--json', join(d, 'nodir', 's.json')], '--json'],
    ['synth --yosys-log in a missing folder', (d) => ['synth', '--d', '4', '--lanes', '1', '--yosys-log', join(d, 'nodir', 'y.log')], '--yosys-log'],
    ['synth --netlist below a file', (d) => { writeFileSync(join(d, 'f'), ''); return ['synth', '--d', '4', '--lanes', '1', '--netlist', join(d, 'f', 'n.v')]; }, 'is a file, not a directory'],
    ['generate --out below a file', (d) => { writeFileSync(join(d, 'f'), ''); return ['generate', '--d', '4', '--lanes', '1', '--out', join(d, 'f', 'rtl')]; }, 'is a file, not a directory'],
    ['--out in a folder nobody may write (even root)', () => golden('/sys/y.txt'), '--out /sys/y.txt: directory /sys is not writable'],
    ['generate --out in a folder nobody may write', () => ['generate', '--d', '4', '--lanes', '1', '--out', '/proc/rtl'], '--out /proc/rtl: directory /proc is not writable'],
    ['cosim --keep is a file', (d) => { writeFileSync(join(d, 'k'), ''); return ['cosim', '--d', '4', '--lanes', '1', '--vectors', '2', '--keep', join(d, 'k')]; }, '--keep'],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const argv = args(cli.dir);
    const before = snapshot(cli.dir);
    const t0 = Date.now();
    expect(await main(argv, cli.out)).toBe(2);
    expect(Date.now() - t0).toBeLessThan(1500); // refused before a simulation or a synthesis
    expect(cli.errors).toContain(message);
    expect(cli.errors).not.toMatch(/\bat .*\(.*:\d+:\d+\)/); // no stack trace
    expect(cli.errors.trim().split('\n')).toHaveLength(1);
    expect(snapshot(cli.dir)).toEqual(before);
  });
});

describe('all outputs or none', () => {
  it('cosim --out y.txt --json /nodir/r.json writes neither (and runs no simulation)', async () => {
    const before = snapshot(cli.dir);
    const args = ['cosim', '--d', '4', '--lanes', '1', '--vectors', '2', '--out', join(cli.dir, 'y.txt'), '--json', join(cli.dir, 'nodir', 'r.json')];
    expect(await main(args, cli.out)).toBe(2);
    expect(cli.errors).toContain('--json');
    expect(snapshot(cli.dir)).toEqual(before);
  });

  it('generate into a folder whose manifest.json is a folder writes no .v file', async () => {
    const rtl = join(cli.dir, 'rtl');
    mkdirSync(join(rtl, 'manifest.json'), { recursive: true });
    const before = snapshot(cli.dir);
    expect(await main(['generate', '--d', '4', '--lanes', '1', '--out', rtl], cli.out)).toBe(2);
    expect(cli.errors).toContain('manifest.json is not a file');
    expect(snapshot(cli.dir)).toEqual(before);
  });

  it('two outputs naming the same file are refused', async () => {
    const before = snapshot(cli.dir);
    const same = join(cli.dir, 'same.txt');
    expect(await main(['cosim', '--d', '4', '--lanes', '1', '--vectors', '2', '--out', same, '--json', same], cli.out)).toBe(2);
    expect(cli.errors).toContain('--out and --json name the same file');
    expect(snapshot(cli.dir)).toEqual(before);
  });

  it('a successful cosim writes every output and leaves no staging file', async () => {
    const args = ['cosim', '--d', '4', '--lanes', '1', '--vectors', '2', '--out', join(cli.dir, 'y.txt'), '--json', join(cli.dir, 'r.json')];
    expect(await main(args, cli.out)).toBe(0);
    expect(Object.keys(snapshot(cli.dir)).sort()).toEqual(['r.json', 'y.txt']);
    expect(readFileSync(join(cli.dir, 'y.txt'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(cli.dir, 'r.json'), 'utf8')).passed).toBe(2);
  });
});
