/**
 * `iterl2norm prove`: a formal proof of the stream protocol of one (small) configuration
 * (prove/prove.ts). Prints one line per property (proved by induction, bounded to the depth, or a
 * counterexample); --json writes the report; a counterexample is written as a VCD (--vcd, default
 * prove-<top>.vcd) with the failing property named. Exit status 0 when every property is proved
 * or bounded-proved, 1 for a counterexample, 2 for bad input (nothing written), 3 when
 * yosys-smtbmc or z3 is missing.
 */
import type { Argv } from 'yargs';
import { type MacroConfig, topModuleName } from '../generator/config.ts';
import { jsonText, writeOutputs } from '../generator/io/atomic-write.ts';
import { checkDistinct, outputFileOption } from '../generator/io/output-path.ts';
import { UsageError } from '../generator/errors.ts';
import { PROVE_LIMITS, checkProvable, depthRange, prove } from '../prove/prove.ts';
import { findProofTools } from '../prove/tools.ts';

export const PROVE_DESCRIPTION = 'prove the stream protocol of a small configuration with Yosys and yosys-smtbmc (z3): no vector lost, duplicated or reordered, output held while stalled, beats per vector, latency bound, reset';

export function proveOptions(y: Argv) {
  return y
    .option('depth', { type: 'string', default: 'auto', describe: `cycles of the bounded check, from the start, reset cycles included: from the last output beat of a first vector (reset + LATENCY + 1) to ${PROVE_LIMITS.depth.max}; auto: one PERIOD more, a second vector streamed behind the first; k-induction uses as many steps` })
    .option('induction', { type: 'boolean', default: true, describe: 'after the bounded checks, try k-induction of each property (--no-induction: bounded checks only)' })
    .option('json', { type: 'string', describe: 'write the report as JSON here' })
    .option('vcd', { type: 'string', describe: 'where a counterexample goes [default: prove-<top module>.vcd]' });
}

type Out = { log: (s: string) => void };

function depthOption(text: unknown, range: { min: number; max: number }): number {
  const n = typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < range.min || n > range.max) {
    throw new UsageError(`--depth must be auto or an integer from ${range.min} to ${range.max} for this configuration (${range.min}: the reset cycles, LATENCY and the last output beat of a first vector) (got ${JSON.stringify(text)})`);
  }
  return n;
}

/** `run` is the proof (tests give one that edits the design first). */
export function cmdProve(argv: Record<string, unknown>, out: Out, configFrom: (argv: Record<string, unknown>) => MacroConfig, run: typeof prove = prove): number {
  const cfg = configFrom(argv);
  checkProvable(cfg);
  const range = depthRange(cfg);
  const depth = argv.depth === 'auto' || argv.depth === undefined ? range.auto : depthOption(argv.depth, range);
  const jsonT = outputFileOption('--json', argv.json);
  // checked before the proof, also the default name: a counterexample must find its file writable
  const vcdT = outputFileOption('--vcd', argv.vcd ?? `prove-${topModuleName(cfg)}.vcd`)!;
  checkDistinct([jsonT, vcdT]);
  const tools = findProofTools();
  const r = run({ cfg, depth, induction: argv.induction !== false, tools });
  const log = jsonT?.kind === 'stdout' || vcdT.kind === 'stdout' ? (s: string) => process.stderr.write(`${s}\n`) : out.log;
  log(`${r.top}: stream protocol, ${r.depth} cycles (${r.tools.yosys}, ${r.tools.solver})`);
  log(`design: ${r.abstraction}`);
  log(`inputs: ${r.inputModel}`);
  for (const p of r.properties) {
    const how = p.status === 'bounded' ? `bounded: holds in every trace of ${p.depth} cycles${p.inductionTried ? ' (induction did not close)' : ''}` : p.status === 'proved by induction' ? `proved by ${p.depth}-induction (every depth)` : p.status === 'counterexample' ? `COUNTEREXAMPLE (assertion ${p.assertion})` : 'not checked (the proof stopped at a counterexample)';
    log(`  ${p.name.padEnd(10)} ${how}`);
  }
  if (r.counterexample) {
    writeOutputs([{ target: vcdT, data: r.counterexample.vcd }, jsonT && { target: jsonT, data: jsonText(report(r, vcdT.given)) }]);
    log(`counterexample of ${r.counterexample.property} (assertion ${r.counterexample.assertion}): ${vcdT.kind === 'stdout' ? 'standard output' : vcdT.given}`);
    return 1;
  }
  if (jsonT) writeOutputs([{ target: jsonT, data: jsonText(report(r)) }]);
  const induction = r.properties.filter((p) => p.status === 'proved by induction').length;
  log(`every property holds: ${induction} proved by induction, ${r.properties.length - induction} bounded to ${r.depth} cycles (${r.seconds.total.toFixed(1)} s)`);
  return 0;
}

function report(r: ReturnType<typeof prove>, vcd?: string): Record<string, unknown> {
  const { counterexample, ...rest } = r;
  return { ...rest, ...(counterexample ? { counterexample: { property: counterexample.property, assertion: counterexample.assertion, vcd } } : {}) };
}
