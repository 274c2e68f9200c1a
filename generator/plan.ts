/**
 * Elaboration: every quantity derived from a configuration, computed once, in one object that
 * the templates (rtl/generate.ts), the golden model, the latency formulas, the manifest, the
 * co-simulation and the benches read. `elaborate(cfg)` is memoised per configuration object.
 *
 *   B  = ceil(d / P)            beats per vector (input and output)
 *   L  = ceil(log2 P)           levels of the pairwise lane tree
 *   C  = scalar-loop cycles     (scalar-program.ts: each micro-op 1 + its operator's registers)
 *   E  = 1 when eps > 0         (m + d*eps, one addition)
 *   X  = output stages          between the store read and the output register (schedule.ts, extraOutputStages)
 *   A, M, V                     registers inside the adders, multipliers, converters
 * the pipeline of stages (the lane tree, the scalar unit and the output each their own):
 *   NT = tree adders            the fewest with which the fold and tree take at most (A+1)*(L+A) + 1
 *                               cycles (L + 1 with combinational adders)
 *   TL = tree cycles            the fold of the A+1 partial sums per lane and the pairwise tree,
 *                               list-scheduled on NT adders (scheduleTree)
 *   CS = max(C - EP*(1+M), 1)   cycles the scalar loop holds a vector (EP = 1: the sqrt(d) epilogue
 *                               multiply is a stage of its own after the loop)
 *   T  = max(TL + (A+1)*E + 1, CS)   per-vector occupancy of the shared stages (tree, scalar loop)
 *   PERIOD = max(B, T)
 *   a ring of beats             bufferBeats deep (ringDefaults), S = its vector entries (LayerNorm: two
 *                               rings, the second pass's and the output's, or below 2B beats one ring
 *                               whose read port both share); the cycle model of their schedule is
 *                               ring-schedule.ts (RingPlan)
 * --d-max D (runtime length; every quantity above with B = Bmax = ceil(D/P) sizes the hardware):
 *   Q  = mean-square cycles     rms, layer: W + m' = m * (1/d) (1 + M), then + eps ((A+1) when eps > 0);
 *                               l2: 0 (E is 0: eps is not in the tree)
 *   RS = 1/d stages             ceil(rows / R), R rows of the restoring divider a cycle (recip.v.hbs)
 *   W  = wait for 1/d           cycles the 1/d consumer is delayed so that 1/d is ready for d <= P
 *   LATENCY(d), PERIOD(d) = the formulas with B = ceil(d/P); a stream of mixed lengths follows the
 *   cycle model of the rings (ring-schedule.ts); S and the depths: ringDefaults.
 */
import { type MacroConfig, isPipelined } from './config.ts';
import { scalarCycles, scalarProgram } from './model/scalar-program.ts';
import { reciprocalRows } from './operators/int-reciprocal.ts';
import { type RingSchedule, simulateRing } from './ring-schedule.ts';
import { searchRing } from './ring-search.ts';
import { storedFormat } from './model/residual.ts';
import { type CycleCount, type Schedule, extraOutputStages, lineRateSchedule } from './schedule.ts';
import type { Expr, Terms } from './rtl/formula.ts';
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
  /** The trees run on the lane adders (the smallest buffer): no tree adders of their own. */
  readonly treeInLanes: boolean;
  /** Partial sums per lane (A + 1), the tree adders, the lane tree's schedule (with eps), LayerNorm's sum tree's (without). */
  readonly partialSums: number;
  readonly treeAdders: number;
  readonly tree: TreeSchedule;
  readonly sumTree: TreeSchedule | null;
  /** Cycles of the fold and the tree without eps (eps adds (A+1)*E). */
  readonly TL: number;
  /** Cycles the scalar loop holds a vector (the epilogue multiply is a stage of its own). */
  readonly scalarOccupancy: number;
  /** Occupancy of the shared stages per vector (the lane tree, the scalar loop). */
  readonly T: number;
  /** Vector entries of the ring of beats. */
  readonly slots: number;
  /**
   * The per-vector entry queues (entry lengths, sums S, 1/d, the output's hand-off queue) are
   * <top>_vector_store memories (an SRAM macro each) rather than flip-flops: more than
   * ENTRY_MEMORY_MIN_WORDS entries.
   */
  readonly entryMemory: boolean;
  /**
   * Copies of the output's factor register ({b, scale}, read by every lane's scale multiplier):
   * one per FACTOR_COPY_LANES lanes. One when the lanes are that few, and when the factor comes
   * straight from an entry memory's read port (l2 and RMSNorm with entryMemory: no register to
   * copy without a cycle more).
   */
  readonly factorCopies: number;
  /** The ring of beats: its schedule and what it guarantees. */
  readonly ring: RingPlan;
  /** Beats the vector memory holds (the rings' depths). */
  readonly bufferBeats: number;
  /** Memory bits: bufferBeats x P x W (the parameter store apart). */
  readonly vectorMemoryBits: number;
  readonly paramMemoryBits: number;
  /** Line rate: the stages a vector passes, from which LATENCY, PERIOD, the rings' lags and the queueing bound derive. */
  readonly schedule: Schedule;
  readonly latency: CycleCount;
  readonly period: CycleCount;
  /** --d-max: the formulas in d and the 1/d unit; null for a fixed d. */
  readonly runtime: RuntimePlan | null;
}

/**
 * The per-vector queues stay flip-flops up to this many entries. A macro has a fixed periphery
 * (address decoder, sense amplifiers, write drivers, control) that outweighs a few hundred
 * flip-flops, and a queue in one keeps two registers of a word beside it (the head and the next
 * entry, so that its registered read adds no cycle): below 17 words the flip-flops are smaller.
 * A fixed d keeps 3 or 4 entries; --d-max with short vectors keeps tens to thousands.
 */
export const ENTRY_MEMORY_MIN_WORDS = 16;

/**
 * Lanes one copy of the output's factor register feeds (Plan.factorCopies). A single register
 * driving 16 lanes' multipliers (each bit into every lane's partial products) was the worst path
 * of 16-lane designs in sky130 and sg13g2; copies kept apart through mapping (the <prefix>_replica
 * module) cut that fan-out for (copies - 1) x (internal width + scale bits) flip-flops.
 */
export const FACTOR_COPY_LANES = 4;

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
 * treeProgram on the lane adders (A registers each): every addition writes a lane's partial sum 0,
 * r[dst] with dst < P, so lane dst's adder computes it (the program order keeps two additions into
 * one register apart); list-scheduled as scheduleTree with P adders.
 */
export function lanesTree(lanes: number, sums: number, eps: boolean, A: number): TreeSchedule {
  const t = scheduleTree(lanes, sums, eps, lanes, A);
  return { ops: t.ops.map((o) => ({ ...o, adder: o.dst })), cycles: t.cycles, adders: 0 };
}

/**
 * The fewest tree adders whose schedule (without eps) takes no more cycles than a fold and tree
 * on the lane adders, (A+1)*(L+A), plus one: L + 1 with combinational adders (0 for one lane
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
 * The ring of beats of a line-rate macro (ring-schedule.ts is its cycle model); LayerNorm has two
 * (the input's, read by the second pass, and the output's, written by it): `schedule.beats` and
 * `schedule.pass2.beats`.
 */
export interface RingPlan {
  /** The schedule at this depth (beats, entries), as the RTL implements it. */
  readonly schedule: RingSchedule;
  /** The default depth (LayerNorm: of both rings together) and entries: the fewest with which no stream waits for memory. */
  readonly defaultBeats: number;
  /** LayerNorm: the default depth of each ring (the input's, the output's); null otherwise. */
  readonly defaultSplit: { readonly input: number; readonly output: number } | null;
  readonly defaultEntries: number;
  /** The depth in beats is below the default: streams may wait for memory. */
  readonly belowDefault: boolean;
  /**
   * Back to back at the default depth, the most edges a vector's first store read waits behind
   * earlier vectors' (its latency is LATENCY(d) plus that wait): --d-max max(0, Bmax - T), since
   * the wait grows by B_i - max(T, B_(i+1)) from vector i to i+1 and so telescopes to at most
   * B_k - max(T, B_n) over any run; fixed d 0 (one length never queues). LayerNorm --d-max:
   * Bmax - 1 + max(0, Bmax - T): a vector of B beats waits at most Bmax - B for its second pass
   * (the wait grows by at most B_(i-1) - B_i from vector to vector, since last beats are
   * max(T, B_i) apart and so are the ends of the passes) and max(0, Bmax - max(T, B)) for the
   * output (as l2).
   */
  readonly queueBound: number;
  /** The queueing bound's formula. */
  readonly queueFormula: string;
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
 * LayerNorm (two rings, `lag`: last beat to the second pass's first read, readLag: from its last
 * read to the first output read), --d-max with Bmax >= T: the same argument for each ring (the
 * input writes the first and the second pass the second, each at most a beat an edge, and each
 * reader's run begins lag resp. readLag after the last write of its first vector) gives Bmax + lag
 * and Bmax + readLag beats; entries: vector i holds its entry until its last output read,
 * g_i + lag + readLag + 2 B_i - 2 + w1_i + w2_i with the waits of queueBound (w1_i <= Bmax - B_i,
 * w2_i <= max(0, Bmax - max(T, B_i))), at most lag + readLag + 2 Bmax - 2 after its last beat g_i,
 * so (lag + readLag + 2 Bmax - 3) div T + 2 entries.
 * --d-max with Bmax < T (the input cannot run continuously; the bound is loose): the exhaustive
 * search of ring-search.ts, whose states are few there (no vector ever queues), falling back to
 * the bound if they are not.
 * test/model/ring-schedule.test.ts checks both against the search and random streams.
 */
export function ringDefaults(T: number, readLag: number, outLag: number, Bmax: number, runtime: boolean, lag: number | null = null): { beats: number; beatsB: number; entries: number } {
  const key = [T, readLag, outLag, Bmax, runtime, lag].join();
  const known = defaultsCache.get(key);
  if (known) return known;
  const found = findRingDefaults(T, readLag, outLag, Bmax, runtime, lag);
  defaultsCache.set(key, found);
  return found;
}

/** ringDefaults by its arguments (a search may take a second; configurations repeat). */
const defaultsCache = new Map<string, { beats: number; beatsB: number; entries: number }>();

function findRingDefaults(T: number, readLag: number, outLag: number, Bmax: number, runtime: boolean, lag: number | null): { beats: number; beatsB: number; entries: number } {
  const pass2 = lag === null ? null : { lag, beats: Infinity };
  const bound = lag !== null
    ? { beats: Bmax + lag, beatsB: Bmax + readLag, entries: Math.floor((lag + readLag + 2 * Bmax - 3) / T) + 2 }
    : { beats: Bmax + readLag, beatsB: 0, entries: Math.floor((readLag + Bmax - 2) / T) + 2 };
  if (runtime && Bmax >= T) return bound;
  if (runtime) {
    try {
      // LayerNorm's states are many more (two readers): a smaller budget, then the bound.
      const r = searchRing({ T, readLag, pass2 }, Bmax, pass2 ? 5_000 : 100_000, false);
      return { beats: r.needBeats, beatsB: r.needBeatsB, entries: r.needEntries };
    } catch {
      return bound;
    }
  }
  const sched: RingSchedule = { T, readLag, outLag, beats: Infinity, entries: Infinity, pass2 };
  const n = Math.ceil((3 * Bmax + (lag ?? 0) + readLag + outLag) / Math.max(T, Bmax)) + 4;
  const run = simulateRing(sched, new Array(n).fill(Bmax));
  return { beats: run.needBeats, beatsB: run.needBeatsB, entries: run.needEntries };
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
  const NS = A + 1;
  // The smallest buffer: the next vector reaches the lane adders only after the output's first
  // read, so the trees run on them (lanesTree) and have no adders of their own (LayerNorm: the sum
  // tree on the first pass's, the lane tree on the second pass's).
  const treeInLanes = cfg.bufferBeats === B;
  const NT = treeInLanes ? 0 : treeAdderCount(cfg.lanes, A);
  const treeAdders = treeInLanes ? 0 : Math.max(NT, E);
  const tree = treeInLanes ? lanesTree(cfg.lanes, NS, E === 1, A) : scheduleTree(cfg.lanes, NS, E === 1, Math.max(treeAdders, 1), A);
  const sumTree = cfg.mode !== 'layer' ? null : treeInLanes ? lanesTree(cfg.lanes, NS, false, A) : scheduleTree(cfg.lanes, NS, false, Math.max(NT, 1), A);
  const TL = tree.cycles - E * (A + 1);
  const EP = scalarProgram(cfg).epilogue.length;
  const CS = Math.max(C - EP * (1 + M), 1);
  const recip = runtime && cfg.mode !== 'l2' ? recipPlan(cfg, M + A + TL) : null;
  const layer = cfg.mode === 'layer';
  const R = residualRegisters(cfg);
  const schedule = lineRateSchedule(cfg, { B, TL, C, CS, E, X, A, M, R, runtime: runtime ? { W: recip?.wait ?? 0, meanSquare: recip !== null, eps: cfg.eps > 0 } : null, pipelined: isPipelined(cfg) });
  const T = schedule.termsAt(B).T!;
  const Q = schedule.termsAt(B).Q ?? 0;
  const count = (e: Expr, t: Terms): CycleCount => ({ cycles: e.value(t), formula: e.text, terms: { ...t } });
  const latencyAt = (b: number): CycleCount => count(schedule.latency, schedule.termsAt(b));
  const periodAt = (b: number): CycleCount => count(schedule.period, { B: b, T });
  const latency = latencyAt(B);
  const period = periodAt(B);
  let runtimePlan: RuntimePlan | null = null;
  if (runtime) {
    const beatsOf = (d: number) => Math.ceil(d / cfg.lanes);
    runtimePlan = {
      lengthBits: Math.ceil(Math.log2(cfg.d + 1)),
      Q,
      recip,
      latencyAt: (d) => latencyAt(beatsOf(d)),
      periodAt: (d) => periodAt(beatsOf(d)),
    };
  }
  const beatBits = cfg.lanes * cfg.format.width;
  // the vector memory keeps h with --residual: internal-format words for the internal sum
  const storedBeatBits = cfg.lanes * storedFormat(cfg).width;
  let periodOut = period;
  // The rings' lags are the schedule's stages between a vector's last input beat, its second
  // pass (LayerNorm), its first output read and the acceptance of its last output beat.
  const outLag = schedule.phaseCycles('toOut');
  const lag = layer ? schedule.phaseCycles('toPass2') : null;
  const readLag = schedule.phaseCycles('toRead');
  // the tree on the lane adders ends (tree.cycles edges after the last beat's sum) before the
  // next vector's first beat, taken after the first output read, reaches them
  if (treeInLanes && !layer && readLag + 1 <= tree.cycles) throw new Error(`plan: the lane tree (${tree.cycles} cycles) would meet the next vector (read lag ${readLag})`);
  const def = ringDefaults(T, readLag, outLag, B, runtime, lag);
  const total = def.beats + def.beatsB;
  const given = cfg.bufferBeats ?? total;
  // LayerNorm below (above) the default: the input's ring gives up (takes) the difference, down
  // to one vector's beats; the output's ring then gives up the rest. Below two vectors' beats
  // there is one ring, whose read port serves the second pass and the output (the output first).
  const shared = layer && given < 2 * B;
  const beatsA = !layer || shared ? given : Math.max(B, given - def.beatsB);
  const pass2 = layer ? { lag: lag!, beats: given - beatsA, shared } : null;
  // the trees on the lane adders: a first beat (pass) reaches them after the previous tree's end
  const treeFree = treeInLanes ? { treeFree: T - (sumTree ?? tree).cycles, ...(layer ? { treeFreeB: T - tree.cycles } : {}) } : {};
  const rings: RingSchedule = { T, readLag, outLag, beats: beatsA, entries: Math.min(def.entries, given), pass2, ...treeFree };
  const ring: RingPlan = {
    schedule: rings, defaultBeats: total, defaultSplit: layer ? { input: def.beats, output: def.beatsB } : null, defaultEntries: def.entries,
    belowDefault: given < total, queueBound: schedule.queueBound.value({ B, T }), queueFormula: schedule.queueBound.text,
  };
  if (ring.belowDefault) {
    // Below the default depth a stream of one length may wait for memory: its period from the model.
    const n = Math.ceil((3 * B + (lag ?? 0) + readLag + outLag) / Math.max(T, B)) + 8;
    const run = simulateRing(rings, new Array(n).fill(B));
    const cycles = run.first[n - 1]! - run.first[n - 2]!;
    periodOut = { cycles, formula: `${cycles} (cycle model of ${layer && !shared ? 'rings' : 'a ring'} of ${given} beats; max(B, T) = ${period.cycles} from ${total})`, terms: { B, T, beats: given } };
  }
  const entryMemory = ring.schedule.entries > ENTRY_MEMORY_MIN_WORDS;
  const plan: Plan = {
    cfg, engine: cfg.engine, B, L, C, E, X, A, M, V,
    storeAddressBits: Math.max(1, Math.ceil(Math.log2(B))),
    partialSums: NS, treeInLanes, treeAdders, tree, sumTree, TL, scalarOccupancy: CS, T, slots: ring.schedule.entries, entryMemory,
    factorCopies: layer || !entryMemory ? Math.ceil(cfg.lanes / FACTOR_COPY_LANES) : 1,
    ring, bufferBeats: ring.schedule.beats + (ring.schedule.pass2?.beats ?? 0),
    vectorMemoryBits: (ring.schedule.beats + (ring.schedule.pass2?.beats ?? 0)) * storedBeatBits,
    paramMemoryBits: cfg.affine === 'none' ? 0 : B * beatBits * (cfg.affine === 'gamma-beta' ? 2 : 1),
    schedule, latency, period: periodOut, runtime: runtimePlan,
  };
  plans.set(cfg, plan);
  return plan;
}

/**
 * The 1/d unit's shape. Its result is pushed into each reader's queue RS + 1 edges after the
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

/** LATENCY of the configuration (the plan's). */
export const latencyCycles = (cfg: MacroConfig): CycleCount => elaborate(cfg).latency;
/** PERIOD of the configuration (the plan's). */
export const periodCycles = (cfg: MacroConfig): CycleCount => elaborate(cfg).period;
