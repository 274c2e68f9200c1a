// Dropping the macro into a user's flow: files.f and the instantiation template beside every
// design, $readmemh files of vectors and results, the golden model following a design
// (--design), standard input as --in, the watchdog's own exit status, singular counts.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { setStdoutWriter } from '../../generator/io/atomic-write.ts';
import { INSTANCE_BEGIN, INSTANCE_END } from '../../generator/rtl/helper-files.ts';
import { captureCli } from '../support/cli-capture.ts';

const cli = captureCli('iterl2norm-drop-in-');
const f = (n: string) => join(cli.dir, n);
const data = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
const BIN = resolve('bin/iterl2norm.js');

/** Runs a tool in `cwd`; returns its status and output. */
function tool(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('files.f and <top>_inst.v beside every design', () => {
  it.each([
    ['fixed d, l2, 4 lanes', ['--d', '8', '--lanes', '4']],
    ['--d-max, rms with gamma, 3 lanes, fp16', ['--d-max', '20', '--lanes', '3', '--mode', 'rms', '--format', 'fp16']],
  ])('%s: iverilog -c files.f and verilator -f files.f from the folder; the template compiles wrapped in a module', async (_name, opts) => {
    const dir = f('rtl');
    expect(await main(['generate', ...opts, '--out', dir], cli.out)).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const inst = `${m.top}_inst.v`;
    expect(m.outputs).toContain('files.f');
    expect(m.outputs).toContain(inst);
    expect(m.files).not.toContain('files.f');
    expect(m.files).not.toContain(inst);
    const list = readFileSync(join(dir, 'files.f'), 'utf8').trim().split('\n');
    expect(list.at(-1)).toBe(`${m.top}.v`);
    expect(list.every((x) => m.files.includes(x))).toBe(true);
    expect(list).toEqual(m.files.filter((x: string) => list.includes(x))); // compile order kept

    expect(tool('iverilog', ['-g2005', '-c', 'files.f', '-o', join(cli.dir, 'a.vvp')], dir)).toEqual({ status: 0, out: '' });
    const lint = tool('verilator', ['--lint-only', '-Wall', '-f', 'files.f'], dir);
    expect(lint.out).toBe('');
    expect(lint.status).toBe(0);

    // every line of the template is a comment: reading every *.v of the folder still works
    const text = readFileSync(join(dir, inst), 'utf8');
    expect(text.split('\n').filter((l) => l !== '' && !l.startsWith('//'))).toEqual([]);
    const all = readdirSync(dir).filter((x) => x.endsWith('.v'));
    expect(all).toContain(inst);
    expect(tool('iverilog', ['-g2005', '-o', join(cli.dir, 'b.vvp'), ...all], dir).status).toBe(0);

    // between its marks: a wire per port and the instance, every port connected at its width
    const lines = text.split('\n');
    const body = lines.slice(lines.indexOf(INSTANCE_BEGIN) + 1, lines.indexOf(INSTANCE_END)).map((l) => l.replace(/^\/\/ ?/, ''));
    for (const p of m.ports) {
      expect(body).toContainEqual(expect.stringMatching(new RegExp(`^wire\\s+${p.width === 1 ? '' : `\\[${p.width - 1}:0\\]\\s+`}${p.name};`)));
      expect(body).toContainEqual(expect.stringMatching(new RegExp(`^\\s+\\.${p.name}\\s+\\(${p.name}\\),?$`)));
    }
    writeFileSync(f('wrap.v'), `\`default_nettype none\nmodule wrap;\n${body.join('\n')}\nendmodule\n`);
    const wrapped = tool('iverilog', ['-g2005', '-Wall', '-Wno-timescale', '-Wno-implicit-dimensions', '-s', 'wrap', '-o', join(cli.dir, 'c.vvp'), '-c', 'files.f', f('wrap.v')], dir);
    expect(wrapped.out.split('\n').filter((l) => /wrap\.v/.test(l))).toEqual([]);
    expect(wrapped.status).toBe(0);
  });

  it('a regeneration with another top removes the earlier template', async () => {
    const dir = f('rtl');
    expect(await main(['generate', '--d', '8', '--lanes', '4', '--out', dir], cli.out)).toBe(0);
    const first = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).top;
    expect(await main(['generate', '--d', '8', '--lanes', '2', '--out', dir], cli.out)).toBe(0);
    const names = readdirSync(dir);
    expect(names).not.toContain(`${first}_inst.v`);
    expect(names.filter((x) => x.endsWith('_inst.v'))).toHaveLength(1);
  });
});

/**
 * A test bench that $readmemh's `memh` (beats of `bits` bits) and prints, per beat, the length
 * field (when `lenBits` > 0) and then every lane word, lane 0 first.
 */
function readBack(memh: string, beats: number, lanes: number, width: number, lenBits: number): string[][] {
  const bits = lanes * width + lenBits;
  const tb = `module tb;
  reg [${bits - 1}:0] mem [0:${beats - 1}];
  integer i, j;
  initial begin
    $readmemh("${memh}", mem);
    for (i = 0; i < ${beats}; i = i + 1) begin
      ${lenBits > 0 ? `$write("%0d", mem[i][${lanes * width} +: ${lenBits}]);` : '$write("-");'}
      for (j = 0; j < ${lanes}; j = j + 1) $write(" %h", mem[i][j*${width} +: ${width}]);
      $write("\\n");
    end
  end
endmodule
`;
  writeFileSync(f('tb.v'), tb);
  const c = tool('iverilog', ['-o', f('tb.vvp'), f('tb.v')], cli.dir);
  expect(c.status).toBe(0);
  const r = tool('vvp', ['-n', f('tb.vvp')], cli.dir);
  expect(r.out).not.toMatch(/warning|error/i);
  return r.out.trim().split('\n').map((l) => l.split(' '));
}

describe('--memh: vectors and results as $readmemh beats', () => {
  it('vectors --d 5 --lanes 2: beats of two fp16 lanes, lane 1 leftmost, the last beat padded with 0', async () => {
    expect(await main(['vectors', '--format', 'fp16', '--d', '5', '--lanes', '2', '--count', '4', '--out', f('v.txt'), '--memh', f('v.memh')], cli.out)).toBe(0);
    const vectors = data(f('v.txt')).map((l) => l.split(' '));
    const beats = readBack(f('v.memh'), 12, 2, 16, 0);
    const expected = vectors.flatMap((v) => [[v[0], v[1]], [v[2], v[3]], [v[4], '0000']]);
    expect(beats.map((b) => b.slice(1))).toEqual(expected);
    // lane 1 is the left word of the hex line
    const first = readFileSync(f('v.memh'), 'utf8').split('\n').find((l) => !l.startsWith('//'))!;
    expect(first).toBe(`${vectors[0]![1]}${vectors[0]![0]}`);
    expect(cli.lines).toEqual([`4 vectors of 5 fp16 words written to ${f('v.txt')} and ${f('v.memh')}`]);
  });

  it('vectors --d-max 7 --lanes 3: each beat carries its vector\'s length above the lanes (in_len)', async () => {
    expect(await main(['vectors', '--format', 'bf16', '--d-max', '7', '--lanes', '3', '--count', '8', '--out', f('v.txt'), '--memh', f('v.memh')], cli.out)).toBe(0);
    const vectors = data(f('v.txt')).map((l) => l.split(' '));
    const total = vectors.reduce((n, v) => n + Math.ceil(v.length / 3), 0);
    const beats = readBack(f('v.memh'), total, 3, 16, 3);
    const got: string[][] = [];
    for (let i = 0; i < beats.length;) {
      const len = Number(beats[i]![0]);
      const words: string[] = [];
      for (let b = 0; b < Math.ceil(len / 3); b++, i++) {
        expect(Number(beats[i]![0])).toBe(len);
        words.push(...beats[i]!.slice(1));
      }
      expect(words.slice(len).every((w) => w === '0000')).toBe(true);
      got.push(words.slice(0, len));
    }
    expect(got).toEqual(vectors);
  });

  it('golden --memh holds the results of --out, beat by beat; --memh alone writes no vector file', async () => {
    expect(await main(['vectors', '--format', 'bf16', '--d', '6', '--count', '3', '--memh', f('in.memh')], cli.out)).toBe(0);
    expect(readdirSync(cli.dir)).toEqual(['in.memh']);
    expect(await main(['vectors', '--format', 'bf16', '--d', '6', '--count', '3', '--out', f('v.txt')], cli.out)).toBe(0);
    expect(await main(['golden', '--d', '6', '--lanes', '4', '--in', f('v.txt'), '--out', f('y.txt'), '--memh', f('y.memh')], cli.out)).toBe(0);
    const results = data(f('y.txt')).map((l) => l.split(' '));
    const beats = readBack(f('y.memh'), 6, 4, 16, 0).map((b) => b.slice(1));
    expect(beats).toEqual(results.flatMap((r) => [r.slice(0, 4), [...r.slice(4), '0000', '0000']]));
  });

  it('--lanes without --d-max or --memh is still refused', async () => {
    expect(await main(['vectors', '--d', '4', '--count', '2', '--lanes', '4', '--out', f('v.txt')], cli.out)).toBe(2);
    expect(cli.errors).toContain('--lanes places the corner lengths of --d-max and the lanes of a --memh beat');
  });
});

describe('golden --design DIR and cosim --design DIR follow the design', () => {
  it('fp32, 16 lanes, pipeline add=2: golden of the design equals cosim\'s words; golden without it differs and warns', async () => {
    const dir = f('D');
    expect(await main(['generate', '--format', 'fp32', '--d', '64', '--lanes', '16', '--pipeline', 'add=2', '--out', dir], cli.out)).toBe(0);
    expect(await main(['vectors', '--format', 'fp32', '--d', '64', '--count', '30', '--out', join(dir, 'v.txt')], cli.out)).toBe(0);
    expect(await main(['cosim', '--design', dir, '--in', join(dir, 'v.txt'), '--out', f('cosim.txt')], cli.out)).toBe(0);
    expect(cli.lines.at(-1)).toBe('30 passed, 0 failed');
    expect(await main(['golden', '--design', dir, '--in', join(dir, 'v.txt'), '--out', f('golden.txt')], cli.out)).toBe(0);
    expect(readFileSync(f('golden.txt'), 'utf8')).toBe(readFileSync(f('cosim.txt'), 'utf8'));
    expect(cli.errors).toBe('');
    // without --design: the defaults (no operator registers) give other words for some vectors
    expect(await main(['golden', '--format', 'fp32', '--d', '64', '--in', join(dir, 'v.txt'), '--out', f('plain.txt')], cli.out)).toBe(0);
    expect(readFileSync(f('plain.txt'), 'utf8')).not.toBe(readFileSync(f('cosim.txt'), 'utf8'));
    expect(cli.errors.trim()).toBe(`iterl2norm: warning: ${join(dir, 'manifest.json')} describes a design whose --pipeline differs from this configuration: its outputs will not match these; give --design ${dir} to follow the design`);
  });

  it('config options that agree with the design are accepted; one that contradicts it is exit 2 naming both values', async () => {
    const dir = f('D');
    expect(await main(['generate', '--format', 'bf16', '--d', '8', '--lanes', '4', '--mode', 'layer', '--eps', '1e-5', '--out', dir], cli.out)).toBe(0);
    writeFileSync(f('x.txt'), '3f80 4000 0000 3f80 3f80 4000 0000 3f80\n');
    writeFileSync(f('p.txt'), '3f80 3f80 3f80 3f80 3f80 3f80 3f80 3f80\n0000 0000 0000 0000 0000 0000 0000 0000\n');
    const run = (...extra: string[]) => main(['golden', '--design', dir, '--in', f('x.txt'), '--params', f('p.txt'), '--out', f('y.txt'), ...extra], cli.out);
    expect(await run('--lanes', '4', '--eps', '0.00001', '--format', 'bf16')).toBe(0);
    for (const [flag, value, theirs] of [['--lanes', '8', '4'], ['--eps', '0.001', '0.00001'], ['--mode', 'rms', 'layer'], ['--pipeline', 'add=1', 'add=0,mul=0,convert=0']]) {
      cli.errors = '';
      expect(await run(flag!, value!)).toBe(2);
      const line = cli.errors.trim();
      expect(line).toContain(`contradicts --design: the design has ${flag} ${theirs}`);
      expect(line.split('\n')).toHaveLength(1);
    }
    cli.errors = '';
    expect(await run('--d-max', '8')).toBe(2);
    expect(cli.errors.trim()).toBe(`iterl2norm: --d-max 8 contradicts --design: the design is --d 8 (${join(dir, 'manifest.json')}); leave out --d-max`);
  });

  it('--design of a folder without a manifest is exit 2', async () => {
    writeFileSync(f('x.txt'), '3f80 4000 0000 3f80\n');
    expect(await main(['golden', '--design', cli.dir, '--in', f('x.txt'), '--out', f('y.txt')], cli.out)).toBe(2);
    expect(cli.errors.trim()).toBe(`iterl2norm: --design ${cli.dir}: the folder has no manifest.json; give the folder generate wrote`);
  });
});

describe('--in - reads standard input', () => {
  const X = '3f80 4000 0000 3f80\n4000 4000 4000 4000\n';
  const run = (args: string[], input: string) => spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', cwd: cli.dir });

  it.each([
    ['golden', ['golden', '--d', '4', '--lanes', '1', '--in', '-', '--out', '-'], ['golden', '--d', '4', '--lanes', '1', '--in', 'x.txt', '--out', '-'], X],
    ['decode', ['decode', '--in', '-'], ['decode', '--in', 'x.txt'], X],
    ['vectors --from', ['vectors', '--from', '-'], ['vectors', '--from', 'x.txt'], '1.5 2 -3 0\n'],
    ['cosim', ['cosim', '--d', '4', '--lanes', '1', '--in', '-', '--out', '-'], ['cosim', '--d', '4', '--lanes', '1', '--in', 'x.txt', '--out', '-'], X],
  ])('%s --in - gives what the same file gives', async (_name, fromStdin, fromFile, input) => {
    writeFileSync(f('x.txt'), input);
    const a = run(fromStdin, input);
    let fileOut = '';
    const restore = setStdoutWriter((d) => { fileOut += String(d); });
    try {
      expect(await main(fromFile.map((x) => (x === 'x.txt' ? f('x.txt') : x)), cli.out)).toBe(0);
    } finally {
      restore();
    }
    expect(a.status).toBe(0);
    expect(a.stdout.replace(/standard input/g, f('x.txt'))).toBe(fileOut);
    expect(a.stdout.length).toBeGreaterThan(0);
  });

  it('a malformed line on standard input is named as such', () => {
    const r = run(['golden', '--d', '4', '--in', '-', '--out', '-'], '3f80 4000 0000\n');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('iterl2norm: standard input:1: expected 4 words, got 3');
  });

  it('two options reading standard input are refused', async () => {
    expect(await main(['golden', '--d', '4', '--mode', 'rms', '--in', '-', '--params', '-', '--out', f('y.txt')], cli.out)).toBe(2);
    expect(cli.errors.trim()).toBe('iterl2norm: --in and --params both read standard input (-); give at most one');
  });
});

describe('counts and exit statuses', () => {
  it('one vector, one lane: singular words', async () => {
    writeFileSync(f('x.txt'), '3f80 4000 0000 3f80\n');
    expect(await main(['golden', '--d', '4', '--lanes', '1', '--in', f('x.txt'), '--out', f('y.txt')], cli.out)).toBe(0);
    expect(await main(['vectors', '--d', '4', '--count', '1', '--out', f('v.txt')], cli.out)).toBe(0);
    expect(await main(['decode', '--in', f('x.txt'), '--out', f('d.txt')], cli.out)).toBe(0);
    expect(await main(['cosim', '--d', '4', '--lanes', '1', '--in', f('x.txt')], cli.out)).toBe(0);
    const text = cli.lines.join('\n');
    expect(text).toContain(`1 vector normalised into ${f('y.txt')}`);
    expect(text).toContain(`1 vector of 4 bf16 words written to ${f('v.txt')}`);
    expect(text).toContain(`1 vector decoded to ${f('d.txt')}`);
    expect(text).toMatch(/: 1 vector, mode l2, d=4, bf16, 1 lane, internal/);
    expect(readFileSync(f('v.txt'), 'utf8')).toMatch(/^# 1 vector of 4 bf16 words/);
    expect(text).not.toMatch(/\b1 (vectors|lanes|files)\b/);
  });

  it('a simulation past --watchdog is exit 4 with one line', async () => {
    const t0 = Date.now();
    expect(await main(['cosim', '--d', '4096', '--lanes', '1', '--vectors', '20', '--watchdog', '1'], cli.out)).toBe(4);
    expect(cli.errors.trim()).toBe('iterl2norm: a simulation exceeded --watchdog 1 s and was stopped: the design hung, or the run needs a larger --watchdog');
    expect(Date.now() - t0).toBeLessThan(30_000);
  });
});
