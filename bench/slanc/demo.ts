/**
 * SLaNC demonstration: fp16 LayerNorm / RMSNorm with an fp16 sum of squares overflows on the
 * residual stream of a synthetic model; with the static power-of-two input scale 2^-k from
 * `iterl2norm slanc` it matches a float64 LayerNorm to within a few fp16 ulp.
 *
 *   npx tsx bench/slanc/demo.ts [--dir rtl-out/slanc-demo] [--seed 1] [--tokens 32] [--extra-shift 0]
 *
 * 1. writes the seeded synthetic OPT-like and Llama-like checkpoints and their residual-stream
 *    activations (make-synthetic-model.ts) into --dir;
 * 2. runs the SLaNC tool on each (the same code as `iterl2norm slanc --model DIR/opt/model.safetensors --out ...`);
 * 3. feeds the activations reaching every norm, rounded to fp16, to the bit-exact model of the
 *    macro in three configurations: fp16 I/O with an fp16 internal format and no scale, the
 *    same with --input-shift k, and fp16 I/O with an fp32 internal format (no scale);
 * 4. compares every output with the float64 LayerNorm (OPT) or RMSNorm (Llama) of the same fp16
 *    inputs, rounded once to fp16 (no gamma/beta: the affine step comes after the sum of
 *    squares and cannot overflow it; eps = 1e-5, scaled by 2^-2k inside the macro).
 * Writes bench/results/slanc-demo.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { type ConfigOptions, type MacroConfig, resolveConfig } from '../../generator/config.ts';
import { FP16, classify, decode, encode } from '../../generator/format/float-format.ts';
import { IterL2NormModel } from '../../generator/model/iterl2norm.ts';
import * as reference from '../../generator/model/reference.ts';
import { cmdSlanc } from '../../cli/slanc.ts';
import type { NormScale } from '../../generator/slanc/layout.ts';
import { SafetensorsFile } from '../../generator/slanc/safetensors.ts';
import { makeSyntheticModels } from './make-synthetic-model.ts';

const argv = yargs(hideBin(process.argv))
  .option('dir', { type: 'string', default: 'rtl-out/slanc-demo' })
  .option('seed', { type: 'string', default: '1' })
  .option('tokens', { type: 'number', default: 32 })
  .option('extra-shift', { type: 'number', default: 0, describe: 'extra shift bits passed to the SLaNC tool' })
  .option('results', { type: 'string', default: 'bench/results/slanc-demo.md' })
  .strict()
  .parseSync();

type RefFn = (xs: readonly number[], gamma?: readonly number[], beta?: readonly number[], eps?: number) => number[];
const EPS = 1e-5;

function fail(message: string): never {
  process.stderr.write(`slanc demo: ${message}\n`);
  process.exit(1);
}

/** The model interface this demo needs (--mode, --input-shift, eps, layerNormReference). */
function checkInterface(): { layer: RefFn; rms: RefFn } {
  const ref = reference as Record<string, unknown>;
  if (typeof ref.layerNormReference !== 'function' || typeof ref.rmsNormReference !== 'function') {
    fail('generator/model/reference.ts has no layerNormReference / rmsNormReference: the demo needs them');
  }
  let cfg: MacroConfig & Record<string, unknown>;
  try {
    cfg = resolveConfig({ d: 64, format: 'fp16', internal: 'fp16', mode: 'layer', inputShift: 3, eps: EPS, affine: 'none' } as ConfigOptions) as MacroConfig & Record<string, unknown>;
  } catch (e) {
    fail(`resolveConfig does not accept mode/inputShift/eps/affine yet (${(e as Error).message})`);
  }
  if (cfg.mode !== 'layer' || cfg.inputShift !== 3) fail('resolveConfig ignores mode/inputShift: the golden model does not implement them yet');
  return { layer: ref.layerNormReference as RefFn, rms: ref.rmsNormReference as RefFn };
}

interface Stats { vectors: number; nonFinite: number; worst: number; sum: number; count: number; exact: number; worstAbs: number }
const newStats = (): Stats => ({ vectors: 0, nonFinite: 0, worst: 0, sum: 0, count: 0, exact: 0, worstAbs: 0 });

function run(model: IterL2NormModel, xs: number[][], refs: number[][], st: Stats): void {
  for (let t = 0; t < xs.length; t++) {
    const y = model.normalise(xs[t]!);
    st.vectors++;
    if (y.some((w) => { const c = classify(FP16, w); return c === 'nan' || c === 'inf'; })) {
      st.nonFinite++;
      continue;
    }
    for (let i = 0; i < y.length; i++) {
      const e = reference.ulpDistance(FP16, y[i]!, refs[t]![i]!);
      st.worst = Math.max(st.worst, e);
      st.sum += e;
      st.count++;
      if (e === 0) st.exact++;
      // Error in ulps of max(|reference|, 1): relative for large outputs, absolute at the output RMS below it.
      const r = decode(FP16, refs[t]![i]!);
      st.worstAbs = Math.max(st.worstAbs, Math.abs(decode(FP16, y[i]!) - r) / 2 ** (Math.floor(Math.log2(Math.max(Math.abs(r), 1))) - 10));
    }
  }
}

const cell = (s: Stats) => (s.nonFinite === s.vectors
  ? `**${s.nonFinite}/${s.vectors} NaN**`
  : `${s.nonFinite ? `**${s.nonFinite}/${s.vectors} NaN**, ` : ''}${s.worst} / ${(s.sum / s.count).toFixed(2)} / ${s.worstAbs.toFixed(1)}`);

const refs = checkInterface();
const t0 = performance.now();
mkdirSync(argv.dir, { recursive: true });
const models = makeSyntheticModels(argv.dir, argv.seed, argv.tokens);
const lines: string[] = [
  '# SLaNC demonstration',
  '',
  `Command: \`npx tsx bench/slanc/demo.ts${argv['extra-shift'] ? ` --extra-shift ${argv['extra-shift']}` : ''}\` (seed ${argv.seed}, ${argv.tokens} tokens; ${new Date().toISOString().slice(0, 10)}).`,
  '',
  'Synthetic checkpoints from `bench/slanc/make-synthetic-model.ts` (weights N(0, 0.02^2), outlier gain channels, MLP output rows that',
  'grow a few residual channels with depth); the vectors are the residual-stream activations reaching each norm in a float64',
  'forward pass, rounded to fp16. Macro: fp16 I/O, 16 lanes, Newton x2, 6-bit seed table, eps 1e-5, no gamma/beta.',
  'Error of the macro (bit-exact model) against the float64 norm of the same fp16 inputs, rounded once to fp16. Each cell:',
  '"worst ulp / mean ulp / worst ulp-of-max(|ref|, 1)" over all elements of the vectors with finite outputs, preceded by the',
  'number of vectors whose outputs are all NaN because the fp16 sum of squares overflowed. The last figure counts errors in fp16',
  'ulps of max(|reference|, 1): relative above 1, absolute at the outputs\' RMS (1) below it. Large plain ulp counts with a small',
  'last figure are outputs near zero: in LayerNorm mode with an fp16 internal format the mean is rounded to fp16, and the',
  'centred values near zero inherit its rounding error (cancellation), with or without the scale.',
  '',
];
for (const m of models) {
  const mode = m.spec.kind === 'opt' ? 'layer' : 'rms';
  const refFn = mode === 'layer' ? refs.layer : refs.rms;
  const jsonPath = join(m.dir, 'scales.json');
  const log: string[] = [];
  const modelFile = join(m.dir, 'model.safetensors');
  console.log(`\n$ iterl2norm slanc --model ${modelFile} --internal fp16${argv['extra-shift'] ? ` --extra-shift ${argv['extra-shift']}` : ''} --out ${jsonPath}`);
  cmdSlanc({ model: modelFile, layout: 'auto', internal: 'fp16', 'extra-shift': String(argv['extra-shift']), tol: '1e-9', 'max-iterations': '1000', out: jsonPath }, { log: (s) => { log.push(s); console.log(s); } });
  const scales = (JSON.parse(readFileSync(jsonPath, 'utf8')) as { norms: NormScale[] }).norms;
  const act = SafetensorsFile.open(join(m.dir, 'activations.safetensors'));
  lines.push(`## ${m.spec.kind === 'opt' ? 'OPT-like' : 'Llama-like'} model: d = ${m.spec.d}, ${m.spec.layers} layers, ${mode === 'layer' ? 'LayerNorm' : 'RMSNorm'} (\`--mode ${mode}\`)`, '');
  lines.push('| norm | SLaNC s | k | actual max ‖x‖ | max ‖x‖ / s | max Σx² | fp16 internal, no scale | fp16 internal, 2^-k | fp32 internal, no scale |');
  lines.push('|---|---:|---:|---:|---:|---:|---|---|---|');
  const totals = { none: newStats(), slanc: newStats(), fp32: newStats() };
  for (const n of scales) {
    const t = act.read(`${n.norm}.input`);
    const [T, d] = t.shape as [number, number];
    const xs: number[][] = [];
    const refOut: number[][] = [];
    let maxNorm = 0;
    let maxSq = 0;
    for (let r = 0; r < T; r++) {
      const x = Array.from(t.data.subarray(r * d, (r + 1) * d), (v) => encode(FP16, v));
      const vals = x.map((w) => decode(FP16, w));
      if (!vals.every(Number.isFinite)) fail(`${n.norm}: activation row ${r} does not fit fp16`);
      const sq = vals.reduce((s, v) => s + v * v, 0);
      maxSq = Math.max(maxSq, sq);
      maxNorm = Math.max(maxNorm, Math.sqrt(sq));
      xs.push(x);
      refOut.push(refFn(vals, undefined, undefined, EPS).map((v) => encode(FP16, v)));
    }
    const k = n.k ?? 0;
    const base = { d, format: 'fp16', mode, affine: 'none', eps: EPS } as ConfigOptions;
    const st = { none: newStats(), slanc: newStats(), fp32: newStats() };
    run(new IterL2NormModel(resolveConfig({ ...base, internal: 'fp16', inputShift: 0 })), xs, refOut, st.none);
    run(new IterL2NormModel(resolveConfig({ ...base, internal: 'fp16', inputShift: k })), xs, refOut, st.slanc);
    run(new IterL2NormModel(resolveConfig({ ...base, internal: 'fp32', inputShift: 0 })), xs, refOut, st.fp32);
    for (const key of ['none', 'slanc', 'fp32'] as const) {
      const a = totals[key];
      const b = st[key];
      a.vectors += b.vectors; a.nonFinite += b.nonFinite; a.worst = Math.max(a.worst, b.worst); a.sum += b.sum; a.count += b.count; a.exact += b.exact; a.worstAbs = Math.max(a.worstAbs, b.worstAbs);
    }
    lines.push(`| \`${n.norm.replace(/\.weight$/, '')}\` (after ${n.after}) | ${n.s === null ? '-' : n.s.toPrecision(4)} | ${k} | ${maxNorm.toPrecision(4)} | ${n.s ? (maxNorm / n.s).toFixed(2) : '-'} | ${maxSq.toExponential(2)} | ${cell(st.none)} | ${cell(st.slanc)} | ${cell(st.fp32)} |`);
  }
  lines.push(`| **all ${totals.none.vectors} vectors** | | | | | | ${cell(totals.none)} | ${cell(totals.slanc)} | ${cell(totals.fp32)} |`, '');
  lines.push('SLaNC tool output:', '', '```', ...log.filter((l) => !l.includes('written to')), '```', '');
}
const seconds = (performance.now() - t0) / 1000;
lines.push(`Total time ${seconds.toFixed(1)} s (model generation, scales, ${argv.tokens} vectors x 5 norms x 3 configurations x 2 models through the bit-exact model).`, '');
mkdirSync('bench/results', { recursive: true });
writeFileSync(argv.results, `${lines.join('\n')}`);
console.log(`\n${lines.join('\n')}`);
console.log(`written ${argv.results}`);
