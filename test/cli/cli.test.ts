// The command-line contract (docs/contract.md): commands, files, exit codes, and
// "nothing written" on bad input. Runs `main` in-process, and the real `npx`-style bin once.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { resolveConfig } from '../../generator/config.ts';
import { BF16, encode } from '../../generator/format/float-format.ts';
import { IterL2NormModel } from '../../generator/model/iterl2norm.ts';
import { captureCli } from '../support/cli-capture.ts';

const cli = captureCli('iterl2norm-cli-');
const out = cli.out;

const vectorLine = (values: number[]) => values.map((v) => encode(BF16, v).toString(16).padStart(4, '0')).join(' ');

describe('generate', () => {
  it('writes the Verilog files and a manifest with every contract field', async () => {
    const outDir = join(cli.dir, 'rtl');
    expect(await main(['generate', '--d', '100', '--lanes', '16', '--out', outDir], out)).toBe(0);
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
    expect(manifest.top).toBe('iterl2norm_bf16_d100_p16_e10m30_nr2_t6');
    for (const f of manifest.files) expect(existsSync(join(outDir, f))).toBe(true);
    expect(manifest.files.at(-1)).toBe(`${manifest.top}.v`);
    expect(manifest.config).toMatchObject({ d: 100, format: 'bf16', internal: 'e10m30', lanes: 16, steps: 2, rule: 'newton', init: 'table', initBits: 6 });
    expect(manifest.ports.map((p: { name: string }) => p.name)).toEqual(['clk', 'rst', 'in_valid', 'in_ready', 'in_data', 'out_valid', 'out_ready', 'out_data', 'out_last']);
    expect(manifest.ports.find((p: { name: string }) => p.name === 'in_data').width).toBe(16 * 16);
    // Line-rate engine: B = 7 beats, the tree in TL = 5 cycles on 4 adders, C = 8, T = max(5 + 0 + 1, 8).
    expect(manifest.latency).toMatchObject({ cycles: 2 * 7 + 5 + 8 + 4, formula: '2*B + TL + E + C + X + 4' });
    expect(manifest.throughput).toMatchObject({ cycles: 8, formula: 'max(B, T)' });
    // The ring of beats: 7-beat vectors every 8 edges, each beat read 17 edges (readLag) after its
    // vector's last one: when the fourth vector's first beat is written, the first has 6 beats
    // left, the second and third 7 each: 21 beats.
    expect(manifest.engine).toMatchObject({ name: 'linerate', slots: 4, bufferBeats: 21, vectorMemoryBits: 21 * 16 * 16, tree: { adders: 4, cycles: 5 } });
    expect(manifest.engine.memories).toEqual([expect.objectContaining({ instance: 'slots.ring', words: 21, width: 256, bits: 21 * 256 })]);
    expect(manifest.engine.ring).toMatchObject({ defaultBeats: 21, belowDefault: false, readLag: 17, queueBound: { cycles: 0 } });
  });

  it('--buffer-beats below the default: the ring, the manifest\'s depth and a period from the cycle model', async () => {
    const outDir = join(cli.dir, 'rtl-ring');
    expect(await main(['generate', '--d', '100', '--lanes', '16', '--buffer-beats', '7', '--out', outDir], out)).toBe(0);
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
    expect(manifest.config.bufferBeats).toBe(7);
    expect(manifest.engine).toMatchObject({ bufferBeats: 7, vectorMemoryBits: 7 * 256, ring: { defaultBeats: 21, belowDefault: true } });
    // one vector at a time: the next one's first beat is written as the previous one's last is read
    expect(manifest.throughput.cycles).toBeGreaterThan(8);
    expect(manifest.throughput.formula).toContain('cycle model');
    expect(manifest.engine.occupancy).toMatchObject({ cycles: 8, formula: 'max(TL + E + 1, CS)' });
    const top = readFileSync(join(outDir, `${manifest.top}.v`), 'utf8');
    // one vector's beats, the smallest buffer: the tree runs on the 16 lane adders, TL = 4 (5 on its own 4)
    expect(top).toContain('LATENCY = 2*B + TL + E + C + X + 4 = 30 cycles');
    expect(top).toMatch(/^`default_nettype none/);
  });

  it('--clock-period with --gate-delay pipelines the operators; the manifest and the header follow', async () => {
    const outDir = join(cli.dir, 'rtl-pipe');
    expect(await main(['generate', '--d', '100', '--lanes', '16', '--clock-period', '5', '--gate-delay', '50', '--out', outDir], out)).toBe(0);
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
    expect(manifest.pipeline).toMatchObject({ registers: { add: 2, mul: 1, convert: 0 }, targetDepth: 100 });
    expect(manifest.pipeline.estimatedDepth).toBeLessThanOrEqual(100);
    expect(manifest.top).toBe('iterl2norm_bf16_d100_p16_e10m30_nr2_t6_pl210');
    expect(manifest.latency.formula).toBe('2*B + TL + (A+1)*E + C + X + M + A + 4');
    const t = manifest.latency.terms;
    expect(manifest.latency.cycles).toBe(2 * t.B + t.TL + (t.A + 1) * t.E + t.C + t.X + t.M + t.A + 4);
    expect(cli.lines.join('\n')).toContain('operator pipeline registers: add 2, mul 1, convert 0');
    const top = readFileSync(join(outDir, `${manifest.top}.v`), 'utf8');
    expect(top).toContain('operator pipeline registers: fp_add 2, fp_mul 1, fp_convert 0 (chosen for at most 100 gate levels per stage)');
  });

  it.each([
    [['--d', '0'], '--d must be an integer from 1 to 65536 (got 0)'],
    [['--d', 'abc'], '--d must be an integer from 1 to 65536 (got "abc")'],
    [['--lanes', '65'], '--lanes must be an integer from 1 to 64 (got 65)'],
    [['--format', 'fp8'], '--format: unknown format "fp8"'],
    [['--rule', 'halley'], '--rule must be one of newton, euler (got "halley")'],
    [['--engine', 'fast'], '--engine must be one of linerate, compact (got "fast")'],
    [['--bogus', '1'], 'unknown option --bogus'],
    [['--target-depth', '10'], '--target-depth 10 is below what the operators can be cut to'],
    [['--pipeline', 'add=5'], '--pipeline must look like add=2,mul=1,convert=1'],
    [['--gate-delay', '50', '--target-depth', '100'], 'give either --target-depth or --gate-delay'],
    [['--d', '100', '--lanes', '16', '--buffer-beats', '6'], '--buffer-beats 6: allowed an integer of at least 7, one vector\'s beats'],
    [['--d-max', '1024', '--lanes', '16', '--buffer-beats', '63'], '--buffer-beats 63: allowed an integer of at least 64, one vector\'s beats'],
    [['--buffer-beats', '40.5'], '--buffer-beats 40.5: allowed an integer of at least 48'],
    [['--buffer-beats', 'lots'], '--buffer-beats lots: allowed an integer of at least 48'],
    [['--mode', 'layer', '--buffer-beats', '47'], '--buffer-beats 47: allowed an integer of at least 48, one vector\'s beats'],
    [['--mode', 'layer', '--buffer-beats', '47.5'], '--buffer-beats 47.5: allowed an integer of at least 48, one vector\'s beats'],
    [['--engine', 'compact', '--buffer-beats', '100'], '--buffer-beats 100 with --engine compact: compact is the ring of one vector\'s beats, 48'],
  ])('rejects %j: one line, exit 2, nothing written', async (args, message) => {
    const outDir = join(cli.dir, 'rtl');
    expect(await main(['generate', ...args, '--out', outDir], out)).toBe(2);
    expect(cli.errors).toContain(message);
    expect(cli.errors.trim().split('\n')).toHaveLength(1);
    expect(existsSync(outDir)).toBe(false);
  });
});

describe('golden', () => {
  it('normalises a vector file with the bit-exact model', async () => {
    const inFile = join(cli.dir, 'in.txt');
    writeFileSync(inFile, `# two vectors\n${vectorLine([3, 4, 0, 0])}\n\n${vectorLine([1, 1, 1, 1]).toUpperCase()}\n`);
    const outFile = join(cli.dir, 'out.txt');
    expect(await main(['golden', '--d', '4', '--lanes', '2', '--in', inFile, '--out', outFile], out)).toBe(0);
    const got = readFileSync(outFile, 'utf8').trim().split('\n');
    const model = new IterL2NormModel(resolveConfig({ d: 4, lanes: 2 }));
    const want = [[3, 4, 0, 0], [1, 1, 1, 1]].map((v) => model.normalise(v.map((x) => encode(BF16, x))).map((w) => w.toString(16).padStart(4, '0')).join(' '));
    expect(got).toEqual(want);
    expect(got[0]).toBe(vectorLine([0.6, 0.8, 0, 0]));
  });

  it('rejects a malformed vector file naming file and line; writes nothing', async () => {
    const inFile = join(cli.dir, 'bad.txt');
    writeFileSync(inFile, `${vectorLine([1, 2, 3, 4])}\n${vectorLine([1, 2, 3])}\n`);
    const outFile = join(cli.dir, 'out.txt');
    expect(await main(['golden', '--d', '4', '--in', inFile, '--out', outFile], out)).toBe(2);
    expect(cli.errors).toContain('bad.txt:2: expected 4 words, got 3');
    expect(existsSync(outFile)).toBe(false);
    expect(readdirSync(cli.dir)).toEqual(['bad.txt']);
  });

  it('requires --in and --out', async () => {
    expect(await main(['golden', '--d', '4'], out)).toBe(2);
    expect(cli.errors).toMatch(/Missing required arguments?: in, out/);
  });
});

describe('cosim', () => {
  it('prints the contract line, writes results and the JSON report, exits 0', async () => {
    const json = join(cli.dir, 'report.json');
    const res = join(cli.dir, 'results.txt');
    expect(await main(['cosim', '--d', '12', '--lanes', '4', '--vectors', '30', '--seed', '5', '--json', json, '--out', res], out)).toBe(0);
    expect(cli.lines.at(-1)).toBe('30 passed, 0 failed');
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report).toMatchObject({ vectors: 30, passed: 30, failed: 0, mismatches: [] });
    expect(report.latency.min).toBe(report.latency.predicted);
    expect(report.latency.max).toBe(report.latency.predicted);
    expect(report.config.d).toBe(12);
    expect(report.wallClockSeconds).toBeGreaterThan(0);
    expect(readFileSync(res, 'utf8').trim().split('\n')).toHaveLength(30);
  });

  it('co-simulates a user vector file', async () => {
    const inFile = join(cli.dir, 'in.txt');
    writeFileSync(inFile, `${vectorLine([3, 4, 0, 0, 1])}\n${vectorLine([0, 0, 0, 0, 0])}\n`);
    expect(await main(['cosim', '--d', '5', '--lanes', '2', '--in', inFile], out)).toBe(0);
    expect(cli.lines.at(-1)).toBe('2 passed, 0 failed');
  });

  it('rejects --in together with --vectors', async () => {
    expect(await main(['cosim', '--in', 'x', '--vectors', '3'], out)).toBe(2);
    expect(cli.errors).toContain('either --in VECTORS or --vectors N');
  });

  it('exits 3 with an install hint when iverilog is missing', async () => {
    const path = process.env.PATH;
    const cache = process.env.ITERL2NORM_CACHE;
    process.env.PATH = cli.dir;
    // a compiled image of this configuration in the build cache would skip iverilog
    process.env.ITERL2NORM_CACHE = 'off';
    try {
      expect(await main(['cosim', '--d', '4', '--lanes', '2', '--vectors', '2'], out)).toBe(3);
    } finally {
      process.env.PATH = path;
      if (cache === undefined) delete process.env.ITERL2NORM_CACHE;
      else process.env.ITERL2NORM_CACHE = cache;
    }
    expect(cli.errors).toContain('iverilog not found: install Icarus Verilog');
  });
});

describe('the bin entry (npx iterl2norm)', () => {
  it('runs --help and exits 0; bad usage exits 2', () => {
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'iterl2norm.js');
    const help = spawnSync(process.execPath, [bin, 'cosim', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--lanes');
    expect(help.stdout).toContain('[default: "16"]');
    const bad = spawnSync(process.execPath, [bin, 'generate', '--steps', '99'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('iterl2norm: --steps must be an integer from 0 to 12 (got 99)');
  });
});
