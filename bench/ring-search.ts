/**
 * Benchmark (on demand): the exhaustive search of the rings of beats (generator/ring-search.ts)
 * over every stream of lengths, for configurations too large for the test suite, beside the
 * plan's default depths, vector entries and queueing bound (plan.ts, ringDefaults). Writes
 * bench/results/ring-search.md.
 *
 *   npx tsx bench/ring-search.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { type ConfigOptions, resolveConfig } from '../generator/config.ts';
import { elaborate } from '../generator/plan.ts';
import { searchRing } from '../generator/ring-search.ts';

const CONFIGS: ConfigOptions[] = [
  { dMax: 20, lanes: 1, mode: 'l2' },
  { dMax: 8, lanes: 1, mode: 'layer' },
  { dMax: 10, lanes: 1, mode: 'layer' },
  { dMax: 32, lanes: 4, mode: 'layer' },
];
const lines = ['# Rings of beats of --d-max macros: exhaustive search (`npx tsx bench/ring-search.ts`)', '',
  'Plan: the default depth of each ring (LayerNorm: the input\'s + the output\'s), vector entries and queueing bound (plan.ts, ringDefaults); search: the most met over every stream of lengths 1..Bmax beats offered back to back.', '',
  '| configuration | Bmax | T | plan beats | search beats | plan entries | search entries | plan queue | search queue | states | seconds |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|'];
for (const opts of CONFIGS) {
  const p = elaborate(resolveConfig(opts));
  const ring = p.ring!;
  const t0 = performance.now();
  const r = searchRing(ring.schedule, p.B, 20_000_000);
  const split = ring.defaultSplit ? `${ring.defaultSplit.input} + ${ring.defaultSplit.output}` : `${ring.defaultBeats}`;
  const found = ring.defaultSplit ? `${r.needBeats} + ${r.needBeatsB}` : `${r.needBeats}`;
  const row = `| ${Object.entries(opts).map(([k, v]) => `${k} ${v}`).join(', ')} | ${p.B} | ${p.T} | ${split} | ${found} | ${ring.defaultEntries} | ${r.needEntries} | ${ring.queueBound} | ${r.maxQueued} | ${r.states.toLocaleString('en-US')} | ${((performance.now() - t0) / 1000).toFixed(1)} |`;
  lines.push(row);
  console.log(row);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/ring-search.md', `${lines.join('\n')}\n`);
