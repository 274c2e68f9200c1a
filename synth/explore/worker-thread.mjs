// Worker thread of explore (worker.ts): synthesises one candidate (evaluate.ts evaluateJob) and
// posts the log lines and the result. Plain JavaScript so that it starts under any loader: beside
// the compiled evaluate.js (dist/) it loads that; beside the TypeScript sources it registers tsx
// first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const compiled = existsSync(fileURLToPath(new URL('./evaluate.js', import.meta.url)));
if (!compiled) {
  const { register } = await import('tsx/esm/api');
  register();
}
const { evaluateJob } = await import(compiled ? './evaluate.js' : './evaluate.ts');
try {
  const done = await evaluateJob(workerData, (line) => parentPort.postMessage({ type: 'log', line }));
  parentPort.postMessage({ type: 'result', done });
} catch (e) {
  parentPort.postMessage({ type: 'error', name: e?.name ?? 'Error', usage: e?.constructor?.name === 'UsageError' || e?.constructor?.name === 'OptionError', message: String(e?.message ?? e) });
}
