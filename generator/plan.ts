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
 *   NT = tree adders            the fewest with which the fold and tree take at most (A+1)*(L+A) + 1
 *                               cycles (L + 1 with combinational adders)
 *   TL = tree cycles            the fold of the A+1 partial sums per lane and the pairwise tree,
 *                               list-scheduled on NT adders (scheduleTree)
 *   CS = max(C - EP*(1+M), 1)   cycles the scalar loop holds a vector (EP = 1: the sqrt(d) epilogue
 *                               multiply is a stage of its own after the loop)
 *   T  = max(TL + (A+1)*E + 1, CS)   per-vector occupancy of the shared stages (tree, scalar loop)
 *   PERIOD = max(B, T)
 *   S  = vector slots           layer: the fewest whole slots that sustain PERIOD (slotBusyCycles, slotCount)
 *   l2, rms: a ring of beats    bufferBeats deep (ringDefaults), S = its vector entries; the cycle
 *                               model of its schedule is ring-schedule.ts (RingPlan)
 * --d-max D (runtime length; every quantity above with B = Bmax = ceil(D/P) sizes the hardware):
 *   Q  = mean-square cycles     rms, layer: W + m' = m * (1/d) (1 + M), then + eps ((A+1) when eps > 0);
 *                               l2: 0 (E is 0: eps is not in the tree)
 *   RS = 1/d stages             ceil(rows / R), R rows of the restoring divider a cycle (recip.v.hbs)
 *   W  = wait for 1/d           cycles the 1/d consumer is delayed so that 1/d is ready for d <= P
 *   LATENCY(d), PERIOD(d) = the formulas with B = ceil(d/P); the gap between first beats of
 *   consecutive vectors of B1 then B2 beats is startGap(B1, B2) (admission in slots.v.hbs);
 *   layer: S = runtimeSlots, enough for any mix of lengths (with one spare); l2, rms: ringDefaults.
 */
import { type MacroConfig, isPipelined } from './config.ts';
import { scalarCycles, scalarProgram } from './model/scalar-program.ts';
import { reciprocalRows } from './operators/int-reciprocal.ts';
import { type CycleCount, extraOutputStages, latencyOf, periodOf } from './rtl/latency.ts';
import { type RingSchedule, simulateRing } from './ring-schedule.ts';
import { searchRing } from './ring-search.ts';
import { storedFormat } from './model/residual.ts';
import { residualRegisters } from './residual-config.ts';

/** The runtime-length (--d-max) part of a plan. */
export interface RuntimePlan {
  /** Width of in_len: ceil(log2(D + 1)). */
  readonly lengthBits: number;
  /** Mean-square cycles (rms, layer): 1 + M, + (A+1) with eps; l2: 0. */
  readonly Q: number;
  /** The 1/d unit (rms, layer): quotient rows, rows per stage, stages, consumer wait W. */
  readonly recip: { rows: number; rowsPerStage: number; stages: number; wait: number } | null;
  /** LATENCY for a vector of d elements. */
  latencyAt(d: number): CycleCount;
  /** PERIOD for a stream of vectors of d elements. */
  periodAt(d: number): CycleCount;
  /** Cycles from the first beat of a vector of d1 elements to the first beat of the next, of d2 (back to back, no stall). */
  startGap(d1: number, d2: number): number;
  /** Cycles a vector of b beats holds its slot, from its first beat (what runtimeSlots counts with). */
  slotBusy(b: number): number;
}

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
  /** Line-rate engine: partial sums per lane (A + 1), the tree adders, the lane tree's schedule (with eps), LayerNorm's sum tree's (without). */
  readonly partialSums: number;
  readonly treeAdders: number;
  readonly tree: TreeSchedule;
  readonly sumTree: TreeSchedule | null;
  /** Cycles of the fold and the tree without eps (eps adds (A+1)*E). */
  readonly TL: number;
  /** Line rate: cycles the scalar loop holds a vector (the epilogue multiply is a stage of its own). */
  readonly scalarOccupancy: number;
  /** Occupancy of the shared stages per vector (line rate; compact: the period). */
  readonly T: number;
  /** Vector slots of the store ring (compact: 1); with a ring of beats, its vector entries. */
  readonly slots: number;
  /** The ring of beats (line rate, l2 and rms): its schedule and what it guarantees; null otherwise. */
  readonly ring: RingPlan | null;
  /** Beats the vector memory holds (the ring's depth; slots x B for whole slots). */
  readonly bufferBeats: number;
  /** Memory bits: bufferBeats x P x W (the parameter store apart). */
  readonly vectorMemoryBits: number;
  readonly paramMemoryBits: number;
  readonly latency: CycleCount;
  readonly period: CycleCount;
  /** --d-max: the formulas in d and the 1/d unit; null for a fixed d. */
  readonly runtime: RuntimePlan | null;
}

/**
 * One addition of a lane tree: r[dst] <= r[dst] + r[src] (src 'eps': + d*eps*2^-2K), presented to
 * tree adder `adder` in cycle `issue`, written at the end of cycle `write` = issue + A.
 */
export interface TreeOp { readonly dst: number; readonly src: number | 'eps'; readonly adder: number; readonly issue: number; readonly write: number }

/** A lane tree's static schedule: its operations and its cycles (the last write + 1). */
export interface TreeSchedule { readonly ops: readonly TreeOp[]; readonly cycles: number; readonly adders: number }

/**
 * The additions of a lane tree in the golden model's order, over the registers r[s*P + j] (lane j's
 * partial sum s, S = A + 1 of them): first each lane's sums folded, r[j] += r[s*P + j] for s = 1,
 * 2, ...; then the pairwise tree in place, level l adding r[i + 2^l] into r[i] for i = 0, 2^(l+1),
 * ... (v'_j = v_2j + v_2j+1, an odd one out passes); then + d*eps when `eps`.
 */
export function treeProgram(lanes: number, sums: number, eps: boolean): Array<{ dst: number; src: number | 'eps' }> {
  const ops: Array<{ dst: number; src: number | 'eps' }> = [];
  for (let s = 1; s < sums; s++) for (let j = 0; j < lanes; j++) ops.push({ dst: j, src: s * lanes + j });
  for (let stride = 1; stride < lanes; stride *= 2) {
    for (let i = 0; i + stride < lanes; i += 2 * stride) ops.push({ dst: i, src: i + stride });
  }
  if (eps) ops.push({ dst: 0, src: 'eps' });
  return ops;
}

/**
 * List scheduling of treeProgram on `adders` adders with A pipeline registers each: in every
 * cycle, up to `adders` operations whose operands are final (written in an earlier cycle) issue,
 * in program order; a result is written A cycles after its issue.
 */
export function scheduleTree(lanes: number, sums: number, eps: boolean, adders: number, A: number): TreeSchedule {
  const program = treeProgram(lanes, sums, eps);
  const ready = new Map<number, number>();   // register -> first cycle it may be read
  const ops: TreeOp[] = [];
  const pending = [...program];
  let cycle = 0;
  while (pending.length > 0) {
    let used = 0;
    for (let k = 0; k < pending.length && used < adders; ) {
      const u = pending[k];
      const srcReady = u.src === 'eps' ? 0 : (ready.get(u.src) ?? 0);
      // An operation on a register also waits for every earlier operation on it (program order).
      const blocked = pending.slice(0, k).some((v) => v.dst === u.dst || v.dst === u.src || v.src === u.dst);
      if (!blocked && (ready.get(u.dst) ?? 0) <= cycle && srcReady <= cycle) {
        ops.push({ ...u, adder: used, issue: cycle, write: cycle + A });
        ready.set(u.dst, cycle + A + 1);
        pending.splice(k, 1);
        used++;
      } else {
        k++;
      }
    }
    cycle++;
  }
  const cycles = ops.length ? Math.max(...ops.map((o) => o.write)) + 1 : 0;
  return { ops, cycles, adders: ops.length ? adders : 0 };
}

/**
 * The fewest tree adders whose schedule (without eps) takes no more cycles than the compact
 * engine's fold and tree, (A+1)*(L+A), plus one: L + 1 with combinational adders (0 for one lane
 * and one partial sum: nothing to add).
 */
export function treeAdderCount(lanes: number, A = 0): number {
  const L = Math.ceil(Math.log2(lanes));
  const sums = A + 1;
  const total = treeProgram(lanes, sums, false).length;
  if (total === 0) return 0;
  for (let n = 1; n < total; n++) if (scheduleTree(lanes, sums, false, n, A).cycles <= (A + 1) * (L + A) + 1) return n;
  return total;
}

/**
 * Cycles a vector holds its slot in the line-rate ring, from the edge that writes its first beat
 * to the first edge on which the slot may be written again (A, M: adder and multiplier registers):
 *   l2, rms: 2B + 3 + TL + (A+1)E + C + M + A (input B-1, square and accumulate 2 + M + A, tree and
 *            eps TL + (A+1)E, seed 1, loop C, hand-off 1, read-out B-1; free after the last read is issued);
 *   layer:   3B + 2TL + (A+1)E + C + 3M + 3A + 8 (input B-1, accumulate 2 + M + A, tree TL, mean 1,
 *            second pass B + 4 + 2M + 2A, tree and eps TL + (A+1)E, seed 1, loop C, hand-off 1,
 *            read-out B-1; free when the last beat has left the output's read register, since the
 *            second pass reads the slots too).
 */
export function slotBusyCycles(layer: boolean, B: number, TL: number, E: number, C: number, A = 0, M = 0): number {
  const TLE = TL + (A + 1) * E;
  return layer ? 3 * B + TL + TLE + C + 3 * M + 3 * A + 8 : 2 * B + 3 + TLE + C + M + A;
}

/** Vectors start every PERIOD cycles: the fewest whole slots S with S * PERIOD >= the busy cycles. */
export function slotCount(busy: number, period: number): number {
  return Math.max(1, Math.ceil(busy / period));
}

/** The ring of beats of a line-rate l2 or rms macro (ring-schedule.ts is its cycle model). */
export interface RingPlan {
  /** The schedule at this depth (beats, entries), as the RTL implements it. */
  readonly schedule: RingSchedule;
  /** The default depth and entries: the fewest with which no stream waits for memory. */
  readonly defaultBeats: number;
  readonly defaultEntries: number;
  /** The depth in beats is below the default: streams may wait for memory. */
  readonly belowDefault: boolean;
  /**
   * Back to back at the default depth, the most edges a vector's first store read waits behind
   * earlier vectors' (its latency is LATENCY(d) plus that wait): --d-max max(0, Bmax - T), since
   * the wait grows by B_i - max(T, B_(i+1)) from vector i to i+1 and so telescopes to at most
   * B_k - max(T, B_n) over any run; fixed d 0 (one length never queues).
   */
  readonly queueBound: number;
}

/**
 * The ring's default depth and vector entries for vectors of at most Bmax beats: the fewest with
 * which no stream waits for memory.
 * Fixed d (one length): measured on the cycle model, a stream long enough to reach its steady
 * state. --d-max with Bmax >= T: Bmax + readLag beats and (readLag + Bmax - 2) div T + 2 entries.
 * Why no stream needs more: take an edge c that writes a beat. If the output is reading, let a be
 * the first vector of its current run of back-to-back reads, which began at s_a = g_a + readLag
 * (g: last input beat; a was not queued, or the run would have begun earlier). Every vector before
 * a has been read, so the ring holds a's B_a beats plus those written in (g_a, c] (at most c - g_a,
 * one an edge) minus those read in [s_a, c) (exactly c - s_a): at most B_a + readLag. If the output
 * is idle, every beat held belongs to vectors not yet ready, written since the first of them began
 * and before its last beat plus readLag: fewer than B_k + readLag. Entries: a vector i still in
 * flight at the first edge f_j of vector j ends by g_i + readLag + B_i - 1 >= f_j > g_(j-1), while
 * last beats are T apart: (j - 1 - i) T <= g_(j-1) - g_i <= readLag + Bmax - 2. Why it is the
 * fewest: with Bmax >= T vectors of Bmax beats arrive back to back, one beat an edge, so on the
 * first read of the first one the ring holds its Bmax beats and readLag more.
 * --d-max with Bmax < T (the input cannot run continuously; the bound is loose): the exhaustive
 * search of ring-search.ts, whose states are few there (no vector ever queues), falling back to
 * the bound if they are not.
 * test/model/ring-schedule.test.ts checks both against the search and random streams.
 */
export function ringDefaults(T: number, readLag: number, outLag: number, Bmax: number, runtime: boolean): { beats: number; entries: number } {
  const bound = { beats: Bmax + readLag, entries: Math.floor((readLag + Bmax - 2) / T) + 2 };
  if (runtime && Bmax >= T) return bound;
  if (runtime) {
    try {
      const r = searchRing({ T, readLag }, Bmax, 100_000);
      return { beats: r.needBeats, entries: r.needEntries };
    } catch {
      return bound;
    }
  }
  const sched: RingSchedule = { T, readLag, outLag, beats: Infinity, entries: Infinity };
  const n = Math.ceil((2 * Bmax + readLag + outLag) / Math.max(T, Bmax)) + 4;
  const run = simulateRing(sched, new Array(n).fill(Bmax));
  return { beats: run.needBeats, entries: run.needEntries };
}

const plans = new WeakMap<MacroConfig, Plan>();

export function elaborate(cfg: MacroConfig): Plan {
  const cached = plans.get(cfg);
  if (cached) return cached;
  const B = Math.ceil(cfg.d / cfg.lanes);
  const L = Math.ceil(Math.log2(cfg.lanes));
  const C = scalarCycles(cfg);
  const runtime = cfg.runtimeLength;
  // With --d-max, eps joins the mean square (Q), not the tree.
  const E = cfg.eps > 0 && !runtime ? 1 : 0;
  const X = extraOutputStages(cfg);
  const { add: A, mul: M, convert: V } = cfg.pipeline;
  const lineRate = cfg.engine === 'linerate';
  const NS = A + 1;
  const NT = lineRate ? treeAdderCount(cfg.lanes, A) : 0;
  const treeAdders = Math.max(NT, E);
  const tree = scheduleTree(cfg.lanes, NS, E === 1, Math.max(treeAdders, 1), A);
  const sumTree = lineRate && cfg.mode === 'layer' ? scheduleTree(cfg.lanes, NS, false, Math.max(NT, 1), A) : null;
  const TL = lineRate ? tree.cycles - E * (A + 1) : 0;
  const EP = scalarProgram(cfg).epilogue.length;
  const CS = Math.max(C - EP * (1 + M), 1);
  const T = lineRate ? Math.max(TL + (A + 1) * E + 1, CS) : 0;
  const recip = runtime && cfg.mode !== 'l2' ? recipPlan(cfg, M + A + TL) : null;
  const Q = recip ? recip.wait + 1 + M + (cfg.eps > 0 ? A + 1 : 0) : 0;
  const layer = cfg.mode === 'layer';
  const R = residualRegisters(cfg);
  const termsAt = (b: number): Record<string, number> => {
    const t: Record<string, number> = lineRate ? { B: b, TL, T, C, E, X } : { B: b, L, C, E, X };
    if (runtime) t.Q = Q;
    if (isPipelined(cfg)) Object.assign(t, { A, M });
    if (R > 0) t.R = R;
    return t;
  };
  const terms = termsAt(B);
  const latency = latencyOf(cfg, terms);
  const period = periodOf(cfg, terms);
  // a slot is freed R cycles later too: everything after the residual adder runs R cycles later
  const busy = (b: number) => slotBusyCycles(layer, b, TL, E, C, A, M) + Q + R;
  let slots = lineRate ? slotCount(busy(B), period.cycles) : 1;
  let runtimePlan: RuntimePlan | null = null;
  if (runtime) {
    // Every length needs its slots, and mixed lengths may need more (runtimeSlots).
    slots = runtimeSlots(layer, B, T, busy);
    const beatsOf = (d: number) => Math.ceil(d / cfg.lanes);
    runtimePlan = {
      lengthBits: Math.ceil(Math.log2(cfg.d + 1)),
      Q,
      recip,
      latencyAt: (d) => latencyOf(cfg, termsAt(beatsOf(d))),
      periodAt: (d) => periodOf(cfg, termsAt(beatsOf(d))),
      startGap: (d1, d2) => startGap(layer, T, beatsOf(d1), beatsOf(d2)),
      slotBusy: busy,
    };
  }
  const beatBits = cfg.lanes * cfg.format.width;
  // the vector memory keeps h with --residual: internal-format words for the internal sum
  const storedBeatBits = cfg.lanes * storedFormat(cfg).width;
  let ring: RingPlan | null = null;
  let periodOut = period;
  if (lineRate && !layer) {
    // The unqueued latency is (B-1) input beats + readLag + (B-1) reads + outLag, outLag = X + 2.
    const outLag = X + 2;
    const readLag = latency.cycles - 2 * B - X;
    const def = ringDefaults(T, readLag, outLag, B, runtime);
    const beats = cfg.bufferBeats ?? def.beats;
    const schedule: RingSchedule = { T, readLag, outLag, beats, entries: Math.min(def.entries, beats) };
    ring = { schedule, defaultBeats: def.beats, defaultEntries: def.entries, belowDefault: beats < def.beats, queueBound: runtime ? Math.max(0, B - T) : 0 };
    slots = schedule.entries;
    if (ring.belowDefault) {
      // Below the default depth a stream of one length may wait for memory: its period from the model.
      const n = Math.ceil((2 * B + readLag + outLag) / Math.max(T, B)) + 8;
      const run = simulateRing(schedule, new Array(n).fill(B));
      const cycles = run.first[n - 1]! - run.first[n - 2]!;
      periodOut = { cycles, formula: `${cycles} (cycle model of a ring of ${beats} beats; max(B, T) = ${period.cycles} from ${def.beats})`, terms: { B, T, beats } };
    }
  }
  const plan: Plan = {
    cfg, engine: cfg.engine, B, L, C, E, X, A, M, V,
    storeAddressBits: Math.max(1, Math.ceil(Math.log2(B))),
    partialSums: NS, treeAdders, tree, sumTree, TL, scalarOccupancy: CS, T: lineRate ? T : period.cycles, slots,
    ring, bufferBeats: ring ? ring.schedule.beats : slots * B,
    vectorMemoryBits: (ring ? ring.schedule.beats : slots * B) * storedBeatBits,
    paramMemoryBits: cfg.affine === 'none' ? 0 : B * beatBits * (cfg.affine === 'gamma-beta' ? 2 : 1),
    latency, period: periodOut, runtime: runtimePlan,
  };
  plans.set(cfg, plan);
  return plan;
}

/**
 * Vector slots of a --d-max design (Bmax beats at most, busy(B) = 2B + K cycles a slot in l2 and
 * rms). l2, rms: when vector j is admitted, a vector i still holds its slot if
 * f_i + 2B_i + K > f_j; with g = f + B (the end of a vector's input) the admission rule gives
 * g_(m+1) - g_m >= max(T, B_m) and f_j >= g_(j-1), so max(T, B_i) + (j-2-i)*T <= g_(j-1) - g_i <
 * B_i + K, i.e. (j-2-i)*T < K + min(B_i, T) - T: at most floor((K + min(Bmax, T) - T - 1) / T) + 2
 * vectors in flight before j, and j itself, whatever the lengths. Also never fewer than a stream of
 * one length needs. layer (three passes, a looser rule): the most any one length needs, plus one
 * spare. An exhaustive search of the admission rule's states (generator/slot-search.ts, in
 * test/model/runtime-slots.test.ts and bench/slots.ts, D = 1024 at 16 lanes among them) finds the
 * spare never used, and the l2/rms count above exact; the spare stays until a co-simulated
 * worst-case stream shows the slot-busy count of the three passes right to the cycle.
 */
export function runtimeSlots(layer: boolean, Bmax: number, T: number, busy: (b: number) => number): number {
  let oneLength = 1;
  for (let b = 1; b <= Bmax; b++) oneLength = Math.max(oneLength, slotCount(busy(b), Math.max(b, T)));
  if (layer) return oneLength + 1;
  const K = busy(1) - 2;
  return Math.max(oneLength, Math.floor((K + Math.min(Bmax, T) - T - 1) / T) + 3);
}

/**
 * The 1/d unit's shape. Its result is written into the vector's slot RS + 1 edges after the
 * first beat and read by the mean (layer) or the mean square (rms) on the edge the tree
 * delivers; for a one-beat vector that edge comes M + A + TL + 2 edges after the first beat, so
 * RS <= M + A + TL keeps every d free of waiting. R rows a stage: as few as that allows, at
 * most 8 (then the consumer waits W = RS - (M + A + TL) cycles, for every d).
 */
export function recipPlan(cfg: MacroConfig, slack: number): { rows: number; rowsPerStage: number; stages: number; wait: number } {
  const rows = reciprocalRows(cfg.internal);
  const rowsPerStage = Math.min(8, Math.ceil(rows / Math.max(slack, 1)));
  const stages = Math.ceil(rows / rowsPerStage);
  return { rows, rowsPerStage, stages, wait: Math.max(0, stages - slack) };
}

/**
 * Cycles between the first beats of consecutive vectors of B1 and B2 beats, back to back: the
 * admission of slots.v.hbs. The shared stages (trees, scalar loop: T cycles a vector) and the
 * serial ones (LayerNorm's second pass, the output: B cycles) must each see the second vector
 * after the first, so the second may start only when
 *   l2, rms: its last beat comes max(T, B1) cycles after the first's last beat;
 *   layer:   also its last beat + B2 (the end of its second pass) comes B1 + max(T, B1) after the
 *            first's last beat + ... (the end of the first's second pass).
 * With B1 = B2 = B this is max(B, T), PERIOD.
 */
export function startGap(layer: boolean, T: number, B1: number, B2: number): number {
  const gap1 = B1 + Math.max(0, Math.max(T, B1) - B2);
  const gap2 = layer ? B1 + Math.max(0, B1 + Math.max(T, B1) - 2 * B2) : 0;
  return Math.max(gap1, gap2);
}

/** LATENCY of the configuration (the plan's). */
export const latencyCycles = (cfg: MacroConfig): CycleCount => elaborate(cfg).latency;
/** PERIOD of the configuration (the plan's). */
export const periodCycles = (cfg: MacroConfig): CycleCount => elaborate(cfg).period;
