/**
 * The configuration back from a manifest's `config` record (configRecord in generate.ts): what
 * `cosim --netlist` reads from the manifest `synth --netlist` wrote beside a netlist, so that no
 * configuration option is repeated. The operator registers come back as given explicitly (the
 * timing-driven choice included); the depth target they were chosen for does not change the design.
 */
import { type MacroConfig, resolveConfig } from '../config.ts';
import { UsageError } from '../errors.ts';
import { formatPipeline } from './pipeline.ts';

const KEYS = ['format', 'internal', 'lanes', 'steps', 'rule', 'lambda', 'init', 'initBits', 'mode', 'affine', 'eps', 'inputShift', 'pipeline', 'engine'] as const;

export function configFromRecord(record: Record<string, unknown>, where: string): MacroConfig {
  const missing = KEYS.filter((k) => record[k] === undefined);
  if (missing.length || (record.d == null && record.dMax == null)) {
    throw new UsageError(`${where}: not a manifest of this generator (config lacks ${[...missing, ...(record.d == null && record.dMax == null ? ['d'] : [])].join(', ')})`);
  }
  const p = record.pipeline as { add: number; mul: number; convert: number };
  return resolveConfig({
    ...(record.dMax != null ? { dMax: record.dMax as number } : { d: record.d as number }),
    format: record.format as string,
    internal: record.internal as string,
    lanes: record.lanes as number,
    steps: record.steps as number,
    rule: record.rule as string,
    lambda: record.lambda as number,
    init: record.init as string,
    initBits: record.initBits as number,
    mode: record.mode as string,
    affine: record.affine as string,
    eps: record.eps as number,
    inputShift: record.inputShift as number,
    pipeline: formatPipeline(p),
    engine: record.engine as string,
    // written only when not the default (configRecord)
    ...(record.interface !== undefined ? { interface: record.interface as string } : {}),
    ...(record.bufferBeats !== undefined ? { bufferBeats: record.bufferBeats as number } : {}),
    ...(record.residualSum !== undefined ? { residual: true, residualSum: record.residualSum as string } : {}),
    ...(record.outFormat !== undefined ? { outFormat: record.outFormat as string } : {}),
    ...(record.outScale !== undefined ? { outScale: record.outScale as string } : {}),
  });
}
