/**
 * One candidate's synthesis in a worker thread (worker-thread.mjs): Yosys runs as WebAssembly,
 * synchronously, for up to many minutes; in the main thread a signal would wait for it. Here the
 * main thread only waits for a message, so an interrupt is acted on at once (generator/cleanup.ts:
 * the staged files and the folder's lock removed, then the process ends by the signal, the worker
 * with it; OpenSTA's supervisor sees its parent go and stops it).
 */
import { Worker } from 'node:worker_threads';
import { ToolError, UsageError } from '../../generator/errors.ts';
import type { EvaluateJob, Evaluated } from './evaluate.ts';

export function evaluateInWorker(job: EvaluateJob, log: (s: string) => void): Promise<Evaluated> {
  const w = new Worker(new URL('./worker-thread.mjs', import.meta.url), { workerData: job });
  return workerResult<Evaluated>(w, (m: { type: string; line?: string; done?: Evaluated; usage?: boolean; message?: string }, resolve, reject) => {
    if (m.type === 'log') log(m.line!);
    else if (m.type === 'result') resolve(m.done!);
    else if (m.type === 'error') reject(m.usage ? new UsageError(m.message!) : new ToolError(m.message!));
  });
}

/**
 * The result of worker `w`: `onMessage` resolves or rejects (once; the worker is then
 * terminated); an error or an exit of the worker before that rejects.
 */
export function workerResult<T, M = never>(w: Worker, onMessage: (m: M, resolve: (v: T) => void, reject: (e: Error) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      void w.terminate();
    };
    w.on('message', (m: M) => onMessage(m, (v) => settle(() => resolve(v)), (e) => settle(() => reject(e))));
    w.on('error', (e) => settle(() => reject(e)));
    w.on('exit', (code) => settle(() => reject(new ToolError(`the synthesis worker thread stopped (exit code ${code}) before it finished`))));
  });
}
