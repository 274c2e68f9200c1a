/**
 * The generic report (synth/synth.ts synthesize) and the standard-cell mapping
 * (synth/synth-liberty.ts mapAndTime) in worker threads (worker-thread.mjs). Yosys runs as
 * WebAssembly, synchronously, for minutes: in the main thread a signal would wait for it, in a
 * worker the main thread only waits for a message and acts on an interrupt at once
 * (generator/cleanup.ts; the process ends by the signal, its workers with it). And `synth
 * --liberty` runs the two side by side: on two cores its wall time is the longer one's, not
 * their sum.
 */
import { Worker } from 'node:worker_threads';
import { ToolError, UsageError } from '../generator/errors.ts';
import { SynthCheckError, type synthesize } from './synth.ts';
import type { mapAndTime } from './synth-liberty.ts';
import { workerResult } from './explore/worker.ts';

type Fns = { synthesize: typeof synthesize; mapAndTime: typeof mapAndTime };

/** A run in a worker: its result, and `cancel` to stop it when the result is no longer wanted. */
export interface WorkerRun<T> { result: Promise<T>; cancel: () => void }

/** `fn(...args)` in a worker thread; its arguments and result are copied (structured clone), so no function among them. */
export function inWorker<F extends keyof Fns>(fn: F, ...args: Parameters<Fns[F]>): WorkerRun<Awaited<ReturnType<Fns[F]>>> {
  const w = new Worker(new URL('./worker-thread.mjs', import.meta.url), { workerData: { fn, args } });
  const result = workerResult<Awaited<ReturnType<Fns[F]>>, { type: string; result?: unknown; name?: string; problems?: string[]; message?: string }>(w, (m, resolve, reject) => {
    if (m.type === 'result') resolve(m.result as Awaited<ReturnType<Fns[F]>>);
    else reject(m.name === 'SynthCheckError' ? new SynthCheckError(m.problems ?? [])
      : m.name === 'UsageError' || m.name === 'OptionError' ? new UsageError(m.message!) : new ToolError(m.message!));
  });
  // a cancelled run's rejection is nobody's error
  return { result, cancel: () => { result.catch(() => {}); void w.terminate(); } };
}
