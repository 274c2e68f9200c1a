// The synthesis matrix, fp32, d in {64, 768, 1024} x lanes {1, 16}, default options otherwise.
// Every configuration passes the RTL checks of `iterl2norm synth` (flattened: check -assert, i.e.
// no combinational loop, no multiple or missing driver; no latch; no init value; a few seconds
// each). The full synthesis (mapping to gates, the gate-level checks again, the figures) of this
// shape runs in bf16 (test/synth/pipeline-depth.test.ts: d = 64, one lane, pipelined); fp32 widens
// the operators only, and every fp32 configuration is synthesised in full by bench/synth.ts
// (bench/results/synth.md).
import { describe, it } from 'vitest';
import { resolveConfig } from '../../generator/config.ts';
import { rtlChecks } from '../../synth/synth.ts';

const MATRIX = [64, 768, 1024].flatMap((d) => [1, 16].map((lanes) => [d, lanes] as const));

describe('synth fp32', () => {
  it.each(MATRIX)('d = %i, lanes = %i: RTL checks clean', async (d, lanes) => {
    await rtlChecks(resolveConfig({ d, lanes, format: 'fp32' }));
  });
});
