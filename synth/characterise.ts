/**
 * Timing-driven pipelining (`--clock-period NS --liberty LIB`): every operator instance kind
 * of the datapath (generator/rtl/pipeline.ts operatorUses) is mapped alone to the library and
 * timed with OpenSTA (synth/synth-liberty.ts) at the numbers of pipeline registers the choice
 * needs (from the most down to the first that does not fit); the kind then gets the fewest
 * registers whose deepest stage, plus the in-context overhead, fits the period. The figures are cached per library content (sha256) in .cache/timing/<hash>.json at
 * the project root (git-ignored), so a library is characterised once.
 *
 * In-context overhead (CONTEXT_OVERHEAD): alone, an operator is timed from its input ports to
 * its output ports (input and output delays 0); in the macro the operands come from registers
 * through the operand multiplexers and the result goes to a register. The overhead is a
 * fraction of the operator's own delay plus a fixed part, calibrated on the stage delays
 * OpenSTA measured in sky130 (d 16, 1 lane, 10 ns: in context the multiplier's stage was 0.3 ns
 * and the adder's, behind the accumulator's operand selection, 1.7 ns longer than alone); the
 * final `synth --liberty` run reports the real worst slack, so a miss is visible.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Liberty } from './liberty/parse.ts';
import { COMBINATIONAL, MAX_LATENCY, type OperatorLatency } from '../generator/rtl/depth-model.ts';
import { type DatapathShape, type OperatorKind, operatorUses } from '../generator/rtl/pipeline.ts';
import { renderOperators } from '../generator/rtl/operators.ts';
import { abcLibertyScript, libertyScript } from '../generator/rtl/yosys-script.ts';
import { UsageError } from '../generator/errors.ts';
import { mapAndTime } from './synth-liberty.ts';
import { PACKAGE_ROOT } from '../generator/io/package-root.ts';

export const TIMING_CACHE = join(PACKAGE_ROOT, '.cache', 'timing');

/** In-context delay = alone * (1 + fraction) + fixed ns (operand multiplexers, clock-to-output, setup). */
export const CONTEXT_OVERHEAD = { fraction: 0.05, fixedNs: 1.0 } as const;

/**
 * Bumped when the meaning of a figure changes otherwise; a change of the operators' Verilog or
 * of the Yosys script changes the key of every entry by itself (sourceKey).
 */
const CACHE_VERSION = 3;

const PREFIX = 'op';

export type Cache = { version: number; liberty: string; delays: Record<string, number> };

export function loadCache(lib: Liberty): Cache {
  const file = join(TIMING_CACHE, `${lib.hash}.json`);
  if (existsSync(file)) {
    try {
      const c = JSON.parse(readFileSync(file, 'utf8')) as Cache;
      if (c.version === CACHE_VERSION) return c;
    } catch { /* a damaged cache entry is recomputed */ }
  }
  return { version: CACHE_VERSION, liberty: lib.name, delays: {} };
}

function saveCache(lib: Liberty, c: Cache): void {
  mkdirSync(TIMING_CACHE, { recursive: true });
  const file = join(TIMING_CACHE, `${lib.hash}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(c, null, 1)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Input port names of a module's ANSI header (all but the output ones). */
function inputPorts(verilog: string, module: string): string[] {
  const at = verilog.indexOf(`module ${module}`);
  const header = verilog.slice(at, verilog.indexOf(');', at));
  return [...header.matchAll(/input\s+wire\s*(?:signed\s*)?(?:\[[^\]]*\])?\s*(\w+)/g)].map((m) => m[1]!);
}

/**
 * One operator use's deepest stage alone (ns), indexed by its number of pipeline registers.
 * Infinity (null in JSON): not characterised, a register count below one that was found not
 * to fit the period (timedPipeline searches from the most registers down).
 */
export interface OperatorTiming { kind: OperatorKind; where: string; params: Record<string, number>; delaysNs: number[] }

/** What identifies the operators' Verilog and the flow that maps them (part of every cache key). */
function sourceKeyOf(text: string): string {
  return createHash('sha256').update(text).update(libertyScript('', { liberty: '', constr: '', abcScript: '', delayPs: 0, dontUse: [], tieHi: { cell: '', pin: '' }, tieLo: { cell: '', pin: '' }, buffer: { cell: '', in: '', out: '' } }).join('\n')).update(abcLibertyScript(0)).digest('hex').slice(0, 16);
}

/** Delay (ns) of the deepest stage of one operator alone in `lib` with `lat` registers; cached. */
export async function operatorDelay(lib: Liberty, cache: Cache, kind: OperatorKind, params: Record<string, number>, lat: number, log: (s: string) => void): Promise<number> {
  const module = `${PREFIX}_fp_${kind}`;
  const files = renderOperators(PREFIX);
  const text = files.map((f) => f.text).join('\n');
  const p = { ...params, LAT: lat };
  const key = `${sourceKeyOf(text)}:${module}:${Object.entries(p).map(([k, v]) => `${k}=${v}`).join(',')}`;
  if (cache.delays[key] === undefined) {
    const r = await mapAndTime({
      sources: files, top: module, inputs: inputPorts(text, module),
      chparams: Object.entries(p).map(([k, v]) => `-chparam ${k} ${v}`).join(' '),
    }, lib, 1);
    cache.delays[key] = r.criticalPathNs;
    saveCache(lib, cache);
    log(`characterised ${key} in ${lib.name}: ${r.criticalPathNs} ns (${(r.seconds.yosys + r.seconds.sta).toFixed(0)} s)`);
  }
  return cache.delays[key]!;
}

/** Delay (ns) of the deepest stage of one operator alone in `lib`, for LAT = 0..max; cached. */
export async function operatorDelays(lib: Liberty, cache: Cache, kind: OperatorKind, params: Record<string, number>, log: (s: string) => void): Promise<number[]> {
  const out: number[] = [];
  for (let lat = 0; lat <= MAX_LATENCY[kind]; lat++) out.push(await operatorDelay(lib, cache, kind, params, lat, log));
  return out;
}

export const inContext = (aloneNs: number) => aloneNs * (1 + CONTEXT_OVERHEAD.fraction) + CONTEXT_OVERHEAD.fixedNs;

/**
 * The fewest registers per operator kind whose estimated in-context stage delay fits `periodNs`
 * in `lib`; a period below what the fully pipelined operators reach alone is bad input.
 */
export async function timedPipeline(shape: DatapathShape, lib: Liberty, periodNs: number, log: (s: string) => void = () => {}, warn: (s: string) => void = log): Promise<{ pipeline: OperatorLatency; uses: OperatorTiming[] }> {
  const cache = loadCache(lib);
  const uses = await characteriseUses(operatorUses(shape), periodNs, (u, lat) => operatorDelay(lib, cache, u.kind, u.params, lat, log));
  return { pipeline: pipelineForPeriod(uses, periodNs, lib.name, warn), uses };
}

/**
 * The delays the choice of registers needs, from `delayOf` (a mapping run each, unless cached):
 * from the most registers down, and for each kind no lower than another use of it already needs.
 * The choice is the fewest registers that fit (pipelineForPeriod), so a count below the first
 * misfit is never needed, nor one below what the kind has anyway; timing closure only adds
 * registers, and every count above the choice is known. A library's first use pays one mapping
 * run per count characterised (a 16-lane l2 at 10 ns in sky130: 5 instead of 20).
 */
export async function characteriseUses(uses: Array<Omit<OperatorTiming, 'delaysNs'>>, periodNs: number, delayOf: (u: Omit<OperatorTiming, 'delaysNs'>, lat: number) => Promise<number>): Promise<OperatorTiming[]> {
  const need = { ...COMBINATIONAL };
  const out: OperatorTiming[] = [];
  for (const u of uses) {
    const delaysNs: number[] = new Array(MAX_LATENCY[u.kind] + 1).fill(Number.POSITIVE_INFINITY);
    const delay = async (lat: number) => (delaysNs[lat] = await delayOf(u, lat));
    let lat = MAX_LATENCY[u.kind];
    await delay(lat);
    while (lat > need[u.kind] && inContext(delaysNs[lat]!) <= periodNs && inContext(await delay(lat - 1)) <= periodNs) lat--;
    need[u.kind] = Math.max(need[u.kind], lat);
    out.push({ kind: u.kind, where: u.where, params: u.params, delaysNs });
  }
  return out;
}

const alone = (u: OperatorTiming) => u.delaysNs.at(-1)!;

/** The floor: the operator use that, fully pipelined and alone, is slowest (the macro cannot be faster). */
export function slowestFullyPipelined(uses: OperatorTiming[]): OperatorTiming {
  return uses.reduce((a, b) => (alone(b) > alone(a) ? b : a));
}

/**
 * The choice itself, from measured delays (index: registers). Below the floor, the deepest fully
 * pipelined operator alone (no operand selection, no registers around it: the macro cannot be
 * faster), UsageError. Between that floor and the estimated in-context delay (inContext) the
 * operator kinds that do not fit get every register they have, and `warn` says so: the estimate
 * is a model, so the final OpenSTA run (its worst slack) decides.
 */
export function pipelineForPeriod(uses: OperatorTiming[], periodNs: number, libName: string, warn: (s: string) => void = () => {}): OperatorLatency {
  const worst = slowestFullyPipelined(uses);
  if (periodNs < alone(worst)) {
    throw new UsageError(`--clock-period ${periodNs} is below what the operators can be pipelined to in ${libName}: ${alone(worst).toFixed(2)} ns (the ${worst.kind} of the ${worst.where}, fully pipelined, alone); allowed: ${Math.ceil(alone(worst) * 100 - 1e-6) / 100} or more`);
  }
  const pipeline = { ...COMBINATIONAL };
  for (const u of uses) {
    while (pipeline[u.kind] < u.delaysNs.length - 1 && inContext(u.delaysNs[pipeline[u.kind]]!) > periodNs) pipeline[u.kind]++;
    if (inContext(u.delaysNs[pipeline[u.kind]]!) > periodNs) {
      warn(`--clock-period ${periodNs}: the ${u.kind} of the ${u.where} has all its ${pipeline[u.kind]} registers and is estimated at ${inContext(alone(u)).toFixed(2)} ns in context (${alone(u).toFixed(2)} ns alone); OpenSTA's worst slack below says whether the period holds`);
    }
  }
  return pipeline;
}
