// The dynamic-scale quantiser module (templates/top/linerate/quantize_dynamic.v.hbs) on its own,
// against the golden model's quantizeDynamic, with y words the whole unit cannot reach cheaply:
// max|y| / Qmax above 2^126 (r = 1/s an fp32 subnormal, 23 and 22 bits), at and past fp32's
// largest value (s = infinity, r = 0), exactly 2^-126 and below (the floor), y subnormal in the
// internal format, NaN and infinity, and random magnitudes across the range; 1 lane, vectors of
// 3 beats back to back with stalls (en low), for fp8e4m3, fp8e5m2 and int8.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../generator/config.ts';
import { encode, pow2 } from '../../generator/format/float-format.ts';
import { quantizeDynamic } from '../../generator/operators/quantize.ts';
import { renderOperators } from '../../generator/rtl/operators.ts';
import { quantiseContext, quantiseStages } from '../../generator/rtl/quantize-stage.ts';
import { renderTemplate } from '../../generator/rtl/render.ts';
import { runIcarus } from '../../sim/icarus.ts';
import { tempDir } from '../support/temp.ts';

const dir = tempDir('iterl2norm-quant-dyn-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const N = 3; // beats (= elements, 1 lane) per vector

function vectors(fy: ReturnType<typeof resolveConfig>['internal'], qmax: number): number[][] {
  const e = (x: number) => encode(fy, x);
  const nan = encode(fy, NaN);
  const inf = encode(fy, Infinity);
  const sub = 1; // the smallest subnormal of the internal format
  const out: number[][] = [
    [e(1.5 * qmax * pow2(126)), e(-0.75 * pow2(126)), e(3)],          // s in (2^126, 2^127): r keeps 23 bits
    [e(-1.9 * qmax * pow2(127)), e(1.3 * pow2(120)), e(-pow2(127))],  // s in (2^127, 2^128): r keeps 22 bits
    [e(1.7 * qmax * pow2(126)), e(pow2(-3)), e(-5)],
    [e(qmax * pow2(128)), e(1), e(-1)],                                // s = infinity (overflow), r = 0
    [e((2 - pow2(-30)) * qmax * pow2(127)), e(0), e(-0)],              // rounds up to 2^128: infinity
    [e(qmax * pow2(-126)), e(-pow2(-130)), e(pow2(-127))],             // s = 2^-126 exactly
    [e(pow2(-140)), e(-pow2(-141)), sub],                              // below: the floor
    [0, 0, 0],                                                         // a zero vector: the floor
    [sub, sub + 2 ** (fy.width - 1), 0],                                            // subnormal y
    [e(1), nan, e(2)],
    [e(-1), e(3), inf + 2 ** (fy.width - 1)],                                      // -infinity
  ];
  const rng = seedrandom('quant-dynamic');
  for (let k = 0; k < 20; k++) {
    const scale = Math.floor(rng() * 300) - 150;
    out.push(Array.from({ length: N }, () => e((rng() < 0.5 ? -1 : 1) * (1 + rng()) * pow2(scale - Math.floor(rng() * 8)))));
  }
  return out;
}

/** Simulates the module on the vectors; returns the model's (code, s) per beat and the module's. */
function simulate(outFormat: string, patch: (text: string) => string = (t) => t) {
  const cfg = resolveConfig({ d: N, lanes: 1, format: 'bf16', mode: 'l2', outFormat });
  const el = cfg.outFormat!.element;
  const fy = cfg.internal;
  const G = quantiseStages(cfg);
  const vs = vectors(fy, el.maxValue);
  const files = [
    ...renderOperators('t'),
    { file: 't_vector_store.v', text: renderTemplate('top/vector_store.v.hbs', { prefix: 't' }) },
    { file: 't_quant_round.v', text: renderTemplate('top/linerate/quant_round.v.hbs', { prefix: 't' }) },
    { file: 't_quantize_dynamic.v', text: patch(renderTemplate('top/linerate/quantize_dynamic.v.hbs', { prefix: 't', P: 1, ...quantiseContext(cfg) })) },
  ];
  const sub = join(dir, outFormat);
  const paths = files.map((f) => {
    const p = join(dir, `${outFormat}_${f.file}`);
    writeFileSync(p, f.text);
    return p;
  });
  // one beat per word: {last, y}; en is low on every fourth cycle (a stall)
  const words = vs.flatMap((v) => v.map((y, i) => (BigInt(i === N - 1 ? 1 : 0) << BigInt(fy.width)) | BigInt(y)));
  writeFileSync(`${sub}_in.hex`, `${words.map((w) => w.toString(16)).join('\n')}\n`);
  const YW = fy.width;
  writeFileSync(`${sub}_tb.v`, `\`default_nettype none
module tb;
    reg clk = 0, rst = 1, en = 0, in_valid = 0, in_last = 0;
    reg [${YW}:0] mem [0:${words.length - 1}];
    reg [${YW - 1}:0] in_data = 0;
    reg [${G - 1}:0] dv = 0, dl = 0;           // the exit's valid and last, G moves behind
    wire [${el.width - 1}:0] q;
    wire [31:0] s;
    t_quantize_dynamic dut (.clk(clk), .rst(rst), .en(en), .in_valid(in_valid), .in_last(in_last), .in_data(in_data),
        .in_lanes(1'b1), .x_valid(dv[${G - 1}]), .x_last(dl[${G - 1}]), .q_data(q), .q_scale(s));
    integer i = 0, cyc = 0, fo;
    always #5 clk = ~clk;
    initial begin
        $readmemh("${outFormat}_in.hex", mem);
        fo = $fopen("${outFormat}_out.txt", "w");
        @(posedge clk); #1 rst = 0;
        while (cyc < ${words.length * 2 + 4 * G}) begin
            en = (cyc % 4) != 3;
            in_valid = (i < ${words.length});
            in_data = (i < ${words.length}) ? mem[i][${YW - 1}:0] : 0;
            in_last = (i < ${words.length}) ? mem[i][${YW}] : 0;
            #1 if (en && dv[${G - 1}]) $fwrite(fo, "%h %h\\n", q, s);
            @(posedge clk);
            if (en) begin
                dv <= { dv[${G - 2}:0], in_valid };
                dl <= { dl[${G - 2}:0], in_last };
                if (in_valid) i = i + 1;
            end
            #1 cyc = cyc + 1;
        end
        $fclose(fo);
        $finish;
    end
endmodule
`);
  runIcarus({ files: [...paths, `${sub}_tb.v`], top: 'tb', workDir: dir, timeoutSeconds: 120 });
  const got = readFileSync(`${sub}_out.txt`, 'utf8').trim().split('\n').map((l) => l.split(' ').map((w) => parseInt(w, 16)));
  const want = vs.flatMap((v) => {
    const r = quantizeDynamic(el, fy, v);
    return r.codes.map((c) => [c, r.scales[0]!]);
  });
  return { want, got };
}

describe('quantize_dynamic (Icarus) against quantizeDynamic', () => {
  for (const outFormat of ['fp8e4m3', 'fp8e5m2', 'int8']) {
    it(`${outFormat}: extreme scales, floor, overflow, subnormal r, specials, stalls`, () => {
      const { want, got } = simulate(outFormat);
      expect(got).toHaveLength(want.length);
      const bad = want.map((w, i) => ({ i, want: w.map((x) => x.toString(16)), got: got[i]!.map((x) => x.toString(16)) })).filter((r) => r.want.join() !== r.got.join());
      expect(bad.slice(0, 6)).toEqual([]);
      // the cases reached: a subnormal r (s above 2^126), infinity, the floor, NaN
      const scales = new Set(want.map((w) => w[1]));
      for (const sc of [0x7f800000, 0x00800000, 0x7fc00000]) expect(scales).toContain(sc);
      expect([...scales].filter((sc) => sc > 0x7e800000 && sc < 0x7f800000).length).toBeGreaterThanOrEqual(2);
    });
  }

  it('a reciprocal rounded to 24 bits where fp32 keeps fewer (s above 2^126) fails', () => {
    const from = "wire [1:0]           sh   = (e_s == 12'sd127) ? 2'd2 : (e_s == 12'sd126) ? 2'd1 : 2'd0;";
    const { want, got } = simulate('int8', (t) => {
      expect(t).toContain(from);
      return t.replace(from, "wire [1:0] sh = 2'd0;");
    });
    expect(got.some((g, i) => g.join() !== want[i]!.join())).toBe(true);
  });
});
