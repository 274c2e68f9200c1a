/**
 * Dense tensors as the SLaNC tool sees them: a shape and the values in row-major (C) order,
 * always widened to float64 on reading. The element codecs shared by the .npy and
 * safetensors readers and writers live here:
 * - float16 (IEEE binary16) through a 65536-entry table built from the project's exact
 *   `decode`, and `encode` (round to nearest even) for writing;
 * - bfloat16: the top 16 bits of a binary32 (exact widening); writing rounds to nearest even;
 * - float32 / float64: little-endian, read with DataView so the host byte order never matters.
 */
import { BF16, FP16, decode, encode } from '../format/float-format.ts';

/** Element types the readers accept (safetensors spelling; .npy '<f2' '<f4' '<f8' map onto them). */
export type DType = 'F16' | 'BF16' | 'F32' | 'F64';

export const DTYPE_BYTES: Record<DType, number> = { F16: 2, BF16: 2, F32: 4, F64: 8 };

export interface Tensor {
  readonly name: string;
  /** Element type in the file it came from (the values are float64 whatever it was). */
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Row-major values. */
  readonly data: Float64Array;
}

export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

let f16Table: Float64Array | undefined;

function halfTable(): Float64Array {
  if (!f16Table) {
    f16Table = new Float64Array(65536);
    for (let i = 0; i < 65536; i++) f16Table[i] = decode(FP16, i);
  }
  return f16Table;
}

/** Decodes `count` little-endian elements of `dtype` starting at `offset` of `bytes`. */
export function decodeElements(bytes: Uint8Array, offset: number, count: number, dtype: DType): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * DTYPE_BYTES[dtype]);
  const out = new Float64Array(count);
  switch (dtype) {
    case 'F64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, true);
      break;
    case 'F32':
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
      break;
    case 'F16': {
      const t = halfTable();
      for (let i = 0; i < count; i++) out[i] = t[view.getUint16(2 * i, true)]!;
      break;
    }
    case 'BF16': {
      const f = new DataView(new ArrayBuffer(4));
      for (let i = 0; i < count; i++) {
        f.setUint32(0, view.getUint16(2 * i, true) << 16 >>> 0);
        out[i] = f.getFloat32(0);
      }
      break;
    }
  }
  return out;
}

/** Encodes values as little-endian `dtype` elements (float16 and bfloat16 rounded to nearest even). */
export function encodeElements(values: ArrayLike<number>, dtype: DType): Uint8Array {
  const n = values.length;
  const bytes = new Uint8Array(n * DTYPE_BYTES[dtype]);
  const view = new DataView(bytes.buffer);
  switch (dtype) {
    case 'F64':
      for (let i = 0; i < n; i++) view.setFloat64(8 * i, values[i]!, true);
      break;
    case 'F32':
      for (let i = 0; i < n; i++) view.setFloat32(4 * i, values[i]!, true);
      break;
    case 'F16':
      for (let i = 0; i < n; i++) view.setUint16(2 * i, encode(FP16, values[i]!), true);
      break;
    case 'BF16':
      for (let i = 0; i < n; i++) view.setUint16(2 * i, encode(BF16, values[i]!), true);
      break;
  }
  return bytes;
}
