/**
 * `residual` and `residualSum` (docs/residual.md): a second input r beside x, the unit normalises
 * h = x + r and outputs h (out_res). Where h is rounded:
 *   io        h = RNE_io(x + r): one correctly rounded add in the I/O format; the vector memory
 *             keeps h as it keeps x without a residual;
 *   internal  h = RNE_int(x + r) with x and r converted exactly to the internal format; the
 *             statistics and the output multiply read h unrounded to I/O, the memory keeps it in
 *             the internal format, and out_res = RNE_io(h).
 * The checks here are rules of the configuration, so that the command line and the library
 * refuse the same things.
 */
import { OptionError } from './errors.ts';
import { type FloatFormat, maxFinite, minSubnormal } from './format/float-format.ts';

export type ResidualSum = 'io' | 'internal';
export const RESIDUAL_SUMS = ['io', 'internal'] as const;
/** `--residual` alone: one add in the I/O format, as the fused add-and-norm CUDA kernels do. */
export const DEFAULT_RESIDUAL_SUM: ResidualSum = 'io';

/** Every value of `from` is a value of `to` (the conversion is exact). */
export function holdsExactly(to: FloatFormat, from: FloatFormat): boolean {
  return to.manBits >= from.manBits && maxFinite(to) >= maxFinite(from) && minSubnormal(to) <= minSubnormal(from);
}

interface Shape { format: FloatFormat; internal: FloatFormat; iface: string }

/**
 * R: the cycles from accepting a beat to its h (residual_add.v.hbs), which the stages after it wait
 * for. Combinational operators: 0, the adder (and converters) sit between the port and the first
 * registers. Pipelined operators: the adder's A registers (io), or the converters' V, one register
 * between them and the adder, and its A (internal), so that no stage chains two operators.
 */
export function residualRegisters(cfg: { residual: ResidualSum | null; pipeline: { add: number; mul: number; convert: number } }): number {
  const { add: A, mul: M, convert: V } = cfg.pipeline;
  if (cfg.residual === null || A + M + V === 0) return 0;
  return cfg.residual === 'io' ? A : V + 1 + A;
}

/** The residual options checked against the rest of the configuration: the sum, or null without a residual. */
export function resolveResidual(opts: { residual?: unknown; residualSum?: unknown }, shape: Shape): ResidualSum | null {
  const on = opts.residual;
  if (on !== undefined && typeof on !== 'boolean') throw new OptionError({ option: 'residual', got: on, allowed: 'true or false' });
  if (!on) {
    if (opts.residualSum !== undefined) {
      throw new OptionError({ option: 'residualSum', got: opts.residualSum, others: ['residual'], allowed: 'only with residual',
        text: `{residualSum} says where the residual sum x + r is rounded; without {residual} there is none: add {residual} or remove {residualSum}` });
    }
    return null;
  }
  const sum = opts.residualSum ?? DEFAULT_RESIDUAL_SUM;
  if (typeof sum !== 'string' || !(RESIDUAL_SUMS as readonly string[]).includes(sum)) {
    throw new OptionError({ option: 'residualSum', got: sum, allowed: `one of ${RESIDUAL_SUMS.join(', ')}` });
  }
  if (shape.iface !== 'stream') {
    throw new OptionError({ option: 'residual', got: true, others: ['interface'], allowed: 'the stream interface',
      text: `{residual} adds in_res and out_res to the stream ports; {interface} ${shape.iface} has no lanes for them: use {interface} stream` });
  }
  if (sum === 'internal' && !holdsExactly(shape.internal, shape.format)) {
    throw new OptionError({ option: 'residualSum', got: sum, others: ['internal', 'format'], allowed: 'io, or an internal format that holds every I/O value',
      text: `{residualSum} internal converts x and r exactly to the internal format, but {internal} ${shape.internal.name} does not hold every ${shape.format.name} value (fewer mantissa bits or a smaller range): use {residualSum} io or a wider {internal}` });
  }
  return sum as ResidualSum;
}
