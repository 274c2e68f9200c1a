// The port behaviour docs/integration.md states, each checked in Icarus (4-state) with a bench of
// its own: X before the power-up reset, in_ready high but nothing taken during reset, outputs held
// while the sink stalls, the latency and first-output edge from the manifest, and in_ready of a
// --d-max design following in_len within the cycle. (The reset in flight and the parameter store
// surviving it: test/cosim/reset.test.ts.)
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, golden, toBits } from '../../api/index.ts';
import { runIcarus } from '../../sim/icarus.ts';
import { tempDir } from '../support/temp.ts';

const hex = (words: number[]) => [...words].reverse().map((w) => w.toString(16).padStart(4, '0')).join('');

/** Simulates `bench` (module tb) against the design; returns what it printed, line by line. */
function simulate(design: ReturnType<typeof generate>, work: string, bench: string): string[] {
  writeFileSync(join(work, 'tb.v'), bench);
  return runIcarus({ files: [...design.files, join(work, 'tb.v')], top: 'tb', workDir: work, timeoutSeconds: 60 }).trim().split('\n');
}

describe('d 8, 4 lanes, bf16 (B = 2): reset, handshakes, latency', () => {
  it('X before reset; in_ready 1 during reset but beats not taken; stalled outputs hold; latency as the manifest', () => {
    const work = tempDir('iterl2norm-integration-');
    const design = generate({ d: 8, lanes: 4, format: 'bf16' }, join(work, 'rtl'));
    const x = toBits('bf16', [1, 2, 3, 4, 5, 6, 7, 8]);
    const [y] = golden({ d: 8, lanes: 4, format: 'bf16' }, [x]);
    const lines = simulate(design, work, `
\`timescale 1ns/1ps
module tb;
  reg clk = 0; always #5 clk = ~clk;
  reg rst = 1, in_valid = 0, out_ready = 1;
  reg [63:0] in_data = 0;
  wire in_ready, out_valid, out_last; wire [63:0] out_data;
  integer edge_n = 0; always @(posedge clk) edge_n <= edge_n + 1;
  ${design.top} dut(.clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready), .in_data(in_data),
    .out_valid(out_valid), .out_ready(out_ready), .out_data(out_data), .out_last(out_last));
  always @(posedge clk) if (!rst && in_valid && in_ready) $display("IN %0d", edge_n);
  always @(posedge clk) if (out_valid && out_ready) $display("OUT %0d %h %b", edge_n, out_data, out_last);
  always @(posedge clk) if (out_valid && !out_ready) $display("HELD %0d %h %b", edge_n, out_data, out_last);
  initial begin
    #1 $display("POWERUP %b %b", in_ready, out_valid);
    in_valid = 1; in_data = {4{16'h4500}};                    // junk offered during reset
    repeat (3) begin @(negedge clk); $display("RESET %b %b", in_ready, out_valid); end
    rst = 0;
    in_data = 64'h${hex(x.slice(0, 4))}; @(negedge clk);
    in_data = 64'h${hex(x.slice(4, 8))}; @(negedge clk);
    in_valid = 0;
    wait (out_valid); @(negedge clk);                          // the first output beat is offered
    out_ready = 0; repeat (3) @(negedge clk); out_ready = 1;   // the sink stalls it for 3 cycles
    repeat (40) @(negedge clk);
    $finish;
  end
endmodule
`);
    expect(lines).toContain('POWERUP x x');
    expect(lines.filter((l) => l.startsWith('RESET'))).toEqual(['RESET 1 0', 'RESET 1 0', 'RESET 1 0']);
    const ins = lines.filter((l) => l.startsWith('IN ')).map((l) => Number(l.split(' ')[1]));
    const outs = lines.filter((l) => l.startsWith('OUT ')).map((l) => l.split(' '));
    const held = lines.filter((l) => l.startsWith('HELD ')).map((l) => l.split(' '));
    expect(ins).toHaveLength(2); // the beats offered during reset were not taken
    expect(outs.map(([, , data, last]) => [data, last])).toEqual([[hex(y!.slice(0, 4)), '0'], [hex(y!.slice(4, 8)), '1']]);
    expect(held.length).toBe(3);
    expect(new Set(held.map(([, , data, last]) => `${data} ${last}`))).toEqual(new Set([`${hex(y!.slice(0, 4))} 0`]));
    // the last output beat moves LATENCY edges after the first input beat, plus the 3 stalled
    // cycles; the first output beat B - 1 = 1 edge before it
    const [first, last] = outs.map(([, edge]) => Number(edge));
    expect(last! - ins[0]!).toBe(design.manifest.latency.cycles + 3);
    expect(last! - first!).toBe(1);
  });
});

describe('--d-max 64, 4 lanes, rms', () => {
  it('after a one-beat vector, in_ready follows in_len within the cycle: 4 waits, 64 is taken', () => {
    const work = tempDir('iterl2norm-integration-');
    const design = generate({ dMax: 64, lanes: 4, format: 'bf16', mode: 'rms' }, join(work, 'rtl'));
    const T = design.manifest.engine.occupancy!.cycles;
    expect(T).toBeGreaterThan(1); // a one-beat vector is followed by T - 1 cycles of admission hold
    const lines = simulate(design, work, `
\`timescale 1ns/1ps
module tb;
  reg clk = 0; always #5 clk = ~clk;
  reg rst = 1, in_valid = 0, out_ready = 1, prm_wr_en = 0;
  reg [63:0] in_data = {4{16'h3f80}}; reg [6:0] in_len = 7'd4; reg [3:0] prm_wr_addr = 0; reg [63:0] prm_wr_data = 0;
  wire in_ready, out_valid, out_last; wire [63:0] out_data;
  ${design.top} dut(.clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready), .in_data(in_data), .in_len(in_len),
    .prm_wr_en(prm_wr_en), .prm_wr_addr(prm_wr_addr), .prm_wr_data(prm_wr_data),
    .out_valid(out_valid), .out_ready(out_ready), .out_data(out_data), .out_last(out_last));
  initial begin
    @(negedge clk); rst = 0;
    in_valid = 1; #1 $display("FIRST %b", in_ready);
    @(negedge clk);
    in_len = 7'd4;  #1 $display("LEN4 %b", in_ready);
    in_len = 7'd64; #1 $display("LEN64 %b", in_ready);
    in_valid = 0;
    $finish;
  end
endmodule
`);
    expect(lines).toEqual(['FIRST 1', 'LEN4 0', 'LEN64 1']);
  });
});
