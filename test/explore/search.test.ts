// explore without synthesis: the Pareto filter on hand-made points, the candidate space, the
// accuracy filter and pruning, and the frontier and cheapest design from hand-made cache files
// (every candidate cached, so the search reads them and synthesises nothing).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLiberty } from '../../synth/liberty/parse.ts';
import { type Space, enumerate } from '../../synth/explore/candidates.ts';
import { type CacheContext, readCached, writeCached } from '../../synth/explore/cache.ts';
import type { SynthResult } from '../../synth/explore/evaluate.ts';
import { dominates, paretoFront } from '../../synth/explore/pareto.ts';
import { planSearch, runSearch } from '../../synth/explore/search.ts';

type P = { name: string; area: number; speed: number; ulp: number };
const p = (name: string, area: number, speed: number, ulp: number): P => ({ name, area, speed, ulp });
const objectives = [(x: P) => x.area, (x: P) => -x.speed, (x: P) => x.ulp];
const names = (ps: P[]) => ps.map((x) => x.name);

describe('Pareto filter', () => {
  it('keeps the points no other point dominates, in input order', () => {
    const pts = [p('big-fast', 400, 4, 1), p('small-slow', 100, 1, 1), p('mid', 200, 2, 1), p('mid-worse', 250, 2, 1), p('small-exact', 120, 1, 0), p('slow-costly', 300, 1, 1)];
    expect(names(paretoFront(pts, objectives))).toEqual(['big-fast', 'small-slow', 'mid', 'small-exact']);
  });

  it('equal points do not dominate each other; better in one and worse in another stays', () => {
    const a = p('a', 100, 1, 1);
    const twin = p('twin', 100, 1, 1);
    expect(dominates(a, twin, objectives)).toBe(false);
    expect(names(paretoFront([a, twin], objectives))).toEqual(['a', 'twin']);
    expect(names(paretoFront([p('cheap', 100, 1, 2), p('exact', 150, 1, 0)], objectives))).toEqual(['cheap', 'exact']);
    expect(dominates(p('x', 100, 2, 1), p('y', 100, 1, 1), objectives)).toBe(true);
    expect(paretoFront([], objectives)).toEqual([]);
  });
});

const SPACE: Space = { mode: 'l2', format: 'e4m3', d: 4, runtimeLength: false, internal: ['e6m4', 'e6m2'], steps: [0, 1], initBits: [1, 2, 3], lanes: [1], registers: ['add=0,mul=0,convert=0'] };

describe('candidates, accuracy filter and pruning', () => {
  it('enumerated in a fixed order, table bits above the internal mantissa skipped', () => {
    const keys = enumerate(SPACE).map((c) => c.key);
    expect(keys).toEqual(enumerate(SPACE).map((c) => c.key));
    expect(keys).toHaveLength(2 * 3 + 2 * 2);
    expect(keys[0]).toBe('iterl2norm_e4m3_d4_p1_e6m4_nr0_t1_pladd0mul0convert0');
    expect(keys.some((k) => /e6m2_nr\d_t3/.test(k))).toBe(false);
  });

  it('above the bound dropped; a candidate with more resources and no better worst ulp pruned; the rest ordered cheapest first', () => {
    const plan = planSearch(SPACE, 1, 4, true);
    const by = new Map(plan.entries.map((e) => [e.key.replace('iterl2norm_e4m3_d4_p1_', '').replace('_pladd0mul0convert0', ''), e]));
    for (const e of plan.entries) expect(e.status === 'above-max-ulp').toBe(e.accuracy.worstUlp > 1);
    for (const e of plan.entries.filter((x) => x.status === 'pruned')) {
      const a = plan.entries.find((x) => x.key === e.prunedBy)!;
      expect(a.accuracy.worstUlp).toBeLessThanOrEqual(e.accuracy.worstUlp);
      expect(a.steps <= e.steps && a.initBits <= e.initBits && a.internal === e.internal).toBe(true);
    }
    expect(by.get('e6m2_nr0_t1')!.status).toBe('above-max-ulp');
    const order = plan.order.map((i) => plan.entries[i]!);
    expect(order.length).toBeGreaterThan(0);
    expect(order.every((e) => e.status === 'over-budget')).toBe(true);
    // without pruning every candidate within the bound is synthesised
    const all = planSearch(SPACE, 1, 4, false);
    expect(all.order.length).toBe(all.entries.filter((e) => e.status !== 'above-max-ulp').length);
    expect(all.order.length).toBeGreaterThan(order.length);
  });
});

describe('frontier and cheapest design from cached results', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iterl2norm-explore-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const lib = readLiberty(join(import.meta.dirname, '..', 'synth', 'fixtures', 'timed.lib'));
  const ctx: CacheContext = { dir, libName: lib.name, libHash: lib.hash, periodNs: 10, closureRuns: 2 };
  const space: Space = { ...SPACE, internal: ['e6m4'], steps: [1], initBits: [1], lanes: [1, 2, 4, 3] };
  const result = (areaUm2: number, periodCycles: number, met: boolean, worstUlp: number): SynthResult => ({
    pipeline: 'add=0,mul=0,convert=0', top: 't', areaUm2, cells: 1, flipFlops: 1, memoryBits: 10, criticalPathNs: met ? 9 : 12, wnsNs: met ? 1 : -2, met,
    periodCycles, latencyCycles: 20, worstUlp, meanUlp: 0.5, runs: [], seconds: 1,
  });
  const memory = { um2PerBit: 2, source: 'test' };
  const run = (minThroughput?: number, budget = 0) => {
    const plan = planSearch(space, 1, 2, true);
    return runSearch(plan, { maxUlp: 1, budget, memory, cache: ctx, minThroughput, lib, periodNs: 10, closureRuns: 2, log: () => {} });
  };

  it('frontier over met candidates within the bound; cheapest by total area; --min-throughput; the uncached one over budget', async () => {
    const cands = enumerate(space);
    writeCached(ctx, cands[0]!, result(100, 8, true, 1));   // p1: 4 / (8 x 10) = 0.05 elements/ns
    writeCached(ctx, cands[1]!, result(150, 4, true, 1));   // p2: 0.1
    writeCached(ctx, cands[2]!, result(400, 2, false, 1));  // p4: fastest, but misses the clock
    expect(readCached(ctx, cands[0]!)!.areaUm2).toBe(100);
    expect(readCached({ ...ctx, periodNs: 11 }, cands[0]!)).toBeUndefined();
    expect(readCached({ ...ctx, libHash: 'other' }, cands[0]!)).toBeUndefined();
    const r = await run();
    expect(r.synthesised).toBe(0);
    expect(r.cached).toBe(3);
    const key = (e: { lanes: number }) => e.lanes;
    expect(r.frontier.map(key)).toEqual([1, 2]);
    expect(r.cheapest!.lanes).toBe(1);
    expect(r.cheapest!.totalAreaUm2).toBe(100 + 10 * 2);
    expect(r.cheapest!.throughputElementsPerNs).toBe(0.05);
    expect(r.candidates.find((e) => e.lanes === 4)!.status).toBe('cached');
    expect(r.candidates.find((e) => e.lanes === 3)!.status).toBe('over-budget');
    expect((await run(0.08)).cheapest!.lanes).toBe(2);
    expect((await run(1)).cheapest).toBeNull();
    // a cached result above the bound (its registers changed the sum's order) is off the frontier
    writeCached(ctx, cands[0]!, result(100, 8, true, 2));
    expect((await run()).frontier.map(key)).toEqual([2]);
  });
});
