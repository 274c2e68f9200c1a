/**
 * The bit-exact golden model of the generated macro (emulate, in FloPoCo's words). Every
 * operation is a correctly rounded operation of a declared format, applied in the order the
 * RTL applies it. io = I/O format, int = internal format, K = inputShift (SLaNC), P = lanes.
 *
 *   l2 / rms:
 *     1. squares     q_i = RNE_int(x_i * x_i * 2^-2K)                 (exact scaling, one rounding)
 *   layer:
 *     1a. values     v_i = RNE_int(x_i * 2^-K)
 *     1b. sum        S   = lane sums of v_i, then the lane tree (as below)
 *     1c. mean       mu  = RNE_int(S * RNE_int(1/d))
 *     1d. centred    c_i = RNE_int(v_i - mu);  q_i = RNE_int(c_i * c_i)  (second pass over the store)
 *   2. lane sums     element i goes to lane j = i mod P, beat t = floor(i / P), slot t mod S
 *                    S = 1 + (adder pipeline registers): a pipelined adder accumulates S
 *                    interleaved partial sums per lane, each (((+0 + q) + q') + q'') ... in beat order;
 *                    then acc_j = ((slot_0 + slot_1) + slot_2) ...      (S = 1: acc_j = slot_0)
 *   3. lane tree     level by level: v'_j = v_2j + v_2j+1 (an odd one out passes through) -> m
 *   4. eps           m = RNE_int(m + RNE_int(d * eps * 2^-2K))           (only when eps > 0)
 *   5. seed          s, s/2, b0, scale from m (seed.ts)
 *   6. loop          the scalar micro-program (scalar-program.ts), one rounded op at a time,
 *                    ending with b = b * sqrt(d) for rms/layer unless d is a power of 4
 *   7. outputs       operand o_i = x_i (l2, rms) or c_i (layer), e = seed scale + sqrt(d) shift (- K for l2/rms)
 *
 *   --d-max (runtime length, cfg.runtimeLength): d = the vector's own length, and no constant
 *   depends on it: r = RNE_int(1/d) from the integer d (operators/int-reciprocal.ts), then
 *     layer: mu = RNE_int(S * r) (as above with r for 1/d);
 *     rms, layer: instead of step 4 and the sqrt(d) multiply of step 6, the loop runs on the
 *       mean square  m' = RNE_int(m * r)  (+ eps: m' = RNE_int(m' + RNE_int(eps * 2^-2K)))
 *       so that b ~ 1/sqrt(m/d + eps) = sqrt(d)/sqrt(m + d*eps) with no sqrt(d) at all;
 *     l2: unchanged (no 1/d; eps is not offered);
 *     gamma, beta: the first d of the D stored.
 *        affine none:        y_i = RNE_io(o_i * b * 2^e)
 *        gamma:              y_i = RNE_io(RNE_int(o_i * b * 2^e) * gamma_i)
 *        gamma-beta:         y_i = RNE_io(RNE_int(RNE_int(RNE_int(o_i * b * 2^e) * gamma_i) + beta_i))
 *
 *   --residual (model/residual.ts): x above is h = x + r, in the I/O format (residual sum io) or
 *   the internal format (internal: the squares, LayerNorm's v_i and the output operand read h in
 *   that format, unrounded to I/O); res = h in the I/O format.
 *        (with --out-format, RNE_int in place of RNE_io: the quantiser rounds y once, model/quantized.ts)
 */
import type { MacroConfig } from '../config.ts';
import { type FloatFormat, encode } from '../format/float-format.ts';
import { fpAdd, fpSub } from '../operators/fp-add.ts';
import { fpConvert } from '../operators/fp-convert.ts';
import { fpMul } from '../operators/fp-mul.ts';
import { reciprocalOfInteger } from '../operators/int-reciprocal.ts';
import { type MicroOp, type ScalarOperand, type ScalarProgram, scalarProgram, sqrtDFold } from './scalar-program.ts';
import { type Seed, seedOf, seedTable } from './seed.ts';
import { residualOut, residualSum, storedFormat } from './residual.ts';

export interface MacroTrace {
  /** Sum of squares (after eps), internal format. */
  m: number;
  /** Mean (layer mode), internal format; 0 otherwise. */
  mean: number;
  seed: Seed;
  /** b after each step (index 0 = b0), then after the epilogue if any; internal format. */
  iterates: number[];
  /** Exponent of the exact power of two applied in the output multiply. */
  outputScale: number;
  /** Normalised vector, I/O format (or the format trace was asked for). */
  y: number[];
  /** --residual: h = x + r in the I/O format (out_res); empty otherwise. */
  res: number[];
}

/** Per-element affine parameters, I/O format bit patterns, length d. */
export interface AffineParams {
  gamma?: readonly number[];
  beta?: readonly number[];
}

/** Constants of the datapath, in the internal format (oneIo in the I/O format). */
export function loopConstants(cfg: MacroConfig) {
  const f = cfg.internal;
  return {
    one: encode(f, 1),
    threeHalves: encode(f, 1.5),
    lambda: encode(f, cfg.lambda),
    sqrtD: encode(f, Math.sqrt(cfg.d)),
    invD: encode(f, 1 / cfg.d),
    epsD: encode(f, cfg.d * cfg.eps * 2 ** (-2 * cfg.inputShift)),
    /** --d-max: eps itself (added to the mean square), scaled like the squares. */
    epsMeanSquare: encode(f, cfg.eps * 2 ** (-2 * cfg.inputShift)),
    oneIo: encode(cfg.format, 1),
  };
}

/** The pairwise lane tree, level by level: v'_j = v_2j + v_2j+1 (an odd one out passes), to one sum. */
export function laneTree(f: FloatFormat, sums: readonly number[]): number {
  let level = [...sums];
  while (level.length > 1) {
    const next: number[] = [];
    for (let j = 0; 2 * j < level.length; j++) {
      next.push(2 * j + 1 < level.length ? fpAdd(f, level[2 * j], level[2 * j + 1]) : level[2 * j]);
    }
    level = next;
  }
  return level[0];
}

export class IterL2NormModel {
  private readonly table: number[];
  private readonly k: ReturnType<typeof loopConstants>;
  private readonly program: ScalarProgram;

  constructor(readonly cfg: MacroConfig) {
    this.table = seedTable(cfg);
    this.k = loopConstants(cfg);
    this.program = scalarProgram(cfg);
  }

  /** Lane sums (interleaved slots, folded) then the lane tree, in hardware order, of values already in the internal format. */
  reduce(values: readonly number[]): number {
    const { internal: f, lanes } = this.cfg;
    const slots = 1 + this.cfg.pipeline.add;
    const acc = Array.from({ length: slots }, () => new Array<number>(lanes).fill(0));
    for (let i = 0; i < values.length; i++) {
      const lane = i % lanes;
      const slot = Math.floor(i / lanes) % slots;
      acc[slot][lane] = fpAdd(f, acc[slot][lane], values[i]);
    }
    for (let s = 1; s < slots; s++) {
      for (let j = 0; j < lanes; j++) acc[0][j] = fpAdd(f, acc[0][j], acc[s][j]);
    }
    return laneTree(f, acc[0]);
  }

  /** Layer mode: the scaled inputs v_i = RNE_int(x_i * 2^-K), x in the format of the stored words (storedFormat). */
  scaledInputs(x: readonly number[], st: FloatFormat = this.cfg.format): number[] {
    const { format: io, internal: f, inputShift } = this.cfg;
    return x.map((xi) => fpMul(st, xi, io, this.k.oneIo, f, -inputShift));
  }

  /** 1/d in the internal format: the constant of a fixed d, computed from the vector's length with --d-max. */
  invD(d: number): number {
    return this.cfg.runtimeLength ? reciprocalOfInteger(this.cfg.internal, d) : this.k.invD;
  }

  /** Layer mode: the mean of the scaled inputs. */
  mean(v: readonly number[]): number {
    const f = this.cfg.internal;
    return fpMul(f, this.reduce(v), f, this.invD(v.length), f);
  }

  /** --d-max, rms and layer: the mean square m * (1/d) (+ eps), on which the loop runs. */
  meanSquare(m: number, d: number): number {
    const f = this.cfg.internal;
    const ms = fpMul(f, m, f, this.invD(d), f);
    return this.cfg.eps > 0 ? fpAdd(f, ms, this.k.epsMeanSquare) : ms;
  }

  /** Sum of squares in hardware order (l2/rms: of x * 2^-K; layer: of the centred values). */
  sumOfSquares(x: readonly number[]): number {
    const { format: io, internal: f, inputShift } = this.cfg;
    if (this.cfg.mode !== 'layer') return this.reduce(x.map((xi) => fpMul(io, xi, io, xi, f, -2 * inputShift)));
    const v = this.scaledInputs(x);
    const mu = this.mean(v);
    return this.reduce(v.map((vi) => { const c = fpSub(f, vi, mu); return fpMul(f, c, f, c, f); }));
  }

  /** Runs the scalar micro-program from the seed; returns b0, b1, ..., b_steps (, b after the epilogue). */
  iterate(seed: Seed): number[] {
    const f = this.cfg.internal;
    const regs: Record<ScalarOperand, number> = {
      b: seed.b0, t: 0, s: seed.s, halfS: seed.halfS, ls: 0,
      ONE: this.k.one, THREE_HALVES: this.k.threeHalves, LAMBDA: this.k.lambda, SQRT_D: this.k.sqrtD,
    };
    const run = (ops: readonly MicroOp[]) => {
      for (const u of ops) {
        const a = regs[u.a];
        const b = regs[u.b];
        regs[u.dst] = u.op === 'mul' ? fpMul(f, a, f, b, f) : u.op === 'add' ? fpAdd(f, a, b) : fpSub(f, a, b);
      }
    };
    run(this.program.prologue);
    const iterates = [regs.b];
    for (let n = 0; n < this.cfg.steps; n++) {
      run(this.program.step);
      iterates.push(regs.b);
    }
    if (this.program.epilogue.length > 0) {
      run(this.program.epilogue);
      iterates.push(regs.b);
    }
    // A special sum of squares (zero, NaN, infinity) bypasses the loop: b is its seed.
    if (seed.kind !== 'finite') iterates[iterates.length - 1] = seed.b0;
    return iterates;
  }

  /**
   * `r`: the residual vector of a --residual configuration (required there, refused otherwise).
   * `fo`: the format y is rounded to: the I/O format, or the internal one in front of a quantiser (docs/quantize.md).
   */
  trace(input: readonly number[], params: AffineParams = {}, r?: readonly number[], fo: FloatFormat = this.cfg.format): MacroTrace {
    const { format: io, internal: f, mode, affine, inputShift, eps } = this.cfg;
    if ((r !== undefined) !== (this.cfg.residual !== null)) throw new RangeError(this.cfg.residual ? 'a --residual configuration needs a residual vector' : 'a residual vector needs a --residual configuration');
    const st = storedFormat(this.cfg);
    const x = r === undefined ? input : residualSum(this.cfg, input, r);
    let operands: readonly number[] = x;
    let operandFormat: FloatFormat = st;
    let mean = 0;
    let m: number;
    if (mode === 'layer') {
      const v = this.scaledInputs(x, st);
      mean = this.mean(v);
      operands = v.map((vi) => fpSub(f, vi, mean));
      operandFormat = f;
      m = this.reduce(operands.map((c) => fpMul(f, c, f, c, f)));
    } else {
      m = this.reduce(x.map((xi) => fpMul(st, xi, st, xi, f, -2 * inputShift)));
    }
    const d = x.length;
    if (this.cfg.runtimeLength) {
      if (d < 1 || d > this.cfg.d) throw new RangeError(`a vector of this --d-max ${this.cfg.d} macro has 1..${this.cfg.d} elements (got ${d})`);
      if (mode !== 'l2') m = this.meanSquare(m, d);
    } else if (eps > 0) m = fpAdd(f, m, this.k.epsD);
    const seed = seedOf(this.cfg, m, this.table);
    const iterates = this.iterate(seed);
    const b = iterates[iterates.length - 1];
    const special = seed.kind !== 'finite';
    const outputScale = special ? 0 : seed.scale + sqrtDFold(this.cfg).scaleShift - (mode === 'layer' ? 0 : inputShift);
    const gamma = params.gamma ?? [];
    const beta = params.beta ?? [];
    // A --d-max macro stores D parameters; a vector of length d uses the first d.
    const want = this.cfg.runtimeLength ? this.cfg.d : x.length;
    if (affine !== 'none' && gamma.length !== want) throw new RangeError(`gamma needs ${want} values`);
    if (affine === 'gamma-beta' && beta.length !== want) throw new RangeError(`beta needs ${want} values`);
    const y = operands.map((o, i) => {
      if (affine === 'none') return fpMul(operandFormat, o, f, b, fo, outputScale);
      const t = fpMul(operandFormat, o, f, b, f, outputScale);
      if (affine === 'gamma') return fpMul(f, t, io, gamma[i], fo);
      const g = fpMul(f, t, io, gamma[i], f);
      return fpConvert(f, fpAdd(f, g, fpConvert(io, beta[i], f)), fo);
    });
    return { m, mean, seed, iterates, outputScale, y, res: r === undefined ? [] : residualOut(this.cfg, x) };
  }

  normalise(x: readonly number[], params: AffineParams = {}, r?: readonly number[], fo: FloatFormat = this.cfg.format): number[] {
    return this.trace(x, params, r, fo).y;
  }
}
