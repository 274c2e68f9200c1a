// The Verilog element rounder (templates/top/linerate/quant_round.v.hbs) against the golden
// model's quantizeExact for every element format: ties (significands with few bits; a rounder that
// rounds half up fails here), random
// significands, exponents across the subnormal range and past saturation, zeros, NaN, infinity.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { FP4E2M1, FP6E2M3, FP6E3M2, FP8E4M3, FP8E5M2, INT8, MXINT8, quantizeExact } from '../../generator/format/quant-format.ts';
import type { Unrounded } from '../../generator/format/round.ts';
import { renderTemplate } from '../../generator/rtl/render.ts';
import { runIcarus } from '../../sim/icarus.ts';
import { tempDir } from '../support/temp.ts';

const ELEMENTS = [FP8E4M3, FP8E5M2, FP6E3M2, FP6E2M3, FP4E2M1, INT8, MXINT8];
const SW = 24;
const dir = tempDir('iterl2norm-quant-round-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case { sign: number; zero: number; nan: number; inf: number; ex: number; sig: number }

function cases(): Case[] {
  const rng = seedrandom('quant-round');
  const out: Case[] = [];
  for (const sign of [0, 1]) for (const [zero, nan, inf] of [[1, 0, 0], [0, 1, 0], [0, 0, 1]]) out.push({ sign, zero, nan, inf, ex: 0, sig: 1 << (SW - 1) });
  for (let ex = -20; ex <= 17; ex++) {
    for (let k = 0; k < 24; k++) {
      // half with 6 random bits below the leading one (ties in every format), half fully random
      const top = (1 << 6) | Math.floor(rng() * 64);
      const sig = k % 2 === 0 ? top * 2 ** (SW - 7) : (1 << (SW - 1)) + Math.floor(rng() * 2 ** (SW - 1));
      out.push({ sign: rng() < 0.5 ? 1 : 0, zero: 0, nan: 0, inf: 0, ex, sig });
    }
  }
  return out;
}

function expected(c: Case): number[] {
  const u: Unrounded = c.nan ? { kind: 'nan' } : c.inf ? { kind: 'inf', sign: c.sign as 0 | 1 } : c.zero ? { kind: 'zero', sign: c.sign as 0 | 1 } : { kind: 'finite', sign: c.sign as 0 | 1, sig: BigInt(c.sig), exp: c.ex - (SW - 1) };
  return ELEMENTS.map((el) => quantizeExact(el, u));
}

describe('quant_round (Icarus) against quantizeExact', () => {
  it('every element format, ties, subnormals, saturation and specials', () => {
    const all = cases();
    writeFileSync(join(dir, 'rounder.v'), renderTemplate('top/linerate/quant_round.v.hbs', { prefix: 't' }));
    const word = (c: Case) => ((BigInt(c.sign) << 39n) | (BigInt(c.zero) << 38n) | (BigInt(c.nan) << 37n) | (BigInt(c.inf) << 36n) | (BigInt(c.ex & 0xfff) << 24n) | BigInt(c.sig)).toString(16).padStart(10, '0');
    writeFileSync(join(dir, 'in.hex'), `${all.map(word).join('\n')}\n`);
    const inst = ELEMENTS.map((el, i) => `    t_quant_round #(.SW(${SW}), .XW(12), .QW(${el.width}), .IS_INT(${el.kind === 'int' ? 1 : 0}), .MB(${el.manBits}), .BIAS(${el.bias}), .EMAX(${el.emax}), .MAXC(${el.maxCode}), .HAS_NAN(${el.nanCode === null ? 0 : 1}), .NANC(${el.nanCode ?? 0}), .INT_EXP(${el.intExp}))
      q${i} (.sign(v[39]), .is_zero(v[38]), .is_nan(v[37]), .is_inf(v[36]), .ex(v[35:24]), .sig(v[23:0]), .code(c${i}));
    wire [${el.width - 1}:0] c${i};`).join('\n');
    writeFileSync(join(dir, 'tb.v'), `\`default_nettype none
module tb;
    reg [39:0] mem [0:${all.length - 1}];
    reg [39:0] v;
    integer i, fo;
${inst}
    initial begin
        $readmemh("in.hex", mem);
        fo = $fopen("out.txt", "w");
        for (i = 0; i < ${all.length}; i = i + 1) begin
            v = mem[i];
            #1 $fwrite(fo, "${ELEMENTS.map(() => '%h').join(' ')}\\n", ${ELEMENTS.map((_, i) => `c${i}`).join(', ')});
        end
        $fclose(fo);
        $finish;
    end
endmodule
`);
    runIcarus({ files: [join(dir, 'rounder.v'), join(dir, 'tb.v')], top: 'tb', workDir: dir, timeoutSeconds: 120 });
    const got = readFileSync(join(dir, 'out.txt'), 'utf8').trim().split('\n').map((l) => l.split(' ').map((w) => parseInt(w, 16)));
    expect(got).toHaveLength(all.length);
    const bad = all.map((c, i) => ({ c, want: expected(c), got: got[i] })).filter((r) => r.want.some((w, k) => w !== r.got![k]));
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
