// `iterl2norm accuracy`: argument validation (one line, exit 2, nothing written), output files,
// determinism, a vector file, the sweeps and the warning for a narrow internal format.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { BF16, encode } from '../../generator/format/float-format.ts';
import { checkWellFormed } from './xml.ts';
import { captureCli } from '../support/cli-capture.ts';

const cli = captureCli('iterl2norm-accuracy-');
const out = cli.out;

const small = ['--d', '64,100', '--vectors', '2'];

describe('iterl2norm accuracy: bad usage', () => {
  it.each([
    [['--d', '0'], '--d takes integers from 1 to 65536, comma-separated (got "0" in "0")'],
    [['--d', '768,abc'], '--d takes integers from 1 to 65536, comma-separated (got "abc" in "768,abc")'],
    [['--format', 'fp32,fp8'], '--format: unknown format "fp8"'],
    [['--dist', 'cauchy'], '--dist must be among gaussian, llm, student-t (got "cauchy")'],
    [['--vectors', '0'], '--vectors must be an integer from 1 to 100000 (got "0")'],
    [['--seed', '-1'], '--seed must be an integer from 0 to 2147483647 (got "-1")'],
    [['--lanes', '65'], '--lanes must be an integer from 1 to 64 (got 65)'],
    [['--steps', '99'], '--steps must be an integer from 0 to 12 (got 99)'],
    [['--rule', 'halley'], '--rule must be one of newton, euler (got "halley")'],
    [['--internal', 'e3m5'], '--internal: format "e3m5"'],
    [['--lambda', '1'], '--lambda must be a number in (0, 1)'],
    [['--fisr-steps', '1,x'], '--fisr-steps takes integers from 0 to 12'],
    [['--workers', '-1'], '--workers must be an integer from 0 to 64 (got "-1")'],
    [['--in', 'missing.txt', '--format', 'bf16'], 'missing.txt: no such file'],
    [['--in', 'x.txt'], '--in needs exactly one --format'],
    [['--in', 'x.txt', '--format', 'bf16', '--dist', 'llm'], 'give either --in FILE or --dist, not both'],
    [['--in', 'x.txt', '--format', 'bf16', '--sweeps'], '--sweeps runs on generated vectors: leave out --in'],
    [['--bogus', '1'], 'unknown option --bogus'],
  ])('rejects %j: one line, exit 2, nothing written', async (args, message) => {
    const outDir = join(cli.dir, 'out');
    expect(await main(['accuracy', ...args, '--out', outDir], out)).toBe(2);
    expect(cli.errors).toContain(message);
    expect(cli.errors.trim().split('\n')).toHaveLength(1);
    expect(existsSync(outDir)).toBe(false);
  });

  it('rejects an --out that is a file, and a vector file with a bad line (naming file and line)', async () => {
    const file = join(cli.dir, 'file');
    writeFileSync(file, 'x');
    expect(await main(['accuracy', ...small, '--out', file], out)).toBe(2);
    expect(cli.errors).toContain('is a file, not a directory');
    cli.errors = '';
    const bad = join(cli.dir, 'bad.txt');
    writeFileSync(bad, '3f80 4000\n3f80\n');
    expect(await main(['accuracy', '--in', bad, '--format', 'bf16', '--out', join(cli.dir, 'o')], out)).toBe(2);
    expect(cli.errors.trim()).toBe(`iterl2norm: ${bad}:2: expected 2 words, got 1`);
    cli.errors = '';
    const empty = join(cli.dir, 'empty.txt');
    writeFileSync(empty, '# nothing\n');
    expect(await main(['accuracy', '--in', empty, '--format', 'bf16', '--out', join(cli.dir, 'o')], out)).toBe(2);
    expect(cli.errors.trim()).toBe(`iterl2norm: ${empty}: no vectors (the file is empty or only comments)`);
    expect(readdirSync(cli.dir).sort()).toEqual(['bad.txt', 'empty.txt', 'file']);
  });
});

describe('iterl2norm accuracy: results', () => {
  it('writes the Markdown, JSON and SVG files, the same bytes for the same seed', async () => {
    const a = join(cli.dir, 'a');
    const b = join(cli.dir, 'b');
    expect(await main(['accuracy', ...small, '--workers', '0', '--out', a], out)).toBe(0);
    expect(cli.lines.at(-1)).toBe(`wrote ${join(a, 'accuracy.md')}, ${join(a, 'accuracy', 'accuracy.json')} and 2 plots in ${join(a, 'accuracy')}`);
    expect(cli.lines[0]).toMatch(/^fp32: IterL2Norm newton x2, 6-bit table, e10m30: worst \d+ ulp, mean .* ulp; ahead of FISR-1 and FISR-2 at \d of 2 widths \(mean ulp\)$/);
    expect(await main(['accuracy', ...small, '--out', b, '--workers', '2'], out)).toBe(0);
    const files = ['accuracy.md', 'accuracy/accuracy.json', 'accuracy/error-vs-d-fp32.svg', 'accuracy/error-vs-d-bf16.svg'];
    for (const f of files) expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8').replaceAll(`--out ${a}`, `--out ${b}`));
    const md = readFileSync(join(a, 'accuracy.md'), 'utf8');
    expect(md).toContain('## The paper-style comparison');
    expect(md).toMatch(/\| 100 \| [^|]+ \| [^|]+ \| [^|]+ \| (yes|no) \|/);
    expect(md).toContain(`npx iterl2norm accuracy --d 64,100 --vectors 2 --out ${a}`);
    const json = JSON.parse(readFileSync(join(a, 'accuracy/accuracy.json'), 'utf8'));
    expect(json.results.fields[3]).toBe('meanUlp');
    expect(json.results.sections.compare.bf16.byWidth.iterl2norm['64'][1]).toBe(2 * 3 * 64);
    expect(json.ahead.map((s: { format: string }) => s.format)).toEqual(['fp32', 'bf16']);
    for (const f of files.slice(2)) checkWellFormed(readFileSync(join(a, f), 'utf8'));
  });

  it('studies a vector file, skipping vectors without a norm', async () => {
    const file = join(cli.dir, 'real.txt');
    const row = (v: number[]) => v.map((t) => encode(BF16, t).toString(16).padStart(4, '0')).join(' ');
    writeFileSync(file, `# three vectors\n${row([3, 4, 0, 1, -2, 0.5, 7, 8])}\n${row([0, 0, 0, 0, 0, 0, 0, 0])}\n${row([1e-30, 2, -3e20, 4, 5, 6, 7, 8])}\n`);
    const o = join(cli.dir, 'o');
    expect(await main(['accuracy', '--in', file, '--format', 'bf16', '--workers', '0', '--out', o], out)).toBe(0);
    const md = readFileSync(join(o, 'accuracy.md'), 'utf8');
    expect(md).toContain(`the vectors of ${file} (3 vectors)`);
    expect(md).toContain('1 vectors without a norm');
    expect(cli.lines.at(-2)).toMatch(/^compared 16 bf16 output elements per method/);
  });

  it('--sweeps adds the sweeps, their plots and the defaults section', async () => {
    const o = join(cli.dir, 's');
    expect(await main(['accuracy', '--d', '32', '--format', 'bf16', '--vectors', '1', '--sweep-vectors', '1', '--sweeps', '--workers', '0', '--out', o], out)).toBe(0);
    const svgs = readdirSync(join(o, 'accuracy')).filter((f) => f.endsWith('.svg')).sort();
    expect(svgs).toEqual(['error-vs-d-bf16.svg', 'error-vs-internal-bf16.svg', 'error-vs-lambda-bf16.svg', 'error-vs-step-bf16.svg']);
    for (const f of svgs) checkWellFormed(readFileSync(join(o, 'accuracy', f), 'utf8'));
    const md = readFileSync(join(o, 'accuracy.md'), 'utf8');
    for (const h of ['## Sweeps', '### Error vs lambda', '## Within 1 ulp', '## The defaults and why', '## Every finite input is safe']) expect(md).toContain(h);
  });

  it('warns (stderr, one line) about an internal format too narrow for the inputs, and still runs', async () => {
    expect(await main(['accuracy', '--d', '16', '--format', 'bf16', '--vectors', '1', '--internal', 'fp32', '--workers', '0', '--out', join(cli.dir, 'w')], out)).toBe(0);
    expect(cli.errors.trim()).toBe('iterl2norm: warning: internal format fp32 is narrower than bf16 inputs need at d=16: the sum of squares overflows (outputs NaN) when every |x_i| >= 2^62 (one element alone from 2^64); squares of |x_i| < 2^-63 underflow (precision lost; all-tiny vectors give zeros); use 10 or more exponent bits, e.g. --internal e10m30');
  });
});
