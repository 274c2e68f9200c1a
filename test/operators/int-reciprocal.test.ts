// RNE(1/d) from an integer d, the 1/d of --d-max macros: the model (generator/operators/
// int-reciprocal.ts) against an exact rounding with BigInt, and the RTL (_recip) against the
// model for every d of a D = 4096 macro and of a D = 100 one, in the default internal format,
// fp32 and a narrow one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../generator/config.ts';
import { FP32, encode, formatHex, makeFormat, type FloatFormat } from '../../generator/format/float-format.ts';
import { roundToFormat } from '../../generator/format/round.ts';
import { reciprocalOfInteger } from '../../generator/operators/int-reciprocal.ts';
import { generate } from '../../generator/rtl/generate.ts';
import { runIcarus } from '../../sim/icarus.ts';
import { tempDir } from '../support/temp.ts';

const E10M30 = makeFormat(10, 30);
const E8M12 = makeFormat(8, 12);

/** Exact RNE of 1/d: the quotient 2^K / d with its remainder as a sticky bit (K >> the format's bits). */
function exactReciprocal(fmt: FloatFormat, d: number): number {
  const K = 200n;
  const q = (1n << K) / BigInt(d);
  const rem = (1n << K) % BigInt(d);
  // 2^K/d = q + rem/d: (2q + sticky) * 2^-(K+1) rounds like the exact value (q has far more bits than the format)
  return roundToFormat(fmt, { kind: 'finite', sign: 0, sig: 2n * q + (rem === 0n ? 0n : 1n), exp: -Number(K) - 1 });
}

describe('the model', () => {
  it.each([E10M30, FP32, E8M12])('equals the exact rounding for every d up to 2^16 (%o)', (fmt) => {
    let bad = 0;
    for (let d = 1; d <= 65536; d++) if (reciprocalOfInteger(fmt, d) !== exactReciprocal(fmt, d)) bad++;
    expect(bad).toBe(0);
  });
  it('equals encode(1/d), the constant of a fixed-d macro, for every d up to 2^16', () => {
    for (let d = 1; d <= 65536; d += 1) if (reciprocalOfInteger(E10M30, d) !== encode(E10M30, 1 / d)) throw new Error(`d = ${d}`);
  });
});

describe('the RTL', () => {
  it.each([
    ['D 4096, e10m30', { dMax: 4096, mode: 'rms' }],
    ['D 100, fp32 internal, 3 lanes', { dMax: 100, mode: 'layer', internal: 'fp32', lanes: 3 }],
    ['D 4096, e8m12 internal, pipelined (2 rows a stage)', { dMax: 4096, mode: 'rms', internal: 'e8m12', pipeline: 'add=2,mul=2' }],
  ])('%s: every d in 1..D, one a cycle, bit-exact', (_n, opts) => {
    const cfg = resolveConfig({ format: 'bf16', ...opts });
    const dir = tempDir('recip-');
    const design = generate(cfg, join(dir, 'rtl'));
    const prefix = design.top;
    const D = cfg.d;
    const lw = Math.ceil(Math.log2(D + 1));
    const f = cfg.internal;
    const slw = Math.max(1, Math.ceil(Math.log2(design.manifest.engine.slots)));   // the slot index width
    writeFileSync(join(dir, 'tb.v'), `\`timescale 1ns/1ps
module tb;
  reg clk = 0; always #5 clk = ~clk;
  reg rst = 1, start = 0; reg [${lw - 1}:0] len = 0; reg [${slw - 1}:0] slot = 0;
  wire v; wire [${slw - 1}:0] s; wire [${f.width - 1}:0] r;
  ${prefix}_recip #() dut (.clk(clk), .rst(rst), .start(start), .len(len), .slot(slot), .res_valid(v), .res_slot(s), .res(r));
  integer fo, n;
  always @(posedge clk) if (v) $fwrite(fo, "%h\\n", r);
  initial begin
    fo = $fopen("out.hex", "w");
    @(negedge clk); rst = 0;
    for (n = 1; n <= ${D}; n = n + 1) begin start = 1; len = n; @(negedge clk); end
    start = 0; repeat (40) @(negedge clk);
    $fclose(fo); $finish;
  end
endmodule
`);
    const files = design.files.filter((p) => /_recip(_row)?\.v$/.test(p));
    runIcarus({ files: [...files, join(dir, 'tb.v')], top: 'tb', workDir: dir });
    const got = readFileSync(join(dir, 'out.hex'), 'utf8').trim().split('\n');
    expect(got.length).toBe(D);
    const bad = got.map((h: string, i: number) => [i + 1, h, formatHex(f, reciprocalOfInteger(f, i + 1))]).filter(([, h, w]) => h !== w);
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
