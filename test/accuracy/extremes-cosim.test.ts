// The extremes of fp32 and bf16 through the RTL of the default configuration (e10m30 internal):
// bit-exact with the model, on time, and (the model's outputs) within 2 ulp of the exact result.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../generator/config.ts';
import { parseFormat } from '../../generator/format/float-format.ts';
import { extremeCases } from '../../generator/accuracy/extremes.ts';
import { vectorMetrics } from '../../generator/accuracy/metrics.ts';
import { exactReference } from '../../generator/model/exact-reference.ts';
import { cosim } from '../../sim/cosim.ts';

describe('extremes co-simulate bit-exact with the default internal format', () => {
  it.each(['fp32', 'bf16'])('%s, d = 256, 16 lanes', (format) => {
    const d = 256;
    const fmt = parseFormat(format);
    const cfg = resolveConfig({ format, d, lanes: 16 });
    expect(cfg.internal.name).toBe('e10m30');
    const vectors = extremeCases(fmt, d).map((c) => c.words);
    const r = cosim({ cfg, vectors, seed: 3, stressCount: 2 });
    expect(r.mismatches).toEqual([]);
    expect(r.latency.wrong).toEqual([]);
    expect(r.passed).toBe(vectors.length);
    expect(r.failed).toBe(0);
    r.outputs.forEach((y, v) => {
      const ref = exactReference(fmt, vectors[v]!);
      expect(vectorMetrics(fmt, y, ref.bits, ref.value).maxUlp).toBeLessThanOrEqual(format === 'bf16' ? 0 : 2);
    });
  });
});
