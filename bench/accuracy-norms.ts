/**
 * RMSNorm and LayerNorm accuracy of the bit-exact model against float64 references, per I/O
 * format and internal format: worst and mean error in ulp of the output format, with and without
 * gamma/beta, for rows of mean 0 and rows with a common offset (mean 4 sigma). The rows `auto`
 * are the shipped defaults (internal format, seed table and steps all `auto`/default); the others
 * name an internal format and run Newton x3 from the 6-bit table. Writes
 * bench/results/accuracy-norms.md.
 *
 *   npx tsx bench/accuracy-norms.ts [--vectors 50]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { gauss } from '../generator/accuracy/distributions.ts';
import { type ConfigOptions, resolveConfig } from '../generator/config.ts';
import { decode, encode } from '../generator/format/float-format.ts';
import { IterL2NormModel } from '../generator/model/iterl2norm.ts';
import { layerNormReference, rmsNormReference, ulpDistance } from '../generator/model/reference.ts';
import { randomAffineParams } from '../generator/vectors/affine-params.ts';

const argv = yargs(hideBin(process.argv)).option('vectors', { type: 'number', default: 50 }).strict().parseSync();
const D = [64, 768, 1024];

const lines = [
  '# RMSNorm and LayerNorm accuracy',
  '',
  `Command: \`npx tsx bench/accuracy-norms.ts --vectors ${argv.vectors}\` (seeded; ${new Date().toISOString().slice(0, 10)}).`,
  'Error: ulp of the I/O format between the bit-exact model and a float64 RMSNorm/LayerNorm rounded once.',
  `Rows: ${argv.vectors} per d in {${D.join(', ')}}, Gaussian, sigma 2^k (k in -4..3), mean 0 or 4 sigma; gamma near 1 (2% of channels near 8), beta near 0.`,
  'internal `auto`: the defaults (internal format, seed table, Newton x2), named as resolved; the other rows Newton x3 from the 6-bit table (x2 gives the same figures for bf16 and fp16).',
  '',
  '| I/O | internal | mode | affine | worst ulp, mean 0 | worst ulp, mean 4 sigma | mean ulp |',
  '|---|---|---|---|---:|---:|---:|',
];
for (const format of ['bf16', 'fp16', 'fp32']) {
  const internals = format === 'fp32' ? ['auto', 'fp32', 'e10m30', 'e11m40'] : ['auto', 'fp32'];
  for (const internal of internals) {
    for (const mode of ['rms', 'layer'] as const) {
      for (const affine of ['none', mode === 'rms' ? 'gamma' : 'gamma-beta']) {
        const worst = [0, 0];
        let sum = 0;
        let n = 0;
        let label = internal;
        for (const [k, offset] of [0, 4].entries()) {
          for (const d of D) {
            const cfg = resolveConfig({ d, format, internal, mode, affine, ...(internal === 'auto' ? {} : { steps: 3, initBits: 6 }) } as ConfigOptions);
            if (internal === 'auto') label = `auto: ${cfg.internal.name}, x${cfg.steps}, ${cfg.initBits}-bit table`;
            const model = new IterL2NormModel(cfg);
            const p = randomAffineParams(cfg, `p${d}`);
            const gamma = p.gamma?.map((w) => decode(cfg.format, w));
            const beta = p.beta?.map((w) => decode(cfg.format, w));
            const rng = seedrandom(`norms-${format}-${internal}-${mode}-${affine}-${d}-${offset}`);
            for (let v = 0; v < argv.vectors; v++) {
              const sigma = 2 ** Math.floor(rng() * 8 - 4);
              const x = Array.from({ length: d }, () => encode(cfg.format, sigma * (offset + gauss(rng))));
              const xs = x.map((w) => decode(cfg.format, w));
              const ref = (mode === 'layer' ? layerNormReference : rmsNormReference)(xs, gamma, beta);
              model.normalise(x, p).forEach((y, i) => {
                const e = ulpDistance(cfg.format, y, encode(cfg.format, ref[i]));
                worst[k] = Math.max(worst[k], e);
                sum += e;
                n++;
              });
            }
          }
        }
        lines.push(`| ${format} | ${label} | ${mode} | ${affine} | ${worst[0]} | ${worst[1]} | ${(sum / n).toFixed(3)} |`);
        console.log(lines.at(-1));
      }
    }
  }
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/accuracy-norms.md', `${lines.join('\n')}\n`);
