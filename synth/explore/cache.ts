/**
 * The cache of `explore`: one JSON file per synthesised candidate in the out folder, named by the
 * candidate's key, the library and the clock, written whole (generator/io/atomic-write.ts: staged
 * beside it and renamed, so an interrupt leaves the earlier file or none, never a part). A file is
 * used again only for the same library text (its hash), clock period and closure runs, and, when
 * power is asked, only if it has power from as many vectors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonText, writeOutputs } from '../../generator/io/atomic-write.ts';
import { checkOutputFile } from '../../generator/io/output-path.ts';
import type { Candidate } from './candidates.ts';
import type { SynthResult } from './evaluate.ts';

export interface CacheContext {
  dir: string;
  libName: string;
  libHash: string;
  periodNs: number;
  closureRuns: number;
  /** Power vectors when power is measured. */
  powerVectors?: number;
}

export interface CacheEntry {
  key: string;
  liberty: string;
  libertyHash: string;
  clockPeriodNs: number;
  closureRuns: number;
  result: SynthResult;
}

export const cacheFile = (ctx: CacheContext, c: Candidate): string => join(ctx.dir, `${c.key}@${ctx.libName}@${ctx.periodNs}ns.json`);

/** JSON writes Infinity as null: read it back as Infinity (an accuracy with NaN outputs). */
const infinite = (v: unknown): number => (v === null ? Infinity : Number(v));

/** The cached result of `c`, or undefined when there is none or it was made under other conditions. */
export function readCached(ctx: CacheContext, c: Candidate): SynthResult | undefined {
  const file = cacheFile(ctx, c);
  if (!existsSync(file)) return undefined;
  let e: CacheEntry;
  try {
    e = JSON.parse(readFileSync(file, 'utf8')) as CacheEntry;
  } catch {
    return undefined; // not ours or damaged: made again and replaced
  }
  if (e.key !== c.key || e.libertyHash !== ctx.libHash || e.clockPeriodNs !== ctx.periodNs || e.closureRuns !== ctx.closureRuns || typeof e.result !== 'object') return undefined;
  if (ctx.powerVectors !== undefined && e.result.power?.vectors !== ctx.powerVectors && e.result.unreachable === undefined) return undefined;
  return { ...e.result, worstUlp: infinite(e.result.worstUlp), meanUlp: infinite(e.result.meanUlp) };
}

/** Writes `c`'s result (whole or not at all). */
export function writeCached(ctx: CacheContext, c: Candidate, result: SynthResult): void {
  const entry: CacheEntry = { key: c.key, liberty: ctx.libName, libertyHash: ctx.libHash, clockPeriodNs: ctx.periodNs, closureRuns: ctx.closureRuns, result };
  writeOutputs([{ target: checkOutputFile('--out', cacheFile(ctx, c)), data: jsonText(entry) }]);
}
