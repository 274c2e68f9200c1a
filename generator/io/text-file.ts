/**
 * Reading the text files users give (vector files, decimal number files): a missing file, a
 * binary file, old Mac (CR-only) line ends and characters that look like spaces but are not
 * (a no-break space copied from a web page or a word processor) are each named precisely, with
 * the line, instead of surfacing as a wrong word count further on.
 */
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../errors.ts';

/** The file's text; UsageError for a missing, unreadable, folder or binary file. */
export function readTextFile(path: string, what: string): string {
  let bytes: Buffer;
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`${path}: is a directory; give a ${what}`);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${path}: no such file; give an existing ${what}`);
    if (code === 'EACCES') throw new UsageError(`${path}: permission denied; give a readable ${what}`);
    throw new UsageError(`${path}: cannot read (${code ?? (e as Error).message})`);
  }
  if (bytes.includes(0)) throw new UsageError(`${path}: a binary file (it holds NUL bytes); give a ${what} (plain text)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${path}: not UTF-8 text (a binary file?); give a ${what} (plain text)`);
  }
  const cr = /\r(?!\n)/.exec(text);
  if (cr) {
    const line = text.slice(0, cr.index).split('\n').length;
    throw new UsageError(`${path}:${line}: a carriage return without a line feed (old Mac line ends); end lines with LF or CRLF`);
  }
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Names of characters users meet by accident. */
const NAMES: Record<string, string> = {
  '\u00A0': 'a no-break space', '\u2007': 'a figure space', '\u202F': 'a narrow no-break space', '\u2009': 'a thin space',
  '\u200B': 'a zero-width space', '\u3000': 'an ideographic space', '\u2212': 'a Unicode minus sign', '\uFEFF': 'a byte order mark',
  '\f': 'a form feed', '\v': 'a vertical tab',
};

/** UsageError for the first character outside printable ASCII (and tab, when `tabs`); `allowed` ends the message. */
export function checkCharacters(where: string, line: string, allowed: string, tabs = false): void {
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    const code = c.codePointAt(0)!;
    if ((code >= 0x20 && code < 0x7f) || (c === '\t' && tabs)) continue;
    const name = NAMES[c] ?? (code < 0x20 || code === 0x7f ? 'a control character' : 'a non-ASCII character');
    const hex = code.toString(16).toUpperCase().padStart(4, '0');
    throw new UsageError(`${where}: column ${i + 1} holds ${name} (U+${hex}); ${allowed}`);
  }
}
