/**
 * Timing closure for timing-driven pipelining (`synth --liberty LIB --clock-period NS`): the
 * registers chosen from the operators' delays alone (synth/characterise.ts) rest on an estimate of
 * their delay in the macro (CONTEXT_OVERHEAD), so OpenSTA may find the period missed. Then the
 * design is synthesised again with more registers (closurePipeline), up to a number of runs, and
 * the run kept is the first that meets the period, else the one with the least miss.
 */
import type { OperatorLatency } from '../generator/rtl/depth-model.ts';
import { type OperatorKind, formatPipeline } from '../generator/rtl/pipeline.ts';
import { type OperatorTiming, pipelineForPeriod, slowestFullyPipelined } from './characterise.ts';

/**
 * Timing closure: the registers for one more run after OpenSTA found the design `missNs` (> 0)
 * over the period with `current`. First the choice for the period tightened by the miss (the
 * in-context estimate was that much too optimistic somewhere; never below the floor, and never
 * fewer registers than now); if that adds none, one register for the kind whose estimated stage
 * is the longest among those with a register left. Undefined when every kind has all its
 * registers: nothing is left to try.
 */
export function closurePipeline(uses: OperatorTiming[], periodNs: number, missNs: number, current: OperatorLatency): OperatorLatency | undefined {
  const floor = slowestFullyPipelined(uses).delaysNs.at(-1)!;
  const tightened = pipelineForPeriod(uses, Math.max(floor, periodNs - missNs), '');
  const next = { ...current };
  for (const k of Object.keys(next) as OperatorKind[]) next[k] = Math.max(current[k], tightened[k]);
  if ((Object.keys(next) as OperatorKind[]).some((k) => next[k] > current[k])) return next;
  const spare = uses.filter((u) => current[u.kind] < u.delaysNs.length - 1);
  if (!spare.length) return undefined;
  const longest = spare.reduce((a, b) => (b.delaysNs[current[b.kind]]! > a.delaysNs[current[a.kind]]! ? b : a));
  return { ...current, [longest.kind]: current[longest.kind] + 1 };
}

/** One synthesis: its registers and what OpenSTA found. */
export interface ClosureRun { pipeline: string; wnsNs: number; criticalPathNs: number }

/** What a run must tell the loop. */
export interface TimedRun { wnsNs: number; criticalPathNs: number; criticalPath: { from: string; to: string } }

/**
 * Runs `synthesise` with `first`, then, while the period is missed and runs are left, with the
 * closure's registers. `log` gets one line per closure run, `warn` the end of the road (every
 * register in place). Returns the run kept, its registers and every run.
 */
export async function closeTiming<T extends TimedRun>(opts: {
  first: OperatorLatency; uses: OperatorTiming[]; periodNs: number; closureRuns: number; libName: string;
  synthesise: (pipeline: OperatorLatency) => Promise<T>; log: (s: string) => void; warn: (s: string) => void;
}): Promise<{ kept: T; pipeline: OperatorLatency; runs: ClosureRun[] }> {
  const runs: ClosureRun[] = [];
  let pipeline = opts.first;
  let best: { kept: T; pipeline: OperatorLatency } | undefined;
  for (;;) {
    const t = await opts.synthesise(pipeline);
    runs.push({ pipeline: formatPipeline(pipeline), wnsNs: t.wnsNs, criticalPathNs: t.criticalPathNs });
    if (!best || t.wnsNs > best.kept.wnsNs) best = { kept: t, pipeline };
    if (t.wnsNs >= 0 || runs.length > opts.closureRuns) break;
    const next = closurePipeline(opts.uses, opts.periodNs, -t.wnsNs, pipeline);
    const miss = `--clock-period ${opts.periodNs} missed by ${(-t.wnsNs).toFixed(3)} ns (${t.criticalPath.from} -> ${t.criticalPath.to}) with ${formatPipeline(pipeline)}`;
    if (!next) {
      opts.warn(`${miss}, every operator register in place: the period is out of reach in ${opts.libName}`);
      break;
    }
    opts.log(`OpenSTA: ${miss}; closure run ${runs.length} of ${opts.closureRuns}: ${formatPipeline(next)}`);
    pipeline = next;
  }
  return { ...best, runs };
}
