/**
 * One macro configuration: every parameter the generator, the golden model, the latency
 * formula and the co-simulation share. `resolveConfig` fills defaults and validates each
 * option with a message that quotes the bad value (UsageError -> exit 2).
 */
import { OptionError, UsageError } from './errors.ts';
import { type FloatFormat, decode, encode, maxFinite, parseFormat } from './format/float-format.ts';
import { defaultInternalFormat } from './format/range.ts';
import { type InitMode, defaultInitBits } from './model/seed.ts';

export type { InitMode };
import { COMBINATIONAL, type OperatorLatency } from './rtl/depth-model.ts';
import { DEFAULT_CLOCK_PERIOD_NS, checkClockPeriod } from './rtl/clock.ts';
import { choosePipeline, parsePipeline } from './rtl/pipeline.ts';
import { type ResidualSum, resolveResidual } from './residual-config.ts';

export type { ResidualSum };
import { type OutputQuant, resolveOutputQuant } from './quant-config.ts';

/** Update rule of the scalar iteration (docs/algorithm.md section 2). */
export type UpdateRule = 'newton' | 'euler';
/** l2: x/||x||; rms: sqrt(d)*x/||x|| (RMSNorm); layer: sqrt(d)*(x-mean)/||x-mean|| (LayerNorm). */
export type NormMode = 'l2' | 'rms' | 'layer';
/**
 * The name of the vector memory's size. linerate: the ring's default depth (or --buffer-beats),
 * a new vector every max(B, T) cycles; compact: the smallest buffer, one vector's beats
 * (--buffer-beats B): the next vector's input overlaps only the previous one's output. One set
 * of templates builds both.
 */
export type Engine = 'linerate' | 'compact';
export const ENGINES = ['linerate', 'compact'] as const;
/** Per-element affine parameters applied after normalisation. */
export type AffineMode = 'none' | 'gamma' | 'gamma-beta';
/**
 * The ports of the top level. stream: clk, rst, the in_ and out_ valid/ready streams and the prm_wr_
 * parameter port; axis: a wrapper around that core with AXI4-Stream slave and master, aclk,
 * aresetn and an AXI4-Lite slave for the parameters and the status (docs/axis.md).
 */
export type Interface = 'stream' | 'axis';
export const INTERFACES = ['stream', 'axis'] as const;

export interface MacroConfig extends OutputQuant {
  /** Vector length; with runtimeLength the largest one, D (`--d-max`). */
  readonly d: number;
  /**
   * `--d-max D`: every vector brings its own length in 1..D on the in_len port; the store, the
   * parameter store and the counters are sized for D, and 1/d is computed on chip per vector.
   */
  readonly runtimeLength: boolean;
  /** Input and output number format. */
  readonly format: FloatFormat;
  /** Format of the sum of squares, the scalar loop and the final scale. */
  readonly internal: FloatFormat;
  /** Elements per clock beat on the input and output streams. */
  readonly lanes: number;
  /** Iteration steps of the scalar loop. */
  readonly steps: number;
  /** 'newton': b <- b*(1.5 - 0.5*s*b^2); 'euler': the paper's b <- b*(1 + lambda*s*(1 - s*b^2)). */
  readonly rule: UpdateRule;
  /** Euler update rate, applied to the pre-scaled sum of squares s in [0.5, 2). */
  readonly lambda: number;
  /** 'exp': b0 = 1 from the exponent of m only (the paper); 'table': b0 from a ROM on the top mantissa bits. */
  readonly init: InitMode;
  /** Mantissa bits of m that index the seed table (the table has 2^(initBits+1) entries). */
  readonly initBits: number;
  /** Normalisation: l2, rms or layer. */
  readonly mode: NormMode;
  /** gamma (and beta) from the parameter store; default: none for l2, gamma for rms, gamma-beta for layer. */
  readonly affine: AffineMode;
  /** LayerNorm epsilon: sqrt(variance + eps); added to the sum of squares as d*eps. */
  readonly eps: number;
  /** Static input scale 2^-inputShift (SLaNC), applied exactly as an exponent adjustment. */
  readonly inputShift: number;
  /** Pipeline registers inside each kind of operator (rtl/pipeline.ts); all 0 = combinational operators. */
  readonly pipeline: OperatorLatency;
  /** The logic-depth target the pipeline was chosen for (gate levels), or null when not asked for. */
  readonly targetDepth: number | null;
  /** linerate (default) or compact (the ring of one vector's beats; bufferBeats is then B). */
  readonly engine: Engine;
  /** stream (default: the core's own ports) or axis (AXI4-Stream and AXI4-Lite wrapper). */
  readonly interface: Interface;
  /** Depth of the vector memory's ring in beats (`--buffer-beats`); null: the plan's default. */
  readonly bufferBeats: number | null;
  /** `--residual`: where the sum x + r is rounded; null: no residual input. */
  readonly residual: ResidualSum | null;
}

export const LIMITS = {
  d: { min: 1, max: 65536 },
  lanes: { min: 1, max: 64 },
  steps: { min: 0, max: 12 },
  initBits: { min: 0, max: 8 },
  inputShift: { min: -64, max: 64 },
  targetDepth: { min: 1, max: 100000 },
  gateDelayPs: { min: 1, max: 100000 },
} as const;

/**
 * Defaults, chosen by the accuracy study (docs/accuracy.md). internal 'auto': the internal
 * format follows the I/O format (format/range.ts): exponent bits so that no finite input
 * overflows or underflows the sum of squares, max(30, M + 7) mantissa bits (fp32, bf16: e10m30).
 */
export const DEFAULTS = {
  d: 768,
  format: 'bf16',
  internal: 'auto',
  lanes: 16,
  steps: 2,
  rule: 'newton' as UpdateRule,
  lambda: 0.5,
  init: 'table' as InitMode,
  /** 'auto': defaultInitBits(internal) (model/seed.ts): 6, or 8 above 32 internal mantissa bits. */
  initBits: 'auto',
  mode: 'l2' as NormMode,
  eps: 0,
  inputShift: 0,
};

export const DEFAULT_AFFINE: Record<NormMode, AffineMode> = { l2: 'none', rms: 'gamma', layer: 'gamma-beta' };

/** Options as they come from the command line or a caller; anything missing takes its default. */
export interface ConfigOptions {
  d?: number;
  /** Runtime vector length up to this maximum (instead of d). */
  dMax?: number;
  format?: string;
  internal?: string;
  lanes?: number;
  steps?: number;
  rule?: string;
  lambda?: number;
  init?: string;
  initBits?: number | 'auto';
  mode?: string;
  affine?: string;
  eps?: number;
  inputShift?: number;
  /** Explicit registers per operator kind, "add=2,mul=1,convert=1". */
  pipeline?: string;
  /** Most gate levels per pipeline stage; the generator picks the registers. */
  targetDepth?: number;
  /** With gateDelayPs: targetDepth = floor(clockPeriodNs * 1000 / gateDelayPs). */
  clockPeriodNs?: number;
  /** Delay of one generic gate level in the user's library, ps. */
  gateDelayPs?: number;
  /** 'linerate' (default) or 'compact' (the smallest buffer: one vector's beats). */
  engine?: string;
  /** 'stream' (default) or 'axis'. */
  interface?: string;
  /** Ring depth in beats; at least one vector's beats (ceil(d/lanes)); with engine compact that depth. */
  bufferBeats?: number;
  /** A residual input r beside x: the unit normalises h = x + r and outputs h (out_res). */
  residual?: boolean;
  /** 'io' (default) or 'internal': where h is rounded (needs residual). */
  residualSum?: string;
  /** Quantised outputs: fp8e4m3, fp8e5m2, int8 or an MX format (quant-config.ts). */
  outFormat?: string;
  /** fp8e4m3, fp8e5m2, int8: 'dynamic' (default) or 'static' per-vector scale. */
  outScale?: string;
}

/** Option keys (as in ConfigOptions) are what errors carry; the command layer spells them as flags. */
type OptionKey = keyof ConfigOptions;

function checkInt(option: OptionKey, value: unknown, min: number, max: number, alternatives = ''): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new OptionError({ option, got: value, allowed: `${alternatives}an integer from ${min} to ${max}`, bound: value !== undefined && Number(value) < min ? min : max });
  }
  return value;
}

function checkChoice<T extends string>(option: OptionKey, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new OptionError({ option, got: value, allowed: `one of ${choices.join(', ')}` });
  }
  return value as T;
}

/** A format name for `option`: a format's own complaint, said of that option. */
function formatOption(option: OptionKey, text: string): FloatFormat {
  try {
    return parseFormat(text);
  } catch (e) {
    if (e instanceof UsageError) throw new OptionError({ option, got: text, allowed: FORMAT_NAMES, text: `{${option}}: ${e.message}` });
    throw e;
  }
}

const FORMAT_NAMES = 'fp32, bf16, fp16 or eXmY';

export function resolveConfig(opts: ConfigOptions = {}): MacroConfig {
  const runtimeLength = opts.dMax !== undefined;
  if (runtimeLength && opts.d !== undefined) throw new OptionError({ option: 'd', got: opts.d, others: ['dMax'], allowed: 'd or dMax, not both', text: 'give either {d} (a fixed vector length) or {dMax} (every length up to a maximum, chosen per vector), not both' });
  const d = runtimeLength ? checkInt('dMax', opts.dMax, 2, LIMITS.d.max) : checkInt('d', opts.d ?? DEFAULTS.d, LIMITS.d.min, LIMITS.d.max);
  const format = formatOption('format', opts.format ?? DEFAULTS.format);
  const internalName = opts.internal ?? DEFAULTS.internal;
  const modeChoice = checkChoice('mode', opts.mode ?? DEFAULTS.mode, ['l2', 'rms', 'layer'] as const);
  const internal = internalName === 'auto' ? defaultInternalFormat(format, modeChoice) : formatOption('internal', internalName);
  const lanes = checkInt('lanes', opts.lanes ?? DEFAULTS.lanes, LIMITS.lanes.min, LIMITS.lanes.max);
  const steps = checkInt('steps', opts.steps ?? DEFAULTS.steps, LIMITS.steps.min, LIMITS.steps.max);
  const rule = checkChoice('rule', opts.rule ?? DEFAULTS.rule, ['newton', 'euler'] as const);
  const init = checkChoice('init', opts.init ?? DEFAULTS.init, ['exp', 'table'] as const);
  const initBitsChoice = opts.initBits ?? DEFAULTS.initBits;
  const initBits = initBitsChoice === 'auto' ? defaultInitBits(internal) : checkInt('initBits', initBitsChoice, LIMITS.initBits.min, LIMITS.initBits.max, 'auto or ');
  if (initBits > internal.manBits) {
    throw new OptionError({ option: 'initBits', got: initBits, allowed: `at most ${internal.manBits}`, bound: internal.manBits, text: `{initBits} must not exceed the internal format's ${internal.manBits} mantissa bits (got ${initBits})` });
  }
  const lambda = opts.lambda ?? DEFAULTS.lambda;
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda <= 0 || lambda >= 1) {
    throw new OptionError({ option: 'lambda', got: lambda, allowed: 'a number in (0, 1), the stable range of the Euler step' });
  }
  const mode = modeChoice;
  const affine = checkChoice('affine', opts.affine ?? DEFAULT_AFFINE[mode], ['none', 'gamma', 'gamma-beta'] as const);
  const eps = opts.eps ?? DEFAULTS.eps;
  if (typeof eps !== 'number' || !Number.isFinite(eps) || eps < 0) {
    throw new OptionError({ option: 'eps', got: eps, allowed: 'a finite number >= 0' });
  }
  const inputShift = checkInt('inputShift', opts.inputShift ?? DEFAULTS.inputShift, LIMITS.inputShift.min, LIMITS.inputShift.max);
  checkEpsRange(eps, runtimeLength ? 1 : d, inputShift, internal);
  const shape = { format, internal, mode, affine };
  const { pipeline, targetDepth } = resolvePipeline(opts, shape);
  const engine = resolveEngine(opts.engine);
  if (runtimeLength && -Math.ceil(Math.log2(d)) < 1 - internal.bias) {
    throw new OptionError({ option: 'dMax', got: d, others: ['internal'], bound: 2 ** (internal.bias - 1), allowed: `up to ${2 ** (internal.bias - 1)}, or an internal format with more exponent bits`,
      text: `{dMax} ${d}: 1/d would be subnormal in the internal format ${internal.name} (smallest normal 2^${1 - internal.bias}); allowed: a d-max up to ${2 ** (internal.bias - 1)}, or an internal format with more exponent bits` });
  }
  if (runtimeLength && mode === 'l2' && eps > 0) {
    throw new OptionError({ option: 'eps', got: eps, others: ['mode', 'dMax'], allowed: '0 in l2 with dMax',
      text: `{eps} ${eps} with {mode} l2 and {dMax}: l2 adds d*eps to the sum of squares, a product with the run-time d that this macro does not compute; allowed: {eps} 0, or {mode} rms or layer (they add eps to the mean square), or a fixed {d}` });
  }
  const bufferBeats = resolveBufferBeats(opts.bufferBeats, Math.ceil(d / lanes), engine);
  const iface = opts.interface === undefined ? 'stream' : checkChoice('interface', opts.interface, INTERFACES);
  if (iface === 'axis' && (format.width < 8 || format.width > 32)) {
    throw new OptionError({ option: 'interface', got: iface, others: ['format'], allowed: 'a format of 8 to 32 bits with axis',
      text: `{interface} axis needs a format of 8 to 32 bits (TKEEP marks lanes by bytes, AXI4-Lite words are 32 bits); {format} ${format.name} has ${format.width}: use {interface} stream or another format` });
  }
  const residual = resolveResidual(opts, { format, internal, iface });
  const quant = resolveOutputQuant(opts.outFormat, opts.outScale, format, lanes);
  return { d, runtimeLength, format, internal, lanes, steps, rule, lambda, init, initBits, mode, affine, eps, inputShift, pipeline, targetDepth, engine, interface: iface, bufferBeats, residual, ...quant };
}

/** The most beats a ring may have (a memory of a million words is far past any use). */
const MAX_BUFFER_BEATS = 1 << 20;

/**
 * --buffer-beats: an integer from one vector's beats up (a vector is written whole before it is
 * read); --engine compact is that least depth.
 */
function resolveBufferBeats(asked: number | undefined, beats: number, engine: Engine): number | null {
  if (engine === 'compact') {
    if (asked !== undefined && asked !== beats) {
      throw new OptionError({ option: 'bufferBeats', got: asked, others: ['engine'], bound: beats, allowed: `${beats} with the compact engine`,
        text: `{bufferBeats} ${asked} with {engine} compact: compact is the ring of one vector's beats, ${beats}; remove {bufferBeats} or {engine} compact` });
    }
    return beats;
  }
  if (asked === undefined) return null;
  if (typeof asked !== 'number' || !Number.isInteger(asked) || asked < beats || asked > MAX_BUFFER_BEATS) {
    throw new OptionError({ option: 'bufferBeats', got: asked, bound: beats, allowed: `an integer from ${beats} (one vector's beats) to ${MAX_BUFFER_BEATS}`,
      text: `{bufferBeats} ${asked}: allowed an integer of at least ${beats}, one vector's beats (ceil(d/lanes)), up to ${MAX_BUFFER_BEATS}` });
  }
  return asked;
}

function resolveEngine(asked: string | undefined): Engine {
  return asked === undefined ? 'linerate' : checkChoice('engine', asked, ENGINES);
}

/**
 * d*eps (scaled by 2^-2K for --input-shift K) is added to the sum of squares in the internal
 * format: when it overflows that format, every output is NaN, which no one asks for.
 */
function checkEpsRange(eps: number, d: number, inputShift: number, internal: FloatFormat): void {
  const added = d * eps * 2 ** (-2 * inputShift);
  if (eps > 0 && !Number.isFinite(decode(internal, encode(internal, added)))) {
    const below = (maxFinite(internal) / d / 2 ** (-2 * inputShift)).toPrecision(3);
    throw new OptionError({ option: 'eps', got: eps, bound: Number(below), allowed: `below ${below}`,
      text: `{eps} ${eps}: d*eps = ${added.toPrecision(3)} overflows the internal format ${internal.name} (largest ${maxFinite(internal).toPrecision(3)}), so every output would be NaN; allowed: eps below ${below}` });
  }
}

/**
 * Pipeline registers from --pipeline (explicit), --target-depth, or --clock-period with
 * --gate-delay (target = floor(period / gate delay)); none of them: combinational operators.
 */
function resolvePipeline(opts: ConfigOptions, shape: Parameters<typeof choosePipeline>[0]): { pipeline: OperatorLatency; targetDepth: number | null } {
  const targetGiven = opts.targetDepth !== undefined;
  const delayGiven = opts.gateDelayPs !== undefined;
  if (opts.pipeline !== undefined && (targetGiven || delayGiven)) {
    throw new OptionError({ option: 'pipeline', got: opts.pipeline, others: ['targetDepth', 'clockPeriodNs', 'gateDelayPs'], allowed: 'pipeline or a target, not both', text: 'give either {pipeline} or a target ({targetDepth}, or {clockPeriodNs} with {gateDelayPs}), not both' });
  }
  if (targetGiven && delayGiven) throw new OptionError({ option: 'targetDepth', got: opts.targetDepth, others: ['gateDelayPs', 'clockPeriodNs'], allowed: 'targetDepth or gateDelayPs, not both', text: 'give either {targetDepth} or {gateDelayPs} (with {clockPeriodNs}), not both' });
  if (opts.pipeline !== undefined) return { pipeline: parsePipeline(opts.pipeline), targetDepth: null };
  let target: number | null = null;
  if (targetGiven) target = checkInt('targetDepth', opts.targetDepth, LIMITS.targetDepth.min, LIMITS.targetDepth.max);
  if (delayGiven) {
    const ps = checkInt('gateDelayPs', opts.gateDelayPs, LIMITS.gateDelayPs.min, LIMITS.gateDelayPs.max);
    const ns = checkClockPeriod(opts.clockPeriodNs ?? DEFAULT_CLOCK_PERIOD_NS);
    target = Math.floor((ns * 1000) / ps);
  }
  if (target === null) return { pipeline: { ...COMBINATIONAL }, targetDepth: null };
  if (!delayGiven) return { pipeline: choosePipeline(shape, target), targetDepth: target };
  try {
    return { pipeline: choosePipeline(shape, target), targetDepth: target };
  } catch (e) {
    // choosePipeline speaks of a target depth, which the user did not give: say it of the clock
    if (!(e instanceof OptionError) || e.bound === undefined) throw e;
    const floor = e.bound;
    const leastNs = Math.ceil(floor * (opts.gateDelayPs ?? 1)) / 1000;
    throw new OptionError({
      option: 'clockPeriodNs', got: opts.clockPeriodNs ?? DEFAULT_CLOCK_PERIOD_NS, others: ['gateDelayPs'], bound: leastNs, allowed: `at least ${leastNs} ns at this gate delay`,
      text: `{clockPeriodNs} ${opts.clockPeriodNs ?? DEFAULT_CLOCK_PERIOD_NS} with {gateDelayPs} ${opts.gateDelayPs} leaves ${target} gate levels per stage, below what the operators can be cut to: ${floor} gate levels (${e.reason}); allowed: a clock period of at least ${leastNs} ns at this gate delay`,
    });
  }
}

/** True when some operator has pipeline registers. */
export function isPipelined(cfg: MacroConfig): boolean {
  return cfg.pipeline.add + cfg.pipeline.mul + cfg.pipeline.convert > 0;
}

/** Module name of the top level: every parameter that changes the hardware is in it. */
export function topModuleName(cfg: MacroConfig): string {
  const rule = cfg.rule === 'newton' ? `nr${cfg.steps}` : `eu${cfg.steps}_l${lambdaTag(cfg.lambda)}`;
  const init = cfg.init === 'table' ? `t${cfg.initBits}` : 'x';
  const affine = cfg.affine === DEFAULT_AFFINE[cfg.mode] ? '' : `_${cfg.affine === 'gamma-beta' ? 'gb' : cfg.affine === 'gamma' ? 'g' : 'noaff'}`;
  const eps = cfg.eps === 0 ? '' : `_eps${cfg.eps.toExponential().replace('.', 'p').replace('-', 'm').replace('+', '')}`;
  const shift = cfg.inputShift === 0 ? '' : `_sh${cfg.inputShift < 0 ? 'm' : ''}${Math.abs(cfg.inputShift)}`;
  const prefix = cfg.mode === 'l2' ? 'iterl2norm' : cfg.mode === 'rms' ? 'iterrmsnorm' : 'iterlayernorm';
  const pipe = isPipelined(cfg) ? `_pl${cfg.pipeline.add}${cfg.pipeline.mul}${cfg.pipeline.convert}` : '';
  const engine = cfg.engine === 'compact' ? '_compact' : cfg.bufferBeats !== null ? `_bb${cfg.bufferBeats}` : '';
  const length = cfg.runtimeLength ? `dmax${cfg.d}` : `d${cfg.d}`;
  const axis = cfg.interface === 'axis' ? '_axis' : '';
  const residual = cfg.residual === null ? '' : cfg.residual === 'io' ? '_res' : '_resi';
  const quant = cfg.outFormat ? `_q${cfg.outFormat.name}${cfg.outScale === 'static' ? 's' : ''}` : '';
  return `${prefix}_${cfg.format.name}_${length}_p${cfg.lanes}_${cfg.internal.name}_${rule}_${init}${affine}${eps}${shift}${pipe}${engine}${axis}${residual}${quant}`;
}

function lambdaTag(lambda: number): string {
  return String(lambda).replace('.', 'p').replace('-', 'm');
}

/**
 * Options the caller set that this configuration would ignore are refused, not dropped: the
 * Euler rate without the Euler rule, the seed-table size without the table, a clock period that
 * nothing uses. `given`: the ConfigOptions keys the caller set (the command line: the flags typed;
 * the library: the keys present). `clockPeriodUsed`: the call uses clockPeriodNs by itself (an
 * OpenLane bundle, synthesis); otherwise only gateDelayPs (pipelining) uses it.
 */
export function refuseUnusedOptions(cfg: MacroConfig, given: ReadonlySet<string>, clockPeriodUsed = false): void {
  if (given.has('lambda') && cfg.rule !== 'euler') {
    throw new OptionError({ option: 'lambda', got: cfg.lambda, others: ['rule'], allowed: 'only with rule euler',
      text: `{lambda} is the rate of {rule} euler; the ${cfg.rule} rule has none: remove {lambda} or add {rule} euler` });
  }
  if (given.has('initBits') && cfg.init !== 'table') {
    throw new OptionError({ option: 'initBits', got: cfg.initBits, others: ['init'], allowed: 'only with init table',
      text: `{initBits} sizes the seed table of {init} table; {init} ${cfg.init} has none: remove {initBits} or use {init} table` });
  }
  if (given.has('clockPeriodNs') && !given.has('gateDelayPs') && !clockPeriodUsed) {
    throw new OptionError({ option: 'clockPeriodNs', others: ['gateDelayPs'], allowed: 'only with gateDelayPs, an OpenLane flow or synthesis',
      text: '{clockPeriodNs} is used with {gateDelayPs} (pipelining), generate {flow} openlane and synth; here nothing uses it: remove it or add {gateDelayPs} PS' });
  }
}
