/**
 * Exhaustive check of a --d-max LayerNorm plan's vector slots (l2 and rms: ring-search.ts) (generator/plan.ts): a search over the states
 * of the admission rule (the runtime plan's startGap), where a state is the last vector's beats and
 * the cycles each vector in flight still holds its slot (its slotBusy, from its first beat). From every reachable
 * state every length 1..D may come next; the search visits each state once, so the largest number
 * of vectors in flight it meets is the exact need of the configuration over all mixes of lengths.
 * Used by test/model/runtime-slots.test.ts (small D) and bench/slots.ts (larger ones).
 */
import { type ConfigOptions, resolveConfig } from './config.ts';
import { elaborate } from './plan.ts';

export interface SlotSearch { slots: number; needed: number; states: number }

export function slotsNeeded(opts: ConfigOptions): SlotSearch {
  const cfg = resolveConfig(opts);
  const p = elaborate(cfg);
  const rt = p.runtime!;
  // the plan's functions take elements; b beats of P lanes are b * P of them
  const gapOf = (b1: number, b2: number) => rt.startGap(b1 * cfg.lanes, b2 * cfg.lanes);
  const seen = new Set<string>();
  const todo: Array<[number, number[]]> = [];
  for (let b = 1; b <= p.B; b++) todo.push([b, [rt.slotBusy(b)]]);
  let needed = 0;
  while (todo.length > 0) {
    const [last, held] = todo.pop()!;
    const key = `${last}:${held.join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    needed = Math.max(needed, held.length);
    for (let b = 1; b <= p.B; b++) {
      const gap = gapOf(last, b);
      // a slot whose vector ends by the next first beat is free for it
      const next = held.map((r) => r - gap).filter((r) => r > 0);
      next.push(rt.slotBusy(b));
      todo.push([b, next.sort((x, y) => x - y)]);
    }
  }
  return { slots: p.slots, needed, states: seen.size };
}
