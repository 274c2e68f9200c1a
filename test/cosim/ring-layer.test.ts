// LayerNorm on the rings of beats (the input's ring read by the second pass, which copies each
// beat into the output's ring): streams whose length changes on every vector, back to back and
// again under random input gaps and output back-pressure, at the default depth and at the least
// (two vectors' beats, where the second pass pauses while the output's ring is full), with reset
// in flight. Every word bit-exact and every vector's first input and last output edge as the
// cycle model predicts (generator/ring-schedule.ts). One simulator build per test.
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { elaborate } from '../../generator/plan.ts';
import { simulateRing } from '../../generator/ring-schedule.ts';
import { randomVectors } from '../../generator/vectors/test-vectors.ts';
import { STREAM_PATTERNS, streamLengths } from '../../generator/vectors/stream-patterns.ts';
import { type CosimOptions, type CosimReport, cosim } from '../../sim/cosim.ts';
import { expectClean } from './helpers.ts';

function runStream(opts: ConfigOptions, lengths: number[], extra: Partial<CosimOptions> = {}): CosimReport {
  const cfg = resolveConfig(opts);
  const vectors = lengths.map((d, k) => randomVectors(cfg.format, d, 1, `ring-layer-${k}`)[0]!.words);
  return cosim({ cfg, vectors, seed: 13, stressCount: Math.min(6, lengths.length), ...extra });
}

const queued = (opts: ConfigOptions, lengths: number[]) => {
  const p = elaborate(resolveConfig(opts));
  return simulateRing(p.ring!.schedule, lengths.map((l) => Math.ceil(l / p.cfg.lanes))).queued;
};

describe('LayerNorm, --d-max 256, 16 lanes (Bmax 16 > T: vectors queue for the second pass and the output)', () => {
  it('the five stream patterns one after another, gamma and beta: bit-exact and on time', () => {
    const opts: ConfigOptions = { dMax: 256, lanes: 16, mode: 'layer', format: 'bf16' };
    const lengths = STREAM_PATTERNS.flatMap((pattern) => streamLengths(pattern, 256, 5, `ring-layer-${pattern}`));
    const q = queued(opts, lengths);
    expect(q.filter((w) => w > 0).length).toBeGreaterThan(5);
    expect(Math.max(...q)).toBeLessThanOrEqual(elaborate(resolveConfig(opts)).ring!.queueBound);
    expectClean(runStream(opts, lengths), lengths.length);
  });
});

describe('LayerNorm at the least depth (two vectors\' beats), 3 lanes, fp16, eps, reset in flight', () => {
  it('random and long-tiny lengths: the stream waits, nothing lost, duplicated or reordered', () => {
    const opts: ConfigOptions = { dMax: 48, lanes: 3, mode: 'layer', format: 'fp16', eps: 1e-5, bufferBeats: 32 };
    const p = elaborate(resolveConfig(opts));
    expect(p.ring!.belowDefault).toBe(true);
    const lengths = [...streamLengths('long-tiny', 48, 8), ...streamLengths('random', 48, 8, 'least')];
    expectClean(runStream(opts, lengths, { resetAfter: 60 }), lengths.length);
  });
});
