/**
 * The line-rate engine's schedule: the stages a vector passes, in order, each with its cycles as a
 * sum of named terms (formula.ts). Everything timed derives from this one list: LATENCY (the sum
 * of the stages, like terms collected: its value, its text and its terms for the manifest and the
 * RTL header), the lags of the rings' cycle model (ring-schedule.ts: the sums of the stages
 * between a vector's last input beat, its second pass, its first output read and its last output
 * beat), the occupancy T and PERIOD = max(B, T), and the queueing bound. No formula is typed twice
 * and no text is evaluated.
 *
 *   B  beats per vector          TL tree cycles (the fold of the A+1 partial sums and the tree)
 *   E  1 when eps > 0            C  scalar-loop cycles        CS the cycles the loop holds a vector
 *   X  output stages between the store read and the output register (extraOutputStages, below)
 *   Q  --d-max mean square (rms, layer), W of it the wait for 1/d (LayerNorm: before the second pass)
 *   A, M registers inside the adders and multipliers (terms only when pipelined)
 *   R  the residual adder's registers (a term only when there are any)
 *
 * LATENCY: from the clock edge that accepts a vector's first input beat to the edge that accepts
 * its last output beat, in_valid and out_ready held high, the vector not waiting for earlier ones.
 * PERIOD: edges between the first input beats of consecutive vectors of one length streamed back
 * to back. The co-simulation checks every vector's latency and start against them.
 */
import type { MacroConfig } from './config.ts';
import { type Expr, type Terms, max, num, product, sub, sum, term } from './rtl/formula.ts';
import { quantiseStages } from './rtl/quantize-stage.ts';

/** A cycle count as the manifest and the RTL header give it: its value, formula and terms. */
export interface CycleCount {
  cycles: number;
  formula: string;
  terms: Record<string, number>;
}

/**
 * X, the registers between the store read (stage R) and the output register (stage O): layer
 * 2 + M + A (scale input, subtract mean), then the output scale M, gamma 1 + M, gamma-beta
 * 3 + max(M, V) + A + V (V = registers inside the converters), and the quantiser: MX max(1, 32/P)
 * (an MX block's beats), a static scale 1, a dynamic scale Bmax + 7 (the y buffer: s and 1/s are
 * queued 7 cycles after a vector's last beat, before its first beat leaves).
 */
export function extraOutputStages(cfg: MacroConfig): number {
  const { add: A, mul: M, convert: V } = cfg.pipeline;
  const layer = cfg.mode === 'layer' ? 2 + M + A : 0;
  const scale = M;
  const affine = cfg.affine === 'gamma' ? 1 + M : cfg.affine === 'gamma-beta' ? 3 + Math.max(M, V) + A + V : 0;
  return layer + scale + affine + quantiseStages(cfg);
}

/**
 * Where a stage lies in a vector's path: the input beats, the stages to the second pass's first
 * read (LayerNorm), the second pass's reads, the stages to the first output read, the output
 * reads, the stages to the acceptance of the last output beat.
 */
export type Phase = 'input' | 'toPass2' | 'pass2' | 'toRead' | 'read' | 'toOut';

/** k times an atom (a term, or a product kept whole as (A+1)*E), or the constant k (atom null). */
interface Part { readonly k: number; readonly atom: Expr | null }

export interface Stage {
  readonly name: string;
  readonly phase: Phase;
  /** Its cycles: the expression over the terms (its text as the header prints it). */
  readonly cycles: Expr;
  readonly parts: readonly Part[];
}

export interface Schedule {
  readonly stages: readonly Stage[];
  /** The sum of the stages with like terms collected. */
  readonly latency: Expr;
  /** T = max(TL + (A+1)*E + 1, CS): the cycles the lane tree and the scalar loop hold a vector. */
  readonly occupancy: Expr;
  /** PERIOD = max(B, T). */
  readonly period: Expr;
  /** Back to back at the default depth, the most cycles a vector waits behind earlier ones (plan.ts: RingPlan). */
  readonly queueBound: Expr;
  /** The terms at a vector of b beats, as the manifest lists them (W apart: it cancels from LATENCY). */
  termsAt(b: number): Terms;
  /** --d-max rms, layer: Q = W + 1 + M (+ A + 1 with eps), the wait for 1/d, m * (1/d) and + eps; null otherwise. */
  readonly meanSquare: Expr | null;
  /** The cycles of a phase's stages at a vector of b beats. */
  phaseCycles(phase: Phase, b?: number): number;
}

/** The quantities the stages are made of (plan.ts computes them). */
export interface ScheduleInputs {
  readonly B: number; readonly TL: number; readonly C: number; readonly CS: number; readonly E: number; readonly X: number;
  readonly A: number; readonly M: number; readonly R: number;
  /** --d-max: the wait for 1/d W, whether there is a mean square (rms, layer) and it adds eps; null for a fixed d. */
  readonly runtime: { readonly W: number; readonly meanSquare: boolean; readonly eps: boolean } | null;
  readonly pipelined: boolean;
}

/** A part from a term name, an expression or a constant, k times. */
const part = (x: string | Expr | number, k = 1): Part =>
  typeof x === 'number' ? { k: k * x, atom: null } : { k, atom: typeof x === 'string' ? term(x) : x };

/** The parts as one expression: "2 + M + A", "B - 1", "Q - W". */
function linear(parts: readonly Part[]): Expr {
  const one = (p: Part): Expr => (p.atom === null ? num(Math.abs(p.k)) : Math.abs(p.k) === 1 ? p.atom : product([Math.abs(p.k), p.atom]));
  let e = parts.length ? one(parts[0]!) : num(0);
  if (parts[0] && parts[0].k < 0) e = sub(0, e);
  for (const p of parts.slice(1)) e = p.k < 0 ? sub(e, one(p)) : sum([e, one(p)]);
  return e;
}

/** The order in which LATENCY prints its collected terms (the constant at '#'). */
const ORDER = ['B', 'TL', 'Q', '(A+1)*E', 'E', 'C', 'X', 'M', 'A', '#', 'R'];

/** The stages' parts summed, like atoms together, in ORDER; an atom whose count is 0 is left out. */
function collect(stages: readonly Stage[]): Expr {
  const byKey = new Map<string, Part>();
  for (const p of stages.flatMap((s) => s.parts)) {
    const key = p.atom === null ? '#' : p.atom.text;
    const had = byKey.get(key);
    byKey.set(key, { k: (had?.k ?? 0) + p.k, atom: p.atom });
  }
  const keys = [...byKey.keys()].filter((k) => byKey.get(k)!.k !== 0);
  const unknown = keys.filter((k) => !ORDER.includes(k));
  if (unknown.length) throw new Error(`schedule: no place in LATENCY for ${unknown.join(', ')}`);
  return linear(keys.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)).map((k) => byKey.get(k)!));
}

/** The line-rate engine's stages for a configuration. */
export function lineRateSchedule(cfg: MacroConfig, q: ScheduleInputs): Schedule {
  const layer = cfg.mode === 'layer';
  const rt = q.runtime;
  // M and A (times k): the registers of a multiply and an add on the path, when pipelined
  const pipe = (k = 1) => (q.pipelined ? [part('M', k), part('A', k)] : []);
  // (A+1)*E: eps is one addition; a term only with a fixed d (--d-max adds eps in the mean square, Q)
  const epsAtom = q.pipelined ? product([sum(['A', 1], true), 'E']) : term('E');
  const S = (name: string, phase: Phase, ...parts: Part[]): Stage => ({ name, phase, parts, cycles: linear(parts) });
  const beats = (name: string, phase: Phase) => S(name, phase, part('B'), part(-1));
  const stages: Stage[] = [beats('input beats', 'input')];
  if (q.R > 0) stages.push(S('residual add', layer ? 'toPass2' : 'toRead', part('R')));
  if (layer) {
    stages.push(
      S('scale + accumulate', 'toPass2', part(2), ...pipe()),
      S('sum tree', 'toPass2', part('TL')),
      S('mean', 'toPass2', part(1), ...(rt?.meanSquare ? [part('W')] : [])),
      beats('second pass', 'pass2'),
      S('read, scale, centre, square + accumulate', 'toRead', part(4), ...pipe(2)),
    );
  } else {
    stages.push(S('square + accumulate', 'toRead', part(2), ...pipe()));
  }
  stages.push(S('lane tree', 'toRead', part('TL')));
  if (!rt) stages.push(S('eps', 'toRead', part(epsAtom)));
  if (rt?.meanSquare) stages.push(S('mean square', 'toRead', part('Q'), ...(layer ? [part('W', -1)] : [])));
  stages.push(
    S('seed', 'toRead', part(1)),
    S('loop', 'toRead', part('C')),
    S('store read', 'toRead', part(1)),
    S('output register', 'toOut', part(1), part('X')),
    beats('output beats', 'read'),
    S('accepted', 'toOut', part(1)),
  );
  const meanSquare = rt?.meanSquare ? linear([part('W'), part(1), part('M'), ...(rt.eps ? [part('A'), part(1)] : [])]) : null;
  const Q = meanSquare ? meanSquare.value({ W: rt!.W, M: q.M, A: q.A }) : 0;
  const base: Record<string, number> = { B: q.B, TL: q.TL, T: 0, C: q.C, E: q.E, X: q.X };
  const occupancy = max(sum(['TL', epsAtom, 1]), 'CS');
  base.T = occupancy.value({ ...base, CS: q.CS, A: q.A });
  const termsAt = (b: number): Terms => ({
    ...base, B: b, ...(rt ? { Q } : {}), ...(q.pipelined ? { A: q.A, M: q.M } : {}), ...(q.R > 0 ? { R: q.R } : {}),
  });
  const evalAt = (b: number): Terms => ({ ...termsAt(b), W: rt?.W ?? 0, R: q.R, A: q.A, M: q.M });
  const queueBound = !rt ? num(0) : layer ? sum([sub('Bmax', 1), max(0, sub('Bmax', 'T'))]) : max(0, sub('Bmax', 'T'));
  return {
    stages, latency: collect(stages), occupancy, period: max('B', 'T'), meanSquare,
    queueBound: { ...queueBound, value: (t) => queueBound.value({ ...t, Bmax: t.B ?? 0 }) },
    termsAt,
    phaseCycles: (phase, b = q.B) => stages.filter((s) => s.phase === phase).reduce((a, s) => a + s.cycles.value(evalAt(b)), 0),
  };
}

/** Items joined with ", " in lines of at most `width` characters. */
function wrapList(items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  items.forEach((it, i) => {
    const item = i < items.length - 1 ? `${it},` : it;
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + 1 + item.length <= width) lines[last] += ` ${item}`;
    else lines.push(item);
  });
  return lines;
}

/** The stages as the RTL header lists them ("input beats B - 1, square + accumulate 2, ..."), in lines of at most `width` characters. */
export const stageLines = (s: Schedule, width = 92): string[] => wrapList(s.stages.map((st) => `${st.name} ${st.cycles.text}`), width);

/** What each term counts, as the RTL header explains it. */
const MEANING: Record<string, string> = {
  B: 'beats', TL: 'tree cycles', E: 'eps', Q: 'mean-square cycles', W: 'cycles of wait for 1/d', C: 'scalar-loop cycles',
  X: 'extra output stages', A: 'adder pipeline registers', M: 'multiplier pipeline registers', R: 'residual-adder registers',
};

/** The terms the stages use with their values at b beats, as the header lists them ("B = 16 beats, TL = 5 tree cycles, ..."). */
export function termLines(s: Schedule, b: number, W: number, width = 92): string[] {
  const texts = [...s.stages.flatMap((st) => st.parts.flatMap((p) => (p.atom === null ? [] : [p.atom.text]))), s.meanSquare?.text ?? ''];
  const used = new Set(texts.flatMap((t) => t.match(/[A-Z]+/g) ?? []));
  const values: Terms = { ...s.termsAt(b), W };
  return wrapList(Object.keys(MEANING).filter((k) => used.has(k)).map((k) => `${k} = ${values[k] ?? 0} ${MEANING[k]}`), width);
}
