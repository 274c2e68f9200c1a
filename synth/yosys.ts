/**
 * Yosys from npm (@yowasp/yosys, WebAssembly, no system install), run in-process on a virtual
 * file system. Used to prove that every generated file is accepted by an open-source
 * synthesis front end.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ToolError } from '../generator/errors.ts';
import { yosysModule } from './yosys-module.ts';

export interface YosysResult { log: string; code: number }

/** Runs a Yosys script over the given Verilog files; returns the log (stdout + stderr). */
export async function runYosysScript(files: string[], script: string): Promise<YosysResult> {
  let runYosys: typeof import('@yowasp/yosys').runYosys;
  try {
    ({ runYosys } = await yosysModule());
  } catch {
    throw new ToolError('@yowasp/yosys is not installed: run `npm ci` (or `make setup`)');
  }
  const tree: Record<string, string> = {};
  for (const f of files) tree[basename(f)] = readFileSync(f, 'utf8');
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  const sink = (bytes: Uint8Array | null) => { if (bytes) chunks.push(decoder.decode(bytes)); };
  try {
    await runYosys(['-q', '-p', script], tree, { stdout: sink, stderr: sink });
    return { log: chunks.join(''), code: 0 };
  } catch (e) {
    const code = (e as { code?: number }).code;
    if (typeof code === 'number') return { log: chunks.join(''), code };
    throw e;
  }
}

/** `read_verilog` of every file, elaborate `top`, `proc`, `check -assert`. */
export async function yosysCheck(files: string[], top: string): Promise<YosysResult> {
  const reads = files.map((f) => `read_verilog -defer ${basename(f)}`).join('; ');
  return runYosysScript(files, `${reads}; hierarchy -check -top ${top}; proc; check -assert`);
}
