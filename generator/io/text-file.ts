/**
 * Reading the text files users give (vector files, decimal number files): a missing file, a
 * binary file, old Mac (CR-only) line ends and characters that look like spaces but are not
 * (a no-break space copied from a web page or a word processor) are each named precisely, with
 * the line, instead of surfacing as a wrong word count further on.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { UsageError } from '../errors.ts';

/**
 * The largest text file read: 256 MiB. A vector file of the largest design (d = 65536 fp32
 * words, 9 characters each) holds about 450 vectors in it, more than any simulation or model run
 * is meant for; a larger file is refused before it is read (a JavaScript string cannot hold much
 * more than twice that anyway).
 */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;

/** How a path is named in messages: `-` is standard input. */
export const inputName = (path: string): string => (path === '-' ? 'standard input' : path);

/** Standard input, read once (a second reader of `-` gets the same bytes). */
let stdinBytes: Buffer | undefined;

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Reads descriptor `fd` to its end, refusing more than `limit` bytes as soon as they come. */
function readLimited(fd: number, name: string, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(1 << 20);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(PAUSE, 0, 0, 10); // a non-blocking pipe not ready yet: wait 10 ms, try again
        continue;
      }
      if ((e as NodeJS.ErrnoException).code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > limit) throw new UsageError(`${name}: more than ${sizeText(limit)}, the largest text file read; split it`);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks, total);
}

const sizeText = (bytes: number) => (bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`);

/** UsageError when the regular file `path` is larger than `limit` (checked before reading it). */
export function checkInputSize(path: string, what: string, limit = MAX_TEXT_BYTES): void {
  let st;
  try {
    st = statSync(path);
  } catch {
    return; // the reader reports a missing or unreadable file
  }
  if (st.isFile() && st.size > limit) throw new UsageError(`${path}: ${sizeText(st.size)}, larger than the ${sizeText(limit)} a ${what} may have; split it`);
}

/** The bytes of a file, or of standard input for `-`; UsageError for a missing, unreadable, folder or too large file. */
export function readInputBytes(path: string, what: string, limit = MAX_TEXT_BYTES): Buffer {
  if (path === '-') {
    stdinBytes ??= readLimited(0, 'standard input', limit);
    return stdinBytes;
  }
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UsageError(`${path}: is a directory; give a ${what}`);
    checkInputSize(path, what, limit);
    const fd = openSync(path, 'r');
    try {
      return readLimited(fd, path, limit);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${path}: no such file; give an existing ${what}`);
    if (code === 'EACCES') throw new UsageError(`${path}: permission denied; give a readable ${what}`);
    throw new UsageError(`${path}: cannot read (${code ?? (e as Error).message})`);
  }
}

/** The file's text (`-`: standard input); UsageError for a missing, unreadable, folder, too large or binary file. */
export function readTextFile(path: string, what: string): string {
  const bytes = readInputBytes(path, what);
  path = inputName(path);
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
