/**
 * A cache of compiled simulations, keyed by content. A Verilator build (Verilator, then the C++
 * compiler: 3 s for one lane, 10-15 s for 16 lanes) or an Icarus image (`iverilog`: 1-2 s at 16
 * lanes) is reused whenever the same sources, options and tool version come again: within a run
 * (several tests of one configuration) and across runs (a developer's second `make test`).
 *
 * Location: `<project>/.cache/` (git-ignored). `ITERL2NORM_CACHE=DIR` moves it, and
 * `ITERL2NORM_CACHE=off` turns it off. A folder that cannot be written (an installed package)
 * turns it off too: the cache only ever saves time, it never changes a result.
 *
 * An entry is written under a temporary name and renamed into place, so parallel test workers
 * never see half an entry; beyond MAX_ENTRIES the least recently used entries are removed.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../generator/io/package-root.ts';

const PROJECT_ROOT = PACKAGE_ROOT;
const MAX_ENTRIES = 32;

/** The cache folder for one kind of build (e.g. 'verilator'), or undefined when caching is off. */
export function cacheDir(kind: string): string | undefined {
  const setting = process.env.ITERL2NORM_CACHE;
  if (setting === 'off' || setting === '0') return undefined;
  const root = setting ? resolve(setting) : join(PROJECT_ROOT, '.cache');
  const dir = join(root, kind);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * A key over the build's settings (tool version, options) and its sources: each file by its name
 * and content, in order (the folder they sit in does not matter: every run has a fresh one).
 */
export function contentKey(settings: string[], files: string[]): string {
  const h = createHash('sha256');
  for (const s of settings) h.update(`${s}\0`);
  for (const f of files) {
    h.update(`${basename(f)}\0`);
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 32);
}

/** The cached file `name` of entry `key`, marked as just used; undefined when absent. */
export function lookup(dir: string, key: string, name: string): string | undefined {
  const entry = join(dir, key);
  const file = join(entry, name);
  if (!existsSync(file)) return undefined;
  const now = new Date();
  try { utimesSync(entry, now, now); } catch { /* a concurrent prune: the file is still usable or the caller rebuilds */ }
  return file;
}

/** Stores `file` as entry `key` (atomic rename; a concurrent identical entry wins), then prunes. */
export function store(dir: string, key: string, file: string): void {
  const entry = join(dir, key);
  if (existsSync(entry)) return;
  const staging = join(dir, `.tmp-${key}-${process.pid}`);
  try {
    mkdirSync(staging, { recursive: true });
    copyFileSync(file, join(staging, basename(file)));
    renameSync(staging, entry);
  } catch {
    // another worker stored the same key first, or the disk is full: the build is not lost, only not cached
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  prune(dir);
}

function prune(dir: string): void {
  const entries = readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .map((n) => {
      try { return { n, t: statSync(join(dir, n)).mtimeMs }; } catch { return undefined; }
    })
    .filter((e): e is { n: string; t: number } => e !== undefined)
    .sort((a, b) => b.t - a.t);
  for (const e of entries.slice(MAX_ENTRIES)) rmSync(join(dir, e.n), { recursive: true, force: true });
}
