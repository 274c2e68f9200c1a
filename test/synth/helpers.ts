import { expect } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { elaborate, latencyCycles, periodCycles } from '../../generator/plan.ts';
import { type SynthReport, synthesize } from '../../synth/synth.ts';
import { entryMemoryRecords } from '../../generator/rtl/generate.ts';

/** Synthesises `opts` (every check asserted inside) and checks the report's figures. */
export async function synthClean(opts: ConfigOptions): Promise<SynthReport> {
  const cfg = resolveConfig(opts);
  const r = await synthesize(cfg);
  expect(r.checks.length).toBeGreaterThanOrEqual(4);
  // The vector memory (no parameter store), kept as $mem_v2: the ring of bufferBeats words of P
  // lanes (LayerNorm: its two rings, or one below two vectors' beats); and the per-vector queues
  // kept in memories (more than 16 entries).
  const plan = elaborate(cfg);
  const beatBits = cfg.lanes * cfg.format.width;
  const depths = [plan.ring.schedule.beats, ...(plan.ring.schedule.pass2?.beats ? [plan.ring.schedule.pass2.beats] : [])];
  const geometry = (depth: number, width = beatBits) => ({ width, depth, bits: depth * width, readPorts: 1, writePorts: 1 });
  const entries = entryMemoryRecords(plan);
  const order = (a: { depth: number; width: number }, b: { depth: number; width: number }) => a.depth - b.depth || a.width - b.width;
  expect(r.memories.map(({ name: _n, ...g }) => g).sort(order))
    .toEqual([...depths.map((d) => geometry(d)), ...entries.map((m) => geometry(m.words, m.width))].sort(order));
  expect(r.memoryBits).toBe(plan.vectorMemoryBits + entries.reduce((a, m) => a + m.bits, 0));
  expect(r.cells.byType.$mem_v2).toBeUndefined();
  expect(Object.keys(r.cells.byType).every((t) => /^\$_[A-Z0-9_]+_$/.test(t))).toBe(true);   // generic gates only
  expect(Object.keys(r.cells.byType).some((t) => /LATCH|_SR_/.test(t))).toBe(false);
  expect(r.flipFlops).toBeGreaterThan(100);
  expect(r.cells.total).toBeGreaterThan(r.flipFlops);
  expect(r.transistors).toBeGreaterThan(4 * r.cells.total);
  expect(r.longestPath.gates).toBeGreaterThan(20);
  // The stages of the L2 datapath, each measured alone; the worst is the longest path. The lane
  // tree's registers are a stage of their own (one lane: loaded from the lane adder).
  expect(r.stages.map((s) => s.stage.split(' ')[0])).toEqual(['square', 'accumulate', 'lane', 'scalar', 'output']);
  for (const s of r.stages) expect(s.gates).toBeGreaterThan(20);
  expect(Math.max(...r.stages.map((s) => s.gates))).toBeLessThanOrEqual(r.longestPath.gates);
  expect(r.latency).toEqual({ cycles: latencyCycles(cfg).cycles, formula: latencyCycles(cfg).formula });
  expect(r.throughput).toEqual({ cycles: periodCycles(cfg).cycles, formula: periodCycles(cfg).formula });
  // Cells by block (counted before the final flatten and clean-up, so a little above the total).
  const blockCells = r.blocks.reduce((a, b) => a + b.cells, 0);
  expect(blockCells).toBeGreaterThanOrEqual(r.cells.total);
  expect(blockCells).toBeLessThan(1.1 * r.cells.total);
  expect(r.blocks.reduce((a, b) => a + b.flipFlops, 0)).toBeGreaterThanOrEqual(r.flipFlops);
  expect(r.blocks.map((b) => b.block)).toEqual(expect.arrayContaining(['lanes', 'lane_tree', 'scalar', 'output', 'slots']));
  return r;
}
