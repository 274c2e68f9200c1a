// SLaNC formulas and their linear algebra on small hand-computable matrices.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../generator/errors.ts';
import { FP16, FP32 } from '../../generator/format/float-format.ts';
import {
  type Matrix, attentionScale, euclidean, frobenius, gatedMlpScale, hardwareShift, identity, matmul, mlpScale, scaleColumns, spectralNorm,
} from '../../generator/slanc/scales.ts';

const M = (rows: number[][]): Matrix => ({ rows: rows.length, cols: rows[0]!.length, data: Float64Array.from(rows.flat()) });
const named = (name: string, rows: number[][]) => ({ name, value: M(rows) });
const gain = (name: string, g: number[]) => ({ name, value: Float64Array.from(g) });

function naive(a: Matrix, b: Matrix): Float64Array {
  const c = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < b.cols; j++) for (let p = 0; p < a.cols; p++) c[i * b.cols + j]! += a.data[i * a.cols + p]! * b.data[p * b.cols + j]!;
  return c;
}

function random(rows: number, cols: number, rng: () => number): Matrix {
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => rng() * 2 - 1) };
}

/** n x n orthogonal matrix (Gram-Schmidt on random columns), row-major. */
function orthogonal(n: number, rng: () => number): number[][] {
  const q: number[][] = [];
  while (q.length < n) {
    let v = Array.from({ length: n }, () => rng() * 2 - 1);
    for (const u of q) {
      const dot = u.reduce((s, x, i) => s + x * v[i]!, 0);
      v = v.map((x, i) => x - dot * u[i]!);
    }
    const norm = Math.hypot(...v);
    q.push(v.map((x) => x / norm));
  }
  return q; // rows are orthonormal
}

describe('linear algebra', () => {
  it('matmul matches the naive product for sizes that are not multiples of 4 and k > 256', () => {
    const rng = seedrandom('matmul');
    for (const [m, k, n] of [[1, 1, 1], [5, 7, 3], [9, 300, 6], [4, 4, 4], [13, 520, 11]] as const) {
      const a = random(m, k, rng);
      const b = random(k, n, rng);
      const c = matmul(a, b);
      expect([c.rows, c.cols]).toEqual([m, n]);
      const ref = naive(a, b);
      c.data.forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 12));
    }
    expect(() => matmul(M([[1, 2]]), M([[1, 2]]))).toThrow();
  });

  it('identity, diag(gamma) on the columns, Frobenius', () => {
    const a = M([[1, 2], [3, 4]]);
    expect(Array.from(matmul(identity(2), a).data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(scaleColumns(a, [10, -1]).data)).toEqual([10, -2, 30, -4]);
    expect(frobenius(a)).toBeCloseTo(Math.sqrt(30), 15);
    expect(frobenius(identity(768))).toBeCloseTo(Math.sqrt(768), 12);
  });

  it('the Euclidean norm neither overflows nor underflows', () => {
    expect(euclidean([3e200, 4e200])).toBeCloseTo(5e200, -186);
    expect(euclidean([3e-200, -4e-200]) / 5e-200).toBeCloseTo(1, 14);
    expect(euclidean([])).toBe(0);
  });

  it('spectral norm: diagonal, rectangular, rank one, and a rotated diag(5, 2)', () => {
    expect(spectralNorm(M([[3, 0, 0], [0, 2, 0], [0, 0, 1]])).sigma).toBeCloseTo(3, 8); // default tol 1e-9 on the change per iteration
    expect(spectralNorm(M([[3, 0], [0, 4], [0, 0]])).sigma).toBeCloseTo(4, 8);
    // u v^T: sigma = ||u|| ||v|| = 3 * 5.
    const r1 = spectralNorm(M([[2 * 3, 2 * 4], [1 * 3, 1 * 4], [2 * 3, 2 * 4]]));
    expect(r1.sigma).toBeCloseTo(15, 12);
    expect(r1.converged).toBe(true);
    const c = Math.cos(0.3), s = Math.sin(0.3), c2 = Math.cos(1.1), s2 = Math.sin(1.1);
    const a = matmul(matmul(M([[c, -s], [s, c]]), M([[5, 0], [0, 2]])), M([[c2, -s2], [s2, c2]]));
    expect(spectralNorm(a).sigma).toBeCloseTo(5, 8);
    expect(spectralNorm(M([[0, 0], [0, 0]])).sigma).toBe(0);
  });

  it('spectral norm of U diag(sigma) V^T with known singular values, to the tolerance; seeded', () => {
    const rng = seedrandom('svd');
    const u = M(orthogonal(40, rng));
    const v = M(orthogonal(30, rng));
    const sigma = Array.from({ length: 30 }, (_, i) => (i === 0 ? 10 : 9 - 8 * (i / 30)));
    const d = M(Array.from({ length: 40 }, (_, i) => Array.from({ length: 30 }, (_, j) => (i === j ? sigma[i]! : 0))));
    const a = matmul(matmul(u, d), v);
    const r = spectralNorm(a, { tol: 1e-12, seed: 'x' });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.sigma - 10) / 10).toBeLessThan(1e-9);
    expect(r.sigma).toBeLessThanOrEqual(10 * (1 + 1e-14)); // a lower bound up to round-off
    expect(spectralNorm(a, { tol: 1e-12, seed: 'x' })).toEqual(r); // seeded: reproducible
    const capped = spectralNorm(a, { tol: 0, maxIterations: 3 });
    expect(capped).toMatchObject({ iterations: 3, converged: false });
    expect(capped.sigma).toBeLessThan(10);
  });
});

describe('SLaNC formulas', () => {
  it('attention: ||(I + W_O W_V) diag(gamma)||_F on a 2x2 example', () => {
    // W_O W_V = [[3, 2], [1, 1]]; (I + .) diag(1, 2) = [[4, 4], [1, 4]]; sqrt(16 + 16 + 1 + 16) = 7.
    const r = attentionScale(named('v', [[1, 0], [1, 1]]), named('o', [[1, 2], [0, 1]]), gain('g', [1, 2]));
    expect(r.s).toBeCloseTo(7, 14);
    expect(r.kind).toBe('attention');
    expect(r.parts.gamma_F).toBeCloseTo(Math.sqrt(5), 14);
  });

  it('attention: identity weights, zero W_O, and a 3x3 diagonal', () => {
    const I3 = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    expect(attentionScale(named('v', I3), named('o', I3), gain('g', [1, 1, 1])).s).toBeCloseTo(2 * Math.sqrt(3), 14);
    const zero = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    expect(attentionScale(named('v', I3), named('o', zero), gain('g', [1, 2, 2])).s).toBeCloseTo(3, 14);
    // W_O W_V = diag(1, 2, 3): I + . = diag(2, 3, 4).
    expect(attentionScale(named('v', [[1, 0, 0], [0, 2, 0], [0, 0, 3]]), named('o', I3), gain('g', [1, 1, 1])).s).toBeCloseTo(Math.sqrt(29), 14);
  });

  it('attention with grouped-query heads equals the product with repeated KV heads', () => {
    const rng = seedrandom('gqa');
    const d = 8, heads = 4, hd = 2, kv = 2;
    const wv = random(kv * hd, d, rng);
    const wo = random(d, heads * hd, rng);
    const g = Float64Array.from({ length: d }, () => 0.5 + rng());
    const expanded: Matrix = { rows: heads * hd, cols: d, data: new Float64Array(heads * hd * d) };
    for (let h = 0; h < heads; h++) {
      const grp = Math.floor(h / (heads / kv));
      for (let c = 0; c < hd; c++) expanded.data.set(wv.data.subarray((grp * hd + c) * d, (grp * hd + c + 1) * d), (h * hd + c) * d);
    }
    const p = matmul(wo, expanded);
    for (let i = 0; i < d; i++) p.data[i * d + i]! += 1;
    const expected = frobenius(scaleColumns(p, g));
    const r = attentionScale({ name: 'v', value: wv }, { name: 'o', value: wo }, { name: 'g', value: g }, heads);
    expect(r.s).toBeCloseTo(expected, 12);
    expect(() => attentionScale({ name: 'v', value: wv }, { name: 'o', value: wo }, { name: 'g', value: g })).toThrow(/grouped-query attention .*give --heads N/);
    expect(() => attentionScale({ name: 'v', value: wv }, { name: 'o', value: wo }, { name: 'g', value: g }, 3)).toThrow(UsageError);
  });

  it('plain MLP: ||(I + W_2 W_1) diag(gamma)||_F with d = 2, f = 3', () => {
    // W_2 W_1 = [[2, 1], [-1, 0]]; (I + .) diag(2, 1) = [[6, 1], [-2, 1]] -> sqrt(42).
    const r = mlpScale(named('fc1', [[1, 0], [0, 1], [1, 1]]), named('fc2', [[1, 0, 1], [0, 1, -1]]), gain('g', [2, 1]));
    expect(r.s).toBeCloseTo(Math.sqrt(42), 14);
    expect(r.formula).toBe('||(I + W_2 W_1) diag(gamma)||_F');
  });

  it('gated MLP: ||W_down W_up diag(gamma)||_F * ||W_gate diag(gamma)||_2', () => {
    // gate diag(1, 2) = diag(3, 2): sigma 3. down up = [[1, 1], [1, 2]]; . diag(1, 2) = [[1, 2], [1, 4]]: sqrt(22).
    const r = gatedMlpScale(named('gate', [[3, 0], [0, 1]]), named('up', [[1, 1], [0, 1]]), named('down', [[1, 0], [1, 1]]), gain('g', [1, 2]));
    expect(r.parts.Wgate_gamma_2).toBeCloseTo(3, 8);
    expect(r.parts.WdownWup_gamma_F).toBeCloseTo(Math.sqrt(22), 14);
    expect(r.s).toBeCloseTo(3 * Math.sqrt(22), 7);
    expect(r.spectral?.converged).toBe(true);
  });

  it('shape mismatches are one-line UsageErrors naming the tensor', () => {
    expect(() => mlpScale(named('fc1', [[1, 0], [0, 1], [1, 1]]), named('fc2', [[1, 0], [0, 1]]), gain('g', [1, 1])))
      .toThrow('MLP block: "fc2" is [2, 2], expected [2, 3] to match "fc1" [3, 2]');
    expect(() => attentionScale(named('v', [[1, 0], [0, 1]]), named('o', [[1, 0], [0, 1]]), gain('ln', [1, 1, 1])))
      .toThrow('attention block: gain "ln" has 3 elements, expected d = 2');
  });
});

describe('hardware shift', () => {
  it('k = ceil(log2 s): the predicted norm after 2^-k is in (0.5, 1]', () => {
    expect(hardwareShift(1, FP16).k).toBe(0);
    expect(hardwareShift(8, FP16).k).toBe(3);
    expect(hardwareShift(8.000001, FP16).k).toBe(4);
    expect(hardwareShift(0.3, FP16)).toMatchObject({ k: -1, scaledNorm: 0.6 });
    expect(hardwareShift(166.7, FP16, 2).k).toBe(10);
    expect(hardwareShift(166.7, FP16, -1).k).toBe(7);
  });

  it('margins against overflow and underflow of the internal format, and the eps factor', () => {
    const h = hardwareShift(256, FP16, 0, 1024);
    expect(h.scaledNorm).toBe(1);
    expect(h.overflowMargin).toBeCloseTo(Math.sqrt(65504), 12);
    expect(h.underflowMargin).toBeCloseTo(1 / Math.sqrt(1024 * 2 ** -14), 12); // 4
    expect(h.epsFactor).toBe(2 ** -16);
    expect(hardwareShift(256, FP32).overflowMargin).toBeGreaterThan(1e19);
  });

  it('rejects a zero or non-finite scale', () => {
    expect(() => hardwareShift(0, FP16)).toThrow(UsageError);
    expect(() => hardwareShift(Infinity, FP16)).toThrow(UsageError);
  });
});
