/**
 * Speed of the SLaNC linear algebra (float64, one thread): the d x d products and the
 * spectral-norm power iteration, on seeded N(0, 0.02^2) matrices.
 *
 *   npx tsx bench/slanc/timing.ts [--d 768]
 */
import seedrandom from 'seedrandom';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { type Matrix, attentionScale, gatedMlpScale, matmul, mlpScale, scaleColumns, spectralNorm } from '../../generator/slanc/scales.ts';

const argv = yargs(hideBin(process.argv)).option('d', { type: 'number', default: 768 }).strict().parseSync();
const d = argv.d;
const rng = seedrandom('slanc-timing');
const randn = () => {
  let u = 0;
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
};
const mat = (rows: number, cols: number, std = 0.02): Matrix => ({ rows, cols, data: Float64Array.from({ length: rows * cols }, () => randn() * std) });
const gamma = Float64Array.from({ length: d }, (_, i) => (i % 97 === 5 ? 20 : 1 + 0.05 * randn()));
const named = <T>(name: string, value: T) => ({ name, value });

function time<T>(label: string, madds: number, f: () => T): T {
  const t0 = performance.now();
  const r = f();
  const s = (performance.now() - t0) / 1000;
  console.log(`${label.padEnd(58)} ${s.toFixed(2).padStart(6)} s${madds ? `  (${(madds / s / 1e9).toFixed(2)} G multiply-adds/s)` : ''}`);
  return r;
}

const a = mat(d, d);
const b = mat(d, d);
time(`matmul ${d} x ${d} x ${d} (${(d ** 3 / 1e6).toFixed(0)} M multiply-adds)`, d ** 3, () => matmul(a, b));
time(`attention  ||(I + W_O W_V) diag(gamma)||_F, d = ${d}`, d ** 3, () => attentionScale(named('v', a), named('o', b), named('g', gamma)));
const f = 4 * d;
const fc1 = mat(f, d);
const fc2 = mat(d, f);
time(`OPT MLP    ||(I + W_2 W_1) diag(gamma)||_F, f = ${f}`, d * d * f, () => mlpScale(named('fc1', fc1), named('fc2', fc2), named('g', gamma)));
const fl = Math.round((8 / 3) * d / 32) * 32;
const gate = mat(fl, d);
const up = mat(fl, d);
const down = mat(d, fl);
const r = time(`gated MLP  (F-norm product + spectral norm), f = ${fl}`, 2 * d * d * fl, () =>
  gatedMlpScale(named('gate', gate), named('up', up), named('down', down), named('g', gamma)));
console.log(`  (two ${d} x ${fl} x ${d} products: W_down W_up and the Gram matrix of W_gate diag(gamma)); power iteration: ${r.spectral!.iterations} iterations, converged ${r.spectral!.converged}`);
const plain = time(`spectral norm of a Gaussian [${fl}, ${d}] (no outlier gains, tol 1e-9)`, 0, () => spectralNorm(gate));
console.log(`  ${plain.iterations} iterations, converged ${plain.converged}, last relative change ${plain.lastChange.toExponential(1)}; sigma ${plain.sigma.toFixed(4)} (Marchenko-Pastur edge ${(0.02 * (Math.sqrt(fl) + Math.sqrt(d))).toFixed(4)})`);
time(`spectral norm of W_gate diag(gamma) [${fl}, ${d}] with outlier gains, tol 1e-12`, 0, () => spectralNorm(scaleColumns(gate, gamma), { tol: 1e-12 }));
