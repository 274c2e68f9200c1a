// The pipelining knob's front end: --pipeline parsing, --target-depth and --clock-period with
// --gate-delay, the choice of registers per operator kind, and its errors.
import { usageMessage } from '../support/usage-error.ts';
import { describe, expect, it } from 'vitest';
import { resolveConfig, topModuleName } from '../../generator/config.ts';
import { COMBINATIONAL, addDepth, mulDepth } from '../../generator/rtl/depth-model.ts';
import { choosePipeline, depthFloor, estimatedDepth, parsePipeline } from '../../generator/rtl/pipeline.ts';
import { parseFormat } from '../../generator/format/float-format.ts';

/** A configuration is a datapath shape (format, internal format, mode, affine). */
const shape = (format: string, mode: 'l2' | 'rms' | 'layer' = 'l2', affine: 'none' | 'gamma' | 'gamma-beta' = 'none') => resolveConfig({ format, mode, affine });

describe('--pipeline', () => {
  it('parses any subset in any order; missing kinds are 0', () => {
    expect(parsePipeline('add=2,mul=1,convert=1')).toEqual({ add: 2, mul: 1, convert: 1 });
    expect(parsePipeline('mul=1')).toEqual({ add: 0, mul: 1, convert: 0 });
    expect(parsePipeline(' convert = 1 , add=1')).toEqual({ add: 1, mul: 0, convert: 1 });
  });

  it.each(['add=5', 'mul=5', 'convert=3', 'add', 'add=1;mul=1', 'div=1', ''])('rejects %j quoting it', (text) => {
    expect(usageMessage(() => parsePipeline(text))).toContain(`--pipeline must look like add=2,mul=1,convert=1 with add 0..4, mul 0..4, convert 0..2 (got ${JSON.stringify(text)})`);
  });

  it('names the registers in the module name, and only when there are some', () => {
    expect(topModuleName(resolveConfig({ d: 64, pipeline: 'add=2,mul=1' }))).toBe('iterl2norm_bf16_d64_p16_e10m30_nr2_t6_pl210');
    expect(topModuleName(resolveConfig({ d: 64, pipeline: 'add=0' }))).toBe('iterl2norm_bf16_d64_p16_e10m30_nr2_t6');
  });
});

describe('--target-depth', () => {
  it('a target above every combinational operator: no registers', () => {
    const s = shape('bf16');
    const t = estimatedDepth(s, COMBINATIONAL);
    expect(choosePipeline(s, t)).toEqual({ add: 0, mul: 0, convert: 0 });
    expect(resolveConfig({ targetDepth: t }).pipeline).toEqual({ add: 0, mul: 0, convert: 0 });
  });

  it('lower targets never take registers away, and every chosen stage is within the target', () => {
    for (const [format, mode, affine] of [['bf16', 'l2', 'none'], ['fp32', 'layer', 'gamma-beta'], ['fp16', 'rms', 'gamma']] as const) {
      const s = shape(format, mode, affine);
      const floor = depthFloor(s);
      let previous = { add: 0, mul: 0, convert: 0 };
      for (let target = 200; target >= floor; target--) {
        const lat = choosePipeline(s, target);
        expect(estimatedDepth(s, lat)).toBeLessThanOrEqual(target);
        expect(lat.add).toBeGreaterThanOrEqual(previous.add);
        expect(lat.mul).toBeGreaterThanOrEqual(previous.mul);
        expect(lat.convert).toBeGreaterThanOrEqual(previous.convert);
        previous = lat;
      }
      expect(previous).toEqual({ add: 2, mul: 1, convert: affine === 'gamma-beta' ? 1 : 0 });
    }
  });

  it('below the fully pipelined floor: one line naming the floor and the operator', () => {
    const floor = depthFloor(shape('bf16'));
    expect(usageMessage(() => resolveConfig({ targetDepth: floor - 1 }))).toBe(
      `--target-depth ${floor - 1} is below what the operators can be cut to: ${floor} gate levels (the add of the lane adders, scalar adder, fully pipelined); allowed: ${floor} or more`,
    );
  });

  it('--clock-period with --gate-delay gives the target floor(period / delay)', () => {
    const cfg = resolveConfig({ clockPeriodNs: 5, gateDelayPs: 47 });
    expect(cfg.targetDepth).toBe(106);
    expect(cfg.pipeline).toEqual(resolveConfig({ targetDepth: 106 }).pipeline);
  });

  it.each([
    [{ pipeline: 'add=1', targetDepth: 100 }, 'give either --pipeline or a target'],
    [{ targetDepth: 100, gateDelayPs: 50 }, 'give either --target-depth or --gate-delay'],
    [{ targetDepth: 0 }, '--target-depth must be an integer from 1 to 100000 (got 0)'],
    [{ targetDepth: 99.5 }, '--target-depth must be an integer from 1 to 100000 (got 99.5)'],
    [{ gateDelayPs: -3 }, '--gate-delay must be an integer from 1 to 100000 (got -3)'],
  ])('rejects %j', (opts, message) => {
    expect(usageMessage(() => resolveConfig(opts as never))).toContain(message);
  });
});

describe('depth model', () => {
  // Each bound is at or above the depth measured with `bench/pipeline.ts --parts operators` (copied here as
  // the measurement, not from the model): the model must never promise a shallower stage.
  it.each([
    ['bf16', 0, 120], ['bf16', 1, 71], ['bf16', 2, 53], ['fp32', 0, 142], ['fp32', 1, 88], ['fp32', 2, 65],
    ['e10m30', 0, 155], ['e10m30', 1, 98], ['e10m30', 2, 68], ['e10m40', 2, 71], ['fp16', 2, 48],
  ] as const)('fp_add %s with %i registers bounds the measured %i levels', (f, lat, measured) => {
    expect(addDepth(parseFormat(f), lat)).toBeGreaterThanOrEqual(measured);
  });

  it.each([
    ['fp32', 'fp32', 'e10m30', 0, 117], ['fp32', 'fp32', 'e10m30', 1, 60], ['e10m30', 'e10m30', 'e10m30', 1, 62],
    ['e10m40', 'e10m40', 'e10m40', 1, 73], ['bf16', 'e10m30', 'bf16', 0, 101],
  ] as const)('fp_mul %s x %s -> %s with %i registers bounds the measured %i levels', (a, b, y, lat, measured) => {
    expect(mulDepth(parseFormat(a), parseFormat(b), parseFormat(y), lat)).toBeGreaterThanOrEqual(measured);
  });
});
