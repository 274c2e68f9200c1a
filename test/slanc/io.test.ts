// Weight readers of the SLaNC tool: .npy (v1/v2/v3, f2/f4/f8, Fortran order) and safetensors
// (F32/F16/BF16/F64, lazy reads), round trips and one-line messages for malformed files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.ts';
import { readNpy, writeNpy } from '../../generator/slanc/npy.ts';
import { SafetensorsFile, writeSafetensors } from '../../generator/slanc/safetensors.ts';
import { usageMessage } from '../support/usage-error.ts';

let dir: string;
beforeEach(() => {
  dir = tempDir('slanc-io-');
});

/** Values exactly representable in fp16 and bf16 (so every dtype round-trips them exactly). */
const exact = [0, -0, 1, -2.5, 0.15625, 1024, -3.0517578125e-5, 6];

/** Hand-built .npy: header dict text, version, payload bytes. */
function npyBytes(header: string, payload: Uint8Array, major = 1): Buffer {
  const lenBytes = major === 1 ? 2 : 4;
  const h = Buffer.from(`${header}\n`, major === 3 ? 'utf8' : 'latin1');
  const pre = Buffer.alloc(8 + lenBytes);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]).copy(pre);
  if (major === 1) pre.writeUInt16LE(h.length, 8);
  else pre.writeUInt32LE(h.length, 8);
  return Buffer.concat([pre, h, payload]);
}

function f32(values: number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

function expectUsage(fn: () => unknown, text: string): void {
  expect(usageMessage(fn)).toContain(text);
}

describe('npy', () => {
  it.each(['F16', 'F32', 'F64'] as const)('round-trips %s', (dtype) => {
    const file = join(dir, 'w.npy');
    writeNpy(file, { shape: [2, 4], data: exact, dtype });
    const t = readNpy(file, 'w');
    expect(t).toMatchObject({ name: 'w', dtype, shape: [2, 4] });
    expect(Array.from(t.data)).toEqual(exact);
  });

  it('rounds to nearest even when writing float16', () => {
    const file = join(dir, 'r.npy');
    writeNpy(file, { shape: [3], data: [1 + 2 ** -11, 1 + 3 * 2 ** -11, 70000], dtype: 'F16' });
    expect(Array.from(readNpy(file).data)).toEqual([1, 1 + 2 ** -9, Infinity]);
  });

  it('reads versions 2.0 and 3.0, 1-D and scalar shapes, and Fortran order', () => {
    const v2 = join(dir, 'v2.npy');
    writeFileSync(v2, npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", f32([1, 2, 3]), 2));
    expect(readNpy(v2)).toMatchObject({ shape: [3], data: Float64Array.from([1, 2, 3]) });
    const v3 = join(dir, 'v3.npy');
    writeFileSync(v3, npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", f32([7]), 3));
    expect(readNpy(v3)).toMatchObject({ shape: [], data: Float64Array.from([7]) });
    // [[1, 2, 3], [4, 5, 6]] stored column-major: 1 4 2 5 3 6.
    const fo = join(dir, 'f.npy');
    writeFileSync(fo, npyBytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", f32([1, 4, 2, 5, 3, 6])));
    expect(Array.from(readNpy(fo).data)).toEqual([1, 2, 3, 4, 5, 6]);
    // A 2x3x2 Fortran array: element (i, j, k) at i + 2j + 6k.
    const f3 = join(dir, 'f3.npy');
    const col = Array.from({ length: 12 }, (_, n) => n);
    writeFileSync(f3, npyBytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 2), }", f32(col)));
    const c = readNpy(f3).data;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 2; k++) expect(c[i * 6 + j * 2 + k]).toBe(i + 2 * j + 6 * k);
  });

  it.each([
    ['bad magic', Buffer.from('not an npy file at all'), 'not a NumPy .npy file'],
    ['version 4', npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", f32([1]), 4), '.npy format version 4.0 is not supported (1.0, 2.0, 3.0)'],
    ['bfloat16 as <u2', npyBytes("{'descr': '<u2', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(2)), "dtype '<u2' is not supported: use '<f2', '<f4' or '<f8' (bfloat16"],
    ['bfloat16 as V2', npyBytes("{'descr': '|V2', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(2)), "dtype '|V2' is not supported"],
    ['big-endian', npyBytes("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", f32([1])), "dtype '>f4' is not supported"],
    ['int32', npyBytes("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", f32([1])), "dtype '<i4' is not supported"],
    ['short data', npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", f32([1, 2, 3])), 'data is 12 bytes but shape (2, 2) of <f4 needs 16'],
    ['no shape', npyBytes("{'descr': '<f4', 'fortran_order': False, }", f32([1])), "malformed .npy header (no 'shape')"],
    ['bad shape', npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (a, 2), }", f32([1])), 'malformed .npy header (shape (a, 2)'],
  ])('rejects %s with one line naming the file', (_, bytes, message) => {
    const file = join(dir, 'bad.npy');
    writeFileSync(file, bytes);
    expectUsage(() => readNpy(file), `${file}: ${message}`);
  });

  it('rejects a truncated header and a missing file', () => {
    const file = join(dir, 't.npy');
    writeFileSync(file, npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", f32([1])).subarray(0, 20));
    expectUsage(() => readNpy(file), 'truncated .npy header');
    expectUsage(() => readNpy(join(dir, 'none.npy')), 'cannot read (ENOENT)');
  });
});

describe('safetensors', () => {
  it('round-trips F32, F16, BF16 and F64 tensors and the metadata, reading lazily by name', () => {
    const file = join(dir, 'm.safetensors');
    writeSafetensors(file, [
      { name: 'a', shape: [2, 4], data: exact, dtype: 'F32' },
      { name: 'b.half', shape: [8], data: exact, dtype: 'F16' },
      { name: 'c.bf', shape: [4, 2], data: exact, dtype: 'BF16' },
      { name: 'd', shape: [1, 8], data: exact, dtype: 'F64' },
    ], { format: 'pt' });
    const st = SafetensorsFile.open(file);
    expect(st.names()).toEqual(['a', 'b.half', 'c.bf', 'd']);
    expect(st.metadata).toEqual({ format: 'pt' });
    for (const [name, dtype, shape] of [['a', 'F32', [2, 4]], ['b.half', 'F16', [8]], ['c.bf', 'BF16', [4, 2]], ['d', 'F64', [1, 8]]] as const) {
      const t = st.read(name);
      expect(t).toMatchObject({ name, dtype, shape });
      expect(Array.from(t.data)).toEqual(exact);
    }
  });

  it('rounds to nearest even when writing F16 and BF16 and reads bf16 as the top half of a float32', () => {
    const file = join(dir, 'r.safetensors');
    writeSafetensors(file, [
      { name: 'h', shape: [2], data: [1 + 2 ** -11, 1 + 3 * 2 ** -11], dtype: 'F16' },
      { name: 'b', shape: [3], data: [1 + 2 ** -8, 1 + 3 * 2 ** -8, -(1 + 2 ** -8 + 2 ** -12)], dtype: 'BF16' },
    ]);
    const st = SafetensorsFile.open(file);
    expect(Array.from(st.read('h').data)).toEqual([1, 1 + 2 ** -9]);
    expect(Array.from(st.read('b').data)).toEqual([1, 1 + 2 ** -6, -(1 + 2 ** -7)]);
  });

  /** A file with the given header object (JSON text) and `data` bytes. */
  function raw(header: string, data = new Uint8Array(0), lengthOverride?: bigint): Buffer {
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(lengthOverride ?? BigInt(Buffer.byteLength(header)));
    return Buffer.concat([len, Buffer.from(header), data]);
  }

  it.each([
    ['a short file', Buffer.from([1, 2, 3]), 'not a safetensors file (3 bytes'],
    ['a header longer than the file', raw('{}', new Uint8Array(0), 1000n), 'not a safetensors file (header length 1000 exceeds the file size 10'],
    ['a header that is not JSON', raw('{"a": '), 'safetensors header is not valid JSON'],
    ['a header that is a list', raw('[1, 2]'), 'safetensors header is not a JSON object'],
    ['offsets past the end', raw('{"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}', new Uint8Array(4)), 'tensor "w": data_offsets end 8 is past the end of the data (4 bytes)'],
    ['a size that does not match the shape', raw('{"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}', new Uint8Array(8)), 'tensor "w": 8 bytes of data for shape [3] of F32 (needs 12)'],
    ['a bad shape', raw('{"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 0]}}'), 'tensor "w": shape is not a list of non-negative integers'],
    ['bad offsets', raw('{"w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 0]}}', new Uint8Array(4)), 'tensor "w": data_offsets is not [begin, end]'],
  ])('rejects %s with one line naming the file', (_, bytes, message) => {
    const file = join(dir, 'bad.safetensors');
    writeFileSync(file, bytes);
    expectUsage(() => SafetensorsFile.open(file), `${file}: ${message}`);
  });

  it('accepts tensors of other dtypes in the file but refuses to read them', () => {
    const file = join(dir, 'i.safetensors');
    writeFileSync(file, raw('{"ids": {"dtype": "I64", "shape": [1], "data_offsets": [0, 8]}, "w": {"dtype": "F32", "shape": [1], "data_offsets": [8, 12]}}',
      Buffer.concat([Buffer.alloc(8), Buffer.from(f32([2.5]))])));
    const st = SafetensorsFile.open(file);
    expect(Array.from(st.read('w').data)).toEqual([2.5]);
    expectUsage(() => st.read('ids'), `${file}: tensor "ids" has dtype I64: supported F32, F16, BF16, F64`);
    expectUsage(() => st.read('nope'), `${file}: no tensor "nope"`);
  });
});
