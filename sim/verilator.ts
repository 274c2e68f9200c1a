/**
 * Verilator, the second tool: `verilator --lint-only -Wall` of a generated design (Verilog-2005
 * that a stricter tool accepts with no warning), and the co-simulation test bench built with
 * `verilator --binary --timing` (Verilator 5: the bench's delays, event controls and tasks run
 * on its timing scheduler). Verilator is 2-state and compiles to C++: slower to build than
 * Icarus, much faster to run.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { ToolError } from '../generator/errors.ts';
import { cacheDir, contentKey, lookup, store } from './build-cache.ts';
import { SimulationTimeout } from './icarus.ts';
import { type ToolProgress, runSupervised } from './supervised.ts';

export const VERILATOR_INSTALL_HINT = 'install it with sudo apt-get install -y verilator (or run `make setup`)';

export interface LintResult { clean: boolean; log: string }

function notFound(e: NodeJS.ErrnoException | undefined, what: string): never {
  if (e?.code === 'ENOENT') throw new ToolError(`${what} not found: ${VERILATOR_INSTALL_HINT}`);
  throw new ToolError(`${what} failed: ${e?.message ?? 'unknown error'}`);
}

export function verilatorLint(files: string[], top: string): LintResult {
  const r = spawnSync('verilator', ['--lint-only', '-Wall', '--language', '1364-2005', '--top-module', top, ...files], { encoding: 'utf8' });
  if (r.error) notFound(r.error as NodeJS.ErrnoException, 'verilator');
  const log = `${r.stdout}${r.stderr}`.trim();
  return { clean: r.status === 0 && !/%(Warning|Error)/.test(log), log };
}

/** True when verilator is on PATH. */
export function verilatorAvailable(): boolean {
  return !spawnSync('verilator', ['--version'], { encoding: 'utf8' }).error;
}

let versionSeen: string | undefined | null = null;

/** `Verilator 5.006 <release date> ...` -> '5.006' (undefined when not installed); asked once per process. */
export function verilatorVersion(): string | undefined {
  if (versionSeen === null) {
    const r = spawnSync('verilator', ['--version'], { encoding: 'utf8' });
    versionSeen = r.error ? undefined : /Verilator\s+(\S+)/.exec(r.stdout)?.[1];
  }
  return versionSeen;
}

export interface VerilatorRun {
  /** Verilog sources in compile order (absolute, or relative to `workDir`). */
  files: string[];
  /** Top-level module (the test bench). */
  top: string;
  /** Directory for the C++ build (`obj_dir/`); the simulation runs there. */
  workDir: string;
  /** `+name=value` plusargs for the simulation. */
  plusargs?: string[];
  /** Watchdog for the simulation, in seconds. */
  timeoutSeconds?: number;
  /** Watchdog for the build (Verilator + C++ compiler), in seconds. */
  buildTimeoutSeconds?: number;
  /** Build with tracing, for the bench's $dumpfile: VCD or FST (part of the build's cache key). */
  trace?: 'vcd' | 'fst';
  /** Progress lines of the build and the simulation (on a terminal). */
  progress?: ToolProgress;
}

/** buildSeconds is the time to build or, when `cached`, to find the build in the cache. */
export interface VerilatorResult { stdout: string; buildSeconds: number; runSeconds: number; cached: boolean }

/**
 * Build speed: -O1 compiles about 1.5x faster than Verilator's default -Os and runs as fast, and
 * `--inline-mult 0` keeps each operator module one C++ class called per instance instead of a
 * copy inlined per lane (half the compile time at 16 lanes; the simulation is short anyway).
 */
const CXX_OPT = '-O1';
const NO_INLINING = ['--inline-mult', '0'];

/** True when ccache is on PATH: the C++ compiles (Verilator's runtime library first) are then cached too. */
function ccacheAvailable(): boolean {
  return !spawnSync('ccache', ['--version'], { encoding: 'utf8' }).error;
}

/**
 * Builds the bench with `verilator --binary --timing` and runs it. Lint and style warnings of
 * the bench are not errors (the design files are linted separately, with -Wall); the timescale
 * of the design files (they have none) is the bench's 1ns/1ps. The executable is cached by the
 * content of the sources, the options and the Verilator version (sim/build-cache.ts): the same
 * design and bench are built once. Throws ToolError on any failure.
 */
export function runVerilator(opts: VerilatorRun): VerilatorResult {
  const objDir = 'obj_dir';
  const exe = `V${opts.top}`;
  const jobs = String(Math.max(1, Math.min(cpus().length, 8)));
  const t0 = process.hrtime.bigint();
  const options = [
    '--binary', '--timing', '--top-module', opts.top, '--timescale', '1ns/1ps',
    '-Wno-fatal', '-Wno-lint', '-Wno-style', ...NO_INLINING, '-o', exe,
    ...(opts.trace === 'vcd' ? ['--trace'] : opts.trace === 'fst' ? ['--trace-fst'] : []),
  ];
  const cache = cacheDir('verilator');
  const key = cache ? contentKey([verilatorVersion() ?? 'unknown', CXX_OPT, ...options], opts.files.map((f) => resolve(opts.workDir, f))) : '';
  let binary = cache ? lookup(cache, key, exe) : undefined;
  const cached = binary !== undefined;
  if (!binary) {
    const ccache = cacheDir('ccache');
    const useCcache = ccache !== undefined && ccacheAvailable();
    const make = [`OPT_FAST=${CXX_OPT}`, `OPT_SLOW=${CXX_OPT}`, `OPT_GLOBAL=${CXX_OPT}`, ...(useCcache ? ['OBJCACHE=ccache'] : [])];
    const build = runSupervised('verilator', [...options, '-j', jobs, '--Mdir', objDir, '-MAKEFLAGS', make.join(' '), ...opts.files], {
      cwd: opts.workDir, timeoutMs: (opts.buildTimeoutSeconds ?? 900) * 1000, progress: opts.progress && { label: 'Verilator build' },
      env: useCcache ? { ...process.env, CCACHE_DIR: ccache, CCACHE_MAXSIZE: '2G' } : undefined,
    });
    if (build.error) {
      const e = build.error as NodeJS.ErrnoException;
      if (e.code === 'ETIMEDOUT') throw new ToolError(`verilator build did not finish within ${opts.buildTimeoutSeconds ?? 900} s`);
      notFound(e, 'verilator');
    }
    if (build.status !== 0) {
      const detail = `${build.stderr}${build.stdout}`.split('\n').filter((l) => /%Error|error:/i.test(l)).slice(0, 20).join('\n');
      throw new ToolError(`verilator build exited with status ${build.status}:\n${detail || build.stderr.trim().split('\n').slice(-20).join('\n')}`);
    }
    binary = join(opts.workDir, objDir, exe);
    if (cache) store(cache, key, binary);
  }
  const buildSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const t1 = process.hrtime.bigint();
  const timeoutMs = (opts.timeoutSeconds ?? 600) * 1000;
  const run = runSupervised(binary, opts.plusargs ?? [], { cwd: opts.workDir, timeoutMs, progress: opts.progress && { ...opts.progress, label: `${opts.progress.label} (Verilator)` } });
  if (run.error) {
    if ((run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') throw new SimulationTimeout(timeoutMs / 1000);
    throw new ToolError(`${exe} failed: ${run.error.message}`);
  }
  if (run.signal) throw new SimulationTimeout(timeoutMs / 1000);
  if (run.status !== 0) {
    throw new ToolError(`${exe} exited with status ${run.status}:\n${(run.stderr || run.stdout).trim().split('\n').slice(0, 20).join('\n')}`);
  }
  return { stdout: run.stdout, buildSeconds, runSeconds: Number(process.hrtime.bigint() - t1) / 1e9, cached };
}
