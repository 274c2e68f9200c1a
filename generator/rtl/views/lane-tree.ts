/**
 * The lane trees' views (templates/top/linerate/lane_tree.v.hbs): the lane tree (the sum of squares,
 * with eps) and LayerNorm's sum tree, each from its static schedule (plan.ts, scheduleTree).
 */
import { formatHex } from '../../format/float-format.ts';
import { loopConstants } from '../../model/iterl2norm.ts';
import type { Plan, TreeOp, TreeSchedule } from '../../plan.ts';

/**
 * One lane tree's template context from its schedule (plan.ts, scheduleTree): for each adder the
 * operands it is given in each issue cycle, for each cycle the registers written at its end, the
 * step bits' shift. The registers are r[s*P + j]: lane j's partial sum s (s = 0 after the fold).
 */
export function treeContext(tree: TreeSchedule, treeName: string, treeWhat: string, treeTaker: string) {
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
      return {
        k,
        a: oneHotSelect(ops.map((o) => ({ step: o.issue, value: reg(o.dst) }))),
        b: oneHotSelect(ops.map((o) => ({ step: o.issue, value: src(o) }))),
      };
    }),
  };
}

/**
 * An adder operand chosen by the step bits, as one Verilog expression. At most one step bit is
 * set (st shifts one load through, and the next load comes when m is taken), so the choice is an
 * AND-OR of the distinct values, each under the OR of its steps: a few gate levels from any step
 * bit, where a chain of `if (st[i])` overrides puts the first case's step bit behind every later
 * one (and that path goes on into the adder's first stage, the tree's deepest). The
 * first operation's value is the default: it is taken when no other value's step is set (idle, or
 * one of its own steps).
 */
export function oneHotSelect(cases: Array<{ step: number; value: string }>): string {
  const values: Array<{ value: string; steps: number[] }> = [];
  for (const c of cases) {
    const same = values.find((v) => v.value === c.value);
    if (same) same.steps.push(c.step);
    else values.push({ value: c.value, steps: [c.step] });
  }
  const [first, ...others] = values;
  if (!others.length) return first!.value;
  const when = (v: { steps: number[] }) => v.steps.map((i) => `st[${i}]`).join(' | ');
  if (others.length === 1) return `(${when(others[0]!)}) ? ${others[0]!.value} : ${first!.value}`;
  const terms = others.map((v) => `({WI{${when(v)}}} & ${v.value})`);
  return [...terms, `({WI{~(${others.map(when).join(' | ')})}} & ${first!.value})`].join('\n            | ');
}

/** Each tree of the design with its module name and view. */
export function laneTreeViews(plan: Plan, prefix: string) {
  const common = {
    prefix, P: plan.cfg.lanes, A: plan.A, NS: plan.partialSums, int: plan.cfg.internal,
    constants: { epsD: formatHex(plan.cfg.internal, loopConstants(plan.cfg).epsD) },
  };
  const trees = [treeContext(plan.tree, 'lane_tree', 'm = sum of squares', 'the scalar unit')];
  if (plan.sumTree) trees.push(treeContext(plan.sumTree, 'sum_tree', 'S = sum of the scaled inputs', 'the mean (centre)'));
  return trees.map((t) => ({ ...common, ...t }));
}
