/**
 * `iterl2norm accuracy`: the accuracy study from the command line (docs/accuracy.md).
 *
 *   iterl2norm accuracy [--d LIST] [--format LIST] [--dist LIST] [--vectors N] [--seed S]
 *                       [--in FILE] [config options] [--fisr-steps LIST] [--sweeps]
 *                       [--sweep-vectors N] [--out DIR] [--workers N] [--progress]
 *
 * Writes <out>/accuracy.md, <out>/accuracy/accuracy.json and SVG plots in <out>/accuracy/.
 * Every option is checked before anything runs; a bad one is a UsageError (one line, exit 2,
 * nothing written).
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { readTextFile } from '../generator/io/text-file.ts';
import { writeOutputs } from '../generator/io/atomic-write.ts';
import { checkInputsNotOutputs, checkOutputFile, checkOutputFolder } from '../generator/io/output-path.ts';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { type ConfigOptions, DEFAULTS, LIMITS, resolveConfig } from '../generator/config.ts';
import { UsageError } from '../generator/errors.ts';
import { parseFormat } from '../generator/format/float-format.ts';
import { internalRangeWarning } from '../generator/format/range.ts';
import { integerOption, integerOrText, realOrText } from './options.ts';
import { readVectorFile } from '../generator/vectors/vector-file.ts';
import { DISTRIBUTIONS, FILE_DISTRIBUTION } from '../generator/accuracy/distributions.ts';
import { meanUlp } from '../generator/accuracy/metrics.ts';
import type { LoopOptions } from '../generator/accuracy/methods.ts';
import { type AccuracyOptions, OPT_WIDTHS, buildPlan } from '../generator/accuracy/plan.ts';
import { ProgressBar } from './progress.ts';
import { counted } from './words.ts';
import { buildReport } from '../generator/accuracy/report.ts';
import { combined, defaultWorkers, runStudy } from '../generator/accuracy/study.ts';

export const ACCURACY_DESCRIPTION = 'accuracy study: the bit-exact model against the exact result and FISR over the OPT widths (docs/accuracy.md)';

export const ACCURACY_DEFAULTS = {
  formats: ['fp32', 'bf16'],
  vectors: 48,
  sweepVectors: 16,
  seed: 1,
  fisrSteps: [1, 2],
  out: 'accuracy-out',
};

/** The options of the accuracy command (yargs builder). No yargs defaults: absent = not given. */
export function accuracyOptions(y: Argv): Argv {
  return y
    .option('d', { type: 'string', describe: `vector lengths, comma-separated [default: the nine OPT widths ${OPT_WIDTHS.join(',')}]` })
    .option('format', { type: 'string', describe: `I/O formats, comma-separated [default: ${ACCURACY_DEFAULTS.formats.join(',')}]` })
    .option('dist', { type: 'string', describe: `input distributions: ${DISTRIBUTIONS.join(', ')} [default: all]` })
    .option('vectors', { type: 'string', describe: `vectors per (format, d, distribution) [default: ${ACCURACY_DEFAULTS.vectors}]` })
    .option('seed', { type: 'string', describe: `seed of the generated vectors [default: ${ACCURACY_DEFAULTS.seed}]` })
    .option('in', { type: 'string', describe: 'a vector file (contract format; - : standard input) to study instead of generated vectors; needs one --format' })
    .option('lanes', { type: 'string', describe: `lanes of the datapath (the order of the sum of squares) [default: ${DEFAULTS.lanes}]` })
    .option('internal', { type: 'string', describe: 'internal format of the configuration under test [default: auto, e.g. e10m30 for fp32 and bf16]' })
    .option('steps', { type: 'string', describe: `iteration steps [default: ${DEFAULTS.steps}]` })
    .option('rule', { type: 'string', describe: `update rule: newton or euler [default: ${DEFAULTS.rule}]` })
    .option('lambda', { type: 'string', describe: `Euler update rate in (0, 1) [default: ${DEFAULTS.lambda}]` })
    .option('init', { type: 'string', describe: `seed: exp or table [default: ${DEFAULTS.init}]` })
    .option('init-bits', { type: 'string', describe: `mantissa bits indexing the seed table [default: ${DEFAULTS.initBits}]` })
    .option('fisr-steps', { type: 'string', describe: `Newton steps of the FISR baselines, comma-separated [default: ${ACCURACY_DEFAULTS.fisrSteps.join(',')}]` })
    .option('sweeps', { type: 'boolean', describe: 'run the full study: the paper setting, the fp32 datapath, the 1-ulp candidates and the sweeps (steps, lambda, seed, internal format)' })
    .option('sweep-vectors', { type: 'string', describe: `vectors per (format, d, distribution) in the sweeps [default: ${ACCURACY_DEFAULTS.sweepVectors}]` })
    .option('out', { type: 'string', describe: `output directory: accuracy.md, accuracy/accuracy.json, accuracy/*.svg [default: ${ACCURACY_DEFAULTS.out}]` })
    .option('workers', { type: 'string', describe: 'worker threads (0: run in this thread) [default: min(2, cores)]' })
    .option('progress', { type: 'boolean', describe: 'show a progress bar on stderr [default: when stderr is a terminal]' });
}


function listOption(name: string, text: unknown): string[] {
  if (typeof text !== 'string' || text.trim() === '') throw new UsageError(`--${name} needs a comma-separated list (got ${JSON.stringify(text)})`);
  return text.split(',').map((s) => s.trim());
}

function intList(name: string, text: unknown, min: number, max: number): number[] {
  const items = listOption(name, text);
  const values = items.map((s) => {
    const v = integerOrText(s);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new UsageError(`--${name} takes integers from ${min} to ${max}, comma-separated (got ${JSON.stringify(s)} in ${JSON.stringify(text)})`);
    }
    return v;
  });
  return [...new Set(values)].sort((a, b) => a - b);
}

/** The number of words on the first data line of a vector file (0 if there is none or it cannot be read). */
function firstLineWords(path: string): number {
  let text: string;
  try {
    text = readTextFile(path, 'vector file'); // standard input is read once and kept
  } catch {
    return 0; // readVectorFile reports the problem
  }
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[ \t\r]+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    return line.split(' ').length;
  }
  return 0;
}

export interface ParsedAccuracy {
  options: AccuracyOptions;
  out: string;
  workers: number;
  progress: boolean;
  command: string;
  warnings: string[];
}

/** Validates every option (UsageError on the first bad one); runs nothing, writes nothing. */
export function parseAccuracyArgs(argv: Record<string, unknown>): ParsedAccuracy {
  const given = (k: string) => argv[k] !== undefined;
  if (given('in') && given('dist')) throw new UsageError('give either --in FILE or --dist, not both');
  if (given('in') && argv.sweeps) throw new UsageError('--sweeps runs on generated vectors: leave out --in');
  const formats = given('format') ? [...new Set(listOption('format', argv.format))] : ACCURACY_DEFAULTS.formats;
  for (const f of formats) {
    try {
      parseFormat(f);
    } catch (e) {
      if (e instanceof UsageError) throw new UsageError(`--format: ${e.message}`);
      throw e;
    }
  }
  const loop: LoopOptions = {};
  if (given('internal')) loop.internal = String(argv.internal);
  if (given('steps')) loop.steps = integerOrText(argv.steps) as number;
  if (given('rule')) loop.rule = String(argv.rule);
  if (given('lambda')) loop.lambda = realOrText('lambda', argv.lambda) as number;
  if (given('init')) loop.init = String(argv.init);
  if (given('init-bits')) loop.initBits = integerOrText(argv['init-bits']) as number;
  const lanes = given('lanes') ? resolveConfig({ lanes: integerOrText(argv.lanes) as number }).lanes : DEFAULTS.lanes;
  let widths = given('d') ? intList('d', argv.d, LIMITS.d.min, LIMITS.d.max) : OPT_WIDTHS;
  let dists: string[] = given('dist') ? [...new Set(listOption('dist', argv.dist))] : [...DISTRIBUTIONS];
  for (const d of dists) {
    if (!(DISTRIBUTIONS as readonly string[]).includes(d)) throw new UsageError(`--dist must be among ${DISTRIBUTIONS.join(', ')} (got ${JSON.stringify(d)})`);
  }
  const vectors = given('vectors') ? integerOption('vectors', argv.vectors, 1, 100000) : ACCURACY_DEFAULTS.vectors;
  const sweepVectors = given('sweep-vectors') ? integerOption('sweep-vectors', argv['sweep-vectors'], 1, 100000) : ACCURACY_DEFAULTS.sweepVectors;
  const seed = given('seed') ? integerOption('seed', argv.seed, 0, 2 ** 31 - 1) : ACCURACY_DEFAULTS.seed;
  const fisrSteps = given('fisr-steps') ? intList('fisr-steps', argv['fisr-steps'], 0, LIMITS.steps.max) : ACCURACY_DEFAULTS.fisrSteps;
  const workers = given('workers') ? integerOption('workers', argv.workers, 0, 64) : defaultWorkers();
  const out = given('out') ? String(argv.out) : ACCURACY_DEFAULTS.out;
  checkOutputFolder('--out', out); // before the study, not after it
  checkOutputFolder('--out', join(out, 'accuracy'));
  if (out === '') throw new UsageError('--out needs a directory name');
  if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out ${out}: is not a directory; give a directory (it is created if missing)`);
  const sub = join(out, 'accuracy');
  if (existsSync(sub) && !statSync(sub).isDirectory()) throw new UsageError(`--out ${out}: ${sub} is not a directory; remove it or give another --out`);

  let file: AccuracyOptions['file'];
  if (given('in')) {
    const path = String(argv.in);
    if (path === '') throw new UsageError('--in needs a file name');
    if (!given('format') || formats.length !== 1) throw new UsageError('--in needs exactly one --format, the format of the words in the file');
    // the report's files must not replace the file studied
    checkInputsNotOutputs([{ option: '--in', given: path }], [join(out, 'accuracy.md'), join(sub, 'accuracy.json')].map((f) => ({ option: '--out', given: f, path: resolve(f), kind: 'file' as const })));
    const words = firstLineWords(path);
    if (words === 0) readVectorFile(path, parseFormat(formats[0]!), 1); // missing, unreadable or empty: the file's own message
    const d = given('d') ? widths : [words];
    if (d.length !== 1) throw new UsageError(`--in FILE holds vectors of one length: give one --d (got ${widths.join(',')})`);
    if (d[0]! < LIMITS.d.min || d[0]! > LIMITS.d.max) {
      throw new UsageError(`${path}: vectors of ${d[0]} words; d must be from ${LIMITS.d.min} to ${LIMITS.d.max}`);
    }
    const vectorsOfFile = readVectorFile(path, parseFormat(formats[0]!), d[0]!);
    file = { path, format: formats[0]!, d: d[0]!, vectors: vectorsOfFile };
    widths = d;
    dists = [FILE_DISTRIBUTION];
  }

  // every configuration must resolve (the same messages as generate/golden/cosim)
  const warnings: string[] = [];
  for (const format of formats) {
    for (const d of widths) resolveConfig({ ...loop, format, d, lanes } as ConfigOptions);
    const cfg = resolveConfig({ ...loop, format, d: Math.max(...widths), lanes } as ConfigOptions);
    const w = internalRangeWarning(cfg.format, cfg.internal, cfg.d);
    if (w) warnings.push(w);
  }

  const progress = argv.progress === undefined ? Boolean(process.stderr.isTTY) : Boolean(argv.progress);
  const parts = ['npx iterl2norm accuracy'];
  const keep = ['d', 'format', 'dist', 'vectors', 'seed', 'in', 'lanes', 'internal', 'steps', 'rule', 'lambda', 'init', 'init-bits', 'fisr-steps', 'sweep-vectors'];
  for (const k of keep) if (given(k)) parts.push(`--${k} ${String(argv[k])}`);
  if (argv.sweeps) parts.push('--sweeps');
  parts.push(`--out ${out}`);
  return {
    options: { formats, widths, dists, vectors, seed: String(seed), lanes, loop, fisrSteps, sweeps: Boolean(argv.sweeps), sweepVectors, file },
    out,
    workers,
    progress,
    command: parts.join(' '),
    warnings,
  };
}

type Out = { log: (s: string) => void };

/** The command: parse, run the study, write the report. Returns the exit status. */
export async function cmdAccuracy(argv: Record<string, unknown>, out: Out): Promise<number> {
  const p = parseAccuracyArgs(argv);
  for (const w of p.warnings) process.stderr.write(`iterl2norm: warning: ${w}\n`);
  const plan = buildPlan(p.options);
  const bar = p.progress ? new ProgressBar(process.stderr, 'accuracy') : undefined;
  const t0 = Date.now();
  let res;
  try {
    res = await runStudy(plan, { workers: p.workers, onProgress: bar ? (d, t) => bar.update(d, t) : undefined });
  } finally {
    bar?.done();
  }
  const seconds = (Date.now() - t0) / 1000;
  const report = buildReport(res, { command: p.command, lanes: p.options.lanes });
  const dir = join(p.out, 'accuracy');
  mkdirSync(dir, { recursive: true });
  const file = (path: string, data: string) => ({ target: checkOutputFile('--out', path), data });
  writeOutputs([
    file(join(p.out, 'accuracy.md'), report.markdown),
    file(join(dir, 'accuracy.json'), report.json),
    ...[...report.svgs].map(([name, svg]) => file(join(dir, name), svg)),
  ]);
  const s = plan.sections[0]!;
  for (const f of s.formats) {
    const all = combined(res, 'compare', f, 'iterl2norm');
    const fis = s.methods[f]!.filter((m) => m.kind === 'fisr' && m.id.startsWith('fisr') && !m.id.includes('-')).map((m) => m.id);
    let ahead = 0;
    for (const d of s.widths) {
      const me = meanUlp(combined(res, 'compare', f, 'iterl2norm', { d }));
      if (fis.every((id) => me < meanUlp(combined(res, 'compare', f, id, { d })))) ahead++;
    }
    const label = s.methods[f]!.find((m) => m.id === 'iterl2norm')!.label;
    out.log(`${f}: ${label}: worst ${all.maxUlp} ulp, mean ${meanUlp(all) === 0 ? '0' : meanUlp(all).toPrecision(3)} ulp; ahead of ${fis.map((x) => x.replace('fisr', 'FISR-')).join(' and ')} at ${ahead} of ${counted(s.widths.length, 'width')} (mean ulp)`);
  }
  const perMethod = s.formats.map((f) => `${combined(res, 'compare', f, 'exact').elements} ${f}`).join(', ');
  out.log(`compared ${perMethod} output elements per method; ${res.elements} in all sections; ${seconds.toFixed(1)} s on ${p.workers === 0 ? 'this thread' : counted(Math.min(p.workers, 64), 'worker thread')}`);
  out.log(`wrote ${join(p.out, 'accuracy.md')}, ${join(dir, 'accuracy.json')} and ${counted(report.svgs.size, 'plot')} in ${dir}`);
  return 0;
}
