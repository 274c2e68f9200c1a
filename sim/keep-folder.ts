/**
 * `cosim --keep DIR`: the simulation folder is kept for the user. Two runs in one folder would
 * overwrite each other's test bench and results (a false "0 passed, 20 failed", or a syntax
 * error from a half-written file), so a run takes a lock file first and a second run is
 * refused while the first one lives. A folder that holds anything but an earlier cosim's files
 * is refused too, so --keep never mixes a run into the user's files; the earlier run's files
 * are removed before the new run writes its own.
 */
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { track, untrack } from '../generator/cleanup.ts';
import { UsageError } from '../generator/errors.ts';
import { alive } from '../generator/io/folder-lock.ts';

export const LOCK_FILE = '.iterl2norm-cosim.lock';
/** Marks a folder that a cosim run kept (so the next run may clear it). */
export const MARK_FILE = '.iterl2norm-cosim';

/** Takes the folder for this run (see the file comment); UsageError when it cannot. */
export function lockKeepFolder(dir: string): void {
  const lock = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      track(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`--keep ${dir}: cannot write a lock file (${(e as NodeJS.ErrnoException).code})`);
      const pid = Number.parseInt(readFileSync(lock, 'utf8'), 10);
      if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) {
        throw new UsageError(`--keep ${dir}: another iterl2norm cosim (pid ${pid}) is using this folder; wait for it or give another folder`);
      }
      rmSync(lock, { force: true }); // left by a run that died: take it over
    }
  }
  const entries = readdirSync(dir).filter((f) => f !== LOCK_FILE);
  if (entries.length > 0 && !entries.includes(MARK_FILE)) {
    unlockKeepFolder(dir);
    throw new UsageError(`--keep ${dir}: the folder is not empty and was not made by cosim --keep; give an empty or new folder`);
  }
  for (const f of entries) rmSync(join(dir, f), { recursive: true, force: true });
  writeFileSync(join(dir, MARK_FILE), 'simulation folder of iterl2norm cosim --keep; the next run with this folder replaces its contents\n');
}

export function unlockKeepFolder(dir: string): void {
  const lock = join(dir, LOCK_FILE);
  rmSync(lock, { force: true });
  untrack(lock);
}
