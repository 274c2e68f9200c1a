// Every finite input is safe with the default internal format: the range rule, the default
// chosen from the I/O format, the warning for a narrower choice, and the model on the extremes
// of each format (largest finite, smallest subnormal, d = 65536).
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../generator/config.ts';
import { parseFormat } from '../../generator/format/float-format.ts';
import { defaultInternalFormat, internalRange, internalRangeWarning, requiredInternalBias, safeInternalExpBits } from '../../generator/format/range.ts';
import { checkExtremes, extremeCases } from '../../generator/accuracy/extremes.ts';

describe('the internal range rule', () => {
  it('needs E + 2 exponent bits for fp32, bf16 and fp16; none suffices for 10-bit exponents', () => {
    expect(requiredInternalBias(parseFormat('fp32'))).toBe(2 * 127 + 2 * 23 - 1);
    expect(requiredInternalBias(parseFormat('bf16'))).toBe(2 * 127 + 4 + 16);
    expect(safeInternalExpBits(parseFormat('fp32'))).toBe(10);
    expect(safeInternalExpBits(parseFormat('bf16'))).toBe(10);
    expect(safeInternalExpBits(parseFormat('fp16'))).toBe(7);
    expect(safeInternalExpBits(parseFormat('e4m3'))).toBe(7);
    expect(safeInternalExpBits(parseFormat('e9m23'))).toBe(11);
    expect(safeInternalExpBits(parseFormat('e10m10'))).toBeUndefined();
  });

  it('chooses the default internal format from the I/O format; --internal overrides it', () => {
    expect(defaultInternalFormat(parseFormat('fp32')).name).toBe('e10m30');
    expect(defaultInternalFormat(parseFormat('bf16')).name).toBe('e10m30');
    expect(defaultInternalFormat(parseFormat('fp16')).name).toBe('e7m30');
    // LayerNorm: 17 guard bits for the rounded mean (fp32 -> 40 mantissa bits; bf16, fp16 unchanged)
    expect(defaultInternalFormat(parseFormat('fp32'), 'layer').name).toBe('e10m40');
    expect(defaultInternalFormat(parseFormat('bf16'), 'layer').name).toBe('e10m30');
    expect(defaultInternalFormat(parseFormat('fp32'), 'rms').name).toBe('e10m30');
    expect(defaultInternalFormat(parseFormat('e8m40')).name).toBe('e10m40');
    expect(resolveConfig({ format: 'fp32' }).internal.name).toBe('e10m30');
    expect(resolveConfig({ format: 'fp16', internal: 'auto' }).internal.name).toBe('e7m30');
    expect(resolveConfig({ format: 'fp32', internal: 'fp32' }).internal.name).toBe('fp32');
    for (const f of ['fp32', 'bf16', 'fp16', 'e4m3', 'e5m2', 'e8m40']) {
      expect(internalRange(parseFormat(f), defaultInternalFormat(parseFormat(f)), 65536).safe).toBe(true);
    }
  });

  it('warns, in one line, about a narrower internal format and names the magnitudes', () => {
    expect(internalRangeWarning(parseFormat('bf16'), parseFormat('e10m30'), 65536)).toBeUndefined();
    expect(internalRangeWarning(parseFormat('fp16'), parseFormat('fp32'), 65536)).toBeUndefined();
    const w = internalRangeWarning(parseFormat('bf16'), parseFormat('fp32'), 768)!;
    expect(w).toBe('internal format fp32 is narrower than bf16 inputs need at d=768: the sum of squares overflows (outputs NaN) when every |x_i| >= 2^59.21 (one element alone from 2^64); squares of |x_i| < 2^-63 underflow (precision lost; all-tiny vectors give zeros); use 10 or more exponent bits, e.g. --internal e10m30');
    expect(w).not.toContain('\n');
    expect(internalRangeWarning(parseFormat('e10m10'), parseFormat('e11m30'), 4)).toContain('no internal format of at most 11 exponent bits covers e10m10');
  });
});

describe('the model on the extremes of each format (default configuration)', () => {
  it.each([['fp32', 2], ['bf16', 0], ['fp16', 1], ['e5m2', 0], ['e4m3', 0]])('%s: no NaN, nothing flushed to zero, worst %i ulp', (format, worst) => {
    const cases = extremeCases(parseFormat(format));
    expect(cases.some((c) => c.d === 65536)).toBe(true);
    for (const r of checkExtremes({ format, lanes: 16 })) {
      expect({ name: r.name, nan: r.nan, lostToZero: r.lostToZero }).toEqual({ name: r.name, nan: 0, lostToZero: 0 });
      expect(r.maxUlp).toBeLessThanOrEqual(worst);
    }
  });

  it('the former default (fp32 internal) overflowed and underflowed on the same vectors', () => {
    const r = checkExtremes({ format: 'bf16', lanes: 16, internal: 'fp32' }, 4096);
    expect(r.find((x) => x.name.startsWith('every element the largest finite'))!.nan).toBe(4096);
    expect(r.find((x) => x.name.startsWith('every element the smallest subnormal'))!.lostToZero).toBe(4096);
  });
});
