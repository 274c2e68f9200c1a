// Worker thread of the accuracy study (study.ts): runs tasks of the plan it was started with.
// Plain JavaScript so that it starts under any loader. Beside the compiled study.js (dist/, an
// installed package) it loads that; beside the TypeScript sources it registers tsx (a development
// dependency) first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const compiled = existsSync(fileURLToPath(new URL('./study.js', import.meta.url)));
if (!compiled) {
  const { register } = await import('tsx/esm/api');
  register();
}
const { runTask } = await import(compiled ? './study.js' : './study.ts');
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
