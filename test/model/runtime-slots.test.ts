// The vector slots of a --d-max macro are enough for every sequence of lengths: the exhaustive
// search of generator/slot-search.ts gives the exact need of a configuration. l2 and rms: equal to
// the count runtimeSlots proves (the bound is tight); layer: runtimeSlots gives the most any one
// length needs plus a spare, and the search shows that the spare is never used.
import { describe, expect, it } from 'vitest';
import type { ConfigOptions } from '../../generator/config.ts';
import { slotsNeeded } from '../../generator/slot-search.ts';

describe('--d-max slots suffice for every sequence of lengths (exhaustive search)', () => {
  it.each([
    ['l2, D 128, 16 lanes', { dMax: 128, lanes: 16, mode: 'l2' }],
    ['rms, D 64, 16 lanes', { dMax: 64, lanes: 16, mode: 'rms' }],
    ['rms, D 40, 4 lanes, pipelined', { dMax: 40, lanes: 4, mode: 'rms', pipeline: 'add=2,mul=1,convert=1' }],
  ] as Array<[string, ConfigOptions]>)('%s: the proven count, and no fewer would do', (_n, opts) => {
    const r = slotsNeeded(opts);
    expect(r.needed).toBe(r.slots);
  });

  it.each([
    ['layer, D 64, 16 lanes', { dMax: 64, lanes: 16, mode: 'layer' }],
    ['layer fp16, D 64, 16 lanes, add=4 mul=4 convert=2', { dMax: 64, lanes: 16, mode: 'layer', format: 'fp16', pipeline: 'add=4,mul=4,convert=2' }],
    ['layer, D 24, 3 lanes', { dMax: 24, lanes: 3, mode: 'layer' }],
  ] as Array<[string, ConfigOptions]>)('%s: enough, with the spare unused', (_n, opts) => {
    const r = slotsNeeded(opts);
    expect(r.needed).toBe(r.slots - 1);
  });
});
