/**
 * Writing a design into its folder (`generate --out DIR`, and cosim's own copy).
 *
 * Everything is rendered in memory first and written with writeOutputs (all files or none).
 * A folder that holds an earlier design keeps no stale files: the files the earlier
 * manifest.json says the generator wrote (`outputs`; for manifests older than that field,
 * `files`, manifest.json, `<top>_inst.v` and OpenLane files that name the earlier top module) and that this
 * run does not write again are removed after the new files are in place. Files the generator
 * did not write are left alone. A manifest.json that is not one of ours (not JSON, no
 * `generator` field, or a folder) is refused before anything is written.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { OPENLANE_FILES } from '../rtl/openlane.ts';
import { type Output, writeOutputs } from './atomic-write.ts';
import { checkOutputFile, checkOutputFolder } from './output-path.ts';
import { GENERATE_LOCK, lockFolder } from './folder-lock.ts';

export const MANIFEST = 'manifest.json';

/** The files an earlier generate run wrote into `dir` (names relative to it). */
function earlierOutputs(dir: string, option: string): { top: string; files: string[] } | undefined {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return undefined;
  const where = `${option} ${dir}: ${path}`;
  if (!statSync(path).isFile()) throw new UsageError(`${where} is not a file; remove it or give another folder`);
  let m: { generator?: unknown; top?: unknown; files?: unknown; outputs?: unknown };
  try {
    m = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new UsageError(`${where} is not a manifest written by iterl2norm (not JSON); remove it or give another folder`);
  }
  if (typeof m?.generator !== 'string' || !m.generator.startsWith('iterl2norm') || typeof m.top !== 'string') {
    throw new UsageError(`${where} is not a manifest written by iterl2norm; remove it or give another folder`);
  }
  const names = (v: unknown) => (Array.isArray(v) ? v.filter((f): f is string => typeof f === 'string' && !f.includes('/') && !f.startsWith('.')) : []);
  if (Array.isArray(m.outputs)) return { top: m.top, files: names(m.outputs) };
  const top = m.top;
  const flow = Object.values(OPENLANE_FILES).filter((f) => {
    try {
      return readFileSync(join(dir, f), 'utf8').includes(top);
    } catch {
      return false;
    }
  });
  return { top, files: [...names(m.files), MANIFEST, `${top}_inst.v`, ...flow] };
}

export interface DesignDirPlan {
  dir: string;
  option: string;
  earlier?: { top: string; files: string[] };
}

/** Checks the folder and every file in it this run will write; throws before any work. */
export function planDesignDir(option: string, dir: string, names: string[]): DesignDirPlan {
  const abs = checkOutputFolder(option, dir);
  if (!existsSync(abs)) return { dir: abs, option };
  const earlier = earlierOutputs(abs, option);
  for (const n of names) checkOutputFile(option, join(abs, n));
  return { dir: abs, option, earlier };
}

/**
 * Writes the files (all or none), then removes the earlier design's files not written again.
 * The folder is locked meanwhile (folder-lock.ts), and the earlier design is read again under
 * the lock, so two runs into one folder never leave a mix of their files: the second one is
 * refused while the first writes, or replaces the first one's design whole after it.
 */
export function writeDesignDir(plan: DesignDirPlan, files: Array<{ file: string; text: string }>): string[] {
  mkdirSync(plan.dir, { recursive: true });
  const unlock = lockFolder(plan.dir, GENERATE_LOCK, plan.option, 'generate');
  try {
    const earlier = earlierOutputs(plan.dir, plan.option) ?? plan.earlier;
    const outputs: Output[] = files.map((f) => ({ target: checkOutputFile(plan.option, join(plan.dir, f.file)), data: f.text }));
    writeOutputs(outputs);
    const now = new Set(files.map((f) => f.file));
    const stale = (earlier?.files ?? []).filter((f) => !now.has(f) && existsSync(join(plan.dir, f)) && statSync(join(plan.dir, f)).isFile());
    for (const f of stale) rmSync(join(plan.dir, f), { force: true });
    return stale;
  } finally {
    unlock();
  }
}
