/**
 * The co-simulation's options and report, shared by the stream bench (cosim.ts) and the
 * AXI4-Stream bench (axis-cosim.ts).
 */
import type { MacroConfig } from '../generator/config.ts';
import type { AffineParams } from '../generator/model/iterl2norm.ts';

/**
 * A bad packet for the AXI4-Stream interface: short (TLAST after half the beats, fixed d), long
 * (two beats more than a vector, or than B_max with --d-max), overlength (--d-max: B_max full beats,
 * more than D elements), empty-last (--d-max: a last beat whose TKEEP keeps no lane).
 */
export interface FramingFault { before: number; kind: 'short' | 'long' | 'overlength' | 'empty-last' }

export const SIMULATORS = ['icarus', 'verilator'] as const;
export type Simulator = (typeof SIMULATORS)[number];

export const PHASES = ['streaming', 'stress'] as const;

export interface CosimOptions {
  /** --out-scale static: the scale s written through scale_wr_* (fp32 pattern; default defaultStaticScale). */
  staticScale?: number;
  cfg: MacroConfig;
  vectors: number[][];
  /** Seed of the test bench's random gaps and back-pressure. */
  seed?: number;
  /** Keep the simulation directory here (default: a temporary directory, removed afterwards). */
  workDir?: string;
  /** gamma (and beta) for the parameter store; default: seeded random values near 1 (and 0). */
  params?: AffineParams;
  /** Vectors also run in the stress phase (default: all). */
  stressCount?: number;
  gapPercent?: number;
  stallPercent?: number;
  timeoutSeconds?: number;
  /** Simulator of the bench (default icarus). */
  simulator?: Simulator;
  /**
   * Reset in flight: before phase 0 the vectors stream for this many cycles (outputs accepted,
   * not recorded), then rst is raised for one cycle; phase 0 must then find an idle macro.
   */
  resetAfter?: number;
  /** Waveforms of the macro's ports and top-level state: VCD, or FST (Icarus only). */
  waves?: 'vcd' | 'fst';
  /**
   * --interface axis: bad packets put into the stress phase, each before the stress vector
   * `before` (docs/axis.md says what the macro does with each).
   */
  framingFaults?: FramingFault[];
  /**
   * --interface axis with --d-max: phase 0 back to back instead of one packet at a time; then the
   * first vector's latency is checked, and the cycles between the last output beats of
   * consecutive vectors of one length against max(B, T) (the packet buffer keeps the core's period).
   */
  backToBack?: boolean;
  /** Fault injection for tests: rewrites a generated Verilog file before simulation. */
  patchRtl?: (file: string, text: string) => string;
  /**
   * Simulate these sources instead of the generated RTL (a gate-level netlist with its cell
   * models, synth/gate-level.ts): the same bench, expected words and cycle counts. `top` must be
   * the configuration's top module.
   */
  design?: { top: string; sources: Array<{ file: string; text: string }> };
  /** With `waves`: every signal of the design, all levels (default: its ports and top-level state). */
  wavesAll?: boolean;
  /**
   * --residual: the residual vector of each input vector (as long as it); default: the test
   * residuals of vectors/residual-vectors.ts from `seed`.
   */
  residuals?: number[][];
}

export interface Mismatch { vector: number; element: number; phase: string; expected: string; got: string; /** set for an out_res word (--residual) */ port?: 'out_res' }

export interface CosimReport {
  top: string;
  simulator: Simulator;
  config: Record<string, unknown>;
  vectors: number;
  passed: number;
  failed: number;
  mismatches: Mismatch[];
  protocolErrors: string[];
  /** min and max are null when no vector finished. */
  latency: { predicted: number; formula: string; min: number | null; max: number | null; wrong: Array<{ vector: number; measured: number }> };
  /** min and max are null with fewer than two vectors (no period to measure). */
  /**
   * Phase 0 (back to back): each vector's first input beat and last output beat, bench cycles
   * (-1: never seen). The stream interface's bench records it; the AXI4-Stream bench does not.
   */
  timeline?: Array<{ first: number; last: number }>;
  throughput: { predicted: number; formula: string; min: number | null; max: number | null; wrong: number };
  /** simulate includes building the simulation (iverilog, or Verilator and the C++ compiler: `build`). */
  seconds: { generate: number; golden: number; simulate: number; build: number; total: number };
  /** Verilator only: the build came from the cache (sim/build-cache.ts). */
  buildCached: boolean;
  /** gamma and beta the run used (I/O format hex), and where they came from. */
  params: ParamsRecord | null;
  /** Model outputs, vector by vector (I/O format bits; with --out-format, the codes). */
  outputs: number[][];
  /** --residual: the model's out_res words (h in the I/O format), vector by vector, each checked like outputs. */
  residualOutputs?: number[][];
  /** With --out-format: the scales, vector by vector (E8M0 block scales). */
  scales?: number[][];
  /** --interface axis: the AXI4-Lite reads and writes after the streams, as the bench logged them. */
  registers?: Array<{ op: 'R' | 'W'; address: number; data: number; resp: number }>;
  /** The waveform file's bytes (with `waves`). */
  waves?: Buffer;
}

export interface ParamsRecord {
  source: 'given' | 'seeded random';
  /** Seed of the random parameters (randomAffineParams), when they are random. */
  seed: string | null;
  gamma: string[];
  beta?: string[];
}

/** The seed of the parameters cosim draws when none are given. */
export const paramsSeed = (seed: number | undefined) => `params-${seed ?? 1}`;

