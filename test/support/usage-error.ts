import { expect } from 'vitest';
import { errorLine } from '../../cli/words.ts';
import { UsageError } from '../../generator/errors.ts';

/**
 * Runs fn, asserts it throws a one-line UsageError, and returns the message as the command line
 * prints it (an OptionError's option keys worded as flags, cli/words.ts).
 */
export function usageMessage(fn: () => unknown): string {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(UsageError);
  const message = errorLine(err as Error);
  expect((err as Error).message).not.toContain('\n');
  return message;
}
