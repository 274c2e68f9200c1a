/**
 * Benchmark (on demand, not a test): for lanes 16 and d = 64, 128, ..., 1024, the predicted and
 * simulated latency beside the paper's figures, the streaming period, and the time to generate
 * the RTL, to run the golden model and to co-simulate 1000 vectors (all bit-exact checked).
 * Writes bench/results/latency.md and bench/results/latency.json.
 *
 *   npx tsx bench/latency.ts [--vectors 1000] [--stress 100] [--format bf16]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { resolveConfig, topModuleName } from '../generator/config.ts';
import { IterL2NormModel } from '../generator/model/iterl2norm.ts';
import { generate } from '../generator/rtl/generate.ts';
import { testVectors } from '../generator/vectors/test-vectors.ts';
import { cosim } from '../sim/cosim.ts';

const argv = yargs(hideBin(process.argv))
  .option('vectors', { type: 'number', default: 1000 })
  .option('stress', { type: 'number', default: 100, describe: 'vectors also run with random stalls' })
  .option('format', { type: 'string', default: 'bf16' })
  .option('lanes', { type: 'number', default: 16 })
  .strict().parseSync();

// The paper (arXiv 2412.04778) reports 116 cycles at d = 64 and 227 at d = 1024 (v1: 112-227);
// intermediate values are not published.
const PAPER: Record<number, number> = { 64: 116, 1024: 227 };

interface Row {
  d: number; top: string; predicted: number; simulatedMin: number; simulatedMax: number; period: number;
  periodMeasured: string; paper: string; target: number; generateS: number; goldenS: number; cosimS: number;
  passed: number; failed: number;
}

const rows: Row[] = [];
for (let d = 64; d <= 1024; d += 64) {
  const cfg = resolveConfig({ d, lanes: argv.lanes, format: argv.format });
  const tGen = process.hrtime.bigint();
  generate(cfg, join('rtl-out', 'bench', topModuleName(cfg)));
  const generateS = Number(process.hrtime.bigint() - tGen) / 1e9;
  const vectors = testVectors(cfg.format, d, argv.vectors, `bench-${d}`).slice(0, argv.vectors).map((v) => v.words);
  const tGold = process.hrtime.bigint();
  const model = new IterL2NormModel(cfg);
  for (const x of vectors) model.normalise(x);
  const goldenS = Number(process.hrtime.bigint() - tGold) / 1e9;
  const r = cosim({ cfg, vectors, seed: d, stressCount: argv.stress });
  const B = Math.ceil(d / cfg.lanes);
  rows.push({
    d, top: r.top, predicted: r.latency.predicted, simulatedMin: r.latency.min ?? -1, simulatedMax: r.latency.max ?? -1,
    period: r.throughput.predicted, periodMeasured: `${r.throughput.min}..${r.throughput.max}`,
    paper: PAPER[d] !== undefined ? String(PAPER[d]) : '-', target: 2 * B + 24,
    generateS, goldenS, cosimS: r.seconds.total, passed: r.passed, failed: r.failed,
  });
  const row = rows.at(-1)!;
  console.log(`d=${d}: latency ${row.predicted} predicted, ${row.simulatedMin}..${row.simulatedMax} simulated; period ${row.period}; ${row.passed} passed, ${row.failed} failed; cosim ${row.cosimS.toFixed(1)} s`);
}

const header = [
  `# Latency benchmark: ${argv.format}, lanes ${argv.lanes}, default configuration`,
  '',
  `Command: \`npx tsx bench/latency.ts --vectors ${argv.vectors} --stress ${argv.stress} --format ${argv.format} --lanes ${argv.lanes}\``,
  `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  `Co-simulation: ${argv.vectors} vectors streamed back to back (every word and latency checked), the first ${argv.stress} again under random stalls; Icarus Verilog.`,
  'Latency: clock edges from the first input beat to the last output beat. Target: 2*ceil(d/P) + 24.',
  'Paper: 116 cycles at d = 64, 227 at d = 1024 (intermediate values not published).',
  '',
  '| d | latency predicted | latency simulated | paper | target 2B+24 | period (streaming) | generate s | golden model s | co-simulation s | passed | failed |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
const body = rows.map((r) => `| ${r.d} | ${r.predicted} | ${r.simulatedMin === r.simulatedMax ? r.simulatedMin : `${r.simulatedMin}..${r.simulatedMax}`} | ${r.paper} | ${r.target} | ${r.period} (measured ${r.periodMeasured}) | ${r.generateS.toFixed(3)} | ${r.goldenS.toFixed(3)} | ${r.cosimS.toFixed(1)} | ${r.passed} | ${r.failed} |`);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latency.md', `${[...header, ...body].join('\n')}\n`);
writeFileSync('bench/results/latency.json', `${JSON.stringify({ argv: { vectors: argv.vectors, stress: argv.stress, format: argv.format, lanes: argv.lanes }, rows }, null, 2)}\n`);
console.log('wrote bench/results/latency.md and bench/results/latency.json');
