// --d-max 1024 and 4096 (the lengths of the issue: D in {64, 1024, 4096}, lanes {1, 16}): every
// mode at D 1024 and 16 lanes, D 4096 at 16 lanes (layer) and 1 lane (rms, l2), fp32 and fp16
// at D 1024 (every mode x format x D x lanes: bench/dmax.ts --parts sweep, 54 configurations): streams changing length on every
// vector, 1, P-1, P, P+1, D-1, D first, then random lengths; back to back and under random stalls;
// every word, every vector's latency and start against the formulas for its own d. The simulator
// follows the suite's rule (test/support/simulator-rule.ts). D = 64: runtime-length.test.ts.
// Then D 4096 at 1 and 3 lanes in every mode (their per-vector queues in memories), a stream
// pattern each (every pattern and format appears), in Verilator.
import { describe, it } from 'vitest';
import { type ConfigOptions } from '../../generator/config.ts';
import { STREAM_PATTERNS, streamLengths } from '../../generator/vectors/stream-patterns.ts';
import { expectClean, itCosimulates, runStream } from './helpers.ts';

describe('--d-max 1024 and 4096', () => {
  for (const mode of ['l2', 'rms', 'layer'] as const) itCosimulates(`${mode} bf16, D 1024, 16 lanes`, { dMax: 1024, lanes: 16, mode }, 12, 6);
  itCosimulates('layer bf16, D 4096, 16 lanes', { dMax: 4096, lanes: 16, mode: 'layer' }, 8, 4);
  itCosimulates('rms bf16, D 4096, 1 lane', { dMax: 4096, lanes: 1, mode: 'rms' }, 6, 2);
  itCosimulates('l2 fp16, D 4096, 1 lane', { dMax: 4096, lanes: 1, format: 'fp16', mode: 'l2' }, 6, 2);
  itCosimulates('rms fp32, D 1024, 16 lanes', { dMax: 1024, lanes: 16, format: 'fp32', mode: 'rms' }, 8, 4);
  itCosimulates('layer fp16, D 1024, 16 lanes', { dMax: 1024, lanes: 16, format: 'fp16', mode: 'layer' }, 8, 4);
});

describe('--d-max 4096 at 1 and 3 lanes, every mode: stream patterns', () => {
  const formats = ['fp32', 'bf16', 'fp16'];
  (['l2', 'rms', 'layer'] as const).forEach((mode, m) => {
    [1, 3].forEach((lanes, l) => {
      const k = 2 * m + l;
      const pattern = STREAM_PATTERNS[k % STREAM_PATTERNS.length]!;
      const opts: ConfigOptions = { dMax: 4096, lanes, mode, format: formats[k % 3] };
      it(`${pattern}, ${mode} ${opts.format}, ${lanes} lane(s): bit-exact and on time (verilator)`, () => {
        const lengths = streamLengths(pattern, 4096, 12, `d4096-${pattern}`);
        expectClean(runStream(opts, lengths, { simulator: 'verilator', stressCount: 4 }), lengths.length);
      });
    });
  });
});
