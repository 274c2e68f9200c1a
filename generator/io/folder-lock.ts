/**
 * A lock file that gives one process a folder for a while (`generate --out DIR` while it writes
 * the design and removes the earlier one's files): two processes writing one folder at once would
 * leave a mix of two designs' files. The lock holds the owner's pid; a lock whose owner no longer
 * lives (a run that was killed) is taken over. The lock file is tracked, so an interrupt removes it.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { track, untrack } from '../cleanup.ts';
import { UsageError } from '../errors.ts';

export const GENERATE_LOCK = '.iterl2norm-generate.lock';

/** Whether process `pid` lives (EPERM: it does, under another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `dir`'s lock `name`; UsageError naming `option`, the folder and the holder's pid when another live process has it. */
export function lockFolder(dir: string, name: string, option: string, what: string): () => void {
  const lock = join(dir, name);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      track(lock);
      return () => {
        rmSync(lock, { force: true });
        untrack(lock);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`${option} ${dir}: cannot write a lock file (${(e as NodeJS.ErrnoException).code})`);
      let pid = Number.NaN;
      try {
        pid = Number.parseInt(readFileSync(lock, 'utf8'), 10);
      } catch {
        continue; // removed meanwhile: try again
      }
      if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) {
        throw new UsageError(`${option} ${dir}: another iterl2norm ${what} (pid ${pid}) is writing this folder; nothing was written: wait for it or give another folder`);
      }
      rmSync(lock, { force: true }); // left by a run that died: take it over
    }
  }
  throw new UsageError(`${option} ${dir}: cannot take the folder's lock file ${name}; nothing was written`);
}
