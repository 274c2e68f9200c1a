// The one full synthesis of the suite (mapping to generic gates, the gate-level checks again, the
// figures), on a design that also tests the pipelining knob's promise: generated for --target-depth
// T, it has no combinational path longer than T gate levels when Yosys synthesises it (`ltp` on
// generic gates, the measure `iterl2norm synth` reports). T is the lowest target the depth model
// accepts (every operator fully pipelined: the hardest promise); one lane at d = 64 and a narrow
// internal format (fp16 I/O, e6m12: 13-bit significand products instead of the default's 31) keep
// the synthesis short, 17 s instead of 40 (the operators are the same at every lane count, and
// every operator template is the same at every width). The combinational designs of
// the matrices pass the RTL checks (test/synth/matrix-*.test.ts); bench/synth.ts synthesises them
// in full and bench/pipeline.ts measures more targets and formats at 16 lanes.
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { depthFloor } from '../../generator/rtl/pipeline.ts';
import { synthClean } from './helpers.ts';

const FP16: ConfigOptions = { d: 64, lanes: 1, format: 'fp16', internal: 'e6m12' };

describe('synthesised depth within --target-depth', () => {
  it('fp16 l2, internal e6m12, d = 64, 1 lane, the floor target: full synthesis, every check clean, sane figures, no path longer than the target', async () => {
    const cfg = resolveConfig({ ...FP16, targetDepth: depthFloor(resolveConfig(FP16)) });
    expect(cfg.pipeline.add + cfg.pipeline.mul).toBeGreaterThan(0);
    const r = await synthClean({ ...FP16, targetDepth: cfg.targetDepth! });
    expect(r.longestPath.gates, `${r.longestPath.from} -> ${r.longestPath.to}`).toBeLessThanOrEqual(cfg.targetDepth!);
  }, 300_000);
});
