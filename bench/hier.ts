/**
 * Benchmark (on demand, not a test): the two flows of `synth --liberty` side by side, the
 * hierarchical one (`--hier`: each distinct module mapped once, the hierarchical netlist timed by
 * OpenSTA) and `--flat` (flattened before mapping), on 4- and 16-lane configurations at one clock period.
 * Each row is one `iterl2norm synth` run (timing-driven registers, closure runs included), kept in
 * bench/results/hier/<row>.json with its wall and CPU seconds (`cpuSeconds`: user and system, of
 * the command and its children, from GNU time; the fairer figure on a shared machine), so a stopped
 * run resumes (delete a file to rerun its row); bench/results/hier.json is rewritten after every row.
 * The timing cache (synth/characterise.ts) is whatever .cache/timing holds: empty, a row pays its
 * operators' characterisation.
 *
 *   nice -n 10 npx tsx bench/hier.ts --lib PATH [--rows ROW,ROW...] [--period NS] [--netlist-dir DIR]
 *
 * A row is CONFIG/FLOW: CONFIG one of CONFIGS below, FLOW `hier` or `flat`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { mappingFlow } from '../synth/synth-liberty.ts';
import { RunFailed, type TimedRun, timedIterl2norm } from './timed-run.ts';

/**
 * The configurations: the default (bf16 l2), RMSNorm (gamma), LayerNorm (gamma and beta), d 768,
 * 16 lanes; and bf16 l2 and LayerNorm at d 64 with 4 lanes, where both flows take minutes.
 */
const CONFIGS: Record<string, string[]> = {
  l2p4: ['--d', '64', '--format', 'bf16', '--lanes', '4', '--mode', 'l2'],
  layerp4: ['--d', '64', '--format', 'bf16', '--lanes', '4', '--mode', 'layer', '--affine', 'gamma-beta'],
  l2: ['--d', '768', '--format', 'bf16', '--lanes', '16', '--mode', 'l2'],
  rms: ['--d', '768', '--format', 'bf16', '--lanes', '16', '--mode', 'rms'],
  layer: ['--d', '768', '--format', 'bf16', '--lanes', '16', '--mode', 'layer', '--affine', 'gamma-beta'],
};
const FLOWS: Record<string, string[]> = { hier: ['--hier'], flat: ['--flat'] };

const argv = yargs(hideBin(process.argv))
  .option('lib', { type: 'string', demandOption: true, describe: 'the Liberty file' })
  .option('period', { type: 'number', default: 10, describe: 'clock period in ns (timing-driven registers)' })
  .option('netlist-dir', { type: 'string', describe: 'also write each row\'s timed netlist (with its store model, constraints and manifest) here' })
  .option('rows', { type: 'string', default: 'l2p4/hier,l2p4/flat,layerp4/hier,layerp4/flat,l2/hier,l2/flat,rms/hier,layer/hier,rms/flat', describe: 'rows to run, in order' })
  .strict().parseSync();

const OUT = 'bench/results/hier';
mkdirSync(OUT, { recursive: true });
const fileOf = (row: string) => join(OUT, `${row.replace(/\//g, '_')}.json`);

for (const row of argv.rows.split(',')) {
  const [config, flow] = row.split('/');
  if (!CONFIGS[config!] || !FLOWS[flow!]) throw new Error(`row ${row}: CONFIG/FLOW with CONFIG in ${Object.keys(CONFIGS).join(', ')} and FLOW hier or flat`);
  const file = fileOf(row);
  if (existsSync(file)) continue;
  const args = ['synth', ...CONFIGS[config!]!, '--liberty', argv.lib, '--clock-period', String(argv.period), ...FLOWS[flow!]!];
  const command = `npx iterl2norm ${args.join(' ').replace(argv.lib, basename(argv.lib))} --json r.json`;
  if (argv['netlist-dir']) {
    mkdirSync(argv['netlist-dir'], { recursive: true });
    args.push('--netlist', join(argv['netlist-dir'], `${row.replace(/\//g, '_')}.v`));
  }
  process.stderr.write(`${new Date().toISOString()} ${row}: ${command}\n`);
  let run: TimedRun;
  try {
    run = timedIterl2norm([...args, '--json', `${file}.tmp`], file);
  } catch (e) {
    rmSync(`${file}.tmp`, { force: true });
    if (!(e instanceof RunFailed)) throw e;
    process.stderr.write(`${row}: failed (${e.message})\n`);
    if (e.interrupted) process.exit(130);
    continue;
  }
  const r = JSON.parse(readFileSync(`${file}.tmp`, 'utf8'));
  writeFileSync(file, `${JSON.stringify({ row, command, ...run, report: r }, null, 1)}\n`);
  rmSync(`${file}.tmp`, { force: true });
  writeSummary();
}
writeSummary();

function writeSummary(): void {
  const rows = readdirSync(OUT).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(OUT, f), 'utf8')));
  writeFileSync('bench/results/hier.json', `${JSON.stringify(rows.map(({ row, command, seconds, cpuSeconds, report: r }) => ({
    row, command, seconds, cpuSeconds, flow: mappingFlow(r.timing), top: r.top,
    areaUm2: r.areaUm2, memoryAreaUm2: r.memoryAreaUm2, totalAreaUm2: r.totalAreaUm2, cells: r.timing.cells, flipFlops: r.timing.flipFlops,
    criticalPathNs: r.criticalPathNs, wnsNs: r.wnsNs, met: r.wnsNs >= 0, criticalPath: r.criticalPath,
    registers: r.pipeline.registers, runs: r.timingDriven?.runs ?? [], toolSeconds: r.timing.seconds,
  })), null, 1)}\n`);
}
