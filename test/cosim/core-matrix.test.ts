// The acceptance matrix: fp32 and bf16, d in {64, 100, 768, 1024, 4096}, lanes 1 and 16
// (100 is not a multiple of 16), 200 vectors each, corner cases first. Every word, every latency.
import { describe, it } from 'vitest';
import { expectClean, runCosim } from './helpers.ts';

const VECTORS = 200;

describe.each(['bf16', 'fp32'])('%s', (format) => {
  describe.each([16, 1])('lanes %i', (lanes) => {
    it.each([64, 100, 768, 1024, 4096])('d = %i: bit-exact and on time', (d) => {
      expectClean(runCosim({ d, lanes, format }, VECTORS), VECTORS);
    });
  });
});
