/**
 * The lane trees' views (templates/top/linerate/lane_tree.v.hbs): the lane tree (the sum of squares,
 * with eps) and LayerNorm's sum tree, each from its static schedule (plan.ts, scheduleTree).
 */
import { formatHex } from '../../format/float-format.ts';
import { loopConstants } from '../../model/iterl2norm.ts';
import type { Plan, TreeOp, TreeSchedule } from '../../plan.ts';
import { registeredOneHotSelect } from './one-hot.ts';

/**
 * One lane tree's template context from its schedule (plan.ts, scheduleTree): for each adder the
 * operands it is given in each issue cycle, for each cycle the registers written at its end, the
 * step bits' shift. The registers are r[s*P + j]: lane j's partial sum s (s = 0 after the fold).
 */
export function treeContext(tree: TreeSchedule, prefix: string, treeName: string, treeWhat: string, treeTaker: string) {
  const TLE = tree.cycles;
  const reg = (i: number) => `r[${i}*WI +: WI]`;
  const src = (o: TreeOp) => (o.src === 'eps' ? 'EPS_D' : reg(o.src));
  const text = (o: TreeOp) => `r[${o.dst}] += ${o.src === 'eps' ? 'd*eps*2^-2K' : `r[${o.src}]`}`;
  const steps = Array.from({ length: TLE }, (_, index) => ({
    index,
    text: tree.ops.filter((o) => o.issue === index).map((o) => `${text(o)} (adder ${o.adder})`).join(', ') || '-',
    writes: tree.ops.filter((o) => o.write === index).map((o) => `${reg(o.dst)} <= ts${o.adder};`),
  })).map((st) => ({ ...st, hasWrites: st.writes.length > 0 }));
  return {
    treeName, treeWhat, treeTaker, treeEps: tree.ops.some((o) => o.src === 'eps'), TLE, TLE1: TLE + 1,
    treeAdders: tree.adders, stShift: TLE === 0 ? 'load' : `{st[${TLE - 1}:0], load}`, treeSteps: steps,
    adders: Array.from({ length: tree.adders }, (_, k) => {
      const ops = tree.ops.filter((o) => o.adder === k);
      const next = (i: number) => `st_next[${i}]`;
      const a = registeredOneHotSelect(prefix, `ta${k}_sel`, ops.map((o) => ({ step: o.issue, value: reg(o.dst) })), next);
      const b = registeredOneHotSelect(prefix, `tb${k}_sel`, ops.map((o) => ({ step: o.issue, value: src(o) })), next);
      return { k, a: a.expr, b: b.expr, sels: [...a.decl, ...b.decl] };
    }),
  };
}

/** Each tree of the design with its module name and view. */
export function laneTreeViews(plan: Plan, prefix: string) {
  const common = {
    prefix, P: plan.cfg.lanes, A: plan.A, NS: plan.partialSums, int: plan.cfg.internal,
    constants: { epsD: formatHex(plan.cfg.internal, loopConstants(plan.cfg).epsD) },
  };
  const trees = [treeContext(plan.tree, prefix, 'lane_tree', 'm = sum of squares', 'the scalar unit')];
  if (plan.sumTree) trees.push(treeContext(plan.sumTree, prefix, 'sum_tree', 'S = sum of the scaled inputs', 'the mean (centre)'));
  return trees.map((t) => ({ ...common, ...t }));
}
