/** The input lanes' view (templates/top/linerate/lanes.v.hbs): scale or square each lane. */
import type { Plan } from '../../plan.ts';
import { formats, inputScale, lastMask } from './common.ts';

export const lanesView = (plan: Plan, prefix: string) => ({
  prefix, P: plan.cfg.lanes, M: plan.M, NS: plan.partialSums, layer: plan.cfg.mode === 'layer', runtime: plan.runtime !== null,
  lastMask: lastMask(plan.cfg, plan.B), ...formats(plan.cfg), ...inputScale(plan.cfg),
});
