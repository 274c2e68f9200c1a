/**
 * The extremes of a format: vectors of finite values at the edges of its range, up to the
 * largest d (65536), on which the sum of squares and the scalar loop must neither overflow nor
 * underflow. `checkExtremes` runs a configuration's bit-exact model on them and measures the
 * outputs against the exact reference.
 */
import { type ConfigOptions, resolveConfig } from '../config.ts';
import { type FloatFormat, encode, maxFiniteBits, negate, parseFormat, pow2 } from '../format/float-format.ts';
import { exactReference } from '../model/exact-reference.ts';
import { IterL2NormModel } from '../model/iterl2norm.ts';
import { D_MAX } from '../format/range.ts';
import { vectorMetrics } from './metrics.ts';

export interface ExtremeCase {
  name: string;
  d: number;
  words: number[];
}

/** Extreme vectors of `fmt`; `dMax` caps the long ones (default 65536). */
export function extremeCases(fmt: FloatFormat, dMax = D_MAX): ExtremeCase[] {
  const max = maxFiniteBits(fmt);
  const minSub = 1;
  const minNorm = pow2(fmt.manBits);
  const maxSub = minNorm - 1;
  const big = dMax;
  const mid = Math.min(768, dMax);
  const fill = (d: number, f: (i: number) => number) => Array.from({ length: d }, (_, i) => f(i));
  // a deterministic spread over every binade: exponent field cycles 0 .. 2^E - 2, varied mantissa
  const top = pow2(fmt.expBits) - 1;
  const spread = (d: number) => fill(d, (i) => ((i * 7919) % top) * pow2(fmt.manBits) + ((i * 104729) % pow2(fmt.manBits)) + (i % 2 ? pow2(fmt.expBits + fmt.manBits) : 0));
  return [
    { name: `every element the largest finite value, d=${big}`, d: big, words: fill(big, () => max) },
    { name: `alternating +-largest finite value, d=${big}`, d: big, words: fill(big, (i) => (i % 2 ? negate(fmt, max) : max)) },
    { name: `every element the smallest subnormal, d=${big}`, d: big, words: fill(big, () => minSub) },
    { name: `every element the largest subnormal, d=${big}`, d: big, words: fill(big, () => maxSub) },
    { name: `every element the smallest normal, d=${big}`, d: big, words: fill(big, () => minNorm) },
    { name: `one smallest subnormal, the rest zeros, d=${mid}`, d: mid, words: fill(mid, (i) => (i === 1 ? negate(fmt, minSub) : 0)) },
    { name: `one largest finite value, the rest smallest subnormals, d=${mid}`, d: mid, words: fill(mid, (i) => (i === 0 ? max : minSub)) },
    { name: `values spread over every binade, d=${mid}`, d: mid, words: spread(mid) },
    { name: `values spread over every binade, d=${big}`, d: big, words: spread(big) },
    { name: `sqrt of the largest value, d=${mid}`, d: mid, words: fill(mid, (i) => encode(fmt, (i % 3 ? 1 : -1) * Math.sqrt(pow2(fmt.bias)) * (1 + i / mid))) },
  ];
}

export interface ExtremeResult {
  name: string;
  d: number;
  maxUlp: number;
  /** Outputs that are NaN. */
  nan: number;
  /** Outputs that are zero where the exact result is not. */
  lostToZero: number;
}

/** Runs the model of the configuration (format from `opts`, d from each case) on every extreme case. */
export function checkExtremes(opts: ConfigOptions, dMax = D_MAX): ExtremeResult[] {
  const fmt = parseFormat(opts.format ?? 'bf16');
  return extremeCases(fmt, dMax).map((c) => {
    const cfg = resolveConfig({ ...opts, d: c.d });
    const y = new IterL2NormModel(cfg).normalise(c.words);
    const ref = exactReference(fmt, c.words);
    const m = vectorMetrics(fmt, y, ref.bits, ref.value);
    const inf = (pow2(fmt.expBits) - 1) * pow2(fmt.manBits);
    const sign = pow2(fmt.expBits + fmt.manBits);
    const mag = (w: number) => (w >= sign ? w - sign : w);
    let nan = 0;
    let lostToZero = 0;
    y.forEach((w, i) => {
      if (mag(w) > inf) nan++;
      else if (mag(w) === 0 && mag(ref.bits[i]!) !== 0) lostToZero++;
    });
    return { name: c.name, d: c.d, maxUlp: m.maxUlp, nan, lostToZero };
  });
}
