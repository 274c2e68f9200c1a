/**
 * The baseline of the accuracy study: fast inverse square root (FISR), bit-exact in the same
 * formats and with the same sum of squares as the macro (docs/algorithm.md section 3).
 *
 *   1. m       = sum of squares, per lane then the lane tree (IterL2NormModel.sumOfSquares, the
 *                very same hardware order and roundings)
 *   2. seed    r0 = bits^-1( MAGIC - floor(bits(m) / 2) )          (integer arithmetic on m's pattern)
 *   3. Newton  h = RNE(m * 0.5) once; then per step, as in the Quake III code
 *              t = RNE(h * r); t = RNE(t * r); t = RNE(1.5 - t); r = RNE(r * t)
 *   4. outputs y_i = RNE_io(x_i * r)
 * Every operation rounds to the internal format (round to nearest even).
 *
 * The magic constant. Read the pattern of a positive normal value v = (1 + f) * 2^e as the
 * integer I(v) = 2^M * (e + bias + f), and use log2(1 + f) ~ f + sigma: I(v) ~ 2^M * (log2 v +
 * bias - sigma). Then I(v^-1/2) ~ (3/2) * 2^M * (bias - sigma) - I(v) / 2, so
 *     MAGIC(E, M) = round( 1.5 * 2^M * (bias - sigma) ).
 * sigma is taken from the classic fp32 constant, sigma = 127 - 0x5F3759DF / (1.5 * 2^23)
 * = 0.0450466..., so MAGIC(8, 23) = 0x5F3759DF exactly, MAGIC(8, 7) = 0x5F37 (bf16: the top 16
 * bits of the fp32 constant), MAGIC(5, 10) = 0x59BB (fp16), and any eXmY gets the analogous one.
 *
 * Special sums of squares follow the macro's policy: NaN or infinite m gives NaN outputs. A zero
 * m gives the seed MAGIC (large), and the outputs x_i * r are signed zeros. A subnormal m is
 * outside the log-linear reading of the pattern: FISR's seed is then poor (this is FISR, as is).
 */
import type { MacroConfig } from '../config.ts';
import { type FloatFormat, canonicalNaN, classify, encode, pow2 } from '../format/float-format.ts';
import { fpSub } from '../operators/fp-add.ts';
import { fpMul } from '../operators/fp-mul.ts';
import { IterL2NormModel } from './iterl2norm.ts';

/** The classic fp32 magic number of Quake III Arena. */
export const QUAKE_MAGIC = 0x5f3759df;
/** sigma of the log-linear approximation implied by the classic constant. */
export const FISR_SIGMA = 127 - QUAKE_MAGIC / (1.5 * 2 ** 23);

/** MAGIC(E, M) = round(1.5 * 2^M * (bias - sigma)): see the file comment. */
export function fisrMagic(fmt: FloatFormat): number {
  return Math.round(1.5 * pow2(fmt.manBits) * (fmt.bias - FISR_SIGMA));
}

export interface FisrTrace {
  /** Sum of squares, internal format. */
  m: number;
  /** r after each Newton step (index 0 = the integer-trick seed), internal format. */
  iterates: number[];
  /** Normalised vector, I/O format. */
  y: number[];
}

export class FisrModel {
  readonly magic: number;
  private readonly sum: IterL2NormModel;
  private readonly half: number;
  private readonly threeHalves: number;

  /** `cfg` gives the formats, lanes and d (its rule, seed and steps are not used); `steps` Newton steps. */
  constructor(readonly cfg: MacroConfig, readonly steps: number, magic?: number) {
    if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`FISR steps must be an integer >= 0 (got ${steps})`);
    this.magic = magic ?? fisrMagic(cfg.internal);
    this.sum = new IterL2NormModel(cfg);
    this.half = encode(cfg.internal, 0.5);
    this.threeHalves = encode(cfg.internal, 1.5);
  }

  /** Sum of squares in the macro's hardware order. */
  sumOfSquares(x: readonly number[]): number {
    return this.sum.sumOfSquares(x);
  }

  /** r0 (the integer-trick seed) and r after each of `steps` Newton steps; NaNs for a NaN or infinite m. */
  iterate(m: number, steps = this.steps): number[] {
    const f = this.cfg.internal;
    const c = classify(f, m);
    if (c === 'nan' || c === 'inf' || m >= pow2(f.width - 1)) return new Array(steps + 1).fill(canonicalNaN(f));
    let r = this.magic - Math.floor(m / 2);
    const h = fpMul(f, m, f, this.half, f);
    const out = [r];
    for (let n = 0; n < steps; n++) {
      let t = fpMul(f, h, f, r, f);
      t = fpMul(f, t, f, r, f);
      t = fpSub(f, this.threeHalves, t);
      r = fpMul(f, r, f, t, f);
      out.push(r);
    }
    return out;
  }

  /** y_i = RNE_io(x_i * r). */
  scale(x: readonly number[], r: number): number[] {
    const { format: io, internal: f } = this.cfg;
    return x.map((xi) => fpMul(io, xi, f, r, io));
  }

  trace(x: readonly number[]): FisrTrace {
    const m = this.sumOfSquares(x);
    const iterates = this.iterate(m);
    return { m, iterates, y: this.scale(x, iterates[iterates.length - 1]!) };
  }

  normalise(x: readonly number[]): number[] {
    return this.trace(x).y;
  }
}
