/**
 * The rules between `synth`'s flow options, one place for the command line (cli/synth.ts) and the
 * library (api/synth.ts): each broken rule is an OptionError naming options by key (`{liberty}`),
 * worded by each caller (`--liberty` on the command line, `liberty` in a library call).
 */
import { OptionError } from '../generator/errors.ts';
import { LIBERTY_FLOW_DEFAULT } from './synth-run.ts';

/** What the caller was given, as the rules need it (a value given, or undefined). */
export interface FlowOptionsGiven {
  /** A Liberty file is given (the standard-cell flow runs). */
  liberty: boolean;
  /** Timing-driven pipelining: liberty and clockPeriodNs, and no pipeline, targetDepth or gateDelayPs. */
  timingDriven: boolean;
  sramUm2PerBit?: unknown;
  hier?: boolean;
  flat?: boolean;
  keepOperators?: boolean;
  power?: boolean;
  powerVectors?: unknown;
  closureRuns?: unknown;
}

const standardCellOnly = (option: string, got: unknown) => new OptionError({
  option, got, others: ['liberty'], allowed: 'only with liberty', text: `{${option}} applies to the standard-cell flow only: give it with {liberty}`,
});

/**
 * Throws the first rule `o` breaks, in the order the options are read; else the mapping's flow:
 * whether it keeps the hierarchy (`hier`, or no flow given and the hierarchical default).
 */
export function checkFlowOptions(o: FlowOptionsGiven): { hierarchical: boolean } {
  if (!o.liberty) {
    for (const key of ['sramUm2PerBit', 'keepOperators', 'hier'] as const) if (o[key] !== undefined) throw standardCellOnly(key, o[key]);
    if (o.power) throw standardCellOnly('power', true);
  }
  // --flat without liberty flattens the generic report: a flow of liberty only with it
  const flows = [o.hier === true && 'hier', o.flat === true && o.liberty && 'flat', o.keepOperators === true && 'keepOperators'].filter((f) => f !== false);
  if (flows.length > 1) {
    throw new OptionError({
      option: flows[1]!, got: true, others: [flows[0]!], allowed: 'one flow of liberty',
      text: `${flows.map((f) => `{${f}}`).join(' and ')}: give one flow of {liberty} ({hier}: the hierarchy kept, each distinct module mapped once; {flat}: all flattened before mapping; {keepOperators}: operators mapped once, then flattened)`,
    });
  }
  if (o.powerVectors !== undefined && !o.power) {
    throw new OptionError({ option: 'powerVectors', got: o.powerVectors, others: ['power'], allowed: 'only with power', text: '{powerVectors} sets the vectors of {power}: give it with {power}' });
  }
  if (o.closureRuns !== undefined && !o.timingDriven) {
    throw new OptionError({
      option: 'closureRuns', got: o.closureRuns, others: ['liberty', 'clockPeriodNs'], allowed: 'only with liberty and clockPeriodNs',
      text: '{closureRuns} applies to timing-driven pipelining only: give it with {liberty} and {clockPeriodNs} (and no {pipeline}, {targetDepth} or {gateDelayPs})',
    });
  }
  return { hierarchical: flows.length ? o.hier === true : LIBERTY_FLOW_DEFAULT === 'hierarchical' };
}
