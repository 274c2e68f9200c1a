/**
 * The golden model as test/reference/compare-quant.ts takes it (`Ours`): RMSNorm with gamma, and
 * the options of a row (--residual, --residual-sum, --out-format, --out-scale, a static scale).
 * It reaches the golden model of --residual (IterL2NormModel.trace with a residual vector and
 * its `res`) and of --out-format (generator/model/quantized.ts quantizeOutputs) late, by a
 * dynamic import, so that it compiles in a tree without them and says so (undefined).
 */
import { resolveConfig } from '../../generator/config.ts';
import { IterL2NormModel } from '../../generator/model/iterl2norm.ts';
import type { Ours } from './compare-quant.ts';

/** eps and lanes of every comparison (bench/engines.ts and the tests). */
export const ENGINE_EPS = 1e-6;
export const ENGINE_LANES = 16;

type Trace = { y: number[]; res?: number[] };
type QuantizeOutputs = (cfg: unknown, y: readonly number[], staticScale?: number) => { codes: number[]; scales: number[] };

/** Our golden model with the options of a row, or undefined while --residual / --out-format are missing. */
export async function oursAdapter(): Promise<Ours | undefined> {
  const quantized = '../../generator/model/quantized.ts';
  let quantizeOutputs: QuantizeOutputs;
  try {
    ({ quantizeOutputs } = (await import(quantized)) as { quantizeOutputs: QuantizeOutputs });
  } catch {
    return undefined;
  }
  // a tree without --residual resolves the option to nothing
  if (!('residual' in resolveConfig({ mode: 'rms', d: 2, lanes: 1, ...{ residual: true } }))) return undefined;
  return (extra, tokens, withResidual) => {
    const { scales, ...options } = extra;
    const cfg = resolveConfig({ mode: 'rms', affine: 'gamma', format: tokens.io, d: tokens.w.length, lanes: ENGINE_LANES, eps: ENGINE_EPS, ...options });
    const model = new IterL2NormModel(cfg);
    const trace = model.trace.bind(model) as unknown as (x: number[], p: { gamma: number[] }, r?: number[]) => Trace;
    const traces = tokens.x.map((x, v) => trace(x, { gamma: tokens.w }, withResidual ? tokens.r[v] : undefined));
    const res = withResidual ? traces.map((tr) => tr.res ?? []) : undefined;
    if (!('outFormat' in options)) return { outputs: traces.map((tr) => tr.y), res };
    const q = traces.map((tr) => quantizeOutputs(cfg, tr.y, scales as number | undefined));
    return { outputs: q.map((c) => c.codes), scales: q.map((c) => c.scales), res };
  };
}

