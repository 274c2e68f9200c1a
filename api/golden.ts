/** `golden`: the bit-exact model of one configuration over vectors, as `iterl2norm golden`. */
import type { ConfigOptions } from '../generator/config.ts';
import { OptionError } from '../generator/errors.ts';
import { IterL2NormModel } from '../generator/model/iterl2norm.ts';
import { checkStaticScale, quantiserInput, quantizeOutputs } from '../generator/model/quantized.ts';
import { type ParamsInput, type VectorsInput, paramsOf, residualsOf, vectorsOf } from './inputs.ts';
import { CONFIG_KEYS, configOf, refuseUnknownKeys } from './options.ts';

export interface GoldenOptions extends ConfigOptions {
  /** gamma (and beta): required when the configuration is affine (rms and layer by default). */
  params?: ParamsInput;
  /** With `residual`: the residual vectors r, one per vector and as long (bit patterns or a vector file's path). */
  residuals?: VectorsInput;
  /** With outScale 'static': the scale s as its fp32 bit pattern (as the command's --scales file). */
  scales?: number;
}

/** The outputs of golden and their scales (with outFormat: per vector the fp32 s, or the E8M0 block scales). */
export interface GoldenResult {
  outputs: number[][];
  scales: number[][] | undefined;
}

/**
 * The macro's outputs for `vectors` (arrays of I/O-format bit patterns, d each, or 1..dMax each
 * for a dMax design; or a vector file's path): the same bit patterns the generated RTL returns,
 * one array per vector; with outFormat, the codes (goldenWithScales gives the scales too).
 * Throws OptionError for a bad option or vector, UsageError for a malformed vector file.
 */
export function golden(options: GoldenOptions, vectors: VectorsInput): number[][] {
  return goldenTraces(options, vectors).map((t) => t.y);
}

/**
 * The macro's outputs and, with outFormat, their scales: what `golden --out FILE --scales-out
 * FILE` writes. Throws as `golden`.
 */
export function goldenWithScales(options: GoldenOptions, vectors: VectorsInput): GoldenResult {
  const traces = goldenTraces(options, vectors);
  return { outputs: traces.map((t) => t.y), scales: traces[0]?.scales === undefined ? undefined : traces.map((t) => t.scales!) };
}

/**
 * `golden` with `residual`: each vector's outputs `y` and `res` (h = x + r in the I/O format, the
 * out_res words); without `residual`, `res` is empty. With outFormat, `y` are the codes and
 * `scales` their scales.
 */
export function goldenTraces(options: GoldenOptions, vectors: VectorsInput): Array<{ y: number[]; res: number[]; scales?: number[] }> {
  refuseUnknownKeys(options, [...CONFIG_KEYS, 'params', 'residuals', 'scales'], 'options');
  const cfg = configOf(options);
  if (options.scales !== undefined && cfg.outScale !== 'static') {
    throw new OptionError({ option: 'scales', got: options.scales, others: ['outScale'], allowed: 'only with outScale static', text: '{scales} is the static scale of {outScale} static; this configuration has none: remove it' });
  }
  if (cfg.outScale === 'static' && options.scales === undefined) {
    throw new OptionError({ option: 'scales', others: ['outScale'], allowed: 'the fp32 pattern of s', text: '{outScale} static needs {scales}: the fp32 bit pattern of the scale s' });
  }
  const staticScale = options.scales === undefined ? undefined : checkStaticScale(options.scales);
  const xs = vectorsOf(cfg, vectors);
  const rs = residualsOf(cfg, xs, options.residuals);
  const params = paramsOf(cfg, options.params, true);
  const model = new IterL2NormModel(cfg);
  return xs.map((x, k) => {
    const t = model.trace(x, params, rs?.[k], cfg.outFormat ? quantiserInput(cfg) : cfg.format);
    if (!cfg.outFormat) return { y: t.y, res: t.res };
    const q = quantizeOutputs(cfg, t.y, staticScale);
    return { y: q.codes, res: t.res, scales: q.scales };
  });
}
