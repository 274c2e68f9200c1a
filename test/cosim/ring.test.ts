// The ring of beats (line rate, l2 and rms): streams whose length changes on every vector, the
// five patterns of bench/streams.ts at a small D where vectors queue for the output (Bmax > T),
// back to back and again under random input gaps and output back-pressure. Every word bit-exact
// and every vector's first input and last output edge as the cycle model of the schedule
// predicts (generator/ring-schedule.ts); a depth below the default; reset with vectors queued;
// and the checks failing on a broken ring.
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { elaborate } from '../../generator/plan.ts';
import { simulateRing } from '../../generator/ring-schedule.ts';
import { STREAM_PATTERNS, type StreamPattern, streamLengths } from '../../generator/vectors/stream-patterns.ts';
import { expectClean, runStream } from './helpers.ts';

/** Vectors of the stream that the model says wait for the output. */
function queuedCount(opts: ConfigOptions, lengths: number[]): number {
  const p = elaborate(resolveConfig(opts));
  return simulateRing(p.ring!.schedule, lengths.map((l) => Math.ceil(l / p.cfg.lanes))).queued.filter((q) => q > 0).length;
}

describe('five stream patterns, --d-max 256 (vectors queue: Bmax 16 > T)', () => {
  const formats = ['bf16', 'fp32', 'fp16'];
  // each pattern once, the modes alternating (every pattern, both modes and all three formats appear)
  STREAM_PATTERNS.forEach((pattern: StreamPattern, i) => {
    for (const mode of [(['l2', 'rms'] as const)[i % 2]!]) {
      const opts: ConfigOptions = { dMax: 256, lanes: 16, format: formats[i % 3], mode };
      const lengths = streamLengths(pattern, 256, 20, `ring-${pattern}`);
      it(`${pattern}, ${mode} ${opts.format}, 16 lanes: bit-exact and on time`, () => {
        if (pattern !== 'down-up') expect(queuedCount(opts, lengths)).toBeGreaterThan(0);
        expectClean(runStream(opts, lengths), lengths.length);
      });
    }
  });
});

describe('3 and 4 lanes, pipelined operators (one lane: entry-memory.test.ts)', () => {
  it('rms fp16, 3 lanes, --d-max 64, long-tiny: bit-exact and on time', () => {
    const opts: ConfigOptions = { dMax: 64, lanes: 3, format: 'fp16', mode: 'rms' };
    const lengths = streamLengths('long-tiny', 64, 16);
    expect(queuedCount(opts, lengths)).toBeGreaterThan(0);
    expectClean(runStream(opts, lengths), lengths.length);
  });
  it('rms bf16, add=2 mul=1 convert=1, eps, gamma, 4 lanes, --d-max 256, long-then-short: bit-exact and on time', () => {
    const opts: ConfigOptions = { dMax: 256, lanes: 4, mode: 'rms', pipeline: 'add=2,mul=1,convert=1', eps: 1e-5 };
    const lengths = streamLengths('long-then-short', 256, 18);
    expect(queuedCount(opts, lengths)).toBeGreaterThan(0);
    expectClean(runStream(opts, lengths), lengths.length);
  });
});

describe('--buffer-beats below the default: the stream waits, nothing lost, duplicated or reordered', () => {
  const base: ConfigOptions = { dMax: 256, lanes: 16, mode: 'l2', format: 'bf16' };
  const def = elaborate(resolveConfig(base)).ring!.defaultBeats;
  for (const beats of [16, def - 1]) {
    it(`${beats} beats (default ${def}), long-tiny and random`, () => {
      const opts = { ...base, bufferBeats: beats };
      const lengths = [...streamLengths('long-tiny', 256, 10), ...streamLengths('random', 256, 10, 'below')];
      expectClean(runStream(opts, lengths), lengths.length);
    });
  }
  it('fixed d = 100, 3 lanes, rms fp32, one vector of beats (34): bit-exact, on time, period from the model', () => {
    const opts: ConfigOptions = { d: 100, lanes: 3, mode: 'rms', format: 'fp32', bufferBeats: 34 };
    const p = elaborate(resolveConfig(opts));
    expect(p.period.cycles).toBeGreaterThan(Math.max(p.B, p.T));
    expectClean(runStream(opts, new Array(8).fill(100)), 8);
  });
});

describe('reset in flight with vectors queued for the output', () => {
  const opts: ConfigOptions = { dMax: 256, lanes: 16, mode: 'rms' };
  const lengths = streamLengths('long-then-short', 256, 18);
  for (const after of [3, 90]) {
    it(`reset after ${after} cycles, then bit-exact and on time`, () => {
      expectClean(runStream(opts, lengths, { resetAfter: after, stressCount: 4 }), lengths.length);
    });
  }
});

describe('the checks can fail', () => {
  const opts: ConfigOptions = { dMax: 256, lanes: 16, mode: 'l2' };
  const lengths = streamLengths('long-tiny', 256, 12);
  it('admission without the T spacing (h never loaded): mismatches or wrong edges', () => {
    const r = runStream(opts, lengths, { patchRtl: (f, t) => (f.endsWith('_slots.v') ? t.replace('h <= T_M1;', 'h <= {HW{1\'b0}};') : t) });
    expect(r.throughput.wrong + r.latency.wrong.length + r.mismatches.length).toBeGreaterThan(0);
  });
  it('a ring that writes without room (depth 20): mismatches', () => {
    const r = runStream({ ...opts, bufferBeats: 20 }, lengths, { stressCount: 0, patchRtl: (f, t) => (f.endsWith('_slots.v') ? t.replace('assign in_ready = room && ', 'assign in_ready = ') : t) });
    expect(r.mismatches.length).toBeGreaterThan(0);
  });
  it('a place freed one read early (the count drops by two): mismatches', () => {
    const r = runStream({ ...opts, bufferBeats: 20 }, lengths, { stressCount: 0, patchRtl: (f, t) => (f.endsWith('_slots.v') ? t.replace("- { {RAW{1'b0}}, rd_fire };", "- { {(RAW-1){1'b0}}, rd_fire, 1'b0 };") : t) });
    expect(r.mismatches.length + r.protocolErrors.length).toBeGreaterThan(0);
  });
});
