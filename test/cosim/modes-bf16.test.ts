// Issue 5 acceptance, bf16: RMSNorm and LayerNorm co-simulate bit-exact and on time, with and
// without the affine parameters, d in {64, 768, 1024}, 16 lanes, fp32 internal format.
// 40 vectors each (corner cases first), the first 10 also under random stalls.
import { describe, it } from 'vitest';
import { expectClean, runCosim } from './helpers.ts';

describe.each(['rms', 'layer'])('bf16 %s', (mode) => {
  it.each([
    [64, 'with affine'], [768, 'with affine'], [1024, 'with affine'],
    [64, 'none'], [768, 'none'], [1024, 'none'],
  ])('d = %i, %s', (d, affine) => {
    const opts = { d, lanes: 16, format: 'bf16', internal: 'fp32', mode, ...(affine === 'none' ? { affine: 'none' } : {}) };
    expectClean(runCosim(opts, 40, { stressCount: 10 }), 40);
  });
});
