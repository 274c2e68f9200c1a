/**
 * Benchmark (on demand, not a test): streams whose length changes on every vector through one
 * `--d-max D` macro (default D = 1024, 16 lanes, bf16, --affine none), back to back, per mode:
 * the total cycles (first input beat of the first vector to the last output beat of the last)
 * over the line-rate bound, the sum of max(B_i, T) over every vector but the last plus the last
 * one's own latency. Every run is a co-simulation (Verilator): every word bit-exact and every
 * vector on time, as the co-simulation checks it.
 * Beside it, the in-order bound: the same stream through the cycle model of the ring with unbounded
 * memory (generator/ring-schedule.ts), the input taking every vector as soon as the shared stages
 * allow and the output never idle while a factor is ready; it exceeds the line-rate bound when the
 * stream ends with short vectors queued behind a long one's output (by at most the queueing bound:
 * Bmax - T cycles, LayerNorm Bmax - 1 + max(0, Bmax - T)), which no engine that keeps the outputs
 * in order can avoid.
 * Results go to bench/results/streams.json under the label (`before`: the engine measured
 * before the ring of beats; `after`: the current one), one row per (mode, pattern).
 *
 * The memory part records, for the same label, the vector memory (beats and bits, the memory area at
 * 23.3 um^2 a bit, the OpenRAM 1 KB sky130 macro's density) of every mode at 16 lanes, bf16. The
 * synth part (Yosys generic gates, `iterl2norm synth`) records cells, flip-flops and memory bits of
 * the default line-rate design (l2 d = 64, l2 and rms --d-max 256) and of the smallest memory
 * (before: --engine compact; after: --buffer-beats of one vector), at --synth-lanes lanes.
 *
 *   npx tsx bench/streams.ts --label after [--parts streams,memory] [--modes l2,rms,layer] [--d-max 1024] [--lanes 16] [--vectors 64]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { resolveConfig } from '../generator/config.ts';
import { elaborate } from '../generator/plan.ts';
import { entryMemoryRecords } from '../generator/rtl/generate.ts';
import { simulateRing } from '../generator/ring-schedule.ts';
import { randomVectors } from '../generator/vectors/test-vectors.ts';
import { STREAM_PATTERNS, streamLengths } from '../generator/vectors/stream-patterns.ts';
import { cosim } from '../sim/cosim.ts';
import { synthesize } from '../synth/synth.ts';

const argv = yargs(hideBin(process.argv))
  .option('label', { type: 'string', demandOption: true, describe: 'before | after (the key of the rows in the JSON)' })
  .option('modes', { type: 'string', default: 'l2,rms,layer' })
  .option('patterns', { type: 'string', default: STREAM_PATTERNS.join(',') })
  .option('d-max', { type: 'number', default: 1024 })
  .option('lanes', { type: 'number', default: 16 })
  .option('format', { type: 'string', default: 'bf16' })
  .option('vectors', { type: 'number', default: 64, describe: 'vectors per stream (about)' })
  .option('buffer-beats', { type: 'number', describe: 'ring depth (default: the plan\'s)' })
  .option('parts', { type: 'string', default: 'streams,memory', describe: 'streams: the co-simulated patterns; memory: vector memory bits of every mode, fixed d = 768 and --d-max 1024, with and without affine parameters; synth: Yosys cells of the default and the smallest memory' })
  .option('synth-lanes', { type: 'number', default: 4, describe: 'synth: lanes of the synthesised designs (the logic scales with them; 16 lanes take long on shared cores)' })
  .strict().parseSync();

const FILE = 'bench/results/streams.json';
mkdirSync('bench/results', { recursive: true });
const results = existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : { commands: {}, rows: {} };
const command = `npx tsx bench/streams.ts ${process.argv.slice(2).join(' ')}`.trim();
// A label's rows may come from several runs (parts, stream lengths): their commands accumulate.
const here = `\`${command}\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
results.commands[argv.label] = results.commands[argv.label] ? `${results.commands[argv.label]}; ${here}` : here;
results.rows[argv.label] ??= [];
const rows: Array<Record<string, unknown>> = results.rows[argv.label];
const parts = new Set(argv.parts.split(','));
const UM2_PER_BIT = 23.3;

if (parts.has('memory')) {
  results.memory ??= {};
  const mem: Array<Record<string, unknown>> = [];
  for (const mode of ['l2', 'rms', 'layer']) {
    for (const length of [{ d: 768 }, { dMax: 1024 }]) {
      for (const affine of mode === 'l2' ? ['none'] : ['none', 'default']) {
        const cfg = resolveConfig({ ...length, lanes: argv.lanes, format: argv.format, mode, ...(affine === 'none' ? { affine: 'none' } : {}) });
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the engine before the ring had no bufferBeats
        const plan = elaborate(cfg) as any;
        const beats = plan.bufferBeats ?? plan.slots * plan.B;
        const bits = plan.vectorMemoryBits;
        // the per-vector queues kept in memories (manifest engine.entryMemoryBits; none before the ring)
        const entryBits = argv.label === 'before' ? 0 : entryMemoryRecords(plan).reduce((sum, m) => sum + m.bits, 0);
        mem.push({ mode, length: 'd' in length ? `d = ${length.d}` : `--d-max ${length.dMax}`, affine: cfg.affine, beats, vectorMemoryBits: bits,
          paramMemoryBits: plan.paramMemoryBits, entryMemoryBits: entryBits, areaMm2: Number((((bits + plan.paramMemoryBits + entryBits) * UM2_PER_BIT) / 1e6).toFixed(3)),
          latency: plan.latency.cycles, period: plan.period.cycles });
      }
    }
  }
  results.memory[argv.label] = mem;
  writeFileSync(FILE, `${JSON.stringify(results, null, 1)}\n`);
}

if (parts.has('synth')) {
  results.synth ??= {};
  const P = argv['synth-lanes'];
  const designs: Array<[string, Record<string, unknown>]> = [
    ['l2, d = 64', { d: 64, mode: 'l2' }],
    ['l2, --d-max 256', { dMax: 256, mode: 'l2' }],
    ['rms, --d-max 256', { dMax: 256, mode: 'rms', affine: 'none' }],
    ['l2, d = 64, smallest memory', argv.label === 'before' ? { d: 64, mode: 'l2', engine: 'compact' } : { d: 64, mode: 'l2', bufferBeats: Math.ceil(64 / P) }],
  ];
  const out: Array<Record<string, unknown>> = [];
  for (const [name, o] of designs) {
    const cfg = resolveConfig({ ...o, lanes: P, format: argv.format });
    const t0 = performance.now();
    const r = await synthesize(cfg);
    const plan = elaborate(cfg);
    out.push({ design: name, lanes: P, options: o, top: r.top, cells: r.cells.total, flipFlops: r.flipFlops, memoryBits: r.memoryBits,
      period: plan.period.cycles, latency: plan.latency.cycles, seconds: Number(((performance.now() - t0) / 1000).toFixed(0)) });
    console.log(JSON.stringify(out[out.length - 1]));
    results.synth[argv.label] = out;
    writeFileSync(FILE, `${JSON.stringify(results, null, 1)}\n`);
  }
}

for (const mode of parts.has('streams') ? argv.modes.split(',') : []) {
  const opts = { dMax: argv['d-max'], lanes: argv.lanes, format: argv.format, mode, affine: 'none', ...(argv['buffer-beats'] ? { bufferBeats: argv['buffer-beats'] } : {}) };
  const cfg = resolveConfig(opts);
  const plan = elaborate(cfg);
  const rt = plan.runtime!;
  for (const pattern of argv.patterns.split(',') as Array<(typeof STREAM_PATTERNS)[number]>) {
    const lengths = streamLengths(pattern, cfg.d, argv.vectors);
    const vectors = lengths.map((d, k) => randomVectors(cfg.format, d, 1, `stream-${pattern}-${k}`)[0]!.words);
    const t0 = performance.now();
    const r = cosim({ cfg, vectors, simulator: 'verilator', stressCount: Math.min(8, vectors.length) });
    const beats = lengths.map((d) => Math.ceil(d / cfg.lanes));
    const bound = beats.slice(0, -1).reduce((s, b) => s + Math.max(b, plan.T), 0) + rt.latencyAt(lengths[lengths.length - 1]!).cycles;
    const timeline = r.timeline!; // the stream interface's bench records it
    const cycles = timeline[timeline.length - 1]!.last - timeline[0]!.first;
    // The in-order bound: this mode's schedule with unbounded memory.
    const sch = plan.ring!.schedule;
    const free = simulateRing({ ...sch, beats: Infinity, entries: Infinity, pass2: sch.pass2 ? { ...sch.pass2, beats: Infinity } : null }, beats);
    const inOrder = free.lastOut[free.lastOut.length - 1]! - free.first[0]!;
    const row = {
      mode, pattern, dMax: cfg.d, lanes: cfg.lanes, format: cfg.format.name, vectors: lengths.length, T: plan.T,
      cycles, bound, ratio: Number((cycles / bound).toFixed(3)),
      inOrderBound: inOrder, inOrderRatio: Number((cycles / inOrder).toFixed(3)), passed: r.passed, failed: r.failed,
      vectorMemoryBits: plan.vectorMemoryBits, seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
    };
    const i = rows.findIndex((x) => x.mode === mode && x.pattern === pattern && x.vectors === row.vectors);
    if (i >= 0) rows[i] = row; else rows.push(row);
    console.log(JSON.stringify(row));
    writeFileSync(FILE, `${JSON.stringify(results, null, 1)}\n`);
  }
}
