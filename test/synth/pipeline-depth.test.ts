// The pipelining knob keeps its promise: a design generated for --target-depth T has no
// combinational path longer than T gate levels when Yosys synthesises it (`ltp` on generic
// gates, the measure `iterl2norm synth` reports), with every check -assert clean. At the
// lowest target the depth model accepts (every operator fully pipelined: the hardest promise);
// one lane keeps the synthesis short (the operators are the same). bench/pipeline.ts measures
// more targets and formats at 16 lanes, the lane tree's adders included.
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { depthFloor } from '../../generator/rtl/pipeline.ts';
import { synthesize } from '../../sim/synth.ts';

const BF16: ConfigOptions = { d: 16, lanes: 1, format: 'bf16' };

describe('synthesised depth within --target-depth', () => {
  it.each([
    ['bf16 l2, 1 lane, the floor target', { ...BF16, targetDepth: depthFloor(resolveConfig(BF16)) }],
  ] as Array<[string, ConfigOptions]>)('%s', async (_name, opts) => {
    const cfg = resolveConfig(opts);
    expect(cfg.pipeline.add + cfg.pipeline.mul).toBeGreaterThan(0);
    const r = await synthesize(cfg, {});
    expect(r.checks.length).toBeGreaterThan(0);
    expect(r.longestPath.gates, `${r.longestPath.from} -> ${r.longestPath.to}`).toBeLessThanOrEqual(cfg.targetDepth!);
  }, 300_000);
});
