/**
 * Elaboration: every quantity derived from a configuration, computed once, in one object that
 * the templates (rtl/generate.ts), the golden model, the latency formulas, the manifest, the
 * co-simulation and the benches read. `elaborate(cfg)` is memoised per configuration object.
 *
 *   B  = ceil(d / P)            beats per vector (input and output)
 *   L  = ceil(log2 P)           levels of the pairwise lane tree
 *   C  = scalar-loop cycles     (scalar-program.ts: each micro-op 1 + its operator's registers)
 *   E  = 1 when eps > 0         (m + d*eps, one addition)
 *   X  = output stages          between the store read and the output register (latency.ts)
 *   A, M, V                     registers inside the adders, multipliers, converters
 * line-rate engine only:
 *   NT = tree adders            the fewest with which the tree takes at most L + 1 cycles
 *   TL = tree cycles            (each cycle: up to NT pairwise additions of one level)
 *   CS = max(C - EP, 1)         cycles the scalar loop holds a vector (EP = 1: the sqrt(d) epilogue
 *                               multiply is a stage of its own after the loop)
 *   T  = max(TL + E + 1, CS)    per-vector occupancy of the shared stages (tree, scalar loop)
 *   PERIOD = max(B, T)
 *   S  = vector slots           the fewest whole slots that sustain PERIOD (slotBusyCycles, slotCount)
 */
import { type MacroConfig, isPipelined } from './config.ts';
import { scalarCycles, scalarProgram } from './model/scalar-program.ts';
import { type CycleCount, extraOutputStages, latencyOf, periodOf } from './rtl/latency.ts';

/** One addition of the lane tree: r[dst] <= r[dst] + r[src] (in place, level by level). */
export interface TreeAdd { readonly dst: number; readonly src: number }

export interface Plan {
  readonly cfg: MacroConfig;
  readonly engine: MacroConfig['engine'];
  readonly B: number;
  readonly L: number;
  readonly C: number;
  readonly E: number;
  readonly X: number;
  readonly A: number;
  readonly M: number;
  readonly V: number;
  /** Address width of one slot, of the parameter store (at least 1 bit). */
  readonly storeAddressBits: number;
  /** Line-rate engine: tree adders, and the tree's schedule (cycle by cycle, adder by adder). */
  readonly treeAdders: number;
  readonly treeSchedule: readonly (readonly TreeAdd[])[];
  readonly TL: number;
  /** Line rate: cycles the scalar loop holds a vector (the epilogue multiply is a stage of its own). */
  readonly scalarOccupancy: number;
  /** Occupancy of the shared stages per vector (line rate; compact: the period). */
  readonly T: number;
  /** Vector slots of the store ring (compact: 1). */
  readonly slots: number;
  /** Memory bits: slots x B x P x W, plus the parameter store. */
  readonly vectorMemoryBits: number;
  readonly paramMemoryBits: number;
  readonly latency: CycleCount;
  readonly period: CycleCount;
}

/**
 * The pairwise lane tree in place: level l adds r[i + 2^l] into r[i] for i = 0, 2^(l+1), ...
 * (the model's level-by-level order: v'_j = v_2j + v_2j+1, an odd one out passes), up to
 * `adders` additions per cycle, one level per cycle group.
 */
export function treeSchedule(lanes: number, adders: number): TreeAdd[][] {
  const cycles: TreeAdd[][] = [];
  for (let stride = 1; stride < lanes; stride *= 2) {
    const level: TreeAdd[] = [];
    for (let i = 0; i + stride < lanes; i += 2 * stride) level.push({ dst: i, src: i + stride });
    for (let k = 0; k < level.length; k += adders) cycles.push(level.slice(k, k + adders));
  }
  return cycles;
}

/** The fewest tree adders that finish the tree within L + 1 cycles (0 for one lane). */
export function treeAdderCount(lanes: number): number {
  const L = Math.ceil(Math.log2(lanes));
  if (lanes < 2) return 0;
  for (let n = 1; ; n++) if (treeSchedule(lanes, n).length <= L + 1) return n;
}

/**
 * Cycles a vector holds its slot in the line-rate ring, from the edge that writes its first beat
 * to the first edge on which the slot may be written again:
 *   l2, rms: 2B + 3 + TL + E + C (input B-1, square and accumulate 2, tree and eps TL + E, seed 1,
 *            loop C, hand-off 1, read-out B-1; free after the last read is issued);
 *   layer:   3B + 2TL + E + C + 8 (input B-1, accumulate 2, tree TL, mean 1, second pass B + 4,
 *            tree and eps TL + E, seed 1, loop C, hand-off 1, read-out B-1; free when the last beat
 *            has left the output's read register, since the second pass reads the slots too).
 */
export function slotBusyCycles(layer: boolean, B: number, TL: number, E: number, C: number): number {
  return layer ? 3 * B + 2 * TL + E + C + 8 : 2 * B + 3 + TL + E + C;
}

/** Vectors start every PERIOD cycles: the fewest whole slots S with S * PERIOD >= the busy cycles. */
export function slotCount(busy: number, period: number): number {
  return Math.max(1, Math.ceil(busy / period));
}

const plans = new WeakMap<MacroConfig, Plan>();

export function elaborate(cfg: MacroConfig): Plan {
  const cached = plans.get(cfg);
  if (cached) return cached;
  const B = Math.ceil(cfg.d / cfg.lanes);
  const L = Math.ceil(Math.log2(cfg.lanes));
  const C = scalarCycles(cfg);
  const E = cfg.eps > 0 ? 1 : 0;
  const X = extraOutputStages(cfg);
  const { add: A, mul: M, convert: V } = cfg.pipeline;
  const lineRate = cfg.engine === 'linerate';
  const treeAdders = lineRate ? Math.max(treeAdderCount(cfg.lanes), E) : 0;
  const schedule = lineRate ? treeSchedule(cfg.lanes, Math.max(treeAdders, 1)) : [];
  const TL = schedule.length;
  const EP = scalarProgram(cfg).epilogue.length;
  const CS = Math.max(C - EP, 1);
  const T = lineRate ? Math.max(TL + E + 1, CS) : 0;
  const terms: Record<string, number> = lineRate ? { B, TL, T, C, E, X } : { B, L, C, E, X };
  if (isPipelined(cfg)) Object.assign(terms, { A, M });
  const latency = latencyOf(cfg, terms);
  const period = periodOf(cfg, terms);
  const slots = lineRate ? slotCount(slotBusyCycles(cfg.mode === 'layer', B, TL, E, C), period.cycles) : 1;
  const beatBits = cfg.lanes * cfg.format.width;
  const plan: Plan = {
    cfg, engine: cfg.engine, B, L, C, E, X, A, M, V,
    storeAddressBits: Math.max(1, Math.ceil(Math.log2(B))),
    treeAdders, treeSchedule: schedule, TL, scalarOccupancy: CS, T: lineRate ? T : period.cycles, slots,
    vectorMemoryBits: slots * B * beatBits,
    paramMemoryBits: cfg.affine === 'none' ? 0 : B * beatBits * (cfg.affine === 'gamma-beta' ? 2 : 1),
    latency, period,
  };
  plans.set(cfg, plan);
  return plan;
}

/** LATENCY of the configuration (the plan's). */
export const latencyCycles = (cfg: MacroConfig): CycleCount => elaborate(cfg).latency;
/** PERIOD of the configuration (the plan's). */
export const periodCycles = (cfg: MacroConfig): CycleCount => elaborate(cfg).period;
