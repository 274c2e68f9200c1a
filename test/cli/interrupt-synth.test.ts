// synth in worker threads (synth/in-worker.ts): an interrupt while Yosys runs ends the command at
// once, with nothing written and no temporary folder left. (In make test-long: the run needs some
// CPU seconds in Yosys before the signal.)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const BIN = resolve('bin/iterl2norm.js');
let tmp = '';
beforeEach(() => { tmp = mkdtempSync(join(tmpdir(), 'iterl2norm-interrupt-test-')); });
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

async function until(what: string, cond: () => boolean, ms: number): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ourTemp = () => readdirSync(tmp).filter((f) => f.startsWith('iterl2norm-'));

/** CPU seconds (user + system) the process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

describe('synth acts on an interrupt while Yosys runs', () => {
  it('synth --liberty (test library), SIGINT to iterl2norm alone: gone at once, nothing written', async () => {
    const json = join(tmp, 'r.json');
    const child = spawn(process.execPath, [BIN, 'synth', '--d', '8', '--lanes', '2', '--format', 'bf16', '--pipeline', 'add=1,mul=1,convert=0', '--liberty', resolve('test/synth/fixtures/timed.lib'),
      '--sram-um2-per-bit', '1.5', '--json', json], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (b) => { stderr += String(b); });
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
    // the generic report and the mapping take over a minute of CPU: past 8 s both are in Yosys
    await until('Yosys to run', () => cpuSeconds(child.pid!) > 8, 120_000);
    const t0 = Date.now();
    process.kill(child.pid!, 'SIGINT');
    const { code, signal } = await exit;
    expect(signal === 'SIGINT' || code === 130).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(ourTemp()).toEqual([]);
    expect(existsSync(json)).toBe(false);
    expect(stderr).toMatch(/interrupted \(SIGINT\)/);
  }, 180_000);
});
