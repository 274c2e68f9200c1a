/** `golden`: the bit-exact model of one configuration over vectors, as `iterl2norm golden`. */
import type { ConfigOptions } from '../generator/config.ts';
import { IterL2NormModel } from '../generator/model/iterl2norm.ts';
import { type ParamsInput, type VectorsInput, paramsOf, residualsOf, vectorsOf } from './inputs.ts';
import { CONFIG_KEYS, configOf, refuseUnknownKeys } from './options.ts';

export interface GoldenOptions extends ConfigOptions {
  /** gamma (and beta): required when the configuration is affine (rms and layer by default). */
  params?: ParamsInput;
  /** With `residual`: the residual vectors r, one per vector and as long (bit patterns or a vector file's path). */
  residuals?: VectorsInput;
}

/**
 * The macro's outputs for `vectors` (arrays of I/O-format bit patterns, d each, or 1..dMax each
 * for a dMax design; or a vector file's path): the same bit patterns the generated RTL returns,
 * one array per vector. Throws OptionError for a bad option or vector, UsageError for a
 * malformed vector file.
 */
export function golden(options: GoldenOptions, vectors: VectorsInput): number[][] {
  return goldenTraces(options, vectors).map((t) => t.y);
}

/**
 * `golden` with `residual`: each vector's outputs `y` and `res` (h = x + r in the I/O format, the
 * out_res words); without `residual`, `res` is empty.
 */
export function goldenTraces(options: GoldenOptions, vectors: VectorsInput): Array<{ y: number[]; res: number[] }> {
  refuseUnknownKeys(options, [...CONFIG_KEYS, 'params', 'residuals'], 'options');
  const cfg = configOf(options);
  const xs = vectorsOf(cfg, vectors);
  const rs = residualsOf(cfg, xs, options.residuals);
  const params = paramsOf(cfg, options.params, true);
  const model = new IterL2NormModel(cfg);
  return xs.map((x, k) => {
    const t = model.trace(x, params, rs?.[k]);
    return { y: t.y, res: t.res };
  });
}
