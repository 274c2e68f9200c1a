import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import {
  BF16,
  FP16,
  FP32,
  canonicalNaN,
  decode,
  encode,
  infBits,
  makeFormat,
  pow2,
} from '../../generator/format/float-format.ts';
import { randomBits, randomOperand } from '../../generator/format/random.ts';
import { convertCornerCases, fpConvert, fpConvertReference } from '../../generator/operators/fp-convert.ts';
import { bf16FromF32Bits, f32bits, f32expected, formulaValue, makeTableEncoder } from '../format/reference.ts';
import { CORNER_FORMATS, expectSame, take } from './helpers.ts';

const E11M40 = makeFormat(11, 40);
const E4M2 = makeFormat(4, 2);

describe('fpConvert: fp32, bf16, fp16', () => {
  it('fp32 -> bf16: 10^6 patterns against integer RNE on the top 16 bits', () => {
    const rng = seedrandom('cvt-bf16');
    expectSame(
      'fp32->bf16',
      BF16,
      take(1_000_000, () => [rng() < 0.5 ? randomBits(32, rng) : randomOperand(FP32, rng)] as [number]),
      (a) => fpConvert(FP32, a, BF16),
      (a) => bf16FromF32Bits(a),
    );
  });

  it('fp32 -> fp16: 10^6 patterns against a table encoder', () => {
    const rng = seedrandom('cvt-fp16');
    const ref = makeTableEncoder(5, 10);
    const f32 = new Float32Array(1);
    const u32 = new Uint32Array(f32.buffer);
    expectSame(
      'fp32->fp16',
      FP16,
      take(1_000_000, () => {
        // half of the patterns with exponents in and around fp16's range
        if (rng() < 0.5) return [randomOperand(FP32, rng)] as [number];
        return [(rng() < 0.5 ? 0 : 0x80000000) + (127 - 30 + Math.floor(rng() * 50)) * 0x800000 + randomBits(23, rng)] as [number];
      }),
      (a) => fpConvert(FP32, a, FP16),
      (a) => {
        u32[0] = a;
        return ref(f32[0]!);
      },
    );
  });

  it('exhaustive 16-bit sources: fp16 -> fp32 and bf16 -> fp32 exact, fp16 <-> bf16 against table encoders', () => {
    const toBf16 = makeTableEncoder(8, 7);
    const toFp16 = makeTableEncoder(5, 10);
    for (let p = 0; p < 65536; p++) {
      const h = formulaValue(5, 10, p);
      const b = formulaValue(8, 7, p);
      const want1 = f32expected(h);
      const want2 = Number.isNaN(b) ? 0x7fc00000 : p * 65536;
      const want3 = toBf16(h);
      const want4 = toFp16(b);
      if (fpConvert(FP16, p, FP32) !== want1) expect([p, fpConvert(FP16, p, FP32)]).toEqual([p, want1]);
      if (fpConvert(BF16, p, FP32) !== want2) expect([p, fpConvert(BF16, p, FP32)]).toEqual([p, want2]);
      if (fpConvert(FP16, p, BF16) !== want3) expect([p, fpConvert(FP16, p, BF16)]).toEqual([p, want3]);
      if (fpConvert(BF16, p, FP16) !== want4) expect([p, fpConvert(BF16, p, FP16)]).toEqual([p, want4]);
      if (!Number.isNaN(h)) expect(fpConvert(FP32, fpConvert(FP16, p, FP32), FP16)).toBe(p);
    }
  });

  it('e11m40 -> fp32 against Math.fround, fp32 -> e11m40 exact', () => {
    const rng = seedrandom('cvt-wide');
    expectSame(
      'e11m40->fp32',
      FP32,
      take(300_000, () => {
        if (rng() < 0.5) return [randomOperand(E11M40, rng)] as [number];
        // exponents in and around fp32's range
        return [(rng() < 0.5 ? 0 : pow2(51)) + (1023 - 160 + Math.floor(rng() * 300)) * pow2(40) + randomBits(40, rng)] as [number];
      }),
      (a) => fpConvert(E11M40, a, FP32),
      (a) => f32expected(decode(E11M40, a)),
    );
    for (let i = 0; i < 100_000; i++) {
      const p = randomOperand(FP32, rng);
      const w = fpConvert(FP32, p, E11M40);
      const v = decode(FP32, p);
      if (Number.isNaN(v)) expect(w).toBe(canonicalNaN(E11M40));
      else if (!Object.is(decode(E11M40, w), v)) expect(decode(E11M40, w)).toBe(v);
    }
  });
});

describe('fpConvert: IEEE rules and known answers', () => {
  it('specials keep their sign, NaN becomes canonical', () => {
    for (const [, fi] of CORNER_FORMATS) {
      for (const [, fo] of CORNER_FORMATS) {
        const si = pow2(fi.width - 1);
        const so = pow2(fo.width - 1);
        expect(fpConvert(fi, 0, fo)).toBe(0);
        expect(fpConvert(fi, si, fo)).toBe(so);
        expect(fpConvert(fi, infBits(fi), fo)).toBe(infBits(fo));
        expect(fpConvert(fi, si + infBits(fi), fo)).toBe(so + infBits(fo));
        expect(fpConvert(fi, infBits(fi) + 1, fo)).toBe(canonicalNaN(fo));
        expect(fpConvert(fi, si + canonicalNaN(fi), fo)).toBe(canonicalNaN(fo));
        expect(fpConvert(fi, encode(fi, 1), fo)).toBe(encode(fo, 1));
        expect(fpConvert(fi, encode(fi, -1.5), fo)).toBe(encode(fo, -1.5));
      }
    }
  });

  it('overflow, underflow and ties at the limits', () => {
    expect(fpConvert(FP32, 0x477ff000, FP16)).toBe(0x7c00); // 65520: max + ulp/2 -> inf
    expect(fpConvert(FP32, 0x477fefff, FP16)).toBe(0x7bff); // just below
    expect(fpConvert(FP32, 0x33000000, FP16)).toBe(0); // 2^-25: half the smallest subnormal -> 0
    expect(fpConvert(FP32, 0xb3000000, FP16)).toBe(0x8000);
    expect(fpConvert(FP32, 0x33000001, FP16)).toBe(1);
    expect(fpConvert(FP32, 0x33c00000, FP16)).toBe(2); // 1.5 * 2^-24: tie -> 2
    expect(fpConvert(FP32, 0x3f801000, FP16)).toBe(0x3c00); // 1 + 2^-11: tie -> 1
    expect(fpConvert(FP32, 0x3f803000, FP16)).toBe(0x3c02); // 1 + 3*2^-11: tie -> up
    expect(fpConvert(FP32, 0x7f7fffff, BF16)).toBe(0x7f80); // max fp32 rounds up to inf in bf16
    expect(fpConvert(FP32, 0x7f7f7fff, BF16)).toBe(0x7f7f);
    expect(fpConvert(FP32, 0x00008000, BF16)).toBe(0); // tie at half the bf16 min subnormal
    expect(fpConvert(FP32, 0x00018000, BF16)).toBe(2); // 1.5 -> 2
    const minSub = fpConvert(E11M40, 1, FP32);
    expect(minSub).toBe(0); // 2^-1062 underflows to 0
    expect(fpConvert(E11M40, pow2(51) + 1, FP32)).toBe(0x80000000);
    expect(decode(E4M2, fpConvert(E11M40, encode(E11M40, 239.99), E4M2))).toBe(224);
    expect(decode(E4M2, fpConvert(E11M40, encode(E11M40, 240), E4M2))).toBe(Infinity); // 224 + 16: tie -> inf
    expect(decode(E4M2, fpConvert(E11M40, encode(E11M40, 2 ** -9), E4M2))).toBe(0);
    expect(decode(E4M2, fpConvert(E11M40, encode(E11M40, 2 ** -9 + 2 ** -40), E4M2))).toBe(2 ** -8);
    expect(decode(E4M2, fpConvert(E11M40, encode(E11M40, 1.125), E4M2))).toBe(1); // tie -> even
    expect(decode(E4M2, fpConvert(E11M40, encode(E11M40, 1.375), E4M2))).toBe(1.5);
    expect(decode(E11M40, fpConvert(E4M2, 0x3b, E11M40))).toBe(224); // exact widening of max finite
  });
});

describe('fpConvert: fast path against the BigInt reference', () => {
  for (const [li, fi] of CORNER_FORMATS) {
    it(`from ${li}: corner cases into every corner format, 20k random patterns each`, () => {
      const rng = seedrandom(`cvt ${li}`);
      for (const [, fo] of CORNER_FORMATS) {
        const cases = convertCornerCases(fi, fo).map((a) => [a] as [number]);
        expectSame(`${fi.name}->${fo.name} corners`, fo, cases, (a) => fpConvert(fi, a, fo), (a) => fpConvertReference(fi, a, fo));
        expectSame(
          `${fi.name}->${fo.name} random`,
          fo,
          take(20_000, () => [randomOperand(fi, rng)] as [number]),
          (a) => fpConvert(fi, a, fo),
          (a) => fpConvertReference(fi, a, fo),
        );
      }
    });
  }

  it('the corner-case builder hits fo ties and overflow when fi is wider', () => {
    const cases = convertCornerCases(FP32, FP16);
    const res = cases.map((a) => fpConvert(FP32, a, FP16));
    expect(res).toContain(0x7c00);
    expect(res).toContain(0x7bff);
    expect(res).toContain(1);
    expect(cases).toContain(0x477ff000); // the overflow tie
    expect(cases).toContain(0x33000000); // half the smallest subnormal
    expect(cases).toContain(0x3f801000); // 1 + ulp/2
    expect(f32bits(decode(FP32, 0x3f801000))).toBe(0x3f801000);
  });
});
