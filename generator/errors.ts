/**
 * Errors the core reports; the command layer (cli/) turns them into exit codes and words them
 * (see docs/contract.md):
 * - UsageError: bad option, out-of-range value, malformed input file -> exit 2.
 * - OptionError: a UsageError about configuration options, as typed values: the option's key
 *   (as in ConfigOptions), the value given and what is allowed. Its text names options by
 *   placeholder (`{lanes}`), so that each caller words them its own way: the command line as
 *   `--lanes`, a library caller as `lanes`.
 * - ToolError: an external tool (iverilog, vvp) is missing or failed -> exit 3.
 * Messages are one line that names the problem and what is allowed.
 */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}

export class ToolError extends Error {
  override readonly name = 'ToolError';
}

export interface OptionProblem {
  /** The option's key, as in ConfigOptions (`lanes`, `dMax`, `clockPeriodNs`), or a key of a library call's own (`params`, `vectors`). */
  readonly option: string;
  /** The value given (undefined for a conflict between options). */
  readonly got?: unknown;
  /** What is allowed, in words ("an integer from 1 to 64"). */
  readonly allowed: string;
  /**
   * The whole sentence with options as placeholders `{key}`; default: "{option} must be
   * <allowed> (got <got>)".
   */
  readonly text?: string;
  /** Other options the problem involves (a conflict), as keys. */
  readonly others?: readonly string[];
  /** A numeric bound of the allowed range, for callers that reword it (a least or largest value). */
  readonly bound?: number;
  /** What sets the bound, in words, for callers that reword it. */
  readonly reason?: string;
}

/** `{key}` placeholders of an option message. */
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

export class OptionError extends UsageError {
  override readonly name = 'OptionError';
  readonly option: string;
  readonly got: unknown;
  readonly allowed: string;
  readonly others: readonly string[];
  readonly bound: number | undefined;
  readonly reason: string | undefined;
  /** The sentence with `{key}` placeholders for option names. */
  readonly template: string;

  constructor(p: OptionProblem) {
    const template = p.text ?? `{${p.option}} must be ${p.allowed} (got ${JSON.stringify(p.got)})`;
    super(template.replace(PLACEHOLDER, (_m, key: string) => key));
    this.option = p.option;
    this.got = p.got;
    this.allowed = p.allowed;
    this.others = p.others ?? [];
    this.bound = p.bound;
    this.reason = p.reason;
    this.template = template;
  }

  /** The message with each option named by `name(key)` (the command line passes its flag spelling). */
  worded(name: (key: string) => string): string {
    return this.template.replace(PLACEHOLDER, (_m, key: string) => name(key));
  }
}
