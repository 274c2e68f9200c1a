/**
 * One `iterl2norm` command of a benchmark, timed: wall seconds, and the user + system CPU seconds
 * GNU time measures (the machine may be shared, so wall time is not the command's own). Without
 * /usr/bin/time the CPU figure is absent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

export interface TimedRun { seconds: number; cpuSeconds?: number }

/** The failure of a run, and whether it was interrupted (Ctrl-C or kill: stop the benchmark, do not go on with the next row). */
export class RunFailed extends Error {
  constructor(readonly status: number | null, readonly signal: NodeJS.Signals | null) {
    super(signal ? `killed by ${signal}` : `exit ${status}`);
  }
  /** The command died of a signal or exited 128 + its number (the signal reaches the whole process group; this process does not see it while execFileSync blocks its event loop). */
  get interrupted(): boolean {
    return this.signal !== null || (this.status !== null && [129, 130, 143].includes(this.status));
  }
}

/** Runs `npx tsx bin/iterl2norm.js ARGS` from the project root, stderr passed through; throws RunFailed. */
export function timedIterl2norm(args: string[], scratch: string): TimedRun {
  const cpuFile = `${scratch}.cpu`;
  const time = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%U %S', '-o', cpuFile] : [];
  const t0 = Date.now();
  try {
    execFileSync(time[0] ?? 'npx', [...time.slice(1), ...(time.length ? ['npx'] : []), 'tsx', 'bin/iterl2norm.js', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (e) {
    rmSync(cpuFile, { force: true });
    const { status, signal } = e as { status: number | null; signal: NodeJS.Signals | null };
    throw new RunFailed(status, signal);
  }
  const seconds = Math.round((Date.now() - t0) / 1000);
  const [user, system] = existsSync(cpuFile) ? readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number) : [];
  rmSync(cpuFile, { force: true });
  return { seconds, cpuSeconds: user === undefined ? undefined : Math.round(user + system!) };
}
