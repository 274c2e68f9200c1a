// The AXI4-Stream / AXI4-Lite wrapper (--interface axis, docs/axis.md) co-simulates bit-exact and
// on time: gamma and beta written through AXI4-Lite, packets with random TVALID gaps and TREADY
// stalls, bad packets in the middle of the stress phase and every vector after them bit-exact,
// every output beat's TKEEP and TLAST, every latency, the status registers afterwards.
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { runtimeTestVectors, testVectors } from '../../generator/vectors/test-vectors.ts';
import { type CosimOptions, type CosimReport, type FramingFault, cosim } from '../../sim/cosim.ts';

function runAxis(opts: ConfigOptions, count: number, extra: Partial<CosimOptions> = {}): CosimReport {
  const cfg = resolveConfig({ ...opts, interface: 'axis' });
  const seed = `axis-${cfg.d}-${cfg.lanes}`;
  const vectors = cfg.runtimeLength
    ? runtimeTestVectors(cfg.format, cfg.d, cfg.lanes, count, seed)
    : testVectors(cfg.format, cfg.d, count, seed).slice(0, count).map((v) => v.words);
  return cosim({ cfg, vectors, seed: cfg.d * 5 + cfg.lanes, ...extra });
}

/** Every word, TKEEP, TLAST and register right, every checked latency the prediction. */
function expectAxisClean(r: CosimReport, count: number): void {
  expect(r.mismatches).toEqual([]);
  expect(r.protocolErrors).toEqual([]);
  expect(r.latency.wrong).toEqual([]);
  expect(r.latency.min).not.toBeNull();
  expect(r.throughput.wrong).toBe(0);
  expect(r.passed).toBe(count);
  expect(r.failed).toBe(0);
}

/** A fault for patchRtl: `from` replaced by `to` in the file that has it (every fault must land). */
function mutate(from: string, to: string, landed: { count: number }) {
  return (_f: string, text: string) => {
    if (!text.includes(from)) return text;
    landed.count++;
    return text.replace(from, to);
  };
}

const FIXED_FAULTS: FramingFault[] = [{ before: 2, kind: 'short' }, { before: 3, kind: 'long' }, { before: 3, kind: 'short' }];
const ONE_BEAT_FAULTS: FramingFault[] = [{ before: 2, kind: 'long' }];

describe('--interface axis, fixed d: bit-exact, on time, bad packets padded or truncated and counted', () => {
  it.each([
    ['l2, 1 lane, d 5', { d: 5, lanes: 1, format: 'fp32' }, FIXED_FAULTS],
    ['l2, 3 lanes, d 10 (last beat 1 lane)', { d: 10, lanes: 3, format: 'bf16' }, FIXED_FAULTS],
    ['rms with gamma, 3 lanes, d 7', { d: 7, lanes: 3, format: 'fp16', mode: 'rms' }, FIXED_FAULTS],
    ['layer with gamma and beta, 4 lanes, d 10', { d: 10, lanes: 4, format: 'bf16', mode: 'layer' }, FIXED_FAULTS],
    ['layer, e5m4 (10-bit lanes, TDATA padded), 3 lanes, d 8', { d: 8, lanes: 3, format: 'e5m4', mode: 'layer', internal: 'fp32' }, FIXED_FAULTS],
    ['one beat a vector (d 3 of 16 lanes)', { d: 3, lanes: 16, format: 'bf16', mode: 'rms' }, ONE_BEAT_FAULTS],
    ['compact engine, rms, 4 lanes', { d: 12, lanes: 4, format: 'bf16', mode: 'rms', engine: 'compact' }, FIXED_FAULTS],
  ] as Array<[string, ConfigOptions, FramingFault[]]>)('%s', (_name, opts, faults) => {
    expectAxisClean(runAxis(opts, 8, { stressCount: 6, framingFaults: faults }), 8);
  });
});

const DMAX_FAULTS: FramingFault[] = [{ before: 2, kind: 'long' }, { before: 4, kind: 'empty-last' }, { before: 4, kind: 'overlength' }];

describe('--interface axis, --d-max: the length from the packet, bad packets dropped and counted', () => {
  it.each([
    ['l2, 1 lane, D 6', { dMax: 6, lanes: 1, format: 'fp32' }, DMAX_FAULTS.filter((f) => f.kind !== 'overlength')],
    ['l2, 3 lanes, D 10', { dMax: 10, lanes: 3, format: 'bf16' }, DMAX_FAULTS],
    ['rms with gamma, 3 lanes, D 11', { dMax: 11, lanes: 3, format: 'bf16', mode: 'rms' }, DMAX_FAULTS],
    ['layer with gamma and beta, 16 lanes, D 37', { dMax: 37, lanes: 16, format: 'bf16', mode: 'layer' }, DMAX_FAULTS],
  ] as Array<[string, ConfigOptions, FramingFault[]]>)('%s', (_name, opts, faults) => {
    expectAxisClean(runAxis(opts, 10, { stressCount: 8, framingFaults: faults }), 10);
  });

  it('a stream of one length keeps the core period max(B, T) (B 8 = T, and B 3 < T)', () => {
    const cfg = resolveConfig({ dMax: 16, lanes: 2, format: 'bf16', interface: 'axis' });
    for (const len of [16, 5]) {
      const vectors = runtimeTestVectors(cfg.format, cfg.d, cfg.lanes, 10, 'b2b').map((x) => Array.from({ length: len }, (_, i) => x[i % x.length]));
      const r = cosim({ cfg, vectors, seed: 4, stressCount: 0, backToBack: true });
      expectAxisClean(r, 10);
      expect(r.throughput.min).toBe(Math.max(Math.ceil(len / 2), 8));
      expect(r.throughput.max).toBe(r.throughput.min);
    }
  });
});

describe('--interface axis on Verilator', () => {
  it('the same bench passes on Verilator with the same latencies and registers as on Icarus (--d-max, rms, 3 lanes)', () => {
    const opts = { dMax: 10, lanes: 3, format: 'bf16', mode: 'rms' };
    const extra = { stressCount: 6, framingFaults: DMAX_FAULTS };
    const icarus = runAxis(opts, 8, extra);
    const verilator = runAxis(opts, 8, { ...extra, simulator: 'verilator' });
    expectAxisClean(icarus, 8);
    expectAxisClean(verilator, 8);
    expect(verilator.latency).toEqual(icarus.latency);
    expect(verilator.registers).toEqual(icarus.registers);
  });
});

describe('--interface axis: aresetn in flight empties the macro and clears the status', () => {
  it.each([
    ['fixed d, rms, 3 lanes, mid-packet (reset after 2 cycles)', { d: 10, lanes: 3, format: 'bf16', mode: 'rms' }, 2],
    ['fixed d, rms, 3 lanes, vectors in flight (after 23)', { d: 10, lanes: 3, format: 'bf16', mode: 'rms' }, 23],
    ['--d-max, layer, 3 lanes, packet buffer half full (after 6)', { dMax: 11, lanes: 3, format: 'bf16', mode: 'layer' }, 6],
    ['--d-max, layer, 3 lanes, vectors in flight (after 29)', { dMax: 11, lanes: 3, format: 'bf16', mode: 'layer' }, 29],
  ] as Array<[string, ConfigOptions, number]>)('%s', (_name, opts, cycles) => {
    expectAxisClean(runAxis(opts, 6, { stressCount: 3, resetAfter: cycles }), 6);
  });
});

describe('the AXI4-Stream co-simulation can fail', () => {
  it('sees a framing unit that does not pad a short packet (the vectors after it shift)', () => {
    const landed = { count: 0 };
    const r = runAxis({ d: 8, lanes: 4, format: 'bf16' }, 6, {
      stressCount: 5, framingFaults: [{ before: 2, kind: 'short' }],
      patchRtl: mutate("begin pad <= 1'b1; bad <= 1'b1; end", "begin bad <= 1'b1; end", landed),
    });
    expect(landed.count).toBe(1);
    expect(r.mismatches.length).toBeGreaterThan(0);
    expect(r.failed).toBeGreaterThan(0);
  });

  it('sees a framing unit whose beat count survives a reset in flight', () => {
    const landed = { count: 0 };
    const r = runAxis({ d: 10, lanes: 3, format: 'bf16', mode: 'rms' }, 6, {
      stressCount: 3, resetAfter: 2,
      // after the first reset cycle, the beat counter keeps its value through a reset
      patchRtl: (f, text) => mutate('    reg pad;', "    reg seen = 1'b0;\n    always @(posedge clk) if (rst) seen <= 1'b1;\n    reg pad;", landed)(f,
        mutate("if (rst) begin\n            beat <= 2'd0;", "if (rst) begin\n            if (!seen) beat <= 2'd0;", landed)(f, text)),
    });
    expect(landed.count).toBe(2);
    expect(r.failed).toBeGreaterThan(0);
  });

  it('sees a framing error that is not counted', () => {
    const landed = { count: 0 };
    const r = runAxis({ d: 8, lanes: 4, format: 'bf16' }, 4, {
      stressCount: 4, framingFaults: [{ before: 1, kind: 'long' }],
      patchRtl: mutate("begin drop <= 1'b1; bad <= 1'b1; end", "begin drop <= 1'b1; end", landed),
    });
    expect(landed.count).toBe(1);
    expect(r.mismatches).toEqual([]);
    expect(r.protocolErrors.join('\n')).toMatch(/read 3 of 0xc: expected 1/);
    expect(r.failed).toBe(4);
  });

  it('sees gamma committed to the wrong beat', () => {
    const landed = { count: 0 };
    const r = runAxis({ d: 8, lanes: 4, format: 'bf16', mode: 'rms' }, 4, {
      patchRtl: mutate('prm_wr_addr <= w_q[1-1:0];', 'prm_wr_addr <= ~w_q[1-1:0];', landed),
    });
    expect(landed.count).toBe(1);
    expect(r.mismatches.length).toBeGreaterThan(0);
  });

  it('sees a wrong TKEEP on the last beat', () => {
    const landed = { count: 0 };
    const r = runAxis({ dMax: 10, lanes: 3, format: 'bf16' }, 6, {
      patchRtl: mutate('assign m_axis_tkeep[2] = !out_last ||', "assign m_axis_tkeep[2] = 1'b1 ||", landed),
    });
    expect(landed.count).toBe(1);
    expect(r.mismatches.some((m) => m.expected.startsWith('TKEEP'))).toBe(true);
  });

  it('sees a packet buffer one cycle late', () => {
    const landed = { count: 0 };
    const r = runAxis({ dMax: 10, lanes: 3, format: 'bf16' }, 6, {
      patchRtl: mutate('wire issue = (rb', "reg slow = 1'b0; always @(posedge clk) slow <= !slow; wire issue = slow && (rb", landed),
    });
    expect(landed.count).toBe(1);
    expect(r.latency.wrong.length).toBeGreaterThan(0);
  });
});
