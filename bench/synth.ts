/**
 * Benchmark (on demand, not a test): synthesis and simulator speed.
 *   1. Yosys (npm, in-process) on lanes 16, d = 64, 256, 768, 1024, fp32 and bf16 (other options at
 *      their defaults): cells, transistor estimate, flip-flops, memory bits, longest path,
 *      latency in cycles (manifest), synthesis time.
 *   2. The operators alone (fp_add, fp_mul at the shapes the macro instantiates): cells and
 *      logic depth, for planning the pipelining of the clock-period knob.
 *   3. Co-simulation speed at d = 1024, lanes 16: Icarus against Verilator in vectors per
 *      second, the same vectors and bench (outputs compared word for word).
 * Writes bench/results/synth.md and bench/results/synth.json after every row, so a partial run
 * leaves a partial table.
 *
 *   npx tsx bench/synth.ts [--parts synth,operators,cosim] [--d 64,256,768,1024] [--formats fp32,bf16]
 *                          [--lanes 16] [--vectors 200]
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { DEFAULTS, resolveConfig } from '../generator/config.ts';
import { parseFormat } from '../generator/format/float-format.ts';
import { testVectors } from '../generator/vectors/test-vectors.ts';
import { cosim } from '../sim/cosim.ts';
import { type OperatorSpec, type SynthReport, operatorDepth, synthesize } from '../synth/synth.ts';
import { verilatorVersion } from '../sim/verilator.ts';

const argv = yargs(hideBin(process.argv))
  .option('parts', { type: 'string', default: 'synth,operators,cosim', describe: 'parts to run; the others keep their rows from bench/results/synth.json (none: only rewrite the tables)' })
  .option('d', { type: 'string', default: '64,256,768,1024' })
  .option('formats', { type: 'string', default: 'fp32,bf16' })
  .option('lanes', { type: 'number', default: 16 })
  .option('vectors', { type: 'number', default: 200, describe: 'vectors per simulator in the speed test' })
  .strict().parseSync();

const parts = new Set(argv.parts.split(','));
const ds = argv.d.split(',').map(Number);
const formats = argv.formats.split(',');

interface SynthRow {
  format: string; d: number; lanes: number; top: string; cells: number; transistors: number; flipFlops: number;
  memoryBits: number; memory: string; longestPath: number; pathEnds: string; stages?: string; latency: number; period: number; seconds: number;
}
interface OperatorRow { name: string; use: string; cells: number; depth: number; transistors: number; seconds: number }
interface CosimRow {
  format: string; d: number; lanes: number; vectors: number; simulator: string; build: number; run: number; total: number;
  vectorsPerSecond: number; passed: number; failed: number; identical: string;
}

const synthRows: SynthRow[] = [];
const opRows: OperatorRow[] = [];
const simRows: CosimRow[] = [];
// A run of some parts keeps the other parts' rows of the previous run.
const previousCommands: Record<string, string> = {};
if (existsSync('bench/results/synth.json')) {
  const old = JSON.parse(readFileSync('bench/results/synth.json', 'utf8')) as {
    synth?: SynthRow[]; operators?: OperatorRow[]; cosim?: CosimRow[]; commands?: Record<string, string>;
    argv?: { parts: string; d: string; formats: string; lanes: number; vectors: number };
  };
  const a = old.argv;
  if (!old.commands && a) old.commands = Object.fromEntries(a.parts.split(',').map((p) => [p, `\`npx tsx bench/synth.ts --parts ${a.parts} --d ${a.d} --formats ${a.formats} --lanes ${a.lanes} --vectors ${a.vectors}\``]));
  const keep = <T>(part: string, rows: T[] | undefined, into: T[]) => {
    if (parts.has(part) || !rows?.length) return;
    into.push(...rows);
    previousCommands[part] = old.commands?.[part] ?? '(earlier run)';
  };
  keep('synth', old.synth, synthRows);
  keep('operators', old.operators, opRows);
  keep('cosim', old.cosim, simRows);
}
const command = `npx tsx bench/synth.ts --parts ${argv.parts} --d ${argv.d} --formats ${argv.formats} --lanes ${argv.lanes} --vectors ${argv.vectors}`;
const stamp = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const commands: Record<string, string> = { ...previousCommands };
for (const p of parts) if (['synth', 'operators', 'cosim'].includes(p)) commands[p] = `\`${command}\` (${stamp})`;

function write(): void {
  const lines = [
    '# Synthesis and simulator benchmark',
    '',
    'Commands (each part may come from a different run):',
    ...Object.entries(commands).map(([part, c]) => `- ${part}: ${c}`),
    '',
    `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; shared with other jobs, so times are indicative.`,
    `Defaults of the other options: internal ${DEFAULTS.internal} (${['bf16', 'fp32'].map((f) => `${f}: ${resolveConfig({ format: f }).internal.name}`).join(', ')}), ${DEFAULTS.rule} x${DEFAULTS.steps}, seed ${DEFAULTS.init} (${DEFAULTS.initBits} bits), mode l2.`,
    '',
  ];
  if (synthRows.length) {
    lines.push(
      '## Yosys (generic gates)',
      '',
      'Flow of `iterl2norm synth` (generator/rtl/yosys-script.ts): coarse optimisation, techmap and `abc -fast` per distinct',
      'module, then flattened; `check -assert`, no latch, no init value on the flattened RTL and gate netlists (all pass, else',
      'the run stops). Transistors: `stat -tech cmos` of logic and',
      'flip-flops. The vector store is kept as `$mem_v2` (an SRAM macro in the layout): its bits are listed, not in the other',
      'columns. Longest path: `ltp -noff`, in gates, register (or input) to register (or output).',
      '',
      'Stage depths: the longest path into the registers of each stage (square -> sq_q / accumulate, lane tree -> acc /',
      'scalar loop -> b_q, t_q / output multiply -> o_data), in gates.',
      '',
      '| format | d | lanes | cells | transistors | flip-flops | memory bits | longest path (gates) | path | stage depths | latency (cycles) | period (cycles) | Yosys s |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|',
      ...synthRows.map((r) => `| ${r.format} | ${r.d} | ${r.lanes} | ${r.cells} | ${r.transistors} | ${r.flipFlops} | ${r.memoryBits} (${r.memory}) | ${r.longestPath} | ${r.pathEnds} | ${r.stages ?? '-'} | ${r.latency} | ${r.period} | ${r.seconds.toFixed(0)} |`),
      '',
    );
  }
  if (opRows.length) {
    lines.push(
      '## Operators alone (logic depth for pipelining)',
      '',
      'Each operator synthesised on its own with the same flow (purely combinational): cells, gates on the longest',
      'input-to-output path, transistor estimate.',
      '',
      '| operator | used for | cells | depth (gates) | transistors |',
      '|---|---|---:|---:|---:|',
      ...opRows.map((r) => `| ${r.name} | ${r.use} | ${r.cells} | ${r.depth} | ${r.transistors} |`),
      '',
    );
  }
  if (simRows.length) {
    lines.push(
      '## Co-simulation speed: Icarus against Verilator',
      '',
      `The same ${simRows[0].vectors} vectors (corner cases first) streamed back to back through the same bench, every word and latency`,
      'checked against the model; no stress phase. Build: Verilator + C++ compiler (Icarus: included in run). Vectors/s: vectors',
      'divided by the simulation run time (build excluded). Identical: out.hex and the cycle log of both simulators compared byte for byte.',
      '',
      '| format | d | lanes | simulator | vectors | build s | run s | vectors/s | passed | failed | identical to Icarus |',
      '|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|',
      ...simRows.map((r) => `| ${r.format} | ${r.d} | ${r.lanes} | ${r.simulator} | ${r.vectors} | ${r.build.toFixed(1)} | ${r.run.toFixed(2)} | ${r.vectorsPerSecond.toFixed(1)} | ${r.passed} | ${r.failed} | ${r.identical} |`),
      '',
    );
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/synth.md', `${lines.join('\n')}\n`);
  writeFileSync('bench/results/synth.json', `${JSON.stringify({ commands, synth: synthRows, operators: opRows, cosim: simRows }, null, 2)}\n`);
}

if (parts.has('synth')) {
  for (const format of formats) {
    for (const d of ds) {
      const cfg = resolveConfig({ d, lanes: argv.lanes, format });
      console.log(`synth ${format} d=${d} lanes=${argv.lanes} ...`);
      const r: SynthReport = await synthesize(cfg);
      synthRows.push({
        format, d, lanes: argv.lanes, top: r.top, cells: r.cells.total, transistors: r.transistors, flipFlops: r.flipFlops,
        memoryBits: r.memoryBits, memory: r.memories.map((m) => `${m.depth} x ${m.width}`).join(', '),
        longestPath: r.longestPath.gates, pathEnds: `${r.longestPath.from} -> ${r.longestPath.to}`,
        stages: r.stages.map((s) => s.gates).join(' / '),
        latency: r.latency.cycles, period: r.throughput.cycles, seconds: r.seconds,
      });
      console.log(`  ${r.cells.total} cells, ${r.transistors} transistors, ${r.flipFlops} FFs, ${r.memoryBits} memory bits, path ${r.longestPath.gates}, ${r.seconds.toFixed(0)} s`);
      write();
    }
  }
}

if (parts.has('operators')) {
  const f = (n: string) => parseFormat(n);
  // The default internal format of bf16 and fp32 I/O (DEFAULTS.internal may be 'auto').
  const internal = resolveConfig({ format: 'bf16' }).internal.name;
  if (resolveConfig({ format: 'fp32' }).internal.name !== internal) console.log('note: bf16 and fp32 default to different internal formats; operators use the bf16 one');
  // Output scale width: the unpacked exponent width of the internal format (generate.ts, scaleBits).
  const sb = Math.max(f(internal).expBits, Math.ceil(Math.log2(f(internal).manBits + 1))) + 2;
  const ops: Array<[string, string, OperatorSpec]> = [
    ['fp_add fp32', 'adders when internal = fp32', { op: 'fp_add', a: f('fp32') }],
    ['fp_add bf16', 'adders when internal = bf16', { op: 'fp_add', a: f('bf16') }],
    [`fp_add ${internal}`, `lane accumulators and scalar adder (default internal ${internal})`, { op: 'fp_add', a: f(internal) }],
    ['fp_mul fp32 x fp32 -> fp32', 'scalar multiplier when internal = fp32', { op: 'fp_mul', a: f('fp32'), b: f('fp32'), y: f('fp32') }],
    ['fp_mul bf16 x bf16 -> bf16', 'a bf16 multiplier', { op: 'fp_mul', a: f('bf16'), b: f('bf16'), y: f('bf16') }],
    [`fp_mul bf16 x bf16 -> ${internal}`, 'lane squares, bf16 input', { op: 'fp_mul', a: f('bf16'), b: f('bf16'), y: f(internal) }],
    [`fp_mul fp32 x fp32 -> ${internal}`, 'lane squares, fp32 input', { op: 'fp_mul', a: f('fp32'), b: f('fp32'), y: f(internal) }],
    [`fp_mul ${internal} x ${internal} -> ${internal}`, 'scalar multiplier (default internal)', { op: 'fp_mul', a: f(internal), b: f(internal), y: f(internal) }],
    [`fp_mul bf16 x ${internal} -> bf16, scaled`, 'output multipliers, bf16', { op: 'fp_mul', a: f('bf16'), b: f(internal), y: f('bf16'), scaleBits: sb }],
    [`fp_mul fp32 x ${internal} -> fp32, scaled`, 'output multipliers, fp32', { op: 'fp_mul', a: f('fp32'), b: f(internal), y: f('fp32'), scaleBits: sb }],
    [`fp_unpack ${internal}`, 'part of fp_mul: classify, normalise a subnormal (LZC + shift)', { op: 'fp_unpack', a: f(internal) }],
    ['fp_unpack bf16', 'part of fp_mul', { op: 'fp_unpack', a: f('bf16') }],
    [`fp_round ${internal}`, 'part of fp_add and fp_mul: round to nearest even, overflow, subnormal result', { op: 'fp_round', a: f(internal) }],
    ['fp_round bf16', 'part of fp_add and fp_mul', { op: 'fp_round', a: f('bf16') }],
  ];
  for (const [name, use, spec] of ops) {
    console.log(`operator ${name} ...`);
    const r = await operatorDepth(spec);
    opRows.push({ name, use, cells: r.cells, depth: r.depth, transistors: r.transistors, seconds: r.seconds });
    console.log(`  ${r.cells} cells, depth ${r.depth}, ${r.seconds.toFixed(0)} s`);
    write();
  }
}

if (parts.has('cosim')) {
  const d = 1024;
  for (const format of formats) {
    const cfg = resolveConfig({ d, lanes: argv.lanes, format });
    const vectors = testVectors(cfg.format, d, argv.vectors, `bench-synth-${format}`).slice(0, argv.vectors).map((v) => v.words);
    const dirs: Record<string, string> = {};
    for (const simulator of ['icarus', 'verilator'] as const) {
      console.log(`cosim ${format} d=${d} ${simulator} ...`);
      dirs[simulator] = mkdtempSync(join(tmpdir(), `iterl2norm-bench-${simulator}-`));
      const r = cosim({ cfg, vectors, seed: 7, stressCount: 0, simulator, workDir: dirs[simulator] });
      const run = r.seconds.simulate - r.seconds.build;
      const same = (f: string) => readFileSync(join(dirs.icarus, f), 'utf8') === readFileSync(join(dirs[simulator], f), 'utf8');
      simRows.push({
        format, d, lanes: argv.lanes, vectors: r.vectors, simulator, build: r.seconds.build, run, total: r.seconds.simulate,
        vectorsPerSecond: r.vectors / run, passed: r.passed, failed: r.failed,
        identical: simulator === 'icarus' ? '-' : (same('out.hex') && same('log.txt') ? 'yes' : 'NO'),
      });
      console.log(`  build ${r.seconds.build.toFixed(1)} s, run ${run.toFixed(2)} s, ${(r.vectors / run).toFixed(1)} vectors/s, ${r.passed} passed`);
      write();
    }
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }
  console.log(`Verilator ${verilatorVersion() ?? 'not installed'}`);
}

write();
console.log('wrote bench/results/synth.md and bench/results/synth.json');
