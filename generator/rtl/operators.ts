/**
 * The floating-point operator library: combinational Verilog modules rendered from
 * templates/operators/, every module name prefixed so that several generated
 * configurations can share one design.
 *
 * Modules (all widths are Verilog parameters; see each template's header):
 *   <prefix>_delay       a register delay line (pipeline cuts, valid/tag lines); DEPTH 0 is a wire
 *   <prefix>_replica     one copy of a register many lanes read (one per group of lanes, never merged)
 *   <prefix>_lzc         leading-zero counter
 *   <prefix>_fp_unpack   classify + normalise subnormals (value = 1.frac * 2^exp)
 *   <prefix>_fp_round    the single RNE rounder (unrounded structure -> bits)
 *   <prefix>_fp_add      a +/- b
 *   <prefix>_fp_mul      a * b * 2^scale, mixed formats, one rounding
 *   <prefix>_fp_convert  format conversion
 * fp_add, fp_mul and fp_convert take a LAT parameter: the number of pipeline registers inside
 * (fp_add 0..4, fp_mul 0..4, fp_convert 0..2; see each template for where the cuts are); LAT = 0 is purely combinational.
 */
import { UsageError } from '../errors.ts';
import { renderTemplate } from './render.ts';

/** Template paths relative to templates/, in compile order (dependencies first). */
export const OPERATOR_TEMPLATES: string[] = [
  'operators/delay.v.hbs',
  'operators/replica.v.hbs',
  'operators/lzc.v.hbs',
  'operators/fp_unpack.v.hbs',
  'operators/fp_round.v.hbs',
  'operators/fp_add.v.hbs',
  'operators/fp_mul.v.hbs',
  'operators/fp_convert.v.hbs',
];

/**
 * The operators `synth --liberty --keep-operators` maps once per parameter set (kept as modules
 * through ABC): the ones with LAT registers, whose P lane copies make most of a many-lane design.
 */
export const KEPT_OPERATORS = ['fp_add', 'fp_mul', 'fp_convert'];

/** Yosys module patterns of KEPT_OPERATORS for `prefix` (their parameterised copies included). */
export const keptOperatorPatterns = (prefix: string) => KEPT_OPERATORS.map((m) => `*${prefix}_${m}`);

/**
 * The modules the hierarchical flow of `synth --liberty` keeps (each distinct one mapped once,
 * synth/synth-liberty.ts): the operators, the blocks that repeat (per lane, per tree adder), with
 * their tied-port copies (`<operator>_tie<k>`, synth/tied-ports.ts), and the register copies
 * (`<prefix>_replica`: flattened, identical copies would merge into one). Everything else is flattened
 * into its user before mapping: the helpers inside the operators (their ports carry constants: a
 * format without NaN, a fixed shift) and the stages (lanes, accumulate, lane tree, scalar loop,
 * output, slots), each instantiated once, so that ABC optimises across them as in the flattened
 * flow (a register's load multiplexer with the logic in front of it in the stage before).
 */
export const HIERARCHY_KEPT = [...KEPT_OPERATORS, 'replica'].map((m) => `*_${m}*`);

/** Verilog identifier rule for the module-name prefix. */
const PREFIX_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Module name (without prefix) a template defines: `operators/fp_add.v.hbs` -> `fp_add`. */
export function operatorModuleName(template: string): string {
  const base = template.slice(template.lastIndexOf('/') + 1);
  return base.replace(/\.v\.hbs$/, '');
}

/**
 * Renders every operator module for `prefix`; one file per module, named after the module
 * (`${prefix}_fp_add.v`), in compile order.
 */
export function renderOperators(prefix: string): Array<{ file: string; text: string }> {
  if (!PREFIX_RE.test(prefix)) {
    throw new UsageError(`operator prefix must be a Verilog identifier (got ${JSON.stringify(prefix)})`);
  }
  return OPERATOR_TEMPLATES.map((template) => ({
    file: `${prefix}_${operatorModuleName(template)}.v`,
    text: renderTemplate(template, { prefix }),
  }));
}
