/**
 * `synth --liberty LIB --power`: power of the timed netlist from the switching activity of a
 * gate-level simulation. The netlist (instances renamed to plain names) is simulated with the
 * cell models of the library (synth/gate-level.ts) on N test vectors streamed back to back
 * (sim/cosim.ts, the co-simulation's bench and checks: a run that does not match the golden
 * model gives no power), every signal dumped to a VCD; sim/vcd-activity.ts counts each cell
 * output's and input port's transitions per clock cycle and its time at 1; synth/power.ts gives
 * them to OpenSTA and reads `report_power` at the clock period. Beside it, OpenSTA's vectorless
 * estimate (every pin at VECTORLESS_ACTIVITY) as a sanity check.
 */
import type { MacroConfig } from '../generator/config.ts';
import { UsageError } from '../generator/errors.ts';
import { ports } from '../generator/rtl/generate.ts';
import { runtimeTestVectors, testVectors } from '../generator/vectors/test-vectors.ts';
import { cosim } from '../sim/cosim.ts';
import { vcdActivity } from '../sim/vcd-activity.ts';
import { gateLevelSources } from '../synth/gate-level.ts';
import type { Liberty } from '../synth/liberty/parse.ts';
import { type PinActivity, type PowerFigures, renameInstances, simulatedPower, vectorlessPower } from '../synth/power.ts';
import type { TimedTexts } from '../synth/synth-liberty.ts';

export const POWER_VECTORS_DEFAULT = 20;
export const POWER_VECTORS_MAX = 10000;
/** Activity per clock cycle of every pin in the vectorless estimate (OpenSTA's default input activity). */
export const VECTORLESS_ACTIVITY = 0.1;

export interface PowerReport extends PowerFigures {
  clockMhz: number;
  clockPeriodNs: number;
  /** Energy of the run divided by its vectors (pJ), and by their elements. */
  pjPerVector: number;
  pjPerElement: number;
  vectors: number;
  cycles: number;
  activitySource: string;
  /** Mean activity of the cell outputs (transitions per cycle), for comparison with the vectorless figure. */
  meanActivity: number;
  pinsAnnotated: number;
  vectorless: PowerFigures & { activity: number; source: string };
  seconds: { simulation: number; sta: number };
}

/** A gate-level run that does not match the golden model (exit 1: no power from a wrong netlist). */
export class PowerSimulationError extends Error {}

export function powerVectors(cfg: MacroConfig, n: number, seed = '1'): number[][] {
  return cfg.runtimeLength
    ? runtimeTestVectors(cfg.format, cfg.d, cfg.lanes, n, seed)
    : testVectors(cfg.format, cfg.d, n, seed).slice(0, n).map((v) => v.words);
}

export async function measurePower(o: { cfg: MacroConfig; lib: Liberty; texts: TimedTexts; top: string; periodNs: number; vectors: number[][] }): Promise<PowerReport> {
  if (!o.vectors.length) throw new UsageError('--power-vectors must be at least 1');
  const t0 = process.hrtime.bigint();
  const { netlist, instances } = renameInstances(o.texts.netlist);
  const gate = gateLevelSources(netlist, 'the timed netlist', o.lib, o.cfg, o.top);
  const base = { lib: o.lib, storeLiberty: o.texts.storeLiberty, netlist, sdc: o.texts.sdc, top: o.top };
  // the vectorless estimate needs no activity: OpenSTA runs it beside the gate-level simulation
  const stop = new AbortController();
  const vectorlessRun = vectorlessPower(base, VECTORLESS_ACTIVITY, stop.signal);
  vectorlessRun.catch(() => {});   // a failed simulation throws first; the estimate's own failure is then no news
  try {
    const run = cosim({ cfg: o.cfg, vectors: o.vectors, stressCount: 0, waves: 'vcd', wavesAll: true, design: gate });
    if (run.failed) throw new PowerSimulationError(`the gate-level simulation for --power failed: ${run.failed} of ${run.vectors} vectors differ from the golden model or its latency (run cosim --netlist for details)`);
    const act = vcdActivity(run.waves!, ['tb', 'dut']);
    const t1 = process.hrtime.bigint();
    const clk = act.bits.find((b) => b.scope.length === 0 && b.name === 'clk');
    if (!clk || clk.toggles < 4) throw new Error('the gate-level VCD has no clock');
    const cycles = clk.toggles / 2;
    const of = (b: { toggles: number; highTime: number }): PinActivity => ({ activity: b.toggles / cycles, duty: act.endTime > 0 ? b.highTime / act.endTime : 0 });
    // a signal's name as OpenSTA spells a pin or port bit: `Y`, `in_data[3]`
    const bitName = (b: { name: string; bit: number | null }) => `${b.name}${b.bit === null ? '' : `[${b.bit}]`}`;
    // a cell output: the scope is the cell's instance, below the instances of the netlist's own
    // modules that contain it (a hierarchical netlist: one pin per instance path, OpenSTA's `a/b/g7/Y`)
    const pins = new Map<string, PinActivity>();
    for (const b of act.bits) {
      if (b.scope.length < 1) continue;
      const cell = instances.get(b.scope.at(-1)!);
      if (!cell || !gate.outputs.get(cell)?.includes(b.name)) continue;
      if (!b.scope.slice(0, -1).every((s) => gate.modules.includes(instances.get(s) ?? ''))) continue;
      pins.set(`${b.scope.join('/')}/${bitName(b)}`, of(b));
    }
    const inputs = new Set(ports(o.cfg).filter((p) => p.direction === 'input' && p.name !== 'clk').map((p) => p.name));
    const portActivity = new Map<string, PinActivity>();
    for (const b of act.bits) {
      if (b.scope.length === 0 && inputs.has(b.name)) portActivity.set(bitName(b), of(b));
    }
    const [sim, vectorless] = await Promise.all([simulatedPower({ ...base, pins, ports: portActivity }), vectorlessRun]);
    const t2 = process.hrtime.bigint();
    const pj = (sim.totalMw * cycles * o.periodNs) / o.vectors.length;
    const elements = o.vectors.reduce((a, v) => a + v.length, 0) / o.vectors.length;
    const mean = [...pins.values()].reduce((a, p) => a + p.activity, 0) / Math.max(1, pins.size);
    return {
      ...sim,
      clockMhz: Number((1000 / o.periodNs).toFixed(3)),
      clockPeriodNs: o.periodNs,
      pjPerVector: Number(pj.toPrecision(6)),
      pjPerElement: Number((pj / elements).toPrecision(6)),
      vectors: o.vectors.length,
      cycles,
      activitySource: `gate-level simulation (Icarus, cell models from the Liberty functions) of ${o.vectors.length} test vectors streamed back to back, reset to the last output: transitions per clock cycle and time at 1 of every cell output (${pins.size} pins) and input port bit, given to OpenSTA per pin`,
      meanActivity: Number(mean.toPrecision(4)),
      pinsAnnotated: pins.size,
      vectorless: { ...vectorless, activity: VECTORLESS_ACTIVITY, source: `OpenSTA set_power_activity -global -activity ${VECTORLESS_ACTIVITY} -duty 0.5 (every pin, no simulation)` },
      seconds: { simulation: Number(t1 - t0) / 1e9, sta: Number(t2 - t1) / 1e9 },
    };
  } finally {
    stop.abort();
  }
}
