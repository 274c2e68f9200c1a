/**
 * Writing a command's outputs: all of them or none. Every output is checked before the work
 * (output-path.ts); at the end, regular files are first staged to temporary files beside their
 * targets (a full disk or a lost permission fails here, before anything is replaced), then
 * FIFOs, devices and standard output are written, then every staged file is renamed over its
 * target. A failure before the renames removes the staged files and leaves the targets as
 * they were.
 */
import { closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { track, untrack } from '../cleanup.ts';
import { UsageError } from '../errors.ts';
import type { OutputTarget } from './output-path.ts';

let counter = 0;

/** A temporary name beside `path`, hidden, unique for this process. */
export function stagingName(path: string): string {
  return join(dirname(path), `.${basename(path)}.iterl2norm-${process.pid}-${counter++}.tmp`);
}

/** Writes standard output (replaceable in tests). */
export let writeStdout = (data: string | Uint8Array): void => {
  process.stdout.write(data);
};

export function setStdoutWriter(fn: (data: string | Uint8Array) => void): () => void {
  const old = writeStdout;
  writeStdout = fn;
  return () => {
    writeStdout = old;
  };
}

function why(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOSPC') return 'no space left on the device';
  if (err.code === 'EACCES' || err.code === 'EPERM') return 'permission denied';
  if (err.code === 'EISDIR') return 'it is a folder';
  return err.code ?? err.message;
}

function writeAll(fd: number, data: string | Uint8Array): void {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off);
}

/** Writes data straight into a FIFO, a device or a descriptor (opened for writing, never replaced). */
function writeThrough(target: OutputTarget, data: string | Uint8Array): void {
  if (target.fd !== undefined) return writeAll(target.fd, data);
  const fd = openSync(target.path, 'w');
  try {
    writeAll(fd, data);
  } finally {
    closeSync(fd);
  }
}

/**
 * A target written piece by piece as the text comes (a log): standard output, or a FIFO, device
 * or descriptor written through (a path opened on the first piece, closed by `close`). Regular
 * files are not streamed: they are written with the other outputs, all or none.
 */
export function streamTo(target: OutputTarget): { write: (text: string) => void; close: () => void } {
  if (target.kind === 'file') throw new Error(`streamTo: ${target.given} is a regular file (write it with writeOutputs)`);
  if (target.kind === 'stdout') return { write: (text) => writeStdout(text), close: () => {} };
  let fd = target.fd;
  return {
    write: (text) => {
      fd ??= openSync(target.path, 'w');
      writeAll(fd, text);
    },
    close: () => {
      if (fd !== undefined && fd !== target.fd) closeSync(fd);
    },
  };
}

export interface Output { target: OutputTarget; data: string | Uint8Array }

/** Writes every output or none (see the file comment). */
export function writeOutputs(outputs: Array<Output | undefined>): void {
  const list = outputs.filter((o): o is Output => o !== undefined);
  const staged: Array<{ tmp: string; out: Output }> = [];
  const unstage = () => {
    for (const s of staged) {
      rmSync(s.tmp, { force: true });
      untrack(s.tmp);
    }
  };
  let current: Output | undefined;
  try {
    for (const o of list.filter((x) => x.target.kind === 'file')) {
      current = o;
      const tmp = stagingName(o.target.path);
      track(tmp);
      staged.push({ tmp, out: o });
      writeFileSync(tmp, o.data, { flag: 'wx' });
    }
    for (const o of list.filter((x) => x.target.kind !== 'file')) {
      current = o;
      if (o.target.kind === 'stdout') writeStdout(o.data);
      else writeThrough(o.target, o.data);
    }
    for (const s of staged) {
      current = s.out;
      renameSync(s.tmp, s.out.target.path);
      untrack(s.tmp);
    }
  } catch (e) {
    unstage();
    const t = current!.target;
    throw new UsageError(`${t.option} ${t.given}: cannot write (${why(e)}); nothing was written`);
  }
}

/** Renders a JSON report as the files hold it. */
export const jsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
