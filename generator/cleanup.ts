/**
 * What an interrupted run leaves behind: nothing. Temporary folders and staged files are
 * registered here while they exist; on SIGINT, SIGTERM or SIGHUP the command line removes
 * them and then dies by the same signal (so a shell sees status 130, 143 or 129, and a script
 * that ran us knows it was interrupted).
 *
 * External tools run under sim/supervise.mjs, in their own process group: while the process
 * waits for one (a synchronous spawn), our handlers cannot run, so the default action of the
 * signal applies (see withDefaultSignals) and the supervisor, which sees its parent die or gets
 * the same signal, kills the tool's process group and removes the registered paths itself.
 */
import { rmSync } from 'node:fs';
import { ToolError } from './errors.ts';

const tracked = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

/** Registers a temporary file or folder to remove if the run is interrupted. */
export function track(path: string): void {
  tracked.add(path);
}

export function untrack(path: string): void {
  tracked.delete(path);
}

/** The registered paths (handed to the supervisor of an external tool). */
export function trackedPaths(): string[] {
  return [...tracked];
}

/** Removes every registered path (best effort: an interrupted run must not fail again). */
export function removeTracked(): void {
  for (const p of tracked) {
    try {
      rmSync(p, { recursive: true, force: true });
    } catch {
      // already gone, or not ours to remove any more
    }
  }
  tracked.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeTracked();
  process.stderr.write(`\niterl2norm: interrupted (${signal}); temporary files removed\n`);
  uninstall();
  process.kill(process.pid, signal);
}

/** Installs the handlers (the command line does; library callers and tests do not). */
export function installSignalHandlers(): void {
  if (installed) return;
  for (const s of SIGNALS) process.on(s, onSignal);
  installed = true;
}

function uninstall(): void {
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

/**
 * Runs `fn` (a synchronous wait for a supervised tool) with the default signal actions, so a
 * signal ends this process at once instead of waiting, unseen, for the tool to finish; the
 * supervisor then cleans up.
 */
export function withDefaultSignals<T>(fn: () => T): T {
  if (!installed) return fn();
  uninstall();
  try {
    return fn();
  } finally {
    for (const s of SIGNALS) process.on(s, onSignal);
  }
}

/** A supervised tool was stopped by a signal meant for us: clean up and die by it too. */
export function dieBySignal(signal: NodeJS.Signals): never {
  if (!installed) throw new ToolError(`interrupted by ${signal}`);
  onSignal(signal);
  // process.kill delivers the signal asynchronously to ourselves; make sure we do not go on.
  process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as Record<string, number>)[signal]!);
}
