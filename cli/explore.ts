/**
 * `iterl2norm explore`: the cheapest design for an accuracy bound and a clock (docs/explore.md).
 * Every option and every candidate configuration is checked, the library read and OpenSTA found
 * before the long work; then the accuracy of every candidate (seconds), then synthesis of those
 * within the bound (synth/explore/search.ts), each result cached in --out so that a run that was
 * interrupted goes on where it stopped. Prints the frontier; --json and --svg write the report and
 * the plot. Exit status 0 when a cheapest design is named, 1 when none is (no candidate within
 * --max-ulp, or none synthesised that meets the clock and the bound), 2 for bad input, 3 when
 * Yosys or OpenSTA is missing or fails.
 */
import type { Argv } from 'yargs';
import { DEFAULTS, LIMITS, type NormMode, resolveConfig } from '../generator/config.ts';
import { OptionError, UsageError } from '../generator/errors.ts';
import { jsonText, writeOutputs } from '../generator/io/atomic-write.ts';
import { checkDistinct, checkInputsNotOutputs, checkOutputFolder, outputFileOption } from '../generator/io/output-path.ts';
import { checkClockPeriod } from '../generator/rtl/clock.ts';
import { DEFAULT_INIT_BITS, DEFAULT_STEPS, type Registers, type Space, defaultInternals, defaultLanes, parseRegisters } from '../synth/explore/candidates.ts';
import { exploreSvg, frontierTable } from '../synth/explore/report.ts';
import { planSearch } from '../synth/explore/search.ts';
import { flowCells } from '../synth/liberty/cells.ts';
import { memoryModel } from '../synth/liberty/memory-area.ts';
import { readLiberty } from '../synth/liberty/parse.ts';
import { requireSta } from '../synth/sta.ts';
import { parseFormat } from '../generator/format/float-format.ts';
import { integerOption, integerOrText, realOption, realOrText } from './options.ts';
import { EXPLORE_DEFAULTS, type ExploreDone, runExplore } from '../tasks/explore-run.ts';
import { POWER_VECTORS_DEFAULT, POWER_VECTORS_MAX, PowerSimulationError } from '../tasks/power.ts';
import { CLOSURE_RUNS_DEFAULT, CLOSURE_RUNS_MAX, sramOption } from './synth.ts';

export const EXPLORE_DESCRIPTION = 'search internal format, steps, table bits, lanes and registers for the cheapest design within --max-ulp at --clock-period in a Liberty library: accuracy from the golden model first, then synthesis (cached in --out); the frontier as a table, JSON and SVG';


export function exploreOptions(y: Argv): Argv {
  return y
    .option('mode', { type: 'string', describe: `l2, rms or layer [default: ${DEFAULTS.mode}]` })
    .option('format', { type: 'string', describe: `I/O format: fp32, bf16, fp16 or eXmY [default: ${DEFAULTS.format}]` })
    .option('d', { type: 'string', describe: `vector length [default: ${DEFAULTS.d}]` })
    .option('d-max', { type: 'string', describe: 'every length up to this maximum, chosen per vector (instead of --d)' })
    .option('max-ulp', { type: 'string', describe: 'the accuracy bound: worst ulp error on the fixed vector set (required)' })
    .option('liberty', { type: 'string', describe: 'the standard-cell library (plain or .gz) to map and time every candidate in (required)' })
    .option('clock-period', { type: 'string', describe: 'the clock in ns: registers are chosen for it, OpenSTA checks it (required)' })
    .option('out', { type: 'string', describe: `folder of the cache: one JSON file per synthesised candidate, read again by the next run [default: ${EXPLORE_DEFAULTS.out}]` })
    .option('json', { type: 'string', describe: 'write the report here: the frontier, the cheapest design and every candidate' })
    .option('svg', { type: 'string', describe: 'write a plot of total area against throughput here (one colour per worst ulp, the frontier joined)' })
    .option('lanes', { type: 'string', describe: 'lanes to try, comma-separated [default: 1,2,4,8,16 up to d]' })
    .option('internal', { type: 'string', describe: 'internal formats to try, comma-separated [default: the default internal format\'s exponent with M+3, M+7, M+13 and the default mantissa bits]' })
    .option('steps', { type: 'string', describe: `iteration steps to try, comma-separated [default: ${DEFAULT_STEPS.join(',')}]` })
    .option('init-bits', { type: 'string', describe: `seed-table bits to try, comma-separated [default: ${DEFAULT_INIT_BITS.join(',')}]` })
    .option('registers', { type: 'string', describe: 'operator registers to try, separated by ";": timed (chosen for the clock from the operators\' delays in the library, with closure runs, as synth does) or add=A,mul=M,convert=C [default: timed]' })
    .option('min-throughput', { type: 'string', describe: 'the cheapest design must also stream at least this many elements per ns' })
    .option('budget', { type: 'string', describe: 'at most this many syntheses in this run (cached candidates do not count); run again to go on [default: all]' })
    .option('accuracy-vectors', { type: 'string', describe: `vectors per distribution (gaussian, llm, student-t) of the accuracy set [default: ${EXPLORE_DEFAULTS.accuracyVectors}]` })
    .option('prune', { type: 'boolean', default: true, describe: 'skip a candidate when one with the same lanes and registers and no more internal bits, steps or table bits is as accurate (--no-prune: synthesise every candidate within --max-ulp)' })
    .option('power', { type: 'boolean', describe: 'also measure power of every synthesised candidate (gate-level simulation of --power-vectors vectors, OpenSTA report_power); power joins the frontier' })
    .option('power-vectors', { type: 'string', describe: `with --power: vectors of the gate-level simulation (1..${POWER_VECTORS_MAX}) [default: ${POWER_VECTORS_DEFAULT}]` })
    .option('sram-um2-per-bit', { type: 'string', describe: 'the memory\'s area per bit in um^2 [default: built in for sky130 and sg13g2; other libraries need it]' })
    .option('closure-runs', { type: 'string', describe: `with timed registers: synthesis runs with more registers after a missed period (0..${CLOSURE_RUNS_MAX}) [default: ${CLOSURE_RUNS_DEFAULT}]` });
}

function list<T>(argv: Record<string, unknown>, name: string, sep: string, parse: (s: string) => T): T[] | undefined {
  const text = argv[name];
  if (text === undefined) return undefined;
  const items = String(text).split(sep).map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UsageError(`--${name} needs a list separated by "${sep}" without empty items (got ${JSON.stringify(text)})`);
  return [...new Set(items.map(parse))];
}

function intList(argv: Record<string, unknown>, name: string, min: number, max: number): number[] | undefined {
  return list(argv, name, ',', (s) => integerOption(name, s, min, max));
}

function required(argv: Record<string, unknown>, name: string, what: string): string {
  if (argv[name] === undefined) throw new UsageError(`--${name} is required: ${what}`);
  return String(argv[name]);
}

/** A configuration error of a candidate, said of the list option that gave the value. */
function candidateError(e: unknown): never {
  if (e instanceof OptionError && e.option === 'pipeline') throw new UsageError(`--registers: each item must be timed or ${e.template.replace(/^\{pipeline\} must /, '')}`);
  throw e;
}

export async function cmdExplore(argv: Record<string, unknown>, out: { log: (s: string) => void }): Promise<number> {
  // every option, before anything runs
  const maxUlp = realOption('max-ulp', required(argv, 'max-ulp', 'the accuracy bound in ulp (e.g. --max-ulp 1)'), 0, EXPLORE_DEFAULTS.maxUlpLimit);
  const liberty = required(argv, 'liberty', 'the Liberty file of the standard cells');
  const periodNs = checkClockPeriod(realOrText('clock-period', required(argv, 'clock-period', 'the clock period in ns')));
  const runtimeLength = argv['d-max'] !== undefined;
  const base = resolveConfig({
    mode: argv.mode as string | undefined, format: argv.format as string | undefined,
    ...(runtimeLength ? { dMax: integerOrText(argv['d-max']) as number, ...(argv.d !== undefined ? { d: integerOrText(argv.d) as number } : {}) } : { d: argv.d === undefined ? undefined : integerOrText(argv.d) as number }),
  });
  const format = base.format;
  const internal = list(argv, 'internal', ',', (s) => parseFormatOption(s)) ?? defaultInternals(format, base.mode);
  const registers: Registers[] = (() => {
    try {
      return list(argv, 'registers', ';', parseRegisters) ?? ['timed'];
    } catch (e) {
      return candidateError(e);
    }
  })();
  const space: Space = {
    mode: base.mode as NormMode, format: format.name, d: base.d, runtimeLength,
    internal, registers,
    steps: intList(argv, 'steps', LIMITS.steps.min, LIMITS.steps.max) ?? DEFAULT_STEPS,
    initBits: intList(argv, 'init-bits', LIMITS.initBits.min, LIMITS.initBits.max) ?? DEFAULT_INIT_BITS,
    lanes: intList(argv, 'lanes', LIMITS.lanes.min, LIMITS.lanes.max) ?? defaultLanes(base.d),
  };
  const budget = argv.budget === undefined ? Infinity : integerOption('budget', argv.budget, 0, 100000);
  const accuracyVectors = argv['accuracy-vectors'] === undefined ? EXPLORE_DEFAULTS.accuracyVectors : integerOption('accuracy-vectors', argv['accuracy-vectors'], 1, 1000);
  const minThroughput = argv['min-throughput'] === undefined ? undefined : realOption('min-throughput', argv['min-throughput'], 0, 1e6);
  const powerOn = argv.power === true;
  if (argv['power-vectors'] !== undefined && !powerOn) throw new UsageError('--power-vectors sets the vectors of --power: give it with --power');
  const nPower = argv['power-vectors'] === undefined ? POWER_VECTORS_DEFAULT : integerOption('power-vectors', argv['power-vectors'], 1, POWER_VECTORS_MAX);
  const closureRuns = argv['closure-runs'] === undefined ? CLOSURE_RUNS_DEFAULT : integerOption('closure-runs', argv['closure-runs'], 0, CLOSURE_RUNS_MAX);
  if (argv['closure-runs'] !== undefined && !registers.includes('timed')) throw new UsageError('--closure-runs applies to timed registers only: add timed to --registers or leave --closure-runs out');
  const outDir = argv.out === undefined ? EXPLORE_DEFAULTS.out : String(argv.out);
  if (outDir === '') throw new UsageError('--out needs a folder name');
  checkOutputFolder('--out', outDir);
  const json = outputFileOption('--json', argv.json);
  const svg = outputFileOption('--svg', argv.svg);
  checkDistinct([json, svg]);
  checkInputsNotOutputs([{ option: '--liberty', given: liberty }], [json, svg], [{ option: '--out', given: outDir }]);
  if ([json, svg].some((t) => t?.kind === 'stdout')) out = { log: (s) => process.stderr.write(`${s}\n`) };
  // every candidate is a valid configuration (its OptionError names the list it came from)
  let plan: ReturnType<typeof planSearch>;
  const lib = readLiberty(liberty);
  flowCells(lib);
  const memory = memoryModel(lib.name, sramOption(argv['sram-um2-per-bit']));
  requireSta();
  try {
    plan = planSearch(space, maxUlp, accuracyVectors, argv.prune !== false);
  } catch (e) {
    return candidateError(e);
  }
  const note = (s: string) => process.stderr.write(`iterl2norm: ${s}\n`);
  const within = plan.order.length;
  if (within === 0) {
    const best = plan.entries.reduce((a, b) => (b.accuracy.worstUlp < a.accuracy.worstUlp ? b : a));
    out.log(`no candidate is within --max-ulp ${maxUlp}: the most accurate of ${plan.entries.length} is ${best.key} at ${best.accuracy.worstUlp} ulp worst (${plan.set.vectors.length} vectors); allow more ulp or try wider --internal, more --steps or --init-bits`);
    return 1;
  }
  note(`${plan.entries.length} candidates, ${plan.entries.filter((e) => e.status !== 'above-max-ulp').length} within ${maxUlp} ulp on ${plan.set.vectors.length} vectors, ${within} to synthesise (the rest pruned)`);
  let done: ExploreDone;
  try {
    done = await runExplore({ plan, maxUlp, budget, minThroughput, lib, memory, periodNs, closureRuns, powerVectors: powerOn ? nPower : undefined, outDir, outOption: '--out' }, note);
  } catch (e) {
    if (!(e instanceof PowerSimulationError)) throw e;
    out.log(e.message);
    return 1;
  }
  const { result, header } = done;
  out.log(frontierTable(result, header));
  const left = result.candidates.filter((e) => e.status === 'over-budget').length;
  if (left) out.log(`${left} candidates not synthesised (--budget ${budget}): run the same command again to go on`);
  writeOutputs([
    json && { target: json, data: jsonText(done.report) },
    svg && { target: svg, data: exploreSvg(result, header) },
  ]);
  return result.cheapest ? 0 : 1;
}

function parseFormatOption(s: string): string {
  try {
    return parseFormat(s).name;
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`--internal: ${e.message}`);
    throw e;
  }
}
