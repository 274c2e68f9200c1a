/**
 * Cycle counts of the generated macro. LATENCY and PERIOD come from its stages
 * (generator/schedule.ts); this file keeps their record (CycleCount) and X, the registers between
 * the store read and the output register: layer 2 + M + A (scale input, subtract mean), then the
 * output scale M, gamma 1 + M, gamma-beta 3 + max(M, V) + A + V (V = registers inside the
 * converters), and the quantiser: MX max(1, 32/P) (an MX block's beats), a static scale 1, a
 * dynamic scale Bmax + 7 (the y buffer: s and 1/s are queued 7 cycles after a vector's last beat,
 * before its first beat leaves).
 */
import type { MacroConfig } from '../config.ts';
import { quantiseStages } from './quantize-stage.ts';

export interface CycleCount {
  cycles: number;
  formula: string;
  terms: Record<string, number>;
}

/** Registers between the store read (stage R) and the output register (stage O). */
export function extraOutputStages(cfg: MacroConfig): number {
  const { add: A, mul: M, convert: V } = cfg.pipeline;
  const layer = cfg.mode === 'layer' ? 2 + M + A : 0;
  const scale = M;
  const affine = cfg.affine === 'gamma' ? 1 + M : cfg.affine === 'gamma-beta' ? 3 + Math.max(M, V) + A + V : 0;
  return layer + scale + affine + quantiseStages(cfg);
}
