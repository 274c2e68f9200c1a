/**
 * The files a proof reads: the generated design with its floating-point operators replaced by
 * their data abstraction (templates/formal/abstract_operators.v.hbs), and the formal harness
 * (templates/formal/harness.v.hbs) with the shape of the configuration written into it.
 *
 * The harness's port list, the instance of the top and the input model (which beat is a vector's
 * first and last, where the length comes from) are the only parts that know the interface (the
 * core's valid/ready stream, or the AXI4-Stream wrapper with well-formed packets); the stream
 * model and the properties below them read `in_fire`, `out_fire`, `out_data` and `out_last` only
 * (with axis, `beats` and `hold` also read the output TKEEP and the unused TDATA bits).
 */
import { type MacroConfig, topModuleName } from '../generator/config.ts';
import { elaborate } from '../generator/plan.ts';
import { axisLatencyAt, axisWidths, coreConfig, keepOf } from '../generator/rtl/axis.ts';
import { VERSION, renderDesign } from '../generator/rtl/generate.ts';
import { renderTemplate } from '../generator/rtl/render.ts';

/** The operators whose arithmetic the proof abstracts (module name suffixes). */
export const ABSTRACTED_OPERATORS = ['fp_add', 'fp_mul', 'fp_convert'] as const;

export const HARNESS_MODULE = 'iterl2norm_formal_harness';

const bitsFor = (n: number): number => Math.max(1, Math.ceil(Math.log2(n + 1)));

export interface HarnessShape {
  top: string;
  /** Vector lengths the harness can see (fixed d: one). */
  lengths: number[];
  beats: (d: number) => number;
  /** The manifest's LATENCY for a vector of length d. */
  latency: (d: number) => number;
  /** Vectors that can be in flight (last input beat taken, last output beat not yet). */
  maxInFlight: number;
  initCycles: number;
}

export function harnessShape(cfg: MacroConfig): HarnessShape {
  const plan = elaborate(cfg);
  const P = cfg.lanes;
  const lengths = cfg.runtimeLength ? Array.from({ length: cfg.d }, (_, i) => i + 1) : [cfg.d];
  const latency = (d: number): number => (cfg.interface === 'axis' ? axisLatencyAt(cfg, d) : plan.runtime ? plan.runtime.latencyAt(d).cycles : plan.latency.cycles);
  // a vector holds its slot until its last store read; after it, the read stage and the output
  // register hold at most one beat each, of at most two more vectors
  const maxInFlight = plan.slots + 2;
  // the parameter store is written during the reset at the start: one cycle a beat
  const paramBeats = cfg.affine === 'none' ? 0 : Math.ceil(cfg.d / P);
  return { top: '', lengths, beats: (d) => Math.ceil(d / P), latency, maxInFlight, initCycles: Math.max(1, paramBeats) };
}

/** The harness's Verilog. */
export function renderHarness(cfg: MacroConfig, top: string): string {
  const plan = elaborate(cfg);
  const s = harnessShape(cfg);
  const P = cfg.lanes;
  const W = cfg.format.width;
  const LW = bitsFor(cfg.d);
  const BW = bitsFor(plan.B);
  const LNW = bitsFor(P);
  const afterLast = (d: number) => s.latency(d) - (s.beats(d) - 1);
  const maxAfter = Math.max(...s.lengths.map(afterLast));
  const CW = bitsFor(maxAfter + 1);
  const fifoBits = bitsFor(s.maxInFlight);        // 2^FW >= maxInFlight + 1
  const fifo = 2 ** fifoBits;
  const lastLanes = (d: number) => d - (s.beats(d) - 1) * P;
  const cases = (fn: string, width: number, value: (d: number) => number) =>
    s.lengths.map((d) => `            ${LW}'d${d}: ${fn} = ${width}'d${value(d)};`).join('\n');
  const saw = plan.storeAddressBits;
  const nParam = cfg.affine === 'gamma-beta' ? 2 : 1;
  const axis = cfg.interface === 'axis';
  const { tdata: TDW, tkeep: TKW } = axisWidths(cfg);
  const ports = axis ? ['aclk', 'aresetn', 's_axis_*', 'm_axis_*', 's_axil_* (idle)'] : ['clk', 'rst', 'in_valid', 'in_ready', 'in_data', ...(cfg.runtimeLength ? ['in_len'] : []),
    ...(cfg.affine === 'none' ? [] : ['prm_wr_en', 'prm_wr_addr', 'prm_wr_data']), 'out_valid', 'out_ready', 'out_data', 'out_last'];
  return renderTemplate('formal/harness.v.hbs', {
    version: VERSION,
    top,
    harness: HARNESS_MODULE,
    runtime: cfg.runtimeLength,
    axis, TDW, TKW, tdataPad: TDW > P * W, OWW: axis ? TKW + TDW : P * W,
    keepAll: keepOf(cfg, P).toString(), keepLast: keepOf(cfg, lastLanes(cfg.d)).toString(),
    affine: cfg.affine !== 'none',
    d: cfg.d,
    P, W, E: cfg.format.expBits, M: cfg.format.manBits,
    PW: P * W, LW, BW, LNW, CW, SAW: saw, PRMW: nParam * P * W,
    ICW: bitsFor(s.initCycles), initCycles: s.initCycles,
    FW: fifoBits, fifo, maxInFlight: s.maxInFlight,
    B: plan.B, lastLanes: lastLanes(cfg.d), latencyAfterLast: afterLast(cfg.d), ageMax: 2 ** CW - 1,
    beatsCases: cases('beats_of', BW, s.beats),
    lanesCases: cases('last_lanes_of', LNW, lastLanes),
    latencyCases: cases('latency_after_last_of', CW, afterLast),
    beatsText: cfg.runtimeLength ? `B = ceil(d/${P}), d from in_len` : `B = ${plan.B}`,
    latencyText: cfg.runtimeLength ? `LATENCY(d) per length` : `LATENCY = ${plan.latency.cycles} = ${plan.latency.formula}`,
    portsText: ports.join(', '),
  });
}

/**
 * The design as the proof reads it: every generated file except the abstracted operators, then
 * their abstraction, then the harness. `edit` may change a generated file first (a test's
 * mutation).
 */
export function proofFiles(cfg: MacroConfig, top: string, edit?: (file: string, text: string) => string, operators: 'abstract' | 'real' = 'abstract'): Array<{ file: string; text: string }> {
  const design = renderDesign(cfg).map((f) => ({ file: f.file, text: edit ? edit(f.file, f.text) : f.text }));
  const harness = { file: 'harness.v', text: renderHarness(cfg, top) };
  if (operators === 'real') return [...design, harness];
  // the operators are the core's (with axis, the wrapper's top instantiates the core)
  const core = topModuleName(coreConfig(cfg));
  const abstracted = new Set(ABSTRACTED_OPERATORS.map((op) => `${core}_${op}.v`));
  return [
    ...design.filter((f) => !abstracted.has(f.file)),
    { file: 'abstract_operators.v', text: renderTemplate('formal/abstract_operators.v.hbs', { prefix: core }) },
    harness,
  ];
}
