// The smallest buffer: a ring of one vector's beats (--buffer-beats B, named --engine compact).
// The next vector's input waits for the output's reads, so one vector at a time is accumulated,
// reduced and looped; LayerNorm then has one ring whose one read port serves the second pass and
// the output (the output first). Each stream runs back to back (every word bit-exact, every
// latency and first-beat gap as the cycle model, generator/ring-schedule.ts) and again under
// random input gaps and output stalls; reset lands in flight.
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { elaborate } from '../../generator/plan.ts';
import { randomVectors } from '../../generator/vectors/test-vectors.ts';
import { streamLengths } from '../../generator/vectors/stream-patterns.ts';
import { cosim } from '../../sim/cosim.ts';
import { expectClean, runCosim } from './helpers.ts';

const SMALL: Array<[string, ConfigOptions, number]> = [
  ['l2 bf16, d 10, 3 lanes', { d: 10, lanes: 3, format: 'bf16', engine: 'compact' }, 10],
  ['rms fp16 gamma, --d-max 12, one lane', { dMax: 12, lanes: 1, format: 'fp16', mode: 'rms', engine: 'compact' }, 10],
  ['layer bf16 gamma-beta, d 16, 4 lanes, every operator pipelined', { d: 16, lanes: 4, format: 'bf16', mode: 'layer', eps: 1e-5, pipeline: 'add=2,mul=1,convert=1', engine: 'compact' }, 8],
  ['layer fp16, --d-max 9, 3 lanes', { dMax: 9, lanes: 3, format: 'fp16', mode: 'layer', engine: 'compact' }, 10],
];

describe.each(SMALL)('the smallest buffer, %s', (_name, opts, n) => {
  it('a ring of one vector\'s beats; back to back and under stalls: bit-exact and on time', () => {
    const plan = elaborate(resolveConfig(opts));
    expect(plan.bufferBeats).toBe(plan.B);
    expect(plan.ring.schedule.pass2?.beats ?? 0).toBe(0);
    expectClean(runCosim(opts, n, { stressCount: n / 2 }), n);
  });
});

describe('LayerNorm with one ring', () => {
  const layer: ConfigOptions = { d: 16, lanes: 4, format: 'bf16', mode: 'layer', engine: 'compact' };

  it('reset in flight (mid-input, second pass, output): then bit-exact and on time', () => {
    const { B, latency } = elaborate(resolveConfig(layer));
    for (const after of [Math.floor(B / 2), 2 * B + 2, latency.cycles - 2]) expectClean(runCosim(layer, 6, { stressCount: 3, resetAfter: after }), 6);
  });

  it('between one and two vectors\' beats the two readers share the port; each check can fail', () => {
    // 15 beats (B = 8): a vector's second pass starts while the previous vector's output reads, so both want the port
    const mid = { ...layer, d: 32, engine: undefined, bufferBeats: 15 };
    const extra = { stressCount: 16, stallPercent: 60, gapPercent: 5 };
    const r = runCosim(mid, 16, extra);
    // below the default depth latencies differ from vector to vector: each as the cycle model says
    expect([r.mismatches, r.protocolErrors, r.latency.wrong, r.throughput.wrong, r.passed]).toEqual([[], [], [], 0, 16]);
    // a second pass that takes the port on the output's edges reads the wrong beats
    const both = runCosim(mid, 16, { ...extra, patchRtl: (f, t) => (f.endsWith('_slots.v') ? t.replace('p2_room = !rd_fire && !rd_hold', 'p2_room = !rd_hold') : t) });
    expect(both.mismatches.length).toBeGreaterThan(0);
    // one that reads while the output holds its beat in a stall changes the held beat
    const held = runCosim(mid, 16, { ...extra, patchRtl: (f, t) => (f.endsWith('_slots.v') ? t.replace('p2_room = !rd_fire && !rd_hold', 'p2_room = !rd_fire') : t) });
    expect(held.mismatches.length).toBeGreaterThan(0);
  });
});

describe('--d-max: short vectors share the one vector\'s beats', () => {
  // A short vector leaves room, so the next one's beats may come while the trees still run on the
  // lane adders: its first beat (its second pass) waits T - TL edges after the previous last beat
  // (pass end), RingSchedule.treeFree. Long vectors then one-beat ones, then random lengths.
  const opts: ConfigOptions = { dMax: 24, lanes: 3, format: 'bf16', mode: 'layer', eps: 1e-5, engine: 'compact' };
  const lengths = [...streamLengths('long-tiny', 24, 8), ...streamLengths('random', 24, 8, 'small-dmax')];
  const run = (patch?: (f: string, t: string) => string) => {
    const cfg = resolveConfig(opts);
    const vectors = lengths.map((d, k) => randomVectors(cfg.format, d, 1, `small-${k}`)[0]!.words);
    return cosim({ cfg, vectors, seed: 11, stressCount: 0, ...(patch ? { patchRtl: patch } : {}) });
  };
  it('bit-exact and on time; without the wait for the trees: mismatches', () => {
    expectClean(run(), lengths.length);
    const early = run((f, t) => (f.endsWith('_slots.v') ? t.replace(/ && \(h < \d+'d\d+\)/, '').replace(/ && \(h2 < \d+'d\d+\)/, '') : t));
    expect(early.mismatches.length).toBeGreaterThan(0);
  });
});
