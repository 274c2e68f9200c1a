/**
 * Verilator lint (`verilator --lint-only -Wall`) of a generated design: Verilog-2005 that a
 * second, stricter tool accepts with no warning.
 */
import { spawnSync } from 'node:child_process';
import { ToolError } from '../generator/errors.ts';

export interface LintResult { clean: boolean; log: string }

export function verilatorLint(files: string[], top: string): LintResult {
  const r = spawnSync('verilator', ['--lint-only', '-Wall', '--language', '1364-2005', '--top-module', top, ...files], { encoding: 'utf8' });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ToolError('verilator not found: install it with sudo apt-get install -y verilator (or run `make setup`)');
    }
    throw new ToolError(`verilator failed: ${r.error.message}`);
  }
  const log = `${r.stdout}${r.stderr}`.trim();
  return { clean: r.status === 0 && !/%(Warning|Error)/.test(log), log };
}
