// Worker thread of synth/in-worker.ts: runs one synthesis function (the generic report's
// synthesize, or the standard-cell mapAndTime) and posts its result or its error.
import { parentPort, workerData } from 'node:worker_threads';
import { importBeside } from '../generator/io/import-beside.mjs';

try {
  const { fn, args } = workerData;
  const run = fn === 'synthesize'
    ? (await importBeside(import.meta.url, 'synth')).synthesize
    : (await importBeside(import.meta.url, 'synth-liberty')).mapAndTime;
  parentPort.postMessage({ type: 'result', result: await run(...args) });
} catch (e) {
  parentPort.postMessage({ type: 'error', name: e?.name ?? 'Error', problems: e?.problems, message: String(e?.message ?? e) });
}
