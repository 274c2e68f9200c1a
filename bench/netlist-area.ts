/**
 * A check of `synth --liberty`'s area by other means than Yosys' `stat`: counts the cell
 * instances of a netlist that `--netlist` wrote, every module of a hierarchical netlist once per
 * instance below the top (synth/netlist-area.ts), and sums the library's cell areas (cells that
 * the library does not have, the store's black boxes, are counted apart).
 *
 *   npx tsx bench/netlist-area.ts LIB NETLIST [TOP]
 *
 * TOP defaults to the module no other module instantiates.
 */
import { readFileSync } from 'node:fs';
import { readLiberty } from '../synth/liberty/parse.ts';
import { netlistArea, netlistModules } from '../synth/netlist-area.ts';

const [libFile, netlistFile, topArg] = process.argv.slice(2);
if (!libFile || !netlistFile) {
  console.error('usage: npx tsx bench/netlist-area.ts LIB NETLIST [TOP]');
  process.exit(2);
}
const lib = readLiberty(libFile);
const text = readFileSync(netlistFile, 'utf8');
const modules = netlistModules(text);
const used = new Set([...modules.values()].flatMap((types) => [...types.keys()]));
const top = topArg ?? [...modules.keys()].find((m) => !used.has(m));
if (!top) {
  console.error(`${netlistFile}: no top module`);
  process.exit(2);
}
const { area, cells, other } = netlistArea(text, lib, top);
console.log(`${top}: ${modules.size} module(s), ${cells} cells of ${lib.name}, ${area.toFixed(2)} area units; not in the library: ${[...other].map(([t, n]) => `${t} x${n}`).join(', ') || 'none'}`);
