/**
 * The search of `explore` (docs/explore.md):
 *
 * 1. accuracy first: every candidate's worst and mean ulp from the golden model on the fixed
 *    vector set (generator/accuracy/config-accuracy.ts, without operator registers); those above
 *    the bound are dropped;
 * 2. pruning: a candidate is dropped when another one with the same lanes and registers and no
 *    more of any resource (internal mantissa bits, steps, table bits) is at least as accurate in
 *    worst ulp; it would cost more area for no accuracy on the frontier;
 * 3. order: the cheapest remaining candidate of each lanes (fewest resources), lanes ascending,
 *    then the next of each, and so on: the area x throughput frontier is sketched by the first
 *    syntheses;
 * 4. synthesis (evaluate.ts) in that order, each result cached (cache.ts), at most `budget` new
 *    syntheses a run (cached results do not count);
 * 5. the frontier over the synthesised candidates that meet the clock and, with their registers,
 *    the accuracy bound: total area (standard cells and memory) and worst ulp minimised,
 *    throughput maximised, power minimised when measured; the cheapest design is the one of least
 *    total area among them (at least `minThroughput` when given).
 */
import { type AccuracySet, accuracySet, configAccuracy } from '../../generator/accuracy/config-accuracy.ts';
import { type MemoryModel, memoryAreaUm2 } from '../liberty/memory-area.ts';
import { type Candidate, type Space, candidateConfig, enumerate, resources } from './candidates.ts';
import { type CacheContext, readCached, writeCached } from './cache.ts';
import type { Liberty } from '../liberty/parse.ts';
import type { EvaluateJob, Evaluated, PowerMeter, SynthResult } from './evaluate.ts';
import { evaluateInWorker } from './worker.ts';
import { type Objective, paretoFront } from './pareto.ts';

export type Status = 'above-max-ulp' | 'pruned' | 'over-budget' | 'unreachable' | 'synthesised' | 'cached';

export interface Entry {
  key: string;
  lanes: number;
  internal: string;
  steps: number;
  initBits: number;
  registers: string;
  status: Status;
  /** Accuracy without operator registers (the filter). */
  accuracy: { worstUlp: number; meanUlp: number };
  /** With status pruned: the candidate that made it so. */
  prunedBy?: string;
  pipeline?: string;
  top?: string;
  areaUm2?: number;
  memoryAreaUm2?: number;
  totalAreaUm2?: number;
  criticalPathNs?: number;
  wnsNs?: number;
  met?: boolean;
  /** Accuracy of the synthesised configuration (its registers included). */
  worstUlp?: number;
  meanUlp?: number;
  periodCycles?: number;
  latencyCycles?: number;
  /** d / (periodCycles x max(clock, critical path)): elements a ns in steady state. */
  throughputElementsPerNs?: number;
  powerMw?: number;
  pjPerVector?: number;
  /** Seconds the synthesis took (when it was made, for a cached one). */
  seconds?: number;
  unreachable?: string;
}

export interface SearchPlan {
  space: Space;
  set: AccuracySet;
  entries: Entry[];
  candidates: Candidate[];
  /** Indices into entries/candidates of the candidates to synthesise, in order. */
  order: number[];
}

/** Steps 1 to 3: accuracy, pruning, order. Fast (no synthesis). */
export function planSearch(space: Space, maxUlp: number, accuracyVectors: number, prune: boolean): SearchPlan {
  const candidates = enumerate(space);
  const set = accuracySet(candidateConfig(candidates[0]!), accuracyVectors);
  const entries: Entry[] = candidates.map((c) => {
    const a = configAccuracy(candidateConfig(c), set);
    return {
      key: c.key, lanes: c.lanes, internal: c.internal, steps: c.steps, initBits: c.initBits, registers: c.registers,
      status: a.worstUlp <= maxUlp ? 'over-budget' : 'above-max-ulp', accuracy: { worstUlp: a.worstUlp, meanUlp: a.meanUlp },
    };
  });
  const passing = candidates.map((_, i) => i).filter((i) => entries[i]!.status !== 'above-max-ulp');
  const res = candidates.map(resources);
  if (prune) {
    for (const b of passing) {
      const by = passing.find((a) => a !== b && candidates[a]!.lanes === candidates[b]!.lanes && candidates[a]!.registers === candidates[b]!.registers
        && res[a]!.every((r, k) => r <= res[b]![k]!) && res[a]!.some((r, k) => r < res[b]![k]!)
        && entries[a]!.accuracy.worstUlp <= entries[b]!.accuracy.worstUlp);
      if (by !== undefined) {
        entries[b]!.status = 'pruned';
        entries[b]!.prunedBy = candidates[by]!.key;
      }
    }
  }
  const kept = passing.filter((i) => entries[i]!.status !== 'pruned');
  const cost = (i: number) => res[i]!;
  const byLanes = new Map<number, number[]>();
  for (const i of kept) byLanes.set(candidates[i]!.lanes, [...(byLanes.get(candidates[i]!.lanes) ?? []), i]);
  const groups = [...byLanes.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g.sort((a, b) => {
    const x = cost(a);
    const y = cost(b);
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || a - b;
  }));
  const order: number[] = [];
  for (let round = 0; order.length < kept.length; round++) for (const g of groups) if (round < g.length) order.push(g[round]!);
  return { space, set, entries, candidates, order };
}

export interface RunOptions {
  lib: Liberty;
  periodNs: number;
  closureRuns: number;
  log: (s: string) => void;
  /** Measures power on a kept netlist (the caller's gate-level simulation); none: no power. */
  power?: PowerMeter;
  /** Synthesises one candidate; default: in a worker thread (worker.ts). */
  synthesise?: (job: EvaluateJob, log: (s: string) => void) => Promise<Evaluated>;
  maxUlp: number;
  budget: number;
  memory: MemoryModel;
  cache: CacheContext;
  minThroughput?: number;
  /** Called before each candidate is synthesised or read from the cache. */
  progress?: (e: Entry, i: number, of: number, cached: boolean) => void;
}

export interface SearchResult {
  candidates: Entry[];
  frontier: Entry[];
  cheapest: Entry | null;
  synthesised: number;
  cached: number;
}

/** Steps 4 and 5. */
export async function runSearch(p: SearchPlan, o: RunOptions): Promise<SearchResult> {
  let synthesised = 0;
  let cached = 0;
  for (const [n, i] of p.order.entries()) {
    const c = p.candidates[i]!;
    const e = p.entries[i]!;
    let r = readCached(o.cache, c);
    const fromCache = r !== undefined;
    if (!fromCache && synthesised >= o.budget) continue;
    o.progress?.(e, n + 1, p.order.length, fromCache);
    if (r) {
      cached++;
    } else {
      const done = await (o.synthesise ?? evaluateInWorker)({ candidate: c, libertyFile: o.lib.file, periodNs: o.periodNs, closureRuns: o.closureRuns, set: p.set, texts: o.power !== undefined }, o.log);
      r = done.result;
      if (o.power && done.texts && !r.unreachable) r.power = await o.power(candidateConfig(c, r.pipeline), done.texts, r.top);
      writeCached(o.cache, c, r);
      synthesised++;
    }
    Object.assign(e, figures(r, o.memory, o.periodNs, p.space.d));
    e.status = r.unreachable ? 'unreachable' : fromCache ? 'cached' : 'synthesised';
  }
  const eligible = p.entries.filter((e) => (e.status === 'synthesised' || e.status === 'cached') && e.met && e.worstUlp! <= o.maxUlp);
  const power = eligible.length > 0 && eligible.every((e) => e.powerMw !== undefined);
  const objectives: Objective<Entry>[] = [(e) => e.totalAreaUm2!, (e) => -e.throughputElementsPerNs!, (e) => e.worstUlp!, ...(power ? [(e: Entry) => e.powerMw!] : [])];
  const frontier = paretoFront(eligible, objectives);
  const affordable = frontier.filter((e) => o.minThroughput === undefined || e.throughputElementsPerNs! >= o.minThroughput);
  const cheapest = affordable.reduce<Entry | null>((a, b) => (a === null || b.totalAreaUm2! < a.totalAreaUm2!
    || (b.totalAreaUm2 === a.totalAreaUm2 && (b.throughputElementsPerNs! > a.throughputElementsPerNs! || b.worstUlp! < a.worstUlp!)) ? b : a), null);
  return { candidates: p.entries, frontier, cheapest, synthesised, cached };
}

/** An entry's figures from a synthesis result: area with memory, throughput at the clock, power. */
function figures(r: SynthResult, memory: MemoryModel, periodNs: number, d: number): Partial<Entry> {
  const mem = memoryAreaUm2(r.memoryBits, memory);
  const clockNs = Math.max(periodNs, r.criticalPathNs);
  return {
    pipeline: r.pipeline, top: r.top, areaUm2: r.areaUm2, memoryAreaUm2: mem, totalAreaUm2: Number((r.areaUm2 + mem).toFixed(2)),
    criticalPathNs: r.criticalPathNs, wnsNs: r.wnsNs, met: r.met, worstUlp: r.worstUlp, meanUlp: r.meanUlp,
    periodCycles: r.periodCycles, latencyCycles: r.latencyCycles,
    throughputElementsPerNs: Number((d / (r.periodCycles * clockNs)).toPrecision(6)),
    ...(r.power ? { powerMw: r.power.totalMw, pjPerVector: r.power.pjPerVector } : {}),
    seconds: r.seconds, ...(r.unreachable ? { unreachable: r.unreachable } : {}),
  };
}
