/**
 * The library's options: the command line's, with camelCase keys and numbers as numbers, the
 * same defaults and the same checks (generator/config.ts). A key the call does not know is refused
 * as the command line refuses an unknown flag, so that a misspelt option is never silently
 * dropped.
 */
import { type ConfigOptions, type MacroConfig, refuseUnusedOptions, resolveConfig } from '../generator/config.ts';
import { OptionError, UsageError } from '../generator/errors.ts';
import { internalRangeWarning } from '../generator/format/range.ts';
import { checkClockPeriod } from '../generator/rtl/clock.ts';

/** Every key of ConfigOptions: a key added there and not here is a type error. */
const IS_CONFIG_KEY: Record<keyof ConfigOptions, true> = {
  d: true, dMax: true, format: true, internal: true, lanes: true, steps: true, rule: true, lambda: true, init: true, initBits: true,
  mode: true, affine: true, eps: true, inputShift: true, pipeline: true, targetDepth: true, clockPeriodNs: true, gateDelayPs: true, engine: true, interface: true, bufferBeats: true,
  residual: true, residualSum: true,
  outFormat: true, outScale: true,
};
export const CONFIG_KEYS = Object.keys(IS_CONFIG_KEY) as readonly (keyof ConfigOptions)[];

/** Keys set to a value (an `undefined` value counts as not given, as an omitted flag). */
export function givenKeys(options: object): Set<string> {
  return new Set(Object.entries(options).filter(([, v]) => v !== undefined).map(([k]) => k));
}

/** Refuses keys outside `known`, naming what is allowed. */
export function refuseUnknownKeys(options: object, known: readonly string[], what: string): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new OptionError({ option: what, got: options, allowed: 'an object of options', text: `{${what}} must be an object of options (got ${JSON.stringify(options)})` });
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new OptionError({ option: key, got: (options as Record<string, unknown>)[key], allowed: `one of ${known.join(', ')}`, text: `unknown option {${key}} in ${what}: allowed are ${known.join(', ')}` });
  }
}

/**
 * The configuration of a call, checked as the command line checks it: every value
 * (resolveConfig), then options that this configuration would ignore (refuseUnusedOptions).
 * The internal-format range warning of the command line becomes a process warning
 * (`process.emitWarning`, type IterL2NormWarning).
 */
export function configOf(options: ConfigOptions, clockPeriodUsed = false): MacroConfig {
  const given = givenKeys(options);
  if (given.has('clockPeriodNs')) checkClockPeriod(options.clockPeriodNs);
  const cfg = resolveConfig(configOptionsOf(options));
  refuseUnusedOptions(cfg, given, clockPeriodUsed);
  const warning = internalRangeWarning(cfg.format, cfg.internal, cfg.d);
  if (warning) process.emitWarning(warning, 'IterL2NormWarning');
  return cfg;
}

/** The configuration keys of a call's options that are given (a call's own keys left out). */
export function configOptionsOf(options: ConfigOptions): ConfigOptions {
  const given = givenKeys(options);
  const config: ConfigOptions = {};
  for (const key of CONFIG_KEYS) if (given.has(key)) (config as Record<string, unknown>)[key] = options[key];
  return config;
}

/** An integer run option in [min, max], or its default when not given. */
export function integerOf(option: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new OptionError({ option, got: value, allowed: `an integer from ${min} to ${max}`, bound: typeof value === 'number' && value < min ? min : max });
  }
  return value;
}

/** One of the allowed strings, or the default when not given. */
export function choiceOf<T extends string>(option: string, value: unknown, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) throw new OptionError({ option, got: value, allowed: `one of ${choices.join(', ')}` });
  return value as T;
}

/** A number in [min, max], or the default when not given. */
export function numberOf<T extends number | undefined>(option: string, value: unknown, min: number, max: number, fallback: T): number | T {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new OptionError({ option, got: value, allowed: `a number from ${min} to ${max}`, bound: typeof value === 'number' && value < min ? min : max });
  }
  return value;
}

/** A boolean option, false when not given. */
export function booleanOf(option: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new OptionError({ option, got: value, allowed: 'true or false' });
  return value;
}

/** A path option: a non-empty string, or undefined when not given. */
export function pathOf(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) throw new OptionError({ option, got: value, allowed: 'a path' });
  return value;
}

/**
 * `check`'s result; a UsageError it throws about the value of `option` (an unusable path, a
 * library without a built-in figure) becomes an OptionError naming that key. Flags in its text
 * (`--out`) become placeholders of the keys they belong to, so that the message names keys.
 */
export function checkedAs<T>(option: string, got: unknown, allowed: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (!(e instanceof UsageError) || e instanceof OptionError) throw e;
    const text = e.message.replace(/[{}]/g, '').replace(/--([a-z][a-z0-9-]*)/g, (_m, flag: string) => `{${flag.replace(/-([a-z0-9])/g, (_n, c: string) => c.toUpperCase())}}`);
    throw new OptionError({ option, got, allowed, text });
  }
}
