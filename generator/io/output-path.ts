/**
 * Output paths, checked before any work starts (docs/contract.md "Output paths").
 *
 * - `-` is standard output.
 * - A symbolic link is followed: its target is what gets written (the link stays a link).
 * - A FIFO, a character or block device is written through (opened and written, never
 *   replaced), so `--out /dev/stdout` or `--out /dev/null` behave as users expect.
 * - A regular file, or a new file in an existing writable folder, is replaced by rename of a
 *   temporary file staged beside it (generator/io/atomic-write.ts).
 * Anything else (a folder, a missing folder, a file used as a folder, no permission) is a
 * UsageError of one line naming the option, the path and what is allowed.
 */
import { accessSync, closeSync, constants, lstatSync, openSync, readlinkSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';

export type OutputKind = 'stdout' | 'file' | 'stream';

export interface OutputTarget {
  /** The option that named it, e.g. `--out`. */
  readonly option: string;
  /** The path as given. */
  readonly given: string;
  /** The file that is written: absolute, links followed ('' for stdout). */
  readonly path: string;
  /** stdout, a regular (or new) file replaced by rename, or a FIFO/device written through. */
  readonly kind: OutputKind;
  /** For /dev/stderr, /dev/fd/N and the like: the descriptor to write on. */
  readonly fd?: number;
}

/** errno code of a failed fs call. */
const codeOf = (e: unknown) => (e as NodeJS.ErrnoException).code ?? '';

/**
 * The file descriptor a path names (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N), or
 * undefined. Such a path is written on the descriptor itself: following its link would find
 * the file a shell redirected our output to, and replacing that would lose the shell's output.
 */
function descriptorOf(path: string): number | undefined {
  const named = { '/dev/stdout': 1, '/dev/stderr': 2 }[path];
  if (named !== undefined) return named;
  const m = /^\/(?:dev\/fd|proc\/(?:self|thread-self|(\d+))\/fd)\/(\d+)$/.exec(path);
  if (!m || (m[1] !== undefined && Number(m[1]) !== process.pid)) return undefined;
  return Number(m[2]);
}

/** Follows symbolic links, also to a target that does not exist yet (a dangling link). */
export function followLinks(path: string): string {
  for (let hops = 0; hops < 40; hops++) {
    if (descriptorOf(path) !== undefined) return path;
    let st;
    try {
      st = lstatSync(path);
    } catch {
      return path;
    }
    if (!st.isSymbolicLink()) return path;
    path = resolve(dirname(path), readlinkSync(path));
  }
  throw new UsageError(`${path}: too many levels of symbolic links`);
}

/** Why `dir` cannot hold a new file, or undefined when it can. */
function folderProblem(dir: string): string | undefined {
  let st;
  try {
    st = statSync(dir);
  } catch (e) {
    const code = codeOf(e);
    if (code === 'ENOENT') return `directory ${dir} does not exist; create it first`;
    if (code === 'ENOTDIR') return `${nearestFile(dir)} is a file, not a directory`;
    if (code === 'EACCES') return `permission denied on directory ${dir}`;
    return `cannot use directory ${dir} (${code})`;
  }
  if (!st.isDirectory()) return `${dir} is a file, not a directory`;
  // access() cannot tell (root, ACLs, read-only or special file systems): create and remove a
  // hidden probe file, which is what the staged write will need
  const probe = join(dir, `.iterl2norm-probe-${process.pid}-${probes++}`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (e) {
    const code = codeOf(e);
    if (code === 'EROFS') return `directory ${dir} is on a read-only file system`;
    return `directory ${dir} is not writable${code === 'EACCES' || code === 'EPERM' ? '' : ` (${code})`}`;
  }
  return undefined;
}

let probes = 0;

/** The first component of `path` that exists and is not a folder (for "x is a file" messages). */
function nearestFile(path: string): string {
  let p = path;
  while (dirname(p) !== p) {
    try {
      if (!statSync(p).isDirectory()) return p;
    } catch {
      // does not exist or is inside a file: look further up
    }
    p = dirname(p);
  }
  return path;
}

/** The text of an option that must name a file or folder; undefined when not given. */
export function pathOption(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`${option} needs a value`);
  return value;
}

/**
 * Checks an output file option (`--out`, `--json`, ...). Throws a one-line UsageError when it
 * cannot be written; returns what and how to write.
 */
export function checkOutputFile(option: string, given: string): OutputTarget {
  const through = throughTarget(option, given);
  if (through?.kind === 'stdout' || through?.fd !== undefined) return through;
  const path = followLinks(resolve(given));
  const where = `${option} ${given}`;
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = codeOf(e);
    if (code === 'ENOTDIR') throw new UsageError(`${where}: ${nearestFile(dirname(path))} is a file, not a directory`);
    if (code === 'EACCES') throw new UsageError(`${where}: permission denied`);
    if (code !== 'ENOENT') throw new UsageError(`${where}: cannot write (${code})`);
    const problem = folderProblem(dirname(path));
    if (problem) throw new UsageError(`${where}: ${problem}`);
    return { option, given, path, kind: 'file' };
  }
  if (st.isDirectory()) throw new UsageError(`${where}: is a directory; give a file name`);
  if (st.isFIFO() || st.isCharacterDevice() || st.isBlockDevice()) {
    try {
      accessSync(path, constants.W_OK);
    } catch {
      throw new UsageError(`${where}: permission denied`);
    }
    return { option, given, path, kind: 'stream' };
  }
  if (!st.isFile()) throw new UsageError(`${where}: not a regular file, FIFO or device`);
  try {
    closeSync(openSync(path, 'r+')); // opened for writing, not changed
  } catch {
    throw new UsageError(`${where}: the file is not writable`);
  }
  const problem = folderProblem(dirname(path));
  if (problem) throw new UsageError(`${where}: cannot replace the file: ${problem}`);
  return { option, given, path, kind: 'file' };
}

/**
 * The target when `given` is written through (standard output, a descriptor, a FIFO or a
 * device, links followed); undefined for a regular or new file.
 */
export function throughTarget(option: string, given: string): OutputTarget | undefined {
  if (given === '-') return { option, given, path: '', kind: 'stdout' };
  const path = followLinks(resolve(given));
  const fd = descriptorOf(path);
  if (fd === 1) return { option, given, path: '', kind: 'stdout' };
  if (fd !== undefined) return { option, given, path, kind: 'stream', fd };
  try {
    const st = statSync(path);
    if (st.isFIFO() || st.isCharacterDevice() || st.isBlockDevice()) return { option, given, path, kind: 'stream' };
  } catch {
    // a new file
  }
  return undefined;
}

/** Checks an optional output file option; undefined when not given. */
export function outputFileOption(option: string, value: unknown): OutputTarget | undefined {
  const given = pathOption(option, value);
  return given === undefined ? undefined : checkOutputFile(option, given);
}

/**
 * Checks an output folder option (`generate --out`, `accuracy --out`, `cosim --keep`): it may
 * exist (a folder) or be created, below an existing writable folder. Returns the absolute path.
 */
export function checkOutputFolder(option: string, given: string): string {
  if (given === '-') throw new UsageError(`${option} -: this option names a folder of files, and standard output is not one; give a folder`);
  const dir = realpathOrSelf(resolve(given));
  const where = `${option} ${given}`;
  let p = dir;
  for (;;) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      const code = codeOf(e);
      if (code === 'ENOENT' && dirname(p) !== p) {
        p = dirname(p);
        continue;
      }
      if (code === 'ENOTDIR') throw new UsageError(`${where}: ${nearestFile(p)} is a file, not a directory`);
      throw new UsageError(`${where}: cannot use this directory (${code})`);
    }
    if (!st.isDirectory()) throw new UsageError(`${where}: ${p} is a file, not a directory`);
    const problem = folderProblem(p);
    if (problem) throw new UsageError(`${where}: ${problem}`);
    return dir;
  }
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Two output options naming the same file would overwrite each other: refuse. */
export function checkDistinct(targets: Array<OutputTarget | undefined>): void {
  const seen = new Map<string, OutputTarget>();
  for (const t of targets) {
    if (!t || t.kind === 'stdout' || t.kind === 'stream') continue;
    const other = seen.get(t.path);
    if (other) throw new UsageError(`${other.option} and ${t.option} name the same file ${t.given}; give different files`);
    seen.set(t.path, t);
  }
  const stdouts = targets.filter((t) => t?.kind === 'stdout');
  if (stdouts.length > 1) throw new UsageError(`${stdouts[0]!.option} and ${stdouts[1]!.option} both write to standard output (-); give at most one`);
}

/** An input file option as given (`--in`, `--params`, `--from`, `--liberty`, ...). */
export interface InputPath {
  readonly option: string;
  readonly given: string;
}

/** Device and inode of an existing file (links followed), or undefined. */
function identity(path: string): { dev: number; ino: number } | undefined {
  try {
    const st = statSync(path);
    return { dev: st.dev, ino: st.ino };
  } catch {
    return undefined;
  }
}

/** The absolute path of `path`, links followed as far as they exist (the folder of a new file resolved). */
function resolvedPath(path: string): string {
  const abs = followLinks(resolve(path));
  try {
    return realpathSync(abs);
  } catch {
    return join(realpathOrSelf(dirname(abs)), abs.slice(dirname(abs).length + 1));
  }
}

/**
 * An output that is the same file as an input would destroy the input: refuse, before any
 * work. Same file by any path: the same path spelt differently, a symbolic link to it or a
 * hard link (device and inode compared); an output that does not exist yet is compared by its
 * resolved path. Standard input and output, FIFOs and devices are streams, not files, and are
 * not compared. `inside` inputs name folders whose contents a command replaces (cosim --keep):
 * an input in such a folder is refused the same way.
 */
export function checkInputsNotOutputs(inputs: Array<InputPath | undefined>, outputs: Array<OutputTarget | undefined>, folders: Array<{ option: string; given: string } | undefined> = []): void {
  for (const input of inputs) {
    if (!input || input.given === '-') continue;
    const inPath = followLinks(resolve(input.given));
    const inId = identity(inPath);
    if (inId && !statSync(inPath).isFile()) continue; // a folder (slanc --model), FIFO or device
    const inResolved = resolvedPath(input.given);
    for (const out of outputs) {
      if (!out || out.kind !== 'file') continue;
      const outId = identity(out.path);
      const same = inId && outId ? inId.dev === outId.dev && inId.ino === outId.ino : resolvedPath(out.path) === inResolved;
      if (same) {
        throw new UsageError(`${input.option} ${input.given} and ${out.option} ${out.given} are the same file: the output would replace the input; give a different ${out.option} file`);
      }
    }
    for (const folder of folders) {
      if (!folder) continue;
      const dir = resolvedPath(folder.given);
      if (inResolved.startsWith(`${dir}/`)) {
        throw new UsageError(`${input.option} ${input.given} is inside ${folder.option} ${folder.given}, whose contents the run replaces; move the file or give another ${folder.option} folder`);
      }
    }
  }
}
