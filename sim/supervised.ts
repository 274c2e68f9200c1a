/**
 * A synchronous run of an external tool that signals can stop cleanly (sim/supervise.mjs does
 * the watching). Returns what `spawnSync` returns, so the runners keep their error handling:
 * `error.code` is ENOENT when the tool is missing and ETIMEDOUT when the watchdog fired.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dieBySignal, trackedPaths, withDefaultSignals } from '../generator/cleanup.ts';

const SUPERVISOR = fileURLToPath(new URL('./supervise.mjs', import.meta.url));

export interface SupervisedResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  error?: NodeJS.ErrnoException;
}

type Status =
  | { kind: 'exit'; code: number | null; signal: NodeJS.Signals | null }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'timeout' }
  | { kind: 'interrupted'; signal: NodeJS.Signals }
  | { kind: 'orphaned' };

const errno = (code: string, message: string): NodeJS.ErrnoException => Object.assign(new Error(message), { code });

/**
 * A progress line for a long tool run: shown on stderr when it is a terminal (or when
 * ITERL2NORM_PROGRESS=1), never in a pipe or a log. With `file` and `bytes` (the size the tool's
 * output file will have, relative to cwd) it shows the share done and the time left.
 */
export interface ToolProgress { label: string; file?: string; bytes?: number }

export const progressWanted = (): boolean => process.env.ITERL2NORM_PROGRESS === '1' || (process.env.ITERL2NORM_PROGRESS !== '0' && Boolean(process.stderr.isTTY));

export function runSupervised(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number; progress?: ToolProgress; env?: NodeJS.ProcessEnv } = {}): SupervisedResult {
  const progress = opts.progress && progressWanted() ? opts.progress : undefined;
  const spec = { cmd, args, cwd: opts.cwd, timeoutMs: opts.timeoutMs ?? 0, cleanup: trackedPaths(), parent: process.pid, progress };
  const r = withDefaultSignals(() => spawnSync(process.execPath, [SUPERVISOR, JSON.stringify(spec)], {
    // its own session: a Ctrl-C to our group cannot kill the supervisor before it has set up
    // (it notices our death instead, also at its start)
    encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe', 'pipe', ...(progress ? [2] : [])], detached: true,
  } as Parameters<typeof spawnSync>[2]));
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '');
  if (r.error) return { status: null, signal: null, stdout, stderr, error: r.error as NodeJS.ErrnoException };
  const line = String(r.output?.[3] ?? '').trim().split('\n').pop() ?? '';
  let status: Status;
  try {
    status = JSON.parse(line) as Status;
  } catch {
    return { status: null, signal: r.signal, stdout, stderr, error: errno('ESUPERVISOR', `supervisor of ${cmd} stopped without a status (${r.signal ?? r.status})`) };
  }
  if (status.kind === 'exit') return { status: status.code, signal: status.signal, stdout, stderr };
  if (status.kind === 'error') return { status: null, signal: null, stdout, stderr, error: errno(status.code, status.message) };
  if (status.kind === 'timeout') return { status: null, signal: 'SIGKILL', stdout, stderr, error: errno('ETIMEDOUT', `${cmd} timed out`) };
  if (status.kind === 'interrupted') dieBySignal(status.signal);
  return { status: null, signal: null, stdout, stderr, error: errno('ESUPERVISOR', `${cmd}: supervisor lost its parent`) };
}
