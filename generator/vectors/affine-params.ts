/**
 * Affine parameters for tests and demos: gamma near 1 and beta near 0, as trained LayerNorm
 * and RMSNorm parameters are, with a few larger gammas (the outlier channels of LLMs).
 * Deterministic for a seed; I/O format bit patterns of length d.
 */
import seedrandom from 'seedrandom';
import type { MacroConfig } from '../config.ts';
import { encode } from '../format/float-format.ts';
import { OptionError } from '../errors.ts';
import { checkWords } from './vector-words.ts';
import type { AffineParams } from '../model/iterl2norm.ts';

export function randomAffineParams(cfg: MacroConfig, seed: string): AffineParams {
  const rng = seedrandom(seed);
  const gamma = Array.from({ length: cfg.d }, () => encode(cfg.format, (rng() < 0.02 ? 8 : 1) * (0.5 + rng())));
  const beta = Array.from({ length: cfg.d }, () => encode(cfg.format, (rng() - 0.5) * 0.2));
  return cfg.affine === 'gamma-beta' ? { gamma, beta } : cfg.affine === 'gamma' ? { gamma } : {};
}

/** Where parameters came from, for messages: a file's path, or nothing for values given in memory. */
type ParamsSource = string | undefined;

const lineCount = (cfg: MacroConfig) => (cfg.affine === 'gamma-beta' ? '2 lines (gamma, then beta)' : '1 line (gamma)');

/** gamma (row 1) and beta (row 2) of a parameter vector file, as many rows as the configuration takes. */
export function affineParamsFromRows(cfg: MacroConfig, rows: number[][], file: string): AffineParams {
  refuseParamsWithoutAffine(cfg, file);
  const want = cfg.affine === 'gamma-beta' ? 2 : 1;
  if (rows.length !== want) {
    throw new OptionError({ option: 'params', got: rows.length, others: ['affine'], allowed: lineCount(cfg), text: `${file}: expected ${lineCount(cfg)} for {affine} ${cfg.affine}, got ${rows.length}` });
  }
  return want === 2 ? { gamma: rows[0], beta: rows[1] } : { gamma: rows[0] };
}

function refuseParamsWithoutAffine(cfg: MacroConfig, source: ParamsSource): void {
  if (cfg.affine === 'none') {
    throw new OptionError({ option: 'params', got: source, others: ['affine'], allowed: 'no parameters with affine none', text: `{params}${source === undefined ? '' : ` ${source}`}: this configuration has no affine parameters ({affine} none)` });
  }
}

/**
 * The parameters of a call checked against the configuration: none for affine none, gamma (and
 * beta for gamma-beta) of d bit patterns each otherwise. `required`: the call cannot make its own
 * (golden; cosim draws seeded random ones).
 */
export function checkAffineParams(cfg: MacroConfig, params: AffineParams | undefined, required: boolean, source?: ParamsSource): AffineParams | undefined {
  if (params === undefined) {
    if (required && cfg.affine !== 'none') {
      throw new OptionError({ option: 'params', others: ['affine'], allowed: cfg.affine === 'gamma-beta' ? 'gamma and beta' : 'gamma', text: `{affine} ${cfg.affine} needs {params} (gamma${cfg.affine === 'gamma-beta' ? ' and beta' : ''})` });
    }
    return undefined;
  }
  refuseParamsWithoutAffine(cfg, source);
  const shape = cfg.affine === 'gamma-beta' ? '{ gamma, beta }' : '{ gamma }';
  if (typeof params !== 'object' || params === null || params.gamma === undefined || (cfg.affine === 'gamma-beta') !== (params.beta !== undefined)) {
    throw new OptionError({ option: 'params', got: params === null || typeof params !== 'object' ? params : Object.keys(params), others: ['affine'], allowed: shape, text: `{params} for {affine} ${cfg.affine} must be ${shape}, ${cfg.d} bit patterns each` });
  }
  const gamma = checkWords('params', 'gamma', params.gamma, cfg.format, cfg.d);
  return params.beta === undefined ? { gamma } : { gamma, beta: checkWords('params', 'beta', params.beta, cfg.format, cfg.d) };
}
