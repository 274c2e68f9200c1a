// An interrupted `prove` (Ctrl-C to the group, SIGTERM to iterl2norm alone) while z3 works leaves
// no process and no temporary folder behind (the tools run under the project's supervisor). The
// command runs as the real bin, a child with TMPDIR pointed at a fresh folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findProofTools } from '../../prove/tools.ts';

const BIN = resolve('bin/iterl2norm.js');
let tmp = '';
// `make test` installs yosys (with yosys-smtbmc) and z3 (scripts/ensure-tools.sh): a missing tool
// fails these tests instead of skipping them.
findProofTools();

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'iterl2norm-prove-interrupt-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** Live processes working in `dir` or naming it on their command line. */
function processesIn(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // not ours to look at
      }
      if (cwd.startsWith(dir) || cmd.includes(dir)) found.push(`${pid} ${cmd.slice(0, 120)}`);
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

function start(args: string[]): { child: ChildProcess; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, TMPDIR: tmp }, detached: true, stdio: ['ignore', 'ignore', 'ignore'] });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return { child, exit };
}

const solverRunning = () => processesIn(tmp).some((p) => /^\d+ z3 /.test(p));
const ourTemp = () => readdirSync(tmp).filter((f) => f.startsWith('iterl2norm-'));

describe('an interrupted proof leaves nothing behind', () => {
  it.each([
    ['SIGINT to the group (Ctrl-C)', 'SIGINT', 'group'],
    ['SIGTERM to iterl2norm alone', 'SIGTERM', 'process'],
  ] as const)('%s', async (_name, signal, to) => {
    const run = start(['prove', '--d', '4', '--lanes', '2', '--format', 'fp16', '--internal', 'e5m6', '--steps', '1']);
    await until('z3 to run', () => ourTemp().length > 0 && solverRunning());
    process.kill(to === 'group' ? -run.child.pid! : run.child.pid!, signal);
    const { code, signal: got } = await run.exit;
    expect(got === signal || code === (signal === 'SIGINT' ? 130 : 143)).toBe(true);
    await until('the tools to be gone', () => processesIn(tmp).length === 0, 5000);
    await until('the temporary folder to be removed', () => ourTemp().length === 0, 5000).catch(() => {});
    expect(ourTemp()).toEqual([]);
    expect(readdirSync(process.cwd()).filter((f) => f.startsWith('prove-'))).toEqual([]);
  });
});
