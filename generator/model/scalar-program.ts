/**
 * The scalar loop as a micro-program: one operation per clock cycle on a single multiplier
 * and a single adder of the internal format. The golden model executes it (iterl2norm.ts)
 * and the RTL template renders it into the operand multiplexers of the scalar unit, so the
 * order of operations is written down once.
 *
 *   newton step (4 cycles; pipelined operators: 4 + 3M + A, see scalarCycles):  t = b*b; t = t*(s/2); t = 1.5 - t; b = b*t
 *   euler  step (6 cycles):  t = b*b; t = t*s; t = 1 - t; t = t*ls; t = 1 + t; b = b*t
 *   euler prologue (1 cycle): ls = lambda*s
 *   rms/layer epilogue (1 cycle, unless d is a power of 4): b = b*sqrt(d)
 *     (for d = 4^j the factor sqrt(d) = 2^j is exact and joins the output scale instead)
 */
import type { MacroConfig } from '../config.ts';

/** Registers of the scalar unit and the constants it may read. */
export type ScalarOperand = 'b' | 't' | 's' | 'halfS' | 'ls' | 'ONE' | 'THREE_HALVES' | 'LAMBDA' | 'SQRT_D';
export type ScalarDest = 'b' | 't' | 'ls';

export interface MicroOp {
  /** mul: a*b; add: a+b; sub: a-b (all rounded to the internal format). */
  readonly op: 'mul' | 'add' | 'sub';
  readonly a: ScalarOperand;
  readonly b: ScalarOperand;
  readonly dst: ScalarDest;
}

export interface ScalarProgram {
  /** Run once after the seed. */
  readonly prologue: readonly MicroOp[];
  /** Run `steps` times. */
  readonly step: readonly MicroOp[];
  /** Run once after the loop. */
  readonly epilogue: readonly MicroOp[];
}

/**
 * How the sqrt(d) of RMSNorm and LayerNorm reaches the output: as an exact power of two in the
 * output scale when d is a power of 4, else as one multiply by sqrt(d) rounded to the internal
 * format (the epilogue).
 */
export function sqrtDFold(cfg: MacroConfig): { scaleShift: number; multiply: boolean } {
  // --d-max: no sqrt(d); the loop runs on the mean square m/d instead (iterl2norm.ts).
  if (cfg.mode === 'l2' || cfg.runtimeLength) return { scaleShift: 0, multiply: false };
  const log2d = Math.log2(cfg.d);
  if (Number.isInteger(log2d) && log2d % 2 === 0) return { scaleShift: log2d / 2, multiply: false };
  return { scaleShift: 0, multiply: true };
}

export function scalarProgram(cfg: MacroConfig): ScalarProgram {
  const epilogue: MicroOp[] = sqrtDFold(cfg).multiply ? [{ op: 'mul', a: 'b', b: 'SQRT_D', dst: 'b' }] : [];
  if (cfg.rule === 'newton') {
    return {
      epilogue,
      prologue: [],
      step: [
        { op: 'mul', a: 'b', b: 'b', dst: 't' },
        { op: 'mul', a: 't', b: 'halfS', dst: 't' },
        { op: 'sub', a: 'THREE_HALVES', b: 't', dst: 't' },
        { op: 'mul', a: 'b', b: 't', dst: 'b' },
      ],
    };
  }
  return {
    epilogue,
    prologue: [{ op: 'mul', a: 'LAMBDA', b: 's', dst: 'ls' }],
    step: [
      { op: 'mul', a: 'b', b: 'b', dst: 't' },
      { op: 'mul', a: 't', b: 's', dst: 't' },
      { op: 'sub', a: 'ONE', b: 't', dst: 't' },
      { op: 'mul', a: 't', b: 'ls', dst: 't' },
      { op: 'add', a: 'ONE', b: 't', dst: 't' },
      { op: 'mul', a: 'b', b: 't', dst: 'b' },
    ],
  };
}

/**
 * Cycles the scalar loop takes: each micro-op issues, then waits for its operator's pipeline
 * registers (cfg.pipeline: mul ops 1 + mul, add/sub ops 1 + add), over prologue + steps *
 * step + epilogue. With combinational operators: one cycle per micro-op.
 */
export function scalarCycles(cfg: MacroConfig): number {
  const p = scalarProgram(cfg);
  const cycles = (ops: readonly MicroOp[]) => ops.reduce((n, u) => n + 1 + (u.op === 'mul' ? cfg.pipeline.mul : cfg.pipeline.add), 0);
  return cycles(p.prologue) + cfg.steps * cycles(p.step) + cycles(p.epilogue);
}
