/**
 * What every co-simulation bench (the stream bench of cosim.ts, the AXI4-Stream bench of
 * axis-cosim.ts) does around its own stimulus and checks: the folder it works in, and the run of
 * the chosen simulator.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { track, untrack } from '../generator/cleanup.ts';
import type { Simulator } from './cosim-types.ts';
import { type IcarusRun, runIcarus } from './icarus.ts';
import { lockKeepFolder, unlockKeepFolder } from './keep-folder.ts';
import { type VerilatorRun, runVerilator } from './verilator.ts';

export function secondsSince(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/**
 * The folder a run works in: `keep` (cosim --keep), made if missing and locked while in use, or
 * a temporary folder tracked so that an interrupt removes it. Give it back with closeWorkFolder.
 */
export function openWorkFolder(keep: string | undefined): string {
  if (keep === undefined) {
    const work = mkdtempSync(join(tmpdir(), 'iterl2norm-cosim-'));
    track(work);
    return work;
  }
  const work = resolve(keep);
  mkdirSync(work, { recursive: true });
  lockKeepFolder(work);
  return work;
}

/** A kept folder is unlocked and left; a temporary one is removed. */
export function closeWorkFolder(work: string, kept: boolean): void {
  if (kept) {
    unlockKeepFolder(work);
    return;
  }
  rmSync(work, { recursive: true, force: true });
  untrack(work);
}

/** Builds (Verilator) or compiles (Icarus) and runs the bench; the build's seconds and whether it was cached. */
export function runBench(simulator: Simulator, run: IcarusRun & VerilatorRun): { buildSeconds: number; cached: boolean } {
  if (simulator === 'verilator') {
    const { buildSeconds, cached } = runVerilator(run);
    return { buildSeconds, cached };
  }
  runIcarus(run);
  return { buildSeconds: 0, cached: false };
}
