/**
 * The work of `synth` once its options are checked, shared by the command (cli/synth.ts) and the
 * library (api/synth.ts), so that both give the same report: the generic Yosys report and, with a
 * Liberty file, the mapping and OpenSTA timing (the registers chosen for the clock and closure
 * runs when the clock drives them), power from a gate-level simulation, and the object that
 * `synth --json` writes. A failed design check throws SynthCheckError, a gate-level run that
 * differs from the model PowerSimulationError: each caller says them its own way.
 */
import { type MacroConfig, topModuleName } from '../generator/config.ts';
import { HIERARCHY_KEPT, keptOperatorPatterns } from '../generator/rtl/operators.ts';
import { formatPipeline } from '../generator/rtl/pipeline.ts';
import { ports, renderDesign } from '../generator/rtl/generate.ts';
import { timedPipeline } from '../synth/characterise.ts';
import { type ClosureRun, closeTiming } from '../synth/closure.ts';
import { type WorkerRun, inWorker } from '../synth/in-worker.ts';
import type { MemoryModel } from '../synth/liberty/memory-area.ts';
import type { Liberty } from '../synth/liberty/parse.ts';
import { type LibertyReport, type TimedTexts, mapAndTime } from '../synth/synth-liberty.ts';
import { type SynthReport, synthesize } from '../synth/synth.ts';
import { type PowerReport, measurePower, powerVectors } from './power.ts';
import { type AreaTotals, type SynthJson, areaTotals, powerRows, reportJson, timingRows } from './synth-report.ts';

/** The flow of `synth --liberty` without --hier, --flat or --keep-operators (docs/synthesis.md, bench/hier.ts). */
// Hierarchical: on bf16 l2 d 64 with 4 lanes at 10 ns in sky130 it takes 39 % less CPU time than
// the flattened flow for 4.7 % more standard-cell area and a shorter critical path
// (bench/results/hier.json, docs/synthesis.md): within the few per cent that make the fast flow
// the default.
export const LIBERTY_FLOW_DEFAULT: 'hierarchical' | 'flat' = 'hierarchical';

/** Timing closure (closurePipeline): runs after a missed period, by default and at most. */
export const CLOSURE_RUNS_DEFAULT = 2;
export const CLOSURE_RUNS_MAX = 4;

/** One synthesis, every option checked. */
export interface SynthJob {
  cfg: MacroConfig;
  /** The configuration with other operator registers (the timing-driven choice, closure runs). */
  withPipeline: (pipeline: string) => MacroConfig;
  /** The standard-cell library and the memory's area per bit in it; none: the generic report only. */
  lib?: Liberty;
  memory?: MemoryModel;
  periodNs: number;
  /** Registers chosen for periodNs from the operators' delays in lib (synth/characterise.ts). */
  timingDriven: boolean;
  closureRuns: number;
  /** The generic report flattened first. */
  flat: boolean;
  /** The Liberty flow: the hierarchy kept, or the operators kept through ABC only. */
  hierarchical: boolean;
  keepOperators: boolean;
  /** Vectors of the gate-level simulation for power; none: no power. */
  powerVectors?: number;
  /** Keep the netlist texts (to write them). */
  netlist: boolean;
  /** Yosys in worker threads, side by side; false: one run at a time in this thread (for a Yosys log). */
  workers: boolean;
}

/** Where the run's lines go: `log` the report's own lines, `note` progress, `warn` warnings. */
export interface SynthIo {
  log: (s: string) => void;
  note: (s: string) => void;
  warn: (s: string) => void;
}

export interface SynthDone {
  /** What `synth --json` writes. */
  json: SynthJson;
  /** The generic report without its netlist and sources. */
  report: Omit<SynthReport, 'netlist' | 'sources'>;
  /** The table's rows after the generic ones (timing, area, closure, power). */
  rows: Array<[string, string]>;
  /** The configuration of the netlist kept (closure may add registers). */
  kept: MacroConfig;
  timed?: LibertyReport;
  area?: AreaTotals;
  /** The generic netlist (no Liberty file), or the timed netlist with its store model and constraints. */
  genericNetlist?: string;
  texts?: TimedTexts;
}

/** A run in this thread, shaped as a worker's (nothing to cancel). */
const here = <T>(result: Promise<T>): WorkerRun<T> => ({ result, cancel: () => { result.catch(() => {}); } });

export async function runSynth(job: SynthJob, io: SynthIo): Promise<SynthDone> {
  const { cfg, lib, periodNs } = job;
  let chosen: Awaited<ReturnType<typeof timedPipeline>> | undefined;
  if (lib && job.timingDriven) {
    chosen = await timedPipeline(cfg, lib, periodNs, io.note, io.warn);
    io.log(`operator registers for ${periodNs} ns in ${lib.name}: ${formatPipeline(chosen.pipeline)} (${chosen.uses.map((u) => `${u.kind} ${u.where}: ${u.delaysNs.map((d) => (Number.isFinite(d) ? d.toFixed(2) : '-')).join('/')} ns alone`).join('; ')})`);
  }
  let timed: LibertyReport | undefined;
  let texts: TimedTexts | undefined;
  let runs: ClosureRun[] | undefined;
  // the configuration of the netlist kept (timing closure may add registers)
  let kept = cfg;
  // In worker threads the generic report and the mapping run side by side (synth/in-worker.ts: an
  // interrupt is acted on at once; two cores, the longer run's wall time); in this thread one
  // after the other, so that a Yosys log is one run's at a time.
  const { workers } = job;
  // with a library OpenSTA times the stages: the generic report leaves out their depth in gates
  const genericOpts = { netlist: job.netlist && !lib, flat: job.flat, stageDepths: !lib };
  const generic = (c: MacroConfig): WorkerRun<Awaited<ReturnType<typeof synthesize>>> => (workers ? inWorker('synthesize', c, genericOpts) : here(synthesize(c, genericOpts)));
  const mapped = (c: MacroConfig, sources = renderDesign(c)) => {
    const inputs = ports(c).filter((p) => p.direction === 'input').map((p) => p.name);
    const top = topModuleName(c);
    const design = { sources, top, inputs };
    const opts = {
      texts: job.netlist || job.powerVectors !== undefined, split: c.lanes >= 8, keepModules: job.keepOperators ? keptOperatorPatterns(top) : undefined,
      hierarchical: job.hierarchical, hierModules: HIERARCHY_KEPT,
    };
    return (workers ? inWorker('mapAndTime', design, lib!, periodNs, opts) : here(mapAndTime(design, lib!, periodNs, opts))).result;
  };
  let done: { r: Awaited<ReturnType<typeof synthesize>>; t?: Awaited<ReturnType<typeof mapped>> };
  const pending: Array<WorkerRun<unknown>> = [];
  try {
    if (chosen && lib) {
      // the generic report of the first registers beside the mapping runs; closure runs are
      // mapped and timed only, and a closure that changes the registers makes it again
      const first = generic(job.withPipeline(formatPipeline(chosen.pipeline)));
      pending.push(first);
      if (!workers) await first.result;
      const closed = await closeTiming({
        first: chosen.pipeline, uses: chosen.uses, periodNs, closureRuns: job.closureRuns, libName: lib.name,
        synthesise: (pipeline) => mapped(job.withPipeline(formatPipeline(pipeline))),
        log: io.note, warn: io.warn,
      });
      kept = job.withPipeline(formatPipeline(closed.pipeline));
      const same = formatPipeline(closed.pipeline) === formatPipeline(chosen.pipeline);
      if (!same) first.cancel();
      done = { r: await (same ? first : generic(kept)).result, t: closed.kept };
      runs = closed.runs;
    } else {
      const r = generic(cfg);
      pending.push(r);
      if (!workers) await r.result;
      const t = lib ? mapped(cfg) : undefined;
      done = { r: await r.result, t: await t };
    }
  } finally {
    for (const p of pending) p.cancel();
  }
  const report = done.r;
  if (done.t) ({ texts, ...timed } = done.t);
  let power: PowerReport | undefined;
  if (job.powerVectors !== undefined && texts && timed) {
    io.note(`power: gate-level simulation of ${job.powerVectors} vectors, then OpenSTA report_power`);
    power = await measurePower({ cfg: kept, lib: lib!, texts, top: topModuleName(kept), periodNs, vectors: powerVectors(kept, job.powerVectors) });
  }
  const { netlist: genericNetlist, sources: _sources, ...rest } = report;
  const closureRows: Array<[string, string]> = runs && runs.length > 1
    ? [[`timing closure (${runs.length} runs)`, runs.map((x) => `${x.pipeline}: slack ${x.wnsNs} ns`).join('; ')]]
    : [];
  const area = timed && job.memory ? areaTotals(timed.areaUm2, rest.memoryBits, job.memory) : undefined;
  const rows = timed ? [...timingRows(timed, rest.latency.cycles, area), ...closureRows, ...(power ? powerRows(power) : [])] : [];
  const json: SynthJson = {
    ...reportJson(rest, timed, area), ...(power ? { power } : {}),
    ...(chosen ? { timingDriven: { ...chosen, pipeline: report.pipeline.registers, chosen: chosen.pipeline, runs: runs! } } : {}),
  };
  return { json, report: rest, rows, kept, timed, area, genericNetlist, texts };
}
