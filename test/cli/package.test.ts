// The installable package: `npm pack` makes a tarball; `npm install -g` of it into a
// temporary prefix gives an `iterl2norm` command that works from any folder (the sources run
// through the package's own tsx). The dependencies come from npm's cache, which `npm ci` (make
// setup) filled; a missing one is fetched from the registry.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'iterl2norm-package-test-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm pack + npm install -g', () => {
  it('installs a command that runs from another folder', () => {
    const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
    npm(['pack', '--silent', '--pack-destination', tmp], resolve('.'));
    const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'))!;
    expect(tarball).toMatch(/^iterl2norm-\d+\.\d+\.\d+\.tgz$/);
    const prefix = join(tmp, 'prefix');
    npm(['install', '-g', '--prefix', prefix, join(tmp, tarball), '--prefer-offline', '--no-audit', '--no-fund'], tmp);
    const elsewhere = join(tmp, 'elsewhere');
    mkdirSync(elsewhere);
    const bin = join(prefix, 'bin', 'iterl2norm');
    const run = (args: string[]) => execFileSync(bin, args, { cwd: elsewhere, encoding: 'utf8', env: { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}` } });
    expect(run(['--version']).trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    writeFileSync(join(elsewhere, 'v.txt'), '3f80 4000 4000 0000\n'); // 1 2 2 0 in bf16
    run(['golden', '--d', '4', '--lanes', '1', '--in', 'v.txt', '--out', 'y.txt']);
    // 1 2 2 0 / 3 = 1/3 2/3 2/3 0, rounded to bf16
    expect(run(['decode', '--format', 'bf16', '--in', 'y.txt'])).toBe('0.333984375 0.66796875 0.66796875 0\n');
  });
});
