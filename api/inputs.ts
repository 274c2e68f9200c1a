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
