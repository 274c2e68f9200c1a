// Worker thread of the accuracy study (study.ts): runs tasks of the plan it was started with.
import { parentPort, workerData } from 'node:worker_threads';
import { importBeside } from '../io/import-beside.mjs';

const { runTask } = await importBeside(import.meta.url, 'study');
const { plan } = workerData;
parentPort.on('message', (msg) => {
  if (msg.type !== 'task') return;
  let pending = 0;
  const result = runTask(plan, msg.task, (units) => {
    pending += units;
    if (pending >= 20000) {
      parentPort.postMessage({ type: 'progress', units: pending });
      pending = 0;
    }
  });
  if (pending > 0) parentPort.postMessage({ type: 'progress', units: pending });
  parentPort.postMessage({ type: 'result', index: msg.index, result });
});
