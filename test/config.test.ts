import { describe, expect, it } from 'vitest';
import { DEFAULTS, resolveConfig, topModuleName } from '../generator/config.ts';
import { OptionError } from '../generator/errors.ts';
import { usageMessage } from './support/usage-error.ts';

describe('resolveConfig', () => {
  it('fills every default', () => {
    const cfg = resolveConfig();
    expect(cfg.d).toBe(DEFAULTS.d);
    expect(cfg.format.name).toBe('bf16');
    expect(cfg.internal.name).toBe('e10m30'); // internal 'auto' (format/range.ts, docs/accuracy.md)
    expect(cfg.lanes).toBe(16);
    expect(topModuleName(cfg)).toBe('iterl2norm_bf16_d768_p16_e10m30_nr2_t6');
  });

  it.each([
    [{ d: 0 }, '--d must be an integer from 1 to 65536 (got 0)'],
    [{ d: 65537 }, '--d must be an integer from 1 to 65536 (got 65537)'],
    [{ d: 7.5 }, '--d must be an integer from 1 to 65536 (got 7.5)'],
    [{ lanes: 65 }, '--lanes must be an integer from 1 to 64 (got 65)'],
    [{ lanes: 0 }, '--lanes must be an integer from 1 to 64 (got 0)'],
    [{ steps: 13 }, '--steps must be an integer from 0 to 12 (got 13)'],
    [{ rule: 'halley' }, '--rule must be one of newton, euler (got "halley")'],
    [{ init: 'lut' }, '--init must be one of exp, table (got "lut")'],
    [{ initBits: 9 }, '--init-bits must be auto or an integer from 0 to 8 (got 9)'],
    [{ initBits: 'six' }, '--init-bits must be auto or an integer from 0 to 8 (got "six")'],
    [{ lambda: 1 }, '--lambda must be a number in (0, 1), the stable range of the Euler step (got 1)'],
    [{ lambda: 0 }, '--lambda must be a number in (0, 1), the stable range of the Euler step (got 0)'],
    [{ format: 'fp8' }, '--format: unknown format "fp8"'],
    [{ internal: 'e3m5' }, '--internal: format "e3m5"'],
    [{ internal: 'e5m2', initBits: 3 }, "--init-bits must not exceed the internal format's 2 mantissa bits (got 3)"],
  ])('rejects %j with a message quoting the value', (opts, message) => {
    expect(usageMessage(() => resolveConfig(opts as never))).toContain(message);
  });

  it('reports a bad option as typed values: the option key, the value and what is allowed', () => {
    let error: unknown;
    try {
      resolveConfig({ initBits: 9 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OptionError);
    const e = error as OptionError;
    expect([e.option, e.got, e.allowed, e.bound]).toEqual(['initBits', 9, 'auto or an integer from 0 to 8', 8]);
    // a library caller reads the keys it passed; the command line reads its flags (above)
    expect(e.message).toBe('initBits must be auto or an integer from 0 to 8 (got 9)');
  });

  it('names every option of a conflict by key', () => {
    let error: unknown;
    try {
      resolveConfig({ d: 64, dMax: 128 });
    } catch (e) {
      error = e;
    }
    const e = error as OptionError;
    expect([e.option, e.others]).toEqual(['d', ['dMax']]);
    expect(e.message).toMatch(/^give either d .* or dMax .*, not both$/);
  });

  it('accepts the corners of every range', () => {
    for (const opts of [{ d: 1, lanes: 1 }, { d: 65536, lanes: 64 }, { steps: 0 }, { steps: 12 }, { initBits: 0 }, { initBits: 8 }]) {
      expect(() => resolveConfig(opts)).not.toThrow();
    }
  });

  it('names the top after every parameter that changes the hardware', () => {
    const names = new Set([
      resolveConfig(), resolveConfig({ d: 769 }), resolveConfig({ lanes: 8 }), resolveConfig({ format: 'fp32' }),
      resolveConfig({ internal: 'fp32' }), resolveConfig({ steps: 3 }), resolveConfig({ rule: 'euler' }),
      resolveConfig({ rule: 'euler', lambda: 0.25 }), resolveConfig({ init: 'exp' }), resolveConfig({ initBits: 4 }),
    ].map(topModuleName));
    expect(names.size).toBe(10);
  });
});
