/**
 * Exhaustive check of a --d-max plan's vector slots (generator/plan.ts): a search over the states
 * of the admission rule (startGap), where a state is the last vector's beats and the cycles each
 * vector in flight still holds its slot (slotBusyCycles from its first beat). From every reachable
 * state every length 1..D may come next; the search visits each state once, so the largest number
 * of vectors in flight it meets is the exact need of the configuration over all mixes of lengths.
 * Used by test/model/runtime-slots.test.ts (small D) and bench/slots.ts (larger ones).
 */
import { type ConfigOptions, resolveConfig } from './config.ts';
import { elaborate, slotBusyCycles, startGap } from './plan.ts';

export interface SlotSearch { slots: number; needed: number; states: number }

export function slotsNeeded(opts: ConfigOptions): SlotSearch {
  const cfg = resolveConfig(opts);
  const p = elaborate(cfg);
  const layer = cfg.mode === 'layer';
  const busy = (b: number) => slotBusyCycles(layer, b, p.TL, 0, p.C, p.A, p.M) + p.runtime!.Q;
  const seen = new Set<string>();
  const todo: Array<[number, number[]]> = [];
  for (let b = 1; b <= p.B; b++) todo.push([b, [busy(b)]]);
  let needed = 0;
  while (todo.length > 0) {
    const [last, held] = todo.pop()!;
    const key = `${last}:${held.join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    needed = Math.max(needed, held.length);
    for (let b = 1; b <= p.B; b++) {
      const gap = startGap(layer, p.T, last, b);
      // a slot whose vector ends by the next first beat is free for it
      const next = held.map((r) => r - gap).filter((r) => r > 0);
      next.push(busy(b));
      todo.push([b, next.sort((x, y) => x - y)]);
    }
  }
  return { slots: p.slots, needed, states: seen.size };
}
