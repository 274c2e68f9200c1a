/**
 * The dataflow sketch of the line-rate top file's header, built as rows: the left-hand text and
 * the mark of the right-hand rail (the ring's path from the input to the output). The rail is put
 * at one column, past the longest row, whatever the names and numbers printed before it.
 */
import type { MacroConfig } from '../../config.ts';
import type { Plan } from '../../plan.ts';
import { storedFormat } from '../../model/residual.ts';

/** A rail mark: where the ring's path starts ('start', reached by dashes), runs, comes back (LayerNorm's second pass) or ends. */
type Rail = 'start' | '|' | 'back' | 'v' | 'none';
interface Row { readonly text: string; readonly rail: Rail; readonly after?: string }

/** The sketch's lines, each without its leading "//". */
export function dataflowDiagram(cfg: MacroConfig, plan: Plan, outFormula: string): string[] {
  const layer = cfg.mode === 'layer';
  const ring = plan.ring.schedule;
  const twoRings = layer && !ring.pass2!.shared;
  const shareAcc = layer && plan.treeInLanes && plan.runtime === null;
  const rows: Row[] = [];
  const row = (text: string, rail: Rail = '|', after?: string) => rows.push({ text: `   ${text}`, rail, after });
  const down = () => row('   v');
  if (cfg.residual !== null) {
    row(`in_data, in_res --> _residual_add: h = x + r (sum ${cfg.residual}, h in ${storedFormat(cfg).name}); below, in_data and x are h`, 'none');
  }
  row(twoRings
    ? `in_data --> _slots: ring of ${ring.beats} beats and ring_b of ${ring.pass2!.beats} (a _vector_store each), ${plan.slots} entries`
    : `in_data --> _slots: ring of ${ring.beats} beats (one _vector_store), ${plan.slots} vector entries`, 'start');
  row('   |        admission: room for the beat; a first beat also a free');
  row('   |        vector entry, and last beats T apart');
  down();
  if (layer) {
    row('_lanes: v = x*2^-K (P multipliers) -> _accumulate (P lane accumulators)');
    row('   | lane sums, on the vector\'s last beat');
    down();
    row(plan.treeInLanes ? `the sum tree on the lane adders (no _sum_tree), TL = ${plan.TL} cycle(s) -> S` : `_sum_tree: ${plan.treeAdders} adder(s), TL = ${plan.TL} cycle(s) -> S`);
    down();
    row('_centre: mean = S*(1/d); second pass over ring', 'back', twoRings ? '(each beat into ring_b)' : '(when the output does not read)');
    row(shareAcc ? '   |   c = x*2^-K - mean, c*c -> the lane accumulators of _lanes' : `   |   c = x*2^-K - mean, c*c -> its own _${plan.treeInLanes ? 'accumulate_sq' : 'accumulate'}`);
    down();
  } else {
    row('_lanes: x*x*2^-2K (P multipliers) -> _accumulate (P lane accumulators)');
    row('   | lane sums, on the vector\'s last beat');
    down();
  }
  row(plan.treeInLanes
    ? `the tree on the lane adders (no _lane_tree), TL = ${plan.TL} cycle(s)${plan.E ? ', + d*eps' : ''} -> m`
    : `_lane_tree: ${plan.treeAdders} adder(s), TL = ${plan.TL} cycle(s)${plan.E ? ', + d*eps' : ''} -> m`);
  down();
  if (plan.runtime?.recip) {
    row(`_mean_square: m' = m * (1/d)${cfg.eps > 0 ? ' + eps' : ''} (1/d from _recip, queued per vector)`);
    down();
  }
  row(`_scalar: seed, loop C = ${plan.C} cycle(s) on 1 multiplier + 1 adder -> b, scale`);
  row('   v', 'v');
  row(`_output: hand-off queue (${plan.slots} x (b, scale${layer ? ', mean' : ''})) -> read the ${twoRings ? 'ring_b' : 'ring'} ->`, 'none');
  row(`         out = ${outFormula}`, 'none');
  // the rail's column: two past the longest row that carries it
  const column = Math.max(...rows.filter((r) => r.rail !== 'none').map((r) => r.text.length + (r.rail === 'back' ? 3 : 2)));
  return rows.map((r) => {
    switch (r.rail) {
      case 'start': return `${r.text} ${'-'.repeat(column - r.text.length - 1)}+`;
      case 'back': return `${r.text} <${'-'.repeat(column - r.text.length - 2)}+ ${r.after}`;
      case 'none': return r.text;
      default: return `${r.text.padEnd(column)}${r.rail}`;
    }
  });
}
