// Supervisor of one external tool run (iverilog, vvp, verilator, a Verilator-built bench), started
// synchronously by sim/supervised.ts. Plain JavaScript so that it starts without tsx.
//
// This process and the tool each run in a session of their own; this process kills the tool's
// whole process group (make, the C++ compilers, the simulation) and removes the parent's
// temporary paths when
//  - the watchdog expires (status "timeout"),
//  - it gets SIGINT, SIGTERM or SIGHUP itself (status "interrupted"),
//  - its parent dies: a signal to the parent or its group (Ctrl-C, `timeout`) finds the parent
//    waiting synchronously with the default signal action, so it dies at once, and we notice
//    the new parent pid (checked every 100 ms, and at our start).
// The final status goes to fd 3 as one JSON line; the tool's stdout and stderr are ours.
import { spawn } from 'node:child_process';
import { rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const spec = JSON.parse(process.argv[2]);
// the parent's pid comes in the spec: if the parent died while this process was starting,
// process.ppid is already the reaper's
const parent = spec.parent ?? process.ppid;
const SIGNO = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
let finished = false;

function report(status) {
  try {
    writeSync(3, `${JSON.stringify(status)}\n`);
  } catch {
    // the parent is gone: nobody reads the status
  }
}

function killGroup(child, signal = 'SIGKILL') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group has already exited
  }
}

function removePaths() {
  for (const p of spec.cleanup ?? []) {
    try {
      // retries: a killed tool may still be finishing a write into the folder
      rmSync(p, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
    } catch {
      // best effort
    }
  }
}

if (process.ppid !== parent) {
  removePaths(); // the parent died before we started
  process.exit(1);
}
const child = spawn(spec.cmd, spec.args, { cwd: spec.cwd, detached: true, stdio: ['ignore', 'inherit', 'inherit'] });

let exited = false;

function stop(status, code, cleanup) {
  if (finished) return;
  finished = true;
  // SIGTERM first: iverilog, make and the compilers remove their own temporary files on it
  killGroup(child, 'SIGTERM');
  report(status);
  // once the tool is reaped (or after 1 s), whatever is left of its group is killed and the
  // paths are removed: nothing can write into them any more, and no zombie is left
  const end = () => {
    killGroup(child);
    if (cleanup) removePaths();
    process.exit(code);
  };
  if (exited || child.pid === undefined) end();
  child.on('exit', () => setTimeout(end, 50));
  setTimeout(end, 1000).unref();
}

child.on('error', (e) => stop({ kind: 'error', code: e.code ?? '', message: e.message }, 127, false));
child.on('exit', (code, signal) => {
  exited = true;
  if (finished) return;
  finished = true;
  killGroup(child); // grandchildren left running by the tool
  report({ kind: 'exit', code, signal });
  process.exit(0);
});
// Progress on the terminal (fd 4, the parent's stderr, given only when it is a terminal): the
// label, the share of the expected output bytes written so far with an estimate of the time
// left, or only the time so far when the size of the output is not known.
const progress = spec.progress;
const t0 = Date.now();
let drawn = false;
function draw() {
  const seconds = (Date.now() - t0) / 1000;
  let text = `${progress.label}: ${seconds.toFixed(0)} s`;
  if (progress.file && progress.bytes > 0) {
    let size = 0;
    try {
      size = statSync(join(spec.cwd ?? '.', progress.file)).size;
    } catch {
      // not written yet
    }
    const done = Math.min(1, size / progress.bytes);
    const bar = '#'.repeat(Math.round(done * 24)).padEnd(24, '.');
    const left = done > 0.02 ? `, about ${Math.ceil((seconds * (1 - done)) / done)} s left` : '';
    text = `${progress.label} [${bar}] ${(100 * done).toFixed(0).padStart(3)}%  ${seconds.toFixed(0)} s${left}`;
  }
  try {
    writeSync(4, `\r${text.padEnd(78)}`);
    drawn = true;
  } catch {
    // the terminal is gone
  }
}
if (progress) {
  draw(); // at once: a short run shows its line too
  const timer = setInterval(draw, 250);
  child.on('exit', () => {
    clearInterval(timer);
    if (drawn) {
      try {
        writeSync(4, `\r${' '.repeat(78)}\r`);
      } catch {
        // the terminal is gone
      }
    }
  });
}
for (const s of Object.keys(SIGNO)) process.on(s, () => stop({ kind: 'interrupted', signal: s }, 128 + SIGNO[s], true));
if (spec.timeoutMs > 0) setTimeout(() => stop({ kind: 'timeout' }, 124, false), spec.timeoutMs);
setInterval(() => {
  if (process.ppid !== parent) stop({ kind: 'orphaned' }, 1, true);
}, 100);
