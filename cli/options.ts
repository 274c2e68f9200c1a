/**
 * Reading numeric command-line options. Options are declared as strings so that an error can
 * quote exactly what was typed; these helpers turn the text into a number and check it.
 *
 * One rule for every option (docs/contract.md "Numbers"):
 * - an integer option takes decimal digits with an optional sign (`16`, `+3`, `-4`); `1e3`,
 *   `4.0`, `0x4` and ` 4` are refused, quoting the text;
 * - a real option takes a decimal number with an optional fraction and exponent (`0.5`, `.5`,
 *   `1e-5`); `0x1`, `inf` and `nan` are refused, and so is a number too large for a double
 *   (`1e400`), quoting the text.
 */
import { UsageError } from '../generator/errors.ts';

/** The text of an integer: decimal digits, optional sign. */
const INTEGER_TEXT = /^[+-]?\d+$/;
/** The text of a real number: decimal, optional sign, fraction and exponent. */
const REAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** An integer when the text is one, else the text unchanged (for the checker's message to quote). */
export function integerOrText(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  return INTEGER_TEXT.test(text) ? Number(text) : text;
}

/**
 * A real number when the text is one, else the text unchanged (for the checker's message to
 * quote); a number out of a double's range is refused here, quoting the text.
 */
export function realOrText(name: string, text: unknown): unknown {
  if (typeof text !== 'string' || !REAL_TEXT.test(text)) return text;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new UsageError(`--${name} ${text} is out of range: give a decimal number of magnitude below 1.8e308 (got ${JSON.stringify(text)})`);
  return value;
}

/** An integer option in [min, max]; the error quotes the text as given. */
export function integerOption(name: string, text: unknown, min: number, max: number): number {
  const value = integerOrText(text);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(text)})`);
  }
  return value;
}

/** A real option in [min, max]; the error quotes the text as given. */
export function realOption(name: string, text: unknown, min: number, max: number): number {
  const value = realOrText(name, text);
  if (typeof value !== 'number' || value < min || value > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max} (got ${JSON.stringify(text)})`);
  }
  return value;
}

/**
 * The real-number rule for callers that name no option (the core's checker words the option):
 * a number when the text is a decimal number, else the text unchanged; out of a double's range
 * is refused, quoting the text.
 */
export function numberOrText(text: unknown): unknown {
  if (typeof text !== 'string' || !REAL_TEXT.test(text)) return text;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new UsageError(`${text} is out of range: give a decimal number of magnitude below 1.8e308 (got ${JSON.stringify(text)})`);
  return value;
}
