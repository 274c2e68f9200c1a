import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { testVectors } from '../../generator/vectors/test-vectors.ts';
import { type CosimOptions, type CosimReport, cosim } from '../../sim/cosim.ts';

/** Co-simulates `count` vectors (corner cases first, then random) and returns the report. */
export function runCosim(opts: ConfigOptions, count: number, extra: Partial<CosimOptions> = {}): CosimReport {
  const cfg = resolveConfig(opts);
  const vectors = testVectors(cfg.format, cfg.d, count, `cosim-${cfg.d}-${cfg.lanes}`).slice(0, count).map((v) => v.words);
  return cosim({ cfg, vectors, seed: cfg.d * 7 + cfg.lanes, ...extra });
}

/** Every word bit-exact, every latency as predicted, streaming period as predicted. */
export function expectClean(r: CosimReport, count: number): void {
  expect(r.mismatches).toEqual([]);
  expect(r.protocolErrors).toEqual([]);
  expect(r.latency.wrong).toEqual([]);
  expect([r.latency.min, r.latency.max]).toEqual([r.latency.predicted, r.latency.predicted]);
  if (count > 1) expect([r.throughput.min, r.throughput.max]).toEqual([r.throughput.predicted, r.throughput.predicted]);
  expect(r.throughput.wrong).toBe(0);
  expect(r.passed).toBe(count);
  expect(r.failed).toBe(0);
}

/**
 * The core issue's acceptance matrix for one format and lane count: d in {64, 100, 768, 1024,
 * 4096} (100 is not a multiple of 16), 200 vectors each, corner cases first; every output word
 * and every latency checked in back-to-back streaming, the first 12 vectors (one-hot, constant, alternating; 4 at d = 4096)
 * again under random input gaps and output back-pressure. One file per (format, lanes) so that
 * the test runner spreads them over the cores.
 */
export function describeCoreMatrix(format: string, lanes: number): void {
  describe(`${format}, ${lanes} lane(s), 200 vectors`, () => {
    it.each([64, 100, 768, 1024, 4096])('d = %i: bit-exact and on time', (d) => {
      expectClean(runCosim({ d, lanes, format }, 200, { stressCount: d === 4096 ? 4 : 12 }), 200);
    });
  });
}

/**
 * Issue 5 acceptance for one format: RMSNorm and LayerNorm co-simulate bit-exact and on time,
 * with and without the affine parameters, d in {64, 768, 1024}, 16 lanes, fp32 internal format,
 * 40 vectors each (corner cases first), the first 4 also under random stalls.
 */
export function describeModeMatrix(format: string): void {
  describe.each(['rms', 'layer'])(`${format} %s`, (mode) => {
    it.each([
      [64, 'with affine'], [768, 'with affine'], [1024, 'with affine'],
      [64, 'none'], [768, 'none'], [1024, 'none'],
    ])('d = %i, %s', (d, affine) => {
      const opts = { d, lanes: 16, format, internal: 'fp32', mode, ...(affine === 'none' ? { affine: 'none' } : {}) };
      expectClean(runCosim(opts, 40, { stressCount: 4 }), 40);
    });
  });
}
