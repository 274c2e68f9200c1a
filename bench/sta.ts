/**
 * Benchmark (on demand, not a test): area in um^2, timing in ns and power in mW in real
 * standard-cell libraries, each row one `iterl2norm synth --liberty LIB --json` run (Yosys mapping,
 * OpenSTA timing and power; see docs/synthesis.md). Rows are run in the order given, each result
 * kept in bench/results/sta/<row>.json, so a stopped run resumes where it stopped (delete a
 * file, or give `--rerun`, to measure its row again); bench/results/sta.md and sta.json are
 * rewritten after every row.
 *
 *   nice -n 10 npx tsx bench/sta.ts --lib sky130=PATH[,sg13g2=PATH] [--rows ROW,ROW...] [--rerun] [--no-power] [--netlist-dir DIR] [--list]
 *
 * `--list` only rewrites the tables and prints the rows of the default list that have no result yet.
 *
 * A row is LIB/FORMAT/MODE/dD/INTERNAL/PIPE with PIPE `comb` (combinational operators, timed at
 * the default 10 ns), an explicit `--pipeline` (e.g. `add2mul1cvt1`, timed at 10 ns) or `tdNS`
 * (timing-driven: `--clock-period NS --liberty`, registers chosen for NS; with power from a
 * gate-level simulation of `--power-vectors` vectors unless `--no-power`), then optional suffixes
 * `/steps1` (one iteration step), `/compact` (`--engine compact`: the smallest buffer), `/flat`
 * (`--flat`: flattened before mapping) and `/kept` (`--keep-operators`); without them the
 * default flow of `synth --liberty`, the operators kept as modules (hierarchical). Each row's
 * file records the flow it was measured with.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import { type MappingFlow, mappingFlow } from '../synth/synth-liberty.ts';
import { RunFailed, type TimedRun, timedIterl2norm } from './timed-run.ts';
import { hideBin } from 'yargs/helpers';

/** The fastest period each library's timing-driven rows ask for (sg13g2's floor is 12.21 ns). */
const FASTEST_NS: Record<string, number> = { sky130: 10, sg13g2: 13 };
const td = (lib: string) => `td${FASTEST_NS[lib]}`;

// The grid: per library, each format, mode and d, combinational and at the fastest period.
const GRID = Object.keys(FASTEST_NS).flatMap((lib) => ['bf16', 'fp32'].flatMap((format) => ['l2', 'rms', 'layer'].flatMap((mode) =>
  ['d768', 'd1024'].flatMap((d) => ['comb', td(lib)].map((pipe) => `${lib}/${format}/${mode}/${d}/e10m30/${pipe}`)))));

// The cost of accuracy (internal formats: the cheapest that keeps bf16 within 1 ulp, and fp32),
// then the smallest buffer's rows (`--engine compact`).
const ACCURACY = Object.keys(FASTEST_NS).flatMap((lib) => ['comb', td(lib)].flatMap((pipe) =>
  [`${lib}/bf16/l2/d768/e10m12/${pipe}/steps1`, `${lib}/bf16/l2/d768/fp32/${pipe}`]));
const COMPACT = [
  ...Object.keys(FASTEST_NS).flatMap((lib) => ['comb', td(lib)].map((pipe) => `${lib}/bf16/l2/d768/e10m30/${pipe}/compact`)),
  'sky130/bf16/l2/d768/e10m12/comb/steps1/compact',
  'sky130/bf16/l2/d768/fp32/comb/compact',
];

// The rows worth measuring first (a run stopped early keeps the most useful ones), then the rest
// of the grid, each row once.
const FIRST = [
  'sky130/bf16/l2/d768/e10m30/comb', 'sky130/bf16/rms/d768/e10m30/td10', 'sky130/bf16/layer/d768/e10m30/td10',
  'sky130/fp32/l2/d768/e10m30/td10', 'sg13g2/bf16/l2/d768/e10m30/td13', 'sky130/bf16/l2/d1024/e10m30/td10',
  'sky130/bf16/l2/d768/e10m12/td10/steps1', 'sky130/bf16/l2/d768/fp32/td10', 'sg13g2/bf16/l2/d768/e10m30/comb',
  'sky130/fp32/l2/d768/e10m30/comb', 'sky130/bf16/rms/d768/e10m30/comb', 'sky130/bf16/layer/d768/e10m30/comb',
  'sky130/bf16/l2/d768/e10m30/td9',
];
const DEFAULT_ROWS = [...new Set([...FIRST, ...GRID, ...ACCURACY, ...COMPACT])];

const argv = yargs(hideBin(process.argv))
  .option('lib', { type: 'string', demandOption: true, describe: 'NAME=PATH[,NAME=PATH]: the Liberty files the rows name' })
  .option('rows', { type: 'string', default: DEFAULT_ROWS.join(','), describe: 'rows to run, in order' })
  .option('lanes', { type: 'number', default: 16 })
  .option('rerun', { type: 'boolean', default: false, describe: 'measure the given rows again even when a result is kept (it is replaced when the new one is complete)' })
  .option('power', { type: 'boolean', default: true, describe: 'timing-driven rows also measure power (--no-power: area and timing only)' })
  .option('power-vectors', { type: 'number', default: 8, describe: 'vectors of the gate-level simulation behind a row\'s power' })
  .option('list', { type: 'boolean', default: false, describe: 'only rewrite the tables from the kept results, and print the rows not measured yet' })
  .option('netlist-dir', { type: 'string', describe: 'also write each row\'s timed netlist, store model and constraints here (for a rerun of OpenSTA by hand)' })
  .strict().parseSync();

const libs = Object.fromEntries(argv.lib.split(',').map((kv) => kv.split('=') as [string, string]));
const OUT = 'bench/results/sta';
mkdirSync(OUT, { recursive: true });

/** A kept result; `seconds`: the row's wall time (every closure run included; absent in rows measured before it was kept). */
interface Row { row: string; command: string; seconds?: number; cpuSeconds?: number; report: Record<string, any> }

/** The optional suffixes after PIPE: `stepsN`, `compact`, `flat` and `kept`. */
function suffixes(row: string): { steps?: string; compact: boolean; flat: boolean; kept: boolean } {
  const rest = row.split('/').slice(6);
  return { steps: rest.find((s) => s.startsWith('steps'))?.replace('steps', ''), compact: rest.includes('compact'), flat: rest.includes('flat'), kept: rest.includes('kept') };
}

function parseRow(row: string): string[] {
  const [lib, format, mode, d, internal, pipe] = row.split('/');
  const { steps, compact, flat, kept } = suffixes(row);
  if (!lib || !libs[lib]) throw new Error(`row ${row}: no --lib for ${lib}`);
  const args = ['synth', '--d', d!.slice(1), '--format', format!, '--mode', mode!, '--internal', internal!, '--lanes', String(argv.lanes),
    '--liberty', libs[lib]!];
  const td = /^td([\d.]+)$/.exec(pipe ?? '');
  const m = /^add(\d)mul(\d)cvt(\d)$/.exec(pipe ?? '');
  if (td) args.push('--clock-period', td[1]!, ...(argv.power ? ['--power', '--power-vectors', String(argv['power-vectors'])] : []));   // timing-driven: registers chosen for this period
  else if (m) args.push('--pipeline', `add=${m[1]},mul=${m[2]},convert=${m[3]}`);
  else if (pipe !== 'comb') throw new Error(`row ${row}: pipe must be comb, addAmulMcvtV or tdNS`);
  if (steps) args.push('--steps', steps);
  if (compact) args.push('--engine', 'compact');
  if (flat) args.push('--flat');
  if (kept) args.push('--keep-operators');
  return args;
}

const fileOf = (row: string) => join(OUT, `${row.replace(/\//g, '_')}.json`);

/** The flow a kept report was measured with: hierarchical (the default), flat, or operators kept (flattened after). */
const flowOf = (report: Record<string, any>): MappingFlow => mappingFlow(report.timing);

/** The flow a row asks for. */
function rowFlow(row: string): MappingFlow {
  const { flat, kept } = suffixes(row);
  return kept ? 'kept' : flat ? 'flat' : 'hierarchical';
}

/** A kept result measured with the flow its row asks for (a row kept from another flow is measured again). */
const current = (row: string) => existsSync(fileOf(row)) && flowOf(JSON.parse(readFileSync(fileOf(row), 'utf8')).report) === rowFlow(row);

if (!argv.list) {
  for (const row of argv.rows.split(',')) {
    const file = fileOf(row);
    if (current(row) && !argv.rerun) continue;
    const args = [...parseRow(row), '--json', `${file}.tmp`];
    if (argv['netlist-dir']) {
      mkdirSync(argv['netlist-dir'], { recursive: true });
      args.push('--netlist', join(argv['netlist-dir'], `${row.replace(/\//g, '_')}.v`));
    }
    const command = `npx iterl2norm ${parseRow(row).join(' ').replace(/--liberty \S+/, `--liberty ${row.split('/')[0]}.lib.gz`)} --json r.json`;
    process.stderr.write(`${new Date().toISOString()} ${row}: ${command}\n`);
    let run: TimedRun;
    try {
      run = timedIterl2norm(args, file);
    } catch (e) {
      rmSync(`${file}.tmp`, { force: true });
      if (!(e instanceof RunFailed)) throw e;
      if (e.interrupted) {
        process.stderr.write(`${row}: interrupted (${e.message}); stopping\n`);
        process.exit(130);
      }
      process.stderr.write(`${row}: failed (${e.message}); next row\n`);
      continue;
    }
    const report = JSON.parse(readFileSync(`${file}.tmp`, 'utf8'));
    writeFileSync(file, `${JSON.stringify({ row, command, ...run, report }, null, 1)}\n`);
    rmSync(`${file}.tmp`, { force: true });
    writeTables();
  }
}
writeTables();
if (argv.list) {
  // the rows of the default list not measured yet, in the order a run would take them
  const todo = DEFAULT_ROWS.filter((row) => !current(row));
  console.log(`${todo.length} of ${DEFAULT_ROWS.length} rows not measured yet with their flow${todo.length ? `:\n${todo.join('\n')}` : ''}`);
}

function writeTables(): void {
  const rows: Row[] = readdirSync(OUT).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(OUT, f), 'utf8')));
  // The tables in the grid's order (library, format, mode, d, combinational first), then the cost
  // of accuracy, the compact engine, and any other row last.
  const order = [...GRID, ...ACCURACY, ...COMPACT];
  const rank = (row: string) => (order.indexOf(row) + 1 || order.length + 1);
  rows.sort((a, b) => rank(a.row) - rank(b.row) || a.row.localeCompare(b.row));
  const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const lines = [
    '# Area and timing in standard-cell libraries (`bench/sta.ts`)',
    '',
    `Each row: \`iterl2norm synth --liberty LIB\` (Yosys from npm mapping with ABC to the library, OpenSTA`,
    'timing, pre-layout, ideal clock, typical corner, vector store a black box with the assumed timing model of',
    '`synth/liberty/store-model.ts`), 16 lanes. Area: standard cells only; the store is given in bits.',
    'Clock: the critical path when it exceeds the period (10 ns, or the tdNS row\'s), else the period; latency and elements/s at that clock.',
    'Libraries in the commands: sky130.lib.gz = sky130_fd_sc_hd__tt_025C_1v80.lib.gz, sg13g2.lib.gz = sg13g2_stdcell_typ_1p20V_25C.lib.gz.',
    '',
    '| library | engine | format | mode | d | internal | operators | flow | cells um^2 | memory bits | memory um^2 | total um^2 | critical path ns | meets | fmax MHz | power mW | where | latency cycles | latency ns | elements/s |',
    '|---|---|---|---|---:|---|---|---|---:|---:|---:|---:|---:|---|---:|---:|---|---:|---:|---:|',
  ];
  for (const { row, report: r } of rows) {
    const [lib, format, mode, d, internal, pipe] = row.split('/');
    const { steps, compact, kept } = suffixes(row);
    const clockNs = Math.max(r.clockPeriodNs, r.criticalPathNs);
    const eps = (Number(d!.slice(1)) / (r.throughput.cycles * clockNs)) * 1e9;
    const timingDriven = pipe!.startsWith('td');
    lines.push(`| ${lib} | ${compact ? 'compact' : 'line-rate'} | ${format} | ${mode} | ${d!.slice(1)} | ${internal}${steps ? `, ${steps} step` : ''} | ${pipe === 'comb' ? 'combinational' : timingDriven ? `timing-driven ${pipe!.slice(2)} ns (${r.pipeline.registers.add}/${r.pipeline.registers.mul}/${r.pipeline.registers.convert}${(r.timingDriven?.runs?.length ?? 1) > 1 ? `, ${r.timingDriven.runs.length} runs` : ''})` : pipe}${kept ? ', operators mapped once' : ''} | ${flowOf(r)} | ${fmt(r.areaUm2)} | ${fmt(r.memoryBits)} | ${r.memoryAreaUm2 === undefined ? '-' : fmt(r.memoryAreaUm2)} | ${r.totalAreaUm2 === undefined ? '-' : fmt(r.totalAreaUm2)} | ${fmt(r.criticalPathNs, 2)} | ${timingDriven ? (r.wnsNs >= 0 ? 'yes' : 'no') : '-'} | ${fmt(r.fmaxMhz, 1)} | ${r.power ? fmt(r.power.totalMw, 1) : '-'} | ${r.criticalPath.from} -> ${r.criticalPath.to} | ${r.latency.cycles} | ${fmt(r.latency.cycles * clockNs)} | ${(eps / 1e6).toFixed(0)} M |`);
  }
  lines.push('', 'Delay per stage (ns, worst path into the stage\'s registers, setup included; `synth/timing-stages.ts`):', '',
    '| row | ' + ['square', 'accumulate', 'scalar loop', 'output', 'control'].join(' | ') + ' |', '|---|---:|---:|---:|---:|---:|');
  for (const { row, report: r } of rows) {
    const by = Object.fromEntries((r.timing.stages as Array<{ stage: string; delayNs: number }>).map((s) => [s.stage, s.delayNs]));
    lines.push(`| ${row} | ${['square', 'accumulate', 'scalar loop', 'output', 'control'].map((s) => (by[s] === undefined ? '-' : fmt(by[s], 2))).join(' | ')} |`);
  }
  // timing-driven rows: every synthesis run with its registers and worst slack (closure, synth/closure.ts)
  const closed = rows.filter((r) => (r.report.timingDriven?.runs?.length ?? 0) > 1);
  if (closed.length) {
    lines.push('', 'Timing closure (every synthesis run of a timing-driven row: add=A,mul=M,convert=V and the worst slack at the period):', '');
    for (const r of closed) lines.push(`- ${r.row}: ${(r.report.timingDriven.runs as Array<{ pipeline: string; wnsNs: number }>).map((x) => `${x.pipeline} ${fmt(x.wnsNs, 2)} ns`).join('; ')}`);
  }
  // a row's time: its wall time when kept, else (older rows) the kept run's Yosys and report times
  lines.push('', 'Commands:', '', ...rows.map((r) => `- ${r.row}: \`${r.command}\` (${fmt(r.seconds ?? r.report.timing.seconds.yosys + r.report.seconds)} s${r.cpuSeconds === undefined ? '' : `, ${fmt(r.cpuSeconds)} s CPU`})`), '');
  writeFileSync('bench/results/sta.md', `${lines.join('\n')}`);
  writeFileSync('bench/results/sta.json', `${JSON.stringify(rows.map((r) => ({ row: r.row, command: r.command, flow: flowOf(r.report), ...pick(r.report) })), null, 1)}\n`);
}

function pick(r: Record<string, any>) {
  const { top, liberty, areaUm2, memoryBits, memoryAreaUm2, totalAreaUm2, criticalPathNs, fmaxMhz, clockPeriodNs, wnsNs, criticalPath, latency, throughput, latencyNs } = r;
  const power = r.power && { totalMw: r.power.totalMw, internalMw: r.power.internalMw, switchingMw: r.power.switchingMw, pjPerVector: r.power.pjPerVector, pjPerElement: r.power.pjPerElement, vectors: r.power.vectors, vectorlessMw: r.power.vectorless?.totalMw };
  return { top, liberty, areaUm2, memoryBits, memoryAreaUm2, totalAreaUm2, criticalPathNs, fmaxMhz, clockPeriodNs, wnsNs, criticalPath, latency, throughput, latencyNs, stages: r.timing.stages, cells: r.timing.cells, ...(power ? { power } : {}) };
}
