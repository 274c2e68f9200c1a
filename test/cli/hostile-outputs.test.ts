// Output paths: links, FIFOs and devices are written through,
// never replaced; `-` is standard output; a path that cannot be written is exit 2 with one
// line before any work (no stack trace, no exit 1); and a command writes all its outputs or
// none of them.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, linkSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
    expect(cli.errors).toContain('1 vector normalised into standard output');
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

describe('an output never replaces an input', () => {
  // `@` is the test folder; x.txt is a bf16 vector file (d 4), p.txt a gamma line, n.txt decimal
  // numbers, lib.lib a stand-in Liberty file, m.npy a stand-in checkpoint; D/ holds a design
  const setup = (d: string) => {
    writeFileSync(join(d, 'x.txt'), X);
    writeFileSync(join(d, 'p.txt'), '3f80 3f80 3f80 3f80\n');
    writeFileSync(join(d, 'n.txt'), '1 2 3 4\n');
    writeFileSync(join(d, 'lib.lib'), 'library (x) { }\n');
    writeFileSync(join(d, 'm.npy'), 'not really\n');
    mkdirSync(join(d, 'out'));
    writeFileSync(join(d, 'out', 'accuracy.md'), X);
    mkdirSync(join(d, 'keep'));
    writeFileSync(join(d, 'keep', '.iterl2norm-cosim'), 'kept\n');
    writeFileSync(join(d, 'keep', 'x.txt'), X);
  };
  const g = ['--d', '4', '--lanes', '1'];
  const rms = ['--d', '4', '--lanes', '1', '--mode', 'rms'];
  const cases: Array<[string, string[], string, string]> = [
    ['golden --out = --in', ['golden', ...g, '--in', '@/x.txt', '--out', '@/x.txt'], '--in', '--out'],
    ['golden --out ./x.txt, --in x.txt', ['golden', ...g, '--in', '@/x.txt', '--out', '@/./x.txt'], '--in', '--out'],
    ['golden --out through .. of a folder', ['golden', ...g, '--in', '@/x.txt', '--out', '@/out/../x.txt'], '--in', '--out'],
    ['golden --params = --out', ['golden', ...rms, '--in', '@/x.txt', '--params', '@/p.txt', '--out', '@/p.txt'], '--params', '--out'],
    ['golden --memh = --in', ['golden', ...g, '--in', '@/x.txt', '--out', '@/y.txt', '--memh', '@/x.txt'], '--in', '--memh'],
    ['cosim --out = --in', ['cosim', ...g, '--in', '@/x.txt', '--out', '@/x.txt'], '--in', '--out'],
    ['cosim --params-out = --in', ['cosim', ...rms, '--in', '@/x.txt', '--params-out', '@/x.txt'], '--in', '--params-out'],
    ['cosim --json = --in', ['cosim', ...g, '--in', '@/x.txt', '--json', '@/x.txt'], '--in', '--json'],
    ['cosim --vcd = --params', ['cosim', ...rms, '--in', '@/x.txt', '--params', '@/p.txt', '--vcd', '@/p.txt'], '--params', '--vcd'],
    ['decode --out = --in', ['decode', '--in', '@/x.txt', '--out', '@/x.txt'], '--in', '--out'],
    ['vectors --from F --out F', ['vectors', '--format', 'bf16', '--from', '@/n.txt', '--out', '@/n.txt'], '--from', '--out'],
    ['vectors --memh = --from', ['vectors', '--format', 'bf16', '--from', '@/n.txt', '--memh', '@/n.txt'], '--from', '--memh'],
    ['accuracy --in DIR/accuracy.md --out DIR', ['accuracy', '--format', 'bf16', '--in', '@/out/accuracy.md', '--out', '@/out'], '--in', '--out'],
    ['synth --json = --liberty', ['synth', ...g, '--liberty', '@/lib.lib', '--json', '@/lib.lib'], '--liberty', '--json'],
    ['synth --netlist = --liberty', ['synth', ...g, '--liberty', '@/lib.lib', '--netlist', '@/lib.lib'], '--liberty', '--netlist'],
    ['slanc --out = --model', ['slanc', '--model', '@/m.npy', '--out', '@/m.npy'], '--model', '--out'],
  ];
  it.each(cases)('%s: exit 2 naming both options, the input unchanged', async (_name, args, inOption, outOption) => {
    setup(cli.dir);
    const before = snapshot(cli.dir);
    const files = Object.keys(before).filter((p) => before[p]!.startsWith('file '));
    const mtimes = Object.fromEntries(files.map((p) => [p, lstatSync(join(cli.dir, p)).mtimeMs]));
    expect(await main(args.map((a) => a.replace('@', cli.dir)), cli.out)).toBe(2);
    const line = cli.errors.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(new RegExp(`^iterl2norm: ${inOption} \\S+ and ${outOption} \\S+ are the same file`));
    expect(snapshot(cli.dir)).toEqual(before);
    for (const [p, m] of Object.entries(mtimes)) expect(lstatSync(join(cli.dir, p)).mtimeMs).toBe(m);
  });

  it.each([
    ['a symbolic link', (t: string, l: string) => symlinkSync(t, l)],
    ['a hard link', (t: string, l: string) => linkSync(t, l)],
  ])('--out %s to the input is the input', async (_name, link) => {
    setup(cli.dir);
    link(join(cli.dir, 'x.txt'), join(cli.dir, 'l.txt'));
    const commands = [golden(join(cli.dir, 'l.txt')), ['decode', '--in', join(cli.dir, 'x.txt'), '--out', join(cli.dir, 'l.txt')]];
    const before = snapshot(cli.dir);
    const st = statSync(join(cli.dir, 'x.txt'));
    for (const cmd of commands) {
      cli.errors = '';
      expect(await main(cmd, cli.out)).toBe(2);
      expect(cli.errors.trim()).toBe(`iterl2norm: --in ${join(cli.dir, 'x.txt')} and --out ${join(cli.dir, 'l.txt')} are the same file: the output would replace the input; give a different --out file`);
    }
    expect(snapshot(cli.dir)).toEqual(before);
    const now = statSync(join(cli.dir, 'x.txt'));
    expect([now.ino, now.mtimeMs, now.nlink]).toEqual([st.ino, st.mtimeMs, st.nlink]);
  });

  it('an input inside the cosim --keep folder (whose contents the run replaces) is refused', async () => {
    setup(cli.dir);
    const before = snapshot(cli.dir);
    expect(await main(['cosim', ...g, '--in', join(cli.dir, 'keep', 'x.txt'), '--keep', join(cli.dir, 'keep')], cli.out)).toBe(2);
    expect(cli.errors.trim()).toBe(`iterl2norm: --in ${join(cli.dir, 'keep', 'x.txt')} is inside --keep ${join(cli.dir, 'keep')}, whose contents the run replaces; move the file or give another --keep folder`);
    expect(snapshot(cli.dir)).toEqual(before);
  });

  it('golden --design DIR --out DIR/manifest.json is refused', async () => {
    const design = join(cli.dir, 'D');
    expect(await main(['generate', ...g, '--out', design], cli.out)).toBe(0);
    writeFileSync(join(cli.dir, 'x.txt'), X);
    const before = snapshot(cli.dir);
    cli.errors = '';
    expect(await main(['golden', '--design', design, '--in', join(cli.dir, 'x.txt'), '--out', join(design, 'manifest.json')], cli.out)).toBe(2);
    expect(cli.errors).toContain(`--design ${join(design, 'manifest.json')} and --out ${join(design, 'manifest.json')} are the same file`);
    expect(snapshot(cli.dir)).toEqual(before);
  });

  it('a different file of the same name elsewhere is not the input', async () => {
    setup(cli.dir);
    expect(await main(golden(join(cli.dir, 'out', 'x.txt')), cli.out)).toBe(0);
    expect(readFileSync(join(cli.dir, 'x.txt'), 'utf8')).toBe(X);
  });
});

describe('outputs to a pipe closed early, and inputs too large to read', () => {
  const BIN = resolve('bin/iterl2norm.js');
  it.each([
    ['vectors --out - | head -1', `node ${BIN} vectors --d 64 --format fp32 --count 3000 --out - | head -1 >/dev/null; echo "status $\{PIPESTATUS[0]}"`],
    ['decode | head -1', `node ${BIN} decode --format fp32 --in @/v.txt | head -1 >/dev/null; echo "status $\{PIPESTATUS[0]}"`],
  ])('%s: quiet, exit 0', async (_name, script) => {
    expect(await main(['vectors', '--d', '64', '--format', 'fp32', '--count', '3000', '--out', join(cli.dir, 'v.txt')], cli.out)).toBe(0);
    const r = spawnSync('bash', ['-c', script.replaceAll('@', cli.dir)], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('status 0');
    expect(r.stderr).toBe('');
  });

  it.each([
    ['golden --in', (f: string) => ['golden', '--d', '4', '--in', f, '--out', join(cli.dir, 'y.txt')], 'a vector file'],
    ['decode --in', (f: string) => ['decode', '--in', f, '--out', join(cli.dir, 'y.txt')], 'a vector file'],
    ['vectors --from', (f: string) => ['vectors', '--from', f, '--out', join(cli.dir, 'y.txt')], 'a file of decimal numbers'],
    ['vectors --from .npy', (f: string) => ['vectors', '--from', f, '--out', join(cli.dir, 'y.txt')], 'a .npy array of vectors'],
  ])('%s of 1.5 GiB (sparse) is refused before it is read', async (_name, args, what) => {
    const big = join(cli.dir, what.includes('npy') ? 'big.npy' : 'big.txt');
    writeFileSync(big, '');
    truncateSync(big, 1.5 * 1024 ** 3);
    const t0 = Date.now();
    expect(await main(args(big), cli.out)).toBe(2);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(cli.errors.trim()).toBe(`iterl2norm: ${big}: 1.5 GiB, larger than the 256 MiB ${what} may have; split it`);
    expect(existsSync(join(cli.dir, 'y.txt'))).toBe(false);
  });
});
