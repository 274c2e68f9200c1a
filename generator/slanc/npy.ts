/**
 * NumPy .npy files (format versions 1.0, 2.0 and 3.0), enough for one weight matrix or gain
 * vector per file:
 *
 *   "\x93NUMPY" major minor  header-length (uint16 LE in v1, uint32 LE in v2/v3)
 *   header: a Python dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (768, 768), }
 *   data:   the elements, row-major (or column-major when fortran_order is True)
 *
 * Accepted dtypes: '<f2' (float16), '<f4' (float32), '<f8' (float64). bfloat16 has no NumPy
 * dtype (ml_dtypes writes it as '<V2' or people store it as '<u2'); both are rejected, as is
 * every other dtype and big-endian data, with a one-line message (UsageError -> exit 2).
 * Fortran-ordered arrays are transposed into row-major order on reading.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.ts';
import { type DType, DTYPE_BYTES, type Tensor, decodeElements, elementCount, encodeElements } from './tensor.ts';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const DESCR_TO_DTYPE: Record<string, DType> = { '<f2': 'F16', '<f4': 'F32', '<f8': 'F64' };
const DTYPE_TO_DESCR: Partial<Record<DType, string>> = { F16: '<f2', F32: '<f4', F64: '<f8' };

interface NpyHeader {
  dtype: DType;
  fortranOrder: boolean;
  shape: number[];
}

function parseHeader(file: string, text: string): NpyHeader {
  const bad = (what: string) => new UsageError(`${file}: malformed .npy header (${what})`);
  const body = text.trim();
  if (!body.startsWith('{') || !body.endsWith('}')) throw bad('not a dict literal');
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(body);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(body);
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(body);
  if (!descr) throw bad("no 'descr'");
  if (!fortran) throw bad("no 'fortran_order'");
  if (!shape) throw bad("no 'shape'");
  const dtype = DESCR_TO_DTYPE[descr[1]!];
  if (!dtype) {
    const hint = /^[<>|=]?(V2|u2)$/.test(descr[1]!)
      ? ' (bfloat16 has no standard .npy dtype: save it as float32 or use safetensors)'
      : '';
    throw new UsageError(`${file}: dtype '${descr[1]}' is not supported: use '<f2', '<f4' or '<f8'${hint}`);
  }
  const dims = shape[1]!.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const values = dims.map((s) => (/^\d+L?$/.test(s) ? Number.parseInt(s, 10) : Number.NaN));
  if (values.some((v) => !Number.isSafeInteger(v))) throw bad(`shape (${shape[1]}) is not a tuple of non-negative integers`);
  return { dtype, fortranOrder: fortran[1] === 'True', shape: values };
}

/** Row-major copy of a column-major array of `shape`. */
function fromFortranOrder(data: Float64Array, shape: readonly number[]): Float64Array {
  const n = data.length;
  const rank = shape.length;
  if (rank < 2) return data;
  const out = new Float64Array(n);
  // Row-major strides of the output; walk the input in column-major order.
  const cStride = new Array<number>(rank);
  let s = 1;
  for (let a = rank - 1; a >= 0; a--) {
    cStride[a] = s;
    s *= shape[a]!;
  }
  const idx = new Array<number>(rank).fill(0);
  let c = 0;
  for (let f = 0; f < n; f++) {
    out[c] = data[f]!;
    for (let a = 0; a < rank; a++) {
      idx[a]!++;
      c += cStride[a]!;
      if (idx[a]! < shape[a]!) break;
      c -= idx[a]! * cStride[a]!;
      idx[a] = 0;
    }
  }
  return out;
}

/** Reads a .npy file; `name` defaults to the file name. Throws UsageError naming the file. */
export function readNpy(file: string, name = file): Tensor {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new UsageError(`${file}: not a NumPy .npy file (no \\x93NUMPY magic)`);
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (major < 1 || major > 3 || minor !== 0) throw new UsageError(`${file}: .npy format version ${major}.${minor} is not supported (1.0, 2.0, 3.0)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) throw new UsageError(`${file}: truncated .npy header`);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lenBytes + headerLen;
  if (dataStart > bytes.length) throw new UsageError(`${file}: truncated .npy header (${headerLen} bytes announced, ${bytes.length - 8 - lenBytes} present)`);
  const headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(8 + lenBytes, dataStart));
  const h = parseHeader(file, headerText);
  const count = elementCount(h.shape);
  const need = count * DTYPE_BYTES[h.dtype];
  const have = bytes.length - dataStart;
  if (have !== need) {
    throw new UsageError(`${file}: data is ${have} bytes but shape (${h.shape.join(', ')}) of ${DTYPE_TO_DESCR[h.dtype]} needs ${need}`);
  }
  let data = decodeElements(bytes, dataStart, count, h.dtype);
  if (h.fortranOrder) data = fromFortranOrder(data, h.shape);
  return { name, dtype: h.dtype, shape: h.shape, data };
}

/** Writes a row-major .npy v1.0 file (header padded so that the data starts at a multiple of 64). */
export function writeNpy(file: string, t: { shape: readonly number[]; data: ArrayLike<number>; dtype?: DType }): void {
  const dtype = t.dtype ?? 'F32';
  const descr = DTYPE_TO_DESCR[dtype];
  if (!descr) throw new UsageError(`${file}: .npy cannot hold ${dtype}: use F16, F32 or F64`);
  if (elementCount(t.shape) !== t.data.length) throw new Error(`writeNpy: shape (${t.shape.join(', ')}) does not match ${t.data.length} values`);
  const shape = t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = new Uint8Array(10 + header.length);
  head.set(MAGIC, 0);
  head[6] = 1;
  head[7] = 0;
  new DataView(head.buffer).setUint16(8, header.length, true);
  head.set(new TextEncoder().encode(header), 10);
  writeFileSync(file, Buffer.concat([head, encodeElements(t.data, dtype)]));
}
