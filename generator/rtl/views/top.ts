/**
 * The line-rate top level's view (templates/top/linerate/top.v.hbs): the header (configuration,
 * the dataflow sketch, LATENCY, the terms and the stages, the queueing bound, PERIOD and T, all
 * from the schedule) and the wiring of the modules, whose delays (the wait for 1/d W, the residual
 * adder's R) are the schedule's terms.
 */
import { type MacroConfig, topModuleName } from '../../config.ts';
import type { Plan } from '../../plan.ts';
import { stageLines, termLines } from '../../schedule.ts';
import { outLaneBits, quantiseContext } from '../quantize-stage.ts';
import { formats, initDesc, unpackedExponentBits } from './common.ts';
import { dataflowDiagram } from './diagram.ts';
import { outFormula } from './output.ts';

const TITLE = { l2: 'L2 normalisation y = x / ||x||', rms: 'RMSNorm', layer: 'LayerNorm' } as const;
const MODE_FORMULA = {
  l2: 'y = x / ||x||', rms: 'y = gamma * sqrt(d) * x / ||x||', layer: 'y = gamma * sqrt(d) * (x - mean) / ||x - mean|| + beta',
} as const;

export function topView(cfg: MacroConfig, plan: Plan, version: string) {
  const s = plan.schedule!;
  const rt = plan.runtime;
  const ring = plan.ring!.schedule;
  const W = rt?.recip?.wait ?? 0;
  const f = formats(cfg);
  const top = topModuleName(cfg);
  return {
    top, prefix: top, version, title: TITLE[cfg.mode], mode: cfg.mode, modeFormula: MODE_FORMULA[cfg.mode],
    d: cfg.d, P: cfg.lanes, B: plan.B, ...f, rule: cfg.rule, steps: cfg.steps, initDesc: initDesc(cfg),
    affine: cfg.affine === 'none' ? null : cfg.affine, affineName: cfg.affine, beta: cfg.affine === 'gamma-beta', nParam: cfg.affine === 'gamma-beta' ? 2 : 1,
    eps: cfg.eps, inputShift: cfg.inputShift, A: plan.A, M: plan.M, V: plan.V, NS: plan.partialSums, targetDepth: cfg.targetDepth,
    layer: cfg.mode === 'layer', runtime: rt !== null, residual: cfg.residual !== null, resInternal: cfg.residual === 'internal',
    saw: plan.storeAddressBits, scaleBits: unpackedExponentBits(f.int), outW: outLaneBits(cfg),
    lw: rt?.lengthBits ?? 0, recip: rt?.recip != null, hasEpsMs: rt?.recip != null && cfg.eps > 0, Q: rt?.Q ?? 0, qFormula: s.meanSquare?.text ?? null,
    // the delays the wiring counts: the schedule's W (the wait for 1/d) and R (the residual adder)
    recipWait: W, resDelay: s.termsAt(plan.B).R ?? 0,
    slots: plan.slots, ringBeats: ring.beats, ringBeatsB: ring.pass2?.beats ?? 0, memoryBits: plan.vectorMemoryBits,
    lastLanes: cfg.d - (plan.B - 1) * cfg.lanes,
    diagram: dataflowDiagram(cfg, plan, outFormula(plan)),
    latency: plan.latency.cycles, latencyFormula: plan.latency.formula, period: plan.period.cycles, periodFormula: plan.period.formula,
    termLines: termLines(s, plan.B, W), stageLines: stageLines(s),
    queueBound: plan.ring!.queueBound, queueFormula: plan.ring!.queueFormula,
    T: plan.T, occupancyFormula: s.occupancy.text, Cocc: plan.scalarOccupancy,
    quant: quantiseContext(cfg), quantStatic: cfg.outScale === 'static', quantDynamic: !!cfg.outFormat && cfg.outScale === 'dynamic',
  };
}
