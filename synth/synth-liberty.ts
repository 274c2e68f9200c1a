/**
 * `synth --liberty`: maps a design to a standard-cell library with Yosys (in-process,
 * generator/rtl/yosys-script.ts libertyScript) and times it with OpenSTA (synth/sta.ts). The
 * vector store stays a black box (an SRAM macro) with a Liberty timing model of our own
 * (synth/liberty/store-model.ts). Reports the logic area, the critical path with its end
 * points, fmax, the worst slack at the clock period and the worst delay into each stage.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolError } from '../generator/errors.ts';
import { type FlowCells, OUTPUT_LOAD_FANOUT, flowCells } from './liberty/cells.ts';
import type { Liberty } from './liberty/parse.ts';
import { STORE_MODULE, type StoreGeometry, storeLiberty, storeModuleName, storePorts } from './liberty/store-model.ts';
import { abcLibertyScript, libertyScript } from '../generator/rtl/yosys-script.ts';
import { type StaReport, staConstraints, timeNetlist } from './sta.ts';
import { tieOperatorPorts } from './tied-ports.ts';
import { KEPT_OPERATORS } from '../generator/rtl/operators.ts';
import { SynthCheckError, type Tree, problemsOf, statOf, text, yosys } from './synth.ts';

export interface TimedDesign {
  /** Verilog sources in compile order. */
  sources: Array<{ file: string; text: string }>;
  top: string;
  /** `-chparam ...` for the top (an operator alone). */
  chparams?: string;
  /** Input ports of the top (driven by the driving cell, input delay 0); `clk` (or `aclk`) is the clock. */
  inputs: string[];
}

export interface LibertyReport {
  /** The library group's name, and the file. */
  liberty: string;
  libertyFile: string;
  /** Standard-cell area (logic and flip-flops; the store is a black box, not included). */
  areaUm2: number;
  cells: number;
  flipFlops: number;
  /** Of areaUm2, the flip-flops' share. */
  flipFlopAreaUm2: number;
  byType: Record<string, number>;
  criticalPathNs: number;
  fmaxMhz: number;
  clockPeriodNs: number;
  wnsNs: number;
  criticalPath: { from: string; to: string };
  stages: StaReport['stages'];
  /** The flow's cells: dont-use list, tie cells, buffer, driving cell, output load. */
  flowCells: FlowCells;
  /** The black-box store modules (one per geometry) and their ports. */
  stores: StoreGeometry[];
  /**
   * Module patterns kept as modules through ABC and flattened after it (`synth --keep-operators`);
   * empty when the whole design was flattened first.
   */
  keptModules: string[];
  /**
   * The netlist keeps the design's hierarchy (the default of `synth --liberty`): each distinct
   * module mapped once, its area counted once per instance, OpenSTA timing through the module
   * ports. False: one flat module (`--flat`, `--keep-operators`).
   */
  hierarchical: boolean;
  sta: string;
  seconds: { yosys: number; sta: number };
}

/** The three ways `synth --liberty` maps a design (docs/synthesis.md): the default, `--flat`, `--keep-operators`. */
export type MappingFlow = 'hierarchical' | 'flat' | 'kept';

/** The flow a report's netlist was mapped with (a report kept before `hierarchical` existed is flat or kept). */
export function mappingFlow(t: Partial<Pick<LibertyReport, 'hierarchical' | 'keptModules'>> | undefined): MappingFlow {
  if (t?.hierarchical) return 'hierarchical';
  return t?.keptModules?.length ? 'kept' : 'flat';
}

/**
 * ABC's delay target as a fraction of the clock period: its own delay model sees neither the
 * flip-flops' setup and clock-to-output times nor OpenSTA's slews and loads, and relaxes every
 * path shorter than the target; a target below the period leaves OpenSTA that margin.
 */
export const ABC_DELAY_FRACTION = 0.8;

export interface TimedFiles { netlist: string; storeLiberty: string; sdc: string; manifest: string }
/** What mapping gives for `--netlist` with --liberty: the timed netlist, the store's timing model, the constraints. */
export type TimedTexts = Omit<TimedFiles, 'manifest'>;

/**
 * For `--netlist out/top.v`: out/top.store.lib, out/top.sdc and out/top.manifest.json (the
 * design's manifest with the registers the netlist has: what `cosim --netlist` reads) beside it.
 */
export function timedFiles(netlist: string): TimedFiles {
  const stem = netlist.replace(/\.v$/, '');
  return { netlist, storeLiberty: `${stem}.store.lib`, sdc: `${stem}.sdc`, manifest: `${stem}.manifest.json` };
}

/** Parameters of an instance header `#( .NAME(32'sb...) , ... )` as numbers. */
function instanceParams(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/\.(\w+)\(\s*(?:(\d+)'s?([bdh]))?([0-9a-fA-F_]+)\s*\)/g)) {
    const radix = m[3] === 'b' ? 2 : m[3] === 'h' ? 16 : 10;
    out[m[1]!] = parseInt(m[4]!.replace(/_/g, ''), radix);
  }
  return out;
}

/**
 * Black-box instances of the store in a written netlist -> one module per geometry, without
 * parameters (OpenSTA 2019 rejects parameters on a black-box instance).
 */
export function renameStores(netlist: string, storeSources: Map<string, string>): { netlist: string; stores: StoreGeometry[] } {
  const stores = new Map<string, StoreGeometry>();
  // (an escaped instance name such as `\slots.slot[0].store ` ends in a space of its own)
  const out = netlist.replace(/^(\s*)(\w+) #\(([\s\S]*?)\)\s*(\S+ ?) \(/gm, (all, indent: string, module: string, params: string, inst: string) => {
    const source = storeSources.get(module);
    if (!source) return all;
    const p = instanceParams(params);
    const name = storeModuleName(module, p);
    if (!stores.has(name)) stores.set(name, { module: name, ports: storePorts(source, p) });
    return `${indent}${name} ${inst} (`;
  });
  return { netlist: out, stores: [...stores.values()] };
}

/**
 * Plain names for the derived modules of a hierarchical netlist: Yosys names a module elaborated
 * with parameters `$paramod$<hash>\<module>` (or `$paramod\<module>\<PARAM>=<value>`), an escaped
 * identifier; each becomes `<module>_<k>` (k = 1, 2, ... per module, in the netlist's order), which
 * every tool reads and a report can print.
 */
export function plainModuleNames(netlist: string): string {
  const taken = new Set([...netlist.matchAll(/^\s*module\s+([A-Za-z_][\w$]*)/gm)].map((m) => m[1]!));
  const names = new Map<string, string>();
  const count = new Map<string, number>();
  for (const m of netlist.matchAll(/^\s*module\s+\\(\S+)/gm)) {
    const base = m[1]!.split('\\').find((p, i) => i > 0 && /^[A-Za-z_]\w*$/.test(p)) ?? 'module';
    let name: string;
    do {
      const k = (count.get(base) ?? 0) + 1;
      count.set(base, k);
      name = `${base}_${k}`;
    } while (taken.has(name));
    taken.add(name);
    names.set(`\\${m[1]!} `, `${name} `);
  }
  if (!names.size) return netlist;
  // an escaped identifier ends at white space: the module lines and the instance lines
  return netlist.replace(/\\\$paramod\S* /g, (id) => names.get(id) ?? id);
}

/** The operator modules (KEPT_OPERATORS) the sources define, under whatever prefix. */
function operatorModules(sources: TimedDesign['sources']): string[] {
  const ending = new RegExp(`_(?:${KEPT_OPERATORS.join('|')})$`);
  return sources.flatMap((s) => [...s.text.matchAll(/^\s*module\s+(\w+)/gm)].map((m) => m[1]!)).filter((m) => ending.test(m));
}

/**
 * Maps and times `design` in `lib` at `periodNs`. With `texts` the report also carries the
 * timed netlist, the store model and the constraints (the caller writes them: all outputs are
 * checked first and written all or none, generator/io/). Throws SynthCheckError on a failed check,
 * ToolError when Yosys or OpenSTA fails.
 */
export async function mapAndTime(design: TimedDesign, lib: Liberty, periodNs: number, opts: { texts?: boolean; split?: boolean; keepModules?: string[]; hierarchical?: boolean; hierModules?: string[] } = {}): Promise<LibertyReport & { texts?: TimedTexts }> {
  const cells = flowCells(lib);
  const t0 = process.hrtime.bigint();
  const storeSources = new Map<string, string>();
  for (const s of design.sources) {
    const m = /^\s*module\s+(\w+)/m.exec(s.text);
    if (m && STORE_MODULE.test(m[1]!)) storeSources.set(m[1]!, s.text);
  }
  const delayPs = periodNs * 1000 * ABC_DELAY_FRACTION;
  const hierarchical = opts.hierarchical === true && !opts.keepModules?.length;
  // ABC maps each module with the constraints' load on every output port. Hierarchical, most
  // ports are module ports inside the design, each driving one pin of its user (a register, a
  // multiplexer): the output load of one fanout there, not the four of the top's outputs (on
  // bf16 l2 d 64, 4 lanes, 10 ns in sky130: 380,733 against 381,131 um^2, a small effect). The
  // top's outputs are few; OpenSTA times them with the full load.
  const loadFF = hierarchical ? cells.load.fF / OUTPUT_LOAD_FANOUT : cells.load.fF;
  // The flow's own files: both Yosys runs read them (the design's sources only the first).
  const flowFiles: Tree = {
    'cells.lib': lib.text, 'abc.constr': `set_driving_cell ${cells.driver.cell}\nset_load ${loadFF.toPrecision(4)}\n`, 'abc.script': abcLibertyScript(delayPs),
  };
  // hierarchical: operators with tied ports specialised (synth/tied-ports.ts), so that the
  // constants propagate inside the modules mapped once
  const sources = hierarchical ? tieOperatorPorts(design.sources, operatorModules(design.sources)) : design.sources;
  const tree: Tree = { ...flowFiles };
  for (const s of sources) tree[s.file] = s.text;
  const script = [
    ...sources.map((s) => (storeSources.has(/^\s*module\s+(\w+)/m.exec(s.text)?.[1] ?? '') ? `read_verilog -lib ${s.file}` : `read_verilog -defer ${s.file}`)),
    ...libertyScript(design.top, {
      liberty: 'cells.lib', constr: 'abc.constr', abcScript: 'abc.script', delayPs, chparams: design.chparams,
      keepModules: opts.keepModules, hierarchical: opts.hierarchical, hierModules: opts.hierModules, dontUse: cells.dontUse, tieHi: cells.tieHi, tieLo: cells.tieLo, buffer: cells.buffer,
    }),
  ].filter((l) => !l.startsWith('#'));
  // With `split`: two Yosys runs, split before ABC and joined by an RTLIL file (lossless): the heap
  // of the coarse steps is not returned, and a 16-lane RMSNorm or LayerNorm at 10 ns passed 2 GiB in
  // one run (then a fault of the package's glue, synth/yosys-module.ts; the 32-bit WebAssembly memory
  // still ends at 4 GiB); the second run starts afresh.
  // Small designs (an operator alone, a macro of few lanes: `split` false) take one run.
  const split = opts.split ? script.findIndex((l) => l.startsWith('abc ')) : -1;
  const phases = split < 0 ? [script] : [[...script.slice(0, split), 'write_rtlil stage1.il'], ['read_rtlil stage1.il', ...script.slice(split)]];
  let files: Tree = {};
  for (const [k, phase] of phases.entries()) {
    const input: Tree = k === 0 ? tree : { ...flowFiles, 'stage1.il': files['stage1.il']! };
    const run = await yosys(['-q', '-l', 'yosys.log', '-p', phase.join('; ')], input);
    files = run.files;
    if (run.failed) {
      const problems = problemsOf(text(files, 'yosys.log') ?? '');
      if (/check -assert|Assertion failed|Found \d+ problems/.test(problems.join('\n'))) throw new SynthCheckError(problems);
      throw new ToolError(`yosys failed:\n${problems.join('\n')}`);
    }
  }
  const t1 = process.hrtime.bigint();
  const written = text(files, 'netlist.v') ?? '';
  const { netlist, stores } = renameStores(opts.hierarchical ? plainModuleNames(written) : written, storeSources);
  if (/^\s*assign\s/m.test(netlist)) throw new ToolError('the mapped netlist still has an assign statement (OpenSTA 2019 cannot read it)');
  const stat = statOf(text(files, 'stat-lib.json') ?? '{}');
  const byType = Object.fromEntries(Object.entries(stat.num_cells_by_type).filter(([t]) => !storeSources.has(t)));
  const storeLib = storeLiberty(lib, stores);
  const sdc = staConstraints(periodNs, cells, design.inputs);
  const dir = mkdtempSync(join(tmpdir(), 'iterl2norm-sta-'));
  let sta: StaReport;
  try {
    writeFileSync(join(dir, 'cells.lib'), lib.text);
    writeFileSync(join(dir, 'store.lib'), storeLib);
    writeFileSync(join(dir, 'netlist.v'), netlist);
    writeFileSync(join(dir, 'constraints.sdc'), sdc);
    sta = timeNetlist({ liberty: 'cells.lib', storeLiberty: 'store.lib', netlist: 'netlist.v', sdc: 'constraints.sdc', top: design.top }, periodNs, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const seq = Object.entries(byType).filter(([t]) => lib.cells.get(t)?.sequential);
  const flipFlops = seq.reduce((a, [, n]) => a + n, 0);
  const flipFlopAreaUm2 = Number(seq.reduce((a, [t, n]) => a + n * lib.cells.get(t)!.area, 0).toFixed(2));
  return {
    liberty: lib.name,
    libertyFile: lib.file,
    areaUm2: Number(Number(stat.area ?? 0).toFixed(2)),
    cells: Object.values(byType).reduce((a, b) => a + b, 0),
    flipFlops,
    flipFlopAreaUm2,
    byType,
    criticalPathNs: sta.criticalPathNs,
    fmaxMhz: Number((1000 / sta.criticalPathNs).toFixed(2)),
    clockPeriodNs: periodNs,
    wnsNs: sta.wnsNs,
    criticalPath: sta.criticalPath,
    stages: sta.stages,
    flowCells: cells,
    stores,
    keptModules: opts.keepModules ?? [],
    hierarchical,
    sta: sta.version,
    seconds: { yosys: Number(t1 - t0) / 1e9, sta: Number(process.hrtime.bigint() - t1) / 1e9 },
    ...(opts.texts ? { texts: { netlist, storeLiberty: storeLib, sdc } } : {}),
  };
}
