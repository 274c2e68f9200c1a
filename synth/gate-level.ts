/**
 * The sources of a gate-level simulation of a netlist `synth --liberty --netlist` wrote: the
 * netlist, models of the library cells it uses (liberty/cell-models.ts), and the stores (black
 * boxes named `<store module>_<WIDTH>x<DEPTH>`, synth-liberty.ts renameStores) as the design's
 * behavioural store module behind a wrapper of that name. The simulation itself is sim/'s
 * (cli/ joins them): this module only writes Verilog text.
 */
import type { MacroConfig } from '../generator/config.ts';
import { UsageError } from '../generator/errors.ts';
import { renderDesign } from '../generator/rtl/generate.ts';
import { cellModels } from './liberty/cell-models.ts';
import type { Liberty } from './liberty/parse.ts';
import { STORE_MODULE, storePorts } from './liberty/store-model.ts';

export interface GateLevelSources {
  top: string;
  /** Verilog sources in compile order: cell models, store modules and wrappers, the netlist. */
  sources: Array<{ file: string; text: string }>;
  /** Library cells the netlist uses. */
  cells: string[];
  /** Store wrappers (one per geometry). */
  stores: string[];
  /** Output pins of every module the netlist instantiates (cells and stores). */
  outputs: Map<string, string[]>;
  /** The modules the netlist defines (the top, and below it those of a hierarchical netlist). */
  modules: string[];
}

const STORE_INSTANCE = /^(\w+_vector_store)_(\d+)x(\d+)$/;

/** Module names a Verilog text defines. */
const definedModules = (text: string) => [...text.matchAll(/^\s*module\s+(\\\S+|[\w$]+)/gm)].map((m) => m[1]!);

/** `TYPE NAME (` lines: the instantiated module types. */
const instanceTypes = (text: string) => new Set([...text.matchAll(/^\s*([A-Za-z_][\w$]*)\s+(?:\\\S+ |[A-Za-z_][\w$]*)\s*\(/gm)].map((m) => m[1]!).filter((t) => t !== 'module'));

/**
 * Checks the netlist against the configuration and the library, and assembles the sources.
 * Bad input (UsageError): the top module missing, an instance neither a library cell nor a store,
 * a used cell without a function.
 */
export function gateLevelSources(netlist: string, netlistFile: string, lib: Liberty, cfg: MacroConfig, top: string): GateLevelSources {
  const modules = definedModules(netlist);
  if (!modules.includes(top)) {
    throw new UsageError(`${netlistFile}: no module ${top} (the manifest's top); the netlist defines ${modules.length ? modules.slice(0, 5).join(', ') : 'no module'}`);
  }
  const storeRtl = renderDesign(cfg).find((s) => STORE_MODULE.test(definedModules(s.text)[0] ?? ''));
  if (!storeRtl) throw new Error('the design has no store module');
  const storeModule = definedModules(storeRtl.text)[0]!;
  const stores: string[] = [];
  for (const t of instanceTypes(netlist)) {
    if (lib.cells.has(t) || modules.includes(t)) continue;
    const m = STORE_INSTANCE.exec(t);
    if (m && m[1] === storeModule) { stores.push(t); continue; }
    throw new UsageError(`${netlistFile}: instance of ${t}, neither a cell of ${lib.name} (${lib.file}) nor a store of ${top}; allowed: the netlist synth --liberty wrote with this library`);
  }
  stores.sort();
  const models = cellModels(netlist, lib);
  const outputs = new Map(models.cells.map((c) => [c, lib.cells.get(c)!.pins.filter((p) => p.direction === 'output').map((p) => p.name)]));
  const wrappers = stores.map((name) => {
    const [, , width, depth] = STORE_INSTANCE.exec(name)!;
    // every store of the design (slots, the ring of beats, the parameter store, the AXI4-Stream
    // packet buffer) is instantiated with AW = the bits of its largest address, DEPTH - 1
    const params = { WIDTH: Number(width), DEPTH: Number(depth), AW: Math.max(1, Math.ceil(Math.log2(Number(depth)))) };
    const ports = storePorts(storeRtl.text, params);
    outputs.set(name, ports.filter((p) => p.direction === 'output').map((p) => p.name));
    return [
      `module ${name} (${ports.map((p) => p.name).join(', ')});`,
      ...ports.map((p) => `  ${p.direction} ${p.width > 1 ? `[${p.width - 1}:0] ` : ''}${p.name};`),
      `  ${storeModule} #(.WIDTH(${params.WIDTH}), .DEPTH(${params.DEPTH}), .AW(${params.AW})) store (${ports.map((p) => `.${p.name}(${p.name})`).join(', ')});`,
      'endmodule',
    ].join('\n');
  });
  return {
    top,
    sources: [
      { file: 'cell_models.v', text: models.text },
      { file: storeRtl.file, text: storeRtl.text },
      { file: 'store_wrappers.v', text: `\`default_nettype wire\n${wrappers.join('\n\n')}\n` },
      { file: 'netlist.v', text: `\`default_nettype wire\n${netlist}` },
    ],
    cells: models.cells,
    stores,
    outputs,
    modules,
  };
}
