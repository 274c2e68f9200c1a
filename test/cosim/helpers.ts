import { expect } from 'vitest';
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
