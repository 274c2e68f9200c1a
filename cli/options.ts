/**
 * Reading numeric command-line options. Options are declared as strings so that an error can
 * quote exactly what was typed; these helpers turn the text into a number and check it.
 */
import { UsageError } from '../generator/errors.ts';

/** The text of a number (decimal, optional sign, fraction and exponent). */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A number when the text reads as one, else the input unchanged (for the error message). */
export function numberOrText(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  return NUMBER_TEXT.test(text.trim()) ? Number(text) : text;
}

/** An integer option in [min, max]; the error quotes the text as given. */
export function integerOption(name: string, text: unknown, min: number, max: number): number {
  const value = numberOrText(text);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(text)})`);
  }
  return value;
}
