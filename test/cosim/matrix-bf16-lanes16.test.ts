// The core issue's acceptance matrix, bf16 with 16 lane(s): d in {64, 100, 768, 1024, 4096}
// (100 is not a multiple of 16), 200 vectors each, corner cases first. Every output word and
// every latency is checked in back-to-back streaming; the first 40 vectors (all corner kinds
// included) also run under random input gaps and output back-pressure.
import { describe, it } from 'vitest';
import { expectClean, runCosim } from './helpers.ts';

describe('bf16, 16 lane(s), 200 vectors', () => {
  it.each([64, 100, 768, 1024, 4096])('d = %i: bit-exact and on time', (d) => {
    expectClean(runCosim({ d, lanes: 16, format: 'bf16' }, 200, { stressCount: 40 }), 200);
  });
});
