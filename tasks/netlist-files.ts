/**
 * The netlist files of `synth`: without a Liberty file the generic netlist; with one the timed
 * netlist and, beside it, the store's timing model (FILE-stem.store.lib), the constraints
 * (FILE-stem.sdc) and the manifest of the netlist's configuration (FILE-stem.manifest.json, what
 * `cosim --netlist` reads). All of them are checked before the synthesis and written with the
 * other outputs after it, all or none (generator/io/).
 */
import { basename } from 'node:path';
import { OptionError } from '../generator/errors.ts';
import { type Output, jsonText } from '../generator/io/atomic-write.ts';
import { type OutputTarget, checkOutputFile } from '../generator/io/output-path.ts';
import { timedFiles } from '../synth/synth-liberty.ts';
import type { SynthDone } from './synth-run.ts';
import { netlistManifest } from './synth-report.ts';

export interface NetlistTargets {
  netlist: OutputTarget;
  /** With a Liberty file: the three files beside the timed netlist. */
  beside?: { storeLiberty: OutputTarget; sdc: OutputTarget; manifest: OutputTarget };
}

/**
 * The targets of the netlist option (`option` as its caller spells it in messages), checked: with
 * a Liberty file it must be a file name, since four files are written.
 */
export function netlistTargets(option: string, netlist: OutputTarget | undefined, liberty: boolean): NetlistTargets | undefined {
  if (!netlist) return undefined;
  if (!liberty) return { netlist };
  if (netlist.kind !== 'file') {
    throw new OptionError({ option: 'netlist', got: netlist.given, allowed: 'a file name', text: `{netlist} ${netlist.given}: with {liberty} it writes four files (FILE, FILE-stem.store.lib, FILE-stem.sdc, FILE-stem.manifest.json): give a file name` });
  }
  const files = timedFiles(netlist.given);
  return { netlist, beside: { storeLiberty: checkOutputFile(option, files.storeLiberty), sdc: checkOutputFile(option, files.sdc), manifest: checkOutputFile(option, files.manifest) } };
}

/** Every target of the netlist option, for the checks that outputs are distinct and not inputs. */
export const netlistTargetList = (t: NetlistTargets | undefined): Array<OutputTarget | undefined> => [t?.netlist, t?.beside?.storeLiberty, t?.beside?.sdc, t?.beside?.manifest];

/** What to write for the netlist option after the synthesis. */
export function netlistOutputs(t: NetlistTargets | undefined, done: SynthDone): Array<Output | undefined> {
  if (!t) return [];
  const { genericNetlist, texts, timed, kept } = done;
  return [
    genericNetlist !== undefined ? { target: t.netlist, data: genericNetlist } : undefined,
    ...(t.beside && texts ? [
      { target: t.netlist, data: texts.netlist },
      { target: t.beside.storeLiberty, data: texts.storeLiberty },
      { target: t.beside.sdc, data: texts.sdc },
      { target: t.beside.manifest, data: jsonText(netlistManifest(kept, basename(t.netlist.given), timed!)) },
    ] : []),
  ];
}
