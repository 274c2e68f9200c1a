/**
 * Benchmark (on demand, not a test): the default depth against the smallest buffer (--engine
 * compact: the ring of one vector's beats), and the acceptance sweep of line rate.
 *   timing  lanes 16, d = 64 .. 1024, each mode (l2; rms with gamma; layer with gamma and beta):
 *           period and latency of both engines, measured in co-simulation (vectors streamed back
 *           to back, every word, latency and period checked; then under random stalls), beside
 *           the limit B = ceil(d/P), FINN's N/SIMD and the paper's latency; elements per cycle.
 *   synth   Yosys (generic gates, `iterl2norm synth`): cells, flip-flops, memory bits of both
 *           engines at the given d, and the growth of the logic.
 *   sweep   the acceptance sweep: every mode and affine variant, fp32 / bf16 / fp16,
 *           d in {1, 15, 16, 17, 64, 128, 768, 1024}, lanes {1, 3, 16}, 200 vectors back to back
 *           and the same 200 under random input gaps and output back-pressure, bit-exact, every
 *           period and latency equal to the formula. `--sweep cover` runs each (mode, format)
 *           at every d with the lane count rotating (every value of every axis appears, 192 runs);
 *           `--sweep full` the whole cross product (576 runs).
 * Writes bench/results/linerate.md and bench/results/linerate.json after every row; the parts not
 * run keep their rows from the JSON.
 *
 *   npx tsx bench/linerate.ts [--parts timing,synth,sweep] [--d 64,128,256,512,768,1024]
 *                             [--synth-d 64] [--modes l2,rms,layer] [--engines compact,linerate]
 *                             [--vectors 24] [--sweep cover|full] [--sweep-vectors 200] [--resume]
 * A timing or synth run replaces the rows of the (mode, d, engine) it measures and keeps the others.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { type ConfigOptions, resolveConfig } from '../generator/config.ts';
import { elaborate } from '../generator/plan.ts';
import { testVectors } from '../generator/vectors/test-vectors.ts';
import { cosim } from '../sim/cosim.ts';
import { synthesize } from '../synth/synth.ts';

const argv = yargs(hideBin(process.argv))
  .option('parts', { type: 'string', default: 'timing,synth,sweep', describe: 'parts to run (none: only rewrite the tables from the JSON)' })
  .option('d', { type: 'string', default: '64,128,256,512,768,1024' })
  .option('synth-d', { type: 'string', default: '64', describe: 'd values synthesised (the logic barely depends on d; memory bits scale with it)' })
  .option('modes', { type: 'string', default: 'l2,rms,layer' })
  .option('engines', { type: 'string', default: 'compact,linerate' })
  .option('vectors', { type: 'number', default: 24, describe: 'vectors per timing co-simulation (8 of them also under stalls)' })
  .option('sweep', { type: 'string', default: 'cover', choices: ['cover', 'full'] })
  .option('sweep-vectors', { type: 'number', default: 200 })
  .option('resume', { type: 'boolean', default: false, describe: 'sweep: keep the rows of an earlier (stopped) run and run only the missing configurations' })
  .option('format', { type: 'string', default: 'bf16', describe: 'format of the timing and synth parts' })
  .strict().parseSync();

const parts = new Set(argv.parts.split(','));
const LANES = 16;
// The paper (arXiv 2412.04778) reports 116 cycles at d = 64 and 227 at d = 1024.
const PAPER: Record<number, number> = { 64: 116, 1024: 227 };
const MODES = ['l2', 'rms', 'layer'] as const;
const ENGINES = ['compact', 'linerate'] as const;
const runModes = argv.modes.split(',');
const runEngines = argv.engines.split(',');
const OUT = 'bench/results/linerate';

interface TimingRow {
  mode: string; d: number; engine: string; top: string; B: number; period: number; periodMeasured: [number | null, number | null];
  latency: number; latencyMeasured: [number | null, number | null]; slots: number; passed: number; failed: number; seconds: number;
}
interface SynthRow { mode: string; d: number; engine: string; top: string; cells: number; flipFlops: number; memoryBits: number; longestPath: number; seconds: number }
interface SweepRow { name: string; opts: ConfigOptions; engine: string; period: number; latency: number; passed: number; failed: number; periodOk: boolean; latencyOk: boolean; seconds: number }
interface Results { commands: Record<string, string>; timing: TimingRow[]; synth: SynthRow[]; sweep: SweepRow[] }

const results: Results = existsSync(`${OUT}.json`)
  ? JSON.parse(readFileSync(`${OUT}.json`, 'utf8'))
  : { commands: {}, timing: [], synth: [], sweep: [] };
const command = `npx tsx bench/linerate.ts ${process.argv.slice(2).join(' ')}`.trim();
const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
// Timing and synth rows may come from several runs: their commands accumulate; the sweep is one run.
for (const p of parts) {
  if (!['timing', 'synth', 'sweep'].includes(p)) continue;
  const here = `\`${command}\` (${stamp} UTC)`;
  results.commands[p] = (p !== 'sweep' || argv.resume) && results.commands[p] ? `${results.commands[p]}; ${here}` : here;
}
if (parts.has('sweep') && !argv.resume) results.sweep = [];
/** Replaces the row of the same (mode, d, engine), keeps the others. */
function put<R extends { mode: string; d: number; engine: string }>(rows: R[], row: R): void {
  const i = rows.findIndex((r) => r.mode === row.mode && r.d === row.d && r.engine === row.engine);
  if (i >= 0) rows[i] = row; else rows.push(row);
}

const ds = argv.d.split(',').map(Number);
const synthDs = argv['synth-d'].split(',').map(Number);
const seconds = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;
const key = (mode: string, d: number, engine: string) => `${mode}/${d}/${engine}`;

function vectorsFor(opts: ConfigOptions, n: number): number[][] {
  const cfg = resolveConfig(opts);
  return testVectors(cfg.format, cfg.d, n, `linerate-${cfg.d}-${cfg.lanes}`).slice(0, n).map((v) => v.words);
}

if (parts.has('timing')) {
  for (const mode of MODES.filter((m) => runModes.includes(m))) {
    for (const d of ds) {
      for (const engine of ENGINES.filter((e) => runEngines.includes(e))) {
        const opts: ConfigOptions = { d, lanes: LANES, format: argv.format, mode, engine };
        const cfg = resolveConfig(opts);
        const t = process.hrtime.bigint();
        const r = cosim({ cfg, vectors: vectorsFor(opts, argv.vectors), seed: d, stressCount: 8, simulator: d >= 512 ? 'verilator' : 'icarus' });
        const plan = elaborate(cfg);
        put(results.timing, {
          mode, d, engine, top: r.top, B: plan.B, period: r.throughput.predicted, periodMeasured: [r.throughput.min, r.throughput.max],
          latency: r.latency.predicted, latencyMeasured: [r.latency.min, r.latency.max], slots: plan.slots,
          passed: r.passed, failed: r.failed, seconds: seconds(t),
        });
        console.log(`timing ${key(mode, d, engine)}: period ${r.throughput.min}..${r.throughput.max} (formula ${r.throughput.predicted}), latency ${r.latency.min}..${r.latency.max} (${r.latency.predicted}); ${r.passed} passed, ${r.failed} failed`);
        write();
      }
    }
  }
}

if (parts.has('synth')) {
  for (const mode of MODES.filter((m) => runModes.includes(m))) {
    for (const d of synthDs) {
      for (const engine of ENGINES.filter((e) => runEngines.includes(e))) {
        const cfg = resolveConfig({ d, lanes: LANES, format: argv.format, mode, engine });
        const r = await synthesize(cfg);
        put(results.synth, { mode, d, engine, top: r.top, cells: r.cells.total, flipFlops: r.flipFlops, memoryBits: r.memoryBits, longestPath: r.longestPath.gates, seconds: r.seconds });
        console.log(`synth ${key(mode, d, engine)}: ${r.cells.total} cells, ${r.flipFlops} flip-flops, ${r.memoryBits} memory bits, ${r.longestPath.gates} levels (${r.seconds.toFixed(0)} s)`);
        write();
      }
    }
  }
}

/** The acceptance sweep's configurations. */
function sweepConfigs(kind: string): Array<[string, ConfigOptions]> {
  const variants: Array<[string, string]> = [
    ['l2', 'none'], ['l2', 'gamma-beta'], ['rms', 'none'], ['rms', 'gamma'], ['rms', 'gamma-beta'],
    ['layer', 'none'], ['layer', 'gamma'], ['layer', 'gamma-beta'],
  ];
  const formats = ['fp32', 'bf16', 'fp16'];
  const sweepDs = [1, 15, 16, 17, 64, 128, 768, 1024];
  const lanes = [1, 3, 16];
  const out: Array<[string, ConfigOptions]> = [];
  // d outermost, so that a partial run has covered every mode and format at the smaller d.
  sweepDs.forEach((d, di) => variants.forEach(([mode, affine], vi) => formats.forEach((format, fi) => {
    const ls = kind === 'full' ? lanes : [lanes[(vi + fi + di) % lanes.length]];
    for (const l of ls) out.push([`${mode} ${affine} ${format} d=${d} P=${l}`, { d, lanes: l, format, mode, affine }]);
  })));
  // Pipelined operators.
  out.push(['l2 bf16 d=128 P=16 pipelined add=2,mul=1', { d: 128, lanes: 16, format: 'bf16', pipeline: 'add=2,mul=1' }]);
  out.push(['layer fp16 d=64 P=3 pipelined add=1,mul=1,convert=1', { d: 64, lanes: 3, format: 'fp16', mode: 'layer', pipeline: 'add=1,mul=1,convert=1' }]);
  return out;
}

if (parts.has('sweep')) {
  for (const [name, opts] of sweepConfigs(argv.sweep)) {
    if (results.sweep.some((r) => r.name === name)) continue; // --resume: done by the earlier run
    const cfg = resolveConfig(opts);
    const t = process.hrtime.bigint();
    const n = argv['sweep-vectors'];
    // Verilator for the long streams (Icarus needs about a minute for 400 vectors at d 768, one lane)
    const big = cfg.d >= 768;
    const r = cosim({ cfg, vectors: vectorsFor(opts, n), seed: cfg.d * 3 + cfg.lanes, stressCount: n, simulator: big ? 'verilator' : 'icarus' });
    const row: SweepRow = {
      name, opts, engine: cfg.engine, period: r.throughput.predicted, latency: r.latency.predicted, passed: r.passed, failed: r.failed,
      periodOk: r.throughput.wrong === 0 && r.throughput.min === r.throughput.predicted && r.throughput.max === r.throughput.predicted,
      latencyOk: r.latency.wrong.length === 0 && r.latency.min === r.latency.predicted && r.latency.max === r.latency.predicted,
      seconds: seconds(t),
    };
    results.sweep.push(row);
    console.log(`sweep ${name}: ${row.passed} passed, ${row.failed} failed, period ${row.period} ${row.periodOk ? 'ok' : 'WRONG'}, latency ${row.latency} ${row.latencyOk ? 'ok' : 'WRONG'} (${row.seconds.toFixed(1)} s)`);
    write();
  }
}

function pct(after: number, before: number): string {
  return `${after >= before ? '+' : ''}${(((after - before) / before) * 100).toFixed(1)} %`;
}

function write(): void {
  const md: string[] = [
    '# Line rate: the line-rate engine against the compact one',
    '',
    'Commands (each part may come from a different run):',
    ...Object.entries(results.commands).map(([p, c]) => `- ${p}: ${c}`),
    '',
    `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; shared with other jobs.`,
    `Configuration: ${argv.format}, ${LANES} lanes, Newton x2, 6-bit seed table, internal format auto; rms with gamma, layer with gamma and beta (the defaults).`,
    '"before": `--engine compact` (the smallest buffer, one vector\'s beats: one vector at a time); "after": the default depth.',
    'Period and latency are measured in co-simulation (first input beats of consecutive vectors; first input beat to last output beat),',
    'with in_valid and out_ready held high; each equals its formula in every row marked ok. B = ceil(d/P) is the limit (P elements in and out a clock);',
    "FINN's streaming LayerNorm sustains N/SIMD cycles per vector (here N = d, SIMD = P: the same B). Elements per cycle = d / period.",
    '',
  ];
  for (const mode of MODES) {
    const rows = results.timing.filter((r) => r.mode === mode);
    if (!rows.length) continue;
    md.push(`## ${mode}`, '', '| d | limit B | FINN N/SIMD | paper latency | period before | period after | latency before | latency after | elements/cycle before | after | slots after | all checks |', '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const d of [...new Set(rows.map((r) => r.d))]) {
      const b = rows.find((r) => r.d === d && r.engine === 'compact');
      const a = rows.find((r) => r.d === d && r.engine === 'linerate');
      if (!a || !b) continue;
      const ok = [a, b].every((r) => r.failed === 0 && r.periodMeasured.every((p) => p === r.period) && r.latencyMeasured.every((l) => l === r.latency));
      md.push(`| ${d} | ${a.B} | ${d / LANES} | ${PAPER[d] ?? '-'} | ${b.periodMeasured[0]} | ${a.periodMeasured[0]} | ${b.latencyMeasured[0]} | ${a.latencyMeasured[0]} | ${(d / b.period).toFixed(2)} | ${(d / a.period).toFixed(2)} | ${a.slots} | ${ok ? 'ok' : 'FAILED'} (${a.passed + b.passed} vectors) |`);
    }
    md.push('');
  }
  if (results.synth.length) {
    md.push('## Area (Yosys generic gates, `iterl2norm synth`)', '', 'Logic = cells without the memories (the vector slots and the parameter store stay `$mem_v2`, SRAM macros in a layout).', '',
      '| mode | d | cells before | cells after | logic growth | flip-flops before | after | memory bits before | after | longest path before | after (gate levels) |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const mode of MODES) {
      for (const d of [...new Set(results.synth.filter((r) => r.mode === mode).map((r) => r.d))]) {
        const b = results.synth.find((r) => r.mode === mode && r.d === d && r.engine === 'compact');
        const a = results.synth.find((r) => r.mode === mode && r.d === d && r.engine === 'linerate');
        if (!a || !b) continue;
        md.push(`| ${mode} | ${d} | ${b.cells} | ${a.cells} | ${pct(a.cells, b.cells)} | ${b.flipFlops} | ${a.flipFlops} | ${b.memoryBits} | ${a.memoryBits} | ${b.longestPath} | ${a.longestPath} |`);
      }
    }
    md.push('');
  }
  if (results.sweep.length) {
    const bad = results.sweep.filter((r) => r.failed > 0 || !r.periodOk || !r.latencyOk);
    const vectors = results.sweep.reduce((n, r) => n + r.passed + r.failed, 0);
    md.push('## Acceptance sweep', '', `${results.sweep.length} configurations, ${vectors} vectors, each back to back and again under random input gaps and output back-pressure (30 % each); ${bad.length} configuration(s) with a failure.`, '',
      '| configuration | engine | period | latency | vectors passed | failed | period = formula | latency = formula | s |', '|---|---|---:|---:|---:|---:|---|---|---:|',
      ...results.sweep.map((r) => `| ${r.name} | ${r.engine} | ${r.period} | ${r.latency} | ${r.passed} | ${r.failed} | ${r.periodOk ? 'yes' : 'NO'} | ${r.latencyOk ? 'yes' : 'NO'} | ${r.seconds.toFixed(1)} |`), '');
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`${OUT}.md`, `${md.join('\n')}\n`);
  writeFileSync(`${OUT}.json`, `${JSON.stringify(results, null, 2)}\n`);
}

write();
console.log(`wrote ${OUT}.md and ${OUT}.json`);
