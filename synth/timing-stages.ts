/**
 * Which stage of the macro a timing end point belongs to, from its name alone, so that the
 * per-stage delays survive changes of the top level's structure. The ONE place of the mapping.
 *
 * An end point is a flip-flop (named `<register>_reg` by the flow: the register's flattened
 * RTL name, e.g. `lane[3].adder.r_sum[7]_reg`, bit index included), an input of the vector
 * store, or an output port. The name is matched against the rows below in order, first match
 * wins; names matching none are `control` (state machines, counters, handshakes).
 *   square       the per-lane squares (x^2, or (x - mean)^2): `sq*` registers, `square*`/`sq_mul*` instances
 *   accumulate   the lane accumulators and the reduction tree: `acc*`, `adder*`, `tree*`, `fold*`, `slot*`
 *   scalar loop  the scalar Newton/Euler loop and its operands: `b_q`, `t_q`, `s_q`, `hs_q`, `ls_q`,
 *                `m_eps_q`, `mu_q`, `scalar_*` instances
 *   output       the output multiply and its pipeline: `o_*`, `out_*` and `scale_mul`, `gamma_mul`, `beta_*` instances
 */
export const TIMING_STAGES: Array<{ stage: string; pattern: RegExp }> = [
  { stage: 'square', pattern: /(^|[.])(sq\w*|square\w*|sq_mul\w*)([.[]|_reg|$)/ },
  { stage: 'accumulate', pattern: /(^|[.])(acc\w*|adder\w*|tree\w*|fold\w*|slot\w*)([.[]|_reg|$)/ },
  { stage: 'scalar loop', pattern: /(^|[.])(b_q|t_q|s_q|hs_q|ls_q|m_eps_q|mu_q|scalar_\w*)([.[]|_reg|$)/ },
  { stage: 'output', pattern: /(^|[.])(o_\w*|out_\w*|scale_mul\w*|gamma_mul\w*|beta_\w*)([.[]|_reg|$)/ },
];

export const OTHER_STAGE = 'control';

/** The stage of an end point (instance or port name, without the pin). */
export function stageOf(endpoint: string): string {
  const name = endpoint.replace(/^\\/, '');
  return TIMING_STAGES.find((s) => s.pattern.test(name))?.stage ?? OTHER_STAGE;
}
