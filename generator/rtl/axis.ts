/**
 * The AXI4-Stream / AXI4-Lite wrapper (`--interface axis`, docs/axis.md): its template context,
 * its ports, its Verilog files around the core's, its latency (the core's, plus the packet
 * buffer's with --d-max) and the register map the manifest and the test bench read.
 */
import type { MacroConfig } from '../config.ts';
import { type Plan, elaborate } from '../plan.ts';
import type { CycleCount } from '../schedule.ts';
import type { PortInfo } from './manifest.ts';
import { renderTemplate } from './render.ts';

const bitsFor = (maxValue: number) => Math.max(1, Math.ceil(Math.log2(maxValue + 1)));

/** The core the wrapper instantiates: the same configuration with the core's own ports. */
export function coreConfig(cfg: MacroConfig): MacroConfig {
  return { ...cfg, interface: 'stream' };
}

/** TDATA bits: the P lanes of W bits, padded to whole bytes; TKEEP one bit a byte. */
export function axisWidths(cfg: MacroConfig): { tdata: number; tkeep: number } {
  const bytes = Math.ceil((cfg.lanes * cfg.format.width) / 8);
  return { tdata: 8 * bytes, tkeep: bytes };
}

/** TKEEP of a beat with `lanes` valid lanes: the bytes that hold bits of lanes 0..lanes-1. */
export function keepOf(cfg: MacroConfig, lanes: number): bigint {
  const bytes = Math.ceil((lanes * cfg.format.width) / 8);
  return (1n << BigInt(bytes)) - 1n;
}

/** Register map of the AXI4-Lite slave (byte addresses), as in templates/top/axis/regs.v.hbs. */
export const AXIL = {
  addressBits: 12,
  id: 0x000, length: 0x004, shape: 0x008, status: 0x00c, framingErrors: 0x010, paramCommit: 0x014,
  gammaBase: 0x100, betaBase: 0x200,
  /** ID register: "I2N" and the register map's version. */
  idValue: 0x49324e01,
} as const;

/** The SHAPE register's value. */
export function shapeValue(cfg: MacroConfig): number {
  const mode = { l2: 0, rms: 1, layer: 2 }[cfg.mode];
  const affine = { none: 0, gamma: 1, 'gamma-beta': 2 }[cfg.affine];
  return (cfg.lanes | (cfg.format.width << 8) | (mode << 16) | (affine << 18) | ((cfg.runtimeLength ? 1 : 0) << 20)) >>> 0;
}

/** The --d-max packet buffer: a ring of Bmax + 1 beats and a queue of two lengths. */
export function packetBuffer(cfg: MacroConfig, plan: Plan = elaborate(coreConfig(cfg))) {
  const ringBeats = plan.B + 1;
  const beatBits = cfg.lanes * cfg.format.width;
  const entryBits = plan.runtime!.lengthBits + bitsFor(plan.B) + bitsFor(cfg.lanes);
  // the wrapper's queue of last-beat lanes for m_axis_tkeep (top.v.hbs) comes with it
  const keepQueueBits = keepQueueDepth(plan) * bitsFor(cfg.lanes);
  return { ringBeats, beatBits, memoryBits: ringBeats * beatBits, queueBits: 2 * entryBits, keepQueueBits, extraLatency: 'B + 1' };
}

/** Entries of the queue of last-beat lanes (--d-max): more vectors than the core can hold. */
function keepQueueDepth(plan: Plan): number {
  return 2 ** Math.ceil(Math.log2(plan.slots + plan.X + 4));
}

/**
 * LATENCY of the wrapper for a vector of d elements: the core's (fixed d: the same edges, the
 * beats pass straight through), or with --d-max the core's plus B + 1 (the packet buffer).
 */
export function axisLatencyAt(cfg: MacroConfig, d: number): number {
  const plan = elaborate(coreConfig(cfg));
  if (!plan.runtime) return plan.latency.cycles;
  return plan.runtime.latencyAt(d).cycles + Math.ceil(d / cfg.lanes) + 1;
}

/** The manifest's latency record of the wrapper. */
export function axisLatency(cfg: MacroConfig): CycleCount {
  const plan = elaborate(coreConfig(cfg));
  if (!plan.runtime) return plan.latency;
  const lat = plan.latency;
  return { cycles: lat.cycles + plan.B + 1, formula: `${lat.formula} + B + 1`, terms: lat.terms };
}

export function axisPorts(cfg: MacroConfig): PortInfo[] {
  const { tdata, tkeep } = axisWidths(cfg);
  const W = cfg.format.width;
  const lanes = `lane j at bits [j*${W} +: ${W}], ${cfg.lanes} lane(s) of ${cfg.format.name}`;
  const p = (name: string, direction: PortInfo['direction'], width: number, description: string): PortInfo => ({ name, direction, width, description });
  return [
    p('aclk', 'input', 1, 'clock, rising edge'),
    p('aresetn', 'input', 1, 'synchronous reset, active low'),
    p('s_axis_tdata', 'input', tdata, `input beat: ${lanes}`),
    p('s_axis_tvalid', 'input', 1, 'input beat valid'),
    p('s_axis_tready', 'output', 1, 'the macro takes the input beat'),
    p('s_axis_tlast', 'input', 1, "the vector's last beat (one vector = one packet)"),
    p('s_axis_tkeep', 'input', tkeep, cfg.runtimeLength ? "bytes of the last beat's valid lanes (the vector's length); not used on other beats" : 'not used (the length is fixed)'),
    p('m_axis_tdata', 'output', tdata, `output beat: ${lanes}, normalised; lanes past the vector's end zero`),
    p('m_axis_tvalid', 'output', 1, 'output beat valid'),
    p('m_axis_tready', 'input', 1, 'the consumer takes the output beat'),
    p('m_axis_tlast', 'output', 1, "the vector's last output beat"),
    p('m_axis_tkeep', 'output', tkeep, "bytes of the valid lanes (all on every beat but a vector's last)"),
    p('s_axil_awaddr', 'input', AXIL.addressBits, 'AXI4-Lite write address (byte address, docs/axis.md)'),
    p('s_axil_awvalid', 'input', 1, 'AXI4-Lite'),
    p('s_axil_awready', 'output', 1, 'AXI4-Lite'),
    p('s_axil_wdata', 'input', 32, 'AXI4-Lite write data'),
    p('s_axil_wstrb', 'input', 4, 'AXI4-Lite byte strobes'),
    p('s_axil_wvalid', 'input', 1, 'AXI4-Lite'),
    p('s_axil_wready', 'output', 1, 'AXI4-Lite'),
    p('s_axil_bresp', 'output', 2, 'AXI4-Lite: OKAY, or SLVERR for an unmapped or read-only address'),
    p('s_axil_bvalid', 'output', 1, 'AXI4-Lite'),
    p('s_axil_bready', 'input', 1, 'AXI4-Lite'),
    p('s_axil_araddr', 'input', AXIL.addressBits, 'AXI4-Lite read address'),
    p('s_axil_arvalid', 'input', 1, 'AXI4-Lite'),
    p('s_axil_arready', 'output', 1, 'AXI4-Lite'),
    p('s_axil_rdata', 'output', 32, 'AXI4-Lite read data'),
    p('s_axil_rresp', 'output', 2, 'AXI4-Lite: OKAY, or SLVERR for an unmapped address'),
    p('s_axil_rvalid', 'output', 1, 'AXI4-Lite'),
    p('s_axil_rready', 'input', 1, 'AXI4-Lite'),
    p('framing_error', 'output', 1, 'sticky: a bad packet was seen (STATUS[0]; cleared by writing 1 to it, or by reset)'),
  ];
}

/** The wrapper's template context. */
export function axisContext(cfg: MacroConfig, core: string, top: string, version: string) {
  const ccfg = coreConfig(cfg);
  const plan = elaborate(ccfg);
  const P = cfg.lanes;
  const W = cfg.format.width;
  const { tdata, tkeep } = axisWidths(cfg);
  const lat = axisLatency(cfg);
  const rt = plan.runtime;
  const lnw = bitsFor(P);
  const base = {
    top, core, version, io: cfg.format, P, W, Wm1: W - 1, PW: P * W, TDW: tdata, TDWm1: tdata - 1, TKW: tkeep,
    tdataPad: tdata > P * W, padBits: tdata - P * W, d: cfg.d, B: plan.B, lastBeat: plan.B - 1,
    multiBeat: plan.B > 1, bw: bitsFor(plan.B - 1), lastLanes: cfg.d - (plan.B - 1) * P, lnw,
    affine: cfg.affine !== 'none', beta: cfg.affine === 'gamma-beta', nParam: cfg.affine === 'gamma-beta' ? 2 : 1,
    saw: plan.storeAddressBits,
    commitInRange: plan.B === 2 ** plan.storeAddressBits ? "1'b1" : `(w_q[${plan.storeAddressBits - 1}:0] <= ${plan.storeAddressBits}'d${plan.B - 1})`,
    commitHigh: 32 - plan.storeAddressBits, fullLanes: P === 64,
    idHex: AXIL.idValue.toString(16).padStart(8, '0'), shapeHex: shapeValue(cfg).toString(16).padStart(8, '0'),
    runtime: rt !== null, latencyFormula: lat.formula, latency: lat.cycles,
    periodFormula: plan.period.formula, period: plan.period.cycles,
    // TKEEP byte k holds bits of lane floor(8k/W); lane j's top bit is in byte floor(((j+1)W - 1)/8)
    keepBytes: Array.from({ length: tkeep }, (_, k) => ({ k, lane: Math.floor((8 * k) / W) })),
    laneTops: Array.from({ length: P }, (_, j) => ({ byte: Math.floor(((j + 1) * W - 1) / 8), lanes: j + 1 })),
  };
  if (!rt) return { ...base, lw: 1, R: 0, BM: 0, KD: 0 };
  const buf = packetBuffer(cfg, plan);
  const nbw = bitsFor(plan.B);
  const rw = bitsFor(buf.ringBeats - 1);
  const KD = keepQueueDepth(plan);
  return {
    ...base, lw: rt.lengthBits, R: buf.ringBeats, Rm1: buf.ringBeats - 1, BM: plan.B, rw, rwp1: rw + 1, nbw,
    wnPad: 32 - nbw, keptPad: 32 - lnw, beatBits: buf.beatBits, memoryBits: buf.memoryBits, queueBits: buf.queueBits,
    KD, KDm1: KD - 1, kdw: Math.log2(KD), kdwp1: Math.log2(KD) + 1,
  };
}

/** The wrapper's Verilog files (after the core's, which they instantiate). */
export function renderAxis(cfg: MacroConfig, core: string, top: string, version: string): Array<{ file: string; text: string }> {
  const ctx = axisContext(cfg, core, top, version);
  const front = cfg.runtimeLength ? 'packet_buffer' : 'framing';
  return [
    { file: `${top}_${front}.v`, text: renderTemplate(`top/axis/${front}.v.hbs`, ctx) },
    { file: `${top}_regs.v`, text: renderTemplate('top/axis/regs.v.hbs', ctx) },
    { file: `${top}.v`, text: renderTemplate('top/axis/top.v.hbs', ctx) },
  ];
}
