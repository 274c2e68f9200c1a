import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import {
  FP16,
  FP32,
  canonicalNaN,
  decode,
  encode,
  formatHex,
  infBits,
  makeFormat,
  maxFinite,
  minNormal,
  minSubnormal,
  pow2,
} from '../../generator/format/float-format.ts';
import { randomBits, randomOperand } from '../../generator/format/random.ts';
import { fromNumber, roundToFormat } from '../../generator/format/round.ts';
import { addCornerCases, fpAdd, fpAddReference, fpSub } from '../../generator/operators/fp-add.ts';
import { f32expected, f32value, makeTableEncoder } from '../format/reference.ts';
import { CORNER_FORMATS, expectSame, take, TINY_FORMATS, allPairs } from './helpers.ts';

/** An operand pair: independent operands, or b close to +-a (cancellation, equal exponents). */
function randomPair(fmt: typeof FP32, rng: () => number): [number, number] {
  const a = randomOperand(fmt, rng);
  const u = rng();
  if (u < 0.6) return [a, randomOperand(fmt, rng)];
  const s = pow2(fmt.width - 1);
  const mag = a >= s ? a - s : a;
  const delta = u < 0.8 ? Math.floor(rng() * 5) - 2 : randomBits(Math.floor(rng() * (fmt.manBits + 2)), rng) * (rng() < 0.5 ? 1 : -1);
  const bmag = Math.min(Math.max(mag + delta, 0), pow2(fmt.width - 1) - 1);
  return [a, bmag + (rng() < 0.5 ? 0 : s)];
}

describe('fpAdd / fpSub: fp32 against Math.fround', () => {
  it('10^6 random pairs (specials, subnormals, cancellations): add and sub bit-exact', () => {
    const rng = seedrandom('fp32-add');
    const bad: string[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      const [a, b] = randomPair(FP32, rng);
      const x = f32value(a);
      const y = f32value(b);
      const s = fpAdd(FP32, a, b);
      const d = fpSub(FP32, a, b);
      // double has 53 >= 2*24+2 bits: rounding the double sum to fp32 is correctly rounded
      if (s !== f32expected(x + y) && bad.length < 5) bad.push(`add ${formatHex(FP32, a)} ${formatHex(FP32, b)} -> ${formatHex(FP32, s)}`);
      if (d !== f32expected(x - y) && bad.length < 5) bad.push(`sub ${formatHex(FP32, a)} ${formatHex(FP32, b)} -> ${formatHex(FP32, d)}`);
    }
    expect(bad).toEqual([]);
  });
});

describe('fpAdd: fp16 against double arithmetic + encode', () => {
  it('10^6 random pairs (sums of fp16 values are exact in double)', () => {
    const rng = seedrandom('fp16-add');
    const ref = makeTableEncoder(5, 10);
    expectSame(
      'fp16 add',
      FP16,
      take(1_000_000, () => randomPair(FP16, rng)),
      (a, b) => fpAdd(FP16, a, b),
      (a, b) => ref(decode(FP16, a) + decode(FP16, b)),
    );
  });

  it('exhaustive for tiny formats e4m2, e4m3, e5m2 against a table encoder', () => {
    for (const [E, M] of TINY_FORMATS) {
      const fmt = makeFormat(E, M);
      const ref = makeTableEncoder(E, M);
      expectSame(`${fmt.name} add`, fmt, allPairs(fmt), (a, b) => fpAdd(fmt, a, b), (a, b) => ref(decode(fmt, a) + decode(fmt, b)));
      expectSame(`${fmt.name} sub`, fmt, allPairs(fmt), (a, b) => fpSub(fmt, a, b), (a, b) => ref(decode(fmt, a) - decode(fmt, b)));
    }
  });
});

describe('fpAdd: IEEE rules', () => {
  it('signed zeros, infinities, NaN', () => {
    for (const [, fmt] of CORNER_FORMATS) {
      const s = pow2(fmt.width - 1);
      const inf = infBits(fmt);
      const one = encode(fmt, 1);
      const nan = canonicalNaN(fmt);
      expect(fpAdd(fmt, one, one + s)).toBe(0); // x + (-x) = +0
      expect(fpSub(fmt, one, one)).toBe(0);
      expect(fpAdd(fmt, s, s)).toBe(s); // (-0) + (-0) = -0
      expect(fpAdd(fmt, 0, s)).toBe(0);
      expect(fpAdd(fmt, s, 0)).toBe(0);
      expect(fpSub(fmt, s, 0)).toBe(s); // -0 - 0 = -0
      expect(fpSub(fmt, 0, 0)).toBe(0);
      expect(fpAdd(fmt, s, one)).toBe(one);
      expect(fpAdd(fmt, one + s, 0)).toBe(one + s);
      expect(fpSub(fmt, inf, inf)).toBe(nan); // inf - inf = NaN
      expect(fpAdd(fmt, inf, inf + s)).toBe(nan);
      expect(fpAdd(fmt, inf, inf)).toBe(inf);
      expect(fpAdd(fmt, inf + s, one)).toBe(inf + s);
      expect(fpAdd(fmt, inf + 1, one)).toBe(nan); // any NaN input -> canonical NaN
      expect(fpAdd(fmt, one, inf + s + 1)).toBe(nan);
      expect(fpAdd(fmt, s + nan, inf)).toBe(nan);
      expect(fpSub(fmt, one, inf + pow2(fmt.manBits) - 1)).toBe(nan);
      const max = inf - 1;
      expect(fpAdd(fmt, max, max)).toBe(inf);
      expect(fpSub(fmt, max + s, max)).toBe(inf + s);
      expect(fpSub(fmt, max, max)).toBe(0);
      expect(fpAdd(fmt, 1, 1)).toBe(2); // subnormals add exactly
      expect(fpAdd(fmt, pow2(fmt.manBits) - 1, 1)).toBe(pow2(fmt.manBits)); // into the normals
      expect(fpSub(fmt, pow2(fmt.manBits), 1)).toBe(pow2(fmt.manBits) - 1); // and out again
      expect(fpSub(fmt, 1, 1 + s)).toBe(2);
    }
  });
});

describe('fpAdd: known answers for wide formats', () => {
  it('e10m30', () => {
    const f = makeFormat(10, 30);
    const one = encode(f, 1);
    const e = (x: number) => encode(f, x);
    expect(one).toBe(511 * pow2(30));
    expect(fpAdd(f, one, e(2 ** -30))).toBe(one + 1); // 1 + 2^-30 exact
    expect(fpAdd(f, one, e(2 ** -31))).toBe(one); // 1 + 2^-31: tie, to even
    expect(fpAdd(f, one + 1, e(2 ** -31))).toBe(one + 2); // tie, up to even
    expect(fpAdd(f, one, e(3 * 2 ** -32))).toBe(one + 1); // 1 + 0.75 ulp: up
    expect(fpAdd(f, one, e(2 ** -32))).toBe(one); // 1 + 0.25 ulp: down
    expect(fpAdd(f, one, e(2 ** -31 + 2 ** -60))).toBe(one + 1); // just above the tie
    expect(fpSub(f, one, e(2 ** -32))).toBe(one); // 1 - 2^-32 is the tie below 1
    expect(fpSub(f, one, e(2 ** -32 + 2 ** -60))).toBe(one - 1);
    expect(fpSub(f, one, e(2 ** -31))).toBe(one - 1); // 1 - 2^-31 is exact
    expect(decode(f, fpSub(f, one + 1, one))).toBe(2 ** -30); // exact cancellation
    const max = infBits(f) - 1;
    const halfUlp = e(2 ** (f.bias - 31));
    expect(decode(f, max)).toBe(maxFinite(f));
    expect(fpAdd(f, max, halfUlp)).toBe(infBits(f)); // max + ulp/2: tie, max is odd -> inf
    expect(fpAdd(f, max, e(2 ** (f.bias - 32)))).toBe(max); // max + ulp/4
    expect(fpAdd(f, 1, 1)).toBe(2);
    expect(decode(f, fpSub(f, e(minNormal(f)), 1))).toBe(minNormal(f) - minSubnormal(f));
  });

  it('e11m40', () => {
    const f = makeFormat(11, 40);
    const one = encode(f, 1);
    const e = (x: number) => encode(f, x);
    expect(fpAdd(f, one, e(2 ** -40))).toBe(one + 1);
    expect(fpAdd(f, one, e(2 ** -41))).toBe(one);
    expect(fpAdd(f, one + 1, e(2 ** -41))).toBe(one + 2);
    expect(fpAdd(f, one, e(3 * 2 ** -42))).toBe(one + 1);
    expect(fpAdd(f, one, e(2 ** -41 + 2 ** -80))).toBe(one + 1); // sticky bit 39 places below the tie
    expect(fpSub(f, one, e(2 ** -42 + 2 ** -82))).toBe(one - 1); // just below the tie under 1
    expect(fpAdd(f, e(2 ** 1023), e(2 ** 1023))).toBe(infBits(f));
    expect(fpAdd(f, infBits(f) - 1, e(2 ** (1023 - 41)))).toBe(infBits(f));
    expect(fpAdd(f, infBits(f) - 1, e(2 ** (1023 - 42)))).toBe(infBits(f) - 1);
    expect(decode(f, fpAdd(f, 1, 1))).toBe(2 ** -1061);
    expect(fpAdd(f, one, 1)).toBe(one); // far below: the M+3 shortcut
    // 1 + 2^-43 is the first gap that takes the shortcut; 1 + (2^-42 + 2^-43) does not
    expect(fpSub(f, one, e(2 ** -43))).toBe(one);
    expect(fpSub(f, one, e(2 ** -42 + 2 ** -43))).toBe(one - 1);
  });

  it('e4m2: every value and its sums by hand', () => {
    const f = makeFormat(4, 2); // 1.xx * 2^(e-7), max 1.75*2^7 = 224, min subnormal 2^-8
    const e = (x: number) => encode(f, x);
    expect(decode(f, fpAdd(f, e(1), e(0.125)))).toBe(1); // 1 + ulp/2: tie -> 1
    expect(decode(f, fpAdd(f, e(1.25), e(0.125)))).toBe(1.5); // tie -> even 1.5
    expect(decode(f, fpAdd(f, e(224), e(16)))).toBe(Infinity); // max + ulp/2
    expect(decode(f, fpAdd(f, e(224), e(8)))).toBe(224);
    expect(decode(f, fpAdd(f, e(2 ** -8), e(2 ** -8)))).toBe(2 ** -7);
    expect(decode(f, fpSub(f, e(2 ** -6), e(2 ** -8)))).toBe(3 * 2 ** -8);
  });
});

describe('fpAdd: fast path against the BigInt reference', () => {
  for (const [label, fmt] of CORNER_FORMATS) {
    it(`${label}: corner cases and 100k random pairs, add and sub`, () => {
      const rng = seedrandom(`add ${label}`);
      const corners = addCornerCases(fmt);
      expect(corners.length).toBeGreaterThan(1000);
      expectSame(`${fmt.name} add corners`, fmt, corners, (a, b) => fpAdd(fmt, a, b), (a, b) => fpAddReference(fmt, a, b));
      expectSame(`${fmt.name} sub corners`, fmt, corners, (a, b) => fpSub(fmt, a, b), (a, b) => fpAddReference(fmt, a, b >= pow2(fmt.width - 1) ? b - pow2(fmt.width - 1) : b + pow2(fmt.width - 1)));
      expectSame(
        `${fmt.name} add random`,
        fmt,
        take(100_000, () => randomPair(fmt, rng)),
        (a, b) => fpAdd(fmt, a, b),
        (a, b) => fpAddReference(fmt, a, b),
      );
    });
  }

  it('fp32 values embedded in e11m40: the sum equals the exact double sum whenever that fits 41 bits', () => {
    const f = makeFormat(11, 40);
    const rng = seedrandom('embed-add');
    let exact = 0;
    for (let i = 0; i < 200_000; i++) {
      const [a, b] = randomPair(FP32, rng);
      const x = f32value(a);
      const y = f32value(b);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const s = x + y;
      // exact in double (TwoSum error 0) and representable in e11m40?
      const bb = s - x;
      const err = x - (s - bb) + (y - bb);
      if (err !== 0 || decode(f, encode(f, s)) !== s) continue;
      exact++;
      const got = fpAdd(f, encode(f, x), encode(f, y));
      if (got !== encode(f, s)) expect(`${x} + ${y} = ${decode(f, got)}`).toBe(`${x} + ${y} = ${s}`);
    }
    expect(exact).toBeGreaterThan(100_000);
  });

  it('the corner-case builder includes ties in both directions and overflow at the threshold', () => {
    for (const [, fmt] of CORNER_FORMATS) {
      const cases = addCornerCases(fmt);
      const one = encode(fmt, 1);
      const results = cases.map(([a, b]) => fpAdd(fmt, a, b));
      expect(results).toContain(infBits(fmt));
      expect(results).toContain(one + 2); // (1 + ulp) + ulp/2 ties up
      expect(cases.some(([a, b]) => a === one && decode(fmt, b) === 2 ** -(fmt.manBits + 1))).toBe(true);
      expect(roundToFormat(fmt, fromNumber(1 + 2 ** -(fmt.manBits + 1)))).toBe(one);
    }
  });
});
