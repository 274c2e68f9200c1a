/** `synth`: Yosys synthesis of one configuration and, with a Liberty file, area, timing and power, as `iterl2norm synth`. */
import { accessSync, constants } from 'node:fs';
import { type ConfigOptions, resolveConfig } from '../generator/config.ts';
import { OptionError } from '../generator/errors.ts';
import { writeOutputs } from '../generator/io/atomic-write.ts';
import { checkDistinct, checkInputsNotOutputs, outputFileOption } from '../generator/io/output-path.ts';
import { DEFAULT_CLOCK_PERIOD_NS } from '../generator/rtl/clock.ts';
import { flowCells } from '../synth/liberty/cells.ts';
import { type MemoryModel, memoryModel } from '../synth/liberty/memory-area.ts';
import { type Liberty, readLiberty } from '../synth/liberty/parse.ts';
import { requireSta } from '../synth/sta.ts';
import { netlistOutputs, netlistTargetList, netlistTargets } from '../tasks/netlist-files.ts';
import { POWER_VECTORS_DEFAULT, POWER_VECTORS_MAX } from '../tasks/power.ts';
import { checkFlowOptions } from '../tasks/synth-options.ts';
import { CLOSURE_RUNS_DEFAULT, CLOSURE_RUNS_MAX, runSynth } from '../tasks/synth-run.ts';
import type { SynthJson } from '../tasks/synth-report.ts';
import { CONFIG_KEYS, booleanOf, checkedAs, configOf, configOptionsOf, integerOf, numberOf, pathOf, refuseUnknownKeys } from './options.ts';

export interface SynthOptions extends ConfigOptions {
  /** Also map to this Liberty file (plain or .gz) and time the netlist with OpenSTA at clockPeriodNs (default 10). */
  liberty?: string;
  /** With liberty: the memory's area per bit in um^2 (default: built in for sky130 and sg13g2; other libraries need it). */
  sramUm2PerBit?: number;
  /** With liberty: power from a gate-level simulation of powerVectors test vectors (1..10000, default 20). */
  power?: boolean;
  powerVectors?: number;
  /** Flatten before mapping. */
  flat?: boolean;
  /** With liberty: keep the operators' hierarchy through mapping (the default flow). */
  hier?: boolean;
  /** With liberty: map each distinct operator once, then flatten. */
  keepOperators?: boolean;
  /** Timing-driven (liberty with clockPeriodNs): runs with more registers after a missed period, 0..4 (default 2). */
  closureRuns?: number;
  /** Write the gate-level Verilog here; with liberty also FILE-stem.store.lib, .sdc and .manifest.json beside it. */
  netlist?: string;
  /** Progress lines and warnings, as the command prints them (default: none). */
  log?: (line: string) => void;
}

const SYNTH_KEYS = [...CONFIG_KEYS, 'liberty', 'sramUm2PerBit', 'power', 'powerVectors', 'flat', 'hier', 'keepOperators', 'closureRuns', 'netlist', 'log'];

/** A Liberty file the caller names: readable, parsed, with the cells the flow needs; OpenSTA present. */
export function libertyOf(file: string): Liberty {
  try {
    accessSync(file, constants.R_OK);
  } catch (e) {
    throw new OptionError({ option: 'liberty', got: file, allowed: 'a readable Liberty file', text: `{liberty}: cannot read ${file.replace(/[{}]/g, '')} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
  }
  const lib = readLiberty(file);
  flowCells(lib);
  return lib;
}

/** The memory's area per bit: given, or built in for the library. */
export function memoryOf(lib: Liberty, sramUm2PerBit: unknown): MemoryModel {
  const um2 = numberOf('sramUm2PerBit', sramUm2PerBit, Number.MIN_VALUE, 1e4, undefined);
  return checkedAs('sramUm2PerBit', um2, 'um^2 per SRAM bit: this library has no built-in figure', () => memoryModel(lib.name, um2));
}

/**
 * Synthesises the configuration and returns the report `synth --json` writes: cells, flip-flops,
 * memory bits, the longest path in generic gates, latency; with liberty the standard-cell area,
 * the memory and total area, OpenSTA's critical path and slack at clockPeriodNs, and with power
 * the power figures. An explicit clockPeriodNs with liberty chooses the operator registers for it
 * (timingDriven in the report). Seconds for a small design, minutes for a large one.
 * Throws OptionError for a bad option (nothing is run or written), SynthCheckError when a design
 * check fails, PowerSimulationError when the gate-level run differs from the model, ToolError when
 * Yosys or OpenSTA is missing or fails.
 */
export async function synth(options: SynthOptions = {}): Promise<SynthJson> {
  refuseUnknownKeys(options, SYNTH_KEYS, 'options');
  const cfg = configOf(options, true);
  const liberty = pathOf('liberty', options.liberty);
  const netlist = pathOf('netlist', options.netlist);
  const log = options.log ?? (() => {});
  if (options.log !== undefined && typeof options.log !== 'function') throw new OptionError({ option: 'log', got: options.log, allowed: 'a function of one line' });
  const [flat, hier, keepOperators, power] = (['flat', 'hier', 'keepOperators', 'power'] as const).map((k) => booleanOf(k, options[k]));
  const timingDriven = liberty !== undefined && options.clockPeriodNs !== undefined
    && options.pipeline === undefined && options.targetDepth === undefined && options.gateDelayPs === undefined;
  const closureRuns = integerOf('closureRuns', options.closureRuns, 0, CLOSURE_RUNS_MAX, CLOSURE_RUNS_DEFAULT);
  const { hierarchical } = checkFlowOptions({
    liberty: liberty !== undefined, timingDriven, sramUm2PerBit: options.sramUm2PerBit, hier: options.hier === undefined ? undefined : hier,
    flat, keepOperators: options.keepOperators === undefined ? undefined : keepOperators, power, powerVectors: options.powerVectors, closureRuns: options.closureRuns,
  });
  const powerVectors = integerOf('powerVectors', options.powerVectors, 1, POWER_VECTORS_MAX, POWER_VECTORS_DEFAULT);
  const target = checkedAs('netlist', netlist, 'a file path', () => outputFileOption('netlist', netlist));
  if (target?.kind === 'stdout') throw new OptionError({ option: 'netlist', got: netlist, allowed: 'a file path', text: '{netlist} names a file: a library call has no standard output' });
  const files = checkedAs('netlist', netlist, 'a file path', () => {
    const t = netlistTargets('netlist', target, liberty !== undefined);
    checkDistinct(netlistTargetList(t));
    checkInputsNotOutputs([liberty === undefined ? undefined : { option: 'liberty', given: liberty }], netlistTargetList(t));
    return t;
  });
  const lib = liberty === undefined ? undefined : libertyOf(liberty);
  const memory = lib ? memoryOf(lib, options.sramUm2PerBit) : undefined;
  if (lib) requireSta();
  const config = configOptionsOf(options);
  const done = await runSynth({
    cfg, withPipeline: (pipeline) => resolveConfig({ ...config, pipeline }), lib, memory, periodNs: options.clockPeriodNs ?? DEFAULT_CLOCK_PERIOD_NS,
    timingDriven, closureRuns, flat, hierarchical, keepOperators,
    powerVectors: power ? powerVectors : undefined, netlist: netlist !== undefined, workers: true,
  }, { log, note: log, warn: (s) => log(`warning: ${s}`) });
  writeOutputs(netlistOutputs(files, done));
  return done.json;
}
