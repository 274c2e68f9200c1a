/** `explore`: the cheapest design for an accuracy bound and a clock in a Liberty library, as `iterl2norm explore`. */
import { LIMITS, type NormMode, resolveConfig } from '../generator/config.ts';
import { OptionError } from '../generator/errors.ts';
import { parseFormat } from '../generator/format/float-format.ts';
import { checkInputsNotOutputs, checkOutputFolder } from '../generator/io/output-path.ts';
import { checkClockPeriod } from '../generator/rtl/clock.ts';
import { DEFAULT_INIT_BITS, DEFAULT_STEPS, type Registers, type Space, defaultInternals, defaultLanes, parseRegisters } from '../synth/explore/candidates.ts';
import { planSearch } from '../synth/explore/search.ts';
import { requireSta } from '../synth/sta.ts';
import { EXPLORE_DEFAULTS, type ExploreReport, runExplore } from '../tasks/explore-run.ts';
import { POWER_VECTORS_DEFAULT, POWER_VECTORS_MAX } from '../tasks/power.ts';
import { CLOSURE_RUNS_DEFAULT, CLOSURE_RUNS_MAX } from '../tasks/synth-run.ts';
import { booleanOf, checkedAs, integerOf, numberOf, pathOf, refuseUnknownKeys } from './options.ts';
import { libertyOf, memoryOf } from './synth.ts';

export interface ExploreOptions {
  /** The accuracy bound: worst ulp error on the fixed vector set (required). */
  maxUlp: number;
  /** The standard-cell library (plain or .gz) every candidate is mapped and timed in (required). */
  liberty: string;
  /** The clock in ns: registers are chosen for it, OpenSTA checks it (required). */
  clockPeriodNs: number;
  mode?: string;
  format?: string;
  /** The vector length, or dMax: every length up to it (default d 768). */
  d?: number;
  dMax?: number;
  /** The cache folder: one JSON file per synthesised candidate, read again by the next call (default 'explore-out'). */
  out?: string;
  /** The candidate space; default as the command's. */
  lanes?: number[];
  internal?: string[];
  steps?: number[];
  initBits?: number[];
  /** 'timed' (chosen for the clock, with closure runs) or registers as `pipeline` takes them ('add=1,mul=1,convert=0'). */
  registers?: string[];
  /** The cheapest design must also stream at least this many elements per ns. */
  minThroughput?: number;
  /** At most this many syntheses in this call (cached candidates do not count; default all). */
  budget?: number;
  /** Vectors per distribution of the accuracy set (1..1000, default 16). */
  accuracyVectors?: number;
  /** Skip a candidate that one with no more resources is as accurate as (default true). */
  prune?: boolean;
  /** Power of every synthesised candidate from a gate-level simulation of powerVectors vectors (1..10000, default 20). */
  power?: boolean;
  powerVectors?: number;
  /** The memory's area per bit in um^2 (default: built in for sky130 and sg13g2; other libraries need it). */
  sramUm2PerBit?: number;
  /** With timed registers: runs with more registers after a missed period, 0..4 (default 2). */
  closureRuns?: number;
  /** Progress lines, as the command prints them (default: none). */
  log?: (line: string) => void;
}

const EXPLORE_KEYS = ['maxUlp', 'liberty', 'clockPeriodNs', 'mode', 'format', 'd', 'dMax', 'out', 'lanes', 'internal', 'steps', 'initBits', 'registers',
  'minThroughput', 'budget', 'accuracyVectors', 'prune', 'power', 'powerVectors', 'sramUm2PerBit', 'closureRuns', 'log'];

/** A list option: a non-empty array, each item checked, duplicates dropped; undefined when not given. */
function listOf<T>(option: string, value: unknown, item: (v: unknown) => T): T[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) throw new OptionError({ option, got: value, allowed: 'a non-empty array' });
  return [...new Set(value.map(item))];
}

const integers = (option: string, value: unknown, limits: { min: number; max: number }) => listOf(option, value, (v) => integerOf(option, v ?? null, limits.min, limits.max, 0));

/** A candidate's bad registers, said of the list that gave them. */
function registersError(e: unknown): never {
  if (e instanceof OptionError && e.option === 'pipeline') throw new OptionError({ option: 'registers', got: e.got, allowed: `timed or registers: ${e.allowed}` });
  throw e;
}

/**
 * Searches the candidate space for the cheapest design within maxUlp at clockPeriodNs and
 * returns the report `explore --json` writes: the header, `cheapest` (null when no synthesised
 * candidate meets both bounds, or none is within maxUlp), `frontier` and every candidate with its
 * status and figures. Accuracy takes seconds; each synthesis seconds for a tiny design and minutes
 * for a large one, so a call may take hours: `budget` bounds the syntheses of one call, and each
 * result is cached in `out` for the next. Throws OptionError for a bad option (before anything is
 * run or written), PowerSimulationError, ToolError as `synth`.
 */
export async function explore(options: ExploreOptions): Promise<ExploreReport> {
  refuseUnknownKeys(options, EXPLORE_KEYS, 'options');
  const required = (key: 'maxUlp' | 'liberty' | 'clockPeriodNs', what: string) => {
    if (options[key] === undefined) throw new OptionError({ option: key, allowed: what, text: `{${key}} is required: ${what}` });
    return options[key];
  };
  const maxUlp = numberOf('maxUlp', required('maxUlp', 'the accuracy bound in ulp'), 0, EXPLORE_DEFAULTS.maxUlpLimit, 0);
  const liberty = pathOf('liberty', required('liberty', 'the Liberty file of the standard cells'))!;
  const periodNs = checkClockPeriod(required('clockPeriodNs', 'the clock period in ns'));
  const base = resolveConfig({ mode: options.mode, format: options.format, ...(options.dMax !== undefined ? { dMax: options.dMax } : {}), ...(options.d !== undefined ? { d: options.d } : {}) });
  const internal = listOf('internal', options.internal, (v) => checkedAs('internal', v, 'fp32, bf16, fp16 or eXmY', () => parseFormat(String(v)).name));
  let registers: Registers[];
  try {
    registers = listOf('registers', options.registers, (v) => (typeof v === 'string' ? parseRegisters(v) : registersError(new OptionError({ option: 'pipeline', got: v, allowed: 'a string' })))) ?? ['timed'];
  } catch (e) {
    registersError(e);
  }
  const space: Space = {
    mode: base.mode as NormMode, format: base.format.name, d: base.d, runtimeLength: options.dMax !== undefined,
    internal: internal ?? defaultInternals(base.format, base.mode), registers,
    steps: integers('steps', options.steps, LIMITS.steps) ?? DEFAULT_STEPS,
    initBits: integers('initBits', options.initBits, LIMITS.initBits) ?? DEFAULT_INIT_BITS,
    lanes: integers('lanes', options.lanes, LIMITS.lanes) ?? defaultLanes(base.d),
  };
  const budget = integerOf('budget', options.budget, 0, 100000, Infinity);
  const accuracyVectors = integerOf('accuracyVectors', options.accuracyVectors, 1, 1000, EXPLORE_DEFAULTS.accuracyVectors);
  const minThroughput = numberOf('minThroughput', options.minThroughput, 0, 1e6, undefined);
  const prune = options.prune === undefined ? true : booleanOf('prune', options.prune);
  const power = booleanOf('power', options.power);
  if (options.powerVectors !== undefined && !power) throw new OptionError({ option: 'powerVectors', got: options.powerVectors, others: ['power'], allowed: 'only with power', text: '{powerVectors} sets the vectors of {power}: give it with {power}' });
  const powerVectors = integerOf('powerVectors', options.powerVectors, 1, POWER_VECTORS_MAX, POWER_VECTORS_DEFAULT);
  const closureRuns = integerOf('closureRuns', options.closureRuns, 0, CLOSURE_RUNS_MAX, CLOSURE_RUNS_DEFAULT);
  if (options.closureRuns !== undefined && !registers.includes('timed')) throw new OptionError({ option: 'closureRuns', got: options.closureRuns, others: ['registers'], allowed: 'only with timed registers', text: '{closureRuns} applies to timed registers only: add timed to {registers} or leave {closureRuns} out' });
  const log = options.log ?? (() => {});
  if (typeof log !== 'function') throw new OptionError({ option: 'log', got: log, allowed: 'a function of one line' });
  const outDir = pathOf('out', options.out) ?? EXPLORE_DEFAULTS.out;
  checkedAs('out', outDir, 'a folder path', () => {
    checkOutputFolder('out', outDir);
    checkInputsNotOutputs([{ option: 'liberty', given: liberty }], [], [{ option: 'out', given: outDir }]);
  });
  const lib = libertyOf(liberty);
  const memory = memoryOf(lib, options.sramUm2PerBit);
  requireSta();
  let plan: ReturnType<typeof planSearch>;
  try {
    plan = planSearch(space, maxUlp, accuracyVectors, prune);
  } catch (e) {
    registersError(e);
  }
  const done = await runExplore({ plan, maxUlp, budget, minThroughput, lib, memory, periodNs, closureRuns, powerVectors: power ? powerVectors : undefined, outDir, outOption: 'out' }, log);
  return done.report;
}
