/** The --d-max mean square's view (templates/top/linerate/mean_square.v.hbs): m' = m * (1/d) (+ eps). */
import { formatHex } from '../../format/float-format.ts';
import { loopConstants } from '../../model/iterl2norm.ts';
import type { Plan } from '../../plan.ts';
import { entryStorage, slotWidths } from './common.ts';

export function meanSquareView(plan: Plan, prefix: string) {
  const rt = plan.runtime!;
  return {
    prefix, A: plan.A, M: plan.M, int: plan.cfg.internal, ...slotWidths(plan.slots), ...entryStorage(plan),
    // the mean square's own cycles: Q without the wait for 1/d (schedule.ts)
    Qcore: rt.Q - (rt.recip?.wait ?? 0), hasEpsMs: rt.recip !== null && plan.cfg.eps > 0,
    constants: { epsMs: formatHex(plan.cfg.internal, loopConstants(plan.cfg).epsMeanSquare) },
  };
}
