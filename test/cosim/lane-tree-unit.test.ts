// Unit-level co-simulation of the line-rate engine's lane tree (<top>_lane_tree), where a wrong
// schedule entry or a step that collides with the next load is easier to find than through the
// whole macro: random lane sums of the internal format (specials, subnormals, huge values
// included) are loaded as often as the input's admission allows (every TL + E + 1 cycles), and
// every m must be the golden model's lane tree (laneTree, then + d*eps), taken (m_valid) on the
// edge TL + E + 1 after its load: TL + E steps, then the scalar unit's edge.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig, topModuleName } from '../../generator/config.ts';
import { formatHex } from '../../generator/format/float-format.ts';
import { randomOperand } from '../../generator/format/random.ts';
import { laneTree, loopConstants } from '../../generator/model/iterl2norm.ts';
import { fpAdd } from '../../generator/operators/fp-add.ts';
import { elaborate } from '../../generator/plan.ts';
import { generate } from '../../generator/rtl/generate.ts';
import { runIcarus } from '../../sim/icarus.ts';

const N = 40;

function bench(top: string, P: number, WI: number, spacing: number): string {
  return `\`timescale 1ns/1ps
module tb;
    reg clk = 1'b0, rst = 1'b1, load = 1'b0;
    always #5 clk = ~clk;
    reg  [${P * WI}-1:0] sums;
    wire [${WI}-1:0] m;
    wire m_valid;
    reg  [${WI}-1:0] words [0:${N * P}-1];
    integer v, j, cycle = 0, fo;
    ${top}_lane_tree dut (.clk(clk), .rst(rst), .load(load), .sums(sums), .m(m), .m_valid(m_valid));
    always @(posedge clk) begin
        cycle <= cycle + 1;
        if (m_valid) $fwrite(fo, "%0d %h\\n", cycle, m);
        if (load) $fwrite(fo, "L %0d\\n", cycle);
    end
    initial begin
        $readmemh("sums.hex", words);
        fo = $fopen("out.txt", "w");
        @(negedge clk) rst = 1'b0;
        for (v = 0; v < ${N}; v = v + 1) begin
            for (j = 0; j < ${P}; j = j + 1) sums[j*${WI} +: ${WI}] = words[v*${P} + j];
            load = 1'b1;
            @(negedge clk) load = 1'b0;
            repeat (${spacing - 1}) @(negedge clk);
        end
        repeat (${spacing + 4}) @(negedge clk);
        $fclose(fo);
        $finish;
    end
endmodule
`;
}

const CASES: Array<[string, ConfigOptions]> = [
  ['16 lanes, 4 adders, eps', { d: 64, lanes: 16, format: 'bf16', eps: 1e-5, mode: 'rms' }],
  ['3 lanes (an odd one out), fp32 internal', { d: 15, lanes: 3, format: 'fp32', internal: 'fp32' }],
  ['one lane: no addition but eps', { d: 7, lanes: 1, format: 'fp16', eps: 1e-3, mode: 'rms' }],
];

describe.each(CASES)('lane tree, %s', (_name, opts) => {
  it('every sum as the model, on the edge TL + E + 1 after its load, loads every TL + E + 1 cycles', () => {
    const cfg = resolveConfig(opts);
    const plan = elaborate(cfg);
    const f = cfg.internal;
    const rng = seedrandom(`tree-${cfg.lanes}`);
    const vectors = Array.from({ length: N }, () => Array.from({ length: cfg.lanes }, () => randomOperand(f, rng)));
    const epsD = loopConstants(cfg).epsD;
    const expected = vectors.map((s) => { const m = laneTree(f, s); return formatHex(f, plan.E ? fpAdd(f, m, epsD) : m); });
    const work = mkdtempSync(join(tmpdir(), 'iterl2norm-tree-'));
    try {
      const g = generate(cfg, join(work, 'rtl'));
      writeFileSync(join(work, 'sums.hex'), `${vectors.flat().map((w) => formatHex(f, w)).join('\n')}\n`);
      const spacing = plan.TL + plan.E + 1;
      writeFileSync(join(work, 'tb.v'), bench(topModuleName(cfg), cfg.lanes, f.width, spacing));
      const files = [...g.files.filter((p) => !p.endsWith(`${g.top}.v`)), join(work, 'tb.v')];
      runIcarus({ files, top: 'tb', workDir: work, timeoutSeconds: 60 });
      const lines = readFileSync(join(work, 'out.txt'), 'utf8').trim().split('\n');
      const loads = lines.filter((l) => l.startsWith('L ')).map((l) => Number(l.slice(2)));
      const outs = lines.filter((l) => !l.startsWith('L ')).map((l) => l.split(' '));
      expect(loads.length).toBe(N);
      expect(outs.map(([, m]) => m)).toEqual(expected);
      expect(outs.map(([c], i) => Number(c) - loads[i])).toEqual(new Array(N).fill(plan.TL + plan.E + 1));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
