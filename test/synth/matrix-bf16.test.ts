// The synthesis matrix, bf16, d in {64, 768, 1024} x lanes {1, 16}, default options otherwise.
// Every configuration passes the RTL checks of `iterl2norm synth` (flattened: check -assert, i.e.
// no combinational loop, no multiple or missing driver; no latch; no init value; a few seconds
// each). The suite's one full synthesis (mapping to gates, the gate-level checks again, the
// figures) is bf16, d = 64, one lane, pipelined to the lowest target: test/synth/pipeline-depth.test.ts;
// bench/synth.ts synthesises every configuration in full (bench/results/synth.md).
import { describe, it } from 'vitest';
import { resolveConfig } from '../../generator/config.ts';
import { rtlChecks } from '../../synth/synth.ts';

const MATRIX = [64, 768, 1024].flatMap((d) => [1, 16].map((lanes) => [d, lanes] as const));

describe('synth bf16', () => {
  it.each(MATRIX)('d = %i, lanes = %i: RTL checks clean', async (d, lanes) => {
    await rtlChecks(resolveConfig({ d, lanes, format: 'bf16' }));
  });

  // --d-max: the RTL checks here; full syntheses (cells, flip-flops, memory bits) in bench/dmax.ts.
  // At one lane a long --d-max keeps one vector entry per T cycles of the rings (1,028 at D 4096 in
  // LayerNorm), in memories (more than 16 entries), so the flattened checks stay short.
  it.each([['rms', 1024, 16], ['layer', 4096, 1]] as const)('--d-max, %s, D = %i, lanes = %i: RTL checks clean', async (mode, dMax, lanes) => {
    await rtlChecks(resolveConfig({ dMax, lanes, mode, format: 'bf16' }));
  });
});
