// The Verilator build cache (sim/build-cache.ts): one build per configuration serves every vector
// set (the bench takes the counts as plusargs), a change to any source is a new build, and the
// cached executable gives the same words and cycle log as a fresh one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentKey, lookup, store } from '../../sim/build-cache.ts';
import { expectClean, runCosim } from './helpers.ts';
import { tempDir } from '../support/temp.ts';

describe('content key and store', () => {
  it('the key follows names, contents and settings, not the folder', () => {
    const a = tempDir('cache-key-a-');
    const b = tempDir('cache-key-b-');
    for (const dir of [a, b]) writeFileSync(join(dir, 'x.v'), 'module x; endmodule\n');
    expect(contentKey(['v1'], [join(a, 'x.v')])).toBe(contentKey(['v1'], [join(b, 'x.v')]));
    expect(contentKey(['v2'], [join(a, 'x.v')])).not.toBe(contentKey(['v1'], [join(a, 'x.v')]));
    writeFileSync(join(b, 'x.v'), 'module x; wire w; endmodule\n');
    expect(contentKey(['v1'], [join(b, 'x.v')])).not.toBe(contentKey(['v1'], [join(a, 'x.v')]));
  });

  it('store then lookup returns a copy of the file; an unknown key is undefined', () => {
    const dir = tempDir('cache-store-');
    const src = join(tempDir('cache-src-'), 'Vtb');
    writeFileSync(src, 'binary');
    expect(lookup(dir, 'k1', 'Vtb')).toBeUndefined();
    store(dir, 'k1', src);
    const hit = lookup(dir, 'k1', 'Vtb');
    expect(hit && readFileSync(hit, 'utf8')).toBe('binary');
  });
});

describe('one Verilator build per configuration', () => {
  let previous: string | undefined;
  beforeAll(() => {
    previous = process.env.ITERL2NORM_CACHE;
    process.env.ITERL2NORM_CACHE = tempDir('cache-verilator-');
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.ITERL2NORM_CACHE;
    else process.env.ITERL2NORM_CACHE = previous;
  });
  const opts = { d: 6, lanes: 2, format: 'bf16' };

  it('a second vector set (other counts, stalls, reset point) reuses the build; same results as a fresh build', () => {
    const first = runCosim(opts, 10, { stressCount: 3, simulator: 'verilator', workDir: tempDir('cache-run1-') });
    expectClean(first, 10);
    expect(first.buildCached).toBe(false);
    const w2 = tempDir('cache-run2-');
    const second = runCosim(opts, 12, { stressCount: 5, gapPercent: 50, resetAfter: 7, simulator: 'verilator', workDir: w2 });
    expectClean(second, 12);
    expect(second.buildCached).toBe(true);
    const cacheFolder = process.env.ITERL2NORM_CACHE;
    process.env.ITERL2NORM_CACHE = 'off';
    const w3 = tempDir('cache-run3-');
    const fresh = runCosim(opts, 12, { stressCount: 5, gapPercent: 50, resetAfter: 7, simulator: 'verilator', workDir: w3 });
    process.env.ITERL2NORM_CACHE = cacheFolder;
    expect(fresh.buildCached).toBe(false);
    expect(readFileSync(join(w3, 'out.hex'), 'utf8')).toBe(readFileSync(join(w2, 'out.hex'), 'utf8'));
    expect(readFileSync(join(w3, 'log.txt'), 'utf8')).toBe(readFileSync(join(w2, 'log.txt'), 'utf8'));
  });

  it('a changed design is a new build (the cache holds the unchanged one), and it fails the comparison', () => {
    const patched = runCosim(opts, 4, {
      simulator: 'verilator',
      // 1.5 -> 1.5 * (1 + 2^-5) in the Newton step: every output moves
      patchRtl: (_f, text) => text.replace(/(THREE_HALVES = \d+'h)([0-9a-f]+)/, (_m, p: string, h: string) => `${p}${(BigInt(`0x${h}`) + (1n << 25n)).toString(16)}`),
    });
    expect(patched.buildCached).toBe(false);
    expect(patched.failed).toBeGreaterThan(0);
  });
});
