/**
 * Benchmark (on demand, not a test): the `--residual` acceptance matrix. Both sums (io, internal)
 * x every mode (l2; rms with gamma and eps; layer with gamma and beta) x lanes {1, 3, 16, 32} x a
 * fixed d and `--d-max`, each co-simulated in Icarus: the vectors back to back, then again under
 * random input gaps and output back-pressure, every out_data and out_res word against the model,
 * every latency and start against the formulas (the residual adds no cycle). The residual vectors
 * are those `vectors --residual` makes (cancellations, ties, random). Writes
 * bench/results/residual.json.
 *
 *   npx tsx bench/residual.ts [--vectors 12]
 */
import { writeFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { type ConfigOptions, resolveConfig } from '../generator/config.ts';
import { runtimeTestVectors, testVectors } from '../generator/vectors/test-vectors.ts';
import { cosim } from '../sim/cosim.ts';

const argv = yargs(hideBin(process.argv)).option('vectors', { type: 'number', default: 12 }).parseSync();
const n = argv.vectors;

const rows: Array<Record<string, unknown>> = [];
const t0 = Date.now();
for (const residualSum of ['io', 'internal'] as const) {
  for (const mode of ['l2', 'rms', 'layer'] as const) {
    for (const lanes of [1, 3, 16, 32]) {
      for (const runtime of [false, true]) {
        const d = lanes * 2 + 3;
        const opts: ConfigOptions = { ...(runtime ? { dMax: d } : { d }), lanes, mode, eps: mode === 'rms' ? 1e-5 : 0, residual: true, residualSum };
        const cfg = resolveConfig(opts);
        const seed = `residual-bench-${d}-${lanes}`;
        const vectors = runtime ? runtimeTestVectors(cfg.format, d, lanes, n, seed) : testVectors(cfg.format, d, n, seed).slice(0, n).map((v) => v.words);
        const r = cosim({ cfg, vectors, seed: 5, stressCount: n });
        const row = {
          residualSum, mode, lanes, d: runtime ? null : d, dMax: runtime ? d : null, vectors: n, passed: r.passed, failed: r.failed,
          mismatches: r.mismatches.length, latencyWrong: r.latency.wrong.length, periodWrong: r.throughput.wrong, protocolErrors: r.protocolErrors.length,
          latency: r.latency.predicted, period: r.throughput.predicted, seconds: Number(r.seconds.total.toFixed(1)),
        };
        rows.push(row);
        console.log(JSON.stringify(row));
      }
    }
  }
}
const failed = rows.filter((r) => r.failed !== 0).length;
writeFileSync('bench/results/residual.json', `${JSON.stringify({ command: `npx tsx bench/residual.ts --vectors ${n}`, configurations: rows.length, failedConfigurations: failed, seconds: Math.round((Date.now() - t0) / 1000), rows }, null, 2)}\n`);
console.log(`${rows.length} configurations, ${failed} failed`);
