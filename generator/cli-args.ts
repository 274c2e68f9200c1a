/**
 * Checks of the raw command line that yargs does not make: an unknown command is named as a
 * command, an option that takes a value must get one (`--lanes -d 8` would otherwise build the
 * default 16 lanes), and which options were typed (so that an option that has no effect in the
 * chosen configuration can be refused, not silently ignored).
 */
import { UsageError } from './errors.ts';

export const COMMANDS = ['generate', 'golden', 'cosim', 'synth', 'vectors', 'decode', 'accuracy', 'slanc'] as const;

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

/** The first option of `valueOptions` typed without a value, as "--name needs a value". */
export function missingValue(args: string[], valueOptions: ReadonlySet<string>): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (token === '--') break;
    const opt = optionName(token);
    if (!opt || !valueOptions.has(opt.name)) continue;
    const dashes = opt.name.length === 1 && !token.startsWith('--') ? '-' : '--';
    if (opt.inline !== undefined) {
      if (opt.inline === '') return `${dashes}${opt.name} needs a value`;
      continue;
    }
    const next = args[i + 1];
    if (next === undefined || next === '' || (next.startsWith('-') && next !== '-' && !NEGATIVE_NUMBER.test(next))) {
      return `${dashes}${opt.name} needs a value`;
    }
    i++;
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
