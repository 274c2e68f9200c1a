/**
 * Benchmark (on demand): the exhaustive slot search (generator/slot-search.ts) for --d-max
 * LayerNorm configurations too large for the test suite (l2 and rms keep a ring of beats, whose
 * search is generator/ring-search.ts). Writes bench/results/slots.md.
 *
 *   npx tsx bench/slots.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { ConfigOptions } from '../generator/config.ts';
import { slotsNeeded } from '../generator/slot-search.ts';

const CONFIGS: ConfigOptions[] = [
  { dMax: 1024, lanes: 16, mode: 'layer' },
  { dMax: 64, lanes: 1, mode: 'layer' },
  { dMax: 256, lanes: 16, mode: 'layer', pipeline: 'add=2,mul=1,convert=1' },
];
const lines = ['# Vector slots of --d-max macros: exhaustive search (`npx tsx bench/slots.ts`)', '',
  `${new Date().toISOString().slice(0, 10)}. Slots: the plan's count (runtimeSlots); needed: the most vectors in flight over every sequence of lengths 1..D.`, '',
  '| configuration | slots | needed | states | seconds |', '|---|---:|---:|---:|---:|'];
for (const opts of CONFIGS) {
  const t0 = performance.now();
  const r = slotsNeeded(opts);
  const row = `| ${Object.entries(opts).map(([k, v]) => `${k} ${v}`).join(', ')} | ${r.slots} | ${r.needed} | ${r.states.toLocaleString('en-US')} | ${((performance.now() - t0) / 1000).toFixed(1)} |`;
  lines.push(row);
  console.log(row);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/slots.md', `${lines.join('\n')}\n`);
