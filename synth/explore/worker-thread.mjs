// Worker thread of explore (worker.ts): synthesises one candidate (evaluate.ts evaluateJob) and
// posts the log lines and the result.
import { parentPort, workerData } from 'node:worker_threads';
import { importBeside } from '../../generator/io/import-beside.mjs';

const { evaluateJob } = await importBeside(import.meta.url, 'evaluate');
try {
  const done = await evaluateJob(workerData, (line) => parentPort.postMessage({ type: 'log', line }));
  parentPort.postMessage({ type: 'result', done });
} catch (e) {
  parentPort.postMessage({ type: 'error', name: e?.name ?? 'Error', usage: e?.constructor?.name === 'UsageError' || e?.constructor?.name === 'OptionError', message: String(e?.message ?? e) });
}
