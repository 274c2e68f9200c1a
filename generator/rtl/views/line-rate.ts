/**
 * The line-rate engine's Verilog: each module rendered from its own view of the plan (one file a
 * view in this folder), the trees apart, the top level last.
 */
import { type MacroConfig, topModuleName } from '../../config.ts';
import { elaborate } from '../../plan.ts';
import { quantiseContext } from '../quantize-stage.ts';
import { renderTemplate } from '../render.ts';
import { accumulateView } from './accumulate.ts';
import { centreView } from './centre.ts';
import { laneTreeViews } from './lane-tree.ts';
import { lanesView } from './lanes.ts';
import { meanSquareView } from './mean-square.ts';
import { outputView } from './output.ts';
import { recipView } from './recip.ts';
import { residualAddView } from './residual-add.ts';
import { ringView } from './ring.ts';
import { scalarView } from './scalar.ts';
import { secondAccumulateView, smallBufferView } from './small-buffer.ts';
import { topView } from './top.ts';

/** Module templates of the line-rate engine, in compile order (the top last); the trees are rendered apart. */
const MODULES = { common: ['slots', 'accumulate', 'lanes', 'scalar', 'output'], layer: ['centre'], recip: ['recip_row', 'recip', 'mean_square'], residual: ['residual_add'] } as const;

export function renderLineRate(cfg: MacroConfig, version: string): Array<{ file: string; text: string }> {
  const plan = elaborate(cfg);
  const prefix = topModuleName(cfg);
  const quant = quantiseContext(cfg);
  const small = smallBufferView(plan, prefix);
  const views: Record<string, () => object> = {
    slots: () => ({ ...ringView(plan, prefix), ...small }), accumulate: () => ({ ...accumulateView(plan, prefix), ...small }),
    lanes: () => ({ ...lanesView(plan, prefix), ...small }), scalar: () => scalarView(cfg, plan, prefix),
    output: () => ({ ...outputView(plan, prefix), ...small }), centre: () => ({ ...centreView(plan, prefix), ...small }),
    recip_row: () => ({ prefix }), recip: () => recipView(plan, prefix), mean_square: () => meanSquareView(plan, prefix),
    residual_add: () => residualAddView(plan, prefix), quant_round: () => ({ prefix }), entry_queue: () => ({ prefix }),
    ...(quant ? { [quant.module]: () => ({ prefix, P: cfg.lanes, ...quant }) } : {}),
  };
  const modules = [
    ...MODULES.common, ...(cfg.mode === 'layer' ? MODULES.layer : []), ...(plan.runtime?.recip ? MODULES.recip : []),
    ...(cfg.residual !== null ? MODULES.residual : []),
    // the per-vector queues: the entries of --d-max, LayerNorm's sums S (and what reads them)
    ...(cfg.runtimeLength || cfg.mode === 'layer' ? ['entry_queue'] : []),
    ...(quant ? ['quant_round', quant.module] : []),
  ];
  return [
    // The vector memory and its control (the rings of beats) is the module _slots.
    ...modules.map((m) => ({ file: `${prefix}_${m}.v`, text: renderTemplate(`top/linerate/${m === 'slots' ? 'ring' : m}.v.hbs`, views[m]!()) })),
    // the smallest buffer's LayerNorm with --d-max: the second pass's accumulators carry the lane tree
    ...(plan.treeInLanes && cfg.mode === 'layer' && !small.shareAcc
      ? [{ file: `${prefix}_accumulate_sq.v`, text: renderTemplate('top/linerate/accumulate.v.hbs', { ...accumulateView(plan, prefix), ...secondAccumulateView(plan, prefix) }) }]
      : []),
    ...(plan.treeInLanes ? [] : laneTreeViews(plan, prefix)).map((t) => ({ file: `${prefix}_${t.treeName}.v`, text: renderTemplate('top/linerate/lane_tree.v.hbs', t) })),
    { file: `${prefix}.v`, text: renderTemplate('top/linerate/top.v.hbs', { ...topView(cfg, plan, version), ...small }) },
  ];
}
