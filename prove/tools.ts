/**
 * The tools of a proof: Yosys with yosys-smtbmc (Debian's yosys package; the npm Yosys of the
 * project has no yosys-smtbmc) and the SMT solver z3. yosys-smtbmc reads the SMT-LIB file of the
 * Yosys beside it, so both are taken from the same folder.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { ToolError } from '../generator/errors.ts';

export const INSTALL_COMMAND = 'apt-get install -y yosys z3';

export interface ProofTools { yosys: string; smtbmc: string; solver: 'z3'; z3: string }

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The tools, or a ToolError naming what is missing and the command that installs it. */
export function findProofTools(env: NodeJS.ProcessEnv = process.env): ProofTools {
  const smtbmc = onPath('yosys-smtbmc', env);
  const z3 = onPath('z3', env);
  const yosys = smtbmc && onPath('yosys', { PATH: dirname(smtbmc) });
  const missing = [
    ...(smtbmc ? [] : ['yosys-smtbmc']),
    ...(smtbmc && !yosys ? [`yosys beside ${smtbmc}`] : []),
    ...(z3 ? [] : ['z3']),
  ];
  if (missing.length || !smtbmc || !yosys || !z3) {
    throw new ToolError(`prove needs ${missing.join(' and ')} (not found on PATH): install them with \`${INSTALL_COMMAND}\` (Debian; yosys-smtbmc is part of the yosys package), or run make setup`);
  }
  return { yosys, smtbmc, solver: 'z3', z3 };
}
