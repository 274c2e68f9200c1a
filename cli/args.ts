/**
 * Checks of the raw command line that yargs does not make: an unknown command is named as a
 * command, an option that takes a value must get one (`--lanes -d 8` would otherwise build the
 * default 16 lanes), and which options were typed (so that an option that has no effect in the
 * chosen configuration can be refused, not silently ignored).
 */
import { UsageError } from '../generator/errors.ts';

export const COMMANDS = ['generate', 'golden', 'cosim', 'synth', 'prove', 'vectors', 'decode', 'accuracy', 'slanc', 'explore'] as const;

/** A negative number is a value, not an option (`--input-shift -3`). */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/** The command word must be one of COMMANDS (options and `--help` are yargs' business). */
export function checkCommand(args: string[]): void {
  const first = args[0];
  if (first === undefined || first.startsWith('-')) return;
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(`unknown command ${JSON.stringify(first)}: use ${COMMANDS.slice(0, -1).join(', ')} or ${COMMANDS.at(-1)} (see iterl2norm --help)`);
  }
}

/** Name of an option token (`--lanes`, `--lanes=4`, `-d`), or undefined for a value. */
function optionName(token: string): { name: string; inline?: string } | undefined {
  const long = /^--([^=]+)(?:=(.*))?$/s.exec(token);
  if (long) return { name: long[1]!, inline: long[2] };
  if (/^-[A-Za-z]$/.test(token)) return { name: token.slice(1) };
  return undefined;
}

/**
 * The first problem with an option of `valueOptions`: typed without a value ("--name needs a
 * value"), or typed twice (yargs would make a list of the two).
 */
export function missingValue(args: string[], valueOptions: ReadonlySet<string>): string | undefined {
  const seen = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (token === '--') break;
    const opt = optionName(token);
    if (!opt || !valueOptions.has(opt.name)) continue;
    const dashes = opt.name.length === 1 && !token.startsWith('--') ? '-' : '--';
    let value = opt.inline;
    if (value === undefined) {
      const next = args[i + 1];
      if (next !== undefined && !(next.startsWith('-') && next !== '-' && !NEGATIVE_NUMBER.test(next))) value = next;
      i++;
    }
    if (value === undefined || value === '') return `${dashes}${opt.name} needs a value`;
    const earlier = seen.get(opt.name);
    if (earlier !== undefined) return `${dashes}${opt.name} is given twice (${JSON.stringify(earlier)} and ${JSON.stringify(value)}); give it once`;
    seen.set(opt.name, value);
  }
  return undefined;
}

/** The options typed on the command line (long names as typed, without dashes). */
export function typedOptions(args: string[]): Set<string> {
  const names = new Set<string>();
  for (const token of args) {
    if (token === '--') break;
    const opt = optionName(token);
    if (opt) names.add(opt.name);
  }
  return names;
}
