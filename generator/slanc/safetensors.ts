/**
 * safetensors files (https://github.com/huggingface/safetensors), the format Hugging Face
 * checkpoints ship in:
 *
 *   u64 LE  N                       length of the JSON header
 *   N bytes JSON                    {"name": {"dtype": "F32", "shape": [d, d], "data_offsets": [begin, end]},
 *                                    ..., "__metadata__": {string: string}}   (may end in spaces)
 *   bytes   the tensors, row-major little-endian; offsets are relative to the end of the header
 *
 * The reader is lazy: `open` reads and checks the header only, `read(name)` reads one tensor
 * with a positioned read, so multi-gigabyte shards cost only the tensors asked for.
 * Readable dtypes: F32, F16, BF16, F64 (widened to float64). Other dtypes (I64, U8, F8_*...)
 * may sit in the file and are only rejected if a tensor of that dtype is asked for.
 * Every problem is one line naming the file (UsageError -> exit 2).
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { UsageError } from '../errors.ts';
import { type DType, DTYPE_BYTES, type Tensor, decodeElements, elementCount, encodeElements } from './tensor.ts';

/** Element sizes of every dtype the format defines (used to check offsets). */
const KNOWN_BYTES: Record<string, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4, I64: 8, U64: 8, F64: 8,
};
const READABLE = new Set<string>(['F16', 'BF16', 'F32', 'F64']);
/** The format's own limit on the header (100 MB). */
const MAX_HEADER = 100_000_000;

export interface SafetensorsEntry {
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Absolute byte range in the file. */
  readonly begin: number;
  readonly end: number;
}

function readExactly(fd: number, file: string, length: number, position: number): Buffer {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new UsageError(`${file}: truncated (wanted ${length} bytes at offset ${position})`);
    done += n;
  }
  return buf;
}

export class SafetensorsFile {
  private constructor(
    readonly file: string,
    readonly entries: ReadonlyMap<string, SafetensorsEntry>,
    readonly metadata: Readonly<Record<string, string>>,
  ) {}

  /** Reads and checks the header. */
  static open(file: string): SafetensorsFile {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (e) {
      throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    try {
      const size = fstatSync(fd).size;
      if (size < 8) throw new UsageError(`${file}: not a safetensors file (${size} bytes, shorter than the 8-byte header length)`);
      const n64 = readExactly(fd, file, 8, 0).readBigUInt64LE(0);
      if (n64 > BigInt(Math.min(MAX_HEADER, size - 8))) {
        throw new UsageError(`${file}: not a safetensors file (header length ${n64} exceeds the file size ${size} or the 100 MB limit)`);
      }
      const n = Number(n64);
      const text = readExactly(fd, file, n, 8).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new UsageError(`${file}: safetensors header is not valid JSON (${(e as Error).message.split('\n')[0]})`);
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError(`${file}: safetensors header is not a JSON object`);
      const dataStart = 8 + n;
      const dataSize = size - dataStart;
      const entries = new Map<string, SafetensorsEntry>();
      let metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
        if (name === '__metadata__') {
          if (typeof value === 'object' && value !== null) metadata = value as Record<string, string>;
          continue;
        }
        const bad = (what: string) => new UsageError(`${file}: tensor "${name}": ${what}`);
        if (typeof value !== 'object' || value === null) throw bad('header entry is not an object');
        const { dtype, shape, data_offsets: offs } = value as Record<string, unknown>;
        if (typeof dtype !== 'string') throw bad('no dtype');
        if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && s >= 0)) throw bad('shape is not a list of non-negative integers');
        if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isSafeInteger(o) && o >= 0) || offs[0] > offs[1]) {
          throw bad('data_offsets is not [begin, end] with 0 <= begin <= end');
        }
        if (offs[1] > dataSize) throw bad(`data_offsets end ${offs[1]} is past the end of the data (${dataSize} bytes)`);
        const bytes = KNOWN_BYTES[dtype];
        const count = elementCount(shape as number[]);
        if (bytes !== undefined && (offs[1] - offs[0]) !== count * bytes) {
          throw bad(`${offs[1] - offs[0]} bytes of data for shape [${shape.join(', ')}] of ${dtype} (needs ${count * bytes})`);
        }
        entries.set(name, { dtype, shape: shape as number[], begin: dataStart + offs[0], end: dataStart + offs[1] });
      }
      return new SafetensorsFile(file, entries, metadata);
    } finally {
      closeSync(fd);
    }
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Reads one tensor, widened to float64. */
  read(name: string): Tensor {
    const e = this.entries.get(name);
    if (!e) throw new UsageError(`${this.file}: no tensor "${name}"`);
    if (!READABLE.has(e.dtype)) throw new UsageError(`${this.file}: tensor "${name}" has dtype ${e.dtype}: supported F32, F16, BF16, F64`);
    const dtype = e.dtype as DType;
    const fd = openSync(this.file, 'r');
    try {
      const bytes = readExactly(fd, this.file, e.end - e.begin, e.begin);
      return { name, dtype, shape: e.shape, data: decodeElements(bytes, 0, elementCount(e.shape), dtype) };
    } finally {
      closeSync(fd);
    }
  }
}

export interface TensorToWrite {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
  /** Default F32. */
  readonly dtype?: DType;
}

/** Writes a safetensors file (header padded with spaces to a multiple of 8 bytes). */
export function writeSafetensors(file: string, tensors: readonly TensorToWrite[], metadata: Record<string, string> = {}): void {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    const dtype = t.dtype ?? 'F32';
    if (elementCount(t.shape) !== t.data.length) throw new Error(`writeSafetensors: "${t.name}" shape [${t.shape.join(', ')}] does not match ${t.data.length} values`);
    if (t.name in header) throw new Error(`writeSafetensors: duplicate tensor "${t.name}"`);
    const bytes = t.data.length * DTYPE_BYTES[dtype];
    header[t.name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  const fd = openSync(file, 'w');
  try {
    const writeAll = (buf: Uint8Array) => {
      for (let done = 0; done < buf.length;) done += writeSync(fd, buf, done, buf.length - done);
    };
    writeAll(head);
    writeAll(Buffer.from(json, 'utf8'));
    for (const t of tensors) writeAll(encodeElements(t.data, t.dtype ?? 'F32'));
  } finally {
    closeSync(fd);
  }
}
