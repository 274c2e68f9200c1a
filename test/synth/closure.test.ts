// Timing closure (synth/closure.ts): after a missed period, the registers for one more run (the
// choice for the period tightened by the miss, else one register where the estimated stage is
// longest), and the loop: stops when the period is met, when the runs are spent or when every
// register is in place, and keeps the run with the least miss. The synthesis is a stand-in here
// (a table of worst slacks by registers); the real flow is timed in liberty.test.ts.
import { describe, expect, it } from 'vitest';
import type { OperatorLatency } from '../../generator/rtl/depth-model.ts';
import { formatPipeline } from '../../generator/rtl/pipeline.ts';
import type { OperatorTiming } from '../../synth/characterise.ts';
import { closeTiming, closurePipeline } from '../../synth/closure.ts';

const use = (kind: OperatorTiming['kind'], delaysNs: number[]): OperatorTiming => ({ kind, where: `test ${kind}`, params: {}, delaysNs });
// in context (+5% + 1 ns): add 4 registers 7.30 ns, mul 3 registers 9.40 ns, 4 registers 8.35 ns
const USES = [use('add', [20, 13, 10, 9, 6]), use('mul', [21, 12, 10, 8, 7]), use('convert', [5, 4, 3])];

describe('closurePipeline', () => {
  it('the choice for the tightened period, never fewer registers than now', () => {
    // missed 10 ns by 1 ns with mul 3: for 9 ns the mul needs its 4th register
    expect(closurePipeline(USES, 10, 1, { add: 4, mul: 3, convert: 0 })).toEqual({ add: 4, mul: 4, convert: 0 });
    // the tightened choice would take the adder back to 3 registers: kept at 4
    expect(closurePipeline(USES, 12, 0.5, { add: 4, mul: 3, convert: 0 })).toEqual({ add: 4, mul: 4, convert: 0 });
  });

  it('when the tightened choice adds none: one register where the estimated stage is longest', () => {
    // for 9.9 ns the estimate is met already (mul 9.40 ns); the mul's stage (8 ns alone) is the longest with a register left
    expect(closurePipeline(USES, 10, 0.1, { add: 4, mul: 3, convert: 0 })).toEqual({ add: 4, mul: 4, convert: 0 });
    expect(closurePipeline(USES, 10, 0.1, { add: 4, mul: 4, convert: 0 })).toEqual({ add: 4, mul: 4, convert: 1 });
  });

  it('a tightened period below the floor is the floor; every register in place: nothing left', () => {
    expect(closurePipeline(USES, 8, 5, { add: 4, mul: 3, convert: 2 })).toEqual({ add: 4, mul: 4, convert: 2 });
    expect(closurePipeline(USES, 8, 5, { add: 4, mul: 4, convert: 2 })).toBeUndefined();
  });
});

describe('closeTiming', () => {
  /** A stand-in synthesis: the worst slack of each register set, and the sets it was asked for. */
  function stand(slack: Record<string, number>) {
    const asked: string[] = [];
    const synthesise = async (p: OperatorLatency) => {
      const key = formatPipeline(p);
      asked.push(key);
      if (!(key in slack)) throw new Error(`not expected: ${key}`);
      return { wnsNs: slack[key]!, criticalPathNs: 10 - slack[key]!, criticalPath: { from: 'a', to: `b ${key}` }, key };
    };
    return { asked, synthesise };
  }
  const base = { uses: USES, periodNs: 10, libName: 'lib' };

  it('met at once: one run', async () => {
    const s = stand({ 'add=4,mul=3,convert=0': 0.2 });
    const logs: string[] = [];
    const r = await closeTiming({ ...base, first: { add: 4, mul: 3, convert: 0 }, closureRuns: 2, synthesise: s.synthesise, log: (l) => logs.push(l), warn: (l) => logs.push(l) });
    expect(s.asked).toEqual(['add=4,mul=3,convert=0']);
    expect(r.runs).toEqual([{ pipeline: 'add=4,mul=3,convert=0', wnsNs: 0.2, criticalPathNs: 9.8 }]);
    expect(logs).toEqual([]);
  });

  it('missed, then met with the closure\'s registers: that run is kept, one line says why', async () => {
    const s = stand({ 'add=4,mul=3,convert=0': -1.5, 'add=4,mul=4,convert=0': 0.1 });
    const logs: string[] = [];
    const r = await closeTiming({ ...base, first: { add: 4, mul: 3, convert: 0 }, closureRuns: 2, synthesise: s.synthesise, log: (l) => logs.push(l), warn: () => {} });
    expect(s.asked).toEqual(['add=4,mul=3,convert=0', 'add=4,mul=4,convert=0']);
    expect(r.pipeline).toEqual({ add: 4, mul: 4, convert: 0 });
    expect(r.kept.key).toBe('add=4,mul=4,convert=0');
    expect(logs).toEqual(['OpenSTA: --clock-period 10 missed by 1.500 ns (a -> b add=4,mul=3,convert=0) with add=4,mul=3,convert=0; closure run 1 of 2: add=4,mul=4,convert=0']);
  });

  it('never met: stops when the runs are spent, keeps the least miss', async () => {
    const s = stand({ 'add=4,mul=3,convert=0': -1.5, 'add=4,mul=4,convert=0': -0.2, 'add=4,mul=4,convert=1': -0.4 });
    const r = await closeTiming({ ...base, first: { add: 4, mul: 3, convert: 0 }, closureRuns: 2, synthesise: s.synthesise, log: () => {}, warn: () => {} });
    expect(s.asked).toHaveLength(3);
    expect(r.kept.key).toBe('add=4,mul=4,convert=0');
    const none = stand({ 'add=4,mul=3,convert=0': -1.5 });
    expect((await closeTiming({ ...base, first: { add: 4, mul: 3, convert: 0 }, closureRuns: 0, synthesise: none.synthesise, log: () => {}, warn: () => {} })).runs).toHaveLength(1);
  });

  it('every register in place: a warning, no further run', async () => {
    const s = stand({ 'add=4,mul=4,convert=2': -0.3 });
    const warnings: string[] = [];
    await closeTiming({ ...base, periodNs: 8, first: { add: 4, mul: 4, convert: 2 }, closureRuns: 2, synthesise: s.synthesise, log: () => {}, warn: (l) => warnings.push(l) });
    expect(s.asked).toHaveLength(1);
    expect(warnings).toEqual(['--clock-period 8 missed by 0.300 ns (a -> b add=4,mul=4,convert=2) with add=4,mul=4,convert=2, every operator register in place: the period is out of reach in lib']);
  });
});
