/** LayerNorm's centre view (templates/top/linerate/centre.v.hbs): the mean and the second pass. */
import { formatHex } from '../../format/float-format.ts';
import { loopConstants } from '../../model/iterl2norm.ts';
import type { Plan } from '../../plan.ts';
import { entryStorage, formats, inputScale, lastMask, slotWidths } from './common.ts';

export const centreView = (plan: Plan, prefix: string) => ({
  prefix, P: plan.cfg.lanes, A: plan.A, M: plan.M, NS: plan.partialSums, runtime: plan.runtime !== null,
  ...formats(plan.cfg), negK: inputScale(plan.cfg).negK, lastMask: lastMask(plan.cfg, plan.B), ...slotWidths(plan.slots), ...entryStorage(plan),
  constants: { invD: formatHex(plan.cfg.internal, loopConstants(plan.cfg).invD) },
});
