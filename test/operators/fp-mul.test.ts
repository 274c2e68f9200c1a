import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../generator/errors.ts';
import {
  BF16,
  FP16,
  FP32,
  canonicalNaN,
  decode,
  encode,
  formatHex,
  infBits,
  makeFormat,
  pow2,
  type FloatFormat,
} from '../../generator/format/float-format.ts';
import { randomOperand } from '../../generator/format/random.ts';
import { countMulTies, fpMul, fpMulReference, mulCornerCases } from '../../generator/operators/fp-mul.ts';
import { f32expected, f32value, makeTableEncoder } from '../format/reference.ts';
import { CORNER_FORMATS, expectSame, take, TINY_FORMATS, allPairs } from './helpers.ts';

const E11M40 = makeFormat(11, 40);
const E10M30 = makeFormat(10, 30);
const E4M2 = makeFormat(4, 2);
const E5M13 = makeFormat(5, 13);

describe('fpMul: fp32 * fp32 -> fp32 against Math.fround', () => {
  it('10^6 random pairs (specials, subnormals, overflow, underflow) bit-exact', () => {
    const rng = seedrandom('fp32-mul');
    const bad: string[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      const a = randomOperand(FP32, rng);
      const b = randomOperand(FP32, rng);
      const got = fpMul(FP32, a, FP32, b, FP32);
      // the double product of two fp32 values is exact (48 bits, no double under/overflow)
      const want = f32expected(f32value(a) * f32value(b));
      if (got !== want && bad.length < 5) bad.push(`${formatHex(FP32, a)} * ${formatHex(FP32, b)} -> ${formatHex(FP32, got)}, want ${formatHex(FP32, want)}`);
    }
    expect(bad).toEqual([]);
  });

  it('200k random pairs with a power-of-two scale in [-300, 300]', () => {
    const rng = seedrandom('fp32-mul-scale');
    expectSame(
      'fp32 mul scale',
      FP32,
      take(200_000, (): [number, number, number] => [randomOperand(FP32, rng), randomOperand(FP32, rng), Math.floor(rng() * 601) - 300]),
      (a, b, s) => fpMul(FP32, a, FP32, b, FP32, s),
      (a, b, s) => f32expected(f32value(a) * f32value(b) * 2 ** s), // exact in double: |product| >= 2^-298
    );
  });
});

describe('fpMul: fp16 and mixed formats against double arithmetic + independent encoders', () => {
  it('fp16 * fp16 -> fp16, 10^6 random pairs', () => {
    const rng = seedrandom('fp16-mul');
    const ref = makeTableEncoder(5, 10);
    expectSame(
      'fp16 mul',
      FP16,
      take(1_000_000, (): [number, number] => [randomOperand(FP16, rng), randomOperand(FP16, rng)]),
      (a, b) => fpMul(FP16, a, FP16, b, FP16),
      (a, b) => ref(decode(FP16, a) * decode(FP16, b)),
    );
  });

  it('bf16 * bf16 -> fp32 and fp16 * fp32 -> bf16, 300k pairs each', () => {
    const rng = seedrandom('mixed-mul');
    expectSame(
      'bf16*bf16->fp32',
      FP32,
      take(300_000, (): [number, number] => [randomOperand(BF16, rng), randomOperand(BF16, rng)]),
      (a, b) => fpMul(BF16, a, BF16, b, FP32),
      (a, b) => f32expected(decode(BF16, a) * decode(BF16, b)),
    );
    const bf = makeTableEncoder(8, 7);
    expectSame(
      'fp16*fp32->bf16',
      BF16,
      take(300_000, (): [number, number] => [randomOperand(FP16, rng), randomOperand(FP32, rng)]),
      (a, b) => fpMul(FP16, a, FP32, b, BF16),
      (a, b) => bf(decode(FP16, a) * f32value(b)), // 11 + 24 bits: exact in double
    );
  });

  it('exhaustive for tiny formats e4m2, e4m3, e5m2 against a table encoder', () => {
    for (const [E, M] of TINY_FORMATS) {
      const fmt = makeFormat(E, M);
      const ref = makeTableEncoder(E, M);
      expectSame(`${fmt.name} mul`, fmt, allPairs(fmt), (a, b) => fpMul(fmt, a, fmt, b, fmt), (a, b) => ref(decode(fmt, a) * decode(fmt, b)));
    }
  });
});

describe('fpMul: IEEE rules', () => {
  it('0 * inf = NaN, NaN payloads, signs of zeros and infinities', () => {
    for (const [, fmt] of CORNER_FORMATS) {
      const s = pow2(fmt.width - 1);
      const inf = infBits(fmt);
      const nan = canonicalNaN(fmt);
      const one = encode(fmt, 1);
      const mul = (a: number, b: number) => fpMul(fmt, a, fmt, b, fmt);
      expect(mul(0, inf)).toBe(nan);
      expect(mul(inf + s, s)).toBe(nan);
      expect(mul(inf + 1, one)).toBe(nan);
      expect(mul(one, s + inf + pow2(fmt.manBits) - 1)).toBe(nan);
      expect(mul(s + nan, 0)).toBe(nan);
      expect(mul(s, one)).toBe(s);
      expect(mul(s, s + one)).toBe(0);
      expect(mul(0, s + one)).toBe(s);
      expect(mul(inf, s + one)).toBe(inf + s);
      expect(mul(inf + s, s + inf)).toBe(inf);
      expect(mul(one + s, one + s)).toBe(one);
      expect(mul(1, 1 + s)).toBe(s); // underflow to -0
      expect(mul(inf - 1, encode(fmt, 2))).toBe(inf);
      expect(mul(inf - 1 + s, encode(fmt, 2))).toBe(inf + s);
      // into a different output format
      expect(fpMul(fmt, 0, FP16, 0x7c00, BF16)).toBe(0x7fc0);
      expect(fpMul(fmt, s, FP16, 0x3c00, FP32)).toBe(0x80000000);
      expect(fpMul(fmt, inf, FP16, 0xbc00, E4M2)).toBe(infBits(E4M2) + 64);
    }
  });

  it('scale must be an integer', () => {
    expect(() => fpMul(FP32, 0x3f800000, FP32, 0x3f800000, FP32, 0.5)).toThrow(UsageError);
    expect(() => fpMul(FP32, 0x3f800000, FP32, 0x3f800000, FP32, Infinity)).toThrow('scale must be an integer (got Infinity)');
    expect(() => fpMul(FP32, 0x3f800000, FP32, 0x3f800000, FP32, NaN)).toThrow(UsageError);
  });
});

describe('fpMul: known answers', () => {
  it('e11m40: ties, subnormal products, scale', () => {
    const f = E11M40;
    const e = (x: number) => encode(f, x);
    const mul = (x: number, y: number, s = 0) => decode(f, fpMul(f, e(x), f, e(y), f, s));
    expect(mul(1 + 2 ** -20, 1 + 2 ** -21)).toBe(1 + 2 ** -20 + 2 ** -21); // + 2^-41: tie, even -> down
    expect(mul(1 + 2 ** -40, 1.5)).toBe(1.5 + 2 ** -39); // 1.5 + 2^-40 + 2^-41: tie, odd -> up
    expect(mul(1 + 2 ** -40, 1 + 2 ** -40)).toBe(1 + 2 ** -39); // + 2^-80: below half an ulp
    expect(mul(1 - 2 ** -41, 1 - 2 ** -41)).toBe(1 - 2 ** -40); // 1 - 2^-40 + 2^-82
    expect(mul(1 + 2 ** -21, 1 + 2 ** -20, -1062)).toBe(2 ** -1062); // scaled far into the subnormals
    const minSub = 2 ** -1062;
    expect(mul(minSub, 0.5)).toBe(0); // tie -> 0
    expect(Object.is(mul(-minSub, 0.5), -0)).toBe(true);
    expect(mul(minSub, 0.75)).toBe(minSub);
    expect(mul(minSub, 1.5)).toBe(2 * minSub); // tie -> even
    expect(mul(3 * minSub, 0.5)).toBe(2 * minSub);
    expect(mul(5 * minSub, 0.5)).toBe(2 * minSub);
    expect(mul(2 ** -1022, 2 ** -1022)).toBe(0);
    expect(mul(2 ** -511, 2 ** -551)).toBe(minSub);
    expect(mul(2 ** -511, 2 ** -552)).toBe(0); // half of minSub: tie to 0
    expect(mul(2 ** 1023, 2)).toBe(Infinity);
    expect(mul(1, 1, 1023)).toBe(2 ** 1023);
    expect(mul(1, 1, 1024)).toBe(Infinity);
    expect(mul(1, 1, -1062)).toBe(minSub);
    expect(mul(1, 1, -1063)).toBe(0);
    expect(mul(3, 1, -1064)).toBe(minSub); // 0.75 minSub
    expect(mul(1, 1, -100000)).toBe(0);
    expect(mul(1, 1, 100000)).toBe(Infinity);
    expect(mul(2 ** 1000, 2 ** -1000, 0)).toBe(1);
  });

  it('e10m30 and mixed widths', () => {
    const f = E10M30;
    const e = (x: number) => encode(f, x);
    const mul = (x: number, y: number) => decode(f, fpMul(f, e(x), f, e(y), f));
    expect(mul(1 + 2 ** -15, 1 + 2 ** -15)).toBe(1 + 2 ** -14 + 2 ** -30); // exact
    expect(mul(1 + 2 ** -15, 1 + 2 ** -16)).toBe(1 + 2 ** -15 + 2 ** -16); // + 2^-31: tie, even
    expect(mul(1 + 2 ** -30, 1.5)).toBe(1.5 + 2 ** -29); // 1.5 + 2^-30 + 2^-31: tie, odd -> up
    // e11m40 * e4m2 -> e5m13
    const a = encode(E11M40, 1 + 2 ** -14 + 2 ** -40);
    expect(decode(E5M13, fpMul(E11M40, a, E4M2, encode(E4M2, 1.5), E5M13))).toBe(1.5 + 2 ** -13); // 1.5 + 0.75 ulp + tiny: up
    expect(decode(E5M13, fpMul(E11M40, encode(E11M40, 1 + 2 ** -14), E4M2, encode(E4M2, 1), E5M13))).toBe(1); // tie -> even
    // fp32 * fp32 -> e11m40 is exact for 24-bit significands whose product fits 41 bits
    expect(decode(E11M40, fpMul(FP32, 0x3f800100, FP32, 0x3f800100, E11M40))).toBe((1 + 2 ** -15) ** 2);
    expect(decode(E11M40, fpMul(FP32, 0x3f800001, FP32, 0x3f800001, E11M40))).toBe(1 + 2 ** -22); // + 2^-46 is lost
    expect(fpMul(FP32, 0x7f7fffff, FP32, 0x7f7fffff, E11M40)).toBe(encode(E11M40, 3.4028234663852886e38 ** 2));
  });

  it('fp32 / e11m40 embedding: products equal the exact double product when it fits 41 bits', () => {
    const rng = seedrandom('embed-mul');
    let exact = 0;
    for (let i = 0; i < 200_000; i++) {
      const x = f32value(randomOperand(FP32, rng));
      const y = f32value(randomOperand(FP32, rng));
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const p = x * y; // exact (48 bits)
      if (decode(E11M40, encode(E11M40, p)) !== p) continue;
      exact++;
      const got = fpMul(E11M40, encode(E11M40, x), E11M40, encode(E11M40, y), E11M40);
      if (got !== encode(E11M40, p)) expect(`${x} * ${y} = ${decode(E11M40, got)}`).toBe(`${x} * ${y} = ${p}`);
    }
    expect(exact).toBeGreaterThan(50_000);
  });
});

describe('fpMul: fast path against the BigInt reference', () => {
  for (const [label, fmt] of CORNER_FORMATS) {
    it(`${label}: corner cases (including ties) and 100k random pairs`, () => {
      const corners = mulCornerCases(fmt, fmt);
      expect(countMulTies(fmt, fmt, fmt, corners)).toBeGreaterThan(20);
      expectSame(`${fmt.name} mul corners`, fmt, corners, (a, b) => fpMul(fmt, a, fmt, b, fmt), (a, b) => fpMulReference(fmt, a, fmt, b, fmt));
      const rng = seedrandom(`mul ${label}`);
      expectSame(
        `${fmt.name} mul random`,
        fmt,
        take(100_000, (): [number, number] => [randomOperand(fmt, rng), randomOperand(fmt, rng)]),
        (a, b) => fpMul(fmt, a, fmt, b, fmt),
        (a, b) => fpMulReference(fmt, a, fmt, b, fmt),
      );
    });
  }

  const TRIPLES: Array<[FloatFormat, FloatFormat, FloatFormat]> = [
    [FP32, BF16, FP32],
    [BF16, BF16, FP32],
    [FP16, FP32, BF16],
    [E11M40, E4M2, E5M13],
    [E4M2, E4M2, E11M40],
    [E11M40, E11M40, E4M2],
    [E11M40, FP32, FP16],
    [makeFormat(8, 26), makeFormat(8, 26), FP32],
    [makeFormat(6, 30), makeFormat(9, 22), E10M30],
  ];
  for (const [fa, fb, fo] of TRIPLES) {
    it(`${fa.name} * ${fb.name} -> ${fo.name}: corner cases and 50k random pairs with random scales`, () => {
      const corners = mulCornerCases(fa, fb, fo);
      expectSame(`${fa.name}*${fb.name}->${fo.name} corners`, fo, corners, (a, b) => fpMul(fa, a, fb, b, fo), (a, b) => fpMulReference(fa, a, fb, b, fo));
      const rng = seedrandom(`triple ${fa.name} ${fb.name} ${fo.name}`);
      expectSame(
        `${fa.name}*${fb.name}->${fo.name} random`,
        fo,
        take(50_000, (): [number, number, number] => [
          randomOperand(fa, rng),
          randomOperand(fb, rng),
          rng() < 0.5 ? 0 : Math.floor((rng() - 0.5) * 2 * (fo.bias + fo.manBits + 8)),
        ]),
        (a, b, s) => fpMul(fa, a, fb, b, fo, s),
        (a, b, s) => fpMulReference(fa, a, fb, b, fo, s),
      );
    });
  }

  it('the corner-case builder finds ties in both directions, normal and subnormal, and the overflow tie', () => {
    for (const [fa, fb, fo] of [[FP32, FP32, FP32], [BF16, BF16, BF16], [FP16, FP16, FP16], [E11M40, E11M40, E11M40], [E4M2, E4M2, E4M2], [FP32, FP32, BF16]] as const) {
      const cases = mulCornerCases(fa, fb, fo);
      const inf = infBits(fo);
      const res = cases.map(([a, b]) => fpMul(fa, a, fb, b, fo));
      expect(res).toContain(inf); // overflow
      expect(res).toContain(1); // smallest subnormal
      expect(countMulTies(fa, fb, fo, cases)).toBeGreaterThan(20);
    }
  });
});
