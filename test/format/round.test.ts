import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import {
  BF16,
  FP16,
  FP32,
  canonicalNaN,
  decode,
  encode,
  formatHex,
  infBits,
  isNaNBits,
  makeFormat,
  pow2,
  roundPair,
  type FloatFormat,
} from '../../generator/format/float-format.ts';
import { cornerValues, randomBits, randomOperand } from '../../generator/format/random.ts';
import {
  addExact,
  fromNumber,
  isMidpoint,
  mulExact,
  negateExact,
  roundToFormat,
  unpack,
  type Unrounded,
} from '../../generator/format/round.ts';

const FORMATS: FloatFormat[] = [
  makeFormat(4, 2),
  makeFormat(11, 40),
  FP32,
  BF16,
  FP16,
  makeFormat(5, 13),
  makeFormat(11, 2),
  makeFormat(4, 40),
  makeFormat(10, 30),
  makeFormat(8, 24),
  makeFormat(8, 25),
];

const fin = (sign: 0 | 1, sig: bigint, exp: number): Unrounded => ({ kind: 'finite', sign, sig, exp });

describe('roundToFormat (BigInt reference)', () => {
  it('known answers in fp32', () => {
    const r = (sig: bigint, exp: number, sign: 0 | 1 = 0) => formatHex(FP32, roundToFormat(FP32, fin(sign, sig, exp)));
    expect(r(1n, 0)).toBe('3f800000');
    expect(r((1n << 24n) + 1n, -24)).toBe('3f800000'); // 1 + 2^-24: tie to even
    expect(r((1n << 24n) + 3n, -24)).toBe('3f800002'); // tie, up
    expect(r((1n << 48n) + (1n << 24n) + 1n, -48)).toBe('3f800001'); // just above the tie
    expect(r((1n << 100n) - 1n, -100)).toBe('3f800000'); // 1 - 2^-100 rounds up to 1
    expect(r(1n, -149)).toBe('00000001');
    expect(r(1n, -150)).toBe('00000000'); // half the smallest subnormal: tie to 0
    expect(r(1n, -150, 1)).toBe('80000000'); // keeps its sign
    expect(r(3n, -151)).toBe('00000001'); // 0.75 of the smallest subnormal
    expect(r(3n, -150)).toBe('00000002'); // 1.5: tie to even
    expect(r((1n << 24n) - 1n, -150)).toBe('00800000'); // largest subnormal + half: tie, up to min normal
    expect(r((1n << 25n) - 1n, 103)).toBe('7f800000'); // max finite + ulp/2: overflow
    expect(r((1n << 26n) - 3n, 102)).toBe('7f7fffff'); // max finite + ulp/4
    expect(r(1n, 128)).toBe('7f800000');
    expect(r(1n, 10_000)).toBe('7f800000');
    expect(r(1n, -10_000, 1)).toBe('80000000');
    expect(r(1n << 2000n, -2000)).toBe('3f800000');
    expect(r(0n, 5, 1)).toBe('80000000');
  });

  it('specials', () => {
    for (const fmt of FORMATS) {
      expect(roundToFormat(fmt, { kind: 'nan' })).toBe(canonicalNaN(fmt));
      expect(roundToFormat(fmt, { kind: 'inf', sign: 1 })).toBe(pow2(fmt.width - 1) + infBits(fmt));
      expect(roundToFormat(fmt, { kind: 'zero', sign: 1 })).toBe(pow2(fmt.width - 1));
      expect(roundToFormat(fmt, { kind: 'zero', sign: 0 })).toBe(0);
    }
    expect(() => roundToFormat(FP32, fin(0, -1n, 0))).toThrow(RangeError);
    expect(() => roundToFormat(FP32, fin(0, 1n, 0.5))).toThrow(RangeError);
  });

  it('unpack is exact and roundToFormat(unpack(p)) === p', () => {
    const rng = seedrandom('unpack');
    for (const fmt of FORMATS) {
      for (const p of [...cornerValues(fmt), ...Array.from({ length: 5000 }, () => randomOperand(fmt, rng))]) {
        const u = unpack(fmt, p);
        const v = decode(fmt, p);
        if (isNaNBits(fmt, p)) {
          expect(u.kind).toBe('nan');
          expect(roundToFormat(fmt, u)).toBe(canonicalNaN(fmt));
          continue;
        }
        expect(roundToFormat(fmt, u)).toBe(p);
        const w = fromNumber(v);
        if (u.kind !== 'finite' || w.kind !== 'finite') {
          expect(w).toEqual(u);
          continue;
        }
        // the same value: sig * 2^exp
        const e = Math.min(u.exp, w.exp);
        expect(u.sig << BigInt(u.exp - e)).toBe(w.sig << BigInt(w.exp - e));
        expect(u.sign).toBe(w.sign);
      }
    }
  });

  it('fromNumber is exact for doubles of every kind', () => {
    for (const x of [1, -1, 0.1, Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308, 2.225073858507201e-308, Number.MAX_VALUE, 3, 1e300, -1e-300]) {
      const u = fromNumber(x) as Extract<Unrounded, { kind: 'finite' }>;
      expect(u.kind).toBe('finite');
      expect(u.sig).toBeLessThan(1n << 53n);
      // rebuild through pow2 in two exact steps
      const back = (u.sign ? -1 : 1) * Number(u.sig) * pow2(Math.max(u.exp, -1000)) * pow2(u.exp - Math.max(u.exp, -1000));
      expect(back).toBe(x);
    }
    expect(fromNumber(-0)).toEqual({ kind: 'zero', sign: 1 });
    expect(fromNumber(-Infinity)).toEqual({ kind: 'inf', sign: 1 });
    expect(fromNumber(NaN)).toEqual({ kind: 'nan' });
  });

  it('isMidpoint', () => {
    expect(isMidpoint(FP32, fin(0, (1n << 24n) + 1n, -24))).toBe(true);
    expect(isMidpoint(FP32, fin(1, (1n << 24n) + 1n, -24))).toBe(true);
    expect(isMidpoint(FP32, fin(0, (1n << 24n) + 2n, -24))).toBe(false);
    expect(isMidpoint(FP32, fin(0, 1n, -150))).toBe(true);
    expect(isMidpoint(FP32, fin(0, (1n << 25n) - 1n, 103))).toBe(true);
    expect(isMidpoint(FP32, fin(0, 1n, 0))).toBe(false);
    expect(isMidpoint(FP32, { kind: 'zero', sign: 0 })).toBe(false);
  });

  it('exact add, mul and negate: IEEE special rules', () => {
    const one = fromNumber(1);
    const m1 = fromNumber(-1);
    const inf = fromNumber(Infinity);
    const ninf = fromNumber(-Infinity);
    const z = fromNumber(0);
    const nz = fromNumber(-0);
    expect(addExact(one, m1)).toEqual({ kind: 'zero', sign: 0 });
    expect(addExact(nz, nz)).toEqual({ kind: 'zero', sign: 1 });
    expect(addExact(nz, z)).toEqual({ kind: 'zero', sign: 0 });
    expect(addExact(inf, ninf)).toEqual({ kind: 'nan' });
    expect(addExact(inf, inf)).toEqual(inf);
    expect(addExact(nz, one)).toEqual(one);
    expect(mulExact(z, inf)).toEqual({ kind: 'nan' });
    expect(mulExact(nz, one)).toEqual({ kind: 'zero', sign: 1 });
    expect(mulExact(m1, ninf)).toEqual({ kind: 'inf', sign: 0 });
    expect(mulExact(one, one, -5)).toEqual(fin(0, 1n << 104n, -109));
    expect(negateExact(nz)).toEqual(z);
    expect(negateExact({ kind: 'nan' })).toEqual({ kind: 'nan' });
  });
});

describe('roundPair (number core) vs roundToFormat (BigInt reference)', () => {
  /** A random exact value sig * 2^exp with sig up to `maxBits` bits, biased towards ties. */
  function randomExact(rng: () => number, fmt: FloatFormat, maxBits: number): { sig: bigint; exp: number } {
    const bits = 1 + Math.floor(rng() * maxBits);
    let sig = 0n;
    for (let left = bits; left > 0; left -= 24) sig = (sig << 24n) | BigInt(randomBits(Math.min(24, left), rng));
    sig |= 1n << BigInt(bits - 1);
    const u = rng();
    if (u < 0.3 && bits > fmt.manBits + 2) {
      // a tie at the format's precision, possibly perturbed far below
      const drop = BigInt(bits - fmt.manBits - 2);
      sig = ((sig >> drop) | 1n) << drop;
      const v = rng();
      if (v < 0.33 && drop > 0n) sig += 1n;
      else if (v < 0.66 && drop > 0n) sig -= 1n;
    }
    // exponents across the whole range, with the subnormal/overflow regions overweighted
    const w = rng();
    const emin = 1 - fmt.bias;
    let top: number; // the value's exponent
    if (w < 0.4) top = emin - fmt.manBits - 3 + Math.floor(rng() * (fmt.manBits + 6));
    else if (w < 0.6) top = fmt.bias - 2 + Math.floor(rng() * 4);
    else top = emin - fmt.manBits - 5 + Math.floor(rng() * (2 * fmt.bias + fmt.manBits + 10));
    return { sig, exp: top - (bits - 1) };
  }

  for (const maxBits of [53, 84]) {
    it(`random significands of up to ${maxBits} bits in 11 formats`, () => {
      const rng = seedrandom(`roundPair${maxBits}`);
      let ties = 0;
      for (const fmt of FORMATS) {
        for (let i = 0; i < 20000; i++) {
          const { sig, exp } = randomExact(rng, fmt, maxBits);
          const sign = rng() < 0.5 ? 0 : 1;
          const hi = Number(sig); // RNE
          const lo = Number(sig - BigInt(hi)); // exact (small)
          const want = roundToFormat(fmt, fin(sign, sig, exp));
          const got = roundPair(fmt, sign, hi, lo, exp);
          if (got !== want) {
            expect(`${fmt.name} ${sig}*2^${exp}: ${formatHex(fmt, got)}`).toBe(`${fmt.name} ${sig}*2^${exp}: ${formatHex(fmt, want)}`);
          }
          if (isMidpoint(fmt, fin(0, sig, exp))) ties++;
        }
      }
      expect(ties).toBeGreaterThan(1000);
    });
  }

  it('encode agrees with roundToFormat(fromNumber(x))', () => {
    const rng = seedrandom('encode-ref');
    const f64 = new Float64Array(1);
    const u32 = new Uint32Array(f64.buffer);
    for (const fmt of FORMATS) {
      for (let i = 0; i < 20000; i++) {
        u32[0] = Math.floor(rng() * 4294967296);
        const ef = rng() < 0.5 ? Math.floor(rng() * 2047) : 1023 + Math.floor((rng() - 0.5) * 2 * (fmt.bias + fmt.manBits + 4));
        u32[1] = Math.floor(rng() * 1048576) + Math.max(0, Math.min(2046, ef)) * 1048576 + (rng() < 0.5 ? 0x80000000 : 0);
        const x = f64[0]!;
        const want = roundToFormat(fmt, fromNumber(x));
        if (encode(fmt, x) !== want) expect(`${fmt.name} ${x}: ${formatHex(fmt, encode(fmt, x))}`).toBe(`${fmt.name} ${x}: ${formatHex(fmt, want)}`);
      }
    }
  });
});
