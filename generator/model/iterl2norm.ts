/**
 * The bit-exact golden model of the generated macro (emulate, in FloPoCo's words). Every
 * operation is a correctly rounded operation of a declared format, applied in the order the
 * RTL applies it:
 *
 *   1. squares      q_i   = RNE_int(x_i * x_i)                     (x in the I/O format)
 *   2. lane sums    acc_j = (((+0 + q_j) + q_{j+P}) + q_{j+2P}) ...   lane j = i mod P
 *   3. lane tree    level by level: v'_j = v_2j + v_2j+1 (an odd one out passes through)
 *   4. seed         s, s/2, b0, scale from m (seed.ts)
 *   5. loop         the scalar micro-program (scalar-program.ts), one rounded op per cycle
 *   6. outputs      y_i = RNE_io(x_i * b * 2^scale)                 (one rounding)
 */
import type { MacroConfig } from '../config.ts';
import { encode } from '../format/float-format.ts';
import { fpAdd, fpSub } from '../operators/fp-add.ts';
import { fpMul } from '../operators/fp-mul.ts';
import { type MicroOp, type ScalarOperand, type ScalarProgram, scalarProgram } from './scalar-program.ts';
import { type Seed, seedOf, seedTable } from './seed.ts';

export interface MacroTrace {
  /** Sum of squares, internal format. */
  m: number;
  seed: Seed;
  /** b after each step (index 0 = b0), internal format. */
  iterates: number[];
  /** Normalised vector, I/O format. */
  y: number[];
}

/** Constants of the scalar loop, in the internal format. */
export function loopConstants(cfg: MacroConfig) {
  const f = cfg.internal;
  return { one: encode(f, 1), threeHalves: encode(f, 1.5), lambda: encode(f, cfg.lambda) };
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

  /** Sum of squares in hardware order: per lane, then the lane tree. */
  sumOfSquares(x: readonly number[]): number {
    const { format: io, internal: f, lanes } = this.cfg;
    const acc = new Array<number>(lanes).fill(0);
    for (let i = 0; i < x.length; i++) {
      const j = i % lanes;
      acc[j] = fpAdd(f, acc[j], fpMul(io, x[i], io, x[i], f));
    }
    let level = acc;
    while (level.length > 1) {
      const next: number[] = [];
      for (let j = 0; 2 * j < level.length; j++) {
        next.push(2 * j + 1 < level.length ? fpAdd(f, level[2 * j], level[2 * j + 1]) : level[2 * j]);
      }
      level = next;
    }
    return level[0];
  }

  /** Runs the scalar micro-program from the seed; returns b0, b1, ..., b_steps. */
  iterate(seed: Seed): number[] {
    const f = this.cfg.internal;
    const regs: Record<ScalarOperand, number> = {
      b: seed.b0, t: 0, s: seed.s, halfS: seed.halfS, ls: 0,
      ONE: this.k.one, THREE_HALVES: this.k.threeHalves, LAMBDA: this.k.lambda,
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
    // A special sum of squares (zero, NaN, infinity) bypasses the loop: b is its seed.
    if (seed.kind !== 'finite') iterates[iterates.length - 1] = seed.b0;
    return iterates;
  }

  trace(x: readonly number[]): MacroTrace {
    const { format: io, internal: f } = this.cfg;
    const m = this.sumOfSquares(x);
    const seed = seedOf(this.cfg, m, this.table);
    const iterates = this.iterate(seed);
    const b = iterates[iterates.length - 1];
    const y = x.map((xi) => fpMul(io, xi, f, b, io, seed.scale));
    return { m, seed, iterates, y };
  }

  normalise(x: readonly number[]): number[] {
    return this.trace(x).y;
  }
}
