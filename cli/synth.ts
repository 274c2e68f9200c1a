/**
 * `iterl2norm synth`: Yosys synthesis report of one configuration (synth/synth.ts). Prints a
 * table; --json, --html and --netlist write the report, an HTML page with an SVG chart, and
 * the gate netlist. With --liberty LIB the design is also mapped to that standard-cell library
 * and timed with OpenSTA at --clock-period (synth/synth-liberty.ts); --netlist then writes the
 * timed netlist, the store's timing model (FILE-stem.store.lib), the constraints
 * (FILE-stem.sdc) and the manifest of the netlist's configuration (FILE-stem.manifest.json, for
 * `cosim --netlist`). With --liberty the area includes the memory (synth/liberty/memory-area.ts);
 * --power adds power from a gate-level simulation (cli/power.ts). Exit status 1 when a design
 * check fails (loop, multiple or missing driver, latch, init value) or the power run's gate-level
 * simulation does not match the golden model, 2 for bad input (a malformed Liberty file among
 * them), 3 when Yosys or OpenSTA is missing or fails.
 */
import { basename } from 'node:path';
import type { Argv } from 'yargs';
import { type MacroConfig, topModuleName } from '../generator/config.ts';
import { UsageError } from '../generator/errors.ts';
import { jsonText, streamTo, writeOutputs } from '../generator/io/atomic-write.ts';
import { checkDistinct, checkInputsNotOutputs, checkOutputFile, outputFileOption } from '../generator/io/output-path.ts';
import { flowCells } from '../synth/liberty/cells.ts';
import { readLiberty } from '../synth/liberty/parse.ts';
import { type MemoryModel, memoryAreaUm2, memoryModel } from '../synth/liberty/memory-area.ts';
import { integerOption, numberOrText, realOrText } from './options.ts';
import { buildManifest, ports, renderDesign } from '../generator/rtl/generate.ts';
import { HIERARCHY_KEPT, KEPT_OPERATORS, keptOperatorPatterns } from '../generator/rtl/operators.ts';
import { formatPipeline } from '../generator/rtl/pipeline.ts';
import { DEFAULT_CLOCK_PERIOD_NS, checkClockPeriod } from '../generator/rtl/clock.ts';
import { timedPipeline } from '../synth/characterise.ts';
import { type ClosureRun, closeTiming } from '../synth/closure.ts';
import { requireSta } from '../synth/sta.ts';
import { type LibertyReport, type TimedTexts, mapAndTime, timedFiles } from '../synth/synth-liberty.ts';
import { setYosysLog } from '../synth/yosys-log.ts';
import { POWER_VECTORS_DEFAULT, POWER_VECTORS_MAX, type PowerReport, PowerSimulationError, measurePower, powerVectors } from './power.ts';
import { SynthCheckError, type SynthReport, formatHtml, formatTable, synthesize } from '../synth/synth.ts';
import { type WorkerRun, inWorker } from '../synth/in-worker.ts';

/** A run in this thread, shaped as a worker's (nothing to cancel). */
const here = <T>(result: Promise<T>): WorkerRun<T> => ({ result, cancel: () => { result.catch(() => {}); } });

/** The flow of `synth --liberty` without --hier, --flat or --keep-operators (docs/synthesis.md, bench/hier.ts). */
// Hierarchical: on bf16 l2 d 64 with 4 lanes at 10 ns in sky130 it takes 39 % less CPU time than
// the flattened flow for 4.7 % more standard-cell area and a shorter critical path
// (bench/results/hier.json, docs/synthesis.md): within the few per cent that make the fast flow
// the default.
export const LIBERTY_FLOW_DEFAULT: 'hierarchical' | 'flat' = 'hierarchical';

/** Timing closure (closurePipeline): runs after a missed period, by default and at most. */
export const CLOSURE_RUNS_DEFAULT = 2;
export const CLOSURE_RUNS_MAX = 4;

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
    .option('keep-operators', { type: 'boolean', describe: `with --liberty: map each distinct ${KEPT_OPERATORS.join(', ')} once, kept as a module through ABC and flattened after (less memory and time for many lanes, no register merged across lanes; ABC does not optimise across operator ports) [default: the whole design flattened first]` })
    .option('closure-runs', { type: 'string', describe: `timing-driven (--liberty with --clock-period): when OpenSTA finds the period missed, synthesise again with more operator registers, up to this many times (0..${CLOSURE_RUNS_MAX}) [default: ${CLOSURE_RUNS_DEFAULT}]` });
}

function fileOption(argv: Record<string, unknown>, name: string): string | undefined {
  const v = argv[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw new UsageError(`--${name} needs a file name`);
  return v;
}

/**
 * The manifest written beside a timed netlist: the design's manifest (the configuration with the
 * operator registers the netlist has) and how it was mapped. `cosim --netlist` reads it.
 */
export function netlistManifest(cfg: MacroConfig, netlistFile: string, t: LibertyReport): Record<string, unknown> {
  return {
    ...buildManifest(cfg, [netlistFile]),
    netlist: {
      file: netlistFile, liberty: t.liberty, libertyFile: t.libertyFile, clockPeriodNs: t.clockPeriodNs,
      stores: t.stores.map((s) => s.module), hierarchical: t.hierarchical,
      definition: 'the gate-level netlist synth --liberty wrote: standard cells of the library, the stores as black boxes named <store module>_<WIDTH>x<DEPTH>',
    },
  };
}

export function powerRows(p: PowerReport): Array<[string, string]> {
  const f = (x: number) => x.toPrecision(4);
  return [
    [`power at ${p.clockMhz} MHz`, `${f(p.totalMw)} mW (internal ${f(p.internalMw)}, switching ${f(p.switchingMw)}, leakage ${f(p.leakageMw)}): ${f(p.pjPerVector)} pJ a vector, ${f(p.pjPerElement)} pJ an element; memory macro not included`],
    ['  activity', `${p.vectors} vectors, ${p.cycles} cycles of gate-level simulation: mean ${p.meanActivity} transitions per cycle on ${p.pinsAnnotated.toLocaleString('en-US')} cell outputs`],
    ['  vectorless (OpenSTA)', `${f(p.vectorless.totalMw)} mW (internal ${f(p.vectorless.internalMw)}, switching ${f(p.vectorless.switchingMw)}, leakage ${f(p.vectorless.leakageMw)}) with every pin at ${p.vectorless.activity} per cycle`],
  ];
}

/** Standard cells plus memory: the memory from its bits and the library's model (synth/liberty/memory-area.ts). */
export interface AreaTotals { memoryAreaUm2: number; totalAreaUm2: number; memoryModel: MemoryModel & { bits: number } }

export function areaTotals(cellsUm2: number, memoryBits: number, model: MemoryModel): AreaTotals {
  const memory = memoryAreaUm2(memoryBits, model);
  return { memoryAreaUm2: memory, totalAreaUm2: Number((cellsUm2 + memory).toFixed(2)), memoryModel: { ...model, bits: memoryBits } };
}

/** --sram-um2-per-bit: a positive number of um^2. */
export function sramOption(text: unknown): number | undefined {
  if (text === undefined) return undefined;
  const v = numberOrText(text);
  if (typeof v !== 'number' || !(v > 0) || v > 1e4) throw new UsageError(`--sram-um2-per-bit must be a number of um^2 above 0 and at most 10000 (got ${JSON.stringify(text)})`);
  return v;
}

/** The JSON report: the generic figures, and with --liberty the contract's timing and area fields. */
export function reportJson(generic: Omit<SynthReport, 'netlist'>, timed?: LibertyReport, area?: AreaTotals): Record<string, unknown> {
  if (!timed) return { ...generic };
  const { liberty, areaUm2, criticalPathNs, fmaxMhz, clockPeriodNs, wnsNs, criticalPath, ...rest } = timed;
  return {
    ...generic,
    longestPathGates: generic.longestPath.gates,
    liberty, areaUm2, ...(area ?? {}), criticalPathNs, fmaxMhz, clockPeriodNs, wnsNs, criticalPath,
    latencyNs: Number((generic.latency.cycles * Math.max(clockPeriodNs, criticalPathNs)).toFixed(3)),
    timing: rest,
  };
}

export function timingRows(t: LibertyReport, latencyCycles: number, area?: AreaTotals): Array<[string, string]> {
  const clockNs = Math.max(t.clockPeriodNs, t.criticalPathNs);
  const um2 = (x: number) => x.toLocaleString('en-US');
  return [
    [`area (${t.liberty})`, `${um2(t.areaUm2)} um^2 of standard cells (${t.cells.toLocaleString('en-US')} cells, ${t.flipFlops.toLocaleString('en-US')} flip-flops; store not included)`],
    ...(area ? [
      ['memory area', `${um2(area.memoryAreaUm2)} um^2 (${um2(area.memoryModel.bits)} bits x ${area.memoryModel.um2PerBit.toFixed(4)} um^2/bit: ${area.memoryModel.source})`],
      ['total area', `${um2(area.totalAreaUm2)} um^2 (standard cells and memory)`],
    ] as Array<[string, string]> : []),
    ['critical path (OpenSTA)', `${t.criticalPathNs} ns, fmax ${t.fmaxMhz} MHz (${t.criticalPath.from} -> ${t.criticalPath.to})`],
    [`clock period ${t.clockPeriodNs} ns`, `worst slack ${t.wnsNs} ns: ${t.wnsNs >= 0 ? 'met' : 'VIOLATED'}`],
    ...t.stages.map((s): [string, string] => [`  stage: ${s.stage}`, `${s.delayNs} ns (worst end point ${s.to}, ${s.endpoints} end points)`]),
    ['latency', `${latencyCycles} cycles = ${(latencyCycles * clockNs).toFixed(1)} ns at ${clockNs} ns`],
    ['timing flow', `Yosys ${t.seconds.yosys.toFixed(1)} s, OpenSTA ${t.sta} ${t.seconds.sta.toFixed(1)} s; store: ${t.stores.map((s) => s.module).join(', ')} (black box); ${t.hierarchical ? 'hierarchical: each distinct module mapped once, timed through the hierarchy' : t.keptModules.length ? `kept as modules through ABC: ${t.keptModules.join(', ')}` : 'flattened before ABC'}`],
  ];
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
  type Target = ReturnType<typeof checkOutputFile>;
  let beside: { storeLiberty: Target; sdc: Target; manifest: Target } | undefined;
  if (netlist && liberty !== undefined) {
    if (netlist.kind !== 'file') throw new UsageError(`--netlist ${netlist.given}: with --liberty it writes four files (FILE, FILE-stem.store.lib, FILE-stem.sdc, FILE-stem.manifest.json): give a file name`);
    const files = timedFiles(netlist.given);
    beside = { storeLiberty: checkOutputFile('--netlist', files.storeLiberty), sdc: checkOutputFile('--netlist', files.sdc), manifest: checkOutputFile('--netlist', files.manifest) };
  }
  const yosysLog = outputFileOption('--yosys-log', argv['yosys-log']);
  checkDistinct([json, html, netlist, beside?.storeLiberty, beside?.sdc, beside?.manifest, yosysLog]);
  checkInputsNotOutputs([liberty === undefined ? undefined : { option: '--liberty', given: liberty }], [json, html, netlist, beside?.storeLiberty, beside?.sdc, beside?.manifest, yosysLog]);
  if ([json, html, netlist, yosysLog].some((t) => t?.kind === 'stdout')) out = { log: (s) => process.stderr.write(`${s}\n`) };
  const periodNs = checkClockPeriod(realOrText('clock-period', argv['clock-period'] ?? String(DEFAULT_CLOCK_PERIOD_NS)));
  // bad input and a missing tool before the long work
  const lib = liberty === undefined ? undefined : readLiberty(liberty);
  if (lib) {
    flowCells(lib);
    requireSta();
  }
  const sramUm2 = sramOption(argv['sram-um2-per-bit']);
  if (sramUm2 !== undefined && !lib) throw new UsageError('--sram-um2-per-bit applies to the standard-cell flow only: give it with --liberty LIB');
  if (argv['keep-operators'] !== undefined && !lib) throw new UsageError('--keep-operators applies to the standard-cell flow only: give it with --liberty LIB');
  const keepOperators = argv['keep-operators'] === true;
  if (argv.hier !== undefined && !lib) throw new UsageError('--hier applies to the standard-cell flow only: give it with --liberty LIB');
  const flows = [argv.hier === true && '--hier', argv.flat === true && lib && '--flat', keepOperators && '--keep-operators'].filter(Boolean);
  if (flows.length > 1) throw new UsageError(`${flows.join(' and ')}: give one flow of --liberty (--hier: the hierarchy kept, each distinct module mapped once; --flat: all flattened before mapping; --keep-operators: operators mapped once, then flattened)`);
  const hierarchical = flows.length ? argv.hier === true : LIBERTY_FLOW_DEFAULT === 'hierarchical';
  const powerOn = argv.power === true;
  if (powerOn && !lib) throw new UsageError('--power applies to the standard-cell flow only: give it with --liberty LIB');
  if (argv['power-vectors'] !== undefined && !powerOn) throw new UsageError('--power-vectors sets the vectors of --power: give it with --power');
  const nPower = argv['power-vectors'] === undefined ? POWER_VECTORS_DEFAULT : integerOption('power-vectors', argv['power-vectors'], 1, POWER_VECTORS_MAX);
  const closureRuns = argv['closure-runs'] === undefined ? CLOSURE_RUNS_DEFAULT : integerOption('closure-runs', argv['closure-runs'], 0, CLOSURE_RUNS_MAX);
  if (argv['closure-runs'] !== undefined && !(lib && timingDriven(argv))) {
    throw new UsageError('--closure-runs applies to timing-driven pipelining only: give it with --liberty LIB and --clock-period NS (and no --pipeline, --target-depth or --gate-delay)');
  }
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
    let chosen: Awaited<ReturnType<typeof timedPipeline>> | undefined;
    if (lib && timingDriven(argv)) {
      chosen = await timedPipeline(cfg, lib, periodNs, note, warn);
      out.log(`operator registers for ${periodNs} ns in ${lib.name}: ${formatPipeline(chosen.pipeline)} (${chosen.uses.map((u) => `${u.kind} ${u.where}: ${u.delaysNs.map((d) => (Number.isFinite(d) ? d.toFixed(2) : '-')).join('/')} ns alone`).join('; ')})`);
    }
    let report: Awaited<ReturnType<typeof synthesize>>;
    let timed: LibertyReport | undefined;
    let texts: TimedTexts | undefined;
    let runs: ClosureRun[] | undefined;
    // the configuration of the netlist kept (timing closure may add registers)
    let kept = cfg;
    try {
      // Without --yosys-log the generic report and the mapping run in worker threads, side by
      // side (synth/in-worker.ts: an interrupt is acted on at once; two cores, the longer run's
      // wall time); with it, one after the other in this thread, so that the log is one run's at a time.
      const workers = yosysLog === undefined;
      const genericOpts = { netlist: netlist !== undefined && !lib, flat: argv.flat === true };
      const generic = (c: MacroConfig): WorkerRun<Awaited<ReturnType<typeof synthesize>>> => (workers ? inWorker('synthesize', c, genericOpts) : here(synthesize(c, genericOpts)));
      const mapped = (c: MacroConfig, sources = renderDesign(c)) => {
        const inputs = ports(c).filter((p) => p.direction === 'input').map((p) => p.name);
        const top = topModuleName(c);
        const design = { sources, top, inputs };
        const opts = {
          texts: netlist !== undefined || powerOn, split: c.lanes >= 8, keepModules: keepOperators ? keptOperatorPatterns(top) : undefined,
          hierarchical, hierModules: HIERARCHY_KEPT,
        };
        return (workers ? inWorker('mapAndTime', design, lib!, periodNs, opts) : here(mapAndTime(design, lib!, periodNs, opts))).result;
      };
      let done: { r: Awaited<ReturnType<typeof synthesize>>; t?: Awaited<ReturnType<typeof mapped>> };
      const pending: Array<WorkerRun<unknown>> = [];
      try {
        if (chosen && lib) {
          // the generic report of the first registers beside the mapping runs; closure runs are
          // mapped and timed only, and a closure that changes the registers makes it again
          const first = generic(configFrom({ ...argv, pipeline: formatPipeline(chosen.pipeline) }));
          pending.push(first);
          if (!workers) await first.result;
          const closed = await closeTiming({
            first: chosen.pipeline, uses: chosen.uses, periodNs, closureRuns, libName: lib.name,
            synthesise: (pipeline) => mapped(configFrom({ ...argv, pipeline: formatPipeline(pipeline) })),
            log: note, warn,
          });
          kept = configFrom({ ...argv, pipeline: formatPipeline(closed.pipeline) });
          const same = formatPipeline(closed.pipeline) === formatPipeline(chosen.pipeline);
          if (!same) first.cancel();
          done = { r: await (same ? first : generic(kept)).result, t: closed.kept };
          runs = closed.runs;
        } else {
          const r = generic(cfg);
          pending.push(r);
          if (!workers) await r.result;
          const t = lib ? mapped(cfg) : undefined;
          done = { r: await r.result, t: await t };
        }
      } finally {
        for (const p of pending) p.cancel();
      }
      report = done.r;
      if (done.t) ({ texts, ...timed } = done.t);
    } catch (e) {
      if (e instanceof SynthCheckError) {
        for (const p of e.problems.slice(0, 20)) out.log(`check: ${p}`);
        out.log('synthesis checks FAILED');
        writeOutputs([logOutput()]);
        return 1;
      }
      throw e;
    }
    let power: PowerReport | undefined;
    if (powerOn && texts && timed) {
      note(`power: gate-level simulation of ${nPower} vectors, then OpenSTA report_power`);
      try {
        power = measurePower({ cfg: kept, lib: lib!, texts, top: topModuleName(kept), periodNs, vectors: powerVectors(kept, nPower) });
      } catch (e) {
        if (!(e instanceof PowerSimulationError)) throw e;
        out.log(e.message);
        writeOutputs([logOutput()]);
        return 1;
      }
    }
    const { netlist: text, sources: _sources, ...rest } = report;
    const closureRows: Array<[string, string]> = runs && runs.length > 1
      ? [[`timing closure (${runs.length} runs)`, runs.map((x) => `${x.pipeline}: slack ${x.wnsNs} ns`).join('; ')]]
      : [];
    const area = timed && memory ? areaTotals(timed.areaUm2, rest.memoryBits, memory) : undefined;
    const extraRows = timed ? [...timingRows(timed, rest.latency.cycles, area), ...closureRows, ...(power ? powerRows(power) : [])] : [];
    out.log(formatTable(rest, extraRows));
    if (rest.pipeline.withinTarget === false) {
      process.stderr.write(`iterl2norm: warning: the longest path (${rest.longestPath.gates} gate levels) exceeds --target-depth ${rest.pipeline.targetDepth}: the depth model (generator/rtl/depth-model.ts) underestimated this configuration; choose a lower target or --pipeline\n`);
    }
    writeOutputs([
      json && { target: json, data: jsonText({ ...reportJson(rest, timed, area), ...(power ? { power } : {}), ...(chosen ? { timingDriven: { ...chosen, pipeline: report.pipeline.registers, chosen: chosen.pipeline, runs } } : {}) }) },
      html && { target: html, data: formatHtml(rest, extraRows) },
      netlist && text !== undefined ? { target: netlist, data: text } : undefined,
      ...(netlist && beside && texts ? [
        { target: netlist, data: texts.netlist },
        { target: beside.storeLiberty, data: texts.storeLiberty },
        { target: beside.sdc, data: texts.sdc },
        { target: beside.manifest, data: jsonText(netlistManifest(kept, basename(netlist.given), timed!)) },
      ] : []),
      logOutput(),
    ]);
    return 0;
  }
}
