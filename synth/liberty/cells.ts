/**
 * The cells of a Liberty library that the timing flow names explicitly: the "don't use" list
 * (cells marked `dont_use : true`, plus the sky130 list built in), the tie cells for constants,
 * a buffer for plain assignments between nets, and the driving cell and output load that ABC's
 * timing-driven mapping (buffering, sizing) and OpenSTA assume at the macro's ports.
 */
import { UsageError } from '../../generator/errors.ts';
import type { Liberty, LibertyCell } from './parse.ts';

/**
 * Cells of the SkyWater sky130 libraries that the OpenROAD flow scripts mark "don't use":
 * probe cells and every low-power (lpflow) cell; without this ABC picks lpflow clock buffers
 * with keep-alive power pins as ordinary buffers.
 */
export const SKY130_DONT_USE: RegExp[] = [/^sky130_fd_sc_\w+__probe_p_8$/, /^sky130_fd_sc_\w+__probec_p_8$/, /^sky130_fd_sc_\w+__lpflow_/];

/** Output load at every output port, in fanouts of the driving cell's input pin. */
export const OUTPUT_LOAD_FANOUT = 4;

export interface FlowCells {
  dontUse: string[];
  tieHi: { cell: string; pin: string };
  tieLo: { cell: string; pin: string };
  buffer: { cell: string; in: string; out: string };
  /** Drives every input port (ABC's -constr and OpenSTA's set_driving_cell). */
  driver: { cell: string; in: string; out: string };
  /** Load on every output port, in the library's capacitance unit and in fF (ABC's unit). */
  load: { value: number; fF: number };
}

const inputs = (c: LibertyCell) => c.pins.filter((p) => p.direction === 'input');
const outputs = (c: LibertyCell) => c.pins.filter((p) => p.direction === 'output');
const norm = (f: string | undefined) => (f ?? '').replace(/[\s()]/g, '');

function smallest(cells: LibertyCell[], what: string, lib: Liberty): LibertyCell {
  if (!cells.length) throw new UsageError(`${lib.file}:1: the library has no usable ${what}; allowed: a library with ${what}s (not marked dont_use)`);
  return cells.reduce((a, b) => (b.area < a.area || (b.area === a.area && b.name < a.name) ? b : a));
}

/** Picks the flow's cells; a library without a flip-flop, tie cells, buffer or inverter is bad input. */
export function flowCells(lib: Liberty): FlowCells {
  const sky130 = [...lib.cells.keys()].filter((n) => SKY130_DONT_USE.some((r) => r.test(n)));
  const dontUse = [...new Set([...[...lib.cells.values()].filter((c) => c.dontUse).map((c) => c.name), ...sky130])].sort();
  const usable = [...lib.cells.values()].filter((c) => !dontUse.includes(c.name) && !c.sequential);
  if (![...lib.cells.values()].some((c) => c.sequential && !dontUse.includes(c.name))) {
    throw new UsageError(`${lib.file}:1: the library has no flip-flop (a cell with an ff group); allowed: a library with a D flip-flop`);
  }
  const tie = (value: '0' | '1') => {
    const c = smallest(usable.filter((x) => inputs(x).length === 0 && outputs(x).some((p) => norm(p.function) === value)), `tie-${value === '1' ? 'high' : 'low'} cell`, lib);
    return { cell: c.name, pin: outputs(c).find((p) => norm(p.function) === value)!.name };
  };
  const oneInput = (fn: (a: string) => string[], what: string, prefer: (c: LibertyCell) => boolean = () => true) => {
    const all = usable.filter((x) => inputs(x).length === 1 && outputs(x).length === 1
      && fn(inputs(x)[0]!.name).includes(norm(outputs(x)[0]!.function)));
    const c = smallest(all.some(prefer) ? all.filter(prefer) : all, what, lib);
    return { cell: c.name, in: inputs(c)[0]!.name, out: outputs(c)[0]!.name, cap: inputs(c)[0]!.capacitance ?? 0 };
  };
  const buf = oneInput((a) => [a], 'buffer');
  // the driver: an ordinary inverter (clock-tree inverters are for clock nets), the smallest
  const notClock = (c: LibertyCell) => !/clk|clock/i.test(c.name);
  const inv = oneInput((a) => [`!${a}`, `${a}'`], 'inverter', notClock);
  const value = OUTPUT_LOAD_FANOUT * inv.cap;
  return {
    dontUse,
    tieHi: tie('1'),
    tieLo: tie('0'),
    buffer: { cell: buf.cell, in: buf.in, out: buf.out },
    driver: { cell: inv.cell, in: inv.in, out: inv.out },
    load: { value, fF: value * lib.capUnitPf * 1000 },
  };
}
