/**
 * Test-file order for two workers: longest first (the longest-processing-time rule), from the
 * measured seconds in test/durations.json, so that a fresh clone (no runner cache) is scheduled
 * as well as a developer's tree. A file missing from the table counts as DEFAULT_SECONDS.
 * `npm run test:durations` measures the table anew (scripts/test-durations.ts).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const DEFAULT_SECONDS = 10;

function durations(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(new URL('../durations.json', import.meta.url), 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

export class DurationSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const table = durations();
    const seconds = (f: TestSpecification) => table[relative(f.project.config.root, f.moduleId)] ?? DEFAULT_SECONDS;
    return [...files].sort((a, b) => seconds(b) - seconds(a));
  }
}
