/**
 * The accuracy of one configuration on a fixed vector set, in seconds: the bit-exact model
 * (IterL2NormModel.normalise, every operation of the RTL in its order, the lanes and the adder's
 * registers included) against a reference, worst and mean ulp over every element. `explore`
 * keeps only the configurations within its bound for synthesis.
 *
 * - vectors: `perDistribution` vectors of each distribution of the study (distributions.ts,
 *   seed 1), all of length d (with --d-max: of length D), the same for every configuration;
 * - l2: the correctly rounded x/||x|| (exact-reference.ts), as `iterl2norm accuracy` measures;
 * - rms and layer: gamma 1 and beta 0 (the parameter stores hold them), reference the binary64
 *   RMSNorm / LayerNorm (reference.ts) rounded once into the I/O format;
 * - a vector without a norm (all zeros) is skipped, as in the study.
 */
import type { MacroConfig } from '../config.ts';
import { decode, encode } from '../format/float-format.ts';
import { exactReference } from '../model/exact-reference.ts';
import { IterL2NormModel } from '../model/iterl2norm.ts';
import { layerNormReference, rmsNormReference } from '../model/reference.ts';
import { DISTRIBUTIONS, makeVector } from './distributions.ts';
import { ulpError } from './metrics.ts';

export const ACCURACY_SEED = '1';

export interface ConfigAccuracy {
  /** Largest ulp error of any element (Infinity for a NaN or infinite output). */
  worstUlp: number;
  /** Mean ulp error over the elements. */
  meanUlp: number;
  vectors: number;
  elements: number;
}

/** Vectors and their reference outputs for a (mode, format, d): computed once, shared by every candidate. */
export interface AccuracySet {
  key: string;
  vectors: Array<{ x: number[]; ref: number[] }>;
}

/** The fixed vector set of `cfg`'s mode, format and length (see the file comment). */
export function accuracySet(cfg: MacroConfig, perDistribution: number): AccuracySet {
  const { format: f, d, mode } = cfg;
  const vectors: AccuracySet['vectors'] = [];
  for (const dist of DISTRIBUTIONS) {
    for (let i = 0; i < perDistribution; i++) {
      const x = makeVector(dist, f, ACCURACY_SEED, d, i);
      let ref: number[];
      if (mode === 'l2') {
        const r = exactReference(f, x);
        if (!r.finite) continue;
        ref = r.bits;
      } else {
        const xs = x.map((w) => decode(f, w));
        if (xs.every((v) => v === 0)) continue;
        ref = (mode === 'rms' ? rmsNormReference : layerNormReference)(xs, undefined, undefined, cfg.eps).map((v) => encode(f, v));
      }
      vectors.push({ x, ref });
    }
  }
  return { key: accuracySetKey(cfg, perDistribution), vectors };
}

export const accuracySetKey = (cfg: MacroConfig, perDistribution: number): string => `${cfg.mode}/${cfg.format.name}/${cfg.d}/${cfg.eps}/${perDistribution}`;

/** Worst and mean ulp of `cfg` on `set` (made for the same mode, format and d). */
export function configAccuracy(cfg: MacroConfig, set: AccuracySet): ConfigAccuracy {
  const model = new IterL2NormModel(cfg);
  const f = cfg.format;
  const one = encode(f, 1);
  const zero = encode(f, 0);
  const params = cfg.affine === 'none' ? {} : {
    gamma: new Array<number>(cfg.d).fill(one),
    ...(cfg.affine === 'gamma-beta' ? { beta: new Array<number>(cfg.d).fill(zero) } : {}),
  };
  let worst = 0;
  let sum = 0;
  let elements = 0;
  for (const { x, ref } of set.vectors) {
    const y = model.normalise(x, params);
    for (let i = 0; i < y.length; i++) {
      const e = ulpError(f, y[i]!, ref[i]!);
      if (e > worst) worst = e;
      sum += e;
    }
    elements += y.length;
  }
  return { worstUlp: worst, meanUlp: elements ? sum / elements : 0, vectors: set.vectors.length, elements };
}
