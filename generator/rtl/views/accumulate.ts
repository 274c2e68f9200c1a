/** The lane accumulators' view (templates/top/linerate/accumulate.v.hbs): A + 1 interleaved partial sums a lane. */
import type { Plan } from '../../plan.ts';
import { bitsFor, formats } from './common.ts';

export function accumulateView(plan: Plan, prefix: string) {
  const NS = plan.partialSums;
  return {
    prefix, P: plan.cfg.lanes, A: plan.A, B: plan.B, NS, int: formats(plan.cfg).int, layer: plan.cfg.mode === 'layer',
    interleave: NS > 1, runtimeInterleave: plan.runtime !== null && NS > 1,
    nsw: bitsFor(NS - 1), nsw1: bitsFor(NS - 1) + 1, lastSlotNS: NS - 1,
  };
}
