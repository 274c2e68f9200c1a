/**
 * Speed of the golden models in elements per second (IterL2Norm for fp32, bf16 and a wide
 * internal format; FISR; the exact reference), and the wall-clock and CPU time of the full
 * nine-width accuracy study of docs/accuracy.md on two worker threads.
 * Writes bench/results/accuracy-speed.md.
 *
 *   npx tsx bench/accuracy-speed.ts [--seconds 1.5] [--skip-study]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ACCURACY_DEFAULTS } from '../cli/accuracy.ts';
import { makeVector } from '../generator/accuracy/distributions.ts';
import { OPT_WIDTHS, buildPlan } from '../generator/accuracy/plan.ts';
import { runStudy } from '../generator/accuracy/study.ts';
import { type ConfigOptions, resolveConfig } from '../generator/config.ts';
import { exactReference } from '../generator/model/exact-reference.ts';
import { FisrModel } from '../generator/model/fisr.ts';
import { IterL2NormModel } from '../generator/model/iterl2norm.ts';

const argv = yargs(hideBin(process.argv))
  .option('seconds', { type: 'number', default: 1.5, describe: 'measuring time per row' })
  .option('skip-study', { type: 'boolean', default: false })
  .strict()
  .parseSync();

const D = 4096;

/** Elements per second of f over vectors of length D, measured for about `seconds`. */
function rate(f: (x: number[]) => unknown, x: number[][]): number {
  for (let i = 0; i < 3; i++) f(x[i % x.length]!); // warm-up
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < argv.seconds * 1000) {
    f(x[n % x.length]!);
    n++;
  }
  return (n * D) / ((performance.now() - t0) / 1000);
}

const rows: Array<[string, string, number]> = [];
const configs: Array<[string, ConfigOptions]> = [
  ['IterL2Norm, fp32 I/O, default (e10m30 internal, newton x2, 6-bit table)', { format: 'fp32' }],
  ['IterL2Norm, bf16 I/O, default (e10m30 internal, newton x2, 6-bit table)', { format: 'bf16' }],
  ['IterL2Norm, fp32 I/O, fp32 internal', { format: 'fp32', internal: 'fp32' }],
  ['IterL2Norm, bf16 I/O, fp32 internal', { format: 'bf16', internal: 'fp32' }],
  ['IterL2Norm, fp32 I/O, wide e11m40 internal', { format: 'fp32', internal: 'e11m40' }],
];
for (const [name, opts] of configs) {
  const cfg = resolveConfig({ ...opts, d: D });
  const x = [0, 1, 2, 3].map((v) => makeVector('gaussian', cfg.format, 'speed', D, v));
  const model = new IterL2NormModel(cfg);
  rows.push([name, 'normalise', rate((v) => model.normalise(v), x)]);
  console.log(rows.at(-1));
}
for (const format of ['fp32', 'bf16']) {
  const cfg = resolveConfig({ format, d: D });
  const x = [0, 1, 2, 3].map((v) => makeVector('gaussian', cfg.format, 'speed', D, v));
  const fisr = new FisrModel(cfg, 2);
  rows.push([`FISR-2, ${format} I/O, e10m30 internal`, 'normalise', rate((v) => fisr.normalise(v), x)]);
  console.log(rows.at(-1));
  rows.push([`exact reference, ${format}`, 'correctly rounded x/||x||', rate((v) => exactReference(cfg.format, v), x)]);
  console.log(rows.at(-1));
}

const lines = [
  '# Speed of the golden models and of the accuracy study',
  '',
  `Command: \`npx tsx bench/accuracy-speed.ts\`. Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores available, Node ${process.version}.`,
  `Vectors of d = ${D} (Gaussian); one thread. An element is one output word (the model runs the sum of squares, the scalar loop and the output multiply).`,
  '',
  '| model | what | elements / s |',
  '|---|---|---:|',
  ...rows.map(([n, w, r]) => `| ${n} | ${w} | ${(r / 1e6).toFixed(2)} M |`),
  '',
];

if (!argv['skip-study']) {
  // the study of docs/accuracy.md: `npx iterl2norm accuracy --sweeps --out docs`
  const plan = buildPlan({
    formats: ACCURACY_DEFAULTS.formats, widths: OPT_WIDTHS, dists: ['gaussian', 'llm', 'student-t'], vectors: ACCURACY_DEFAULTS.vectors,
    seed: String(ACCURACY_DEFAULTS.seed), lanes: 16, loop: {}, fisrSteps: ACCURACY_DEFAULTS.fisrSteps, sweeps: true, sweepVectors: ACCURACY_DEFAULTS.sweepVectors,
  });
  const load0 = loadavg()[0]!;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const res = await runStudy(plan, { workers: 2 });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const load1 = loadavg()[0]!;
  const outputs = res.rows.reduce((acc, r) => acc + r.stats.elements, 0);
  console.log({ wall, cpuSeconds, load0, load1 });
  lines.push(
    '## The full nine-width study',
    '',
    'The plan of `npx iterl2norm accuracy --sweeps --out docs` (docs/accuracy.md): fp32 and bf16, the nine OPT widths, three distributions, ' +
      `${ACCURACY_DEFAULTS.vectors} vectors per (format, d, distribution) in the comparison and ${ACCURACY_DEFAULTS.sweepVectors} in the sweeps, on 2 worker threads.`,
    '',
    '| input elements | output elements (all methods) | wall clock | CPU time (all threads) | CPU time / 2 cores | load average (1 min) before, after |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${res.elements.toLocaleString('en-US')} | ${outputs.toLocaleString('en-US')} | ${wall.toFixed(1)} s | ${cpuSeconds.toFixed(1)} s | ${(cpuSeconds / 2).toFixed(1)} s | ${load0.toFixed(2)}, ${load1.toFixed(2)} |`,
    '',
    'The wall clock includes starting the two workers and waiting for the last task. On a machine shared with other jobs (a load average above 2 on 2 cores) the wall clock grows; the CPU time does not, and CPU time / 2 is the time on two free cores. The budget is 5 minutes on 2 cores.',
    '',
  );
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/accuracy-speed.md', `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
