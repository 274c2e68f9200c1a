/**
 * Vectors and affine parameters as a library call gives them: in memory (arrays of bit patterns
 * of the I/O format) or as the path of a vector file (docs/contract.md "Vector files"), checked
 * as the command line checks its files.
 */
import type { MacroConfig } from '../generator/config.ts';
import type { AffineParams } from '../generator/model/iterl2norm.ts';
import { affineParamsFromRows, checkAffineParams } from '../generator/vectors/affine-params.ts';
import { readVectorFile } from '../generator/vectors/vector-file.ts';
import { checkVectors } from '../generator/vectors/vector-words.ts';
import { OptionError } from '../generator/errors.ts';

/** Vectors: arrays of bit patterns, or a vector file's path. */
export type VectorsInput = readonly (readonly number[])[] | string;

/** gamma (and beta) as arrays of d bit patterns, or a vector file with a gamma line (and a beta line). */
export type ParamsInput = AffineParams | string;

export function vectorsOf(cfg: MacroConfig, vectors: VectorsInput, option = 'vectors'): number[][] {
  if (typeof vectors === 'string') return readVectorFile(vectors, cfg.format, cfg.d, cfg.runtimeLength);
  return checkVectors(option, vectors, cfg.format, cfg.d, cfg.runtimeLength);
}

/** The parameters of a call; `required`: the call cannot draw its own (golden). */
export function paramsOf(cfg: MacroConfig, params: ParamsInput | undefined, required: boolean): AffineParams | undefined {
  if (typeof params !== 'string') return checkAffineParams(cfg, params, required);
  if (cfg.affine === 'none') return checkAffineParams(cfg, {}, required, params);
  return affineParamsFromRows(cfg, readVectorFile(params, cfg.format, cfg.d), params);
}

/**
 * The residual vectors of a call: one per input vector and as long, refused without `residual`;
 * `required`: the call cannot make its own (golden). Undefined: none given (cosim makes them).
 */
export function residualsOf(cfg: MacroConfig, xs: readonly (readonly number[])[], residuals: VectorsInput | undefined, required = true): number[][] | undefined {
  if (residuals === undefined) {
    if (cfg.residual !== null && required) throw new OptionError({ option: 'residuals', allowed: 'one residual vector per vector', text: 'a {residual} configuration normalises x + r: give {residuals}, one residual vector per vector and as long' });
    return undefined;
  }
  if (cfg.residual === null) throw new OptionError({ option: 'residuals', got: '(given)', others: ['residual'], allowed: 'only with residual', text: '{residuals} belong to a {residual} configuration: add {residual} or remove {residuals}' });
  const rs = vectorsOf(cfg, residuals, 'residuals');
  const k = rs.length !== xs.length ? -1 : rs.findIndex((r, i) => r.length !== xs[i]!.length);
  if (rs.length !== xs.length || k >= 0) {
    throw new OptionError({ option: 'residuals', got: '(given)', allowed: 'one residual vector per vector, as long as it',
      text: rs.length !== xs.length ? `{residuals}: ${rs.length} vectors for ${xs.length} input vectors; give one per input vector` : `{residuals}: vector ${k} has ${rs[k]!.length} words, its input vector ${xs[k]!.length}; give each the length of its input vector` });
  }
  return rs;
}
