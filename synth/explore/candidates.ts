/**
 * The candidate space of `explore`: every combination of internal format, iteration steps, seed
 * table bits, lanes and registers, for one mode, I/O format and d (or --d-max D). Enumerated in a
 * fixed order (lanes, internal format, steps, table bits, registers, each as listed), so two runs
 * of one command see the same candidates with the same keys.
 *
 * Defaults (docs/usage.md): internal formats with the exponent of the default internal format
 * (format/range.ts: no finite input overflows the sum of squares) and M+3, M+7, M+13 mantissa bits
 * besides the default one (M: the I/O format's); steps 1, 2, 3; table bits 4, 6, 8 (the table seed:
 * the exponent-only seed needs more steps for the same accuracy); lanes 1, 2, 4, 8, 16 up to d; the
 * registers the timing-driven flow chooses for the clock (`timed`, as `synth --liberty
 * --clock-period` does). Table bits above an internal format's mantissa bits are skipped for it.
 */
import { type ConfigOptions, type MacroConfig, type NormMode, resolveConfig, topModuleName } from '../../generator/config.ts';
import { type FloatFormat, parseFormat } from '../../generator/format/float-format.ts';
import { defaultInternalFormat } from '../../generator/format/range.ts';
import { formatPipeline, parsePipeline } from '../../generator/rtl/pipeline.ts';

/** `timed`: the timing-driven registers for the clock; otherwise explicit registers per operator kind. */
export type Registers = 'timed' | string;

export interface Candidate {
  /** File-name-safe key: the configuration and the registers. */
  key: string;
  lanes: number;
  internal: string;
  steps: number;
  initBits: number;
  registers: Registers;
  /** The configuration without operator registers (timed) or with the explicit ones. */
  options: ConfigOptions;
}

export interface Space {
  mode: NormMode;
  format: string;
  /** d, or D with runtimeLength. */
  d: number;
  runtimeLength: boolean;
  internal: string[];
  steps: number[];
  initBits: number[];
  lanes: number[];
  registers: Registers[];
}

export const DEFAULT_STEPS = [1, 2, 3];
export const DEFAULT_INIT_BITS = [4, 6, 8];
export const DEFAULT_LANES = [1, 2, 4, 8, 16];

/** The default internal formats for an I/O format (see the file comment), narrowest first. */
export function defaultInternals(format: FloatFormat, mode: NormMode): string[] {
  const auto = defaultInternalFormat(format, mode);
  const mans = [format.manBits + 3, format.manBits + 7, format.manBits + 13, auto.manBits];
  return [...new Set(mans)].sort((a, b) => a - b).map((m) => `e${auto.expBits}m${m}`);
}

/** The default lanes: 1, 2, 4, 8, 16, those not above d. */
export const defaultLanes = (d: number): number[] => DEFAULT_LANES.filter((p) => p <= d);

/** The base options of a space (mode, format, length). */
export function baseOptions(s: Pick<Space, 'mode' | 'format' | 'd' | 'runtimeLength'>): ConfigOptions {
  return { mode: s.mode, format: s.format, ...(s.runtimeLength ? { dMax: s.d } : { d: s.d }) };
}

function registersTag(r: Registers): string {
  return r === 'timed' ? 'timed' : `pl${r.replace(/[=,]/g, '')}`;
}

/** Every candidate, in the fixed order; each configuration is resolved (a bad value throws its OptionError). */
export function enumerate(s: Space): Candidate[] {
  const out: Candidate[] = [];
  for (const lanes of s.lanes) {
    for (const internal of s.internal) {
      const manBits = parseFormat(internal).manBits;
      for (const steps of s.steps) {
        // a table indexed by more bits than the internal mantissa has is no configuration: skipped
        for (const initBits of s.initBits.filter((b) => b <= manBits)) {
          for (const registers of s.registers) {
            const options: ConfigOptions = { ...baseOptions(s), lanes, internal, steps, init: 'table', initBits, ...(registers === 'timed' ? {} : { pipeline: registers }) };
            const cfg = resolveConfig(options);
            out.push({ key: `${topModuleName(cfg)}_${registersTag(registers)}`, lanes, internal: cfg.internal.name, steps, initBits, registers, options });
          }
        }
      }
    }
  }
  return out;
}

/** A registers item of the command line: `timed`, or registers as `--pipeline` takes them, normalised. */
export function parseRegisters(text: string): Registers {
  if (text === 'timed') return 'timed';
  return formatPipeline(parsePipeline(text));
}

/** The resolved configuration of a candidate with the given registers (timed: the ones the flow chose). */
export function candidateConfig(c: Candidate, pipeline?: string): MacroConfig {
  return resolveConfig(pipeline === undefined ? c.options : { ...c.options, pipeline });
}

/** Resources of a candidate (more of each costs area): internal mantissa bits, steps, table bits. */
export function resources(c: Candidate): [number, number, number] {
  return [parseFormat(c.internal).manBits, c.steps, c.initBits];
}
