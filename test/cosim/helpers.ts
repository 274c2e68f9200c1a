import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { randomVectors, runtimeTestVectors, testVectors } from '../../generator/vectors/test-vectors.ts';
import { type CosimOptions, type CosimReport, cosim } from '../../sim/cosim.ts';
import { FOUR_STATE_STRESS, FOUR_STATE_VECTORS, preferredSimulator } from '../support/simulator-rule.ts';

/**
 * Co-simulates `count` vectors (corner cases first, then random) and returns the report. For a
 * --d-max design the vectors change length on every one (runtimeTestVectors: 1, P-1, P, P+1, D-1,
 * D first, then random lengths).
 */
export function runCosim(opts: ConfigOptions, count: number, extra: Partial<CosimOptions> = {}): CosimReport {
  const cfg = resolveConfig(opts);
  const seed = `cosim-${cfg.d}-${cfg.lanes}`;
  const vectors = cfg.runtimeLength
    ? runtimeTestVectors(cfg.format, cfg.d, cfg.lanes, count, seed)
    : testVectors(cfg.format, cfg.d, count, seed).slice(0, count).map((v) => v.words);
  return cosim({ cfg, vectors, seed: cfg.d * 7 + cfg.lanes, ...extra });
}

/**
 * Co-simulates a stream of the given vector lengths (random words), back to back and then its
 * first 8 vectors again under random input gaps and output back-pressure.
 */
export function runStream(opts: ConfigOptions, lengths: number[], extra: Partial<CosimOptions> = {}): CosimReport {
  const cfg = resolveConfig(opts);
  const vectors = lengths.map((d, k) => randomVectors(cfg.format, d, 1, `ring-${k}`)[0]!.words);
  return cosim({ cfg, vectors, seed: 11, stressCount: Math.min(8, lengths.length), ...extra });
}

/**
 * Every word bit-exact, every latency as predicted, streaming period as predicted (--d-max: every
 * vector's latency and start as the formulas for its own length: cosim lists each one that is not).
 */
export function expectClean(r: CosimReport, count: number): void {
  expect(r.mismatches).toEqual([]);
  expect(r.protocolErrors).toEqual([]);
  expect(r.latency.wrong).toEqual([]);
  expect(r.latency.min).not.toBeNull();
  if ((r.config as { dMax?: number }).dMax !== undefined) {
    if (count > 1) expect(r.throughput.min).not.toBeNull();
  } else expect([r.latency.min, r.latency.max]).toEqual([r.latency.predicted, r.latency.predicted]);
  if (count > 1 && (r.config as { dMax?: number }).dMax === undefined) expect([r.throughput.min, r.throughput.max]).toEqual([r.throughput.predicted, r.throughput.predicted]);
  expect(r.throughput.wrong).toBe(0);
  expect(r.passed).toBe(count);
  expect(r.failed).toBe(0);
}

/**
 * One configuration of an acceptance matrix: `count` vectors (corner cases first) streamed back
 * to back, the first `stress` of them again under random input gaps and output back-pressure,
 * every word and every latency checked, on the simulator test/support/simulator-rule.ts picks.
 * Where that is Verilator (2-state), Icarus also runs the first vectors, so that an X from an
 * unreset register or an unwritten store word still fails the test.
 */
export function itCosimulates(name: string, opts: ConfigOptions, count: number, stress: number): void {
  const simulator = preferredSimulator(resolveConfig(opts), count, stress);
  it(`${name}: bit-exact and on time (${simulator}, ${count} vectors)`, () => {
    expectClean(runCosim(opts, count, { stressCount: stress, simulator }), count);
  });
  if (simulator === 'verilator') {
    it(`${name}: the first ${FOUR_STATE_VECTORS} vectors in Icarus (4-state)`, () => {
      expectClean(runCosim(opts, FOUR_STATE_VECTORS, { stressCount: FOUR_STATE_STRESS, simulator: 'icarus' }), FOUR_STATE_VECTORS);
    });
  }
}

/**
 * The core issue's acceptance matrix for one format and lane count: d in {64, 100, 768, 1024,
 * 4096} (100 is not a multiple of 16), 200 vectors each (at 16 lanes, in Icarus, where a
 * Verilator build of 16 lanes and a 200-vector stream took a tenth of the suite's time limit: 64
 * for d = 768 and 1024, every one of the 58 corner vectors and 6 random ones, and 16 for d = 4096;
 * the on-demand sweep of bench/linerate.ts runs 200 of them in every mode and format), corner
 * cases first; every output word and every latency checked in
 * back-to-back streaming, the first 4 vectors (one-hot, constant, alternating) again under random
 * input gaps and output back-pressure. One file per (format, lanes) so that the test runner
 * spreads them over the cores.
 */
export function describeCoreMatrix(format: string, lanes: number): void {
  describe(`${format}, ${lanes} lane(s)`, () => {
    for (const d of [64, 100, 768, 1024, 4096]) {
      const count = lanes >= 16 && d >= 768 ? (d === 4096 ? 16 : 64) : 200;
      itCosimulates(`d = ${d}`, { d, lanes, format }, count, 4);
    }
  });
}

/**
 * Acceptance of RMSNorm and LayerNorm for one format and mode: RMSNorm or LayerNorm co-simulates bit-exact and
 * on time at 16 lanes, fp32 internal format: d = 64 (one beat short of a power-of-two block) and
 * 768 with the mode's affine parameters, d = 1024 without them; 40 vectors at d = 64 and 24 at
 * d = 768 and 1024 (corner cases first), the first 4 also under random stalls. One file per
 * (format, mode). The other three (d, affine) pairs are left to the on-demand sweep
 * (`bench/linerate.ts --parts sweep --sweep full`: every mode, affine variant and format at these
 * d and 16 lanes, 200 vectors each, in the default internal format) for the suite's time.
 */
export function describeModeMatrix(format: string, mode: 'rms' | 'layer'): void {
  describe(`${format} ${mode}`, () => {
    const cases: Array<[number, 'with affine' | 'none']> = [[64, 'with affine'], [768, 'with affine'], [1024, 'none']];
    for (const [d, affine] of cases) {
      const opts = { d, lanes: 16, format, internal: 'fp32', mode, ...(affine === 'none' ? { affine: 'none' } : {}) };
      itCosimulates(`d = ${d}, ${affine}`, opts, d === 64 ? 40 : 24, 4);
    }
  });
}
