/**
 * The work of `explore` once its options are checked and its candidates planned (accuracy,
 * pruning, order: synth/explore/search.ts), shared by the command (cli/explore.ts) and the library
 * (api/explore.ts): the syntheses in order, each cached in the out folder (locked while the run
 * lasts, so that two runs never write one cache), power of each when asked, and the report that
 * `explore --json` writes. A gate-level run for power that differs from the model throws
 * PowerSimulationError.
 */
import { mkdirSync } from 'node:fs';
import { lockFolder } from '../generator/io/folder-lock.ts';
import type { PowerMeter } from '../synth/explore/evaluate.ts';
import { type ExploreHeader, type ExploreJson, exploreJson } from '../synth/explore/report.ts';
import { type SearchPlan, type SearchResult, runSearch } from '../synth/explore/search.ts';
import type { MemoryModel } from '../synth/liberty/memory-area.ts';
import type { Liberty } from '../synth/liberty/parse.ts';
import { measurePower, powerVectors } from './power.ts';

export const EXPLORE_LOCK = '.iterl2norm-explore.lock';

/** The cache folder, the vectors per distribution of the accuracy set, the largest bound in ulp. */
export const EXPLORE_DEFAULTS = { out: 'explore-out', accuracyVectors: 16, maxUlpLimit: 1e6 } as const;

/** One search, every option checked. */
export interface ExploreJob {
  plan: SearchPlan;
  maxUlp: number;
  /** At most this many new syntheses (cached candidates do not count). */
  budget: number;
  minThroughput?: number;
  lib: Liberty;
  memory: MemoryModel;
  periodNs: number;
  closureRuns: number;
  /** Vectors of the gate-level simulation for power; none: no power. */
  powerVectors?: number;
  /** The cache folder: made when missing; `outOption` names it in a message (the folder in use by another run). */
  outDir: string;
  outOption: string;
}

/** The report of `explore --json`. */
export type ExploreReport = ExploreJson<{ memoryModel: MemoryModel; accuracyVectors: number; seconds: number }>;

export interface ExploreDone { result: SearchResult; header: ExploreHeader; report: ExploreReport }

/**
 * Synthesises the planned candidates and returns the frontier. With no candidate to synthesise
 * (none within the bound) the out folder is not touched and the frontier is empty.
 */
export async function runExplore(job: ExploreJob, note: (s: string) => void): Promise<ExploreDone> {
  const { plan, lib, periodNs, outDir } = job;
  const t0 = Date.now();
  let unlock = () => {};
  if (plan.order.length) {
    mkdirSync(outDir, { recursive: true });
    unlock = lockFolder(outDir, EXPLORE_LOCK, job.outOption, 'explore');
  }
  const n = job.powerVectors;
  const power: PowerMeter | undefined = n === undefined ? undefined : async (cfg, texts, top) => {
    const p = await measurePower({ cfg, lib, texts, top, periodNs, vectors: powerVectors(cfg, n) });
    return { totalMw: p.totalMw, pjPerVector: p.pjPerVector, pjPerElement: p.pjPerElement, vectors: p.vectors, activitySource: p.activitySource };
  };
  let result: SearchResult;
  try {
    result = await runSearch(plan, {
      maxUlp: job.maxUlp, budget: job.budget, memory: job.memory, minThroughput: job.minThroughput, lib, periodNs, closureRuns: job.closureRuns, power, log: note,
      cache: { dir: outDir, libName: lib.name, libHash: lib.hash, periodNs, closureRuns: job.closureRuns, ...(n !== undefined ? { powerVectors: n } : {}) },
      progress: (e, i, of, cached) => note(`candidate ${i} of ${of}: ${e.key}${cached ? ' (cached)' : ''}`),
    });
  } finally {
    unlock();
  }
  const { space } = plan;
  const header: ExploreHeader = {
    mode: space.mode, format: space.format, d: space.d, runtimeLength: space.runtimeLength, maxUlp: job.maxUlp, liberty: lib.name, clockPeriodNs: periodNs,
    ...(job.minThroughput !== undefined ? { minThroughput: job.minThroughput } : {}),
  };
  const report = exploreJson(result, header, { memoryModel: job.memory, accuracyVectors: plan.set.vectors.length, seconds: Math.round((Date.now() - t0) / 1000) });
  return { result, header, report };
}
