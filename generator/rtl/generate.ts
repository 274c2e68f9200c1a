/**
 * From a validated configuration to Verilog files and manifest.json: builds the template
 * context (every width and constant computed here, once), renders the operator templates,
 * the vector store and the top level.
 */
import { refuseQuantisedHardware } from '../quant-config.ts';
import { dynamicBufferShape, outLaneBits, quantiserLatencyNote, scaleBytesPerBeat } from './quantize-stage.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type MacroConfig, isPipelined, topModuleName } from '../config.ts';
import { seedWorstError, unpackedExponentBits } from './views/common.ts';
import { renderLineRate } from './views/line-rate.ts';

export { seedWorstError };
import { type Plan, elaborate } from '../plan.ts';
import type { MemoryRecord } from './manifest.ts';
import { storedFormat } from '../model/residual.ts';
import { residualRegisters } from '../residual-config.ts';
import { estimatedDepth } from './pipeline.ts';
import { type FlowOptions, flowFiles } from './openlane.ts';
import { MANIFEST, planDesignDir, writeDesignDir } from '../io/design-dir.ts';
import { renderOperators } from './operators.ts';
import { renderTemplate } from './render.ts';
import { PACKAGE_ROOT } from '../io/package-root.ts';
import type { AxisRecord, EngineRecord, Manifest, PortInfo, ResidualRecord } from './manifest.ts';
import { FILE_LIST, fileList, instanceFileName, instanceTemplate } from './helper-files.ts';
import { AXIL, axisLatency, axisPorts, axisWidths, coreConfig, packetBuffer, renderAxis, shapeValue } from './axis.ts';

export type { EngineRecord, Manifest, PortInfo };

export const VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;


export function ports(cfg: MacroConfig): PortInfo[] {
  if (cfg.interface === 'axis') return axisPorts(cfg);
  const plan = elaborate(cfg);
  const beat = cfg.lanes * cfg.format.width;
  const nParam = cfg.affine === 'gamma-beta' ? 2 : 1;
  const params: PortInfo[] = cfg.affine === 'none' ? [] : [
    { name: 'prm_wr_en', direction: 'input', width: 1, description: 'write one beat of the parameter store' },
    { name: 'prm_wr_addr', direction: 'input', width: plan.storeAddressBits, description: 'beat index a: elements a*P .. a*P+P-1' },
    { name: 'prm_wr_data', direction: 'input', width: nParam * beat, description: nParam === 2 ? 'gamma lanes in the low half, beta lanes in the high half' : 'gamma lanes' },
  ];
  return [
    { name: 'clk', direction: 'input', width: 1, description: 'clock, rising edge' },
    { name: 'rst', direction: 'input', width: 1, description: 'synchronous reset, active high' },
    { name: 'in_valid', direction: 'input', width: 1, description: 'input beat valid' },
    { name: 'in_ready', direction: 'output', width: 1, description: 'macro accepts an input beat' },
    { name: 'in_data', direction: 'input', width: beat, description: `lanes x ${cfg.format.name}, lane j at bits [j*${cfg.format.width} +: ${cfg.format.width}]` },
    ...(cfg.residual !== null ? [{ name: 'in_res', direction: 'input' as const, width: beat, description: `the residual r, lanes x ${cfg.format.name} beside in_data (the unit normalises h = x + r)` }] : []),
    ...(plan.runtime ? [{ name: 'in_len', direction: 'input' as const, width: plan.runtime.lengthBits, description: `the vector's length d, 1..${cfg.d} (0 or more counts as ${cfg.d}), read with its first beat; it is ceil(d/P) beats` }] : []),
    ...params,
    ...(cfg.outScale === 'static' ? [
      { name: 'scale_wr_en', direction: 'input' as const, width: 1, description: 'write the static scale s (no vector in flight; 1/s is ready 26 cycles later)' },
      { name: 'scale_wr_data', direction: 'input' as const, width: 32, description: 's as an fp32 pattern, 2^-126..2^126' },
    ] : []),
    { name: 'out_valid', direction: 'output', width: 1, description: 'output beat valid' },
    { name: 'out_ready', direction: 'input', width: 1, description: 'consumer accepts an output beat' },
    cfg.outFormat
      ? { name: 'out_data', direction: 'output', width: cfg.lanes * outLaneBits(cfg), description: `lanes x ${cfg.outFormat.name} codes (${outLaneBits(cfg)} bits), the normalised values quantised` }
      : { name: 'out_data', direction: 'output', width: beat, description: `lanes x ${cfg.format.name}, normalised` },
    ...(cfg.outFormat?.kind === 'mx' ? [{ name: 'out_scale', direction: 'output' as const, width: 8 * scaleBytesPerBeat(cfg), description: cfg.lanes >= 32 ? 'the E8M0 scale of each 32-lane block of the beat, block k at bits [8k +: 8]' : `the E8M0 scale of the beat's block (a block is ${32 / cfg.lanes} beats; the byte repeats on each)` }] : []),
    ...(cfg.outScale === 'static' ? [{ name: 'out_scale', direction: 'output' as const, width: 32, description: 'the static scale s (fp32), the same on every beat' }] : []),
    ...(cfg.outFormat && cfg.outScale === 'dynamic' ? [{ name: 'out_scale', direction: 'output' as const, width: 32, description: 'the vector\'s dynamic scale s = max(RNE_fp32(max|y| / Qmax), 2^-126) (fp32), on every beat of the vector' }] : []),
    ...(cfg.residual !== null ? [{ name: 'out_res', direction: 'output' as const, width: beat, description: `h = x + r, lanes x ${cfg.format.name} beside out_data (the new residual stream)` }] : []),
    { name: 'out_last', direction: 'output', width: 1, description: 'last beat of a vector' },
  ];
}

export interface GeneratedDesign {
  top: string;
  dir: string;
  files: string[];
  manifest: Manifest;
  /** Files of a back-end flow (`--flow openlane`: config.json, constraints.sdc, synth.ys). */
  flowFiles: string[];
  /** Files of an earlier design in `dir` removed as stale (names relative to dir). */
  removed: string[];
}



/**
 * The per-vector queues kept in memories (plan.entryMemory): the vector entries of --d-max (last
 * beat index and its lanes; LayerNorm's second pass reads them from a queue of its own), LayerNorm's
 * sums S, the 1/d of each reader, the output's hand-off queue. Instance paths as in the Verilog.
 */
export function entryMemoryRecords(plan: Plan): MemoryRecord[] {
  if (!plan.entryMemory) return [];
  const cfg = plan.cfg;
  const words = plan.slots;
  const wi = cfg.internal.width;
  const runtime = plan.runtime !== null;
  const layer = cfg.mode === 'layer';
  const dual = 'simple dual port: one write port, one registered read port';
  const entry = plan.storeAddressBits + cfg.lanes;
  const rec = (instance: string, width: number, holds: string): MemoryRecord => ({ instance, words, width, bits: words * width, ports: dual, holds });
  const inQueue = (name: string) => `${name}.store.ram`;
  const out: MemoryRecord[] = [];
  if (runtime) {
    out.push(rec(inQueue('slots.entries'), entry, 'per vector in flight: its last beat index and the lanes of that beat, read by the output'));
    if (layer) out.push(rec(inQueue('slots.entries_p2'), entry, 'the same entries, read by the second pass'));
  }
  if (layer) out.push(rec(inQueue('slots.sums'), wi, 'per vector: its sum S until its second pass starts'));
  if (plan.runtime?.recip) {
    out.push(rec(inQueue('mean_sq.inv'), wi, 'per vector: its 1/d until its mean square'));
    if (layer) out.push(rec(inQueue('centre.inv'), wi, 'per vector: its 1/d until its mean'));
  }
  out.push(rec('out.q_bs', wi + unpackedExponentBits(cfg.internal), 'the hand-off queue: per vector its factor b and scale'));
  if (layer) out.push(rec('out.q_mean', wi, 'the hand-off queue: per vector its mean'));
  return out;
}

/** Every memory instance of the design (instance paths as in the Verilog). */
function memoryRecords(plan: Plan): MemoryRecord[] {
  const cfg = plan.cfg;
  const width = cfg.lanes * cfg.format.width;
  const stored = cfg.lanes * storedFormat(cfg).width;
  const dual = 'simple dual port: one write port, one registered read port';
  const out: MemoryRecord[] = [];
  const pass2 = plan.ring.schedule.pass2;
  if (pass2?.shared) {
    out.push({ instance: 'slots.ring', words: plan.ring.schedule.beats, width: stored, bits: plan.ring.schedule.beats * stored, ports: dual, holds: `the ring of input beats${residualHolds(cfg)}, read by the second pass and by the output through its one read port` });
  } else if (pass2) {
    out.push({ instance: 'slots.ring', words: plan.ring.schedule.beats, width: stored, bits: plan.ring.schedule.beats * stored, ports: dual, holds: `the ring of input beats${residualHolds(cfg)}, read by the second pass` });
    out.push({ instance: 'slots.ring_b', words: pass2.beats, width: stored, bits: pass2.beats * stored, ports: dual, holds: `the ring of beats${residualHolds(cfg)} the second pass has read, read by the output` });
  } else {
    out.push({ instance: 'slots.ring', words: plan.ring.schedule.beats, width: stored, bits: plan.ring.schedule.beats * stored, ports: dual, holds: `the ring of input beats${residualHolds(cfg)}, read once by the output` });
  }
  if (cfg.outFormat && cfg.outScale === 'dynamic') {
    const { words, width: w } = dynamicBufferShape(cfg);
    out.push({ instance: 'out.quant.ybuf', words, width: w, bits: words * w, ports: dual, holds: `the y buffer of the dynamic scale: the beats in flight in the quantiser (y in ${cfg.internal.name} and the lane mask), a ring written and read once per move` });
  }
  if (cfg.affine !== 'none') {
    const n = cfg.affine === 'gamma-beta' ? 2 : 1;
    out.push({ instance: 'out.params', words: plan.B, width: n * width, bits: plan.paramMemoryBits, ports: dual, holds: cfg.affine === 'gamma-beta' ? 'gamma and beta' : 'gamma' });
  }
  out.push(...entryMemoryRecords(plan));
  return out;
}

/** The manifest's record of --residual (docs/residual.md). */
function residualRecord(plan: Plan): ResidualRecord {
  const cfg = plan.cfg;
  const st = storedFormat(cfg);
  return {
    sum: cfg.residual!, storedFormat: st.name, storedWordBits: st.width,
    vectorMemoryBits: plan.vectorMemoryBits, vectorMemoryBitsWithoutResidual: elaborate({ ...cfg, residual: null }).vectorMemoryBits,
    addedCycles: residualRegisters(cfg),
    definition: cfg.residual === 'io'
      ? 'h = RNE_io(x + r) at the input (combinational P adders); the memory stores h in the I/O format; out_res is the stored h'
      : 'h = RNE_int(x + r) with x, r converted exactly to the internal format, at the input (combinational); the memory stores h in the internal format; the statistics and the output multiply read it; out_res = RNE_io(h)',
  };
}

/** What a stored word is with --residual: h, and in which format. */
function residualHolds(cfg: MacroConfig): string {
  return cfg.residual === null ? '' : ` (h = x + r in ${storedFormat(cfg).name})`;
}

export function engineRecord(plan: Plan): EngineRecord {
  const ring = plan.ring;
  const pass2 = ring.schedule.pass2;
  const rings = pass2 && !pass2.shared;
  return {
    name: plan.engine, slots: plan.slots, bufferBeats: plan.bufferBeats, vectorMemoryBits: plan.vectorMemoryBits,
    entryMemoryBits: entryMemoryRecords(plan).reduce((sum, m) => sum + m.bits, 0),
    memories: memoryRecords(plan), paramMemoryBits: plan.paramMemoryBits,
    ring: {
      defaultBeats: ring.defaultBeats, vectorEntries: ring.schedule.entries, belowDefault: ring.belowDefault, readLag: ring.schedule.readLag,
      queueBound: {
        cycles: ring.queueBound, formula: ring.queueFormula,
        definition: 'back to back at the default depth without output stalls, the most cycles a vector\'s latency exceeds LATENCY(d) because it waits for earlier vectors\' outputs (a vector that does not wait takes exactly LATENCY(d))',
      },
      definition: rings
        ? `two rings of ${ring.schedule.beats} and ${pass2.beats} beats (default ${ring.defaultSplit!.input} + ${ring.defaultSplit!.output} = ${ring.defaultBeats}: the fewest with which no stream of lengths waits for memory): the input's, read by the second pass, which copies each beat into the output's; a beat's place is free once its reader has read it; ${ring.schedule.entries} vector entries`
        : pass2
          ? `one ring of ${ring.schedule.beats} beats, below two vectors' beats (default: two rings, ${ring.defaultSplit!.input} + ${ring.defaultSplit!.output} = ${ring.defaultBeats} beats): the second pass and the output read it through one read port, the output first; a beat's place is free once the output has read it; ${ring.schedule.entries} vector entries`
          : `a ring of ${ring.schedule.beats} beats (default ${ring.defaultBeats}: the fewest with which no stream of lengths waits for memory); a beat's place is free once the output has read it; ${ring.schedule.entries} vector entries`,
    },
    occupancy: { cycles: plan.T, formula: plan.schedule.occupancy.text, terms: { TL: plan.TL, E: plan.E, ...(isPipelined(plan.cfg) ? { A: plan.A } : {}), CS: plan.scalarOccupancy } },
    tree: { adders: plan.treeAdders, cycles: plan.TL },
    definition: `${plan.engine === 'compact' ? 'compact: the smallest buffer, one vector\'s beats; ' : ''}${rings ? 'two rings of beats' : 'a ring of beats'}; input and lane accumulation, lane tree, scalar unit and output are separate stages; a vector enters every max(B, T) cycles when the ring has room and leaves as soon as its factor is ready and the vectors before it have left`,
  };
}

export function configRecord(cfg: MacroConfig): Record<string, unknown> {
  return {
    d: cfg.runtimeLength ? null : cfg.d, ...(cfg.runtimeLength ? { dMax: cfg.d } : {}), format: cfg.format.name, internal: cfg.internal.name, lanes: cfg.lanes, steps: cfg.steps,
    rule: cfg.rule, lambda: cfg.lambda, init: cfg.init, initBits: cfg.initBits,
    mode: cfg.mode, affine: cfg.affine, eps: cfg.eps, inputShift: cfg.inputShift,
    pipeline: { ...cfg.pipeline }, targetDepth: cfg.targetDepth, engine: cfg.engine,
    ...(cfg.interface === 'axis' ? { interface: cfg.interface } : {}),
    ...(cfg.bufferBeats !== null ? { bufferBeats: cfg.bufferBeats } : {}),
    ...(cfg.residual !== null ? { residualSum: cfg.residual } : {}),
    ...(cfg.outFormat ? { outFormat: cfg.outFormat.name, ...(cfg.outScale ? { outScale: cfg.outScale } : {}) } : {}),
  };
}

/** All Verilog sources of a configuration, in compile order, as {file, text}. */
export function renderDesign(cfg: MacroConfig): Array<{ file: string; text: string }> {
  refuseQuantisedHardware(cfg);
  if (cfg.interface === 'axis') {
    const core = coreConfig(cfg);
    return [...renderDesign(core), ...renderAxis(cfg, topModuleName(core), topModuleName(cfg), VERSION)];
  }
  const prefix = topModuleName(cfg);
  const common = [
    ...renderOperators(prefix),
    { file: `${prefix}_vector_store.v`, text: renderTemplate('top/vector_store.v.hbs', { prefix }) },
  ];
  return [...common, ...renderLineRate(cfg, VERSION)];
}

/**
 * A --d-max formula written in d: the latency is linear in B = ceil(d/P) (its slope and constant
 * from the formula at B = 1 and 2), the period max(B, T) with T's value.
 */
function runtimeFormula(plan: Plan, which: 'latency' | 'period', axis = false): string {
  const P = plan.cfg.lanes;
  const B = `ceil(d/${P})`;
  if (which === 'period') return `max(${B}, ${plan.T})`;
  // the AXI4-Stream packet buffer adds B + 1 (generator/rtl/axis.ts)
  const at = (b: number) => plan.runtime!.latencyAt(b * P).cycles + (axis ? b + 1 : 0);
  const slope = at(2) - at(1);
  return `${slope}*${B} + ${at(1) - slope}`;
}

/** The manifest's record of the AXI4-Stream wrapper (docs/axis.md). */
function axisRecord(cfg: MacroConfig, plan: Plan): AxisRecord {
  const { tdata, tkeep } = axisWidths(cfg);
  const hex = (a: number) => `0x${a.toString(16).padStart(3, '0')}`;
  const affine = cfg.affine !== 'none';
  const registers = [
    { address: hex(AXIL.id), name: 'ID', access: 'RO', description: `0x${AXIL.idValue.toString(16)}: "I2N" and the register map's version 1` },
    { address: hex(AXIL.length), name: 'LENGTH', access: 'RO', description: `d${cfg.runtimeLength ? ' (the largest, --d-max)' : ''}: ${cfg.d}` },
    { address: hex(AXIL.shape), name: 'SHAPE', access: 'RO', description: `[7:0] lanes, [15:8] format width, [17:16] mode (0 l2, 1 rms, 2 layer), [19:18] affine (0 none, 1 gamma, 2 gamma-beta), [20] --d-max: 0x${shapeValue(cfg).toString(16)}` },
    { address: hex(AXIL.status), name: 'STATUS', access: 'RW', description: '[0] framing error seen (sticky); write 1 to bit 0 to clear it and FRAMING_ERRORS' },
    { address: hex(AXIL.framingErrors), name: 'FRAMING_ERRORS', access: 'RO', description: 'bad packets since reset or the last clear (saturating)' },
    ...(affine ? [
      { address: hex(AXIL.paramCommit), name: 'PARAM_COMMIT', access: 'WO', description: `write a beat index a (0..${plan.B - 1}): the staged lanes become parameter beat a (elements a*${cfg.lanes} .. a*${cfg.lanes}+${cfg.lanes - 1})` },
      { address: `${hex(AXIL.gammaBase)} + 4*j`, name: 'GAMMA_STAGE[j]', access: 'RW', description: `staged gamma of lane j (j < ${cfg.lanes}), bits [${cfg.format.width - 1}:0]` },
      ...(cfg.affine === 'gamma-beta' ? [{ address: `${hex(AXIL.betaBase)} + 4*j`, name: 'BETA_STAGE[j]', access: 'RW', description: `staged beta of lane j (j < ${cfg.lanes}), bits [${cfg.format.width - 1}:0]` }] : []),
    ] : []),
  ];
  const buffer = cfg.runtimeLength ? packetBuffer(cfg, plan) : null;
  return {
    tdataBits: tdata, tkeepBits: tkeep, axiLiteAddressBits: AXIL.addressBits, registers,
    framing: cfg.runtimeLength
      ? `a packet is a vector of d = (beats - 1)*${cfg.lanes} + L elements, L the lanes of the last beat that TKEEP keeps; a packet of more than ${plan.B} beats, with d > ${cfg.d} or with L = 0 is dropped whole (no output packet), counted in FRAMING_ERRORS, and the next packet is taken from the beat after its TLAST`
      : `a packet must be ${plan.B} beat(s) with TLAST on the last; a packet whose TLAST comes early is padded with zero beats, one whose TLAST comes late is truncated to ${plan.B} beats (the rest dropped up to TLAST); either way it gives one output packet of ${plan.B} beats (the normalised padded or truncated vector) and is counted in FRAMING_ERRORS; the next packet starts clean`,
    packetBuffer: buffer && {
      ringBeats: buffer.ringBeats, memoryBits: buffer.memoryBits, queueRegisterBits: buffer.queueBits, keepQueueRegisterBits: buffer.keepQueueBits, extraLatency: buffer.extraLatency,
      definition: 'each packet waits in a ring of B_max + 1 beats (a <core>_vector_store, an SRAM macro) until its TLAST, then enters the core with its length; one beat a cycle in and out, so a stream of one length keeps the core\'s period',
    },
  };
}

export function buildManifest(cfg: MacroConfig, files: string[]): Manifest {
  const axis = cfg.interface === 'axis';
  const plan = elaborate(axis ? coreConfig(cfg) : cfg);
  const lat = axis ? axisLatency(cfg) : plan.latency;
  const per = plan.period;
  return {
    top: topModuleName(cfg),
    generator: `iterl2norm ${VERSION}`,
    files,
    config: configRecord(cfg),
    ports: ports(cfg),
    latency: {
      ...lat, definition: axis ? 'clock edges from the edge accepting the first beat of an input packet to the edge accepting the last beat of its output packet, s_axis_tvalid and m_axis_tready held high' : 'clock edges from the edge accepting the first input beat to the edge accepting the last output beat, in_valid and out_ready held high',
      ...(plan.runtime ? { inD: runtimeFormula(plan, 'latency', axis), note: `cycles and terms are those of d = ${cfg.d}; B = ceil(d/${cfg.lanes}) for a vector of d elements` } : {}),
      ...(cfg.outFormat ? { quantiser: quantiserLatencyNote(cfg) } : {}),
      ...(plan.ring && plan.runtime ? { queued: `a vector that waits for earlier vectors${plan.ring.schedule.pass2 ? '\' second passes and outputs' : '\' outputs'} takes up to ${plan.ring.queueBound} cycles more (engine.ring.queueBound), back to back at the default depth` } : {}),
    },
    throughput: {
      ...per, definition: axis && plan.runtime
        ? 'clock edges between the last output beats of consecutive vectors of one length streamed back to back (the packet buffer keeps the core\'s period)'
        : 'clock edges between the first input beats of consecutive vectors when streaming back to back',
      ...(plan.ring ? { ringNote: plan.ring.belowDefault ? `the ring is below its default depth (${plan.ring.defaultBeats} beats): streams may wait for memory; cycles is the period of a stream of one length${plan.runtime ? ` d = ${cfg.d}` : ''}, from the cycle model` : 'at the default depth no stream waits for memory' } : {}),
      ...(plan.runtime && axis ? { inD: runtimeFormula(plan, 'period') } : {}),
      ...(plan.runtime && !axis ? { inD: runtimeFormula(plan, 'period'), afterDifferentLength: 'a vector of B2 beats after one of B1: its last beat max(T, B2) cycles after the previous one\'s (its first beat B1 + max(0, T - B2) cycles after the previous first beat), the ring having room' } : {}),
    },
    engine: engineRecord(plan),
    pipeline: {
      registers: { ...cfg.pipeline },
      targetDepth: cfg.targetDepth,
      estimatedDepth: estimatedDepth(cfg, cfg.pipeline),
      definition: 'gate levels are Yosys generic two-input gates after abc -fast, as `iterl2norm synth` reports the longest path; the estimate comes from generator/rtl/depth-model.ts',
    },
    reset: axis ? 'aresetn: synchronous, active low; one cycle empties the macro and clears the status (the parameter store keeps its words)' : 'rst: synchronous, active high; one cycle empties the macro',
    interface: cfg.interface,
    ...(cfg.residual !== null ? { residual: residualRecord(plan) } : {}),
    ...(axis ? { axis: axisRecord(cfg, plan) } : {}),
    numerics: 'IEEE 754 per operation, round to nearest even, subnormals kept; NaN or infinite sum of squares -> all outputs canonical NaN; zero sum of squares -> signed zeros',
  };
}

/**
 * Writes the design into `dir` (default rtl-out/<top>/): all files or none, checked first, and
 * the files of an earlier design in that folder that this one does not write are removed
 * (generator/io/design-dir.ts). Other files in `dir` are left alone. `outOption` names the folder
 * in error messages (the command line's `--out`, the library's `outDir`).
 */
export function generate(cfg: MacroConfig, outDir?: string, flow: FlowOptions = {}, outOption = '--out'): GeneratedDesign {
  const top = topModuleName(cfg);
  const sources = renderDesign(cfg);
  const manifest = buildManifest(cfg, sources.map((s) => s.file));
  const extra = flowFiles(manifest, flow);
  const helpers = [
    { file: FILE_LIST, text: fileList(top, sources) },
    { file: instanceFileName(top), text: instanceTemplate(manifest) },
  ];
  manifest.outputs = [...sources.map((s) => s.file), MANIFEST, ...helpers.map((f) => f.file), ...extra.map((f) => f.file)];
  const outputs = [...sources, { file: MANIFEST, text: `${JSON.stringify(manifest, null, 2)}\n` }, ...helpers, ...extra];
  const plan = planDesignDir(outOption, outDir ?? join('rtl-out', top), manifest.outputs);
  const dir = plan.dir;
  const removed = writeDesignDir(plan, outputs);
  return { top, dir, files: sources.map((s) => join(dir, s.file)), manifest, flowFiles: extra.map((f) => join(dir, f.file)), removed };
}
