/**
 * Runs Icarus Verilog through child_process: `iverilog -g2005` to compile, `vvp` to simulate.
 * The compiled image is cached by the content of the sources, the top module, the flags and the
 * Icarus version (sim/build-cache.ts): compiling and loading a 16-lane design takes 1-2 s, and the
 * same design and bench come again within a run (other reset points, a second simulator's 4-state
 * check) and across runs. A watchdog kills a simulation that runs past its time budget, so a hung design is reported
 * (ToolError with `timedOut`), never waited on. Both run under sim/supervised.ts, so an
 * interrupt kills them and removes the temporary files.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cacheDir, contentKey, lookup, store } from './build-cache.ts';
import { ToolError } from '../generator/errors.ts';
import { type ToolProgress, runSupervised } from './supervised.ts';

export const INSTALL_HINT = 'install Icarus Verilog: sudo apt-get install -y iverilog (or run `make setup`)';

export class SimulationTimeout extends ToolError {
  constructor(readonly seconds: number) {
    super(`simulation did not finish within ${seconds} s (watchdog): the design hung or the budget is too small`);
  }
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number, progress?: ToolProgress): { stdout: string; stderr: string } {
  const r = runSupervised(cmd, args, { cwd, timeoutMs, progress });
  if (r.error) {
    const err = r.error as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new ToolError(`${cmd} not found: ${INSTALL_HINT}`);
    if (err.code === 'ETIMEDOUT') throw new SimulationTimeout(timeoutMs / 1000);
    throw new ToolError(`${cmd} failed: ${err.message}`);
  }
  if (r.signal) throw new SimulationTimeout(timeoutMs / 1000);
  if (r.status !== 0) {
    const detail = (r.stderr || r.stdout).trim().split('\n').slice(0, 20).join('\n');
    throw new ToolError(`${cmd} exited with status ${r.status}:\n${detail}`);
  }
  return { stdout: r.stdout, stderr: r.stderr };
}

export interface IcarusRun {
  /** Verilog sources in compile order (absolute, or relative to `workDir`). */
  files: string[];
  /** Top-level module to elaborate (the test bench). */
  top: string;
  /** Directory for the compiled image; the simulation runs there. */
  workDir: string;
  /** `+name=value` plusargs for vvp. */
  plusargs?: string[];
  /** Watchdog for the simulation, in seconds. */
  timeoutSeconds?: number;
  /** $dumpfile writes FST instead of VCD (vvp -fst). */
  dumpFst?: boolean;
  /** Progress line of the simulation (on a terminal). */
  progress?: ToolProgress;
}

const COMPILE_FLAGS = ['-g2005', '-Wall', '-Wno-timescale'];

let version: string | undefined;
/** `iverilog -V`'s first line (part of the cache key); ToolError with the install hint when absent. */
function icarusVersion(): string {
  if (version === undefined) {
    const r = spawnSync('iverilog', ['-V'], { encoding: 'utf8' });
    if (r.error) throw new ToolError(`iverilog not found: ${INSTALL_HINT}`);
    version = String(r.stdout).split('\n')[0] ?? 'unknown';
  }
  return version;
}

/** Compiles (or takes the image from the cache) and simulates; returns what vvp printed. Throws ToolError on any failure. */
export function runIcarus(opts: IcarusRun): string {
  const image = `${opts.top}.vvp`;
  const cache = cacheDir('icarus');
  const key = cache ? contentKey([icarusVersion(), ...COMPILE_FLAGS, opts.top], opts.files.map((f) => resolve(opts.workDir, f))) : '';
  const cached = cache ? lookup(cache, key, image) : undefined;
  let fromCache = false;
  if (cached) {
    try {
      copyFileSync(cached, join(opts.workDir, image));
      fromCache = true;
    } catch {
      // another worker pruned the entry meanwhile: compile
    }
  }
  if (!fromCache) {
    run('iverilog', [...COMPILE_FLAGS, '-o', image, '-s', opts.top, ...opts.files], opts.workDir, 120_000);
    if (cache) store(cache, key, join(opts.workDir, image));
  }
  const { stdout } = run('vvp', ['-n', image, ...(opts.dumpFst ? ['-fst'] : []), ...(opts.plusargs ?? [])], opts.workDir, (opts.timeoutSeconds ?? 600) * 1000, opts.progress && { ...opts.progress, label: `${opts.progress.label} (Icarus)` });
  return stdout;
}

/** True when iverilog and vvp are on PATH. */
export function icarusAvailable(): boolean {
  const r = spawnSync('iverilog', ['-V'], { encoding: 'utf8' });
  return !r.error;
}
