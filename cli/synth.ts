/**
 * `iterl2norm synth`: Yosys synthesis report of one configuration (synth/synth.ts). Prints a
 * table; --json, --html and --netlist write the report, an HTML page with an SVG chart, and
 * the gate netlist. With --liberty LIB the design is also mapped to that standard-cell library
 * and timed with OpenSTA at --clock-period (synth/synth-liberty.ts); --netlist then writes the
 * timed netlist, the store's timing model (FILE-stem.store.lib), the constraints
 * (FILE-stem.sdc) and the manifest of the netlist's configuration (FILE-stem.manifest.json, for
 * `cosim --netlist`). With --liberty the area includes the memory (synth/liberty/memory-area.ts);
 * --power adds power from a gate-level simulation (tasks/power.ts); the work itself is
 * tasks/synth-run.ts, shared with the library's `synth`. Exit status 1 when a design
 * check fails (loop, multiple or missing driver, latch, init value) or the power run's gate-level
 * simulation does not match the golden model, 2 for bad input (a malformed Liberty file among
 * them), 3 when Yosys or OpenSTA is missing or fails.
 */
import type { Argv } from 'yargs';
import type { MacroConfig } from '../generator/config.ts';
import { UsageError } from '../generator/errors.ts';
import { jsonText, streamTo, writeOutputs } from '../generator/io/atomic-write.ts';
import { checkDistinct, checkInputsNotOutputs, outputFileOption } from '../generator/io/output-path.ts';
import { KEPT_OPERATORS } from '../generator/rtl/operators.ts';
import { DEFAULT_CLOCK_PERIOD_NS, checkClockPeriod } from '../generator/rtl/clock.ts';
import { flowCells } from '../synth/liberty/cells.ts';
import { memoryModel } from '../synth/liberty/memory-area.ts';
import { readLiberty } from '../synth/liberty/parse.ts';
import { requireSta } from '../synth/sta.ts';
import { SynthCheckError, formatHtml, formatTable } from '../synth/synth.ts';
import { setYosysLog } from '../synth/yosys-log.ts';
import { netlistOutputs, netlistTargetList, netlistTargets } from '../tasks/netlist-files.ts';
import { POWER_VECTORS_DEFAULT, POWER_VECTORS_MAX, PowerSimulationError } from '../tasks/power.ts';
import { CLOSURE_RUNS_DEFAULT, CLOSURE_RUNS_MAX, type SynthDone, runSynth } from '../tasks/synth-run.ts';
import { checkFlowOptions } from '../tasks/synth-options.ts';
import { integerOption, numberOrText, realOrText } from './options.ts';

export { CLOSURE_RUNS_DEFAULT, CLOSURE_RUNS_MAX } from '../tasks/synth-run.ts';

export const SYNTH_DESCRIPTION = 'synthesise with Yosys (npm): cells, transistors, flip-flops, memory bits, longest path; check -assert; with --liberty: area (um^2) and OpenSTA timing';

export function synthOptions(y: Argv) {
  return y
    .option('liberty', { type: 'string', describe: 'also map to this Liberty file (plain or .gz) and time the netlist with OpenSTA at --clock-period: area um^2, critical path, fmax, worst slack, delay per stage' })
    .option('json', { type: 'string', describe: 'write the report as JSON here' })
    .option('html', { type: 'string', describe: 'write an HTML report (table and SVG chart of cells by type) here' })
    .option('netlist', { type: 'string', describe: 'write the gate-level Verilog here (with --liberty: the timed netlist, plus FILE-stem.store.lib, FILE-stem.sdc and FILE-stem.manifest.json beside it, what cosim --netlist reads)' })
    .option('yosys-log', { type: 'string', describe: 'write Yosys\' full log here, every run of the command, each line stamped with the seconds since the start (a device or FIFO, e.g. /dev/stderr, gets it as Yosys runs; a file is written with the other outputs at the end)' })
    .option('sram-um2-per-bit', { type: 'string', describe: 'with --liberty: the memory\'s area per bit in um^2 (SRAM macro) for memoryAreaUm2 and totalAreaUm2 [default: built in for sky130 (23.28) and sg13g2 (9.47); other libraries need it]' })
    .option('power', { type: 'boolean', describe: 'with --liberty: power from a gate-level simulation of --power-vectors test vectors (switching activity of every cell output, given to OpenSTA; report_power at --clock-period), beside OpenSTA\'s vectorless estimate' })
    .option('power-vectors', { type: 'string', describe: `with --power: vectors of the gate-level simulation (1..${POWER_VECTORS_MAX}) [default: ${POWER_VECTORS_DEFAULT}]` })
    .option('flat', { type: 'boolean', default: false, describe: 'flatten before mapping (slower; optimises across module boundaries: unused outputs cross them, identical registers merge) [default: the generic report maps each distinct module once; --liberty keeps the operators\' hierarchy (--hier)]' })
    .option('hier', { type: 'boolean', describe: 'with --liberty: keep the operators as modules through mapping (each distinct one mapped once by ABC, the stages flattened around them: faster, a few per cent more area) and write and time the hierarchical netlist [default]' })
    .option('keep-operators', { type: 'boolean', describe: `with --liberty: map each distinct ${KEPT_OPERATORS.join(', ')} once, kept as a module through ABC and flattened after (less memory and time for many lanes, no register merged across lanes; ABC does not optimise across operator ports) [default: the hierarchical flow, --hier]` })
    .option('closure-runs', { type: 'string', describe: `timing-driven (--liberty with --clock-period): when OpenSTA finds the period missed, synthesise again with more operator registers, up to this many times (0..${CLOSURE_RUNS_MAX}) [default: ${CLOSURE_RUNS_DEFAULT}]` });
}

function fileOption(argv: Record<string, unknown>, name: string): string | undefined {
  const v = argv[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw new UsageError(`--${name} needs a file name`);
  return v;
}

/** --sram-um2-per-bit: a positive number of um^2. */
export function sramOption(text: unknown): number | undefined {
  if (text === undefined) return undefined;
  const v = numberOrText(text);
  if (typeof v !== 'number' || !(v > 0) || v > 1e4) throw new UsageError(`--sram-um2-per-bit must be a number of um^2 above 0 and at most 10000 (got ${JSON.stringify(text)})`);
  return v;
}

/**
 * Timing-driven pipelining: with --liberty and an explicit --clock-period (and no other
 * pipelining option) the operator registers are chosen from the operators' delays in that
 * library (synth/characterise.ts).
 */
export function timingDriven(argv: Record<string, unknown>): boolean {
  return argv.liberty !== undefined && argv['clock-period'] !== undefined
    && argv.pipeline === undefined && argv['target-depth'] === undefined && argv['gate-delay'] === undefined;
}

export async function cmdSynth(argv: Record<string, unknown>, out: { log: (s: string) => void }, configFrom: (argv: Record<string, unknown>) => MacroConfig): Promise<number> {
  const cfg = configFrom(argv);
  const liberty = fileOption(argv, 'liberty');
  // outputs checked before the synthesis, written all or none after it (generator/io/)
  const json = outputFileOption('--json', argv.json);
  const html = outputFileOption('--html', argv.html);
  const netlist = outputFileOption('--netlist', argv.netlist);
  const netlistFiles = netlistTargets('--netlist', netlist, liberty !== undefined);
  const yosysLog = outputFileOption('--yosys-log', argv['yosys-log']);
  checkDistinct([json, html, ...netlistTargetList(netlistFiles), yosysLog]);
  checkInputsNotOutputs([liberty === undefined ? undefined : { option: '--liberty', given: liberty }], [json, html, ...netlistTargetList(netlistFiles), yosysLog]);
  if ([json, html, netlist, yosysLog].some((t) => t?.kind === 'stdout')) out = { log: (s) => process.stderr.write(`${s}\n`) };
  const periodNs = checkClockPeriod(realOrText('clock-period', argv['clock-period'] ?? String(DEFAULT_CLOCK_PERIOD_NS)));
  // bad input and a missing tool before the long work
  const lib = liberty === undefined ? undefined : readLiberty(liberty);
  if (lib) {
    flowCells(lib);
    requireSta();
  }
  const sramUm2 = sramOption(argv['sram-um2-per-bit']);
  const powerOn = argv.power === true;
  const closureRuns = argv['closure-runs'] === undefined ? CLOSURE_RUNS_DEFAULT : integerOption('closure-runs', argv['closure-runs'], 0, CLOSURE_RUNS_MAX);
  const { hierarchical } = checkFlowOptions({
    liberty: lib !== undefined, timingDriven: lib !== undefined && timingDriven(argv), sramUm2PerBit: sramUm2,
    hier: argv.hier as boolean | undefined, flat: argv.flat === true, keepOperators: argv['keep-operators'] as boolean | undefined,
    power: powerOn, powerVectors: argv['power-vectors'], closureRuns: argv['closure-runs'],
  });
  const keepOperators = argv['keep-operators'] === true;
  const nPower = argv['power-vectors'] === undefined ? POWER_VECTORS_DEFAULT : integerOption('power-vectors', argv['power-vectors'], 1, POWER_VECTORS_MAX);
  // the memory's area per bit: given, or built in for the library (else bad input, before the work)
  const memory = lib ? memoryModel(lib.name, sramUm2) : undefined;
  // Yosys' log: to a device, FIFO or standard output as it comes; to a file with the outputs
  const logged: string[] = [];
  const logOutput = () => (yosysLog?.kind === 'file' ? { target: yosysLog, data: logged.join('') } : undefined);
  const live = yosysLog && yosysLog.kind !== 'file' ? streamTo(yosysLog) : undefined;
  if (yosysLog) setYosysLog(live ? live.write : (t) => logged.push(t));
  try {
    return await synthAndReport();
  } finally {
    setYosysLog(undefined);
    live?.close();
  }

  async function synthAndReport(): Promise<number> {
    const note = (s: string) => process.stderr.write(`iterl2norm: ${s}\n`);
    const warn = (s: string) => process.stderr.write(`iterl2norm: warning: ${s}\n`);
    let done: SynthDone;
    try {
      done = await runSynth({
        cfg, withPipeline: (pipeline) => configFrom({ ...argv, pipeline }), lib, memory, periodNs, timingDriven: lib !== undefined && timingDriven(argv), closureRuns,
        flat: argv.flat === true, hierarchical, keepOperators, powerVectors: powerOn ? nPower : undefined, netlist: netlist !== undefined, workers: yosysLog === undefined,
      }, { log: out.log, note, warn });
    } catch (e) {
      if (e instanceof SynthCheckError) {
        for (const p of e.problems.slice(0, 20)) out.log(`check: ${p}`);
        out.log('synthesis checks FAILED');
      } else if (e instanceof PowerSimulationError) {
        out.log(e.message);
      } else {
        throw e;
      }
      writeOutputs([logOutput()]);
      return 1;
    }
    const { report: rest, rows: extraRows } = done;
    out.log(formatTable(rest, extraRows));
    if (rest.pipeline.withinTarget === false) {
      process.stderr.write(`iterl2norm: warning: the longest path (${rest.longestPath.gates} gate levels) exceeds --target-depth ${rest.pipeline.targetDepth}: the depth model (generator/rtl/depth-model.ts) underestimated this configuration; choose a lower target or --pipeline\n`);
    }
    writeOutputs([
      json && { target: json, data: jsonText(done.json) },
      html && { target: html, data: formatHtml(rest, extraRows) },
      ...netlistOutputs(netlistFiles, done),
      logOutput(),
    ]);
    return 0;
  }
}
