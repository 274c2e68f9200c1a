/**
 * `cosim --netlist NET.v --liberty LIB`: the gate-level design of a netlist `synth --liberty
 * --netlist` wrote. The configuration comes from the manifest written beside the netlist
 * (NET-stem.manifest.json, timing-driven registers included), so a configuration option typed
 * with --netlist is refused rather than compared. The netlist, cell models and store modules come
 * from synth/gate-level.ts; sim/cosim.ts simulates them with the RTL's bench and checks.
 */
import { readFileSync } from 'node:fs';
import { type MacroConfig, topModuleName } from '../generator/config.ts';
import { UsageError } from '../generator/errors.ts';
import { configFromRecord } from '../generator/rtl/manifest-config.ts';
import { CONFIG_FLAGS } from './design-option.ts';
import { type GateLevelSources, gateLevelSources } from '../synth/gate-level.ts';
import { type Liberty, readLiberty } from '../synth/liberty/parse.ts';
import { timedFiles } from '../synth/synth-liberty.ts';

/** The configuration options (configOptions in main.ts): none may be typed with --netlist. */

export interface NetlistDesign {
  cfg: MacroConfig;
  lib: Liberty;
  netlistFile: string;
  manifestFile: string;
  /** The manifest as written (its `netlist` record names the library and the clock). */
  manifest: Record<string, unknown>;
  gate: GateLevelSources;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${what}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Reads and checks a netlist, its manifest and the library; everything before any simulation. */
export function netlistDesign(netlistArg: unknown, libertyArg: unknown, typed: ReadonlySet<string>): NetlistDesign {
  if (typeof netlistArg !== 'string' || !netlistArg) throw new UsageError('--netlist needs a file name');
  if (libertyArg === undefined) throw new UsageError('--netlist needs --liberty LIB: the library the netlist was mapped to (its cell functions are the simulation models)');
  if (typeof libertyArg !== 'string' || !libertyArg) throw new UsageError('--liberty needs a file name');
  const given = CONFIG_FLAGS.filter((f) => typed.has(f));
  const manifestFile = timedFiles(netlistArg).manifest;
  if (given.length) throw new UsageError(`--${given[0]}: with --netlist the configuration comes from ${manifestFile} (written by synth --netlist); remove the configuration options`);
  const manifestText = readText(manifestFile, '--netlist (its manifest, written beside it by synth --liberty --netlist)');
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(manifestText) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`${manifestFile}: not JSON (${(e as Error).message})`);
  }
  if (typeof manifest.config !== 'object' || manifest.config === null) throw new UsageError(`${manifestFile}: not a manifest of this generator (no config)`);
  const cfg = configFromRecord(manifest.config as Record<string, unknown>, manifestFile);
  const top = topModuleName(cfg);
  if (manifest.top !== top) throw new UsageError(`${manifestFile}: top ${JSON.stringify(manifest.top)} does not match its configuration (${top})`);
  const lib = readLiberty(libertyArg);
  const mapped = (manifest.netlist as { liberty?: unknown } | undefined)?.liberty;
  if (mapped !== undefined && mapped !== lib.name) throw new UsageError(`--liberty ${libertyArg}: library ${lib.name}, but ${netlistArg} was mapped to ${String(mapped)}; give that library`);
  const netlist = readText(netlistArg, '--netlist');
  return { cfg, lib, netlistFile: netlistArg, manifestFile, manifest, gate: gateLevelSources(netlist, netlistArg, lib, cfg, top) };
}
