/**
 * Errors the command line turns into exit codes (see docs/contract.md):
 * - UsageError: bad option, out-of-range value, malformed input file -> exit 2.
 * - ToolError: an external tool (iverilog, vvp) is missing or failed -> exit 3.
 * Messages are one line that names the problem and what is allowed.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export class ToolError extends Error {
  override readonly name = 'ToolError';
}
