/**
 * The golden model as test/reference/compare-quant.ts takes it (`Ours`): RMSNorm with gamma, and
 * the options of a row (--residual, --residual-sum, --out-format, --out-scale, a static scale).
 * Outputs as the unit emits them: y in the I/O format, or with --out-format the codes of y taken
 * in the quantiser's input format (generator/model/quantized.ts modelOutputs, quantizeOutputs).
 */
import { resolveConfig } from '../../generator/config.ts';
import { IterL2NormModel } from '../../generator/model/iterl2norm.ts';
import { decode } from '../../generator/format/float-format.ts';
import { modelOutputs, quantiserInput, quantizeOutputs } from '../../generator/model/quantized.ts';
import type { Ours } from './compare-quant.ts';

/** eps and lanes of every comparison (bench/engines.ts and the tests). */
export const ENGINE_EPS = 1e-6;
export const ENGINE_LANES = 16;

/** Our golden model with the options of a row. */
export function oursAdapter(): Ours {
  return (extra, tokens, withResidual) => {
    const { scales, ...options } = extra;
    const cfg = resolveConfig({ mode: 'rms', affine: 'gamma', format: tokens.io, d: tokens.w.length, lanes: ENGINE_LANES, eps: ENGINE_EPS, ...options });
    const model = new IterL2NormModel(cfg);
    const r = (v: number) => (withResidual ? tokens.r[v] : undefined);
    const res = withResidual ? tokens.x.map((x, v) => model.trace(x, { gamma: tokens.w }, r(v)).res) : undefined;
    const ys = tokens.x.map((x, v) => modelOutputs(model, x, { gamma: tokens.w }, r(v)));
    const fy = cfg.outFormat ? quantiserInput(cfg) : cfg.format;
    const quantiserValues = ys.map((y) => y.map((b) => decode(fy, b)));
    if (!cfg.outFormat) return { outputs: ys, res, quantiserInput: quantiserValues };
    const q = ys.map((y) => quantizeOutputs(cfg, y, scales as number | undefined));
    return { outputs: q.map((c) => c.codes), scales: q.map((c) => c.scales), res, quantiserInput: quantiserValues };
  };
}
