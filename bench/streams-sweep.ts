/**
 * Benchmark (on demand, not a test): the acceptance sweep of streams whose length changes on every
 * vector. Every mode x fp32/bf16/fp16 x --d-max D in {64, 1024, 4096} x lanes {1, 3, 16}: the five
 * patterns of generator/vectors/stream-patterns.ts one after another (about 8 vectors each), back
 * to back and again under random input gaps (30%) and output back-pressure (30%), in Verilator:
 * every word bit-exact, every vector's first input and last output edge as predicted (the cycle
 * model of the rings of beats), nothing
 * lost, duplicated or reordered. Writes bench/results/streams-sweep.json after every row.
 *
 *   npx tsx bench/streams-sweep.ts [--modes l2,rms,layer] [--per-pattern 8] [--cover]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { resolveConfig } from '../generator/config.ts';
import { randomVectors } from '../generator/vectors/test-vectors.ts';
import { STREAM_PATTERNS, streamLengths } from '../generator/vectors/stream-patterns.ts';
import { cosim } from '../sim/cosim.ts';

const argv = yargs(hideBin(process.argv))
  .option('modes', { type: 'string', default: 'l2,rms,layer' })
  .option('per-pattern', { type: 'number', default: 8 })
  .option('cover', { type: 'boolean', default: false, describe: 'each (mode, format, D) at one lane count, rotating, so that every value of every axis appears (27 runs instead of 81)' })
  .strict().parseSync();
const FILE = 'bench/results/streams-sweep.json';
const results = existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : { command: '', rows: [] };
// Rows may come from several runs (one per mode, say): their commands accumulate.
const here = `\`npx tsx bench/streams-sweep.ts ${process.argv.slice(2).join(' ')}\``.replace(' `', '`');
results.command = results.command && !results.command.includes(here) ? `${results.command}, then ${here}` : here;
const rows: Array<Record<string, unknown>> = results.rows;
for (const mode of argv.modes.split(',')) {
  for (const format of ['fp32', 'bf16', 'fp16']) {
    for (const [iD, D] of [64, 1024, 4096].entries()) {
      for (const [iL, lanes] of [1, 3, 16].entries()) {
        if (argv.cover && iL !== (iD + ['fp32', 'bf16', 'fp16'].indexOf(format)) % 3) continue;
        const cfg = resolveConfig({ dMax: D, lanes, format, mode });
        const lengths = STREAM_PATTERNS.flatMap((p) => streamLengths(p, D, argv['per-pattern'], `sweep-${p}-${D}`));
        const vectors = lengths.map((d, k) => randomVectors(cfg.format, d, 1, `sweep-${D}-${k}`)[0]!.words);
        const r = cosim({ cfg, vectors, seed: 9, simulator: 'verilator', stressCount: vectors.length });
        const row = { mode, format, D, lanes, vectors: vectors.length, passed: r.passed, failed: r.failed, mismatches: r.mismatches.length,
          latencyWrong: r.latency.wrong.length, startWrong: r.throughput.wrong, protocolErrors: r.protocolErrors.length, seconds: Number(r.seconds.total.toFixed(1)) };
        const i = rows.findIndex((x) => x.mode === mode && x.format === format && x.D === D && x.lanes === lanes);
        if (i >= 0) rows[i] = row; else rows.push(row);
        console.log(JSON.stringify(row));
        writeFileSync(FILE, `${JSON.stringify(results, null, 1)}\n`);
      }
    }
  }
}
