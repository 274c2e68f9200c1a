// The vector slots of a --d-max LayerNorm macro are enough for every sequence of lengths: the
// exhaustive search of generator/slot-search.ts gives the exact need of a configuration;
// runtimeSlots gives the most any one length needs plus a spare, and the search shows that the
// spare is never used. (l2 and rms keep a ring of beats: test/model/ring-schedule.test.ts.)
import { describe, expect, it } from 'vitest';
import type { ConfigOptions } from '../../generator/config.ts';
import { slotsNeeded } from '../../generator/slot-search.ts';

describe('--d-max slots suffice for every sequence of lengths (exhaustive search)', () => {
  it.each([
    ['layer, D 64, 16 lanes', { dMax: 64, lanes: 16, mode: 'layer' }],
    ['layer fp16, D 64, 16 lanes, add=4 mul=4 convert=2', { dMax: 64, lanes: 16, mode: 'layer', format: 'fp16', pipeline: 'add=4,mul=4,convert=2' }],
    ['layer, D 24, 3 lanes', { dMax: 24, lanes: 3, mode: 'layer' }],
  ] as Array<[string, ConfigOptions]>)('%s: enough, with the spare unused', (_n, opts) => {
    const r = slotsNeeded(opts);
    expect(r.needed).toBe(r.slots - 1);
  });
});
