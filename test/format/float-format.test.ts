import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import {
  BF16,
  FP16,
  FP32,
  canonicalNaN,
  classify,
  decode,
  encode,
  formatHex,
  ilogb,
  infBits,
  isNaNBits,
  makeFormat,
  maxFinite,
  minNormal,
  minSubnormal,
  negate,
  parseFormat,
  parseHex,
  pow2,
} from '../../generator/format/float-format.ts';
import { cornerValues, randomBits, randomOperand } from '../../generator/format/random.ts';
import { bf16FromF32Bits, f32bits, f32expected, f32value, formulaValue, makeTableEncoder } from './reference.ts';
import { usageMessage } from '../support/usage-error.ts';
import { CORNER_FORMATS } from '../operators/helpers.ts';

function expectUsage(fn: () => unknown, message: string): void {
  expect(usageMessage(fn)).toBe(message);
}

describe('format parameters', () => {
  it('names, biases and widths', () => {
    expect(FP32).toEqual({ name: 'fp32', expBits: 8, manBits: 23, bias: 127, width: 32 });
    expect(BF16).toEqual({ name: 'bf16', expBits: 8, manBits: 7, bias: 127, width: 16 });
    expect(FP16).toEqual({ name: 'fp16', expBits: 5, manBits: 10, bias: 15, width: 16 });
    expect(makeFormat(4, 2)).toEqual({ name: 'e4m2', expBits: 4, manBits: 2, bias: 7, width: 7 });
    expect(makeFormat(11, 40)).toEqual({ name: 'e11m40', expBits: 11, manBits: 40, bias: 1023, width: 52 });
    expect(makeFormat(5, 13).width).toBe(19);
    expect(makeFormat(8, 23)).toBe(FP32);
  });

  it('parseFormat accepts named and eXmY formats, case-insensitively', () => {
    expect(parseFormat('fp32')).toBe(FP32);
    expect(parseFormat('BF16')).toBe(BF16);
    expect(parseFormat('Fp16')).toBe(FP16);
    expect(parseFormat('e8m23')).toBe(FP32);
    expect(parseFormat('E5M10')).toBe(FP16);
    expect(parseFormat('e10m30').name).toBe('e10m30');
    expect(parseFormat('e4m2').name).toBe('e4m2');
    expect(parseFormat('e11m40').width).toBe(52);
  });

  it('validation messages quote the bad value and say what is allowed', () => {
    expectUsage(() => makeFormat(3, 5), 'format "e3m5": exponent bits must be 4..11 (got 3)');
    expectUsage(() => makeFormat(12, 5), 'format "e12m5": exponent bits must be 4..11 (got 12)');
    expectUsage(() => makeFormat(4.5, 5), 'format "e4.5m5": exponent bits must be 4..11 (got 4.5)');
    expectUsage(() => makeFormat(8, 1), 'format "e8m1": mantissa bits must be 2..40 (got 1)');
    expectUsage(() => makeFormat(8, 41), 'format "e8m41": mantissa bits must be 2..40 (got 41)');
    expectUsage(() => makeFormat(8, NaN), 'format "e8mNaN": mantissa bits must be 2..40 (got NaN)');
    expectUsage(() => parseFormat('e3m5'), 'format "e3m5": exponent bits must be 4..11 (got 3)');
    expectUsage(() => parseFormat('E8M41'), 'format "E8M41": mantissa bits must be 2..40 (got 41)');
    const unknown = (t: string) =>
      `unknown format "${t}": use fp32, bf16, fp16 or eXmY with X in 4..11 and Y in 2..40`;
    for (const t of ['fp8', '', 'e8', 'e8m', 'fp32 ', 'e-1m3', 'e8m2.5', 'constructor']) expectUsage(() => parseFormat(t), unknown(t));
  });

  it('limits', () => {
    expect(maxFinite(FP32)).toBe(3.4028234663852886e38);
    expect(minNormal(FP32)).toBe(1.1754943508222875e-38);
    expect(minSubnormal(FP32)).toBe(1.401298464324817e-45);
    expect(maxFinite(FP16)).toBe(65504);
    expect(minSubnormal(FP16)).toBe(Math.pow(2, -24));
    expect(maxFinite(BF16)).toBe(3.3895313892515355e38);
    expect(maxFinite(makeFormat(4, 2))).toBe(224);
    expect(minSubnormal(makeFormat(4, 2))).toBe(Math.pow(2, -8));
    expect(maxFinite(makeFormat(11, 40))).toBe((2 - Math.pow(2, -40)) * Math.pow(2, 1023));
    expect(minSubnormal(makeFormat(11, 40))).toBe(Math.pow(2, -1062));
    expect(minNormal(makeFormat(11, 40))).toBe(Math.pow(2, -1022));
  });

  it('pow2 and ilogb', () => {
    expect(pow2(-1074)).toBe(Number.MIN_VALUE);
    expect(pow2(-1075)).toBe(0);
    expect(pow2(1023) * 2).toBe(Infinity);
    for (let k = -1074; k <= 1023; k++) {
      expect(pow2(k)).toBe(Math.pow(2, k));
      if (k >= -1022) expect(ilogb(pow2(k))).toBe(k);
      if (k >= -1022 && k < 1023) expect(ilogb(pow2(k + 1) * (1 - Number.EPSILON / 2))).toBe(k);
    }
  });
});

describe('special patterns and classification', () => {
  it('canonical NaN and infinity', () => {
    expect(canonicalNaN(FP32)).toBe(0x7fc00000);
    expect(canonicalNaN(BF16)).toBe(0x7fc0);
    expect(canonicalNaN(FP16)).toBe(0x7e00);
    expect(canonicalNaN(makeFormat(4, 2))).toBe(0b0111110);
    expect(formatHex(makeFormat(11, 40), canonicalNaN(makeFormat(11, 40)))).toBe('7ff8000000000');
    expect(infBits(FP32)).toBe(0x7f800000);
  });

  it('classify', () => {
    expect(classify(FP32, 0)).toBe('zero');
    expect(classify(FP32, 0x80000000)).toBe('zero');
    expect(classify(FP32, 1)).toBe('subnormal');
    expect(classify(FP32, 0x807fffff)).toBe('subnormal');
    expect(classify(FP32, 0x00800000)).toBe('normal');
    expect(classify(FP32, 0xff7fffff)).toBe('normal');
    expect(classify(FP32, 0x7f800000)).toBe('inf');
    expect(classify(FP32, 0xff800000)).toBe('inf');
    expect(classify(FP32, 0x7f800001)).toBe('nan');
    expect(classify(FP32, 0xffffffff)).toBe('nan');
    const w = makeFormat(11, 40);
    expect(classify(w, pow2(52) - 1)).toBe('nan');
    expect(classify(w, pow2(51) + pow2(40) * 2046)).toBe('normal');
    expect(isNaNBits(FP32, 0xffc00000)).toBe(true);
    expect(isNaNBits(FP32, 0xff800000)).toBe(false);
    expect(negate(FP32, 0x3f800000)).toBe(0xbf800000);
    expect(negate(FP32, 0xbf800000)).toBe(0x3f800000);
  });

  it('hex', () => {
    expect(formatHex(FP32, 0x3f800000)).toBe('3f800000');
    expect(formatHex(FP32, 1)).toBe('00000001');
    expect(formatHex(FP16, 0x3c00)).toBe('3c00');
    expect(formatHex(makeFormat(5, 13), 0x7ffff)).toBe('7ffff');
    expect(formatHex(makeFormat(4, 2), 5)).toBe('05');
    expect(parseHex(FP32, '3F800000')).toBe(0x3f800000);
    expect(parseHex(FP32, '0x3f800000')).toBe(0x3f800000);
    expect(parseHex(FP32, 'ffffffff')).toBe(0xffffffff);
    expect(parseHex(FP16, '1')).toBe(1);
    expect(parseHex(makeFormat(11, 40), 'fffffffffffff')).toBe(pow2(52) - 1);
    expectUsage(() => parseHex(FP32, 'xyz'), '"xyz" is not a hex fp32 bit pattern: use 1..8 hex digits');
    expectUsage(() => parseHex(FP32, ''), '"" is not a hex fp32 bit pattern: use 1..8 hex digits');
    expectUsage(() => parseHex(FP32, '-1'), '"-1" is not a hex fp32 bit pattern: use 1..8 hex digits');
    expectUsage(() => parseHex(FP32, '1ffffffff'), '"1ffffffff" is wider than fp32 (32 bits): use at most 8 hex digits');
    expectUsage(() => parseHex(FP16, '10000'), '"10000" is wider than fp16 (16 bits): use at most 4 hex digits');
    expectUsage(
      () => parseHex(makeFormat(5, 13), '80000'),
      '"80000" is wider than e5m13 (19 bits): the largest pattern is 7ffff',
    );
    expectUsage(() => parseHex(makeFormat(4, 2), '80'), '"80" is wider than e4m2 (7 bits): the largest pattern is 7f');
  });
});

describe('decode / encode', () => {
  for (const fmt of [FP16, BF16]) {
    it(`${fmt.name}: exhaustive decode vs formula and encode(decode(p)) === p for all 65536 patterns`, () => {
      const ref = makeTableEncoder(fmt.expBits, fmt.manBits);
      for (let p = 0; p < 65536; p++) {
        const v = decode(fmt, p);
        const f = formulaValue(fmt.expBits, fmt.manBits, p);
        if (Number.isNaN(f)) {
          expect(v).toBeNaN();
          expect(encode(fmt, v)).toBe(canonicalNaN(fmt));
          continue;
        }
        if (!Object.is(v, f)) expect(v).toBe(f);
        const e = encode(fmt, v);
        if (e !== p) expect(formatHex(fmt, e)).toBe(formatHex(fmt, p));
        if (ref(v) !== p) expect(ref(v)).toBe(p);
        // midpoints to the next pattern (only between finite non-negative neighbours)
        if (p < infBits(fmt) - 1) {
          const mid = (v + decode(fmt, p + 1)) / 2; // exact
          const want = p % 2 === 0 ? p : p + 1;
          expect(encode(fmt, mid)).toBe(want);
          expect(encode(fmt, -mid)).toBe(want + pow2(fmt.width - 1));
        }
      }
    });
  }

  it('fp16: encode vs an independent table encoder on 300k random doubles', () => {
    const ref = makeTableEncoder(5, 10);
    const rng = seedrandom('fp16-encode');
    let checked = 0;
    for (let i = 0; i < 300_000; i++) {
      const u = rng();
      let x: number;
      if (u < 0.3) x = (rng() - 0.5) * Math.pow(2, Math.floor(rng() * 60) - 30);
      else if (u < 0.5) x = (rng() - 0.5) * Math.pow(2, -12 - Math.floor(rng() * 16)); // subnormal range
      else if (u < 0.6) x = 65504 + (rng() - 0.5) * 64; // near overflow
      else {
        // a representable value, its midpoints, and neighbours of the midpoints
        const p = randomOperand(FP16, rng);
        const v = decode(FP16, p);
        if (!Number.isFinite(v)) x = v;
        else {
          const ulp = Math.pow(2, Math.max(Math.floor(Math.log2(Math.abs(v) || 1)), -14) - 10);
          const k = Math.floor(rng() * 5);
          x = v + [0, ulp / 2, -ulp / 2, ulp / 2 + ulp / 4096, ulp / 2 - ulp / 4096][k]! * (rng() < 0.5 ? 1 : -1);
        }
      }
      const got = encode(FP16, x);
      const want = ref(x);
      if (got !== want) expect(`${x}: ${formatHex(FP16, got)}`).toBe(`${x}: ${formatHex(FP16, want)}`);
      checked++;
    }
    expect(checked).toBe(300_000);
    if (typeof (Math as { f16round?: (x: number) => number }).f16round === 'function') {
      const f16round = (Math as unknown as { f16round: (x: number) => number }).f16round;
      for (let i = 0; i < 100_000; i++) {
        const x = (rng() - 0.5) * Math.pow(2, Math.floor(rng() * 60) - 30);
        expect(decode(FP16, encode(FP16, x))).toBe(f16round(x));
      }
    }
  });

  it('fp32: encode vs Math.fround on 10^6 doubles (random, subnormal, overflow, ties)', () => {
    const rng = seedrandom('fp32-encode');
    const f64 = new Float64Array(1);
    const u32 = new Uint32Array(f64.buffer);
    let mismatches = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const u = rng();
      let x: number;
      if (u < 0.2) {
        // any double (bit pattern), mostly far outside fp32's range
        u32[0] = Math.floor(rng() * 4294967296);
        u32[1] = Math.floor(rng() * 4294967296);
        x = f64[0]!;
      } else if (u < 0.4) {
        // doubles with exponents around fp32's range
        u32[0] = Math.floor(rng() * 4294967296);
        u32[1] = Math.floor(rng() * 1048576) + (1023 - 160 + Math.floor(rng() * 300)) * 1048576 + (rng() < 0.5 ? 0x80000000 : 0);
        x = f64[0]!;
      } else {
        // an fp32 value plus 0, +-ulp/2 (exact ties) or +-ulp/2 +- tiny
        const p = randomOperand(FP32, rng);
        const v = f32value(p);
        if (!Number.isFinite(v)) x = v;
        else {
          const e = Math.max(Math.floor(Math.log2(Math.abs(v) || 1e-300)), -126);
          const half = Math.pow(2, e - 24);
          const k = Math.floor(rng() * 6);
          const tiny = half * Math.pow(2, -1 - Math.floor(rng() * 28));
          x = v + (rng() < 0.5 ? 1 : -1) * [0, half, half + tiny, half - tiny, tiny, 3 * half][k]!;
        }
      }
      const got = encode(FP32, x);
      const want = f32expected(x);
      if (got !== want) {
        mismatches++;
        if (mismatches < 5) expect(`${x}: ${formatHex(FP32, got)}`).toBe(`${x}: ${formatHex(FP32, want)}`);
      }
    }
    expect(mismatches).toBe(0);
  });

  it('fp32: decode vs Float32Array on 10^6 patterns, encode(decode(p)) === p', () => {
    const rng = seedrandom('fp32-decode');
    for (let i = 0; i < 1_000_000; i++) {
      const p = i < 500_000 ? randomBits(32, rng) : randomOperand(FP32, rng);
      const v = decode(FP32, p);
      const w = f32value(p);
      if (Number.isNaN(w)) {
        if (!Number.isNaN(v)) expect(v).toBeNaN();
        if (encode(FP32, v) !== 0x7fc00000) expect(encode(FP32, v)).toBe(0x7fc00000);
      } else {
        if (!Object.is(v, w)) expect(v).toBe(w);
        if (encode(FP32, v) !== p) expect(formatHex(FP32, encode(FP32, v))).toBe(formatHex(FP32, p));
      }
    }
    expect(f32bits(decode(FP32, 0x80000000))).toBe(0x80000000);
  });

  it('bf16: encode of fp32 values vs integer RNE on the top 16 bits (10^6 patterns)', () => {
    const rng = seedrandom('bf16');
    for (let i = 0; i < 1_000_000; i++) {
      const u = rng();
      let p: number;
      if (u < 0.4) p = randomBits(32, rng);
      else if (u < 0.7) p = randomOperand(FP32, rng);
      else {
        // low half exactly 0x8000 (tie) or near it
        const hi = randomBits(16, rng);
        p = hi * 65536 + [0x8000, 0x7fff, 0x8001, 0, 0xffff][Math.floor(rng() * 5)]!;
      }
      const got = encode(BF16, decode(FP32, p));
      const want = bf16FromF32Bits(p);
      if (got !== want) expect(`${formatHex(FP32, p)} -> ${formatHex(BF16, got)}`).toBe(`${formatHex(FP32, p)} -> ${formatHex(BF16, want)}`);
    }
  });

  it('signed zeros, infinities, NaN', () => {
    for (const fmt of [FP32, BF16, FP16, makeFormat(4, 2), makeFormat(11, 40), makeFormat(5, 13)]) {
      const s = pow2(fmt.width - 1);
      expect(encode(fmt, 0)).toBe(0);
      expect(encode(fmt, -0)).toBe(s);
      expect(Object.is(decode(fmt, s), -0)).toBe(true);
      expect(encode(fmt, Infinity)).toBe(infBits(fmt));
      expect(encode(fmt, -Infinity)).toBe(s + infBits(fmt));
      expect(encode(fmt, NaN)).toBe(canonicalNaN(fmt));
      expect(decode(fmt, s + infBits(fmt))).toBe(-Infinity);
      expect(decode(fmt, s + infBits(fmt) + 1)).toBeNaN();
      // values below half the smallest subnormal round to a zero of the same sign
      expect(encode(fmt, minSubnormal(fmt) / 2)).toBe(0);
      expect(encode(fmt, -minSubnormal(fmt) / 2)).toBe(s);
      expect(encode(fmt, minSubnormal(fmt) * (0.5 + 2 ** -10))).toBe(1);
      expect(encode(fmt, Number.MIN_VALUE)).toBe(0);
      expect(encode(fmt, -Number.MIN_VALUE)).toBe(s);
      expect(encode(fmt, Number.MAX_VALUE)).toBe(infBits(fmt));
    }
  });
});

/** Known answers and round trips named after the corners of the parameter space. */
const CORNERS = CORNER_FORMATS;

describe('format corners', () => {
  for (const [label, fmt] of CORNERS) {
    it(`${label}: limits, ties and round trips`, () => {
      const M = fmt.manBits;
      const ulp = pow2(-M);
      const one = fmt.bias * pow2(M);
      const inf = infBits(fmt);
      expect(encode(fmt, 1)).toBe(one);
      expect(decode(fmt, one + 1)).toBe(1 + ulp);
      expect(encode(fmt, 1 + ulp / 2)).toBe(one); // tie to even
      expect(encode(fmt, 1 + 1.5 * ulp)).toBe(one + 2); // tie to even, up
      expect(encode(fmt, 1 + ulp / 2 + ulp / 1024)).toBe(one + 1);
      expect(encode(fmt, 1 - ulp / 4)).toBe(one); // tie below 1: 1 is even
      expect(encode(fmt, maxFinite(fmt))).toBe(inf - 1);
      expect(encode(fmt, maxFinite(fmt) + pow2(fmt.bias - M - 1))).toBe(inf); // tie at the threshold
      expect(encode(fmt, maxFinite(fmt) + pow2(fmt.bias - M - 2))).toBe(inf - 1);
      expect(encode(fmt, minNormal(fmt))).toBe(pow2(M));
      expect(encode(fmt, minNormal(fmt) - minSubnormal(fmt))).toBe(pow2(M) - 1);
      expect(encode(fmt, minNormal(fmt) - minSubnormal(fmt) / 2)).toBe(pow2(M)); // tie, up to even
      expect(encode(fmt, minSubnormal(fmt))).toBe(1);
      expect(encode(fmt, 1.5 * minSubnormal(fmt))).toBe(2);
      expect(encode(fmt, 2.5 * minSubnormal(fmt))).toBe(2);
      expect(encode(fmt, 0.75 * minSubnormal(fmt))).toBe(1);
      expect(decode(fmt, 1)).toBe(minSubnormal(fmt));
      expect(decode(fmt, inf - 1)).toBe(maxFinite(fmt));
      const rng = seedrandom(label);
      for (const p of [...cornerValues(fmt), ...Array.from({ length: 20000 }, () => randomOperand(fmt, rng))]) {
        if (!(p >= 0 && p < pow2(fmt.width) && Number.isInteger(p))) expect(p).toBe('a pattern of the format');
        const v = decode(fmt, p);
        const back = encode(fmt, v);
        if (isNaNBits(fmt, p)) {
          expect(classify(fmt, p)).toBe('nan');
          expect(back).toBe(canonicalNaN(fmt));
        } else if (back !== p) expect(formatHex(fmt, back)).toBe(formatHex(fmt, p));
        if (parseHex(fmt, formatHex(fmt, p)) !== p) expect(parseHex(fmt, formatHex(fmt, p))).toBe(p);
        if (formatHex(fmt, p).length !== Math.ceil(fmt.width / 4)) expect(formatHex(fmt, p)).toHaveLength(Math.ceil(fmt.width / 4));
      }
    });
  }

  it('small formats: encode vs the table encoder, exhaustive midpoints and random doubles', () => {
    const rng = seedrandom('small');
    for (const [E, M] of [
      [4, 2],
      [4, 3],
      [5, 2],
      [4, 7],
      [6, 5],
      [5, 13],
    ] as const) {
      const fmt = makeFormat(E, M);
      const ref = makeTableEncoder(E, M);
      const n = Math.min(pow2(fmt.width - 1), 1 << 16);
      for (let p = 0; p < n; p++) {
        const v = decode(fmt, p);
        if (!Number.isFinite(v)) continue;
        const next = decode(fmt, p + 1);
        const xs = [v, Number.isFinite(next) ? (v + next) / 2 : v + pow2(fmt.bias - M - 1)];
        for (const x of xs) for (const y of [x, -x, x * (1 + 2 ** -40), x * (1 - 2 ** -40)]) {
          if (encode(fmt, y) !== ref(y)) expect(`${fmt.name} ${y}: ${encode(fmt, y)}`).toBe(`${fmt.name} ${y}: ${ref(y)}`);
        }
      }
      for (let i = 0; i < 20000; i++) {
        const x = (rng() - 0.5) * Math.pow(2, Math.floor(rng() * (2 * fmt.bias + M + 8)) - fmt.bias - M - 3);
        if (encode(fmt, x) !== ref(x)) expect(`${fmt.name} ${x}: ${encode(fmt, x)}`).toBe(`${fmt.name} ${x}: ${ref(x)}`);
      }
    }
  });
});
