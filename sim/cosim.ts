/**
 * Co-simulation: generate the RTL and a test bench, simulate with Icarus Verilog (default) or
 * Verilator (`simulator: 'verilator'`, the same bench built with --binary --timing), and compare
 * every output word with the golden model and every vector's latency with the prediction.
 * A vector passes when its outputs match bit for bit in both test-bench phases (streaming,
 * and stress with random gaps and back-pressure), its measured latency equals LATENCY, and no
 * protocol error names it. The streaming period is checked against PERIOD as well.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { topModuleName } from '../generator/config.ts';
import { type FloatFormat, formatHex } from '../generator/format/float-format.ts';
import { IterL2NormModel } from '../generator/model/iterl2norm.ts';
import { randomAffineParams } from '../generator/vectors/affine-params.ts';
import { configRecord, generate } from '../generator/rtl/generate.ts';
import { elaborate, latencyCycles, periodCycles } from '../generator/plan.ts';
import { simulateRing } from '../generator/ring-schedule.ts';
import { renderTemplate } from '../generator/rtl/render.ts';
import { closeWorkFolder, openWorkFolder, runBench, secondsSince } from './bench-run.ts';
import { type CosimOptions, type CosimReport, type Mismatch, PHASES, paramsSeed } from './cosim-types.ts';
import { cosimAxis } from './axis-cosim.ts';
import { residualTestVectors } from '../generator/vectors/residual-vectors.ts';
import { checkScales, expectQuantised } from './quant-check.ts';
import { defaultStaticScale, quantiserInput } from '../generator/model/quantized.ts';
import { scaleBits } from '../generator/rtl/quantize-stage.ts';

export { SIMULATORS, PHASES, paramsSeed } from './cosim-types.ts';
export type { CosimOptions, CosimReport, FramingFault, Mismatch, ParamsRecord, Simulator } from './cosim-types.ts';

const MAX_MISMATCHES = 20;

/** Words of bench memory above which the capacity is not rounded up further (4 Mi words). */
const BENCH_WORDS = 1 << 22;

/**
 * Vectors the bench can hold (its NCAP): n rounded up to a power of two, and at least 256 where
 * that fits in BENCH_WORDS, so that runs of one configuration with different vector counts share
 * one compiled bench (and one Verilator build).
 */
export function benchCapacity(n: number, d: number): number {
  const pow2 = (x: number) => 2 ** Math.ceil(Math.log2(Math.max(1, x)));
  const floor = Math.min(256, 2 ** Math.floor(Math.log2(Math.max(1, BENCH_WORDS / d))));
  return Math.max(pow2(n), floor);
}

/** Writes given sources into `dir` (a fresh folder of the run's work directory). */
function writeSources(design: NonNullable<CosimOptions['design']>, dir: string): { top: string; files: string[] } {
  mkdirSync(dir, { recursive: true });
  const files = design.sources.map((s) => {
    const f = join(dir, s.file);
    writeFileSync(f, s.text);
    return f;
  });
  return { top: design.top, files };
}

export function cosim(opts: CosimOptions): CosimReport {
  if (opts.cfg.interface === 'axis') return cosimAxis(opts);
  if (opts.framingFaults?.length) throw new RangeError('cosim: framing faults need the AXI4-Stream interface');
  const { cfg, vectors } = opts;
  const t0 = process.hrtime.bigint();
  const n = vectors.length;
  const plan = elaborate(cfg);
  const rt = plan.runtime;
  const lengths = vectors.map((v) => v.length);
  for (const [v, len] of lengths.entries()) {
    if (rt ? len < 1 || len > cfg.d : len !== cfg.d) throw new RangeError(`cosim: vector ${v} has ${len} elements; this design takes ${rt ? `1..${cfg.d}` : cfg.d}`);
  }
  const nStress = Math.min(opts.stressCount ?? n, n);
  const gapPct = opts.gapPercent ?? 30;
  const stallPct = opts.stallPercent ?? 30;
  const work = openWorkFolder(opts.workDir);
  try {
    const design = opts.design ? writeSources(opts.design, join(work, 'gate')) : generate(cfg, join(work, 'rtl'));
    if (opts.patchRtl) {
      for (const f of design.files) writeFileSync(f, opts.patchRtl(f, readFileSync(f, 'utf8')));
    }
    const tGen = secondsSince(t0);

    const t1 = process.hrtime.bigint();
    const model = new IterL2NormModel(cfg);
    const params = cfg.affine === 'none' ? {} : (opts.params ?? randomAffineParams(cfg, paramsSeed(opts.seed)));
    const residuals = cfg.residual === null ? undefined : opts.residuals ?? residualTestVectors(cfg.format, vectors, String(opts.seed ?? 1));
    if (cfg.residual === null && opts.residuals) throw new RangeError('cosim: residual vectors need a --residual configuration');
    const traces = vectors.map((x, k) => model.trace(x, params, residuals?.[k], cfg.outFormat ? quantiserInput(cfg) : cfg.format));
    const staticScale = cfg.outScale === 'static' ? (opts.staticScale ?? defaultStaticScale(cfg)) : undefined;
    const quant = cfg.outFormat ? expectQuantised(cfg, traces.map((t) => t.y), staticScale) : null;
    const expected = quant ? quant.codes : traces.map((t) => t.y);
    const outFmt = quant ? quant.fmt : cfg.format;
    const tGold = secondsSince(t1);

    const t2 = process.hrtime.bigint();
    const latency = latencyCycles(cfg);
    const period = periodCycles(cfg);
    const fmt = cfg.format;
    writeFileSync(join(work, 'in.hex'), vectors.map((v) => v.map((w) => formatHex(fmt, w)).join('\n')).join('\n') + '\n');
    if (residuals) writeFileSync(join(work, 'res.hex'), residuals.map((v) => v.map((w) => formatHex(fmt, w)).join('\n')).join('\n') + '\n');
    if (rt) writeFileSync(join(work, 'len.hex'), `${lengths.map((l) => l.toString(16)).join('\n')}\n`);
    if (cfg.affine !== 'none') {
      const words = [...(params.gamma ?? []), ...(cfg.affine === 'gamma-beta' ? params.beta ?? [] : [])];
      writeFileSync(join(work, 'prm.hex'), `${words.map((w) => formatHex(fmt, w)).join('\n')}\n`);
    }
    const tbName = 'tb';
    // The bench depends on the design's shape only; the vector counts, stall rates, reset point
    // and watchdog are plusargs, so a cached Verilator build serves every vector set.
    const tb = renderTemplate('tb/testbench.v.hbs', {
      top: design.top, tbName, P: cfg.lanes, W: fmt.width, d: cfg.d, B: plan.B,
      capacity: benchCapacity(n, cfg.d), inFile: 'in.hex', outFile: 'out.hex', logFile: 'log.txt', prmFile: 'prm.hex',
      affine: cfg.affine !== 'none', beta: cfg.affine === 'gamma-beta', nParam: cfg.affine === 'gamma-beta' ? 2 : 1,
      saw: plan.storeAddressBits,
      runtime: rt !== null, lw: rt?.lengthBits, lenFile: 'len.hex',
      residual: cfg.residual !== null, resInFile: 'res.hex', resOutFile: 'res_out.hex',
      dumpFile: opts.waves ? `waves.${opts.waves}` : undefined, dumpDepth: opts.wavesAll ? 0 : 1,
      OW: outFmt.width, scaleBytes: quant ? scaleBits(cfg) / 8 : 0, outName: cfg.outFormat?.name, scaleFile: 'scale.hex',
      staticScale: staticScale === undefined ? undefined : staticScale.toString(16).padStart(8, '0'),
    });
    writeFileSync(join(work, 'tb.v'), tb);
    const budget = n * (latency.cycles + 16) * 8 + 10_000;
    const run = {
      files: [...design.files, join(work, 'tb.v')], top: tbName, workDir: work,
      plusargs: [
        `+seed=${opts.seed ?? 1}`, `+n=${n}`, `+nstress=${nStress}`, `+gap=${gapPct}`, `+stall=${stallPct}`,
        `+reset_after=${opts.resetAfter ?? 0}`, `+budget=${budget}`,
      ],
      // out.hex grows by one word per output element, both phases
      progress: {
        label: `simulation of ${n} vectors`, file: 'out.hex',
        bytes: (lengths.reduce((a, b) => a + b, 0) + lengths.slice(0, nStress).reduce((a, b) => a + b, 0)) * (Math.ceil(outFmt.width / 4) + 1),
      },
      dumpFst: opts.waves === 'fst', trace: opts.waves, timeoutSeconds: opts.timeoutSeconds ?? 900,
    };
    const simulator = opts.simulator ?? 'icarus';
    const { buildSeconds: tBuild, cached: buildCached } = runBench(simulator, run);
    const tSim = secondsSince(t2);

    const outWords = readFileSync(join(work, 'out.hex'), 'utf8').split('\n').filter((l) => l.length > 0);
    const log = readFileSync(join(work, 'log.txt'), 'utf8').split('\n').filter((l) => l.length > 0);
    const protocolErrors = log.filter((l) => l.startsWith('E '));
    const failedVectors = new Set<number>();
    for (const e of protocolErrors) {
      const m = / vector (\d+)/.exec(e);
      if (m) failedVectors.add(Number(m[1]));
      else for (let v = 0; v < n; v++) failedVectors.add(v); // a watchdog fails everything not proven
    }

    // Output words: phase 0 (n vectors), then phase 1 (nStress), d words each.
    const mismatches: Mismatch[] = [];
    const counts = [n, nStress];
    const compare = (words: string[], want: number[][], wf: FloatFormat, port?: 'out_res') => {
      let pos = 0;
      PHASES.forEach((phase, p) => {
        for (let v = 0; v < counts[p]; v++) {
          for (let i = 0; i < lengths[v]; i++, pos++) {
            const w = formatHex(wf, want[v][i]);
            const got = words[pos];
            if (got === undefined || got.toLowerCase() !== w) {
              failedVectors.add(v);
              if (mismatches.length < MAX_MISMATCHES) mismatches.push({ vector: v, element: i, phase, expected: w, got: got ?? 'missing', ...(port ? { port } : {}) });
            }
          }
        }
      });
    };
    compare(outWords, expected, outFmt);
    const residualOutputs = residuals ? traces.map((t) => t.res) : undefined;
    if (residualOutputs) compare(readFileSync(join(work, 'res_out.hex'), 'utf8').split('\n').filter((l) => l.length > 0), residualOutputs, fmt, 'out_res');

    if (quant) {
      for (const v of checkScales(cfg, join(work, 'scale.hex'), quant, lengths, [{ name: PHASES[0], count: n }, { name: PHASES[1], count: nStress }], mismatches, MAX_MISMATCHES)) failedVectors.add(v);
    }

    const measured: number[] = new Array(n).fill(-1);
    const firstIn: number[] = [];
    const lastOut: number[] = new Array(n).fill(-1);
    for (const line of log) {
      const m = /^V (\d+) (\d+) (\d+) (\d+)$/.exec(line);
      if (!m) continue;
      const [phase, v, first, last] = m.slice(1).map(Number);
      if (phase === 0) {
        measured[v] = last - first;
        firstIn[v] = first;
        lastOut[v] = last;
      }
    }
    const wrong: Array<{ vector: number; measured: number }> = [];
    // The rings of beats: every vector's first input and last output edge from the cycle model of
    // its schedule (a vector that is not queued takes exactly LATENCY(d)).
    const ringRun = simulateRing(plan.ring.schedule, lengths.map((l) => Math.ceil(l / cfg.lanes)));
    const predictedLatency = (v: number) => ringRun.lastOut[v]! - ringRun.first[v]!;
    const predictedGap = (v: number) => ringRun.first[v]! - ringRun.first[v - 1]!;
    measured.forEach((cycles, v) => {
      if (cycles !== predictedLatency(v)) {
        failedVectors.add(v);
        wrong.push({ vector: v, measured: cycles });
      }
    });
    const periods = firstIn.slice(1).map((t, i) => t - firstIn[i]);
    let wrongPeriods = 0;
    periods.forEach((p, i) => {
      if (p !== predictedGap(i + 1)) {
        wrongPeriods++;
        failedVectors.add(i + 1); // this vector started late (or early) in the stream
      }
    });
    const valid = measured.filter((c) => c >= 0);
    const hex = (words: readonly number[] | undefined) => (words ?? []).map((w) => formatHex(fmt, w));
    return {
      top: topModuleName(cfg),
      simulator,
      config: configRecord(cfg),
      vectors: n,
      passed: n - failedVectors.size,
      failed: failedVectors.size,
      mismatches,
      protocolErrors: protocolErrors.slice(0, MAX_MISMATCHES),
      latency: {
        predicted: latency.cycles, formula: latency.formula,
        min: valid.length ? Math.min(...valid) : null, max: valid.length ? Math.max(...valid) : null,
        wrong: wrong.slice(0, MAX_MISMATCHES),
      },
      timeline: measured.map((_, v) => ({ first: firstIn[v] ?? -1, last: lastOut[v] })),
      throughput: {
        predicted: period.cycles, formula: period.formula,
        min: periods.length ? Math.min(...periods) : null, max: periods.length ? Math.max(...periods) : null, wrong: wrongPeriods,
      },
      seconds: { generate: tGen, golden: tGold, simulate: tSim, build: tBuild, total: secondsSince(t0) },
      buildCached,
      params: cfg.affine === 'none' ? null : {
        source: opts.params ? 'given' : 'seeded random',
        seed: opts.params ? null : paramsSeed(opts.seed),
        gamma: hex(params.gamma),
        ...(cfg.affine === 'gamma-beta' ? { beta: hex(params.beta) } : {}),
      },
      outputs: expected,
      ...(residualOutputs ? { residualOutputs } : {}),
      ...(quant ? { scales: quant.scales } : {}),
      waves: opts.waves ? readFileSync(join(work, `waves.${opts.waves}`)) : undefined,
    };
  } finally {
    closeWorkFolder(work, opts.workDir !== undefined);
  }
}
