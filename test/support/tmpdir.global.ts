/**
 * Global setup of the suite: every temporary file or folder of the run (the tests' own, and
 * those of the code under test: co-simulation folders, Yosys scratch files) goes into one fresh
 * folder, TMPDIR for the test workers. At the end that folder must be empty: anything left is a
 * leak, named, and fails the run; then the folder is removed.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'iterl2norm-suite-'));
  process.env.TMPDIR = root;
  return () => {
    // tsx-<uid> is tsx's transform cache of the command-line processes the tests start (not a
    // leak of ours); it goes with the folder.
    const left = readdirSync(root).filter((name) => !/^tsx-\d+$/.test(name));
    rmSync(root, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (left.length > 0) {
      // mkdtemp names end in six random characters: group by what comes before them
      const byPrefix = new Map<string, number>();
      for (const name of left) {
        const prefix = name.replace(/[A-Za-z0-9]{6}$/, '*');
        byPrefix.set(prefix, (byPrefix.get(prefix) ?? 0) + 1);
      }
      const list = [...byPrefix].map(([p, n]) => `${p} (${n})`).join(', ');
      process.exitCode = 1; // an error in a teardown is printed but does not fail the run by itself
      throw new Error(`the tests left ${left.length} temporary file(s) or folder(s) behind: ${list}`);
    }
  };
}
