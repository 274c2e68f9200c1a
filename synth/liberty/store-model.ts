/**
 * The vector store as a black box for static timing: its ports (read from the store module's
 * Verilog header, widths from the instance's parameters), one netlist module name per geometry
 * (OpenSTA 2019 takes no parameters on a black-box instance), and a Liberty timing model of it.
 *
 * The model is an ASSUMPTION standing for an SRAM macro, not a characterised one: every input
 * has a setup and a hold time to the rising edge of the clock, the read data a clock-to-output
 * delay (the read port is registered). STORE_TIMING gives the figures; replace the model by
 * your SRAM compiler's Liberty for sign-off. The model's area is 0: the memory's area is
 * estimated from its bits (memory-area.ts) and reported apart from the standard cells.
 */
import type { Liberty } from './parse.ts';

/** Assumed timing of the store macro, in ns and pF (converted to the cell library's units). */
export const STORE_TIMING = {
  /** Setup of every input (address, data, enables) before the rising clock edge. */
  setupNs: 0.3,
  /** Hold of every input after the rising clock edge. */
  holdNs: 0.05,
  /** Clock-to-output delay of the registered read data. */
  clockToOutputNs: 1.5,
  /** Transition time of the read data outputs. */
  outputTransitionNs: 0.15,
  /** Input pin capacitance. */
  inputCapPf: 0.005,
} as const;

/** Modules the flow keeps as black boxes (SRAM macros): the vector store. */
export const STORE_MODULE = /_vector_store$/;

export interface StorePort { name: string; direction: 'input' | 'output'; width: number; clock: boolean }
export interface StoreGeometry { module: string; ports: StorePort[] }

/** Ports of a store module from its Verilog (ANSI header), widths as `[PARAM-1:0]` or plain. */
export function storePorts(verilog: string, params: Record<string, number>): StorePort[] {
  const header = /module\s+\w+\s*#?\s*\([\s\S]*?\)\s*\(([\s\S]*?)\);/.exec(verilog)?.[1] ?? '';
  const out: StorePort[] = [];
  for (const m of header.matchAll(/(input|output)\s+(?:wire|reg)?\s*(?:\[\s*(\w+)\s*(?:-\s*1)?\s*:\s*0\s*\])?\s*(\w+)/g)) {
    const [, dir, range, name] = m;
    let width = 1;
    if (range !== undefined) width = /^\d+$/.test(range) ? Number(range) + 1 : (params[range] ?? NaN);
    if (!Number.isInteger(width)) throw new Error(`store port ${name}: width ${range} is not a parameter of the instance`);
    out.push({ name: name!, direction: dir as 'input' | 'output', width, clock: /^clk$|clock/.test(name!) });
  }
  return out;
}

/** Module name for one geometry: the store's name, then width x depth. */
export const storeModuleName = (module: string, params: Record<string, number>) => `${module}_${params.WIDTH}x${params.DEPTH}`;

const num = (x: number) => Number(x.toPrecision(6)).toString();

/** Liberty text of the black-box cells, in the units of `lib` (the cell library they are timed with). */
export function storeLiberty(lib: Liberty, cells: StoreGeometry[]): string {
  const t = (ns: number) => num(ns / lib.timeUnitNs);
  const cap = num(STORE_TIMING.inputCapPf / lib.capUnitPf);
  const widths = [...new Set(cells.flatMap((c) => c.ports.filter((p) => p.width > 1).map((p) => p.width)))].sort((a, b) => a - b);
  const constraint = (type: string, ns: number) => `      timing () { related_pin : "${clockOf(cells[0]!)}"; timing_type : ${type};
        rise_constraint (scalar) { values ("${t(ns)}"); } fall_constraint (scalar) { values ("${t(ns)}"); } }`;
  const pinBody = (c: StoreGeometry, p: StorePort) => {
    if (p.clock) return `direction : input; clock : true; capacitance : ${cap};`;
    if (p.direction === 'input') {
      return `direction : input; capacitance : ${cap};\n${constraint('setup_rising', STORE_TIMING.setupNs)}\n${constraint('hold_rising', STORE_TIMING.holdNs)}`;
    }
    return `direction : output;
      timing () { related_pin : "${clockOf(c)}"; timing_type : rising_edge;
        cell_rise (scalar) { values ("${t(STORE_TIMING.clockToOutputNs)}"); } cell_fall (scalar) { values ("${t(STORE_TIMING.clockToOutputNs)}"); }
        rise_transition (scalar) { values ("${t(STORE_TIMING.outputTransitionNs)}"); } fall_transition (scalar) { values ("${t(STORE_TIMING.outputTransitionNs)}"); } }`;
  };
  const cellText = (c: StoreGeometry) => `  cell (${c.module}) {
    area : 0;
    dont_touch : true;
    dont_use : true;
    interface_timing : true;
${c.ports.map((p) => `    ${p.width > 1 ? `bus (${p.name}) { bus_type : bus${p.width}; ` : `pin (${p.name}) { `}${pinBody(c, p)} }`).join('\n')}
  }`;
  const [capValue, capUnit] = lib.units.capacitance;
  return `/* Timing model of the vector store (an SRAM macro, kept as a black box), written by iterl2norm
   for timing with ${lib.name}. Assumed, not characterised: setup ${STORE_TIMING.setupNs} ns, hold ${STORE_TIMING.holdNs} ns
   on every input, clock-to-output ${STORE_TIMING.clockToOutputNs} ns on the read data; area not modelled. */
library (iterl2norm_store) {
  delay_model : table_lookup;
  time_unit : "${lib.units.time}";
  voltage_unit : "${lib.units.voltage}";
  current_unit : "${lib.units.current}";
  capacitive_load_unit (${capValue}, ${capUnit});
  input_threshold_pct_rise : 50;
  input_threshold_pct_fall : 50;
  output_threshold_pct_rise : 50;
  output_threshold_pct_fall : 50;
  slew_lower_threshold_pct_rise : 20;
  slew_lower_threshold_pct_fall : 20;
  slew_upper_threshold_pct_rise : 80;
  slew_upper_threshold_pct_fall : 80;
${widths.map((w) => `  type (bus${w}) { base_type : array; data_type : bit; bit_width : ${w}; bit_from : ${w - 1}; bit_to : 0; downto : true; }`).join('\n')}
${cells.map(cellText).join('\n')}
}
`;
}

function clockOf(c: StoreGeometry): string {
  const clk = c.ports.find((p) => p.clock);
  if (!clk) throw new Error(`${c.module}: no clock port`);
  return clk.name;
}
