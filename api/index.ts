/**
 * The library: `import { generate, golden, cosim, synth, explore } from 'iterl2norm'`. The same
 * work as the commands of the same names, with the command line's options as camelCase keys
 * (`dMax`, `initBits`, `clockPeriodNs`, `sramUm2PerBit`), the same defaults and the same checks.
 * Bad input throws before anything is written or run: an OptionError names the key the caller
 * passed (`option`), the value (`got`) and what is allowed (`allowed`); a UsageError is another
 * input problem (a malformed vector or Liberty file, an unusable folder); a ToolError is a missing
 * or failing simulator, Yosys or OpenSTA. generate, golden and cosim run synchronously; synth and
 * explore (Yosys, OpenSTA: seconds to hours) return promises of the report their command's --json
 * writes. Bit patterns are plain numbers of the I/O format (bf16 1.0 is 0x3f80); toBits and
 * fromBits convert. docs/integration.md shows the calls.
 */
export { generate, type GenerateOptions } from './generate.ts';
export { golden, goldenTraces, goldenWithScales, type GoldenOptions, type GoldenResult } from './golden.ts';
export { cosim, type CosimRun } from './cosim.ts';
export { synth, type SynthOptions } from './synth.ts';
export { explore, type ExploreOptions } from './explore.ts';
export { fromBits, toBits } from './bits.ts';
export type { ParamsInput, VectorsInput } from './inputs.ts';
export { OptionError, ToolError, UsageError, type OptionProblem } from '../generator/errors.ts';
export { DEFAULTS, LIMITS, type ConfigOptions, type MacroConfig } from '../generator/config.ts';
export { VERSION, type EngineRecord, type GeneratedDesign, type Manifest, type PortInfo } from '../generator/rtl/generate.ts';
export type { AffineParams } from '../generator/model/iterl2norm.ts';
export type { CosimReport, Mismatch, ParamsRecord, Simulator } from '../sim/cosim.ts';
export type { AreaTotals, SynthJson, TimedFields, TimingDrivenRecord } from '../tasks/synth-report.ts';
export { PowerSimulationError, type PowerReport } from '../tasks/power.ts';
export type { ExploreReport } from '../tasks/explore-run.ts';
export type { Entry as ExploreEntry, Status as ExploreStatus } from '../synth/explore/search.ts';
export type { ExploreHeader } from '../synth/explore/report.ts';
export { SynthCheckError, type SynthReport } from '../synth/synth.ts';
export type { LibertyReport } from '../synth/synth-liberty.ts';
export type { MemoryModel } from '../synth/liberty/memory-area.ts';
