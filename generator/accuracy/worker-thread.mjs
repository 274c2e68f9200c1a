// Worker thread of the accuracy study (study.ts): runs tasks of the plan it was started with.
// Plain JavaScript so that it starts under any loader: it registers tsx itself, then loads the
// TypeScript sources.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runTask } = await import('./study.ts');
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
