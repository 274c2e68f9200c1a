/**
 * The report of `synth`: the object `synth --json` writes (and the library's `synth` returns),
 * the table's rows for timing, area and power, and the manifest written beside a timed netlist.
 */
import { type MacroConfig } from '../generator/config.ts';
import { buildManifest } from '../generator/rtl/generate.ts';
import type { OperatorLatency } from '../generator/rtl/depth-model.ts';
import type { OperatorTiming } from '../synth/characterise.ts';
import type { ClosureRun } from '../synth/closure.ts';
import { type MemoryModel, memoryAreaUm2 } from '../synth/liberty/memory-area.ts';
import { type LibertyReport, type MappingFlow, mappingFlow } from '../synth/synth-liberty.ts';
import type { SynthReport } from '../synth/synth.ts';
import type { PowerReport } from './power.ts';

/** Standard cells plus memory: the memory from its bits and the library's model (synth/liberty/memory-area.ts). */
export interface AreaTotals { memoryAreaUm2: number; totalAreaUm2: number; memoryModel: MemoryModel & { bits: number } }

/** The fields the standard-cell flow adds to the generic report. */
export interface TimedFields extends Partial<AreaTotals> {
  longestPathGates: number;
  liberty: string;
  areaUm2: number;
  criticalPathNs: number;
  fmaxMhz: number;
  clockPeriodNs: number;
  wnsNs: number;
  criticalPath: LibertyReport['criticalPath'];
  /** The latency in ns at the clock the design runs at: max(clock period, critical path). */
  latencyNs: number;
  timing: Omit<LibertyReport, 'liberty' | 'areaUm2' | 'criticalPathNs' | 'fmaxMhz' | 'clockPeriodNs' | 'wnsNs' | 'criticalPath'>;
}

/** The registers chosen for the clock and the closure runs (timing-driven pipelining). */
export interface TimingDrivenRecord {
  uses: OperatorTiming[];
  /** The registers of the netlist kept, and those first chosen from the operators' delays. */
  pipeline: OperatorLatency;
  chosen: OperatorLatency;
  runs: ClosureRun[];
}

/** What `synth --json` writes: the generic report, with a Liberty file its timing and area, power, the timing-driven choice. */
export type SynthJson = Omit<SynthReport, 'netlist' | 'sources'> & Partial<TimedFields> & { power?: PowerReport; timingDriven?: TimingDrivenRecord };

export function areaTotals(cellsUm2: number, memoryBits: number, model: MemoryModel): AreaTotals {
  const memory = memoryAreaUm2(memoryBits, model);
  return { memoryAreaUm2: memory, totalAreaUm2: Number((cellsUm2 + memory).toFixed(2)), memoryModel: { ...model, bits: memoryBits } };
}

/** How each flow is named in the text report. */
const FLOW_TEXT: Record<MappingFlow, (t: LibertyReport) => string> = {
  hierarchical: () => 'hierarchical: each distinct module mapped once, timed through the hierarchy',
  kept: (t) => `kept as modules through ABC: ${t.keptModules.join(', ')}`,
  flat: () => 'flattened before ABC',
};

/** The JSON report: the generic figures, and with a Liberty file the contract's timing and area fields. */
export function reportJson(generic: Omit<SynthReport, 'netlist' | 'sources'>, timed?: LibertyReport, area?: AreaTotals): SynthJson {
  if (!timed) return { ...generic };
  const { liberty, areaUm2, criticalPathNs, fmaxMhz, clockPeriodNs, wnsNs, criticalPath, ...rest } = timed;
  return {
    ...generic,
    longestPathGates: generic.longestPath.gates,
    liberty, areaUm2, ...(area ?? {}), criticalPathNs, fmaxMhz, clockPeriodNs, wnsNs, criticalPath,
    latencyNs: Number((generic.latency.cycles * Math.max(clockPeriodNs, criticalPathNs)).toFixed(3)),
    timing: rest,
  };
}

export function powerRows(p: PowerReport): Array<[string, string]> {
  const f = (x: number) => x.toPrecision(4);
  return [
    [`power at ${p.clockMhz} MHz`, `${f(p.totalMw)} mW (internal ${f(p.internalMw)}, switching ${f(p.switchingMw)}, leakage ${f(p.leakageMw)}): ${f(p.pjPerVector)} pJ a vector, ${f(p.pjPerElement)} pJ an element; memory macro not included`],
    ['  activity', `${p.vectors} vectors, ${p.cycles} cycles of gate-level simulation: mean ${p.meanActivity} transitions per cycle on ${p.pinsAnnotated.toLocaleString('en-US')} cell outputs`],
    ['  vectorless (OpenSTA)', `${f(p.vectorless.totalMw)} mW (internal ${f(p.vectorless.internalMw)}, switching ${f(p.vectorless.switchingMw)}, leakage ${f(p.vectorless.leakageMw)}) with every pin at ${p.vectorless.activity} per cycle`],
  ];
}

export function timingRows(t: LibertyReport, latencyCycles: number, area?: AreaTotals): Array<[string, string]> {
  const clockNs = Math.max(t.clockPeriodNs, t.criticalPathNs);
  const um2 = (x: number) => x.toLocaleString('en-US');
  return [
    [`area (${t.liberty})`, `${um2(t.areaUm2)} um^2 of standard cells (${t.cells.toLocaleString('en-US')} cells, ${t.flipFlops.toLocaleString('en-US')} flip-flops; store not included)`],
    ...(area ? [
      ['memory area', `${um2(area.memoryAreaUm2)} um^2 (${um2(area.memoryModel.bits)} bits x ${area.memoryModel.um2PerBit.toFixed(4)} um^2/bit: ${area.memoryModel.source})`],
      ['total area', `${um2(area.totalAreaUm2)} um^2 (standard cells and memory)`],
    ] as Array<[string, string]> : []),
    ['critical path (OpenSTA)', `${t.criticalPathNs} ns, fmax ${t.fmaxMhz} MHz (${t.criticalPath.from} -> ${t.criticalPath.to})`],
    [`clock period ${t.clockPeriodNs} ns`, `worst slack ${t.wnsNs} ns: ${t.wnsNs >= 0 ? 'met' : 'VIOLATED'}`],
    ...t.stages.map((s): [string, string] => [`  stage: ${s.stage}`, `${s.delayNs} ns (worst end point ${s.to}, ${s.endpoints} end points)`]),
    ['latency', `${latencyCycles} cycles = ${(latencyCycles * clockNs).toFixed(1)} ns at ${clockNs} ns`],
    ['timing flow', `Yosys ${t.seconds.yosys.toFixed(1)} s, OpenSTA ${t.sta} ${t.seconds.sta.toFixed(1)} s; store: ${t.stores.map((s) => s.module).join(', ')} (black box); ${FLOW_TEXT[mappingFlow(t)](t)}`],
  ];
}

/**
 * The manifest written beside a timed netlist: the design's manifest (the configuration with the
 * operator registers the netlist has) and how it was mapped. `cosim --netlist` reads it.
 */
export function netlistManifest(cfg: MacroConfig, netlistFile: string, t: LibertyReport): Record<string, unknown> {
  return {
    ...buildManifest(cfg, [netlistFile]),
    netlist: {
      file: netlistFile, liberty: t.liberty, libertyFile: t.libertyFile, clockPeriodNs: t.clockPeriodNs,
      stores: t.stores.map((s) => s.module), hierarchical: t.hierarchical,
      definition: 'the gate-level netlist synth --liberty wrote: standard cells of the library, the stores as black boxes named <store module>_<WIDTH>x<DEPTH>',
    },
  };
}
