/** The lane accumulators' view (templates/top/linerate/accumulate.v.hbs): A + 1 interleaved partial sums a lane. */
import type { Plan } from '../../plan.ts';
import { bitsFor, formats } from './common.ts';

export function accumulateView(plan: Plan, prefix: string) {
  const NS = plan.partialSums;
  const interleave = NS > 1;
  const runtimeInterleave = plan.runtime !== null && interleave;
  // the tags that travel beside the adders: only those read after them
  const tags = [
    ['q_v', 'w_v', 1, 'valid'], ...(runtimeInterleave ? [['q_first', 'w_vf', 1, 'first beat of the vector']] : []),
    ...(interleave ? [['cur_f', 'w_f', 1, 'first beat of its partial sum']] : []), ['q_last', 'w_l', 1, 'last beat'],
    ...(interleave ? [['cur_s', 'w_s', 'SLW', 'partial sum']] : []), ['q_m', 'w_m', 'P', 'lanes'],
  ] as const;
  return {
    tagD: tags.map((t) => t[0]).join(', '), tagQ: tags.map((t) => t[1]).join(', '), tagText: tags.map((t) => t[3]).join(', '),
    tagWidth: [tags.filter((t) => t[2] === 1).length, ...tags.filter((t) => t[2] !== 1).map((t) => t[2])].join(' + '),
    prefix, P: plan.cfg.lanes, A: plan.A, B: plan.B, NS, int: formats(plan.cfg).int, layer: plan.cfg.mode === 'layer',
    interleave, runtimeInterleave,
    nsw: bitsFor(NS - 1), nsw1: bitsFor(NS - 1) + 1, lastSlotNS: NS - 1,
  };
}
