// Registers that many gates read (docs/hardware.md): the output factor's copies, one per 4 lanes
// (plan.factorCopies), and the operand selects of the lane trees and the scalar loop, flip-flops
// loaded a cycle early. The RTL: how many copies, which copy each lane reads, no step bit or op
// decode in front of an operator. The netlist of the hierarchical flow (fixtures/timed-power.lib,
// 5 lanes): the copies stay apart (`opt_merge` would make them one flip-flop), and the netlist
// co-simulates bit-exact and cycle-exact. A copy loaded on the wrong edge fails the co-simulation.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { FACTOR_COPY_LANES, elaborate } from '../../generator/plan.ts';
import { renderDesign } from '../../generator/rtl/generate.ts';
import { registeredOneHotSelect } from '../../generator/rtl/views/one-hot.ts';
import { expectClean, runCosim } from '../cosim/helpers.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const POWER_LIB = join(FIXTURES, 'timed-power.lib');
const FIVE = ['--d', '10', '--lanes', '5', '--format', 'e5m2', '--internal', 'e7m5', '--init-bits', '3', '--pipeline', 'add=1,mul=1,convert=0'];

const plan = (o: ConfigOptions) => elaborate(resolveConfig(o));
const fileOf = (o: ConfigOptions, module: string) => renderDesign(resolveConfig(o)).find((f) => f.file.endsWith(`_${module}.v`))!.text;

describe('the output factor: one copy per 4 lanes', () => {
  it.each([
    ['one lane', { d: 8, lanes: 1 }, 1],
    ['four lanes (one copy)', { d: 32, lanes: 4 }, 1],
    ['five lanes (non-multiple of 4)', { d: 40, lanes: 5 }, 2],
    ['sixteen lanes', { d: 768, lanes: 16 }, 4],
    ['LayerNorm, sixteen lanes', { d: 64, lanes: 16, mode: 'layer' }, 4],
    ['l2 whose hand-off queue is a store (its read port feeds the lanes)', { dMax: 4096, lanes: 8 }, 1],
    ['LayerNorm whose hand-off queue is a store (copies at the end of the factor\'s wait)', { dMax: 4096, lanes: 8, mode: 'layer' }, 2],
  ] as Array<[string, ConfigOptions, number]>)('%s', (_n, o, copies) => {
    const p = plan(o);
    expect(p.factorCopies).toBe(copies);
    const out = fileOf(o, 'output');
    const instances = [...out.matchAll(/_replica #\(\.WIDTH\(WI \+ SB\)\) copy \(/g)].length;
    expect(instances).toBe(copies > 1 ? 1 : 0);   // one instance in a generate loop of `copies`
    if (copies > 1) {
      expect(out).toContain(`for (jc = 0; jc < ${copies}; jc = jc + 1) begin : factor_copy`);
      // lane j reads copy j / 4, b above the scale
      expect(out).toContain(`bs_copy[(j / ${FACTOR_COPY_LANES})*(WI+SB) + SB +: WI]`);
      expect(out).toContain(`bs_copy[(j / ${FACTOR_COPY_LANES})*(WI+SB) +: SB]`);
      expect(out).not.toMatch(/\.b\(o_b\)/);
    }
    if (p.entryMemory && o.mode !== 'layer') expect(out).toContain('.rd_data({o_b, o_scale})');
  });
});

describe('operand selects are flip-flops', () => {
  it('registeredOneHotSelect: a select bit per value, the first value under none of the others', () => {
    const s = registeredOneHotSelect('p', 'x_sel', [{ step: 1, value: 'A' }, { step: 2, value: 'B' }, { step: 3, value: 'C' }, { step: 4, value: 'B' }], (i) => `n[${i}]`);
    expect(s.decl).toEqual(['wire [2:0] x_sel;', 'p_replica #(.WIDTH(3)) x_sel_r (.clk(clk), .en(1\'b1), .d({ ~(n[2] | n[4] | n[3]), (n[3]), (n[2] | n[4]) }), .q(x_sel));']);
    expect(s.expr).toBe('({WI{x_sel[0]}} & B)\n            | ({WI{x_sel[1]}} & C)\n            | ({WI{x_sel[2]}} & A)');
    expect(registeredOneHotSelect('p', 'y', [{ step: 0, value: 'A' }, { step: 5, value: 'A' }], (i) => `n[${i}]`)).toEqual({ decl: [], expr: 'A' });
    expect(registeredOneHotSelect('p', 'z', [{ step: 0, value: 'A' }, { step: 5, value: 'B' }], (i) => `n[${i}]`).expr).toBe('z ? B : A');
  });

  it('the lane tree\'s adders and the scalar loop\'s operators read no step bit or op decode', () => {
    const o: ConfigOptions = { d: 768, lanes: 16 };
    const tree = fileOf(o, 'lane_tree');
    const operands = [...tree.matchAll(/wire \[WI-1:0\] t[ab]\d+ = ([^;]*);/g)].map((m) => m[1]!);
    expect(operands.length).toBe(2 * plan(o).tree.adders);
    for (const e of operands) expect(e).not.toMatch(/\bst\[/);
    expect(tree).toMatch(/_replica #\(\.WIDTH\(\d+\)\) tb0_sel_r \(\.clk\(clk\), \.en\(1'b1\), \.d\(\{ ~\(st_next\[/);
    const scalar = fileOf(o, 'scalar');
    for (const name of ['mul_a', 'mul_b']) {
      const e = scalar.match(new RegExp(`wire \\[WI-1:0\\] ${name} = ([^;]*);`))![1]!;
      expect(e).not.toMatch(/\bop\b|\bphase\b/);
    }
    expect(scalar).toContain('always @(posedge clk) begin\n        op <= op_n;');
  });

  it('a factor copy loaded on the wrong edge fails the co-simulation', () => {
    const o: ConfigOptions = { d: 40, lanes: 5, format: 'bf16' };
    expectClean(runCosim(o, 6), 6);
    // the copies load on the queue's pop (the vector's first read); loaded whenever stage R holds
    // a beat they take the next vector's factor in the middle of this one's beats
    let landed = 0;
    const bad = runCosim(o, 6, {
      patchRtl: (file, text) => {
        if (!file.endsWith('_output.v')) return text;
        landed++;
        return text.replace('.en(q_pop), .d({q_b', '.en(r_valid), .d({q_b');
      },
    });
    expect(landed).toBe(1);
    expect(bad.mismatches.length).toBeGreaterThan(0);
  });
});

describe('the hierarchical netlist keeps the copies apart (5 lanes, fixtures/timed-power.lib)', () => {
  let dir: string;
  let netlist: string;
  const out = { log: (_s: string) => {} };
  async function run(args: string[]): Promise<number> {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      return await main(args, out);
    } finally {
      vi.restoreAllMocks();
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iterl2norm-fanout-'));
    expect(await run(['synth', ...FIVE, '--liberty', POWER_LIB, '--sram-um2-per-bit', '2', '--json', join(dir, 's.json'), '--netlist', join(dir, 'top.v')])).toBe(0);
    netlist = readFileSync(join(dir, 'top.v'), 'utf8');
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('two factor copies and a select register per tree adder operand are instances of the replica', () => {
    const copies = [...netlist.matchAll(/_replica\w*\s+\\out\.factor_copy\[(\d)\]\.copy\s/g)].map((m) => m[1]);
    expect(copies.sort()).toEqual(['0', '1']);
    expect(netlist).toMatch(/_replica\w*\s+\\tree\.ta0_sel_r\s/);
    expect(netlist).toMatch(/_replica\w*\s+\\scalar\.mul_b_sel_r\s/);
  });

  it('cosim --netlist: bit-exact and cycle-exact', async () => {
    const json = join(dir, 'c.json');
    expect(await run(['cosim', '--netlist', join(dir, 'top.v'), '--liberty', POWER_LIB, '--vectors', '6', '--json', json])).toBe(0);
    const rep = JSON.parse(readFileSync(json, 'utf8'));
    expect(rep).toMatchObject({ vectors: 6, passed: 6, failed: 0 });
    expect(rep.latency.min).toBe(rep.latency.predicted);
    expect(rep.latency.max).toBe(rep.latency.predicted);
  }, 120_000);
});
