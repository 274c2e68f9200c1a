/** The residual adder's view (templates/top/linerate/residual_add.v.hbs): h = x + r at the input. */
import type { Plan } from '../../plan.ts';
import { formats } from './common.ts';

export function residualAddView(plan: Plan, prefix: string) {
  const R = plan.schedule!.termsAt(plan.B).R ?? 0;
  return {
    prefix, P: plan.cfg.lanes, A: plan.A, V: plan.V, ...formats(plan.cfg),
    resSum: plan.cfg.residual, resInternal: plan.cfg.residual === 'internal',
    // R (schedule.ts): the adder's registers, A + V when the sum is internal and pipelined
    resDelay: R, resA: R > 0 ? plan.A : 0, resV: R > 0 ? plan.V : 0,
  };
}
