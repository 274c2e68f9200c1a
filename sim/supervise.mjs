// Supervisor of one external tool run (iverilog, vvp, verilator, a Verilator-built bench), started
// synchronously by sim/supervised.ts. Plain JavaScript so that it starts without tsx.
//
// The tool runs in its own process group; this process kills that whole group (make, the C++
// compilers, the simulation) and removes the parent's temporary paths when
//  - the watchdog expires (status "timeout"),
//  - it gets SIGINT, SIGTERM or SIGHUP (Ctrl-C reaches the whole foreground group; status
//    "interrupted"),
//  - its parent dies (a signal to the parent alone: the parent waits synchronously and has the
//    default signal action meanwhile, so it dies at once and we notice the new parent pid).
// The final status goes to fd 3 as one JSON line; the tool's stdout and stderr are ours.
import { spawn } from 'node:child_process';
import { rmSync, writeSync } from 'node:fs';

const spec = JSON.parse(process.argv[2]);
const parent = process.ppid;
const SIGNO = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
let finished = false;

function report(status) {
  try {
    writeSync(3, `${JSON.stringify(status)}\n`);
  } catch {
    // the parent is gone: nobody reads the status
  }
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group has already exited
  }
}

function removePaths() {
  for (const p of spec.cleanup ?? []) {
    try {
      rmSync(p, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
}

const child = spawn(spec.cmd, spec.args, { cwd: spec.cwd, detached: true, stdio: ['ignore', 'inherit', 'inherit'] });

let exited = false;

function stop(status, code, cleanup) {
  if (finished) return;
  finished = true;
  killGroup(child);
  if (cleanup) removePaths();
  report(status);
  // wait for the killed tool to be reaped (no zombie left), but not for long
  if (exited || child.pid === undefined) process.exit(code);
  child.on('exit', () => process.exit(code));
  setTimeout(() => process.exit(code), 2000).unref();
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
for (const s of Object.keys(SIGNO)) process.on(s, () => stop({ kind: 'interrupted', signal: s }, 128 + SIGNO[s], true));
if (spec.timeoutMs > 0) setTimeout(() => stop({ kind: 'timeout' }, 124, false), spec.timeoutMs);
setInterval(() => {
  if (process.ppid !== parent) stop({ kind: 'orphaned' }, 1, true);
}, 100);
