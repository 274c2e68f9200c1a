// The per-vector queues in memories (more than 16 entries: <top>_entry_queue over a
// <top>_vector_store, the output's hand-off queue in one): at one lane and a small --d-max the
// entries are many, and streams of short vectors fill them. Every mode, the stream patterns whose
// lengths change on every vector, back to back and under random input gaps and output
// back-pressure: every word bit-exact, every latency and start as the formulas for its own d.
// T = 1 (--steps 0, one lane) pops an entry on every edge; LayerNorm at 3 lanes and T = 3. Then
// an entry read one vector late is caught. D 4096 at lanes 1 and 3: runtime-length-large.test.ts.
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { elaborate } from '../../generator/plan.ts';
import { type StreamPattern, streamLengths } from '../../generator/vectors/stream-patterns.ts';
import { expectClean, runStream } from './helpers.ts';

const cases: Array<[StreamPattern, ConfigOptions]> = [
  ['long-tiny', { dMax: 128, lanes: 1, format: 'bf16', mode: 'l2' }],
  ['long-then-short', { dMax: 128, lanes: 1, format: 'fp16', mode: 'rms' }],
  ['random', { dMax: 64, lanes: 1, format: 'fp32', mode: 'layer' }],
  ['long-tiny', { dMax: 16, lanes: 1, format: 'bf16', mode: 'l2', steps: 0 }],
  ['down-up', { dMax: 16, lanes: 1, format: 'fp16', mode: 'rms', steps: 0 }],
  ['short-then-long', { dMax: 16, lanes: 1, format: 'bf16', mode: 'layer', steps: 0 }],
  ['long-tiny', { dMax: 48, lanes: 3, format: 'bf16', mode: 'layer', steps: 0 }],
];

describe('per-vector queues in memories: streams changing length on every vector', () => {
  for (const [pattern, opts] of cases) {
    const plan = elaborate(resolveConfig(opts));
    it(`${pattern}, ${opts.mode} ${opts.format}, ${opts.lanes} lane(s), --d-max ${opts.dMax}, T ${plan.T}, ${plan.slots} entries: bit-exact and on time`, () => {
      expect(plan.entryMemory).toBe(true);
      const lengths = streamLengths(pattern, opts.dMax!, 20, `entries-${pattern}`);
      expectClean(runStream(opts, lengths), lengths.length);
    });
  }
});

describe('the checks can fail', () => {
  it('an entry read from the store one vector late (the previous vector\'s): caught', () => {
    const opts: ConfigOptions = { dMax: 16, lanes: 1, format: 'bf16', mode: 'layer', steps: 0 };
    const lengths = streamLengths('long-tiny', 16, 12, 'entries-late');
    const r = runStream(opts, lengths, { stressCount: 0, patchRtl: (f, t) => (f.endsWith('_entry_queue.v') ? t.replace('.rd_addr(rp)', ".rd_addr(rp - 1'b1)") : t) });
    expect(r.mismatches.length + r.latency.wrong.length + r.protocolErrors.length).toBeGreaterThan(0);
  });
});
