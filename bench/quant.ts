/**
 * Benchmark (on demand, not a test): the quantised-output acceptance matrix. Every output variant
 * (fp8e4m3, fp8e5m2, int8 with a static and a dynamic scale; the six MX formats) x every mode x a
 * fixed d and `--d-max`, the lanes (1, 3, 16, 32; MX 1, 16, 32) and the I/O format (bf16, fp16,
 * fp32) turning from one configuration to the next so that every value of each appears with every
 * variant. Each is co-simulated in Icarus: the vectors back to back, then again under random input
 * gaps and output back-pressure, every code and every scale against the model, every latency and
 * start against the formulas. Writes bench/results/quant.json.
 *
 *   npx tsx bench/quant.ts [--vectors 8]
 */
import { writeFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { type ConfigOptions, resolveConfig } from '../generator/config.ts';
import { runtimeTestVectors, testVectors } from '../generator/vectors/test-vectors.ts';
import { cosim } from '../sim/cosim.ts';

const argv = yargs(hideBin(process.argv)).option('vectors', { type: 'number', default: 8 }).strict().parseSync();
const n = argv.vectors;

const VARIANTS: Array<{ outFormat: string; outScale?: 'static' | 'dynamic' }> = [
  ...['fp8e4m3', 'fp8e5m2', 'int8'].flatMap((outFormat) => (['static', 'dynamic'] as const).map((outScale) => ({ outFormat, outScale }))),
  ...['mxfp8e4m3', 'mxfp8e5m2', 'mxfp6e3m2', 'mxfp6e2m3', 'mxfp4', 'mxint8'].map((outFormat) => ({ outFormat })),
];
const FORMATS = ['bf16', 'fp16', 'fp32'];

const rows: Array<Record<string, unknown>> = [];
const t0 = Date.now();
let k = 0;
for (const variant of VARIANTS) {
  const laneSet = variant.outFormat.startsWith('mx') ? [1, 16, 32] : [1, 3, 16, 32];
  for (const mode of ['l2', 'rms', 'layer'] as const) {
    for (const runtime of [false, true]) {
      const lanes = laneSet[k % laneSet.length]!;
      const format = FORMATS[k % FORMATS.length]!;
      k++;
      const d = lanes * 2 + 3;
      const opts: ConfigOptions = { ...(runtime ? { dMax: d } : { d }), lanes, format, mode, eps: mode === 'rms' ? 1e-5 : 0, ...variant };
      const cfg = resolveConfig(opts);
      const seed = `quant-bench-${d}-${lanes}`;
      const vectors = runtime ? runtimeTestVectors(cfg.format, d, lanes, n, seed) : testVectors(cfg.format, d, n, seed).slice(0, n).map((v) => v.words);
      const r = cosim({ cfg, vectors, seed: 5, stressCount: n });
      const row = {
        ...variant, mode, format, lanes, d: runtime ? null : d, dMax: runtime ? d : null, vectors: n, passed: r.passed, failed: r.failed,
        mismatches: r.mismatches.length, latencyWrong: r.latency.wrong.length, periodWrong: r.throughput.wrong, protocolErrors: r.protocolErrors.length,
        latency: r.latency.predicted, period: r.throughput.predicted, seconds: Number(r.seconds.total.toFixed(1)),
      };
      rows.push(row);
      console.log(JSON.stringify(row));
    }
  }
}
const failed = rows.filter((r) => r.failed !== 0 || r.latencyWrong !== 0 || r.periodWrong !== 0 || r.protocolErrors !== 0).length;
writeFileSync('bench/results/quant.json', `${JSON.stringify({ command: `npx tsx bench/quant.ts --vectors ${n}`, configurations: rows.length, failedConfigurations: failed, seconds: Math.round((Date.now() - t0) / 1000), rows }, null, 2)}\n`);
console.log(`${rows.length} configurations, ${failed} failed`);
