/**
 * The rings' view (templates/top/linerate/ring.v.hbs, the module _slots): depths, pointer widths
 * and the admission's hold counter, whose constants are the schedule's (schedule.ts): last beats
 * T apart, the residual adder's R registers before the ring.
 */
import { ENTRY_MEMORY_MIN_WORDS, type Plan } from '../../plan.ts';
import { bitsFor, entryStorage, formats, slotWidths } from './common.ts';

export function ringView(plan: Plan, prefix: string) {
  const cfg = plan.cfg;
  const ring = plan.ring!;
  const rt = plan.runtime;
  const terms = plan.schedule!.termsAt(plan.B);
  const T = terms.T!;
  const P = cfg.lanes;
  const gap = Math.max(T - plan.B, 0);
  const layer = cfg.mode === 'layer';
  const raw = bitsFor(ring.schedule.beats - 1);
  const pass2 = ring.schedule.pass2;
  return {
    prefix, P, d: cfg.d, T, Tm1: T - 1, int: formats(cfg).int, st: formats(cfg).st, layer, runtime: rt !== null, recip: rt?.recip != null,
    resDelay: terms.R ?? 0, ...slotWidths(plan.slots), lastBeat: plan.B - 1, saw: plan.storeAddressBits,
    gap, gw: bitsFor(gap), hasHold: rt ? T > 1 : gap > 0, hw: Math.max(plan.storeAddressBits + 1, bitsFor(T - 1)),
    entryIndex: rt?.recip != null, bufferBeats: plan.bufferBeats, ...entryStorage(plan), entryMemMin: ENTRY_MEMORY_MIN_WORDS,
    ringBeats: ring.schedule.beats, ringDefault: !ring.belowDefault, ringDefaultBeats: ring.defaultBeats,
    raw, raw1: raw + 1, lastAddr: ring.schedule.beats - 1,
    ...(pass2 ? { ringBeatsB: pass2.beats, rbw: bitsFor(pass2.beats - 1), rbw1: bitsFor(pass2.beats - 1) + 1, lastAddrB: pass2.beats - 1 } : {}),
    // --d-max: in_len and the beats of a vector, ceil(d/P) (a shift when P is a power of two)
    lw: rt ? rt.lengthBits : bitsFor(Math.max(plan.L - 1, 1)),
    ...(rt ? { pow2P: (P & (P - 1)) === 0, log2P: Math.log2(P), Pm1: P - 1, pw: Math.max(rt.lengthBits + 1, bitsFor(P) + 1) } : {}),
  };
}
