/**
 * Input distributions of the accuracy study. Every vector is a deterministic function of
 * (seed, distribution, d, index): values are drawn as binary64 and rounded once (RNE) into the
 * format, so fp32 and bf16 see the same underlying vectors, and any subset of indices (a
 * sweep, a chunk run by another worker) gives the same vectors as the full study.
 *
 * - gaussian:  x_i = sigma * N(0, 1), sigma = 2^u per vector with u uniform in [-R, R].
 * - llm:       OPT-like activations: channel means mu_c ~ N(0, 0.25), x_i = sigma * (mu_c + N(0, 1)),
 *              and a fixed set of outlier channels (ceil(d / 1024) + 1 of them, the same for
 *              every vector of the seed and d) with a fixed sign and a fixed magnitude factor
 *              in [20, 100]: x_c = sigma * factor_c * (sign_c + 0.25 * N(0, 1)).
 * - student-t: heavy tails, x_i = sigma * t_nu with nu = 3 (t = N(0,1) / sqrt(chi2_nu / nu)).
 * R = 20, clipped for narrow formats to keep every value finite and (mostly) normal.
 */
import seedrandom from 'seedrandom';
import { type FloatFormat, encode } from '../format/float-format.ts';

export const DISTRIBUTIONS = ['gaussian', 'llm', 'student-t'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];
/** Vectors read from a file (--in) use this name in the tables. */
export const FILE_DISTRIBUTION = 'file';

export const STUDENT_NU = 3;
const OUTLIER_MIN = 20;
const OUTLIER_MAX = 100;

type Rng = () => number;

/** A standard normal draw (Box-Muller). */
export function gauss(rng: Rng): number {
  let u = rng();
  while (u <= 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Exponent range R of the per-vector scale 2^u, u in [-R, R]. */
export function scaleRange(fmt: FloatFormat): number {
  return Math.max(0, Math.min(20, fmt.bias - 12));
}

export interface OutlierChannels {
  channels: number[];
  factor: number[];
  sign: number[];
  mean: Float64Array;
}

const channelCache = new Map<string, OutlierChannels>();

/** The fixed outlier channels and channel means of the llm distribution for (seed, d). */
export function outlierChannels(seed: string, d: number): OutlierChannels {
  const key = `${seed}/${d}`;
  let c = channelCache.get(key);
  if (!c) {
    const rng = seedrandom(`${seed}/llm-channels/${d}`);
    const count = Math.min(d, Math.ceil(d / 1024) + 1);
    const idx = Array.from({ length: d }, (_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(rng() * (d - i));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    const channels = idx.slice(0, count).sort((a, b) => a - b);
    const factor = channels.map(() => OUTLIER_MIN + (OUTLIER_MAX - OUTLIER_MIN) * rng());
    const sign = channels.map(() => (rng() < 0.5 ? -1 : 1));
    const mean = new Float64Array(d);
    for (let i = 0; i < d; i++) mean[i] = 0.25 * gauss(rng);
    c = { channels, factor, sign, mean };
    if (channelCache.size > 64) channelCache.clear();
    channelCache.set(key, c);
  }
  return c;
}

/** Vector `index` of the distribution, as binary64 values (before rounding into a format). */
export function vectorValues(dist: Distribution, seed: string, d: number, index: number, range = 20): Float64Array {
  const rng: Rng = seedrandom(`${seed}/${dist}/${d}/${index}`);
  const sigma = 2 ** ((2 * rng() - 1) * range);
  const v = new Float64Array(d);
  if (dist === 'gaussian') {
    for (let i = 0; i < d; i++) v[i] = sigma * gauss(rng);
  } else if (dist === 'student-t') {
    for (let i = 0; i < d; i++) {
      let chi2 = 0;
      for (let k = 0; k < STUDENT_NU; k++) chi2 += gauss(rng) ** 2;
      v[i] = (sigma * gauss(rng)) / Math.sqrt(chi2 / STUDENT_NU);
    }
  } else {
    const oc = outlierChannels(seed, d);
    for (let i = 0; i < d; i++) v[i] = sigma * (oc.mean[i]! + gauss(rng));
    oc.channels.forEach((c, k) => {
      v[c] = sigma * oc.factor[k]! * (oc.sign[k]! + 0.25 * gauss(rng));
    });
  }
  return v;
}

/** Vector `index` as bit patterns of `fmt`. */
export function makeVector(dist: Distribution, fmt: FloatFormat, seed: string, d: number, index: number): number[] {
  const v = vectorValues(dist, seed, d, index, scaleRange(fmt));
  const out = new Array<number>(d);
  for (let i = 0; i < d; i++) out[i] = encode(fmt, v[i]!);
  return out;
}
