// `iterl2norm prove --interface axis` (docs/prove.md#the-axi4-stream-interface): a small fixed-d
// l2 design behind the AXI4-Stream wrapper proven with yosys-smtbmc and z3 (2 beats a packet, one
// lane of the last beat kept, TLAST free: bad packets too), mutated designs that must give a counterexample naming their
// property, and the axis configurations a proof refuses. Bounded to the smallest depth that takes
// a first vector through (deeper proofs: bench/prove.ts).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { cmdProve } from '../../cli/prove.ts';
import { resolveConfig } from '../../generator/config.ts';
import { depthRange, prove } from '../../prove/prove.ts';
import { findProofTools } from '../../prove/tools.ts';
import { captureCli } from '../support/cli-capture.ts';

const cli = captureCli('iterl2norm-prove-axis-');
const SMALL = ['--format', 'fp16', '--internal', 'e5m6', '--steps', '1'];
// d 3 on 2 lanes: packets of 2 beats, TLAST on the second, one lane (TKEEP 0b0011) on it
const cfg = resolveConfig({ format: 'fp16', internal: 'e5m6', steps: 1, interface: 'axis', d: 3, lanes: 2 });
// `make test` installs yosys (with yosys-smtbmc) and z3 (scripts/ensure-tools.sh): a missing tool
// fails these tests instead of skipping them.
findProofTools();

describe('prove: a small l2 design with the AXI4-Stream wrapper holds every property', () => {
  it('l2, d 3, 2 lanes, axis: every property bounded-proved with TLAST free (bad packets too), and k-induction closes for hold', () => {
    const depth = depthRange(cfg).min;
    const r = prove({ cfg, depth, induction: ['hold'] });
    const status = Object.fromEntries(r.properties.map((p) => [p.name, p.status]));
    expect(status).toEqual({ 'in-flight': 'bounded', order: 'bounded', beats: 'bounded', hold: 'proved by induction', reset: 'bounded', latency: 'bounded' });
    expect(r).toMatchObject({ depth, passed: true, top: 'iterl2norm_fp16_d3_p2_e5m6_nr1_t6_axis' });
    expect(r.inputModel).toMatch(/s_axis_tlast free .*AXI4-Lite idle/);
  });
});

describe('prove: a mutated axis design gives a counterexample naming the property', () => {
  // a first vector's output beats, then a cycle of stall after them
  const depth = depthRange(cfg).min + 1;

  it('a bit of m_axis_tdata that toggles every cycle, also while m_axis_tready is low, breaks hold: VCD and report, exit 1', () => {
    // the mantissa's last bit of lane 0 (fp16: exponent bits 14:10), flipped only when the lane is
    // finite: a marked vector stays NaN and an unmarked one finite, so that only hold can see it
    const toggleWhileStalled = (file: string, text: string) => (file.endsWith('_axis.v')
      ? text.replace('assign m_axis_tdata  = out_data;', "reg flip;\n    always @(posedge aclk) flip <= !flip;\n    assign m_axis_tdata = out_data ^ {31'd0, flip && !(&out_data[14:10])};")
      : text);
    const vcd = join(cli.dir, 'cex.vcd');
    const json = join(cli.dir, 'report.json');
    const code = cmdProve({ depth: String(depth), induction: false, vcd, json }, cli.out, () => cfg, (o) => prove({ ...o, edit: toggleWhileStalled }));
    expect(code).toBe(1);
    expect(readFileSync(vcd, 'utf8')).toMatch(/\$var .* m_axis_tready /);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ passed: false, counterexample: { property: 'hold', assertion: 'output_held', vcd } });
    expect(cli.lines).toContain('  hold       COUNTEREXAMPLE (assertion output_held)');
  });
});

describe('prove --interface axis: configurations the proof does not model', () => {
  it.each([
    ['--d-max (packets of any length)', ['--interface', 'axis', '--d-max', '4', '--lanes', '2'], /^iterl2norm: --interface axis is proven with a fixed --d only: .*--d-max/],
    ['affine parameters (written over AXI4-Lite)', ['--interface', 'axis', '--mode', 'rms', '--d', '2', '--lanes', '2'], /^iterl2norm: --interface axis is proven without affine parameters only .*--affine none/],
  ])('%s: exit 2, one line, nothing written', async (_name, args, message) => {
    const json = join(cli.dir, 'r.json');
    expect(await main(['prove', ...SMALL, ...args, '--json', json], cli.out)).toBe(2);
    expect(cli.errors.trim().split('\n')).toHaveLength(1);
    expect(cli.errors.trim()).toMatch(message);
    expect(existsSync(json)).toBe(false);
    expect(readdirSync(cli.dir)).toEqual([]);
  });
});
