import { expect } from 'vitest';
import { UsageError } from '../../generator/errors.ts';

/** Runs fn, asserts it throws a one-line UsageError, and returns the message for further checks. */
export function usageMessage(fn: () => unknown): string {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(UsageError);
  const message = (err as Error).message;
  expect(message).not.toContain('\n');
  return message;
}
