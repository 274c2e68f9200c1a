/**
 * The smallest buffer's part of the modules' views (--buffer-beats B, --engine compact): the trees
 * on the lane adders, LayerNorm's one ring and its shared lane accumulators, the wait for the trees.
 */
import { formatHex } from '../../format/float-format.ts';
import { loopConstants } from '../../model/iterl2norm.ts';
import type { Plan, TreeSchedule } from '../../plan.ts';
import { oneHotSelect } from './one-hot.ts';

export function smallBufferView(plan: Plan, prefix: string) {
  const layer = plan.cfg.mode === 'layer';
  const ring = plan.ring.schedule;
  const T = plan.T;
  const shared = ring.pass2?.shared === true;
  // LayerNorm, the smallest buffer, fixed d: the two passes and both trees take turns on one set
  // of lane accumulators (a vector's second pass ends before the next vector's first beat)
  const shareAcc = layer && plan.treeInLanes && plan.runtime === null;
  // h < T always holds (h is loaded with T - 1): a bound of T or more is left out
  const binding = (free: number | undefined) => (free !== undefined && free < T ? free : null);
  return {
    ringShared: shared, twoRings: layer && !shared, treeFree: binding(ring.treeFree), treeFreeB: binding(ring.treeFreeB),
    treeInLanes: plan.treeInLanes, shareAcc, accName: 'accumulate', centreAcc: plan.treeInLanes ? 'accumulate_sq' : 'accumulate',
    accUser: `${prefix}_lanes${layer && !plan.treeInLanes ? ` and by ${prefix}_centre (the second pass)` : ''}`,
    lanesTree: plan.treeInLanes ? lanesTreeContext(plan, plan.sumTree ?? plan.tree, shareAcc ? plan.tree : null) : null,
    treeEpsD: formatHex(plan.cfg.internal, loopConstants(plan.cfg).epsD),
  };
}

/** The second pass's own accumulators with the lane tree (LayerNorm, the smallest buffer, --d-max). */
export function secondAccumulateView(plan: Plan, prefix: string) {
  return { ...smallBufferView(plan, prefix), accName: 'accumulate_sq', accUser: `${prefix}_centre (the second pass)`, lanesTree: lanesTreeContext(plan, plan.tree) };
}

/**
 * The lane tree on the lane adders (plan.ts, lanesTree) as the accumulators' template needs it: in
 * step i lane j's adder takes (r[dst], r[src]) instead of (its sum, the beat's value), and the
 * registers r are the accumulators acc (partial sums a vector never reached read as +0).
 */
export function lanesTreeContext(plan: Plan, tree: TreeSchedule, second: TreeSchedule | null = null) {
  const { B } = plan;
  const P = plan.cfg.lanes;
  const TLE = tree.cycles;
  // with a second tree (LayerNorm's lane tree after the second pass) each has its own step bits
  const trees: Array<[TreeSchedule, string, string]> = second ? [[tree, 'st', 'sum_done && !w_p2'], [second, 'st2', 'sum_done && w_p2']] : [[tree, 'st', 'sum_done']];
  const acc = (i: number) => `acc[${i}*WI +: WI]`;
  const part = (i: number) => {
    const s = Math.floor(i / P);
    if (s === 0) return acc(i);
    if (plan.runtime) return `(live[${s}] ? ${acc(i)} : {WI{1'b0}})`;
    return s < B ? acc(i) : "{WI{1'b0}}";
  };
  return {
    TLE, shared: second !== null, TLE2: second?.cycles ?? 0,
    chains: trees.map(([t, st, load]) => ({ st, TLE: t.cycles, TLE1: t.cycles + 1, shift: t.cycles === 0 ? load : `{${st}[${t.cycles - 1}:0], ${load}}` })),
    treeEps: [tree, second].some((t) => t?.ops.some((o) => o.src === 'eps')),
    // the header's schedule: each addition, at its step
    cases: trees.flatMap(([t, st]) => t.ops.map((o) => ({
      st, step: o.issue, text: `r[${o.dst}] += ${o.src === 'eps' ? 'd*eps*2^-2K' : `r[${o.src}]`}`,
    }))),
    // each lane adder's operands: its sum and the beat's value, or in a tree step (of either tree:
    // they share additions) the tree's pair, chosen by the one-hot step bits
    operands: Array.from({ length: P }, (_, j) => {
      const ops = trees.flatMap(([t, st]) => t.ops.filter((o) => o.dst === j).map((o) => ({ o, when: `${st}[${o.issue}]` })));
      return {
        j,
        a: oneHotSelect(ops.map(({ o, when }) => ({ when, value: acc(o.dst) })), `acc_base[${j}*WI +: WI]`),
        b: oneHotSelect(ops.map(({ o, when }) => ({ when, value: o.src === 'eps' ? 'EPS_D' : part(o.src) })), `q[${j}*WI +: WI]`),
      };
    }),
    writes: Array.from({ length: P }, (_, j) => {
      const steps = trees.flatMap(([t, st]) => t.ops.filter((o) => o.dst === j).map((o) => `${st}[${o.write}]`));
      return { j, expr: steps.length ? steps.join(' || ') : "1'b0" };
    }),
  };
}
