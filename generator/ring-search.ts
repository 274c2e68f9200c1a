/**
 * Exhaustive check of the rings' default depths (plan.ts, ringDefaults): a search over the states
 * of the cycle model (ring-schedule.ts, ringStep: the same rules, edge by edge) with unbounded
 * memory, where a state is what the rings hold when the input is offered a new vector: the
 * admission counters, and for every vector not yet read out its beats, the edges until its next
 * reader may start and what it has waited (and the beats of the heads already read). From every
 * reachable state every length 1..Bmax may come next; each state is visited once, so the most
 * beats (of each ring) and vector entries met, and the longest wait, are the exact need over
 * every stream of lengths, of any length. Used by test/model/ring-schedule.test.ts (small D) and
 * bench/ring-search.ts (larger ones).
 */
import { type RingSchedule, type RingState, copyRingState, emptyRingState, ringStep } from './ring-schedule.ts';

export interface RingSearch { needBeats: number; needBeatsB: number; needEntries: number; maxQueued: number; states: number }

function listKey(l: RingState['p2'], queue: boolean): string {
  let k = '';
  for (let i = 0; i < l.length; i++) {
    const p = l[i]!;
    k += queue ? `${p.beats}.${p.readyIn}.${p.waited},` : `${p.beats}.${p.readyIn},`;
  }
  return k;
}

function keyOf(s: RingState, queue: boolean): string {
  return `${s.h}|${s.h2}|${s.pb}|${s.rb}|${listKey(s.p2, queue)}|${listKey(s.out, queue)}`;
}

/**
 * `queue` false: the waits are left out of the states (fewer of them); the beats and entries are
 * the same, maxQueued is then only the longest wait for one reader.
 */
export function searchRing(s: Pick<RingSchedule, 'T' | 'readLag' | 'pass2'>, Bmax: number, maxStates = 5_000_000, queue = true): RingSearch {
  const sch: RingSchedule = { T: s.T, readLag: s.readLag, outLag: 0, beats: Infinity, entries: Infinity, pass2: s.pass2 ? { lag: s.pass2.lag, beats: Infinity } : null };
  const seen = new Set<string>();
  const todo: RingState[] = [emptyRingState()];
  let needBeats = 0, needBeatsB = 0, needEntries = 0, maxQueued = 0;
  while (todo.length > 0) {
    const st = todo.pop()!;
    const key = keyOf(st, queue);
    if (seen.has(key)) continue;
    seen.add(key);
    if (seen.size > maxStates) throw new Error(`ring search: more than ${maxStates} states`);
    for (let B = 1; B <= Bmax; B++) {
      const cur = copyRingState(st);
      for (;;) {
        const e = ringStep(sch, cur, B);
        if (e.fire) {
          needBeats = Math.max(needBeats, e.heldA);
          if (e.first) needEntries = Math.max(needEntries, e.used);
        }
        if (e.p2rd) needBeatsB = Math.max(needBeatsB, e.heldB);
        if (e.rdStart) maxQueued = Math.max(maxQueued, e.waited);
        if (e.lastIn) break;
      }
      todo.push(cur);
    }
  }
  return { needBeats, needBeatsB, needEntries, maxQueued, states: seen.size };
}
