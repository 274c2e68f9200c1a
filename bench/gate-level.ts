/**
 * Benchmark (on demand, not a test): total area, gate-level co-simulation and power in real
 * standard-cell libraries. Each row is one `iterl2norm synth --liberty LIB --clock-period NS
 * --power --netlist` run (timing-driven registers, power from a gate-level simulation of
 * --power-vectors vectors), then `iterl2norm cosim --netlist` on the written netlist; the
 * commands, their wall times and the figures go to bench/results/gate-level.json (rows kept in
 * bench/results/gate-level/<row>.json, so a stopped run resumes; delete a file to rerun its row).
 *
 *   nice -n 10 npx tsx bench/gate-level.ts --lib sky130=PATH[,sg13g2=PATH] [--rows ROW,...] [--area-only ROW,...]
 *
 * A row is LIB/FORMAT/MODE/dD/pLANES/NS[/AFFINE] (e.g. sky130/bf16/l2/d64/p4/10,
 * sg13g2/bf16/layer/d64/p4/13/gamma-beta; AFFINE is `--affine`, none without it). `--area-only` rows run
 * the synthesis alone (no --power, no gate-level run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { mappingFlow } from '../synth/synth-liberty.ts';

const argv = yargs(hideBin(process.argv))
  .option('lib', { type: 'string', demandOption: true, describe: 'NAME=PATH[,NAME=PATH]: the Liberty files the rows name' })
  .option('rows', { type: 'string', default: 'sky130/bf16/l2/d64/p4/10,sg13g2/bf16/l2/d64/p4/13', describe: 'rows with power and gate-level co-simulation' })
  .option('area-only', { type: 'string', default: '', describe: 'rows synthesised only (total area, timing)' })
  .option('power-vectors', { type: 'number', default: 20 })
  .option('cosim-vectors', { type: 'number', default: 20 })
  .strict().parseSync();

const libs = Object.fromEntries(argv.lib.split(',').map((kv) => kv.split('=') as [string, string]));
const OUT = 'bench/results/gate-level';
mkdirSync(OUT, { recursive: true });
const CLI = ['bin/iterl2norm.js'];

function configArgs(row: string): { lib: string; args: string[] } {
  const [lib, format, mode, d, p, ns, affine, ...rest] = row.split('/');
  if (!lib || !libs[lib] || !format || !mode || !d?.startsWith('d') || !p?.startsWith('p') || !ns || rest.length) throw new Error(`row ${row}: expected LIB/FORMAT/MODE/dD/pLANES/NS[/AFFINE] with --lib ${lib}=PATH`);
  return { lib, args: ['--format', format, '--mode', mode, '--d', d.slice(1), '--lanes', p.slice(1), ...(affine ? ['--affine', affine] : []), '--liberty', libs[lib]!, '--clock-period', ns] };
}

function timed(args: string[]): { seconds: number; status: number } {
  const t0 = process.hrtime.bigint();
  let status = 0;
  try {
    execFileSync('node', [...CLI, ...args], { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 28 });
  } catch (e) {
    status = (e as { status?: number }).status ?? -1;
  }
  return { seconds: Number((Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)), status };
}

function runRow(row: string, areaOnly: boolean): Record<string, unknown> {
  const file = join(OUT, `${row.replace(/\//g, '_')}${areaOnly ? '_area' : ''}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const { args } = configArgs(row);
  const work = mkdtempSync(join(tmpdir(), 'iterl2norm-bench-gate-'));
  try {
    const synthArgs = ['synth', ...args, ...(areaOnly ? [] : ['--power', '--power-vectors', String(argv['power-vectors'])]), '--json', join(work, 'synth.json'), '--netlist', join(work, 'top.v')];
    process.stderr.write(`${row}: iterl2norm ${synthArgs.join(' ')}\n`);
    const s = timed(synthArgs);
    if (s.status !== 0) throw new Error(`${row}: synth exited with ${s.status}`);
    const synth = JSON.parse(readFileSync(join(work, 'synth.json'), 'utf8'));
    const result: Record<string, unknown> = {
      row,
      synth: { command: `iterl2norm ${synthArgs.join(' ').split(work).join('OUT')}`, seconds: s.seconds },
      top: synth.top, liberty: synth.liberty, clockPeriodNs: synth.clockPeriodNs, criticalPathNs: synth.criticalPathNs, wnsNs: synth.wnsNs,
      areaUm2: synth.areaUm2, memoryBits: synth.memoryBits, memoryAreaUm2: synth.memoryAreaUm2, totalAreaUm2: synth.totalAreaUm2, memoryModel: synth.memoryModel,
      cells: synth.timing?.cells, flipFlops: synth.timing?.flipFlops, pipeline: synth.pipeline?.registers,
      flow: mappingFlow(synth.timing),
      ...(synth.power ? { power: synth.power } : {}),
    };
    if (!areaOnly) {
      const cosimArgs = ['cosim', '--netlist', join(work, 'top.v'), '--liberty', libs[configArgs(row).lib]!, '--vectors', String(argv['cosim-vectors']), '--json', join(work, 'cosim.json')];
      process.stderr.write(`${row}: iterl2norm ${cosimArgs.join(' ')}\n`);
      const c = timed(cosimArgs);
      const cj = JSON.parse(readFileSync(join(work, 'cosim.json'), 'utf8'));
      result.gateLevelCosim = {
        command: `iterl2norm ${cosimArgs.join(' ').replace(new RegExp(work, 'g'), 'OUT')}`, seconds: c.seconds, exit: c.status,
        vectors: cj.vectors, passed: cj.passed, failed: cj.failed, latency: cj.latency, simulateSeconds: cj.seconds?.simulate,
      };
    }
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const rows = argv.rows.split(',').filter(Boolean);
const areaRows = argv['area-only'].split(',').filter(Boolean);
for (const r of areaRows) runRow(r, true);
for (const r of rows) runRow(r, false);
const all = readdirSync(OUT).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(OUT, f), 'utf8')));
writeFileSync('bench/results/gate-level.json', `${JSON.stringify({
  description: 'Total area (standard cells and memory), gate-level co-simulation and power per row: bench/gate-level.ts',
  machine: 'shared 2-core machine; wall times include other jobs',
  rows: all,
}, null, 2)}\n`);
