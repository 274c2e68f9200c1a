/**
 * Benchmark (on demand, not a test): accuracy of the quantised outputs (--out-format,
 * docs/quantize.md) against float64. For each output format and mode, random vectors (uniform
 * and Gaussian at scattered scales, test-vectors.ts) through the golden model (the unit's y in the
 * I/O format, then its quantiser); beside it the float64 normalisation of the same inputs
 * (model/reference.ts, with the same gamma and beta) quantised under the unit's own scale:
 *   exact      fraction of elements whose code equals sat(RNE(y_exact / s)) (MX: y_exact * 2^-X)
 *   maxSteps   the largest distance between the two codes, in steps of the element format
 *   divided    per-vector scales: the same fraction for the unit's y divided by s (a double
 *              quotient of its internal-format y) instead of multiplied by r = RNE_fp32(1/s)
 *   scale      per-vector scales: the largest relative error of s against max|y_exact| / Qmax;
 *              MX: the fraction of blocks whose X equals the OCP rule on the float64 values
 * Writes bench/results/quant-accuracy.json.
 *
 *   npx tsx bench/quant-accuracy.ts [--d 768] [--vectors 100] [--format bf16]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { resolveConfig } from '../generator/config.ts';
import { FP32, decode } from '../generator/format/float-format.ts';
import { type ElementFormat, MX_BLOCK, OUT_FORMAT_NAMES, e8m0Value, quantizeElement } from '../generator/format/quant-format.ts';
import { IterL2NormModel } from '../generator/model/iterl2norm.ts';
import { modelOutputs, quantizeOutputs } from '../generator/model/quantized.ts';
import { layerNormReference, rmsNormReference } from '../generator/model/reference.ts';
import { mxScaleCode } from '../generator/operators/quantize.ts';
import { randomAffineParams } from '../generator/vectors/affine-params.ts';
import { randomVectors } from '../generator/vectors/test-vectors.ts';

const argv = yargs(hideBin(process.argv))
  .option('d', { type: 'number', default: 768 })
  .option('vectors', { type: 'number', default: 100 })
  .option('format', { type: 'string', default: 'bf16' })
  .strict().parseSync();

/** A code's position on the element format's number line (consecutive values differ by one). */
function ordinal(el: ElementFormat, code: number): number {
  if (el.kind === 'int') return code >= 128 ? code - 256 : code;
  const s = 2 ** (el.width - 1);
  return code >= s ? -(code - s) : code;
}

function exactValues(mode: string, xs: number[], gamma?: number[], beta?: number[]): number[] {
  if (mode === 'l2') {
    const norm = Math.sqrt(xs.reduce((s, v) => s + v * v, 0));
    return xs.map((v) => v / norm);
  }
  return mode === 'rms' ? rmsNormReference(xs, gamma) : layerNormReference(xs, gamma, beta);
}

const rows = [];
const t0 = Date.now();
for (const outFormat of OUT_FORMAT_NAMES) {
  for (const mode of ['l2', 'rms', 'layer'] as const) {
    const cfg = resolveConfig({ d: argv.d, format: argv.format, mode, lanes: 32, outFormat });
    const el = cfg.outFormat!.element;
    const mx = cfg.outFormat!.kind === 'mx';
    const model = new IterL2NormModel(cfg);
    const params = randomAffineParams(cfg, `quant-${mode}`);
    const gamma = params.gamma?.map((g) => decode(cfg.format, g));
    const beta = params.beta?.map((b) => decode(cfg.format, b));
    let elements = 0, equal = 0, equalDivided = 0, maxSteps = 0, blocks = 0, blocksRule = 0, scaleRelMax = 0;
    for (const v of randomVectors(cfg.format, argv.d, argv.vectors, `quant-accuracy-${mode}`)) {
      const y = modelOutputs(model, v.words, params);
      const q = quantizeOutputs(cfg, y);
      const ye = exactValues(mode, v.words.map((w) => decode(cfg.format, w)), gamma, beta);
      for (let i = 0; i < ye.length; i++) {
        const k = mx ? e8m0Value(q.scales[Math.floor(i / MX_BLOCK)]!) : decode(FP32, q.scales[0]!);
        const want = quantizeElement(el, ye[i]! / k);
        const steps = Math.abs(ordinal(el, want) - ordinal(el, q.codes[i]!));
        elements++;
        if (steps === 0) equal++;
        if (!mx && quantizeElement(el, decode(cfg.internal, y[i]!) / k) === want) equalDivided++;
        maxSteps = Math.max(maxSteps, steps);
      }
      if (mx) {
        for (let b = 0; b * MX_BLOCK < ye.length; b++) {
          const m = Math.max(...ye.slice(b * MX_BLOCK, (b + 1) * MX_BLOCK).map(Math.abs));
          blocks++;
          if (mxScaleCode(el, m) === q.scales[b]) blocksRule++;
        }
      } else {
        const sExact = Math.max(...ye.map(Math.abs)) / el.maxValue;
        scaleRelMax = Math.max(scaleRelMax, Math.abs(decode(FP32, q.scales[0]!) - sExact) / sExact);
      }
    }
    const row = {
      outFormat, mode, elements, exact: equal / elements, maxSteps,
      ...(mx ? { blocks, blocksOcpRule: blocksRule / blocks } : { exactIfDivided: equalDivided / elements, scaleRelErrorMax: scaleRelMax }),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/quant-accuracy.json', `${JSON.stringify({
  command: `npx tsx bench/quant-accuracy.ts --d ${argv.d} --vectors ${argv.vectors} --format ${argv.format}`,
  d: argv.d, vectors: argv.vectors, format: argv.format, scale: 'dynamic (fp8e4m3, fp8e5m2, int8); MX block scales',
  seconds: (Date.now() - t0) / 1000, rows,
}, null, 2)}\n`);
