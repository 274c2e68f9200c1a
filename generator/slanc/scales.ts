/**
 * SLaNC static scales (Salmani, Trukhanov, Soloveychik, arXiv 2410.10553; docs/algorithm.md
 * section 5) and the linear algebra they need, in float64.
 *
 * Convention. Matrices are the weights exactly as PyTorch's nn.Linear stores them: `weight` is
 * [out_features, in_features] and the layer computes y = W x for a column vector x (y = x W^T
 * on row vectors). With that convention the papers' products are plain matrix products of the
 * stored tensors:
 *
 *   attention      W_O W_V       = out_proj.weight [d, d]  . v_proj.weight [d, d]
 *   OPT MLP        W_2 W_1       = fc2.weight [d, f]       . fc1.weight [f, d]
 *   gated MLP      W_down W_up   = down_proj.weight [d, f] . up_proj.weight [f, d]
 *                  W_gate        = gate_proj.weight [f, d]
 *   diag(gamma)    multiplies the columns (the input side): (A diag(gamma))_ij = A_ij gamma_j.
 *
 * Multi-head attention: v_proj.weight's rows are the heads' value projections stacked head
 * after head and out_proj.weight's columns take the concatenated heads in the same order, so
 * W_O W_V = sum_h W_O^(h) W_V^(h): the value path of every head with the softmax averaging
 * left out (the formula's linearisation), an ordinary [d, d] product.
 * Grouped-query attention (v_proj has fewer rows than o_proj has columns): the KV heads are
 * repeated as the model does at run time (query head h reads KV head floor(h / n_rep), Hugging
 * Face's repeat_kv), which is the same as summing, for each KV head, the columns of W_O of the
 * query heads that share it; this needs the number of query heads.
 *
 * Products: C = A B with a transposed copy of B, 4x4 register blocks and a k-blocking of 256
 * (about 1 GFLOP/s of multiply-adds in one V8 thread: d = 768 in about 0.5 s).
 * Frobenius norm: a scaled sum of squares (no overflow for any finite entries).
 * Spectral norm: power iteration on the Gram matrix G = A^T A (or A A^T, the smaller) from a
 * seeded random start vector v_0; the estimate sigma_t = sqrt(||G v_t||) (||v_t|| = 1) never
 * exceeds sigma_max and does not decrease; the loop stops when it changes by less than `tol`
 * (relative) between two iterations, or after `maxIterations` (then `converged` is false and
 * the estimate is still a lower bound). The error left when it stops is about
 * tol * r / (1 - r), r = (sigma_2 / sigma_1)^2 the convergence ratio: close singular values
 * (a Gaussian matrix without outlier gains) need hundreds of iterations, a matrix with a few
 * outlier gain channels tens.
 */
import seedrandom from 'seedrandom';
import { UsageError } from '../errors.ts';
import { type FloatFormat, ilogb, maxFinite, minNormal, pow2 } from '../format/float-format.ts';
import type { Tensor } from './tensor.ts';

export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major, rows * cols values. */
  readonly data: Float64Array;
}

/** A 2-D tensor as a matrix (UsageError naming the tensor otherwise). */
export function asMatrix(t: Tensor): Matrix {
  if (t.shape.length !== 2) throw new UsageError(`tensor "${t.name}" has shape [${t.shape.join(', ')}]: expected a matrix [out, in]`);
  return { rows: t.shape[0]!, cols: t.shape[1]!, data: t.data };
}

/** A 1-D tensor as a vector (a [1, n] or [n, 1] matrix is accepted too). */
export function asVector(t: Tensor): Float64Array {
  const dims = t.shape.filter((s) => s !== 1);
  if (dims.length > 1 || t.shape.length === 0) throw new UsageError(`tensor "${t.name}" has shape [${t.shape.join(', ')}]: expected a vector`);
  return t.data;
}

export function identity(n: number): Matrix {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return { rows: n, cols: n, data };
}

/** Row-major copy padded with zeros to `rows` x `cols`. */
function padded(m: Matrix, rows: number, cols: number): Float64Array {
  if (rows === m.rows && cols === m.cols) return m.data;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < m.rows; i++) out.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), i * cols);
  return out;
}

const KB = 256;

/** C = A B (float64). */
export function matmul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new Error(`matmul: [${a.rows}, ${a.cols}] . [${b.rows}, ${b.cols}]`);
  const m = a.rows;
  const k = a.cols;
  const n = b.cols;
  const mp = (m + 3) & ~3;
  const np = (n + 3) & ~3;
  const A = padded(a, mp, k);
  // T = B^T padded to np rows: row j of T is column j of B.
  const T = new Float64Array(np * k);
  for (let p = 0; p < k; p++) {
    const bp = p * n;
    for (let j = 0; j < n; j++) T[j * k + p] = b.data[bp + j]!;
  }
  const C = new Float64Array(mp * np);
  for (let p0 = 0; p0 < k; p0 += KB) {
    const p1 = Math.min(k, p0 + KB);
    for (let i = 0; i < mp; i += 4) {
      const a0 = i * k;
      const a1 = a0 + k;
      const a2 = a1 + k;
      const a3 = a2 + k;
      for (let j = 0; j < np; j += 4) {
        const b0 = j * k;
        const b1 = b0 + k;
        const b2 = b1 + k;
        const b3 = b2 + k;
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        for (let p = p0; p < p1; p++) {
          const x0 = A[a0 + p]!, x1 = A[a1 + p]!, x2 = A[a2 + p]!, x3 = A[a3 + p]!;
          const y0 = T[b0 + p]!, y1 = T[b1 + p]!, y2 = T[b2 + p]!, y3 = T[b3 + p]!;
          s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
          s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
          s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
          s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
        }
        let c = i * np + j;
        C[c] += s00; C[c + 1] += s01; C[c + 2] += s02; C[c + 3] += s03; c += np;
        C[c] += s10; C[c + 1] += s11; C[c + 2] += s12; C[c + 3] += s13; c += np;
        C[c] += s20; C[c + 1] += s21; C[c + 2] += s22; C[c + 3] += s23; c += np;
        C[c] += s30; C[c + 1] += s31; C[c + 2] += s32; C[c + 3] += s33;
      }
    }
  }
  if (mp === m && np === n) return { rows: m, cols: n, data: C };
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) out.set(C.subarray(i * np, i * np + n), i * n);
  return { rows: m, cols: n, data: out };
}

/** A diag(gamma): column j times gamma_j. */
export function scaleColumns(a: Matrix, gamma: ArrayLike<number>): Matrix {
  if (gamma.length !== a.cols) throw new Error(`scaleColumns: ${a.cols} columns, ${gamma.length} gains`);
  const data = new Float64Array(a.data.length);
  for (let i = 0; i < a.rows; i++) {
    const r = i * a.cols;
    for (let j = 0; j < a.cols; j++) data[r + j] = a.data[r + j]! * gamma[j]!;
  }
  return { rows: a.rows, cols: a.cols, data };
}

/** I + A for a square A. */
export function addIdentity(a: Matrix): Matrix {
  if (a.rows !== a.cols) throw new Error(`addIdentity: [${a.rows}, ${a.cols}] is not square`);
  const data = Float64Array.from(a.data);
  for (let i = 0; i < a.rows; i++) data[i * a.cols + i]! += 1;
  return { rows: a.rows, cols: a.cols, data };
}

/** sqrt(sum of squares) of any values, scaled (LAPACK dnrm2 style) so it cannot overflow. */
export function euclidean(values: ArrayLike<number>): number {
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]!);
    if (v === 0) continue;
    if (v !== v || v === Infinity) return v;
    if (scale < v) {
      ssq = 1 + ssq * (scale / v) * (scale / v);
      scale = v;
    } else {
      ssq += (v / scale) * (v / scale);
    }
  }
  return scale * Math.sqrt(ssq);
}

export function frobenius(a: Matrix): number {
  return euclidean(a.data);
}

export interface SpectralOptions {
  /** Seed of the start vector (seedrandom). */
  seed?: string;
  /** Stop when the estimate changes by less than tol * estimate. Default 1e-9. */
  tol?: number;
  /** Default 1000. */
  maxIterations?: number;
}

export interface SpectralResult {
  sigma: number;
  iterations: number;
  converged: boolean;
  /** Relative change of the estimate in the last iteration. */
  lastChange: number;
}

/** A^T (row-major transpose). */
export function transpose(a: Matrix): Matrix {
  const data = new Float64Array(a.data.length);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) data[j * a.rows + i] = a.data[i * a.cols + j]!;
  return { rows: a.cols, cols: a.rows, data };
}

/** Largest singular value of A by power iteration on its Gram matrix (see the file comment). */
export function spectralNorm(a: Matrix, opts: SpectralOptions = {}): SpectralResult {
  const tol = opts.tol ?? 1e-9;
  const maxIterations = opts.maxIterations ?? 1000;
  // G = A^T A or A A^T, whichever is smaller: n x n with n = min(rows, cols). Forming it costs
  // n^2 max(rows, cols) once; every iteration then costs n^2 instead of 2 rows cols.
  const g = a.rows >= a.cols ? matmul(transpose(a), a) : matmul(a, transpose(a));
  const n = g.rows;
  const G = g.data;
  const rng = seedrandom(opts.seed ?? 'slanc-spectral');
  let v = new Float64Array(n);
  for (let j = 0; j < n; j++) v[j] = rng() * 2 - 1;
  const nv = euclidean(v);
  if (nv === 0 || n === 0) return { sigma: 0, iterations: 0, converged: true, lastChange: 0 };
  for (let j = 0; j < n; j++) v[j]! /= nv;
  let sigma = 0;
  let change = Infinity;
  let it = 0;
  while (it < maxIterations) {
    it++;
    // w = G v; ||G v|| <= lambda_max = sigma_max^2 for a unit v, non-decreasing over the iterations.
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = i * n;
      let s = 0;
      for (let j = 0; j < n; j++) s += G[r + j]! * v[j]!;
      w[i] = s;
    }
    const lambda = euclidean(w);
    const next = Math.sqrt(lambda);
    change = sigma === 0 ? Infinity : Math.abs(next - sigma) / next;
    sigma = next;
    if (lambda === 0) return { sigma: 0, iterations: it, converged: true, lastChange: 0 };
    for (let j = 0; j < n; j++) w[j]! /= lambda;
    v = w;
    if (change <= tol) return { sigma, iterations: it, converged: true, lastChange: change };
  }
  return { sigma, iterations: it, converged: change <= tol, lastChange: change };
}

// ---------------------------------------------------------------------------------------------
// The published formulas.

/** A weight matrix or gain vector with the name it has in the checkpoint (for messages). */
export interface Named<T> {
  readonly name: string;
  readonly value: T;
}

export type BlockKind = 'attention' | 'mlp' | 'gated-mlp';

export interface ScaleResult {
  kind: BlockKind;
  formula: string;
  /** The SLaNC factor s. */
  s: number;
  /** Parts of s, for the report. */
  parts: Record<string, number>;
  /** Spectral norm iteration report (gated MLP only). */
  spectral?: SpectralResult;
}

function shapeError(what: string, m: Named<Matrix>, expected: string): UsageError {
  return new UsageError(`${what}: "${m.name}" is [${m.value.rows}, ${m.value.cols}], expected ${expected}`);
}

function checkGamma(what: string, gamma: Named<Float64Array>, d: number): void {
  if (gamma.value.length !== d) throw new UsageError(`${what}: gain "${gamma.name}" has ${gamma.value.length} elements, expected d = ${d}`);
}

/** ||(I + P) diag(gamma)||_F without forming the sum. */
function identityPlusFrobenius(p: Matrix, gamma: Float64Array): { total: number; product: number } {
  const d = p.rows;
  const withI = new Float64Array(d * d);
  const without = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const v = p.data[i * d + j]! * gamma[j]!;
      without[i * d + j] = v;
      withI[i * d + j] = i === j ? v + gamma[j]! : v;
    }
  }
  return { total: euclidean(withI), product: euclidean(without) };
}

/**
 * W_O with the columns of the query heads that share a KV head summed, so that
 * W_O' W_V = W_O repeat_kv(W_V). Returns W_O itself for plain multi-head attention.
 */
export function foldGroupedHeads(wo: Named<Matrix>, wv: Named<Matrix>, heads: number | undefined): Matrix {
  const { rows: d, cols: hq } = wo.value;
  const hkv = wv.value.rows;
  if (hq === hkv) return wo.value;
  const what = 'attention block';
  if (hq % hkv !== 0) throw new UsageError(`${what}: "${wo.name}" has ${hq} input columns, not a multiple of the ${hkv} rows of "${wv.name}"`);
  if (heads === undefined) {
    throw new UsageError(`${what}: grouped-query attention ("${wv.name}" has ${hkv} rows, "${wo.name}" ${hq} columns): give --heads N (query heads) or put the checkpoint's config.json beside it`);
  }
  if (hq % heads !== 0) throw new UsageError(`${what}: ${heads} heads do not divide the ${hq} columns of "${wo.name}"`);
  const hd = hq / heads;
  if (hkv % hd !== 0) throw new UsageError(`${what}: head size ${hd} (${hq} / ${heads} heads) does not divide the ${hkv} rows of "${wv.name}"`);
  const kvHeads = hkv / hd;
  const rep = heads / kvHeads;
  const out = new Float64Array(d * hkv);
  for (let i = 0; i < d; i++) {
    for (let h = 0; h < heads; h++) {
      const g = Math.floor(h / rep);
      for (let c = 0; c < hd; c++) out[i * hkv + g * hd + c]! += wo.value.data[i * hq + h * hd + c]!;
    }
  }
  return { rows: d, cols: hkv, data: out };
}

/** After an attention block: s = ||(I + W_O W_V) diag(gamma)||_F. */
export function attentionScale(wv: Named<Matrix>, wo: Named<Matrix>, gamma: Named<Float64Array>, heads?: number): ScaleResult {
  const what = 'attention block';
  const d = wv.value.cols;
  if (wo.value.rows !== d) throw shapeError(what, wo, `[${d}, *] to match "${wv.name}" [*, ${d}]`);
  checkGamma(what, gamma, d);
  const p = matmul(foldGroupedHeads(wo, wv, heads), wv.value);
  const f = identityPlusFrobenius(p, gamma.value);
  return {
    kind: 'attention',
    formula: '||(I + W_O W_V) diag(gamma)||_F',
    s: f.total,
    parts: { 'gamma_F': euclidean(gamma.value), 'WoWv_gamma_F': f.product },
  };
}

/** After a plain (OPT) MLP block: s = ||(I + W_2 W_1) diag(gamma)||_F. */
export function mlpScale(w1: Named<Matrix>, w2: Named<Matrix>, gamma: Named<Float64Array>): ScaleResult {
  const what = 'MLP block';
  const d = w1.value.cols;
  const f = w1.value.rows;
  if (w2.value.rows !== d || w2.value.cols !== f) throw shapeError(what, w2, `[${d}, ${f}] to match "${w1.name}" [${f}, ${d}]`);
  checkGamma(what, gamma, d);
  const p = matmul(w2.value, w1.value);
  const fr = identityPlusFrobenius(p, gamma.value);
  return {
    kind: 'mlp',
    formula: '||(I + W_2 W_1) diag(gamma)||_F',
    s: fr.total,
    parts: { 'gamma_F': euclidean(gamma.value), 'W2W1_gamma_F': fr.product },
  };
}

/** After a gated (Llama) MLP block: s = ||W_down W_up diag(gamma)||_F * ||W_gate diag(gamma)||_2. */
export function gatedMlpScale(
  gate: Named<Matrix>, up: Named<Matrix>, down: Named<Matrix>, gamma: Named<Float64Array>, spectral: SpectralOptions = {},
): ScaleResult {
  const what = 'gated MLP block';
  const d = up.value.cols;
  const f = up.value.rows;
  if (gate.value.rows !== f || gate.value.cols !== d) throw shapeError(what, gate, `[${f}, ${d}] like "${up.name}"`);
  if (down.value.rows !== d || down.value.cols !== f) throw shapeError(what, down, `[${d}, ${f}] to match "${up.name}" [${f}, ${d}]`);
  checkGamma(what, gamma, d);
  const fro = frobenius(matmul(down.value, scaleColumns(up.value, gamma.value)));
  const sp = spectralNorm(scaleColumns(gate.value, gamma.value), spectral);
  return {
    kind: 'gated-mlp',
    formula: '||W_down W_up diag(gamma)||_F * ||W_gate diag(gamma)||_2',
    s: fro * sp.sigma,
    parts: { 'WdownWup_gamma_F': fro, 'Wgate_gamma_2': sp.sigma },
    spectral: sp,
  };
}

// ---------------------------------------------------------------------------------------------
// The hardware form.

export interface HardwareShift {
  /** The macro multiplies its input by 2^-k (an exponent subtraction). */
  k: number;
  /** s * 2^-k, in (0.5, 1]: the predicted input norm after the shift. */
  scaledNorm: number;
  /**
   * How many times larger than predicted the input norm may be before the sum of squares
   * overflows the internal format: sqrt(maxFinite(internal)) / (s * 2^-k).
   */
  overflowMargin: number;
  /**
   * How many times smaller than predicted the norm may be before a typical element's square
   * (norm^2 / d) falls below the smallest normal number of the internal format (graceful: those
   * squares lose precision, the sum does not fail): (s * 2^-k) / (sqrt(d) * sqrt(minNormal)).
   * Only when d is given.
   */
  underflowMargin?: number;
  /** The macro's eps must be multiplied by this (2^-2k) for the result to be unchanged. */
  epsFactor: number;
}

/**
 * k = ceil(log2 s) + extraShift: the smallest shift that brings the predicted norm s to at
 * most 1, so the predicted sum of squares is at most 1 (the middle of every IEEE-style
 * format's exponent range: fp16 can hold up to 65504 = 2^16, and an actual norm up to 255.9x
 * the prediction). Rounding up rather than to nearest costs at most one bit at the bottom of
 * the range, where the loss is graceful (the smallest squares lose precision), and buys a
 * factor sqrt(2) at the top, where the failure is an infinity.
 */
export function hardwareShift(s: number, internal: FloatFormat, extraShift = 0, d?: number): HardwareShift {
  if (!(s > 0) || !Number.isFinite(s)) throw new UsageError(`the scale ${s} is not a positive finite number: check the gains and weights`);
  const e = ilogb(s); // s in [2^e, 2^(e+1))
  const k = (s === pow2(e) ? e : e + 1) + extraShift;
  const scaledNorm = s * pow2(-k);
  return {
    k,
    scaledNorm,
    overflowMargin: Math.sqrt(maxFinite(internal)) / scaledNorm,
    ...(d === undefined ? {} : { underflowMargin: scaledNorm / Math.sqrt(d * minNormal(internal)) }),
    epsFactor: pow2(-2 * k),
  };
}
