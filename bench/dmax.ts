/**
 * Benchmark (on demand, not a test): the runtime-length macro (`--d-max`) against fixed-d designs.
 *   timing    one `--d-max 1024` macro at 16 lanes, bf16, per mode (l2; rms with gamma; layer with
 *             gamma and beta): latency and period for d = 64, 128, ..., 1024, measured in one
 *             co-simulation whose stream visits every d (the length changes on every vector; every
 *             word, every latency and every start checked against the formulas for its d), beside
 *             the fixed-d design of each d (co-simulated too) and the paper's 116-227 cycles.
 *   synth     Yosys (generic gates, `iterl2norm synth`): cells, flip-flops, transistors and memory
 *             bits of the `--d-max 1024` macro against the fixed d = 1024 design, per mode.
 *   accuracy  the same metric as bench/accuracy-norms.ts (ulp of the output format against a
 *             float64 reference rounded once): the same rows through the `--d-max 1024` model and
 *             the fixed-d model, per mode and format, d in {64, 100, 768, 1000, 1024}.
 *   sweep     acceptance: every mode x fp32/bf16/fp16 x D in {64, 1024, 4096} x lanes {1, 16},
 *             a stream changing length on every vector (1, P-1, P, P+1, D-1, D first, then random),
 *             back to back and under random gaps and back-pressure, bit-exact and on time.
 * Writes bench/results/dmax.md and dmax.json after every part; parts not run keep their rows.
 *
 *   npx tsx bench/dmax.ts [--parts timing,synth,accuracy,sweep] [--vectors 40] [--init-bits B --only fp32/layer]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { gauss } from '../generator/accuracy/distributions.ts';
import { type ConfigOptions, resolveConfig } from '../generator/config.ts';
import { decode, encode } from '../generator/format/float-format.ts';
import { IterL2NormModel } from '../generator/model/iterl2norm.ts';
import { layerNormReference, referenceNormalise, rmsNormReference, ulpDistance } from '../generator/model/reference.ts';
import { elaborate } from '../generator/plan.ts';
import { randomAffineParams } from '../generator/vectors/affine-params.ts';
import { runtimeTestVectors, testVectors } from '../generator/vectors/test-vectors.ts';
import { cosim } from '../sim/cosim.ts';
import { synthesize } from '../synth/synth.ts';

const argv = yargs(hideBin(process.argv))
  .option('parts', { type: 'string', default: 'timing,synth,accuracy,sweep' })
  .option('vectors', { type: 'number', default: 40, describe: 'accuracy rows per (mode, format, d); sweep vectors per configuration' })
  .option('init-bits', { type: 'number', describe: 'accuracy: this seed table in both designs instead of the default (kept as a table of its own)' })
  .option('only', { type: 'string', describe: 'accuracy, sweep: FORMAT/MODE[,FORMAT/MODE] rows only, e.g. fp32/layer (the sweep keeps its other rows)' })
  .option('seeds', { type: 'number', default: 3, describe: 'accuracy: seeds (rows and parameters) per configuration' })
  .strict().parseSync();
const parts = new Set(argv.parts.split(',').filter(Boolean));
/** --only FORMAT/MODE[,...]: whether the accuracy and sweep rows of this format and mode run. */
const only = (format: string, mode: string) => !argv.only || argv.only.split(',').includes(`${format}/${mode}`);
const OUT = 'bench/results';
mkdirSync(OUT, { recursive: true });
const JSON_FILE = `${OUT}/dmax.json`;
const results: Record<string, any> = existsSync(JSON_FILE) ? JSON.parse(readFileSync(JSON_FILE, 'utf8')) : {};
const save = () => { writeFileSync(JSON_FILE, `${JSON.stringify(results, null, 1)}\n`); writeTables(); };

const MODES = ['l2', 'rms', 'layer'] as const;
const D_TIMING = [64, 128, 256, 384, 512, 640, 768, 896, 1024];
const now = () => new Date().toISOString().slice(0, 10);

if (parts.has('timing')) {
  const rows: any[] = [];
  for (const mode of MODES) {
    const cfg = resolveConfig({ dMax: 1024, lanes: 16, mode });
    const rt = elaborate(cfg).runtime!;
    // Up and down the lengths, so each is entered from a longer and from a shorter one.
    const lengths = [...D_TIMING, ...[...D_TIMING].reverse().slice(1), 64, 1024, 64];
    const full = testVectors(cfg.format, 1024, lengths.length, 'dmax-timing');
    const vectors = lengths.map((l, k) => full[k + 16]!.words.slice(0, l));   // random vectors (past the corners)
    const r = cosim({ cfg, vectors, seed: 3, stressCount: 8 });
    const ok = r.failed === 0 && r.latency.wrong.length === 0 && r.throughput.wrong === 0;
    if (!ok) throw new Error(`timing ${mode}: ${r.failed} failed, ${JSON.stringify(r.latency.wrong.slice(0, 3))}`);
    for (const d of D_TIMING) {
      const fixedCfg = resolveConfig({ d, lanes: 16, mode });
      const f = cosim({ cfg: fixedCfg, vectors: testVectors(fixedCfg.format, d, 6, 'dmax-fixed').slice(10, 16).map((v) => v.words), seed: 3, stressCount: 2 });
      if (f.failed !== 0) throw new Error(`fixed d ${d} ${mode}: ${f.failed} failed`);
      rows.push({
        mode, d, runtime: { latency: rt.latencyAt(d).cycles, period: rt.periodAt(d).cycles },
        fixed: { latency: f.latency.max, period: f.throughput.max, slots: elaborate(fixedCfg).slots },
      });
    }
    rows.push({ mode, stream: { vectors: lengths.length, lengths, gapMin: r.throughput.min, gapMax: r.throughput.max, latencyMin: r.latency.min, latencyMax: r.latency.max, slots: elaborate(cfg).slots, seconds: r.seconds.total } });
    process.stderr.write(`timing ${mode}: ${lengths.length} vectors, all on time\n`);
  }
  results.timing = { date: now(), rows };
  save();
}

if (parts.has('synth')) {
  const rows: any[] = [];
  for (const mode of MODES) {
    for (const opts of [{ dMax: 1024 }, { d: 1024 }] as ConfigOptions[]) {
      const cfg = resolveConfig({ ...opts, lanes: 16, mode });
      const t = Date.now();
      const r = await synthesize(cfg);
      rows.push({ mode, kind: opts.dMax ? 'd-max 1024' : 'd 1024', top: r.top, cells: r.cells.total, flipFlops: r.flipFlops, transistors: r.transistors, memoryBits: r.memoryBits, slots: elaborate(cfg).slots, longestPathGates: r.longestPath.gates, seconds: (Date.now() - t) / 1000 });
      process.stderr.write(`synth ${mode} ${JSON.stringify(opts)}: ${r.cells.total} cells\n`);
      results.synth = { date: now(), rows };
      save();
    }
  }
}

if (parts.has('accuracy')) {
  const SEEDS = 'abcdefghijklmnopqrstuvwxyz'.slice(0, argv.seeds).split('');
  const rows: any[] = [];
  // sigma 2^k (k an integer, as bench/accuracy-norms.ts) puts the mean square of a row at a power
  // of four, where the seed table's widest entry starts: the --d-max loop (on m/d) meets it in every
  // such row, a fixed d only for d = 4^j. sigma 2^u (u uniform) lands anywhere.
  for (const spread of ['2^k', '2^u'] as const) {
  for (const format of ['bf16', 'fp16', 'fp32']) {
    for (const mode of MODES) {
      const affine = mode === 'l2' ? 'none' : mode === 'rms' ? 'gamma' : 'gamma-beta';
      if (!only(format, mode)) continue;
      const table = argv.initBits === undefined ? {} : { initBits: argv.initBits };
      const rtCfg = resolveConfig({ dMax: 1024, format, mode, affine, ...table });
      const rtModel = new IterL2NormModel(rtCfg);
      const perSeed: any[] = [];
      for (const seed of SEEDS) {
        const stat = { fixed: { worst: 0, sum: 0 }, runtime: { worst: 0, sum: 0 }, n: 0, differ: 0, worse: [] as any[] };
        for (const d of [64, 100, 768, 1000, 1024]) {
          const cfg = resolveConfig({ d, format, mode, affine, ...table });
          const model = new IterL2NormModel(cfg);
          const p = randomAffineParams(rtCfg, `acc-${format}-${seed}`);
          const pFixed = { gamma: p.gamma?.slice(0, d), beta: p.beta?.slice(0, d) };
          const gamma = pFixed.gamma?.map((w) => decode(cfg.format, w));
          const beta = pFixed.beta?.map((w) => decode(cfg.format, w));
          const rng = seedrandom(`dmax-acc-${format}-${mode}-${d}-${seed}${spread === '2^k' ? '' : '-u'}`);
          for (let v = 0; v < argv.vectors; v++) {
            const u = rng() * 8 - 4;
            const sigma = 2 ** (spread === '2^k' ? Math.floor(u) : u);
            const offset = mode === 'layer' && v % 2 === 1 ? 4 : 0;
            const x = Array.from({ length: d }, () => encode(cfg.format, sigma * (offset + gauss(rng))));
            const xs = x.map((w) => decode(cfg.format, w));
            const ref = mode === 'l2' ? referenceNormalise(cfg.format, x).map((w) => decode(cfg.format, w))
              : (mode === 'layer' ? layerNormReference : rmsNormReference)(xs, gamma, beta);
            const yF = model.normalise(x, pFixed);
            const yR = rtModel.normalise(x, p);
            for (let i = 0; i < d; i++) {
              const want = encode(cfg.format, ref[i]!);
              const eF = ulpDistance(cfg.format, yF[i]!, want);
              const eR = ulpDistance(cfg.format, yR[i]!, want);
              stat.fixed.worst = Math.max(stat.fixed.worst, eF); stat.fixed.sum += eF;
              stat.runtime.worst = Math.max(stat.runtime.worst, eR); stat.runtime.sum += eR;
              if (yF[i] !== yR[i]) stat.differ++;
              stat.n++;
              // A word where --d-max is worse: how near its exact value lies to a rounding midpoint
              // (relative), which says how small a difference in the factor flips it.
              if (eR > eF) {
                const near = decode(cfg.format, want);
                const ulp = Math.abs(decode(cfg.format, want + 1) - near);
                stat.worse.push({ seed, d, row: v, i, fixed: eF, runtime: eR, midpoint: Math.abs(Math.abs(ref[i]! - near) - ulp / 2) / Math.abs(ref[i]!) });
              }
            }
          }
        }
        perSeed.push(stat);
      }
      const n = perSeed.reduce((a, s) => a + s.n, 0);
      rows.push({
        spread, format, mode, affine, elements: n, differ: perSeed.reduce((a, s) => a + s.differ, 0),
        fixed: { worstPerSeed: perSeed.map((s) => s.fixed.worst), mean: perSeed.reduce((a, s) => a + s.fixed.sum, 0) / n },
        runtime: { worstPerSeed: perSeed.map((s) => s.runtime.worst), mean: perSeed.reduce((a, s) => a + s.runtime.sum, 0) / n },
        worse: perSeed.flatMap((s) => s.worse).sort((a, b) => b.runtime - a.runtime).slice(0, 3),
      });
      process.stderr.write(`accuracy sigma ${spread} ${format} ${mode}: fixed ${perSeed.map((s) => s.fixed.worst)}, runtime ${perSeed.map((s) => s.runtime.worst)}\n`);
    }
  }
  }
  // The normalisation factor itself: b * 2^scale against sqrt(d / m) for the m the macro summed
  // (rms, no affine, fp32 I/O, default internal format), where the two designs differ.
  const factor: any[] = [];
  for (const d of argv.initBits === undefined ? [100, 768, 1000] : []) {
    const rt = new IterL2NormModel(resolveConfig({ dMax: 1024, format: 'fp32', mode: 'rms', affine: 'none' }));
    const fx = new IterL2NormModel(resolveConfig({ d, format: 'fp32', mode: 'rms', affine: 'none' }));
    const rng = seedrandom(`factor-${d}`);
    const f = fx.cfg.internal;
    const acc = { fixed: { sum: 0, worst: 0 }, runtime: { sum: 0, worst: 0 } };
    const N = 20 * argv.vectors;
    for (let v = 0; v < N; v++) {
      const x = Array.from({ length: d }, () => encode(fx.cfg.format, gauss(rng)));
      const tF = fx.trace(x);
      const tR = rt.trace(x);
      const exact = Math.sqrt(d / decode(f, tF.m));
      for (const [k, t] of [['fixed', tF], ['runtime', tR]] as const) {
        const e = Math.abs((decode(f, t.iterates.at(-1)!) * 2 ** t.outputScale) / exact - 1);
        acc[k].sum += e; acc[k].worst = Math.max(acc[k].worst, e);
      }
    }
    factor.push({ d, vectors: N, fixed: { mean: acc.fixed.sum / N, worst: acc.fixed.worst }, runtime: { mean: acc.runtime.sum / N, worst: acc.runtime.worst } });
  }
  // The default run is `accuracy`; a run with other options keeps a table of its own.
  const extra = [argv.initBits === undefined ? '' : `--init-bits ${argv.initBits}`, argv.only ? `--only ${argv.only}` : '', argv.seeds === 3 ? '' : `--seeds ${argv.seeds}`].filter(Boolean).join(' ');
  results[extra ? `accuracy ${extra}` : 'accuracy'] = { date: now(), vectors: argv.vectors, seeds: SEEDS.length, rows, factor, extra };
  save();
}

if (parts.has('sweep')) {
  // --only: those rows are run again, the others kept
  const rows: any[] = (results.sweep?.rows ?? []).filter((r: any) => !only(r.format, r.mode));
  for (const mode of MODES) {
    for (const format of ['fp32', 'bf16', 'fp16']) {
      if (!only(format, mode)) continue;
      for (const D of [64, 1024, 4096]) {
        for (const lanes of [1, 16]) {
          const cfg = resolveConfig({ dMax: D, lanes, format, mode });
          const n = D === 4096 && lanes === 1 ? Math.min(argv.vectors, 16) : argv.vectors;
          const vectors = runtimeTestVectors(cfg.format, D, lanes, n, `sweep-${D}`);
          const simulator = lanes === 16 && D <= 1024 ? 'icarus' : 'verilator';
          const r = cosim({ cfg, vectors, seed: 5, simulator, stressCount: n });
          rows.push({ mode, format, D, lanes, vectors: n, simulator, passed: r.passed, failed: r.failed, latencyWrong: r.latency.wrong.length, gapWrong: r.throughput.wrong, seconds: r.seconds.total });
          process.stderr.write(`sweep ${mode} ${format} D ${D} P ${lanes}: ${r.passed}/${n} passed (${simulator}, ${r.seconds.total.toFixed(1)} s)\n`);
          results.sweep = { date: now(), rows: rows.sort((a, b) => MODES.indexOf(a.mode) - MODES.indexOf(b.mode)) };
          save();
        }
      }
    }
  }
}
save();

function writeTables(): void {
  const L: string[] = ['# Runtime vector length (`--d-max`) against fixed-d designs (`bench/dmax.ts`)', ''];
  // Under a table: the words behind every seed whose worst case is larger with --d-max.
  const worseWords = (rows: any[]) => {
    const lines = rows.filter((r) => r.worse && r.runtime.worstPerSeed.some((w: number, k: number) => w > r.fixed.worstPerSeed[k]))
      .flatMap((r) => r.worse.map((w: any) => `- sigma ${r.spread}, ${r.format} ${r.mode}: seed ${w.seed}, d ${w.d}, row ${w.row}, element ${w.i}: ${w.runtime} ulp against ${w.fixed}; its exact value lies ${w.midpoint.toExponential(2)} (relative) from a rounding midpoint`));
    if (lines.length > 0) L.push('', 'Where a seed\'s worst case is larger with --d-max, the words (the largest three of the row):', '', ...lines);
  };
  const t = results.timing;
  if (t) {
    L.push(`## Latency and period (${t.date}; \`npx tsx bench/dmax.ts --parts timing\`)`, '',
      'One `--d-max 1024` macro, 16 lanes, bf16 (rms: gamma; layer: gamma and beta), co-simulated (Icarus) with one stream that visits',
      'every d below, up and down (the length changes on every vector), back to back and 8 vectors again under random stalls: every word',
      'bit-exact, every vector\'s latency and start equal to the formulas for its d. Fixed-d: the `--d D` design of each d, co-simulated',
      '(6 vectors). Latency: first input beat to last output beat, cycles. Period: cycles between vectors of one length streamed back to back.',
      'The paper\'s macro: 116 to 227 cycles for d = 64 to 1024 (one vector at a time).', '',
      '| mode | d | latency, --d-max 1024 | latency, --d d | period, --d-max 1024 | period, --d d |', '|---|---:|---:|---:|---:|---:|');
    for (const r of t.rows.filter((x: any) => x.d)) L.push(`| ${r.mode} | ${r.d} | ${r.runtime.latency} | ${r.fixed.latency} | ${r.runtime.period} | ${r.fixed.period} |`);
    L.push('', '| mode | stream vectors | start gaps measured (cycles) | latencies measured | slots | seconds |', '|---|---:|---|---|---:|---:|');
    for (const r of t.rows.filter((x: any) => x.stream)) L.push(`| ${r.mode} | ${r.stream.vectors} | ${r.stream.gapMin} .. ${r.stream.gapMax} | ${r.stream.latencyMin} .. ${r.stream.latencyMax} | ${r.stream.slots} | ${r.stream.seconds.toFixed(1)} |`);
    L.push('');
  }
  const s = results.synth;
  if (s) {
    L.push(`## Area (${s.date}; \`npx tsx bench/dmax.ts --parts synth\`)`, '',
      'Yosys generic gates (`iterl2norm synth`), 16 lanes, bf16. Logic = cells outside the vector store (kept as memories, counted in bits).', '',
      '| mode | design | cells | flip-flops | transistors (est.) | cells vs d 1024 | memory bits | slots |', '|---|---|---:|---:|---:|---:|---:|---:|');
    for (const r of s.rows) {
      const base = s.rows.find((x: any) => x.mode === r.mode && x.kind === 'd 1024');
      L.push(`| ${r.mode} | ${r.kind} | ${r.cells.toLocaleString('en-US')} | ${r.flipFlops.toLocaleString('en-US')} | ${r.transistors.toLocaleString('en-US')} | ${base ? (r.cells / base.cells).toFixed(3) : '-'} | ${r.memoryBits.toLocaleString('en-US')} | ${r.slots} |`);
    }
    L.push('');
  }
  const a = results.accuracy;
  if (a) {
    L.push(`## Accuracy (${a.date}; \`npx tsx bench/dmax.ts --parts accuracy --vectors ${a.vectors}\`)`, '',
      `Ulp of the output format between the bit-exact model and a float64 reference rounded once (as bench/accuracy-norms.ts); ${a.vectors} Gaussian rows`,
      `per d in {64, 100, 768, 1000, 1024} and per seed (${a.seeds} seeds, worst per seed listed), sigma 2^k (k an integer in -4..3) or`,
      'sigma 2^u (u uniform in [-4, 4)); layer: half of the rows with mean 4 sigma. Default configuration (internal format `auto`, Newton x2, seed table',
      '`auto`: 6 bits, 8 for fp32 LayerNorm\'s e10m40); the same rows and parameters through the fixed-d model and the `--d-max 1024` model.',
      '"differ": output words where the two models differ.', '',
      '| sigma | format | mode | affine | worst ulp, fixed d | worst ulp, --d-max | mean ulp, fixed d | mean ulp, --d-max | words that differ |', '|---|---|---|---|---:|---:|---:|---:|---:|');
    for (const r of a.rows) L.push(`| ${r.spread ?? '2^k'} | ${r.format} | ${r.mode} | ${r.affine} | ${r.fixed.worstPerSeed.join(', ')} | ${r.runtime.worstPerSeed.join(', ')} | ${r.fixed.mean.toFixed(4)} | ${r.runtime.mean.toFixed(4)} | ${r.differ} of ${r.elements} |`);
    worseWords(a.rows);
    L.push('', 'The normalisation factor itself (rms, fp32, no affine): relative error of b * 2^scale against sqrt(d / m), m the sum of squares',
      'the macro computed, Gaussian rows. The fixed design multiplies b by sqrt(d) rounded; --d-max runs the loop on m * RNE(1/d).', '',
      '| d | rows | mean, fixed d | mean, --d-max | worst, fixed d | worst, --d-max |', '|---:|---:|---:|---:|---:|---:|');
    for (const r of a.factor) L.push(`| ${r.d} | ${r.vectors} | ${r.fixed.mean.toExponential(2)} | ${r.runtime.mean.toExponential(2)} | ${r.fixed.worst.toExponential(2)} | ${r.runtime.worst.toExponential(2)} |`);
    L.push('');
  }
  for (const t of Object.entries(results).filter(([k]) => k.startsWith('accuracy ')).map(([, v]) => v as any)) {
    L.push(`## Accuracy, \`${t.extra}\` (${t.date}; \`npx tsx bench/dmax.ts --parts accuracy --vectors ${t.vectors} ${t.extra}\`)`, '',
      `The rows of the table above with \`${t.extra}\` (an \`--init-bits\` applies to both designs).`, '',
      '| sigma | format | mode | affine | worst ulp, fixed d | worst ulp, --d-max | mean ulp, fixed d | mean ulp, --d-max | words that differ |', '|---|---|---|---|---:|---:|---:|---:|---:|');
    for (const r of t.rows) L.push(`| ${r.spread} | ${r.format} | ${r.mode} | ${r.affine} | ${r.fixed.worstPerSeed.join(', ')} | ${r.runtime.worstPerSeed.join(', ')} | ${r.fixed.mean.toFixed(4)} | ${r.runtime.mean.toFixed(4)} | ${r.differ} of ${r.elements} |`);
    worseWords(t.rows);
    L.push('');
  }
  const w = results.sweep;
  if (w) {
    const total = w.rows.reduce((n: number, r: any) => n + r.vectors, 0);
    const failed = w.rows.reduce((n: number, r: any) => n + r.failed + r.latencyWrong + r.gapWrong, 0);
    L.push(`## Acceptance sweep (${w.date}; \`npx tsx bench/dmax.ts --parts sweep\`)`, '',
      `${w.rows.length} configurations, ${total} vectors (each back to back, then again under 30% input gaps and 30% output stalls); failures: ${failed}.`, '',
      '| mode | format | D | lanes | vectors | simulator | passed | latency wrong | start wrong | seconds |', '|---|---|---:|---:|---:|---|---:|---:|---:|---:|');
    for (const r of w.rows) L.push(`| ${r.mode} | ${r.format} | ${r.D} | ${r.lanes} | ${r.vectors} | ${r.simulator} | ${r.passed} | ${r.latencyWrong} | ${r.gapWrong} | ${r.seconds.toFixed(1)} |`);
    L.push('');
  }
  writeFileSync(`${OUT}/dmax.md`, `${L.join('\n')}`);
}
