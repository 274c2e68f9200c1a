import { expect } from 'vitest';
import { type ConfigOptions, beatsPerVector, resolveConfig } from '../../generator/config.ts';
import { latencyCycles, periodCycles } from '../../generator/rtl/latency.ts';
import { type SynthReport, synthesize } from '../../sim/synth.ts';

/** Synthesises `opts` (every check asserted inside) and checks the report's figures. */
export async function synthClean(opts: ConfigOptions): Promise<SynthReport> {
  const cfg = resolveConfig(opts);
  const r = await synthesize(cfg);
  expect(r.checks.length).toBeGreaterThanOrEqual(4);
  // The vector store is the one memory (l2 mode): B words of P lanes, kept as $mem_v2.
  expect(r.memories).toEqual([{ name: 'store.mem', width: cfg.lanes * cfg.format.width, depth: beatsPerVector(cfg), bits: beatsPerVector(cfg) * cfg.lanes * cfg.format.width, readPorts: 1, writePorts: 1 }]);
  expect(r.memoryBits).toBe(beatsPerVector(cfg) * cfg.lanes * cfg.format.width);
  expect(r.cells.byType.$mem_v2).toBeUndefined();
  expect(Object.keys(r.cells.byType).every((t) => /^\$_[A-Z0-9_]+_$/.test(t))).toBe(true);   // generic gates only
  expect(Object.keys(r.cells.byType).some((t) => /LATCH|_SR_/.test(t))).toBe(false);
  expect(r.flipFlops).toBeGreaterThan(100);
  expect(r.cells.total).toBeGreaterThan(r.flipFlops);
  expect(r.transistors).toBeGreaterThan(4 * r.cells.total);
  expect(r.longestPath.gates).toBeGreaterThan(20);
  // The four stages of the L2 datapath, each measured alone; the worst is the longest path.
  expect(r.stages.map((s) => s.stage.split(' ')[0])).toEqual(['square', 'accumulate', 'scalar', 'output']);
  for (const s of r.stages) expect(s.gates).toBeGreaterThan(20);
  expect(Math.max(...r.stages.map((s) => s.gates))).toBeLessThanOrEqual(r.longestPath.gates);
  expect(r.latency).toEqual({ cycles: latencyCycles(cfg).cycles, formula: latencyCycles(cfg).formula });
  expect(r.throughput).toEqual({ cycles: periodCycles(cfg).cycles, formula: periodCycles(cfg).formula });
  return r;
}
