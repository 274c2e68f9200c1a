// Timing-driven pipelining (`synth --clock-period NS --liberty LIB`): the choice of registers from
// measured delays, and one operator characterised for real in the test library (mapped with
// Yosys, timed with OpenSTA), its figures cached per library.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLiberty } from '../../synth/liberty/parse.ts';
import { MAX_LATENCY } from '../../generator/rtl/depth-model.ts';
import { type OperatorTiming, characteriseUses, inContext, loadCache, operatorDelays, pipelineForPeriod } from '../../synth/characterise.ts';

const TIMED = join(import.meta.dirname, 'fixtures', 'timed.lib');

const use = (kind: OperatorTiming['kind'], delaysNs: number[]): OperatorTiming => ({ kind, where: `test ${kind}`, params: {}, delaysNs });

describe('registers from delays', () => {
  const uses = [use('add', [20, 13, 10, 9, 6]), use('mul', [8, 6, 5, 4.5, 4]), use('mul', [21, 12, 12, 10, 8]), use('convert', [5, 4, 3])];

  it('the fewest registers per kind that keep every instance of it within the period', () => {
    const p = pipelineForPeriod(uses, 10, 'lib');
    for (const u of uses) expect(inContext(u.delaysNs[p[u.kind]]!)).toBeLessThanOrEqual(10);
    // one register fewer would not fit: for each kind some instance needs them all
    for (const kind of ['add', 'mul'] as const) {
      expect(p[kind]).toBeGreaterThan(0);
      expect(uses.filter((u) => u.kind === kind).some((u) => inContext(u.delaysNs[p[kind] - 1]!) > 10)).toBe(true);
    }
    expect(p).toEqual({ add: 4, mul: 4, convert: 0 });
    expect(pipelineForPeriod(uses, 100, 'lib')).toEqual({ add: 0, mul: 0, convert: 0 });
  });

  it('a period below the fully pipelined operators alone: one line naming the operator and the floor', () => {
    expect(() => pipelineForPeriod(uses, 7.99, 'lib')).toThrow(/^--clock-period 7\.99 is below what the operators can be pipelined to in lib: 8\.00 ns \(the mul of the test mul, fully pipelined, alone\); allowed: 8 or more$/);
  });

  it('between that floor and the in-context estimate: every register for the kind that does not fit, and a warning', () => {
    const warnings: string[] = [];
    // the widest mul: 8 ns alone, 9.4 ns estimated in context; the adder fits with 4 (6 ns alone)
    expect(pipelineForPeriod(uses, 9, 'lib', (w) => warnings.push(w))).toEqual({ add: 4, mul: MAX_LATENCY.mul, convert: 0 });
    expect(warnings).toEqual(['--clock-period 9: the mul of the test mul has all its 4 registers and is estimated at 9.40 ns in context (8.00 ns alone); OpenSTA\'s worst slack below says whether the period holds']);
    const none: string[] = [];
    pipelineForPeriod(uses, 9.4, 'lib', (w) => none.push(w));
    expect(none).toEqual([]);
  });
});

describe('characterising only the register counts the choice needs', () => {
  const uses = [use('add', [20, 13, 10, 9, 6]), use('mul', [21, 12, 12, 10, 8]), use('mul', [8, 6, 5, 4.5, 4]), use('convert', [5, 4, 3])];
  const search = async (periodNs: number) => {
    const asked: string[] = [];
    const found = await characteriseUses(uses, periodNs, async (u, lat) => {
      asked.push(`${uses.indexOf(u as OperatorTiming)}:${lat}`);
      return (u as OperatorTiming).delaysNs[lat]!;
    });
    return { found, asked };
  };

  it('the same registers as with every count measured, from no more runs', async () => {
    for (const period of [8.5, 9, 10, 11, 12, 14, 16, 20, 30, 100]) {
      const { found, asked } = await search(period);
      expect(pipelineForPeriod(found, period, 'lib')).toEqual(pipelineForPeriod(uses, period, 'lib'));
      expect(asked.length).toBeLessThanOrEqual(uses.reduce((a, u) => a + u.delaysNs.length, 0));
      // what was measured is the truth; what was not is never a fitting figure
      for (const [i, u] of found.entries()) u.delaysNs.forEach((d, lat) => expect(Number.isFinite(d) ? d : uses[i]!.delaysNs[lat]).toBe(uses[i]!.delaysNs[lat]));
    }
  });

  it('10 ns: from the most registers down to the first misfit; the second mul no lower than the first needs', async () => {
    // add 6 fits (7.3 in context), 9 does not (10.45); mul 8 fits, 10 does not; the second mul:
    // only 4 registers, which the kind has anyway; convert: down to none
    expect((await search(10)).asked).toEqual(['0:4', '0:3', '1:4', '1:3', '2:4', '3:2', '3:1', '3:0']);
  });
});

describe('an operator characterised in the test library', () => {
  it('fp_add e5m2: every register count timed, registers shorten the deepest stage, cached', async () => {
    const lib = readLiberty(TIMED);
    const cache = loadCache(lib);
    const delays = await operatorDelays(lib, cache, 'add', { EXP_BITS: 5, MAN_BITS: 2 }, () => {});
    expect(delays).toHaveLength(MAX_LATENCY.add + 1);
    for (const d of delays) expect(d).toBeGreaterThan(0.2);
    expect(delays.at(-1)!).toBeLessThan(0.75 * delays[0]!);
    const t0 = Date.now();
    expect(await operatorDelays(lib, loadCache(lib), 'add', { EXP_BITS: 5, MAN_BITS: 2 }, () => { throw new Error('not from the cache'); })).toEqual(delays);
    expect(Date.now() - t0).toBeLessThan(2000);
  }, 120_000);
});
