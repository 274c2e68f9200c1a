/**
 * The metrics of the accuracy study (defined in docs/accuracy.md), for one output vector y
 * (bit patterns of the I/O format) against the reference:
 *
 * - ulp error of element i: |ord(y_i) - ord(r_i)|, r_i the correctly rounded x_i/||x||, ord the
 *   signed ordinal of a pattern (consecutive values differ by one, across zero and through the
 *   subnormals; +0 and -0 are both 0). Infinite when y_i is NaN or infinite.
 * - relative L2 error of the vector: ||y - u|| / ||u||, u = x/||x|| unrounded (binary64, error < 2^-51).
 * - norm error: | ||y|| - 1 |, with ||y||^2 summed in compensated (Neumaier) binary64.
 *
 * `Stats` accumulates them over vectors: max and mean ulp (over elements), the shares of
 * elements exactly rounded and within 1 ulp, max and mean of the two vector metrics.
 */
import { type FloatFormat, decode, pow2 } from '../format/float-format.ts';

export interface VectorMetrics {
  maxUlp: number;
  sumUlp: number;
  /** Elements with ulp error 0. */
  exact: number;
  /** Elements with ulp error <= 1. */
  within1: number;
  /** Index of the first element with the largest ulp error. */
  worstElement: number;
  relL2: number;
  normErr: number;
}

/** Signed ordinal of a pattern; NaN for NaN and infinities. */
function ordinal(fmt: FloatFormat, bits: number, signBit: number, inf: number): number {
  const mag = bits >= signBit ? bits - signBit : bits;
  if (mag >= inf) return NaN;
  return bits >= signBit ? -mag : mag;
}

/** |ord(a) - ord(b)| in ulps; Infinity when either is NaN or infinite (and they differ). */
export function ulpError(fmt: FloatFormat, a: number, b: number): number {
  if (a === b) return 0;
  const s = pow2(fmt.expBits + fmt.manBits);
  const inf = (pow2(fmt.expBits) - 1) * pow2(fmt.manBits);
  const d = Math.abs(ordinal(fmt, a, s, inf) - ordinal(fmt, b, s, inf));
  return Number.isNaN(d) ? Infinity : d;
}

/** The metrics of output y (patterns of fmt) against the reference patterns and unrounded values. */
export function vectorMetrics(fmt: FloatFormat, y: readonly number[], refBits: readonly number[], refValue: Float64Array): VectorMetrics {
  const s = pow2(fmt.expBits + fmt.manBits);
  const inf = (pow2(fmt.expBits) - 1) * pow2(fmt.manBits);
  let maxUlp = 0;
  let sumUlp = 0;
  let exact = 0;
  let within1 = 0;
  let worstElement = 0;
  let err2 = 0;
  let ref2 = 0;
  let hi = 0;
  let lo = 0; // Neumaier: sum of y_i^2 = hi + lo
  for (let i = 0; i < y.length; i++) {
    const yi = y[i]!;
    const ri = refBits[i]!;
    let e = 0;
    if (yi !== ri) {
      const d = Math.abs(ordinal(fmt, yi, s, inf) - ordinal(fmt, ri, s, inf));
      e = Number.isNaN(d) ? Infinity : d;
    }
    if (e > maxUlp) {
      maxUlp = e;
      worstElement = i;
    }
    sumUlp += e;
    if (e === 0) exact++;
    if (e <= 1) within1++;
    const v = decode(fmt, yi);
    const u = refValue[i]!;
    err2 += (v - u) * (v - u);
    ref2 += u * u;
    const q = v * v;
    const t = hi + q;
    lo += Math.abs(hi) >= Math.abs(q) ? hi - t + q : q - t + hi;
    hi = t;
  }
  const relL2 = ref2 > 0 ? Math.sqrt(err2 / ref2) : NaN;
  const normErr = Math.abs((hi - 1 + lo) / (Math.sqrt(hi + lo) + 1));
  return { maxUlp, sumUlp, exact, within1, worstElement, relL2: Number.isNaN(relL2) ? Infinity : relL2, normErr: Number.isNaN(normErr) ? Infinity : normErr };
}

/** Metrics accumulated over vectors. */
export interface Stats {
  vectors: number;
  elements: number;
  maxUlp: number;
  sumUlp: number;
  exact: number;
  within1: number;
  maxRelL2: number;
  sumRelL2: number;
  maxNormErr: number;
  sumNormErr: number;
  /** Where the largest ulp error was first seen: vector index (within its distribution) and element. */
  worst: { dist: string; d: number; vector: number; element: number } | null;
}

export function emptyStats(): Stats {
  return { vectors: 0, elements: 0, maxUlp: 0, sumUlp: 0, exact: 0, within1: 0, maxRelL2: 0, sumRelL2: 0, maxNormErr: 0, sumNormErr: 0, worst: null };
}

/** Adds one vector's metrics. */
export function addVector(st: Stats, m: VectorMetrics, d: number, where: { dist: string; d: number; vector: number }): void {
  if (st.worst === null || m.maxUlp > st.maxUlp) st.worst = { ...where, element: m.worstElement };
  st.vectors++;
  st.elements += d;
  st.maxUlp = Math.max(st.maxUlp, m.maxUlp);
  st.sumUlp += m.sumUlp;
  st.exact += m.exact;
  st.within1 += m.within1;
  st.maxRelL2 = Math.max(st.maxRelL2, m.relL2);
  st.sumRelL2 += m.relL2;
  st.maxNormErr = Math.max(st.maxNormErr, m.normErr);
  st.sumNormErr += m.normErr;
}

/** a + b (b's vectors after a's: a's worst case wins ties). Returns a new object. */
export function mergeStats(a: Stats, b: Stats): Stats {
  const worst = a.worst === null || (b.worst !== null && b.maxUlp > a.maxUlp) ? b.worst : a.worst;
  return {
    vectors: a.vectors + b.vectors,
    elements: a.elements + b.elements,
    maxUlp: Math.max(a.maxUlp, b.maxUlp),
    sumUlp: a.sumUlp + b.sumUlp,
    exact: a.exact + b.exact,
    within1: a.within1 + b.within1,
    maxRelL2: Math.max(a.maxRelL2, b.maxRelL2),
    sumRelL2: a.sumRelL2 + b.sumRelL2,
    maxNormErr: Math.max(a.maxNormErr, b.maxNormErr),
    sumNormErr: a.sumNormErr + b.sumNormErr,
    worst,
  };
}

export const meanUlp = (s: Stats): number => (s.elements ? s.sumUlp / s.elements : 0);
export const meanRelL2 = (s: Stats): number => (s.vectors ? s.sumRelL2 / s.vectors : 0);
export const meanNormErr = (s: Stats): number => (s.vectors ? s.sumNormErr / s.vectors : 0);
