/**
 * The standard-cell area of a written netlist counted from its text, apart from Yosys' `stat`:
 * every module's library cells, and every instance of a module of the netlist counted as often as
 * it is instantiated below the top (a lane module mapped once, instantiated 16 times, counts 16
 * times). Instances of neither (the stores' black boxes) are listed apart.
 */
import type { Liberty } from './liberty/parse.ts';

export interface NetlistArea { area: number; cells: number; byType: Map<string, number>; other: Map<string, number> }

/** `module NAME` ... `endmodule` blocks of write_verilog: each one's instance types with their counts. */
export function netlistModules(text: string): Map<string, Map<string, number>> {
  const modules = new Map<string, Map<string, number>>();
  for (const block of text.split(/^endmodule\s*$/m)) {
    const name = /^\s*module\s+(\\\S+|[\w$]+)/m.exec(block)?.[1];
    if (!name) continue;
    const types = new Map<string, number>();
    const body = block.slice(block.indexOf(';', block.search(/^\s*module\s/m)) + 1);
    // an instance line of write_verilog: `  <type> <instance> (` (escaped names end in a space)
    for (const m of body.matchAll(/^\s*(\\\S+ |[A-Za-z_][\w$]*)\s+(?:\\\S+ |[A-Za-z_][\w$]*)\s*\(/gm)) {
      const type = m[1]!.trim();
      types.set(type, (types.get(type) ?? 0) + 1);
    }
    modules.set(name, types);
  }
  return modules;
}

/** The area below `top`: library cells times their area, modules of the netlist expanded. */
export function netlistArea(text: string, lib: Liberty, top: string): NetlistArea {
  const modules = netlistModules(text);
  const byType = new Map<string, number>();
  const other = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  const visit = (name: string, times: number, path: string[]) => {
    const types = modules.get(name);
    if (!types) throw new Error(`no module ${name} in the netlist`);
    if (path.includes(name)) throw new Error(`module ${name} instantiates itself`);
    for (const [type, n] of types) {
      if (lib.cells.has(type)) add(byType, type, n * times);
      else if (modules.has(type)) visit(type, n * times, [...path, name]);
      else add(other, type, n * times);
    }
  };
  visit(top, 1, []);
  let area = 0;
  let cells = 0;
  for (const [type, n] of byType) {
    area += n * lib.cells.get(type)!.area;
    cells += n;
  }
  return { area, cells, byType, other };
}
