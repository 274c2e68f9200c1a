/**
 * Vector files (a public contract, see docs/contract.md "Vector files").
 *
 * Plain text, one vector per line, D words separated by single spaces (for a `--d-max D` macro,
 * 1 to D words: each line's length is that vector's d). Each word is the bit
 * pattern of the configured format in lower- or upper-case hex, zero-padded to the format's
 * width: exactly ceil(width/4) digits (fp32: 8, bf16/fp16: 4), no `0x` prefix. Blank lines and
 * lines starting with `#` are ignored; trailing whitespace and `\r\n` line endings are
 * tolerated. Result files have the same shape.
 *
 * Malformed input is a UsageError with one line naming the file, the line and what is allowed.
 */
import { renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.ts';
import type { FloatFormat } from '../format/float-format.ts';
import { checkCharacters, inputName, readTextFile } from '../io/text-file.ts';
import { writeOutputs } from '../io/atomic-write.ts';
import { followLinks, throughTarget } from '../io/output-path.ts';

/** Number of hex digits of one word: ceil(width / 4). */
export function hexDigits(fmt: FloatFormat): number {
  return Math.ceil(fmt.width / 4);
}

const HEX_WORD = /^[0-9a-fA-F]+$/;

/** Quotes a word for an error message: JSON-escaped (stays one line), long words shortened. */
function quote(word: string): string {
  const shown = word.length > 24 ? `${word.slice(0, 20)}...` : word;
  return JSON.stringify(shown);
}

/**
 * Parses vector text. `fileName` is used only in error messages (`<fileName>:<line>: ...`).
 * Returns one array of D bit patterns per data line, in file order.
 */
export function parseVectorText(text: string, fmt: FloatFormat, d: number, fileName: string, upToD = false): number[][] {
  if (!Number.isInteger(d) || d < 1) throw new UsageError(`${fileName}: vector length D must be an integer >= 1, got ${d}`);
  const digits = hexDigits(fmt);
  const limit = 2 ** fmt.width;
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = src.split('\n');
  const vectors: number[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const where = `${fileName}:${i + 1}`;
    const line = lines[i]!.replace(/[ \t\r]+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    checkCharacters(where, line, `words are ${digits} hex digits separated by single spaces`, true);
    if (/^[ \t]/.test(line)) {
      throw new UsageError(`${where}: line starts with whitespace; words must be separated by single spaces with none before the first`);
    }
    if (line.includes('\t')) {
      throw new UsageError(`${where}: found a tab; words must be separated by single spaces`);
    }
    if (line.includes('  ')) {
      throw new UsageError(`${where}: found two spaces in a row; words must be separated by single spaces`);
    }
    const words = line.split(' ');
    if (upToD ? words.length > d : words.length !== d) {
      throw new UsageError(`${where}: expected ${upToD ? `1 to ${d} words (a --d-max ${d} design)` : `${d} word${d === 1 ? '' : 's'}`}, got ${words.length}`);
    }
    const vec = new Array<number>(words.length);
    for (let j = 0; j < words.length; j++) {
      const w = words[j]!;
      const wn = `word ${j + 1} ${quote(w)}`;
      if (/^0[xX]/.test(w)) {
        throw new UsageError(`${where}: ${wn} has a 0x prefix; write exactly ${digits} bare hex digits for ${fmt.name}`);
      }
      if (!HEX_WORD.test(w)) {
        throw new UsageError(`${where}: ${wn} is not hexadecimal; write exactly ${digits} hex digits (0-9, a-f) for ${fmt.name}`);
      }
      if (w.length !== digits) {
        throw new UsageError(`${where}: ${wn} must be ${digits} hex digits for ${fmt.name}`);
      }
      const v = parseInt(w, 16);
      if (v >= limit) {
        throw new UsageError(`${where}: ${wn} does not fit the ${fmt.width}-bit width of ${fmt.name} (max ${(limit - 1).toString(16)})`);
      }
      vec[j] = v;
    }
    vectors.push(vec);
  }
  if (vectors.length === 0) throw new UsageError(`${fileName}: no vectors (the file is empty or only comments)`);
  return vectors;
}

/**
 * Reads and parses a vector file (`-`: standard input); UsageError (one line) if it is missing, unreadable, binary,
 * has CR-only line ends, or is malformed.
 */
export function readVectorFile(path: string, fmt: FloatFormat, d: number, upToD = false): number[][] {
  return parseVectorText(readTextFile(path, 'vector file'), fmt, d, inputName(path), upToD);
}

/**
 * Formats vectors as vector-file text (lower-case hex, zero-padded, '\n' line endings, final
 * newline). Each header line is emitted as `# <line>` before the vectors. Throws RangeError for
 * words that are not bit patterns of the format or, unless `sameLength` is false (a --d-max
 * design's vectors), vectors of unequal length (programming errors).
 */
export function formatVectorText(vectors: number[][], fmt: FloatFormat, header?: string[], sameLength = true): string {
  const digits = hexDigits(fmt);
  const limit = 2 ** fmt.width;
  const out: string[] = [];
  for (const h of header ?? []) {
    for (const part of h.split(/\r?\n/)) out.push(part === '' ? '#' : `# ${part}`);
  }
  const d = vectors[0]?.length;
  vectors.forEach((vec, i) => {
    if ((sameLength && vec.length !== d) || vec.length === 0) {
      throw new RangeError(`formatVectorText: vector ${i} has ${vec.length} words, expected ${d} (>= 1)`);
    }
    out.push(
      vec
        .map((w, j) => {
          if (!Number.isInteger(w) || w < 0 || w >= limit) {
            throw new RangeError(`formatVectorText: vector ${i} word ${j} (${w}) is not a ${fmt.width}-bit pattern of ${fmt.name}`);
          }
          return w.toString(16).padStart(digits, '0');
        })
        .join(' '),
    );
  });
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

let tempCounter = 0;

/**
 * Writes a vector file atomically: the text goes to a temporary file in the same directory,
 * which is then renamed over `path`; on failure the temporary file is removed, so nothing
 * half-written is left. A symbolic link is followed (its target is replaced, the link stays);
 * a FIFO or a device is written through. UsageError (one line) if the file cannot be written.
 * (The command line checks its outputs first and writes them with generator/io/atomic-write.ts.)
 */
export function writeVectorFile(given: string, vectors: number[][], fmt: FloatFormat, header?: string[]): void {
  const text = formatVectorText(vectors, fmt, header);
  const through = throughTarget('vector file', given);
  if (through) {
    writeOutputs([{ target: through, data: text }]);
    return;
  }
  const path = followLinks(given);
  const dir = dirname(path);
  let dirOk = false;
  try {
    dirOk = statSync(dir).isDirectory();
  } catch {
    dirOk = false;
  }
  if (!dirOk) throw new UsageError(`${path}: cannot write, directory ${dir} does not exist; create it first`);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.${tempCounter++}.tmp`);
  try {
    writeFileSync(tmp, text, { encoding: 'utf8', flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file was never created or is already gone
    }
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.code === 'EISDIR' ? 'it is a directory' : (err.code ?? err.message);
    throw new UsageError(`${path}: cannot write (${why}); give a writable file path`);
  }
}
