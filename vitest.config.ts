import { defineConfig } from 'vitest/config';
import { DurationSequencer } from './test/support/sequencer.ts';

// Co-simulation tests spawn iverilog/vvp and Verilator; two workers match the two cores of CI.
// Files start longest first (test/durations.json, measured), so that the two workers finish
// together; temporary folders live in one per-run TMPDIR that must be empty at the end.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['test/support/tmpdir.global.ts'],
    setupFiles: ['test/support/cleanup.setup.ts'],
    sequence: { sequencer: DurationSequencer },
    // every run leaves its per-file times in .cache/ (git-ignored): `make test-durations` turns
    // them into test/durations.json without running the suite again
    reporters: ['default', ['json', { outputFile: '.cache/test-report.json' }]],
  },
});
