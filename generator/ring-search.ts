/**
 * Exhaustive check of the ring of beats' default depth (plan.ts, ringDefaults): a search over the
 * states of the cycle model (ring-schedule.ts, the same rules) with unbounded memory, where a
 * state is what the ring holds when the input is offered a new vector: the admission counter h,
 * and for every vector not yet read out its beats and the edges until its factor is ready (and
 * the beats of the head already read). From every reachable state every length 1..Bmax may come
 * next; each state is visited once, so the most beats and vector entries met are the exact need
 * over every stream of lengths, of any length. Used by test/model/ring-schedule.test.ts (small D)
 * and bench/slots.ts (larger ones).
 */
import type { RingSchedule } from './ring-schedule.ts';

export interface RingSearch { needBeats: number; needEntries: number; maxQueued: number; states: number }

interface Pending { beats: number; readyIn: number }

export function searchRing(s: Pick<RingSchedule, 'T' | 'readLag'>, Bmax: number, maxStates = 5_000_000): RingSearch {
  const seen = new Set<string>();
  const todo: Array<{ h: number; rb: number; pend: Pending[] }> = [{ h: 0, rb: 0, pend: [] }];
  let needBeats = 0, needEntries = 0, maxQueued = 0;
  while (todo.length > 0) {
    const st = todo.pop()!;
    const key = `${st.h}|${st.rb}|${st.pend.map((p) => `${p.beats}.${p.readyIn}`).join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (seen.size > maxStates) throw new Error(`ring search: more than ${maxStates} states`);
    for (let B = 1; B <= Bmax; B++) {
      let { h, rb } = st;
      const pend = st.pend.map((p) => ({ ...p }));
      let held = pend.reduce((a, p) => a + p.beats, 0) - rb;
      let k = 0;
      for (;;) {
        const fire = k > 0 || B > h;
        const rd = pend.length > 0 && (rb > 0 || pend[0]!.readyIn <= 0);
        if (rd && rb === 0) maxQueued = Math.max(maxQueued, -pend[0]!.readyIn);
        if (fire) {
          needBeats = Math.max(needBeats, held + 1);
          if (k === 0) needEntries = Math.max(needEntries, pend.length + 1);
        }
        let nh = h > 0 ? h - 1 : 0;
        let done = false;
        if (fire) {
          held++;
          k++;
          if (k === B) { pend.push({ beats: B, readyIn: s.readLag }); nh = s.T - 1; done = true; }
        }
        h = nh;
        if (rd) {
          held--;
          rb++;
          if (rb === pend[0]!.beats) { pend.shift(); rb = 0; }
        }
        // readyIn counts to the next edge; below 0 it is the wait so far of a vector whose factor
        // is ready but whose reads have not begun (at most the queueing bound: the states are finite)
        for (const p of pend) p.readyIn--;
        if (done) break;
      }
      todo.push({ h, rb, pend });
    }
  }
  return { needBeats, needEntries, maxQueued, states: seen.size };
}
