// Worker thread of synth/in-worker.ts: runs one synthesis function (the generic report's
// synthesize, or the standard-cell mapAndTime) and posts its result or its error. Plain
// JavaScript so that it starts under any loader: beside the compiled files (dist/) it loads
// those; beside the TypeScript sources it registers tsx first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const compiled = existsSync(fileURLToPath(new URL('./synth.js', import.meta.url)));
if (!compiled) {
  const { register } = await import('tsx/esm/api');
  register();
}
const ext = compiled ? 'js' : 'ts';
try {
  const { fn, args } = workerData;
  const run = fn === 'synthesize'
    ? (await import(`./synth.${ext}`)).synthesize
    : (await import(`./synth-liberty.${ext}`)).mapAndTime;
  parentPort.postMessage({ type: 'result', result: await run(...args) });
} catch (e) {
  parentPort.postMessage({ type: 'error', name: e?.name ?? 'Error', problems: e?.problems, message: String(e?.message ?? e) });
}
