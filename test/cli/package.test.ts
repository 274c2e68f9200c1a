// The installable package: `npm pack` builds dist/ (prepack) and makes a tarball of the compiled
// JavaScript, its type declarations, the templates and the docs; `npm install` of it into an
// empty project gives a library that a plain .mjs script imports and an `iterl2norm` command
// that runs from any folder, neither with TypeScript tooling (no tsx is installed at all), and
// neither leaving anything in $TMPDIR; its declarations type-check a strict TypeScript consumer.
// The dependencies come from npm's cache, which `npm ci` (make setup) filled; a missing one is
// fetched from the registry.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const VERSION = JSON.parse(readFileSync('package.json', 'utf8')).version as string;

let tmp = '';
let tarball = '';
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'iterl2norm-package-test-'));
  npm(['pack', '--silent', '--pack-destination', tmp], resolve('.'));
  tarball = join(tmp, readdirSync(tmp).find((f) => f.endsWith('.tgz'))!);
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A private, empty $TMPDIR for one run, and what the run left in it. */
function withPrivateTmp(run: (env: NodeJS.ProcessEnv) => string): { output: string; left: string[] } {
  const own = mkdtempSync(join(tmp, 'tmpdir-'));
  const env = { ...process.env, TMPDIR: own, TMP: own, TEMP: own };
  const output = run(env);
  return { output, left: readdirSync(own) };
}

describe('npm pack', () => {
  it('ships the compiled JavaScript with declarations, the runtime files, the templates; no TypeScript source', () => {
    expect(tarball).toMatch(new RegExp(`iterl2norm-${VERSION.replaceAll('.', '\\.')}\\.tgz$`));
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    for (const f of ['bin/iterl2norm.js', 'dist/api/index.js', 'dist/api/index.d.ts', 'dist/cli/main.js', 'dist/sim/supervise.mjs', 'dist/generator/accuracy/worker-thread.mjs', 'dist/generator/io/import-beside.mjs', 'templates/top/vector_store.v.hbs', 'templates/tb/testbench.v.hbs', 'docs/integration.md']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });
});

describe('npm install of the tarball into an empty project', () => {
  let project = '';
  beforeAll(() => {
    project = join(tmp, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
    npm(['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], project);
  }, 180_000);

  it('installs no TypeScript tooling: tsx is neither a dependency nor installed', () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules', 'iterl2norm', 'package.json'), 'utf8'));
    expect(Object.keys(installed.dependencies)).not.toContain('tsx');
    expect(existsSync(join(project, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(project, 'node_modules', 'typescript'))).toBe(false);
  });

  it('a plain .mjs script imports the library: generate writes the design, golden computes, a bad lanes is an OptionError', () => {
    writeFileSync(join(project, 'use.mjs'), [
      "import { generate, golden, toBits, fromBits, OptionError } from 'iterl2norm';",
      "const g = generate({ d: 8, format: 'bf16', lanes: 2 }, 'rtl');",
      "const y = golden({ d: 4, lanes: 1 }, [toBits('bf16', [1, 2, 2, 0])]);",
      'let bad;',
      "try { generate({ lanes: 65 }, 'never'); } catch (e) { bad = { isOptionError: e instanceof OptionError, option: e.option, allowed: e.allowed }; }",
      'console.log(JSON.stringify({ top: g.top, files: g.files.length, manifestTop: g.manifest.top, y: fromBits(\'bf16\', y[0]), bad }));',
    ].join('\n'));
    const { output, left } = withPrivateTmp((env) => execFileSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8', env }));
    const r = JSON.parse(output);
    expect(r.top).toBe('iterl2norm_bf16_d8_p2_e10m30_nr2_t6');
    expect(r.manifestTop).toBe(r.top);
    expect(existsSync(join(project, 'rtl', `${r.top}.v`))).toBe(true);
    // the design's Verilog sources; <top>_inst.v beside them is the (all-comment) instantiation template
    expect(readdirSync(join(project, 'rtl')).filter((f) => f.endsWith('.v') && !f.endsWith('_inst.v')).length).toBe(r.files);
    // 1 2 2 0 / 3 = 1/3 2/3 2/3 0, rounded to bf16
    expect(r.y).toEqual([0.333984375, 0.66796875, 0.66796875, 0]);
    expect(r.bad).toEqual({ isOptionError: true, option: 'lanes', allowed: 'an integer from 1 to 64' });
    expect(existsSync(join(project, 'never'))).toBe(false);
    expect(left).toEqual([]);
  });

  it('synth and explore from the library: a generic synthesis on Yosys worker threads found from dist/, bad keys OptionErrors', () => {
    writeFileSync(join(project, 'synth.mjs'), [
      "import { synth, explore, OptionError } from 'iterl2norm';",
      "const r = await synth({ d: 2, lanes: 1, format: 'e4m3', internal: 'e6m4', steps: 0, initBits: 2 });",
      'const refused = async (call) => call.then(() => null, (e) => (e instanceof OptionError ? e.option : String(e)));',
      "const bad = [await refused(synth({ d: 2, closureRuns: 1 })), await refused(explore({ maxUlp: 1, liberty: 'x.lib', clockPeriodNs: 10, lanes: [0] }))];",
      'console.log(JSON.stringify({ top: r.top, cells: r.cells.total, bad }));',
    ].join('\n'));
    const { output, left } = withPrivateTmp((env) => execFileSync(process.execPath, ['synth.mjs'], { cwd: project, encoding: 'utf8', env }));
    const r = JSON.parse(output);
    expect(r.top).toMatch(/^iterl2norm_e4m3_d2_p1_e6m4_/);
    expect(r.cells).toBeGreaterThan(0);
    expect(r.bad).toEqual(['closureRuns', 'lanes']);
    expect(existsSync(join(project, 'explore-out'))).toBe(false);
    expect(left).toEqual([]);
  });

  it('its type declarations serve a strict TypeScript consumer (NodeNext resolution, library files checked)', () => {
    writeFileSync(join(project, 'typed.ts'), [
      "import { generate, synth, explore, OptionError, type CosimReport, type ExploreReport, type Manifest, type SynthJson } from 'iterl2norm';",
      "const g = generate({ d: 8, lanes: 2 }, 'rtl-typed');",
      'const m: Manifest = g.manifest;',
      '// @ts-expect-error top is a string: the declarations are read, not taken as any',
      'const wrong: number = g.top;',
      "const seen = (r: CosimReport, e: OptionError) => [r.passed, e.option, m.latency.cycles, wrong];",
      "const report = (): Promise<SynthJson> => synth({ d: 8, liberty: 'lib.lib', sramUm2PerBit: 2 });",
      "const search = (): Promise<ExploreReport> => explore({ maxUlp: 1, liberty: 'lib.lib', clockPeriodNs: 10, lanes: [1] });",
      "const area = async () => [(await report()).totalAreaUm2, (await search()).cheapest?.totalAreaUm2];",
      '// @ts-expect-error maxUlp, liberty and clockPeriodNs are required',
      'const none = () => explore({});',
      'export { area, none };',
      'export { seen };',
    ].join('\n'));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, typeRoots: [resolve('node_modules/@types')], types: ['node'] },
      files: ['typed.ts'],
    }));
    const tsc = resolve('node_modules/typescript/bin/tsc');
    expect(execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8' })).toBe('');
  });

  it('cosim from the library simulates the design in Icarus (the supervisor and the bench found from dist/)', () => {
    writeFileSync(join(project, 'sim.mjs'), [
      "import { cosim } from 'iterl2norm';",
      "const r = cosim({ d: 4, lanes: 2 }, { count: 3 });",
      'console.log(JSON.stringify({ passed: r.passed, failed: r.failed, predicted: r.latency.predicted, min: r.latency.min, max: r.latency.max }));',
    ].join('\n'));
    const { output, left } = withPrivateTmp((env) => execFileSync(process.execPath, ['sim.mjs'], { cwd: project, encoding: 'utf8', env }));
    const r = JSON.parse(output);
    expect(r).toMatchObject({ passed: 3, failed: 0 });
    expect([r.min, r.max]).toEqual([r.predicted, r.predicted]);
    expect(left).toEqual([]);
  });

  it('the installed command runs from another folder: golden, decode, the accuracy study on worker threads', () => {
    const elsewhere = join(tmp, 'elsewhere');
    mkdirSync(elsewhere);
    const bin = join(project, 'node_modules', '.bin', 'iterl2norm');
    const run = (args: string[]) => withPrivateTmp((env) => execFileSync(bin, args, { cwd: elsewhere, encoding: 'utf8', env }));
    expect(run(['--version']).output.trim()).toBe(VERSION);
    writeFileSync(join(elsewhere, 'v.txt'), '3f80 4000 4000 0000\n'); // 1 2 2 0 in bf16
    expect(run(['golden', '--d', '4', '--lanes', '1', '--in', 'v.txt', '--out', 'y.txt']).left).toEqual([]);
    const decoded = run(['decode', '--format', 'bf16', '--in', 'y.txt']);
    expect(decoded.output).toBe('0.333984375 0.66796875 0.66796875 0\n');
    expect(decoded.left).toEqual([]);
    // the accuracy study on two worker threads: the worker loads the compiled study beside it
    const study = run(['accuracy', '--d', '64', '--format', 'bf16', '--vectors', '2', '--workers', '2', '--out', 'acc']);
    expect(study.output).toContain('on 2 worker threads');
    expect(existsSync(join(elsewhere, 'acc', 'accuracy', 'accuracy.json'))).toBe(true);
    expect(study.left).toEqual([]);
  });
});
