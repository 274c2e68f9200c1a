/** `generate`: the Verilog of one configuration and its manifest.json, as `iterl2norm generate`. */
import type { ConfigOptions } from '../generator/config.ts';
import { type GeneratedDesign, generate as writeDesign } from '../generator/rtl/generate.ts';
import { FLOWS, type Flow } from '../generator/rtl/openlane.ts';
import { CONFIG_KEYS, choiceOf, configOf, refuseUnknownKeys } from './options.ts';

export interface GenerateOptions extends ConfigOptions {
  /** Also write a back-end bundle: 'openlane' (config.json, constraints.sdc, synth.ys); default 'none'. */
  flow?: Flow;
}

/**
 * Writes the design into `outDir` (default `rtl-out/<top>/` under the working folder): every
 * Verilog file and manifest.json, or nothing when a check fails; stale files of an earlier design
 * in that folder are removed. Returns the top module's name, the folder, the Verilog files (full
 * paths, compile order), the manifest (ports, latency and period formulas) and the removed files.
 * Throws OptionError for a bad option, UsageError for an unusable folder.
 */
export function generate(options: GenerateOptions = {}, outDir?: string): GeneratedDesign {
  refuseUnknownKeys(options, [...CONFIG_KEYS, 'flow'], 'options');
  const flow = choiceOf('flow', options.flow, FLOWS, 'none');
  const cfg = configOf(options, flow !== 'none');
  return writeDesign(cfg, outDir, { flow, clockPeriodNs: options.clockPeriodNs }, 'outDir');
}
