/** `cosim`: the generated RTL simulated against the model, as `iterl2norm cosim`. */
import type { ConfigOptions } from '../generator/config.ts';
import { OptionError } from '../generator/errors.ts';
import { checkStaticScale } from '../generator/model/quantized.ts';
import { checkOutputFolder } from '../generator/io/output-path.ts';
import { runtimeTestVectors, testVectors } from '../generator/vectors/test-vectors.ts';
import { type CosimReport, SIMULATORS, type Simulator, cosim as simulate } from '../sim/cosim.ts';
import { type ParamsInput, type VectorsInput, paramsOf, residualsOf, vectorsOf } from './inputs.ts';
import { CONFIG_KEYS, choiceOf, configOf, integerOf, refuseUnknownKeys } from './options.ts';

/** What to simulate and how; each key is the command line's option of the same name. */
export interface CosimRun {
  /** The input vectors (bit patterns, or a vector file's path); or `count`. */
  vectors?: VectorsInput;
  /** Generated test vectors, corner cases first (1..100000; default 100 when `vectors` is not given). */
  count?: number;
  /** Seed of the generated vectors, of the random affine parameters and of the stalls (default 1). */
  seed?: number;
  /** gamma (and beta); default: seeded random values near 1 (and 0), recorded in the report. */
  params?: ParamsInput;
  /** Vectors also run with random gaps and back-pressure (default: all). */
  stress?: number;
  /** Percent of cycles without in_valid in the stress phase, 0..95 (default 30). */
  gap?: number;
  /** Percent of cycles without out_ready in the stress phase, 0..95 (default 30). */
  stall?: number;
  /** 'icarus' (default) or 'verilator'. */
  simulator?: Simulator;
  /** Keep the simulation folder (RTL, bench, logs) here: a new or empty folder, or an earlier one. */
  keep?: string;
  /** Seconds the simulation may run before it is stopped as hung (default 900). */
  watchdog?: number;
  /** Waveforms of the ports and top-level state in the report's `waves` bytes: 'vcd', or 'fst' (Icarus). */
  waves?: 'vcd' | 'fst';
  /** With `residual`: the residual vectors, one per vector and as long; default: made from `seed` (as `vectors --residual`). */
  residuals?: VectorsInput;
  /** outScale 'static': the scale s as an fp32 bit pattern (default: RNE_fp32(1/Qmax)). */
  scales?: number;
}

const RUN_KEYS = ['vectors', 'count', 'seed', 'params', 'stress', 'gap', 'stall', 'simulator', 'keep', 'watchdog', 'waves', 'residuals', 'scales'] as const;

/**
 * Generates the design, simulates it with every vector (a streaming phase, then a stress phase
 * with random gaps and back-pressure) and compares every output word with the model and every
 * latency and period with the formulas. Returns the report: `passed`, `failed`, `mismatches`,
 * `latency`, `throughput`, `protocolErrors`, the model's `outputs`, the parameters used. A
 * mismatch is a report with `failed > 0`, not an exception. Throws OptionError for a bad option,
 * UsageError for a malformed vector file, ToolError when the simulator is missing or fails.
 */
export function cosim(options: ConfigOptions, run: CosimRun = {}): CosimReport {
  refuseUnknownKeys(options, CONFIG_KEYS, 'options');
  refuseUnknownKeys(run, RUN_KEYS, 'run');
  const cfg = configOf(options);
  if (run.vectors !== undefined && run.count !== undefined) {
    throw new OptionError({ option: 'count', got: run.count, others: ['vectors'], allowed: 'vectors or count, not both', text: 'give either {vectors} or {count}, not both' });
  }
  const seed = integerOf('seed', run.seed, 0, 2 ** 31 - 1, 1);
  const simulator = choiceOf('simulator', run.simulator, SIMULATORS, 'icarus');
  const waves = run.waves === undefined ? undefined : choiceOf('waves', run.waves, ['vcd', 'fst'] as const, 'vcd');
  const timeoutSeconds = integerOf('watchdog', run.watchdog, 1, 7 * 24 * 3600, 900);
  const workDir = run.keep === undefined ? undefined : checkOutputFolder('keep', run.keep);
  let vectors: number[][];
  if (run.vectors !== undefined) vectors = vectorsOf(cfg, run.vectors);
  else {
    const n = integerOf('count', run.count, 1, 100000, 100);
    vectors = cfg.runtimeLength
      ? runtimeTestVectors(cfg.format, cfg.d, cfg.lanes, n, String(seed))
      : testVectors(cfg.format, cfg.d, n, String(seed)).slice(0, n).map((v) => v.words);
  }
  const gapPercent = integerOf('gap', run.gap, 0, 95, 30);
  const stallPercent = integerOf('stall', run.stall, 0, 95, 30);
  const stressCount = integerOf('stress', run.stress, 0, vectors.length, vectors.length);
  const params = paramsOf(cfg, run.params, false);
  const residuals = residualsOf(cfg, vectors, run.residuals, false);
  if (run.scales !== undefined && cfg.outScale !== 'static') {
    throw new OptionError({ option: 'scales', got: run.scales, others: ['outScale'], allowed: 'only with outScale static', text: '{scales} is the static scale of {outScale} static; this configuration has none: remove it' });
  }
  const staticScale = run.scales === undefined ? undefined : checkStaticScale(run.scales);
  return simulate({ cfg, vectors, seed, params, staticScale, gapPercent, stallPercent, stressCount, workDir, simulator, waves, timeoutSeconds, residuals });
}
