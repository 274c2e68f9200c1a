/** The 1/d unit's view (templates/top/linerate/recip.v.hbs): the restoring divider's rows and stages. */
import type { Plan } from '../../plan.ts';
import { bitsFor, slotWidths } from './common.ts';

export function recipView(plan: Plan, prefix: string) {
  const rt = plan.runtime!;
  const r = rt.recip!;
  return {
    prefix, int: plan.cfg.internal, slw: slotWidths(plan.slots).slw,
    lw: rt.lengthBits, kw: bitsFor(rt.lengthBits - 1), lwm1: rt.lengthBits - 1,
    rows: r.rows, rowsPerStage: r.rowsPerStage, stages: r.stages, stagesPlus1: r.stages + 1,
    // a row ends a stage (a register) every rowsPerStage rows, and the last row
    recipRowList: Array.from({ length: r.rows }, (_, i) => ({ i, next: i + 1, reg: i % r.rowsPerStage === r.rowsPerStage - 1 || i === r.rows - 1 ? 1 : 0 })),
  };
}
