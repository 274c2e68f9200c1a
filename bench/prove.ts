/**
 * Benchmark (on demand, not a test): `prove` over small configurations of every mode, fixed d and
 * --d-max, both engines, both interfaces, at their `auto` depth (a second vector streamed behind the first) or
 * --depth-add more cycles, with k-induction of every property. Writes bench/results/prove.json:
 * per configuration the top module, the depth, each property's status and each tool run's
 * seconds (wall clock: they depend on the machine's load), plus the machine's cores and load.
 *
 *   npx tsx bench/prove.ts [--only l2-d4-p2,rms-dmax4-p2] [--depth-add 0] [--no-induction]
 *                          [--real-operators --timeout 600]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { type ConfigOptions, resolveConfig } from '../generator/config.ts';
import { depthRange, prove } from '../prove/prove.ts';

const SMALL = { format: 'fp16', internal: 'e5m6', steps: 1 };
const CONFIGS: Array<{ name: string; options: ConfigOptions }> = [
  { name: 'l2-d2-p2', options: { ...SMALL, d: 2, lanes: 2 } },
  { name: 'l2-dmax4-p2', options: { ...SMALL, dMax: 4, lanes: 2 } },
  { name: 'rms-d2-p1-gamma', options: { ...SMALL, mode: 'rms', d: 2, lanes: 1 } },
  { name: 'layer-d1-p1', options: { ...SMALL, mode: 'layer', d: 1, lanes: 1, affine: 'none' } },
  { name: 'l2-d4-p2', options: { ...SMALL, d: 4, lanes: 2 } },
  { name: 'l2-d4-p2-compact', options: { ...SMALL, d: 4, lanes: 2, engine: 'compact' } },
  { name: 'l2-d4-p2-pipelined', options: { ...SMALL, d: 4, lanes: 2, pipeline: 'add=1,mul=1,convert=1' } },
  { name: 'rms-dmax4-p2', options: { ...SMALL, mode: 'rms', dMax: 4, lanes: 2, affine: 'none' } },
  { name: 'layer-d2-p2-gamma-beta', options: { ...SMALL, mode: 'layer', d: 2, lanes: 2 } },
  { name: 'l2-d3-p2-axis', options: { ...SMALL, d: 3, lanes: 2, interface: 'axis' } },
  { name: 'rms-d4-p2-axis', options: { ...SMALL, mode: 'rms', d: 4, lanes: 2, affine: 'none', interface: 'axis' } },
  { name: 'layer-d1-p1-axis', options: { ...SMALL, mode: 'layer', d: 1, lanes: 1, affine: 'none', interface: 'axis' } },
];

const argv = yargs(hideBin(process.argv))
  .option('only', { type: 'string', describe: 'comma-separated configuration names' })
  .option('depth-add', { type: 'number', default: 0, describe: 'cycles beyond the auto depth' })
  .option('induction', { type: 'boolean', default: true })
  .option('real-operators', { type: 'boolean', default: false, describe: 'keep the floating-point operators (no abstraction): what the abstraction saves' })
  .option('timeout', { type: 'number', default: 3600, describe: 'seconds each tool run may take' })
  .strict().parseSync();

const only = argv.only?.split(',');
const command = `npx tsx bench/prove.ts${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
const RESULTS = join(import.meta.dirname, 'results', 'prove.json');
// a run of some configurations (--only) keeps the others' earlier rows; each row names its command
const earlierFile = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : { configurations: [] };
const earlier: Array<{ name: string; [field: string]: unknown }> = (earlierFile.configurations ?? [])
  .map((r: { command?: string }) => ({ command: earlierFile.command, loadAverage1m: earlierFile.machine?.loadAverage1m, ...r }));
const rows: Array<{ name: string; [field: string]: unknown }> = [];
for (const c of CONFIGS.filter((c) => !only || only.includes(c.name))) {
  const cfg = resolveConfig(c.options);
  const depth = depthRange(cfg).auto + argv['depth-add'];
  process.stderr.write(`${c.name}: depth ${depth} ...\n`);
  let r: ReturnType<typeof prove>;
  try {
    r = prove({ cfg, depth, induction: argv.induction, operators: argv['real-operators'] ? 'real' : 'abstract', timeoutSeconds: argv.timeout });
  } catch (e) {
    rows.push({ name: c.name, command, options: c.options, operators: argv['real-operators'] ? 'real' : 'abstract', depth, error: (e as Error).message });
    process.stderr.write(`${c.name}: ${(e as Error).message}\n`);
    writeResults();
    continue;
  }
  rows.push({
    name: c.name, command, options: c.options, operators: argv['real-operators'] ? 'real' : 'abstract', top: r.top, depth, passed: r.passed,
    properties: Object.fromEntries(r.properties.map((p) => [p.name, p.status])),
    counterexample: r.counterexample ? { property: r.counterexample.property, assertion: r.counterexample.assertion } : null,
    seconds: r.seconds,
    loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
  });
  process.stderr.write(`${c.name}: ${r.passed ? 'passed' : `COUNTEREXAMPLE ${r.counterexample!.property}`} in ${r.seconds.total} s\n`);
  // written after every configuration: a long run keeps what it measured
  writeResults();
}

function writeResults(): void {
  mkdirSync(dirname(RESULTS), { recursive: true });
  const names = new Set(rows.map((r) => r.name));
  const order = CONFIGS.map((c) => c.name);
  const all = [...earlier.filter((r) => !names.has(r.name)), ...rows].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  writeFileSync(RESULTS, `${JSON.stringify({
    machine: { cores: cpus().length, loadAverage1m: Number(loadavg()[0]!.toFixed(2)) },
    tools: 'Yosys 0.23 (Debian), yosys-smtbmc -s z3 --unroll',
    configurations: all,
  }, null, 2)}\n`);
}
