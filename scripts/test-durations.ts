/**
 * Measures how long each test file takes and writes test/durations.json, the table the test
 * sequencer (test/support/sequencer.ts) reads to start the longest files first.
 *   npx tsx scripts/test-durations.ts            # runs the whole suite with the JSON reporter
 *   npx tsx scripts/test-durations.ts report.json  # uses a report of an earlier run
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

interface Report { testResults: Array<{ name: string; startTime: number; endTime: number }> }

const root = resolve(import.meta.dirname, '..');
let reportFile = process.argv[2];
const scratch = mkdtempSync(join(tmpdir(), 'iterl2norm-durations-'));
try {
  if (!reportFile) {
    reportFile = join(scratch, 'report.json');
    spawnSync('npx', ['vitest', 'run', '--reporter=json', `--outputFile=${reportFile}`], { cwd: root, stdio: 'inherit' });
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  const table: Record<string, number> = {};
  for (const f of [...report.testResults].sort((a, b) => (b.endTime - b.startTime) - (a.endTime - a.startTime))) {
    table[relative(root, f.name)] = Math.round((f.endTime - f.startTime) / 100) / 10;
  }
  writeFileSync(join(root, 'test', 'durations.json'), `${JSON.stringify(table, null, 2)}\n`);
  console.log(`test/durations.json: ${Object.keys(table).length} files, ${Object.values(table).reduce((a, b) => a + b, 0).toFixed(0)} s in all`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
