/**
 * Temporary folders of a test file, removed when the file's tests are done (the setup file
 * test/support/cleanup.setup.ts registers that). The suite's global setup points TMPDIR at a
 * fresh folder and fails the run if anything is left in it (test/support/tmpdir.global.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();

/** A new empty folder under the system's temporary folder, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes every folder tempDir() made so far. */
export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
