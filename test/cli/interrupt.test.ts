// Interrupted runs: SIGINT and SIGTERM, to the whole process group (Ctrl-C,
// `timeout`) or to the iterl2norm process alone, during an Icarus simulation and during a
// Verilator build, leave no process and no temporary folder behind. The command runs as the
// real bin (a child with TMPDIR pointed at a fresh folder) and dies by the signal it got.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const BIN = resolve('bin/iterl2norm.js');
let tmp = '';

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'iterl2norm-interrupt-test-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** Live (not zombie) processes working in `dir` (`inside`) or naming it on their command line. */
function processesIn(dir: string, inside = false): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/^\d+ \(.*\) Z /.test(stat)) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // not ours to look at
      }
      if (cwd.startsWith(dir) || (!inside && cmd.includes(dir))) found.push(`${pid} ${cmd.slice(0, 120)}`);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

async function until(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function start(args: string[]): { child: ChildProcess; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; stderr: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, TMPDIR: tmp }, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (b) => { err += String(b); });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return { child, exit, stderr: () => err };
}

/** A tool (not its supervisor, which works elsewhere) runs in the temporary folder. */
const running = (dir: string, name: RegExp) => processesIn(dir, true).some((p) => name.test(p));
const ourTemp = () => readdirSync(tmp).filter((f) => f.startsWith('iterl2norm-'));

const CASES: Array<[string, string[], RegExp, NodeJS.Signals, 'group' | 'process']> = [
  ['Icarus simulation, SIGINT to the group (Ctrl-C)', ['--sim', 'icarus', '--vectors', '4000'], /^\d+ vvp /, 'SIGINT', 'group'],
  ['Icarus simulation, SIGTERM to iterl2norm alone', ['--sim', 'icarus', '--vectors', '4000'], /^\d+ vvp /, 'SIGTERM', 'process'],
  ['Verilator build, SIGINT to iterl2norm alone', ['--sim', 'verilator', '--vectors', '4'], /verilator|make|cc1plus|g\+\+/, 'SIGINT', 'process'],
  ['Verilator build, SIGTERM to the group', ['--sim', 'verilator', '--vectors', '4'], /verilator|make|cc1plus|g\+\+/, 'SIGTERM', 'group'],
];

describe('interrupts leave nothing behind', () => {
  it.each(CASES)('%s', async (_name, extra, tool, signal, to) => {
    const run = start(['cosim', '--d', '16', '--lanes', '2', '--format', 'bf16', ...extra]);
    await until(`${tool} to run`, () => ourTemp().length > 0 && running(tmp, tool));
    process.kill(to === 'group' ? -run.child.pid! : run.child.pid!, signal);
    const { code, signal: got } = await run.exit;
    // dies by the signal (a shell reports 128 + its number), or exits with that status
    expect(got === signal || code === (signal === 'SIGINT' ? 130 : 143)).toBe(true);
    await until('the tools to be gone', () => processesIn(tmp).length === 0, 5000);
    // the supervisor removes the build folder once the tool's group is reaped (up to 1 s after the
    // signal, later on a loaded machine): wait for it, bounded, then check nothing is left
    await until('the temporary folders to be removed', () => ourTemp().length === 0, 5000).catch(() => {});
    expect(ourTemp()).toEqual([]);
    expect(run.stderr()).not.toMatch(/\bat .*:\d+:\d+/); // no stack trace
    expect(run.stderr()).not.toContain('\r'); // no progress line: stderr is not a terminal
  });
});
