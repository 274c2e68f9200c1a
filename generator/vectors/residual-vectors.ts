/**
 * Residual test vectors r for inputs x (`cosim --vectors N` with --residual, `vectors --residual`),
 * deterministic for the seed and shaped like x (each r as long as its x):
 *   vector 0   r = -x: h = x - x, zeros (the zero sum of squares; inf - inf and NaN stay NaN)
 *   vector 1   r = -x on even elements, random on odd ones (cancellation beside ordinary sums)
 *   vector 2   r = +-half an ulp of x (alternating signs): every sum a tie, rounded to even
 *   the rest   seeded random vectors of their own (randomVectors), independent of x
 */
import { type FloatFormat, classify, decode, encode, ilogb, negate } from '../format/float-format.ts';
import { randomVectors } from './test-vectors.ts';

export function residualTestVectors(fmt: FloatFormat, xs: readonly (readonly number[])[], seed: string): number[][] {
  return xs.map((x, k) => {
    const random = () => randomVectors(fmt, x.length, 1, `residual-${seed}-${k}`)[0]!.words;
    if (k === 0) return x.map((w) => negate(fmt, w));
    if (k === 1) {
      const r = random();
      return x.map((w, i) => (i % 2 === 0 ? negate(fmt, w) : r[i]!));
    }
    if (k === 2) {
      return x.map((w, i) => {
        if (classify(fmt, w) !== 'normal') return 0;
        const half = encode(fmt, (i % 2 === 0 ? 1 : -1) * 2 ** (ilogb(Math.abs(decode(fmt, w))) - fmt.manBits - 1));
        return half;
      });
    }
    return random();
  });
}
