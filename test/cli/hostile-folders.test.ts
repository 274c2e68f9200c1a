// Folders a command writes into: `cosim --keep` is locked and
// refuses a folder of other files; `generate` into a folder of an earlier configuration
// removes exactly the files that configuration wrote (per its manifest) and nothing else.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GENERATE_LOCK } from '../../generator/io/folder-lock.ts';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { LOCK_FILE } from '../../sim/keep-folder.ts';
import { captureCli } from '../support/cli-capture.ts';
import { snapshot } from '../support/folder-snapshot.ts';

const cli = captureCli('iterl2norm-hostile-dirs-');
const cosim = (keep: string) => ['cosim', '--d', '4', '--lanes', '1', '--vectors', '2', '--keep', keep];

describe('cosim --keep', () => {
  it('refuses a folder that holds other files, and leaves them alone', async () => {
    const keep = join(cli.dir, 'keep');
    mkdirSync(keep);
    writeFileSync(join(keep, 'notes.txt'), 'mine\n');
    const before = snapshot(cli.dir);
    expect(await main(cosim(keep), cli.out)).toBe(2);
    expect(cli.errors.trim()).toBe(`iterl2norm: --keep ${keep}: the folder is not empty and was not made by cosim --keep; give an empty or new folder`);
    expect(snapshot(cli.dir)).toEqual(before);
  });

  it('refuses a folder another live run holds; takes over the lock of a dead one; reruns in its own folder', async () => {
    const keep = join(cli.dir, 'keep');
    expect(await main(cosim(keep), cli.out)).toBe(0);
    expect(readdirSync(keep)).not.toContain(LOCK_FILE);
    const sleeper = spawn('sleep', ['30']);
    try {
      writeFileSync(join(keep, LOCK_FILE), `${sleeper.pid}\n`);
      const before = snapshot(cli.dir);
      expect(await main(cosim(keep), cli.out)).toBe(2);
      expect(cli.errors.trim()).toBe(`iterl2norm: --keep ${keep}: another iterl2norm cosim (pid ${sleeper.pid}) is using this folder; wait for it or give another folder`);
      expect(snapshot(cli.dir)).toEqual(before);
    } finally {
      sleeper.kill('SIGKILL');
      await new Promise((r) => sleeper.on('exit', r));
    }
    cli.errors = '';
    cli.lines = [];
    expect(await main(cosim(keep), cli.out)).toBe(0); // the lock's process is gone
    expect(cli.lines.at(-1)).toBe('2 passed, 0 failed');
    expect(readdirSync(keep)).not.toContain(LOCK_FILE);
  });
});

describe('regenerating into a folder of another configuration', () => {
  const gen = (dir: string, ...extra: string[]) => ['generate', '--d', '4', '--lanes', '1', '--out', dir, ...extra];

  it('removes the files the earlier configuration wrote, keeps the user\'s', async () => {
    const dir = join(cli.dir, 'rtl');
    expect(await main(gen(dir, '--flow', 'openlane'), cli.out)).toBe(0);
    const first = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    writeFileSync(join(dir, 'my-notes.v'), '// mine\n');
    expect(await main(gen(dir, '--steps', '1'), cli.out)).toBe(0);
    const second = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(second.top).not.toBe(first.top);
    expect(readdirSync(dir).sort()).toEqual([...second.outputs, 'my-notes.v'].sort());
    for (const f of first.outputs.filter((f: string) => !second.outputs.includes(f))) expect(existsSync(join(dir, f))).toBe(false);
    expect(existsSync(join(dir, 'config.json'))).toBe(false); // the OpenLane bundle of the first
    expect(cli.lines.join('\n')).toContain('removed');
  });

  it('also for a manifest written before the outputs field existed', async () => {
    const dir = join(cli.dir, 'rtl');
    expect(await main(gen(dir), cli.out)).toBe(0);
    const path = join(dir, 'manifest.json');
    const { outputs: _outputs, ...old } = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify(old));
    expect(await main(gen(dir, '--steps', '3'), cli.out)).toBe(0);
    const now = JSON.parse(readFileSync(path, 'utf8'));
    expect(readdirSync(dir).sort()).toEqual([...now.outputs].sort());
  });

  it('refuses a folder whose manifest.json is not one of ours', async () => {
    const dir = join(cli.dir, 'rtl');
    mkdirSync(dir);
    writeFileSync(join(dir, 'manifest.json'), '{"name": "someone else\'s"}\n');
    writeFileSync(join(dir, 'a.v'), 'module a; endmodule\n');
    const before = snapshot(cli.dir);
    expect(await main(gen(dir), cli.out)).toBe(2);
    expect(cli.errors.trim()).toBe(`iterl2norm: --out ${dir}: ${join(dir, 'manifest.json')} is not a manifest written by iterl2norm; remove it or give another folder`);
    expect(snapshot(cli.dir)).toEqual(before);
  });
});

describe('generate --out: one run at a time per folder', () => {
  const gen = (dir: string, ...extra: string[]) => ['generate', '--d', '4', '--lanes', '1', '--out', dir, ...extra];

  it('refuses a folder another live generate is writing; takes over the lock of a dead one', async () => {
    const dir = join(cli.dir, 'rtl');
    expect(await main(gen(dir), cli.out)).toBe(0);
    expect(readdirSync(dir)).not.toContain(GENERATE_LOCK);
    const sleeper = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, GENERATE_LOCK), `${sleeper.pid}\n`);
      const before = snapshot(cli.dir);
      expect(await main(gen(dir, '--steps', '3'), cli.out)).toBe(2);
      expect(cli.errors.trim()).toBe(`iterl2norm: --out ${dir}: another iterl2norm generate (pid ${sleeper.pid}) is writing this folder; nothing was written: wait for it or give another folder`);
      expect(snapshot(cli.dir)).toEqual(before);
    } finally {
      sleeper.kill('SIGKILL');
      await new Promise((r) => sleeper.on('exit', r));
    }
    expect(await main(gen(dir, '--steps', '3'), cli.out)).toBe(0); // the lock's process is gone
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(m.config.steps).toBe(3);
    expect(readdirSync(dir).sort()).toEqual([...m.outputs].sort());
  });

  it('a second process is refused while the first writes (held mid-write on a FIFO), and the first finishes its design', async () => {
    const dir = join(cli.dir, 'rtl');
    const bin = resolve('bin/iterl2norm.js');
    const run = (...extra: string[]) => {
      const p = spawn(process.execPath, [bin, 'generate', '--d', '8', '--lanes', '2', '--out', dir, ...extra]);
      let err = '';
      p.stderr.on('data', (b) => { err += String(b); });
      return { pid: p.pid, child: p, done: new Promise<{ code: number | null; err: string }>((r) => p.on('exit', (code) => r({ code, err }))) };
    };
    mkdirSync(dir);
    // files.f as a FIFO: generate writes it through, and blocks there, lock held, until it is read
    const mk = spawn('mkfifo', [join(dir, 'files.f')]);
    await new Promise((r) => mk.on('exit', r));
    const first = run('--steps', '1');
    let reader: ReturnType<typeof spawn> | undefined;
    try {
      const lock = join(dir, GENERATE_LOCK);
      for (let i = 0; i < 600 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 50));
      expect(readFileSync(lock, 'utf8').trim()).toBe(String(first.pid));
      const second = await run('--steps', '3', '--mode', 'rms').done;
      expect(second.err.trim()).toBe(`iterl2norm: --out ${dir}: another iterl2norm generate (pid ${first.pid}) is writing this folder; nothing was written: wait for it or give another folder`);
      expect(second.code).toBe(2);
      reader = spawn('cat', [join(dir, 'files.f')]);
      const readerDone = new Promise((r) => reader!.on('exit', r));
      let list = '';
      reader.stdout!.on('data', (b) => { list += String(b); });
      const a = await first.done;
      expect(a.code).toBe(0);
      const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      expect(m.config.steps).toBe(1);
      expect(readdirSync(dir).sort()).toEqual([...m.outputs].sort());
      await readerDone;
      expect(list.trim().split('\n').every((f) => m.files.includes(f))).toBe(true);
    } finally {
      // a process blocked opening a FIFO cannot run its signal handlers: SIGKILL
      if (first.child.exitCode === null) first.child.kill('SIGKILL');
      if (reader && reader.exitCode === null) reader.kill('SIGKILL');
    }
  }, 60_000);
});
