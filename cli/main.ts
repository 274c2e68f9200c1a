/**
 * The command line (docs/contract.md): generate, golden, cosim, vectors, decode, synth, prove,
 * accuracy, slanc and explore.
 * Exit status: 0 success, 1 cosim mismatch or wrong latency (or a failed synth check, a prove
 * counterexample, or no design that explore names), 2 bad usage or input (one line, nothing
 * written), 3 an external tool is missing or failed, 4 a simulation exceeded --watchdog.
 */
import { extname } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { type ConfigOptions, DEFAULTS, LIMITS, type MacroConfig, refuseUnusedOptions, resolveConfig } from '../generator/config.ts';
import { ToolError, UsageError } from '../generator/errors.ts';
import { errorLine, keyOf } from './words.ts';
import { affineParamsFromRows, checkAffineParams } from '../generator/vectors/affine-params.ts';
import { type AffineParams, IterL2NormModel } from '../generator/model/iterl2norm.ts';
import { generate } from '../generator/rtl/generate.ts';
import { formatVectorText, readVectorFile } from '../generator/vectors/vector-file.ts';
import { jsonText, writeOutputs } from '../generator/io/atomic-write.ts';
import { type OutputTarget, checkDistinct, checkInputsNotOutputs, checkOutputFile, checkOutputFolder, outputFileOption, pathOption } from '../generator/io/output-path.ts';
import { COMMANDS, checkCommand, missingValue, typedOptions } from './args.ts';
import { DECODE_DESCRIPTION, VECTORS_DESCRIPTION, cmdDecode, cmdVectors, decodeOptions, vectorsOptions } from './vectors.ts';
import { VERSION } from '../generator/rtl/generate.ts';
import { runtimeTestVectors, testVectors } from '../generator/vectors/test-vectors.ts';
import { elaborate } from '../generator/plan.ts';
import { SIMULATORS, type Simulator, cosim } from '../sim/cosim.ts';
import { SimulationTimeout } from '../sim/icarus.ts';
import { argvWithDesign, checkAgrees, designBesideWarning, readDesign } from './design-option.ts';
import { formatMemh, memhHeader } from '../generator/vectors/memh.ts';
import { counted } from './words.ts';
import { CLOCK_PERIOD_LIMITS, DEFAULT_CLOCK_PERIOD_NS, checkClockPeriod } from '../generator/rtl/clock.ts';
import { FLOWS, type Flow } from '../generator/rtl/openlane.ts';
import { SYNTH_DESCRIPTION, cmdSynth, synthOptions } from './synth.ts';
import { EXPLORE_DESCRIPTION, cmdExplore, exploreOptions } from './explore.ts';
import { netlistDesign } from './netlist.ts';
import { SLANC_DESCRIPTION, cmdSlanc, slancOptions } from './slanc.ts';
import { ACCURACY_DESCRIPTION, accuracyOptions, cmdAccuracy } from './accuracy.ts';
import { PROVE_DESCRIPTION, cmdProve, proveOptions } from './prove.ts';
import { internalRangeWarning } from '../generator/format/range.ts';
import { integerOption, integerOrText, realOrText } from './options.ts';
import { MAX_LATENCY } from '../generator/rtl/depth-model.ts';
import { readResiduals, residualFileOptions, residualFiles } from './residual.ts';
import { residualTestVectors } from '../generator/vectors/residual-vectors.ts';
import { OUT_FORMAT_NAMES } from '../generator/format/quant-format.ts';
import { quantisedTexts, staticScaleOption } from './quant-files.ts';
import { codeFileFormat, quantiserInput, scaleFileFormat } from '../generator/model/quantized.ts';


export function configOptions(y: Argv) {
  return y
    .option('d', { type: 'string', default: String(DEFAULTS.d), describe: `vector length (${LIMITS.d.min}..${LIMITS.d.max})` })
    .option('d-max', { type: 'string', describe: `instead of --d: one macro for every length 1..D, chosen per vector on the in_len port (2..${LIMITS.d.max})` })
    .option('format', { type: 'string', default: DEFAULTS.format, describe: 'I/O number format: fp32, bf16, fp16 or eXmY (X 4..11, Y 2..40)' })
    .option('internal', { type: 'string', default: DEFAULTS.internal, describe: 'format of the sum of squares and the scalar loop' })
    .option('lanes', { type: 'string', default: String(DEFAULTS.lanes), describe: `elements per clock beat, P (${LIMITS.lanes.min}..${LIMITS.lanes.max})` })
    .option('steps', { type: 'string', default: String(DEFAULTS.steps), describe: `iteration steps (${LIMITS.steps.min}..${LIMITS.steps.max})` })
    .option('rule', { type: 'string', default: DEFAULTS.rule, describe: 'update rule: newton (b*(1.5-0.5*s*b^2)) or euler (paper: b*(1+lambda*s*(1-s*b^2)))' })
    .option('lambda', { type: 'string', default: String(DEFAULTS.lambda), describe: 'Euler update rate, in (0, 1)' })
    .option('init', { type: 'string', default: DEFAULTS.init, describe: 'seed: exp (paper, b0 = 1 from the exponent of m) or table (ROM on the top mantissa bits of m)' })
    .option('init-bits', { type: 'string', default: DEFAULTS.initBits, describe: `mantissa bits indexing the seed table (${LIMITS.initBits.min}..${LIMITS.initBits.max}); auto: 6, or 8 for an internal format of more than 32 mantissa bits` })
    .option('mode', { type: 'string', default: DEFAULTS.mode, describe: 'l2 (x/||x||), rms (RMSNorm) or layer (LayerNorm)' })
    .option('affine', { type: 'string', describe: 'none, gamma or gamma-beta, from the parameter store [default: none for l2, gamma for rms, gamma-beta for layer]' })
    .option('eps', { type: 'string', default: String(DEFAULTS.eps), describe: 'LayerNorm/RMSNorm epsilon (added as d*eps to the sum of squares)' })
    .option('input-shift', { type: 'string', default: String(DEFAULTS.inputShift), describe: `static input scale 2^-K (SLaNC), K in ${LIMITS.inputShift.min}..${LIMITS.inputShift.max}` })
    .option('target-depth', { type: 'string', describe: 'pipeline the operators so that no stage exceeds this many gate levels (Yosys generic gates, as `synth` reports them) [default: no registers inside the operators]' })
    .option('clock-period', { type: 'string', describe: `target clock period in ns (${CLOCK_PERIOD_LIMITS.min}..${CLOCK_PERIOD_LIMITS.max}; 10 ns = 100 MHz, the paper's clock): the OpenLane bundle's clock and synth's timing; with --gate-delay, or with synth --liberty, the pipelining target [default: ${DEFAULT_CLOCK_PERIOD_NS}]` })
    .option('gate-delay', { type: 'string', describe: 'delay of one gate level in ps in your library: pipelines for --target-depth = floor(clock period / gate delay)' })
    .option('pipeline', { type: 'string', describe: `explicit operator registers instead of a target, e.g. add=2,mul=1,convert=1 (add 0..${MAX_LATENCY.add}, mul 0..${MAX_LATENCY.mul}, convert 0..${MAX_LATENCY.convert})` })
    .option('engine', { type: 'string', default: 'linerate', describe: 'linerate (a new vector every max(B, T) cycles, several in flight) or compact (one vector at a time, fewer cells)' })
    .option('interface', { type: 'string', default: 'stream', describe: 'the top level\'s ports: stream (valid/ready, in_len with --d-max, prm_wr_*) or axis (AXI4-Stream packets, AXI4-Lite registers, aclk/aresetn; docs/axis.md)' })
    .option('buffer-beats', { type: 'string', describe: 'depth of the vector memory\'s ring in beats (line rate, l2 and rms), at least one vector\'s beats ceil(d/lanes); below the default the stream waits for memory [default: the fewest with which no stream waits]' })
    .option('residual', { type: 'boolean', describe: 'a residual input in_res beside in_data: the unit normalises h = x + r and outputs h on out_res (docs/residual.md)' })
    .option('residual-sum', { type: 'string', describe: 'with --residual: where h is rounded, io (once to the I/O format) or internal (kept in the internal format for the statistics and the output multiply) [default: io]' })
    .option('out-format', { type: 'string', describe: `quantised outputs: ${OUT_FORMAT_NAMES.join(', ')} (docs/quantize.md) [default: the I/O format]` })
    .option('out-scale', { type: 'string', describe: 'fp8e4m3, fp8e5m2, int8: dynamic (s = max|y|/Qmax per vector) or static (s from --scales) [default: dynamic]' });
}

/** What configFrom needs besides the parsed options: which were typed, and for what command. */
export interface ConfigContext {
  typed?: ReadonlySet<string>;
  /** True when the command uses --clock-period on its own (generate --flow openlane, synth). */
  clockPeriodUsed?: boolean;
  /** False when the command never computes with the numbers (prove): no warning about the internal format's range. */
  rangeWarning?: boolean;
}

export function configFrom(argv: Record<string, unknown>, ctx: ConfigContext = {}): MacroConfig {
  const runtime = argv['d-max'] !== undefined;
  const opts: ConfigOptions = {
    // with --d-max, --d counts only when typed (its default would clash)
    d: runtime && !ctx.typed?.has('d') ? undefined : integerOrText(argv.d) as number,
    dMax: runtime ? integerOrText(argv['d-max']) as number : undefined,
    format: argv.format as string,
    internal: argv.internal as string,
    lanes: integerOrText(argv.lanes) as number,
    steps: integerOrText(argv.steps) as number,
    rule: argv.rule as string,
    lambda: realOrText('lambda', argv.lambda) as number,
    init: argv.init as string,
    initBits: integerOrText(argv['init-bits']) as number,
    mode: argv.mode as string,
    affine: argv.affine as string | undefined,
    eps: realOrText('eps', argv.eps) as number,
    inputShift: integerOrText(argv['input-shift']) as number,
    pipeline: argv.pipeline as string | undefined,
    targetDepth: argv['target-depth'] === undefined ? undefined : integerOrText(argv['target-depth']) as number,
    clockPeriodNs: checkClockPeriod(realOrText('clock-period', argv['clock-period'] ?? String(DEFAULT_CLOCK_PERIOD_NS))),
    gateDelayPs: argv['gate-delay'] === undefined ? undefined : integerOrText(argv['gate-delay']) as number,
    engine: argv.engine as string | undefined,
    interface: argv.interface as string | undefined,
    bufferBeats: argv['buffer-beats'] === undefined ? undefined : integerOrText(argv['buffer-beats']) as number,
    residual: argv.residual === true ? true : undefined,
    residualSum: argv['residual-sum'] as string | undefined,
    outFormat: argv['out-format'] as string | undefined,
    outScale: argv['out-scale'] as string | undefined,
  };
  const cfg = resolveConfig(opts);
  if (ctx.typed) refuseUnusedOptions(cfg, new Set([...ctx.typed].map(keyOf)), ctx.clockPeriodUsed ?? false);
  const warning = ctx.rangeWarning === false ? undefined : internalRangeWarning(cfg.format, cfg.internal, cfg.d);
  if (warning) process.stderr.write(`iterl2norm: warning: ${warning}\n`);
  return cfg;
}

type Out = { log: (s: string) => void };

/** gamma (line 1) and beta (line 2) from a vector file, for affine configurations. */
function readParams(argv: Record<string, unknown>, cfg: MacroConfig, required: boolean): AffineParams | undefined {
  const file = pathOption('--params', argv.params);
  if (file === undefined) return checkAffineParams(cfg, undefined, required);
  if (cfg.affine === 'none') return checkAffineParams(cfg, {}, required, file);
  return affineParamsFromRows(cfg, readVectorFile(file, cfg.format, cfg.d), file);
}

/** Where a command's messages go: stderr when some output is standard output. */
function messages(out: Out, targets: Array<OutputTarget | undefined>): Out {
  return targets.some((t) => t?.kind === 'stdout') ? { log: (s) => process.stderr.write(`${s}\n`) } : out;
}

function cmdGenerate(argv: Record<string, unknown>, out: Out, typed: ReadonlySet<string>): number {
  const flow = argv.flow as Flow;
  if (!(FLOWS as readonly string[]).includes(flow)) throw new UsageError(`--flow must be one of ${FLOWS.join(', ')} (got ${JSON.stringify(argv.flow)})`);
  const cfg = configFrom(argv, { typed, clockPeriodUsed: flow !== 'none' });
  const clockPeriodNs = checkClockPeriod(realOrText('clock-period', argv['clock-period'] ?? String(DEFAULT_CLOCK_PERIOD_NS)));
  const g = generate(cfg, pathOption('--out', argv.out), { flow, clockPeriodNs });
  out.log(`${g.top}: ${counted(g.files.length, 'Verilog file')}, manifest.json, files.f and ${g.top}_inst.v in ${g.dir}`);
  if (g.removed.length) out.log(`removed ${counted(g.removed.length, 'file')} of an earlier design in that folder (its manifest.json listed them), e.g. ${g.removed[0]}`);
  if (g.flowFiles.length) out.log(`${flow}: ${g.flowFiles.map((f) => f.slice(g.dir.length + 1)).join(', ')} (clock ${clockPeriodNs} ns); run: cd ${g.dir} && openlane config.json`);
  const lat = g.manifest.latency as typeof g.manifest.latency & { inD?: string };
  const thr = g.manifest.throughput as typeof g.manifest.throughput & { inD?: string };
  if (lat.inD) {
    out.log(`vector length per vector ${cfg.interface === 'axis' ? 'from its packet' : 'on in_len'}, 1..${cfg.d}: latency ${lat.inD} cycles (${lat.cycles} at d = ${cfg.d}), a vector every ${thr.inD} cycles when streaming one length`);
  } else out.log(`latency ${lat.cycles} cycles (${lat.formula}), a vector every ${thr.cycles} cycles when streaming`);
  const p = g.manifest.pipeline;
  out.log(`operator pipeline registers: add ${p.registers.add}, mul ${p.registers.mul}, convert ${p.registers.convert}; estimated deepest stage ${p.estimatedDepth} gate levels${p.targetDepth === null ? '' : ` (target ${p.targetDepth})`}`);
  return 0;
}

/**
 * The configuration of golden and cosim: from the command line, or with --design DIR from the
 * design's manifest.json (typed config options must agree with it).
 */
function commandConfig(argv: Record<string, unknown>, typed: ReadonlySet<string>): { cfg: MacroConfig; design?: string } {
  const dir = pathOption('--design', argv.design);
  if (dir === undefined) return { cfg: configFrom(argv, { typed }) };
  const design = readDesign(dir);
  const cfg = configFrom(argvWithDesign(argv, design, typed), { typed });
  checkAgrees(cfg, design);
  return { cfg, design: design.manifest };
}

/** At most one input may be standard input (`-`): it can be read once. */
function checkOneStdin(inputs: Array<{ option: string; given: string | undefined }>): void {
  const dashes = inputs.filter((i) => i.given === '-');
  if (dashes.length > 1) throw new UsageError(`${dashes[0]!.option} and ${dashes[1]!.option} both read standard input (-); give at most one`);
}

function cmdGolden(argv: Record<string, unknown>, out: Out, typed: ReadonlySet<string>): number {
  const { cfg, design } = commandConfig(argv, typed);
  const inPath = pathOption('--in', argv.in)!;
  const paramsPath = pathOption('--params', argv.params);
  const target = checkOutputFile('--out', pathOption('--out', argv.out)!);
  const memhT = outputFileOption('--memh', argv.memh);
  const res = residualFiles(argv, cfg);
  if (cfg.residual !== null && res.inPath === undefined) throw new UsageError('a --residual design normalises x + r: give --res-in FILE, the residual vectors (one per vector of --in and as long)');
  const scalesT = outputFileOption('--scales-out', argv['scales-out']);
  if (scalesT && !cfg.outFormat) throw new UsageError('--scales-out writes the scales of quantised outputs: give --out-format too, or remove it');
  if (memhT && cfg.outFormat) throw new UsageError('--memh writes I/O-format beats; with --out-format the results are codes: remove --memh');
  const scalesPath = pathOption('--scales', argv.scales);
  checkDistinct([target, memhT, res.outTarget, scalesT]);
  checkOneStdin([{ option: '--in', given: inPath }, { option: '--params', given: paramsPath }, { option: '--res-in', given: res.inPath }, { option: '--scales', given: scalesPath }]);
  checkInputsNotOutputs([{ option: '--in', given: inPath }, paramsPath === undefined ? undefined : { option: '--params', given: paramsPath }, design === undefined ? undefined : { option: '--design', given: design }, res.inPath === undefined ? undefined : { option: '--res-in', given: res.inPath }, scalesPath === undefined ? undefined : { option: '--scales', given: scalesPath }], [target, memhT, res.outTarget, scalesT]);
  if (!design) {
    const warning = designBesideWarning(cfg, [inPath, target.kind === 'file' ? target.path : undefined]);
    if (warning) process.stderr.write(`iterl2norm: warning: ${warning}\n`);
  }
  const vectors = readVectorFile(inPath, cfg.format, cfg.d, cfg.runtimeLength);
  const residuals = res.inPath === undefined ? undefined : readResiduals(res.inPath, cfg, vectors);
  const params = readParams(argv, cfg, true);
  const staticScale = staticScaleOption(argv, cfg);
  const model = new IterL2NormModel(cfg);
  const traces = vectors.map((x, k) => model.trace(x, params, residuals?.[k], cfg.outFormat ? quantiserInput(cfg) : cfg.format));
  const results = traces.map((t) => t.y);
  const quant = cfg.outFormat ? quantisedTexts(cfg, results, staticScale) : undefined;
  const layout = { lanes: cfg.lanes, dMax: cfg.runtimeLength ? cfg.d : undefined };
  writeOutputs([
    { target, data: quant ? quant.codes : formatVectorText(results, cfg.format, undefined, !cfg.runtimeLength) },
    res.outTarget && { target: res.outTarget, data: formatVectorText(traces.map((t) => t.res), cfg.format, undefined, !cfg.runtimeLength) },
    memhT && { target: memhT, data: formatMemh(results, cfg.format, layout, memhHeader('golden results (out_data beats)', results, cfg.format, layout)) },
    scalesT && quant && { target: scalesT, data: quant.scales },
  ]);
  messages(out, [target, memhT]).log(`${counted(vectors.length, 'vector')} normalised into ${target.kind === 'stdout' ? 'standard output' : target.given}${memhT ? ` and ${memhT.kind === 'stdout' ? 'standard output' : memhT.given} ($readmemh beats)` : ''}${design ? ` (configuration of ${design})` : ''}`);
  return 0;
}

const WAVE_KINDS = { '.vcd': 'vcd', '.fst': 'fst' } as const;

function cmdCosim(argv: Record<string, unknown>, out: Out, typed: ReadonlySet<string>): number {
  if (argv.liberty !== undefined && argv.netlist === undefined) throw new UsageError('--liberty applies to a gate-level run only: give it with --netlist NET.v');
  if (argv.netlist !== undefined && argv.design !== undefined) throw new UsageError('give either --netlist NET.v (its configuration comes from the manifest beside it) or --design DIR, not both');
  const gate = argv.netlist === undefined ? undefined : netlistDesign(argv.netlist, argv.liberty, typed);
  const { cfg, design } = gate ? { cfg: gate.cfg, design: undefined } : commandConfig(argv, typed);
  if (argv.in !== undefined && argv.vectors !== undefined) throw new UsageError('give either --in VECTORS or --vectors N, not both');
  const seed = integerOption('seed', argv.seed, 0, 2 ** 31 - 1);
  const simulator = (argv.sim ?? 'icarus') as Simulator;
  if (!(SIMULATORS as readonly string[]).includes(simulator)) throw new UsageError(`--sim must be one of ${SIMULATORS.join(', ')} (got ${JSON.stringify(argv.sim)})`);
  const watchdog = integerOption('watchdog', argv.watchdog, 1, 7 * 24 * 3600);
  // every output is checked before the simulation
  const outT = outputFileOption('--out', argv.out);
  const jsonT = outputFileOption('--json', argv.json);
  const vcdT = outputFileOption('--vcd', argv.vcd);
  const paramsT = outputFileOption('--params-out', argv['params-out']);
  const res = residualFiles(argv, cfg);
  const scalesT = outputFileOption('--scales-out', argv['scales-out']);
  if (scalesT && !cfg.outFormat) throw new UsageError('--scales-out writes the scales of quantised outputs: give --out-format too, or remove it');
  checkDistinct([outT, jsonT, vcdT, paramsT, res.outTarget, scalesT]);
  const keep = pathOption('--keep', argv.keep);
  const keepDir = keep === undefined ? undefined : checkOutputFolder('--keep', keep);
  const inPath = pathOption('--in', argv.in);
  const paramsPath = pathOption('--params', argv.params);
  checkOneStdin([{ option: '--in', given: inPath }, { option: '--params', given: paramsPath }, { option: '--res-in', given: res.inPath }]);
  if (cfg.residual !== null && inPath !== undefined && res.inPath === undefined) throw new UsageError('a --residual design with --in needs --res-in FILE, the residual vectors (one per vector of --in and as long); --vectors N makes its own');
  checkInputsNotOutputs(
    [inPath === undefined ? undefined : { option: '--in', given: inPath }, paramsPath === undefined ? undefined : { option: '--params', given: paramsPath }, design === undefined ? undefined : { option: '--design', given: design }, res.inPath === undefined ? undefined : { option: '--res-in', given: res.inPath }],
    [outT, jsonT, vcdT, paramsT, res.outTarget, scalesT],
    [keep === undefined ? undefined : { option: '--keep', given: keep }],
  );
  let waves: 'vcd' | 'fst' | undefined;
  if (vcdT) {
    waves = WAVE_KINDS[extname(vcdT.given).toLowerCase() as keyof typeof WAVE_KINDS] ?? 'vcd';
  }
  if (paramsT && cfg.affine === 'none') throw new UsageError(`--params-out: this configuration has no affine parameters (--affine none)`);
  let vectors: number[][];
  if (inPath !== undefined) vectors = readVectorFile(inPath, cfg.format, cfg.d, cfg.runtimeLength);
  else {
    const n = integerOption('vectors', argv.vectors ?? '100', 1, 100000);
    vectors = cfg.runtimeLength
      ? runtimeTestVectors(cfg.format, cfg.d, cfg.lanes, n, String(seed))
      : testVectors(cfg.format, cfg.d, n, String(seed)).slice(0, n).map((v) => v.words);
  }
  const residuals = res.inPath !== undefined ? readResiduals(res.inPath, cfg, vectors) : cfg.residual !== null ? residualTestVectors(cfg.format, vectors, String(seed)) : undefined;
  const gap = integerOption('gap', argv.gap, 0, 95);
  const stall = integerOption('stall', argv.stall, 0, 95);
  const stress = argv.stress === undefined ? vectors.length : integerOption('stress', argv.stress, 0, vectors.length);
  const params = readParams(argv, cfg, false);
  const staticScale = staticScaleOption(argv, cfg, false);
  const r = cosim({ cfg, vectors, seed, params, staticScale, gapPercent: gap, stallPercent: stall, stressCount: stress, workDir: keepDir, simulator, waves, timeoutSeconds: watchdog, design: gate?.gate, residuals });
  const log = messages(out, [outT, jsonT, vcdT, paramsT]).log;
  if (gate) log(`gate level: ${gate.netlistFile} (configuration from ${gate.manifestFile}), ${counted(gate.gate.cells.length, 'cell type')} of ${gate.lib.name} modelled from their Liberty functions, ${gate.gate.stores.length} store geometr${gate.gate.stores.length === 1 ? 'y' : 'ies'} as the behavioural store`);
  log(`${r.top}: ${counted(r.vectors, 'vector')}${design ? ` (configuration of ${design})` : ''}, mode ${cfg.mode}, ${cfg.runtimeLength ? `d=1..${cfg.d} per vector (${lengthSummary(vectors)})` : `d=${cfg.d}`}, ${cfg.format.name}, ${counted(cfg.lanes, 'lane')}, internal ${cfg.internal.name}, ${cfg.rule} x${cfg.steps}, seed ${cfg.init}`);
  if (residuals) log(`residual: h = x + r rounded to ${cfg.residual === 'io' ? cfg.format.name : `${cfg.internal.name} (out_res rounded to ${cfg.format.name})`}, r ${res.inPath !== undefined ? `from ${String(argv['res-in'])}` : `made from --seed ${seed} (vectors --residual makes the same)`}; out_res checked beside out_data`);
  if (r.params) log(`affine parameters: ${r.params.source === 'given' ? `from ${String(argv.params)}` : `seeded random gamma${r.params.beta ? ' and beta' : ''} (seed "${r.params.seed}", from --seed ${seed}; --params-out FILE writes them, --params FILE gives your own)`}`);
  if (cfg.runtimeLength) {
    log(cfg.interface === 'axis'
      ? `(--d-max, AXI4-Stream: the vectors go in one packet at a time, each latency checked against the formula for its own d; the predicted figures below are those of d = ${cfg.d})`
      : `(--d-max: each vector's latency and start are checked against the formulas for its own d; the predicted figures below are those of d = ${cfg.d})`);
  }
  log(`latency: predicted ${r.latency.predicted} cycles (${r.latency.formula}), ${r.latency.min === null ? 'no vector finished' : `measured min ${r.latency.min} max ${r.latency.max}`}`);
  log(`streaming period: predicted ${r.throughput.predicted} cycles (${r.throughput.formula}), ${r.throughput.min === null ? `not measured (${r.vectors < 2 ? 'it needs two vectors or more' : cfg.runtimeLength && cfg.interface === 'axis' ? 'one packet at a time' : 'no two vectors started'})` : `measured min ${r.throughput.min} max ${r.throughput.max}`}`);
  log(`time: generate ${r.seconds.generate.toFixed(2)} s, golden model ${r.seconds.golden.toFixed(2)} s, simulation (${r.simulator}) ${r.seconds.simulate.toFixed(2)} s${r.simulator === 'verilator' ? ` (of which build ${r.seconds.build.toFixed(2)} s${r.buildCached ? ', cached' : ''})` : ''}`);
  for (const m of r.mismatches.slice(0, 5)) log(`mismatch: ${m.port ? `${m.port} ` : ''}vector ${m.vector} element ${m.element} (${m.phase}): expected ${m.expected}, got ${m.got}`);
  for (const w of r.latency.wrong.slice(0, 5)) log(`latency: vector ${w.vector} took ${w.measured} cycles, predicted ${cfg.runtimeLength ? elaborate(cfg).runtime!.latencyAt(vectors[w.vector]!.length).cycles : r.latency.predicted}`);
  for (const e of r.protocolErrors.slice(0, 5)) log(`protocol: ${e.slice(2)}`);
  const { outputs, waves: waveBytes, residualOutputs, scales, ...report } = r;
  const paramRows = r.params ? [r.params.gamma, ...(r.params.beta ? [r.params.beta] : [])].map((row) => row.map((h) => parseInt(h, 16))) : [];
  writeOutputs([
    outT && { target: outT, data: formatVectorText(outputs, cfg.outFormat ? codeFileFormat(cfg.outFormat.element) : cfg.format, undefined, !cfg.runtimeLength) },
    scalesT && scales && { target: scalesT, data: formatVectorText(scales, scaleFileFormat(cfg), [`${cfg.outFormat!.name} ${cfg.outFormat!.kind === 'mx' ? 'block scales (E8M0, one per 32 elements)' : `scale s (fp32, ${cfg.outScale})`} per vector`], cfg.outFormat!.kind !== 'mx' || !cfg.runtimeLength) },
    jsonT && { target: jsonT, data: jsonText({ ...report, ...(gate ? { netlist: { file: gate.netlistFile, manifest: gate.manifestFile, liberty: gate.lib.name, libertyFile: gate.lib.file, cells: gate.gate.cells, stores: gate.gate.stores } } : {}), wallClockSeconds: r.seconds.total }) },
    vcdT && waveBytes && { target: vcdT, data: waveBytes },
    res.outTarget && residualOutputs && { target: res.outTarget, data: formatVectorText(residualOutputs, cfg.format, undefined, !cfg.runtimeLength) },
    paramsT && { target: paramsT, data: formatVectorText(paramRows, cfg.format, [`${r.params!.source === 'given' ? 'given' : `seeded random (${r.params!.seed})`} affine parameters: gamma${r.params!.beta ? ', then beta' : ''}`]) },
  ]);
  log(`${r.passed} passed, ${r.failed} failed`);
  return r.failed === 0 ? 0 : 1;
}

/** "lengths 1 to 1024, 17 different" for the log line. */
function lengthSummary(vectors: number[][]): string {
  const lengths = vectors.map((v) => v.length);
  return `lengths ${Math.min(...lengths)} to ${Math.max(...lengths)}, ${new Set(lengths).size} different`;
}

/** yargs prints a one-letter option as `-d`; the README and the contract spell it `--d`. */
function helpSpelling(text: string): string {
  return text.replace(/^ {2}-d( +)/gm, (_m, sp: string) => `      --d${sp.slice(Math.min(5, sp.length - 1))}`);
}

const STDOUT: Out = { log: (s) => process.stdout.write(`${s}\n`) };

export async function main(rawArgs: string[], out: Out = STDOUT): Promise<number> {
  // yargs reads a lone `-` as a positional argument: bind it to the option before it
  const args = rawArgs.flatMap((a, i) => (a === '-' && /^--?[^-=]/.test(rawArgs[i - 1] ?? '') ? [] : [rawArgs[i + 1] === '-' && /^--?[^-=]/.test(a) ? `${a}=-` : a]));
  let code = 0;
  let usageProblem: string | undefined;
  let valueProblem: string | undefined;
  const parser = yargs(args)
    .scriptName('iterl2norm')
    .usage('$0 <command> [options]')
    .command('generate', 'write the Verilog of one configuration and manifest.json', (y) =>
      configOptions(y).option('out', { type: 'string', describe: 'output directory (default rtl-out/<top module>/)' })
        .option('flow', { type: 'string', default: 'none', describe: `also write a back-end bundle: ${FLOWS.join(' or ')} (openlane: config.json, constraints.sdc, synth.ys)` })
      )
    .command('golden', 'run the bit-exact model over a vector file', (y) =>
      residualFileOptions(configOptions(y), false)
        .option('design', { type: 'string', describe: 'take the configuration from this generated design\'s manifest.json (config options given too must agree)' })
        .option('in', { type: 'string', describe: 'input vector file (- : standard input)', demandOption: true })
        .option('out', { type: 'string', describe: 'result vector file (- : standard output)', demandOption: true })
        .option('memh', { type: 'string', describe: 'also write the results as $readmemh beats (P lanes per line, lane P-1 leftmost)' })
        .option('params', { type: 'string', describe: 'affine parameters: a vector file with a gamma line (and a beta line)' })
        .option('scales', { type: 'string', describe: 'with --out-scale static: the scale s, a file of one line with its fp32 pattern (8 hex digits)' })
        .option('scales-out', { type: 'string', describe: 'with --out-format: write the scales, one line per vector (fp32 s as 8 hex digits, or MX block scales as 2-digit E8M0 words)' }))
    .command('cosim', 'simulate the RTL with Icarus Verilog (or --sim verilator) against the model', (y) =>
      residualFileOptions(configOptions(y), true)
        .option('design', { type: 'string', describe: 'take the configuration from this generated design\'s manifest.json (config options given too must agree)' })
        .option('in', { type: 'string', describe: 'input vector file, - : standard input (or --vectors)' })
        .option('params', { type: 'string', describe: 'affine parameters: a vector file with a gamma line (and a beta line) [default: seeded random, from --seed]' })
        .option('params-out', { type: 'string', describe: 'write the affine parameters the run used (a vector file for --params and golden)' })
        .option('scales-out', { type: 'string', describe: 'with --out-format: write the scales, one line per vector (2-digit E8M0 words, or the fp32 s)' })
        .option('scales', { type: 'string', describe: 'with --out-scale static: the scale s, a file of one line with its fp32 pattern [default: RNE(1/Qmax)]' })
        .option('vectors', { type: 'string', describe: 'number of generated test vectors, corner cases first [default: 100]' })
        .option('seed', { type: 'string', default: '1', describe: 'seed of the generated vectors, of the random affine parameters and of the test bench stalls' })
        .option('out', { type: 'string', describe: 'write the (checked) results here (- : standard output)' })
        .option('json', { type: 'string', describe: 'write the JSON report here' })
        .option('vcd', { type: 'string', describe: 'write waveforms of the macro\'s ports and top-level state here (FILE.fst: FST; Icarus)' })
        .option('stress', { type: 'string', describe: 'vectors also run with random gaps and back-pressure [default: all]' })
        .option('gap', { type: 'string', default: '30', describe: 'percent of cycles without in_valid in the stress phase' })
        .option('stall', { type: 'string', default: '30', describe: 'percent of cycles without out_ready in the stress phase' })
        .option('keep', { type: 'string', describe: 'keep the simulation directory (RTL, test bench, logs) here: a new or empty folder, or one an earlier --keep made' })
        .option('watchdog', { type: 'string', default: '900', describe: 'seconds a simulation may run before it is stopped (exit status 4)' })
        .option('sim', { type: 'string', default: 'icarus', describe: `simulator: ${SIMULATORS.join(' or ')} (same bench and checks; Verilator builds C++ first)` })
        .option('netlist', { type: 'string', describe: 'simulate this gate-level netlist (written by synth --liberty --netlist) instead of the RTL; the configuration comes from the manifest beside it (NET-stem.manifest.json): give no configuration option' })
        .option('liberty', { type: 'string', describe: 'with --netlist: the library it was mapped to; its cell functions are the simulation models' }))
    .command('synth', SYNTH_DESCRIPTION, (y) => synthOptions(configOptions(y)))
    .command('prove', PROVE_DESCRIPTION, (y) => proveOptions(configOptions(y)))
    .command('vectors', VECTORS_DESCRIPTION, (y) => vectorsOptions(y))
    .command('decode', DECODE_DESCRIPTION, (y) => decodeOptions(y))
    .command('slanc', SLANC_DESCRIPTION, (y) => slancOptions(y))
    .command('accuracy', ACCURACY_DESCRIPTION, (y) => accuracyOptions(y))
    .command('explore', EXPLORE_DESCRIPTION, (y) => exploreOptions(y))
    .demandCommand(1, `give a command: ${COMMANDS.join(', ')}`)
    // yargs 18 passes its instance to middleware (the types, of 17, do not say so): after the
    // command's builder ran, getOptions() knows which options take a value
    .middleware(((_argv: unknown, y: { getOptions(): { string: string[] } }) => {
      valueProblem = missingValue(args, new Set(y.getOptions().string));
    }) as never)
    .strict()
    .help()
    .alias('h', 'help')
    .version('version', 'print the version', VERSION)
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, err) => {
      if (err) throw err;
      const unknown = /^Unknown arguments?: (.*)$/.exec(msg ?? '');
      usageProblem = unknown
        ? `unknown option ${unknown[1].split(', ').map((o) => (o.length > 1 ? `--${o}` : `-${o}`)).join(', ')}: see iterl2norm <command> --help`
        : msg;
    });
  const log = console.log;
  try {
    checkCommand(args);
    // yargs prints help and the version with console.log; the help is respelled on the way
    console.log = (...a: unknown[]) => out.log(helpSpelling(a.map(String).join(' ')));
    let argv: Record<string, unknown>;
    try {
      argv = (await parser.parseAsync()) as Record<string, unknown>;
    } finally {
      console.log = log;
    }
    if (argv.help || argv.version) return 0;
    if (valueProblem) throw new UsageError(valueProblem);
    if (usageProblem) throw new UsageError(usageProblem);
    const command = (argv._ as string[])[0];
    const typed = typedOptions(args);
    if (command === 'generate') code = cmdGenerate(argv, out, typed);
    else if (command === 'golden') code = cmdGolden(argv, out, typed);
    else if (command === 'cosim') code = cmdCosim(argv, out, typed);
    else if (command === 'synth') code = await cmdSynth(argv, out, (a) => configFrom(a, { typed, clockPeriodUsed: true }));
    else if (command === 'prove') code = cmdProve(argv, out, (a) => configFrom(a, { typed, rangeWarning: false }));
    else if (command === 'vectors') code = cmdVectors(argv, out);
    else if (command === 'decode') code = cmdDecode(argv, out);
    else if (command === 'slanc') code = cmdSlanc(argv, out);
    else if (command === 'accuracy') code = await cmdAccuracy(argv, out);
    else if (command === 'explore') code = await cmdExplore(argv, out);
    else throw new UsageError(`unknown command "${command}": use ${COMMANDS.join(', ')}`);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`iterl2norm: ${errorLine(e)}\n`);
      return 2;
    }
    if (e instanceof SimulationTimeout) {
      process.stderr.write(`iterl2norm: a simulation exceeded --watchdog ${e.seconds} s and was stopped: the design hung, or the run needs a larger --watchdog\n`);
      return 4;
    }
    if (e instanceof ToolError) {
      process.stderr.write(`iterl2norm: ${e.message}\n`);
      return 3;
    }
    throw e;
  }
  return code;
}
