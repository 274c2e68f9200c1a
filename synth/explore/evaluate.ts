/**
 * One candidate of `explore` through the standard-cell flow: its registers (the timing-driven
 * choice for the clock with closure runs, as `synth --liberty --clock-period` makes it, or the
 * explicit ones), mapping and OpenSTA timing (synth-liberty.ts), the memory bits of its plan, its
 * accuracy again with the registers it got (the adder's registers change the order of the sum of
 * squares). The result is what the cache file of the candidate holds (cache.ts). It runs in a
 * worker thread (worker.ts), so that the main thread stays free to act on an interrupt while Yosys
 * (WebAssembly, synchronous) maps; power, which simulates, is measured by the caller.
 */
import type { MacroConfig } from '../../generator/config.ts';
import { topModuleName } from '../../generator/config.ts';
import { UsageError } from '../../generator/errors.ts';
import { type AccuracySet, configAccuracy } from '../../generator/accuracy/config-accuracy.ts';
import { elaborate } from '../../generator/plan.ts';
import { ports, renderDesign } from '../../generator/rtl/generate.ts';
import { formatPipeline } from '../../generator/rtl/pipeline.ts';
import { timedPipeline } from '../characterise.ts';
import { closeTiming } from '../closure.ts';
import { type Liberty, readLiberty } from '../liberty/parse.ts';
import { type LibertyReport, type TimedTexts, mapAndTime } from '../synth-liberty.ts';
import { type Candidate, candidateConfig } from './candidates.ts';

/** Power figures a caller measured on the kept netlist (tasks/power.ts: gate-level simulation and OpenSTA). */
export interface CandidatePower { totalMw: number; pjPerVector: number; pjPerElement: number; vectors: number; activitySource: string }

export type PowerMeter = (cfg: MacroConfig, texts: TimedTexts, top: string) => Promise<CandidatePower>;

/** What a worker thread gets for one candidate (plain data). */
export interface EvaluateJob {
  candidate: Candidate;
  libertyFile: string;
  periodNs: number;
  closureRuns: number;
  set: AccuracySet;
  /** Return the netlist texts too (for power). */
  texts: boolean;
}

/** The worker thread's entry: the library read again there, then evaluate. */
export function evaluateJob(job: EvaluateJob, log: (s: string) => void): Promise<Evaluated> {
  const lib = readLiberty(job.libertyFile);
  return evaluate(job.candidate, { lib, periodNs: job.periodNs, closureRuns: job.closureRuns, set: job.set, texts: job.texts, log });
}

export interface Evaluated { result: SynthResult; texts?: TimedTexts }

/** What synthesis gave one candidate (the cache file's `result`). */
export interface SynthResult {
  /** The registers the netlist has. */
  pipeline: string;
  top: string;
  areaUm2: number;
  cells: number;
  flipFlops: number;
  memoryBits: number;
  criticalPathNs: number;
  wnsNs: number;
  met: boolean;
  /** Cycles between vectors (steady state) and the latency, from the plan of the kept configuration. */
  periodCycles: number;
  latencyCycles: number;
  /** Accuracy of the kept configuration (its registers included). */
  worstUlp: number;
  meanUlp: number;
  /** Closure runs: registers and worst slack of each. */
  runs: Array<{ pipeline: string; wnsNs: number }>;
  power?: CandidatePower;
  seconds: number;
  /** Set when the clock is out of reach for this candidate's operators (no netlist made). */
  unreachable?: string;
}

export interface EvaluateOptions {
  lib: Liberty;
  periodNs: number;
  closureRuns: number;
  set: AccuracySet;
  texts: boolean;
  log: (s: string) => void;
}

/** Synthesises and times one candidate. */
export async function evaluate(c: Candidate, o: EvaluateOptions): Promise<Evaluated> {
  const t0 = Date.now();
  const base = candidateConfig(c);
  const mapped = (cfg: MacroConfig) => {
    const top = topModuleName(cfg);
    const inputs = ports(cfg).filter((p) => p.direction === 'input').map((p) => p.name);
    return mapAndTime({ sources: renderDesign(cfg), top, inputs }, o.lib, o.periodNs, { texts: o.texts, split: cfg.lanes >= 8 });
  };
  let kept: MacroConfig;
  let timed: LibertyReport & { texts?: TimedTexts };
  let runs: SynthResult['runs'];
  if (c.registers === 'timed') {
    let chosen: Awaited<ReturnType<typeof timedPipeline>>;
    try {
      chosen = await timedPipeline(base, o.lib, o.periodNs, o.log, o.log);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      return { result: unreachable(base, e.message, o.set, t0) };
    }
    const closed = await closeTiming({
      first: chosen.pipeline, uses: chosen.uses, periodNs: o.periodNs, closureRuns: o.closureRuns, libName: o.lib.name,
      synthesise: (pipeline) => mapped(candidateConfig(c, formatPipeline(pipeline))), log: o.log, warn: o.log,
    });
    kept = candidateConfig(c, formatPipeline(closed.pipeline));
    timed = closed.kept;
    runs = closed.runs.map((r) => ({ pipeline: r.pipeline, wnsNs: r.wnsNs }));
  } else {
    kept = base;
    timed = await mapped(kept);
    runs = [{ pipeline: formatPipeline(kept.pipeline), wnsNs: timed.wnsNs }];
  }
  const plan = elaborate(kept);
  const acc = configAccuracy(kept, o.set);
  const result: SynthResult = {
    pipeline: formatPipeline(kept.pipeline), top: topModuleName(kept),
    areaUm2: timed.areaUm2, cells: timed.cells, flipFlops: timed.flipFlops,
    memoryBits: plan.vectorMemoryBits + plan.paramMemoryBits,
    criticalPathNs: timed.criticalPathNs, wnsNs: timed.wnsNs, met: timed.wnsNs >= 0,
    periodCycles: plan.period.cycles, latencyCycles: plan.latency.cycles,
    worstUlp: acc.worstUlp, meanUlp: acc.meanUlp, runs,
    seconds: Number(((Date.now() - t0) / 1000).toFixed(1)),
  };
  return { result, ...(timed.texts ? { texts: timed.texts } : {}) };
}

/** The clock is below what this candidate's operators reach fully pipelined: no netlist, not met. */
function unreachable(cfg: MacroConfig, why: string, set: AccuracySet, t0: number): SynthResult {
  const plan = elaborate(cfg);
  const acc = configAccuracy(cfg, set);
  return {
    pipeline: formatPipeline(cfg.pipeline), top: topModuleName(cfg), areaUm2: 0, cells: 0, flipFlops: 0,
    memoryBits: plan.vectorMemoryBits + plan.paramMemoryBits, criticalPathNs: 0, wnsNs: 0, met: false,
    periodCycles: plan.period.cycles, latencyCycles: plan.latency.cycles, worstUlp: acc.worstUlp, meanUlp: acc.meanUlp, runs: [],
    seconds: Number(((Date.now() - t0) / 1000).toFixed(1)), unreachable: why,
  };
}
