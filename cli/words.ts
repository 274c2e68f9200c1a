/**
 * How the command line words the core's errors: an OptionError names options by their keys
 * (ConfigOptions), and here each key becomes the flag a user types.
 */
import { OptionError } from '../generator/errors.ts';

/** Keys whose flag is not simply the key in kebab case. */
const FLAGS: Record<string, string> = {
  clockPeriodNs: 'clock-period',
  gateDelayPs: 'gate-delay',
};

/** The flag of an option key: `dMax` -> `--d-max`, `clockPeriodNs` -> `--clock-period`. */
export function flagOf(key: string): string {
  return `--${FLAGS[key] ?? key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The option key of a flag as typed (without dashes): `d-max` -> `dMax`, `clock-period` -> `clockPeriodNs`. */
export function keyOf(flag: string): string {
  const special = Object.entries(FLAGS).find(([, f]) => f === flag);
  return special ? special[0] : flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** The one line a user sees for an error of the core. */
export function errorLine(e: Error): string {
  const text = e instanceof OptionError ? e.worded(flagOf) : e.message;
  return text.split('\n')[0]!;
}

/** A count with its noun, singular for one: `1 vector`, `3 vectors`, `2 Verilog files`. */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
