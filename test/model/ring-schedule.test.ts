// The cycle model of the ring of beats (generator/ring-schedule.ts) and the depths the plan gives
// it (plan.ts, ringDefaults): a vector alone takes exactly LATENCY(d); no stream needs more beats
// or vector entries than the default (the exhaustive search of ring-search.ts over every stream at
// a small D, and seeded random streams at D = 1024); the default depth is the fewest (longest
// vectors back to back need all of it); queued vectors wait at most the plan's queueing bound.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { elaborate } from '../../generator/plan.ts';
import { emptyRingState, ringStep, simulateRing } from '../../generator/ring-schedule.ts';
import { searchRing } from '../../generator/ring-search.ts';

const planOf = (opts: ConfigOptions) => elaborate(resolveConfig(opts));
const unbounded = (opts: ConfigOptions) => {
  const s = planOf(opts).ring!.schedule;
  return { ...s, beats: Infinity, entries: Infinity, pass2: s.pass2 ? { ...s.pass2, beats: Infinity } : null };
};

describe('a vector alone takes LATENCY(d)', () => {
  const cases: ConfigOptions[] = [
    { dMax: 100, lanes: 16, mode: 'l2' }, { dMax: 64, lanes: 3, mode: 'rms', format: 'fp16' },
    { dMax: 256, lanes: 4, mode: 'rms', pipeline: 'add=2,mul=1,convert=1', eps: 1e-5 },
    { d: 768, lanes: 16, mode: 'l2' }, { d: 17, lanes: 3, mode: 'rms', pipeline: 'add=2,mul=1,convert=1' },
    { dMax: 64, lanes: 4, mode: 'layer' }, { dMax: 24, lanes: 1, mode: 'layer', format: 'fp16' },
    { d: 40, lanes: 3, mode: 'layer', format: 'fp16', pipeline: 'add=2,mul=1,convert=1', eps: 1e-5 },
  ];
  for (const opts of cases) {
    it(JSON.stringify(opts), () => {
      const p = planOf(opts);
      const lengths = p.runtime ? Array.from({ length: p.cfg.d }, (_, i) => i + 1) : [p.cfg.d];
      for (const d of lengths) {
        const run = simulateRing(p.ring!.schedule, [Math.ceil(d / p.cfg.lanes)]);
        const want = p.runtime ? p.runtime.latencyAt(d).cycles : p.latency.cycles;
        expect(run.lastOut[0]! - run.first[0]!).toBe(want);
      }
    });
  }
  it('fixed d = 768, 16 lanes, bf16: latency 113, period 48, at most 80 beats', () => {
    const p = planOf({ d: 768, lanes: 16, format: 'bf16' });
    expect([p.latency.cycles, p.period.cycles]).toEqual([113, 48]);
    expect(p.bufferBeats).toBeLessThanOrEqual(80);
  });
});

describe('no stream needs more than the default depth and entries', () => {
  function check(opts: ConfigOptions, streams: Iterable<number[]>): { beats: number; entries: number; queued: number } {
    const p = planOf(opts);
    const ring = p.ring!;
    let beatsA = 0, beatsB = 0, entries = 0, queued = 0;
    for (const s of streams) {
      const run = simulateRing(unbounded(opts), s);
      beatsA = Math.max(beatsA, run.needBeats);
      beatsB = Math.max(beatsB, run.needBeatsB);
      entries = Math.max(entries, run.needEntries);
      queued = Math.max(queued, ...run.queued);
    }
    expect(queued).toBeLessThanOrEqual(ring.queueBound);
    if (ring.defaultSplit) {
      expect(beatsA).toBeLessThanOrEqual(ring.defaultSplit.input);
      expect(beatsB).toBeLessThanOrEqual(ring.defaultSplit.output);
    }
    expect(beatsA + beatsB).toBeLessThanOrEqual(ring.defaultBeats);
    expect(entries).toBeLessThanOrEqual(ring.defaultEntries);
    return { beats: beatsA + beatsB, entries, queued };
  }
  it('--d-max 14, 1 lane, l2 (Bmax >= T: the bound): the search over every stream needs exactly the default', () => {
    const opts: ConfigOptions = { dMax: 14, lanes: 1, mode: 'l2' };
    const p = planOf(opts);
    const r = searchRing(p.ring!.schedule, p.B);
    expect([r.needBeats, r.needEntries]).toEqual([p.ring!.defaultBeats, p.ring!.defaultEntries]);
    expect(r.maxQueued).toBe(p.ring!.queueBound);
  });
  it('--d-max 128, 16 lanes, rms, pipelined (Bmax < T: the search): random streams stay within it', () => {
    const opts: ConfigOptions = { dMax: 128, lanes: 16, mode: 'rms', pipeline: 'add=2,mul=1,convert=1' };
    const p = planOf(opts);
    expect(p.ring!.defaultBeats).toBeLessThan(p.B + p.ring!.schedule.readLag);
    const rng = seedrandom('ring-search');
    const seen = check(opts, Array.from({ length: 60 }, () => Array.from({ length: 30 }, () => 1 + Math.floor(rng() * p.B))));
    expect(seen.beats).toBe(p.ring!.defaultBeats);
  });
  it('--d-max 4, 1 lane, layer, one step (Bmax >= T: the bounds): the search over every stream needs exactly the default beats of each ring and waits at most the bound', () => {
    const opts: ConfigOptions = { dMax: 4, lanes: 1, mode: 'layer', steps: 1 };
    const p = planOf(opts);
    expect(p.B).toBeGreaterThanOrEqual(p.T);
    const r = searchRing(p.ring!.schedule, p.B);
    expect([r.needBeats, r.needBeatsB]).toEqual([p.ring!.defaultSplit!.input, p.ring!.defaultSplit!.output]);
    expect(r.needEntries).toBeLessThanOrEqual(p.ring!.defaultEntries);
    expect(r.maxQueued).toBe(p.ring!.queueBound);
  });
  for (const mode of ['l2', 'rms', 'layer'] as const) {
    it(`--d-max 1024, 16 lanes, ${mode}: 300 random streams of 40 vectors, and long-then-tiny ones`, () => {
      const opts: ConfigOptions = { dMax: 1024, lanes: 16, mode };
      const rng = seedrandom(`ring-${mode}`);
      const streams: number[][] = [[64, 64], [64, ...new Array(20).fill(1)], [64, 64, ...new Array(20).fill(1)]];
      for (let k = 0; k < 300; k++) streams.push(Array.from({ length: 40 }, () => 1 + Math.floor(rng() * (rng() < 0.5 ? 64 : 4))));
      const seen = check(opts, streams);
      expect(seen.beats).toBe(planOf(opts).ring!.defaultBeats);
      expect(seen.queued).toBe(planOf(opts).ring!.queueBound);
      // the memory targets: l2 and rms (Bmax + 32) beats, LayerNorm (2 Bmax + 64), of 16 x 16 bits
      expect(planOf(opts).vectorMemoryBits).toBeLessThanOrEqual((mode === 'layer' ? 2 * 64 + 64 : 64 + 32) * 16 * 16);
    });
  }
});

describe('below the default depth the stream waits', () => {
  it('--d-max 1024, 16 lanes, l2: one beat fewer delays two vectors of 64', () => {
    const p = planOf({ dMax: 1024, lanes: 16, mode: 'l2', bufferBeats: planOf({ dMax: 1024, lanes: 16, mode: 'l2' }).ring!.defaultBeats - 1 });
    const free = simulateRing({ ...p.ring!.schedule, beats: Infinity, entries: Infinity }, [64, 64]);
    const tight = simulateRing(p.ring!.schedule, [64, 64]);
    expect(tight.lastOut[1]).toBeGreaterThan(free.lastOut[1]!);
  });
  it('--d-max 1024, 16 lanes, layer: one beat fewer delays two vectors of 64 (the input\'s ring gives it up)', () => {
    const def = planOf({ dMax: 1024, lanes: 16, mode: 'layer' }).ring!;
    const p = planOf({ dMax: 1024, lanes: 16, mode: 'layer', bufferBeats: def.defaultBeats - 1 });
    expect([p.ring!.schedule.beats, p.ring!.schedule.pass2!.beats]).toEqual([def.defaultSplit!.input - 1, def.defaultSplit!.output]);
    const free = simulateRing(unbounded({ dMax: 1024, lanes: 16, mode: 'layer' }), [64, 64]);
    const tight = simulateRing(p.ring!.schedule, [64, 64]);
    expect(tight.lastOut[1]).toBeGreaterThan(free.lastOut[1]!);
  });
  it('fixed d: the period below the default comes from the model and is longer', () => {
    const p = planOf({ d: 256, lanes: 16, mode: 'l2', bufferBeats: 16 });
    expect(p.ring!.belowDefault).toBe(true);
    expect(p.period.cycles).toBeGreaterThan(16);
    expect(p.period.formula).toContain('cycle model');
  });
});

describe('LayerNorm below two vectors\' beats: one ring, one read port', () => {
  it('the second pass never reads on an output read\'s edge; the ring never holds more than its beats; random streams all leave', () => {
    const rng = seedrandom('shared-ring');
    for (const beats of [16, 20, 31]) {
      const p = planOf({ dMax: 64, lanes: 4, mode: 'layer', bufferBeats: beats });
      expect(p.ring.schedule.pass2).toMatchObject({ beats: 0, shared: true });
      const lengths = Array.from({ length: 300 }, () => 1 + Math.floor(rng() * 16));
      const s = emptyRingState();
      let j = 0, out = 0, both = 0, most = 0, contested = 0;
      for (let c = 0; out < lengths.length; c++) {
        if (c > 1e6) throw new Error('no progress');
        const waiting = s.pb > 0 || (s.p2.length > 0 && s.p2[0]!.readyIn <= 0);
        const e = ringStep(p.ring.schedule, s, j < lengths.length ? lengths[j]! : null);
        if (e.lastIn) j++;
        if (e.fire) most = Math.max(most, e.heldA);
        if (e.p2rd && e.rd) both++;
        if (e.rd && waiting && !e.p2rd) contested++;
        if (e.lastRead) out++;
      }
      expect([both, most]).toEqual([0, beats]);
      // the streams do ask for the port from both sides (the rule is exercised)
      expect(contested).toBeGreaterThan(0);
    }
  });
});
