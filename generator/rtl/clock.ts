/**
 * The target clock period: its default and its check. A leaf module (config.ts, the OpenLane
 * bundle and the command line all read it), so that config.ts imports nothing that leads back
 * to the generator.
 */
import { OptionError } from '../errors.ts';

/** 10 ns = 100 MHz, the paper's clock. */
export const DEFAULT_CLOCK_PERIOD_NS = 10;
export const CLOCK_PERIOD_LIMITS = { min: 0.1, max: 10000 } as const;

export function checkClockPeriod(ns: unknown): number {
  if (typeof ns !== 'number' || !Number.isFinite(ns) || ns < CLOCK_PERIOD_LIMITS.min || ns > CLOCK_PERIOD_LIMITS.max) {
    throw new OptionError({ option: 'clockPeriodNs', got: ns, allowed: `a number of ns from ${CLOCK_PERIOD_LIMITS.min} to ${CLOCK_PERIOD_LIMITS.max}` });
  }
  return ns;
}
