/**
 * Which simulator runs a co-simulation test: the rule of test/README.md, in code.
 *
 * Icarus is 4-state: an X from an unreset register or an unwritten memory word reaches the
 * outputs and fails the comparison. Verilator is 2-state and builds C++ first, but then runs
 * about a hundred times faster. So Icarus runs every configuration whose stream it simulates in
 * about the time Verilator needs to build, and the first vectors of every other configuration
 * (the corner cases and the state right after reset, where X would show); Verilator runs the
 * long streams. Its builds are cached by content (sim/build-cache.ts).
 *
 * The estimates are fitted to this suite's own measurements (2 cores): Icarus
 * about (100 + 45 P) us per simulated cycle; a Verilator build about 3 + 0.7 P seconds.
 */
import { type MacroConfig } from '../../generator/config.ts';
import { latencyCycles, periodCycles } from '../../generator/plan.ts';
import type { Simulator } from '../../sim/cosim.ts';

/** Vectors that a Verilator configuration also runs in Icarus (corner cases first), and of those in the stress phase. */
export const FOUR_STATE_VECTORS = 4;
export const FOUR_STATE_STRESS = 2;

/** Seconds Icarus needs for `vectors` streamed back to back plus `stress` of them under stalls. */
export function icarusSecondsEstimate(cfg: MacroConfig, vectors: number, stress: number): number {
  const cycles = (vectors + 2 * stress) * periodCycles(cfg).cycles + latencyCycles(cfg).cycles;
  return cycles * (100 + 45 * cfg.lanes) * 1e-6;
}

/** Seconds of one Verilator build (Verilator and the C++ compiler) of the bench and design. */
export function verilatorBuildSecondsEstimate(cfg: MacroConfig): number {
  return 3 + 0.7 * cfg.lanes;
}

/** Verilator where Icarus would take more than twice a build, Icarus otherwise. */
export function preferredSimulator(cfg: MacroConfig, vectors: number, stress: number): Simulator {
  return icarusSecondsEstimate(cfg, vectors, stress) > 2 * verilatorBuildSecondsEstimate(cfg) ? 'verilator' : 'icarus';
}
