/**
 * Accuracy of the bit-exact model against the exactly rounded x/||x|| (float64 reference),
 * for the core configurations: worst and mean error in ulp of the output format, and the
 * share of outputs that are exactly rounded. Gaussian vectors at random scales 2^-20..2^20.
 * Writes bench/results/accuracy-core.md.
 *
 *   npx tsx bench/accuracy-core.ts [--vectors 200]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { type ConfigOptions, resolveConfig, topModuleName } from '../generator/config.ts';
import { encode } from '../generator/format/float-format.ts';
import { IterL2NormModel } from '../generator/model/iterl2norm.ts';
import { referenceNormalise, ulpDistance } from '../generator/model/reference.ts';

const argv = yargs(hideBin(process.argv)).option('vectors', { type: 'number', default: 200 }).strict().parseSync();

const CONFIGS: Array<[string, ConfigOptions]> = [
  ['bf16, fp32 internal (the former default), newton x2, 6-bit table', { format: 'bf16', internal: 'fp32' }],
  ['fp32, fp32 internal (the former default), newton x2, 6-bit table', { format: 'fp32', internal: 'fp32' }],
  ['fp32, fp32 internal, newton x3', { format: 'fp32', internal: 'fp32', steps: 3 }],
  ['bf16, default (e10m30 internal, newton x2, 6-bit table)', { format: 'bf16' }],
  ['fp32, default (e10m30 internal, newton x2, 6-bit table)', { format: 'fp32' }],
  ['fp32, e10m30 internal, newton x3', { format: 'fp32', internal: 'e10m30', steps: 3 }],
  ['fp32, paper setting (fp32 internal, euler lambda 0.25, exp seed, 5 steps)', { format: 'fp32', internal: 'fp32', rule: 'euler', lambda: 0.25, init: 'exp', steps: 5 }],
  ['bf16, paper setting (fp32 internal, euler lambda 0.25, exp seed, 5 steps)', { format: 'bf16', internal: 'fp32', rule: 'euler', lambda: 0.25, init: 'exp', steps: 5 }],
];

const lines = [
  '# Accuracy of the core configurations',
  '',
  `Command: \`npx tsx bench/accuracy-core.ts --vectors ${argv.vectors}\` (seeded; ${new Date().toISOString().slice(0, 10)}).`,
  'Error: distance in ulp of the I/O format between the macro\'s output (bit-exact model) and x/||x|| computed in float64 and rounded once.',
  `Inputs: ${argv.vectors} Gaussian vectors per d, each at a random scale 2^k, k uniform in -20..20; d in {64, 100, 768, 1024, 4096}; lanes 16.`,
  '',
  '| configuration | worst ulp | mean ulp | exactly rounded |',
  '|---|---:|---:|---:|',
];
for (const [name, opts] of CONFIGS) {
  let worst = 0;
  let sum = 0;
  let exact = 0;
  let count = 0;
  for (const d of [64, 100, 768, 1024, 4096]) {
    const cfg = resolveConfig({ ...opts, d });
    const model = new IterL2NormModel(cfg);
    const rng = seedrandom(`accuracy-${topModuleName(cfg)}`);
    for (let v = 0; v < argv.vectors; v++) {
      const scale = 2 ** Math.floor(rng() * 41 - 20);
      const x = Array.from({ length: d }, () => encode(cfg.format, scale * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())));
      const y = model.normalise(x);
      const ref = referenceNormalise(cfg.format, x);
      for (let i = 0; i < d; i++) {
        const e = ulpDistance(cfg.format, y[i], ref[i]);
        worst = Math.max(worst, e);
        sum += e;
        if (e === 0) exact++;
        count++;
      }
    }
  }
  lines.push(`| ${name} | ${worst} | ${(sum / count).toFixed(4)} | ${((100 * exact) / count).toFixed(2)} % |`);
  console.log(lines.at(-1));
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/accuracy-core.md', `${lines.join('\n')}\n`);
