/**
 * Measures how long each test file takes and writes test/durations.json, the table the test
 * sequencer (test/support/sequencer.ts) reads to start the longest files first.
 *   npx tsx scripts/test-durations.ts              # the report of the last run (.cache/test-report.json)
 *   npx tsx scripts/test-durations.ts report.json  # another run's JSON report
 *   npx tsx scripts/test-durations.ts --run        # runs the whole suite first
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

interface Report { testResults: Array<{ name: string; startTime: number; endTime: number }> }

const root = resolve(import.meta.dirname, '..');
const arg = process.argv[2];
let reportFile = arg && arg !== '--run' ? arg : join(root, '.cache', 'test-report.json');
const scratch = mkdtempSync(join(tmpdir(), 'iterl2norm-durations-'));
try {
  if (arg === '--run') {
    reportFile = join(scratch, 'report.json');
    spawnSync('npx', ['vitest', 'run', '--reporter=json', `--outputFile=${reportFile}`], { cwd: root, stdio: 'inherit' });
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  // a run of some files only updates those; files that no longer exist leave the table
  const tableFile = join(root, 'test', 'durations.json');
  const old = existsSync(tableFile) ? JSON.parse(readFileSync(tableFile, 'utf8')) as Record<string, number> : {};
  const seconds: Record<string, number> = Object.fromEntries(Object.entries(old).filter(([f]) => existsSync(join(root, f))));
  for (const f of report.testResults) {
    // a report from another clone names its own paths: keep the part from its test/ folder
    const at = f.name.lastIndexOf('/test/');
    const name = at >= 0 && existsSync(join(root, f.name.slice(at + 1))) ? f.name.slice(at + 1) : relative(root, f.name);
    seconds[name] = Math.round((f.endTime - f.startTime) / 100) / 10;
  }
  const table = Object.fromEntries(Object.entries(seconds).sort((a, b) => b[1] - a[1]));
  writeFileSync(tableFile, `${JSON.stringify(table, null, 2)}\n`);
  console.log(`test/durations.json: ${Object.keys(table).length} files, ${Object.values(table).reduce((a, b) => a + b, 0).toFixed(0)} s in all`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
