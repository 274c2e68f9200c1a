// Reset in flight (the documented reset: synchronous, active high, one cycle empties the macro).
// Vectors stream until a chosen cycle, rst is raised for one cycle there, and the bench then
// co-simulates as usual: every word bit-exact and every latency the isolated one, so nothing of
// the interrupted vectors survives (partial sums, slots, valid bits in the operators' delay lines,
// the back side's read-out). The cycles land in the input, the reduction, the scalar loop, the
// output pass and a second vector; once combinational, once with every operator pipelined.
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { elaborate } from '../../generator/plan.ts';
import { expectClean, runCosim } from './helpers.ts';

const CONFIGS: Array<[string, ConfigOptions]> = [
  ['l2 bf16, 4 lanes', { d: 64, lanes: 4, format: 'bf16' }],
  ['layer bf16 gamma-beta, 4 lanes, every operator pipelined', { d: 48, lanes: 4, format: 'bf16', mode: 'layer', pipeline: 'add=2,mul=1,convert=1' }],
];

/**
 * Cycles after which to reset: mid-input, reduction, scalar loop, output pass, a later vector;
 * and 2.5 B: in the line-rate engine three vectors are in the macro then (one streaming out, one
 * in the tree or the scalar loop, one streaming in).
 */
function resetPoints(opts: ConfigOptions): number[] {
  const cfg = resolveConfig(opts);
  const { B, latency } = elaborate(cfg);
  const L = latency.cycles;
  return [Math.floor(B / 2), B + 3, Math.floor((L + B) / 2), L - 2, 2 * L + 3, Math.floor(2.5 * B)];
}

describe.each(CONFIGS)('%s', (_name, opts) => {
  it.each(resetPoints(opts))('reset after %i cycles of traffic: then bit-exact and on time', (after) => {
    expectClean(runCosim(opts, 8, { stressCount: 4, resetAfter: after }), 8);
  });
});

describe('the check can fail', () => {
  it('a write pointer that ignores rst leaves a partial vector behind: mismatches', () => {
    const opts = CONFIGS[0]![1];
    const r = runCosim(opts, 8, {
      stressCount: 0,
      resetAfter: 10,
      patchRtl: (file, text) => (file.endsWith('_slots.v') ? text.replace('wr_beat <= {SAW{1\'b0}};\n', '') : text),
    });
    expect(r.failed).toBeGreaterThan(0);
  });
});
