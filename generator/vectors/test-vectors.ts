/**
 * Test-vector builders: corner cases plus seeded random vectors, as bit patterns of a format.
 *
 * Non-finite inputs and magnitudes whose squares overflow or underflow are included on purpose:
 * the hardware defines a behaviour for them and the co-simulation checks model == RTL on all.
 * Everything is deterministic: corners depend only on (format, d), random vectors on the seed.
 */
import seedrandom from 'seedrandom';
import {
  canonicalNaN,
  decode,
  encode,
  infBits,
  maxFinite,
  maxFiniteBits,
  minNormal,
  negate,
  signBit,
  type FloatFormat,
} from '../format/float-format.ts';

export type VectorKind =
  | 'random'
  | 'gaussian'
  | 'one-hot'
  | 'constant'
  | 'alternating'
  | 'huge'
  | 'tiny'
  | 'subnormal'
  | 'zero'
  | 'nan'
  | 'inf'
  | 'mixed-scale'
  | 'ramp'
  | 'sparse'
  | 'negative-zero';

export interface TestVector {
  kind: VectorKind;
  words: number[];
}

/** The kinds cornerVectors always produces (every kind except the random ones). */
export const CORNER_KINDS: readonly VectorKind[] = [
  'one-hot',
  'constant',
  'alternating',
  'huge',
  'tiny',
  'subnormal',
  'zero',
  'negative-zero',
  'nan',
  'inf',
  'mixed-scale',
  'ramp',
  'sparse',
];

/** Kinds randomVectors produces. */
export const RANDOM_KINDS: readonly VectorKind[] = ['gaussian', 'random'];

/** Share of random vectors drawn uniformly in [-1, 1] (the rest are scaled Gaussians). */
const UNIFORM_SHARE = 0.25;

type Rng = () => number;

function checkD(d: number): void {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`vector length d must be an integer >= 1, got ${d}`);
}

/** Bit-level view of a format: fields, special values and the exponent range. */
class Bits {
  readonly signBit: number;
  readonly expAllOnes: number;
  readonly manMax: number;
  /** Unbiased exponent of the largest and of the smallest normal binade. */
  readonly emax: number;
  readonly emin: number;

  constructor(readonly fmt: FloatFormat) {
    this.signBit = signBit(fmt);
    this.expAllOnes = 2 ** fmt.expBits - 1;
    this.manMax = 2 ** fmt.manBits - 1;
    this.emax = this.expAllOnes - 1 - fmt.bias;
    this.emin = 1 - fmt.bias;
  }

  make(sign: 0 | 1, exp: number, man: number): number {
    return sign * this.signBit + exp * 2 ** this.fmt.manBits + man;
  }
  neg(bits: number): number {
    return negate(this.fmt, bits);
  }
  enc(x: number): number {
    return encode(this.fmt, x);
  }
  dec(bits: number): number {
    return decode(this.fmt, bits);
  }

  get posZero(): number {
    return 0;
  }
  get negZero(): number {
    return this.signBit;
  }
  get one(): number {
    return this.enc(1);
  }
  get posInf(): number {
    return infBits(this.fmt);
  }
  get negInf(): number {
    return negate(this.fmt, infBits(this.fmt));
  }
  get qNaN(): number {
    return canonicalNaN(this.fmt);
  }
  /** A negative NaN with the quiet bit clear and payload 1 (signalling NaN in IEEE terms). */
  get sNaN(): number {
    return this.make(1, this.expAllOnes, 1);
  }
  /** A positive quiet NaN with a non-canonical payload (falls back to canonical if m < 2). */
  get payloadNaN(): number {
    return this.fmt.manBits >= 2 ? this.make(0, this.expAllOnes, this.manMax) : this.qNaN;
  }
  get maxFinite(): number {
    return maxFiniteBits(this.fmt);
  }
  get minNormal(): number {
    return this.make(0, 1, 0);
  }
  get minSubnormal(): number {
    return this.make(0, 0, 1);
  }
  get maxSubnormal(): number {
    return this.make(0, 0, this.manMax);
  }
}

function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

function randSign(rng: Rng): 1 | -1 {
  return rng() < 0.5 ? -1 : 1;
}

/** Standard normal deviate (Box-Muller). */
function gauss(rng: Rng): number {
  let u = rng();
  while (u <= 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** A "generic" value of moderate magnitude: random sign, magnitude in [2^-3, 2^4). */
function moderate(b: Bits, rng: Rng): number {
  return b.enc(randSign(rng) * (1 + rng()) * 2 ** randInt(rng, -3, 3));
}

/** `count` distinct positions in [0, d), in increasing order. */
function positions(rng: Rng, d: number, count: number): number[] {
  const idx = Array.from({ length: d }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng() * (d - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, count).sort((a, c) => a - c);
}

/** A vector of Gaussian values of scale ~1 with `special` placed at `pos`. */
function withAt(b: Bits, rng: Rng, d: number, entries: Array<[number, number]>): number[] {
  const v = Array.from({ length: d }, () => b.enc(gauss(rng)));
  for (const [pos, bits] of entries) v[pos] = bits;
  return v;
}

/**
 * Corner-case vectors of length d for the format, grouped by kind, in a fixed order.
 * Deterministic for (format, d); every kind of CORNER_KINDS is present for every d >= 1.
 */
export function cornerVectors(fmt: FloatFormat, d: number): Array<{ kind: VectorKind; words: number[] }> {
  checkD(d);
  const b = new Bits(fmt);
  const rng: Rng = seedrandom(`corner-vectors/${fmt.name}/e${fmt.expBits}m${fmt.manBits}b${fmt.bias}/${d}`);
  const out: TestVector[] = [];
  const add = (kind: VectorKind, words: number[]): void => {
    out.push({ kind, words });
  };
  const fill = (f: (i: number) => number): number[] => Array.from({ length: d }, (_, i) => f(i));
  const alt = (bits: number): number[] => fill((i) => (i % 2 === 0 ? bits : b.neg(bits)));
  const mid = Math.floor(d / 2);
  const last = d - 1;
  const spots = [...new Set([0, mid, last])];

  // one-hot: at the first, middle and last position, value 1 and a random value.
  for (const p of spots) {
    add('one-hot', fill((i) => (i === p ? b.one : b.posZero)));
    const r = moderate(b, rng);
    add('one-hot', fill((i) => (i === p ? r : b.posZero)));
  }
  add('one-hot', fill((i) => (i === mid ? b.neg(b.one) : b.negZero)));

  // constant: positive and negative.
  add('constant', fill(() => b.one));
  add('constant', fill(() => b.enc(-0.75)));
  const c = b.enc(Math.abs(b.dec(moderate(b, rng))));
  add('constant', fill(() => c));
  add('constant', fill(() => b.neg(c)));

  // alternating signs: +a, -a, ...
  add('alternating', alt(b.one));
  add('alternating', alt(b.enc(3)));
  add('alternating', alt(b.enc(Math.abs(b.dec(moderate(b, rng))))));

  // huge: near maxFinite (squares overflow any format with this exponent range) and around
  // sqrt(maxFinite) (the squares fit but their sum overflows, or only just does not).
  const maxVal = maxFinite(fmt);
  const sqrtMax = Math.sqrt(maxVal);
  add('huge', fill(() => b.maxFinite));
  add('huge', alt(b.maxFinite));
  add('huge', fill((i) => (i === mid ? b.maxFinite : b.one)));
  add('huge', fill(() => b.make(rng() < 0.5 ? 1 : 0, b.expAllOnes - 1, randInt(rng, 0, b.manMax))));
  add('huge', fill(() => b.enc(sqrtMax)));
  add('huge', fill(() => b.enc(sqrtMax * 2)));
  add('huge', fill(() => b.enc(sqrtMax / 2)));
  add('huge', fill((i) => b.enc((i % 3 === 2 ? -1 : 1) * Math.sqrt(maxVal / d) * 1.25)));
  add('huge', fill(() => b.enc(Math.sqrt(maxVal / d) * 0.75)));
  add('huge', fill(() => b.enc(randSign(rng) * sqrtMax * 2 ** (4 * rng() - 2))));

  // tiny: near minNormal and near sqrt(minNormal), whose squares underflow.
  const minN = minNormal(fmt);
  const sqrtMinN = Math.sqrt(minN);
  add('tiny', fill(() => b.minNormal));
  add('tiny', alt(b.minNormal));
  add('tiny', fill((i) => (i === mid ? b.minNormal : b.posZero)));
  add('tiny', fill(() => b.make(rng() < 0.5 ? 1 : 0, randInt(rng, 1, Math.min(3, b.expAllOnes - 1)), randInt(rng, 0, b.manMax))));
  add('tiny', fill(() => b.enc(sqrtMinN)));
  add('tiny', fill(() => b.enc(sqrtMinN / 4)));
  add('tiny', fill(() => b.enc(randSign(rng) * sqrtMinN * 2 ** (4 * rng() - 2))));
  add('tiny', fill((i) => (i === 0 ? b.one : b.minNormal)));

  // subnormal entries.
  add('subnormal', fill(() => b.minSubnormal));
  add('subnormal', fill(() => b.maxSubnormal));
  add('subnormal', alt(b.maxSubnormal));
  add('subnormal', fill(() => b.make(rng() < 0.5 ? 1 : 0, 0, randInt(rng, 1, b.manMax))));
  add('subnormal', fill((i) => (i === mid ? b.neg(b.minSubnormal) : b.posZero)));
  add('subnormal', fill((i) => (i === 0 ? b.one : b.make(0, 0, randInt(rng, 1, b.manMax)))));

  // zeros.
  add('zero', fill(() => b.posZero));
  add('negative-zero', fill(() => b.negZero));
  add('negative-zero', alt(b.posZero));

  // NaN among normal values (canonical, negative signalling, payload), and NaN with inf.
  add('nan', withAt(b, rng, d, [[mid, b.qNaN]]));
  add('nan', withAt(b, rng, d, [[0, b.sNaN]]));
  add('nan', withAt(b, rng, d, [[last, b.payloadNaN]]));
  add('nan', fill(() => b.qNaN));
  if (d >= 2) add('nan', withAt(b, rng, d, [[0, b.posInf], [last, b.qNaN]]));

  // infinities among normal values, and both signs in one vector.
  add('inf', withAt(b, rng, d, [[mid, b.posInf]]));
  add('inf', withAt(b, rng, d, [[last, b.negInf]]));
  if (d >= 2) add('inf', withAt(b, rng, d, [[0, b.posInf], [last, b.negInf]]));
  add('inf', fill(() => b.posInf));
  if (d >= 2) add('inf', withAt(b, rng, d, [[0, b.maxFinite], [mid === 0 ? last : mid, b.negInf]]));

  // mixed scales as in LLM activations: most entries ~1e-3, a few 100x larger.
  const nOut = Math.max(1, Math.round(d / 32));
  for (const outlierScale of [100, 1000]) {
    const big = new Set(positions(rng, d, nOut));
    add('mixed-scale', fill((i) => b.enc(gauss(rng) * 1e-3 * (big.has(i) ? outlierScale : 1))));
  }

  // ramps: (i+1)/d, signed -1..1, integers 1..d (when they stay well inside the range).
  add('ramp', fill((i) => b.enc((i + 1) / d)));
  add('ramp', fill((i) => b.enc(d === 1 ? 1 : -1 + (2 * i) / (d - 1))));
  if (d <= maxVal / 2) add('ramp', fill((i) => b.enc(i + 1)));

  // sparse: ~90% zeros (at least one non-zero).
  const nnz = Math.max(1, Math.round(d / 10));
  for (const zeroFill of ['pos', 'mixed'] as const) {
    const nz = new Set(positions(rng, d, nnz));
    add('sparse', fill((i) => (nz.has(i) ? b.enc(gauss(rng)) : zeroFill === 'pos' || rng() < 0.5 ? b.posZero : b.negZero)));
  }

  return out;
}

/** Exponent range k of the per-vector scale 2^k: -20..20 clipped to what the format represents. */
function scaleRange(b: Bits): [number, number] {
  const kMin = Math.max(-20, b.emin + 4);
  const kMax = Math.min(20, b.emax - 4);
  return kMin <= kMax ? [kMin, kMax] : [0, 0];
}

/**
 * `count` random vectors of length d: Gaussian entries scaled by 2^k per vector (k uniform in
 * scaleRange) and, for a quarter of them, uniform entries in [-1, 1]; all rounded with encode.
 * Deterministic for the seed.
 */
export function randomVectors(fmt: FloatFormat, d: number, count: number, seed: string): Array<{ kind: VectorKind; words: number[] }> {
  checkD(d);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`vector count must be an integer >= 0, got ${count}`);
  const b = new Bits(fmt);
  const rng: Rng = seedrandom(seed);
  const [kMin, kMax] = scaleRange(b);
  const out: TestVector[] = [];
  for (let n = 0; n < count; n++) {
    if (rng() < UNIFORM_SHARE) {
      out.push({ kind: 'random', words: Array.from({ length: d }, () => b.enc(2 * rng() - 1)) });
    } else {
      const scale = 2 ** randInt(rng, kMin, kMax);
      out.push({ kind: 'gaussian', words: Array.from({ length: d }, () => b.enc(gauss(rng) * scale)) });
    }
  }
  return out;
}

/**
 * All corner vectors first, then random vectors up to `count` in total (so at least all corners,
 * even when count is smaller).
 */
export function testVectors(fmt: FloatFormat, d: number, count: number, seed: string): Array<{ kind: VectorKind; words: number[] }> {
  const corners = cornerVectors(fmt, d);
  return [...corners, ...randomVectors(fmt, d, Math.max(0, count - corners.length), seed)];
}

/**
 * Lengths for a `--d-max D` macro with P lanes: the corners 1, P-1, P, P+1, D-1 and D first
 * (those in 1..D), arranged so that the length changes on every vector, then seeded random
 * lengths in 1..D, each different from the one before.
 */
export function runtimeLengths(D: number, P: number, count: number, seed: string): number[] {
  const corners = [D, 1, D - 1, P, 1, P + 1, D, P - 1, P + 1, 1].filter((l) => l >= 1 && l <= D);
  const out: number[] = [];
  for (const l of corners) if (out.length === 0 || out[out.length - 1] !== l) out.push(l);
  const rng: Rng = seedrandom(`lengths-${seed}`);
  while (out.length < count) {
    const l = 1 + Math.floor(rng() * D);
    if (D === 1 || l !== out[out.length - 1]) out.push(l);
  }
  return out.slice(0, Math.max(count, 0));
}

/**
 * Test vectors for a `--d-max D` macro: testVectors of length D (corners first, then random),
 * vector k cut to the k-th of runtimeLengths. A corner's special words may fall past the cut;
 * the corner lengths are what these vectors are for.
 */
export function runtimeTestVectors(fmt: FloatFormat, D: number, P: number, count: number, seed: string): number[][] {
  const lengths = runtimeLengths(D, P, count, seed);
  const full = testVectors(fmt, D, count, seed);
  return lengths.map((l, k) => full[k]!.words.slice(0, l));
}
