import { defineConfig } from 'vitest/config';

// Co-simulation tests spawn iverilog/vvp; two workers match the two-core budget of CI.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
