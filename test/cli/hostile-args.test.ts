// Hostile command lines: every case exits 2 with one line that
// names the problem, and writes, replaces or removes nothing (the folder is compared before
// and after). `@` in an argument is the test's folder, which holds x.txt (one bf16 vector, d 4)
// and the bad vector files below.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { captureCli } from '../support/cli-capture.ts';
import { snapshot } from '../support/folder-snapshot.ts';

const cli = captureCli('iterl2norm-hostile-args-');

beforeEach(() => {
  writeFileSync(join(cli.dir, 'x.txt'), '3f80 4000 0000 3f80\n');
  writeFileSync(join(cli.dir, 'cr.txt'), '3f80 4000 0000 3f80\r3f80 4000 0000 3f80\r');
  writeFileSync(join(cli.dir, 'nbsp.txt'), '3f80 4000\u00a00000 3f80\n');
  writeFileSync(join(cli.dir, 'nul.txt'), Buffer.from([0x3f, 0x80, 0x00, 0x20, 0x12]));
  writeFileSync(join(cli.dir, 'latin1.txt'), Buffer.from([0x33, 0x66, 0x38, 0x30, 0xe9, 0x0a]));
  writeFileSync(join(cli.dir, 'minus.txt'), '1.5 \u22122 0 1\n');
});

const golden = ['golden', '--d', '4', '--lanes', '1', '--in', '@/x.txt', '--out', '@/y.txt'];

const CASES: Array<[string, string[], string]> = [
  // 2: an option that takes a value, given none
  ['2 value-less --lanes before -d', ['generate', '--lanes', '-d', '8', '--out', '@/rtl'], '--lanes needs a value'],
  ['2 --format at the end', ['generate', '-d', '8', '--out', '@/rtl', '--format'], '--format needs a value'],
  ['2 --mode at the end', ['generate', '-d', '8', '--out', '@/rtl', '--mode'], '--mode needs a value'],
  ['2 --eps at the end', ['generate', '-d', '8', '--out', '@/rtl', '--eps'], '--eps needs a value'],
  ['2 --out without a value', ['generate', '-d', '8', '--out'], '--out needs a value'],
  ['2 --out= empty', ['golden', '--d', '4', '--in', '@/x.txt', '--out='], '--out needs a value'],
  ['2 --keep without a value', ['cosim', '--d', '4', '--lanes', '1', '--vectors', '1', '--keep'], '--keep needs a value'],
  ['2 --json followed by an option', ['cosim', '--d', '4', '--json', '--vectors', '2'], '--json needs a value'],
  ['2 vectors --count at the end', ['vectors', '-d', '4', '--out', '@/v.txt', '--count'], '--count needs a value'],
  // 8: nonsense that used to be accepted
  ['8 --eps overflowing d*eps', ['golden', '--mode', 'layer', '--eps', '1e300', ...golden.slice(1)], '--eps 1e+300: d*eps = 4.00e+300 overflows the internal format'],
  ['8 --lambda with newton', [...golden, '--lambda', '0.3'], '--lambda is the rate of --rule euler; the newton rule has none'],
  ['8 --init-bits with --init exp', [...golden, '--init', 'exp', '--init-bits', '3'], '--init-bits sizes the seed table of --init table; --init exp has none'],
  ['8 --clock-period with nothing using it', [...golden, '--clock-period', '5'], '--clock-period is used with --gate-delay (pipelining), generate --flow openlane and synth; here nothing uses it'],
  ['8 --clock-period on generate without a flow', ['generate', '-d', '8', '--clock-period', '5', '--out', '@/rtl'], '--clock-period is used with --gate-delay'],
  // 9: messages that point at the right thing
  ['9 unknown command', ['frobnicate', '--d', '4'], 'unknown command "frobnicate": use generate, golden, cosim, synth, prove, vectors, decode, accuracy, slanc or explore'],
  ['9 --gate-delay too slow for the clock', ['generate', '-d', '8', '--clock-period', '1', '--gate-delay', '50', '--out', '@/rtl'], '--clock-period 1 with --gate-delay 50 leaves 20 gate levels per stage, below what the operators can be cut to'],
  ['9 CR-only line ends', ['golden', '--d', '4', '--in', '@/cr.txt', '--out', '@/y.txt'], 'cr.txt:1: a carriage return without a line feed (old Mac line ends); end lines with LF or CRLF'],
  ['9 a no-break space', ['golden', '--d', '4', '--in', '@/nbsp.txt', '--out', '@/y.txt'], 'nbsp.txt:1: column 10 holds a no-break space (U+00A0)'],
  ['9 a binary file', ['golden', '--d', '4', '--in', '@/nul.txt', '--out', '@/y.txt'], 'nul.txt: a binary file (it holds NUL bytes)'],
  ['9 not UTF-8', ['golden', '--d', '4', '--in', '@/latin1.txt', '--out', '@/y.txt'], 'latin1.txt: not UTF-8 text'],
  ['9 a Unicode minus in decimal text', ['vectors', '-d', '4', '--from', '@/minus.txt', '--out', '@/v.txt'], 'minus.txt:1: column 5 holds a Unicode minus sign (U+2212)'],
  ['9 an option given twice', ['generate', '-d', '8', '--lanes', '1', '--lanes', '2', '--out', '@/rtl'], '--lanes is given twice ("1" and "2"); give it once'],
  ['9 --out - for a folder of files', ['generate', '-d', '8', '--out', '-'], '--out -: this option names a folder of files, and standard output is not one'],
  ['9 --keep - for a folder', ['cosim', '--d', '4', '--lanes', '1', '--vectors', '2', '--keep', '-'], '--keep -: this option names a folder of files'],
];

describe('hostile command lines: exit 2, one line, nothing written', () => {
  it.each(CASES)('%s', async (_name, args, message) => {
    const before = snapshot(cli.dir);
    const code = await main(args.map((a) => a.replace('@', cli.dir)), cli.out);
    expect(cli.errors).toContain(message);
    expect(code).toBe(2);
    expect(cli.errors.trim().split('\n')).toHaveLength(1);
    expect(cli.lines).toEqual([]);
    expect(snapshot(cli.dir)).toEqual(before);
  });
});

describe('one-vector co-simulation', () => {
  it('says the streaming period is not measured instead of "min -1 max -1"', async () => {
    expect(await main(['cosim', '--d', '4', '--lanes', '1', '--in', join(cli.dir, 'x.txt')], cli.out)).toBe(0);
    const text = cli.lines.join('\n');
    expect(text).not.toContain('-1');
    expect(text).toMatch(/streaming period: predicted \d+ cycles \(.*\), not measured \(it needs two vectors or more\)/);
    expect(text).toMatch(/latency: predicted (\d+) cycles \(.*\), measured min \1 max \1/);
  });
});

describe('numbers: one rule for every numeric option', () => {
  // integer options take decimal digits with an optional sign; real options a decimal number
  // with an optional fraction and exponent. Each case: exit 2, one line quoting the text typed.
  const gen = ['generate', '--out', '@/rtl'];
  const cos = ['cosim', '--d', '4', '--lanes', '1'];
  const vec = ['vectors', '--format', 'bf16', '--out', '@/v.txt'];
  const acc = ['accuracy', '--out', '@/acc', '--workers', '0'];
  const sla = ['slanc', '--model', '@/x.txt'];
  const INTEGERS: Array<[string, string[], string]> = [
    ['d', gen, '--d'], ['d-max', gen, '--d-max'], ['lanes', gen, '--lanes'], ['steps', gen, '--steps'],
    ['init-bits', gen, '--init-bits'], ['input-shift', gen, '--input-shift'], ['target-depth', gen, '--target-depth'],
    ['gate-delay', gen, '--gate-delay'],
    ['seed', [...cos, '--vectors', '2'], '--seed'], ['vectors', cos, '--vectors'], ['gap', [...cos, '--vectors', '2'], '--gap'],
    ['stall', [...cos, '--vectors', '2'], '--stall'], ['stress', [...cos, '--vectors', '2'], '--stress'],
    ['watchdog', [...cos, '--vectors', '2'], '--watchdog'],
    ['closure-runs', ['synth', '--d', '4', '--lanes', '1'], '--closure-runs'],
    ['d', [...vec, '--count', '2'], '--d'], ['d-max', [...vec, '--count', '2'], '--d-max'], ['count', [...vec, '--d', '4'], '--count'],
    ['seed', [...vec, '--d', '4', '--count', '2'], '--seed'], ['lanes', [...vec, '--d-max', '8', '--count', '2'], '--lanes'],
    ['d', acc, '--d'], ['vectors', acc, '--vectors'], ['seed', acc, '--seed'], ['lanes', acc, '--lanes'], ['steps', acc, '--steps'],
    ['init-bits', acc, '--init-bits'], ['fisr-steps', acc, '--fisr-steps'], ['sweep-vectors', acc, '--sweep-vectors'], ['workers', ['accuracy', '--out', '@/acc'], '--workers'],
    ['extra-shift', sla, '--extra-shift'], ['max-iterations', sla, '--max-iterations'], ['heads', sla, '--heads'],
  ];
  // every corner for --d, the usual ones (exponent, hex, fraction) for the others
  const LISTS = new Set(['accuracy --d', 'accuracy --fisr-steps']); // lists allow spaces around items
  const integerCases = INTEGERS.map(([flag, base, shown], i) => [`${base[0]} --${flag}`, base, flag, shown,
    i === 0 ? ['1e3', '4.0', '0x4', ' 4', '-', '4e'] : ['1e3', '0x4', ...(LISTS.has(`${base[0]} ${shown}`) ? [] : ['4.0'])]] as const);
  it.each(integerCases)('%s: 1e3, 0x4, 4.0 are refused quoting the text', async (_name, base, flag, shown, texts) => {
    const before = snapshot(cli.dir);
    for (const text of texts) {
      cli.errors = '';
      expect(await main([...base, `--${flag}`, text].map((a) => a.replace('@', cli.dir)), cli.out)).toBe(2);
      const line = cli.errors.trim();
      expect(line.split('\n')).toHaveLength(1);
      expect(line).toContain(shown);
      expect(line).toMatch(/integer/);
      expect(line).toContain(`${JSON.stringify(text)}`);
    }
    expect(snapshot(cli.dir)).toEqual(before);
  });

  const REALS: Array<[string, string[]]> = [
    ['eps', [...gen, '--mode', 'layer']], ['lambda', [...gen, '--rule', 'euler']], ['clock-period', [...gen, '--flow', 'openlane']],
    ['lambda', [...acc, '--rule', 'euler']], ['tol', sla],
  ];
  const realCases = REALS.map(([flag, base], i) => [`${base[0]} --${flag}`, base, flag, i === 0 ? ['1e400', '-1e400', '0x1', 'inf', 'nan', '1,5'] : ['1e400', '0x1']] as const);
  it.each(realCases)('%s: 1e400 (out of range), 0x1 are refused quoting the text', async (_name, base, flag, texts) => {
    const before = snapshot(cli.dir);
    for (const text of texts) {
      cli.errors = '';
      expect(await main([...base, `--${flag}=${text}`].map((a) => a.replace('@', cli.dir)), cli.out)).toBe(2);
      const line = cli.errors.trim();
      expect(line.split('\n')).toHaveLength(1);
      expect(line).toContain(`--${flag}`);
      expect(line).toContain(`(got ${JSON.stringify(text)})`);
      if (text.endsWith('e400')) expect(line).toContain('out of range');
    }
    expect(snapshot(cli.dir)).toEqual(before);
  });

  it.each([
    ['generate --d +8 --lanes 04', ['generate', '--d', '+8', '--lanes', '04', '--out', '@/rtl'], 0],
    ['generate --mode layer --eps 1e-5 --eps as .5e-4 forms', ['generate', '--d', '8', '--mode', 'layer', '--eps', '.5e-4', '--out', '@/rtl'], 0],
    ['generate --input-shift -3', ['generate', '--d', '8', '--input-shift', '-3', '--out', '@/rtl'], 0],
  ])('accepted: %s', async (_name, args, code) => {
    expect(await main(args.map((a) => a.replace('@', cli.dir)), cli.out)).toBe(code);
  });
});
