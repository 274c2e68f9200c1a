import { rmSync } from 'node:fs';
import { afterEach, beforeEach, vi } from 'vitest';
import { tempDir } from './temp.ts';

/** What a CLI test sees: a fresh temp directory, the lines `main` logged, and stderr. */
export interface CliCapture {
  dir: string;
  lines: string[];
  errors: string;
  /** The `out` argument of `main`. */
  out: { log: (s: string) => void };
}

/** Registers hooks that give every test a fresh directory (removed afterwards) and capture `main`'s output and stderr. */
export function captureCli(prefix: string): CliCapture {
  const cli: CliCapture = { dir: '', lines: [], errors: '', out: { log: (s) => cli.lines.push(s) } };
  beforeEach(() => {
    cli.dir = tempDir(prefix);
    cli.lines = [];
    cli.errors = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { cli.errors += String(s); return true; });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(cli.dir, { recursive: true, force: true });
  });
  return cli;
}
