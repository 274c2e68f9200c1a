/**
 * A check of `synth --liberty`'s area by other means than Yosys' `stat`: counts the cell
 * instances of a netlist that `--netlist` wrote and sums the library's cell areas (cells that the
 * library does not have, the store's black boxes, are counted apart).
 *
 *   npx tsx bench/netlist-area.ts LIB NETLIST
 */
import { readFileSync } from 'node:fs';
import { readLiberty } from '../synth/liberty/parse.ts';

const [libFile, netlistFile] = process.argv.slice(2);
if (!libFile || !netlistFile) {
  console.error('usage: npx tsx bench/netlist-area.ts LIB NETLIST');
  process.exit(2);
}
const lib = readLiberty(libFile);
const counts = new Map<string, number>();
// an instance line of write_verilog: `  <cell> <instance> (` (escaped instance names end in a space)
for (const m of readFileSync(netlistFile, 'utf8').matchAll(/^\s*(\w+)\s+(?:\\\S+ |\w+)\s*\(/gm)) {
  if (m[1] === 'module') continue;
  counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
}
let area = 0;
let cells = 0;
const other: string[] = [];
for (const [type, n] of counts) {
  const cell = lib.cells.get(type);
  if (cell) {
    area += n * cell.area;
    cells += n;
  } else other.push(`${type} x${n}`);
}
console.log(`${cells} cells of ${lib.name}, ${area.toFixed(2)} area units; not in the library: ${other.join(', ') || 'none'}`);
