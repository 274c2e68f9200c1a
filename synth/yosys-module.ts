/**
 * Loads @yowasp/yosys with two fixes: files that Yosys writes grow in amortised linear time, and
 * memory addresses above 2 GiB are read as the unsigned numbers they are.
 *
 * The package's in-memory file system (its bundled @yowasp/runtime, `WriteStream.write`) copies a
 * file's whole content on every write call, and Yosys writes through C stdio in small chunks, so
 * writing a file of n bytes costs O(n^2). For the netlists of the 16-lane designs this dominated
 * `synth --liberty` without this fix: the RTLIL file that joins the two Yosys runs of a 16-lane
 * RMSNorm takes most of an hour (an 8-lane RMSNorm's first run about 4x longer).
 *
 * The fix replaces that one method in the bundle's source, text for text, and imports the result
 * from a data: URL (nothing written to disk); the bundle's only relative import, its resources
 * module (which finds the .wasm files from its own location), is pointed at the installed file.
 * The replacement keeps the file's `data` a Uint8Array of exactly the file's length (a view into
 * a buffer that doubles), writes at the stream's offset, and is used only when the bundle contains
 * the expected text; any other version of the package is imported unchanged (slower, same results).
 *
 * Addresses: the bundle's glue between JavaScript and the WebAssembly core receives addresses in
 * the core's 32-bit memory as signed numbers (a wasm i32 arrives in JavaScript as -2^31..2^31-1)
 * and uses them as they come: `new Uint8Array(memory0.buffer, ptr, len)`, `DataView.setInt32(arg +
 * 4, ...)`, `memory0.buffer.slice(ptr, ptr + len)`. Once Yosys's heap passes 2 GiB (the first
 * Liberty run of a 16-lane fp32 design at 10 ns in sky130 did, 11 minutes in) an address is
 * negative: the first two throw ("Start offset -2118568136 is outside the bounds of the buffer"),
 * and `slice` counts from the end of the memory, so a write to a file would copy the wrong bytes
 * without a word. The fix makes every address the glue takes from the core unsigned (`>>> 0`):
 * the address arguments of the functions the core calls, and the results of the core's allocator
 * (`cabi_import_realloc`). Below 2 GiB `x >>> 0 === x`, so nothing else changes;
 * test/synth/yosys-module.test.ts runs Yosys with its heap placed above 2 GiB.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

type YosysModule = typeof import('@yowasp/yosys');

/** The method as @yowasp/runtime 9.0.x bundles it (whitespace included). */
const QUADRATIC_WRITE = `  write(contents) {
    const newData = new Uint8Array(this.file.data.length + contents.length);
    newData.set(this.file.data);
    newData.subarray(Number(this.offset)).set(contents);
    this.file.data = newData;
    this.offset += BigInt(contents.length);
  }`;

const LINEAR_WRITE = `  write(contents) {
    const offset = Number(this.offset), end = offset + contents.length;
    let data = this.file.data;
    if (end > data.length) {
      if (data.byteOffset === 0 && data.buffer === this.file.growable && data.buffer.byteLength >= end) {
        data = new Uint8Array(data.buffer, 0, end);
      } else {
        const grown = new Uint8Array(new ArrayBuffer(Math.max(end, 2 * data.length, 65536)), 0, end);
        grown.set(data);
        this.file.growable = grown.buffer;
        data = grown;
      }
      this.file.data = data;
    }
    data.set(contents, offset);
    this.offset += BigInt(contents.length);
  }`;

const RESOURCES_IMPORT = 'import("./resources-yosys.js")';

/** The core's allocator as the bundle takes it; every address it returns goes through `>>> 0`. */
const REALLOC = 'realloc0 = exports2.cabi_import_realloc;';
const UNSIGNED_REALLOC = 'realloc0 = (...args) => exports2.cabi_import_realloc(...args) >>> 0;';

/**
 * Address arguments: `var ptrN = argM;` (a buffer the core passes) and the address operand of
 * every `dataView(memory0).setX(argM + K, ...)` (where a result goes).
 */
const POINTER_ARG = /var (ptr\d+) = (arg\d+);/g;
const DATAVIEW_ARG = /dataView\(memory0\)\.(\w+)\((arg\d+) \+ /g;

/** The bundle with unsigned addresses, or undefined when it does not have the expected text. */
function unsignedAddresses(source: string): string | undefined {
  if (source.split(REALLOC).length !== 2 || source.search(POINTER_ARG) < 0 || source.search(DATAVIEW_ARG) < 0) return undefined;
  return source
    .replace(REALLOC, UNSIGNED_REALLOC)
    .replace(POINTER_ARG, 'var $1 = $2 >>> 0;')
    .replace(DATAVIEW_ARG, 'dataView(memory0).$1(($2 >>> 0) + ');
}

let loading: Promise<YosysModule> | undefined;

/** The bundle's file (the package's only export), from this project's node_modules. */
function bundlePath(): string {
  return createRequire(import.meta.url).resolve('@yowasp/yosys');
}

/** The URL of the resources module beside the bundle file `file` (it finds the .wasm files). */
export function resourcesUrl(file: string): string {
  return pathToFileURL(join(dirname(file), 'resources-yosys.js')).href;
}

/** The source with its one relative import pointed at `url`, so it can be imported from a data: URL. */
export function relocatedBundle(source: string, url: string): string {
  return source.replace(RESOURCES_IMPORT, `import(${JSON.stringify(url)})`);
}

/** The patched source, or undefined when this version of the bundle does not have the expected text. */
export function patchedBundle(source: string, resources: string): string | undefined {
  if (source.split(QUADRATIC_WRITE).length !== 2 || source.split(RESOURCES_IMPORT).length !== 2) return undefined;
  const unsigned = unsignedAddresses(source);
  if (!unsigned) return undefined;
  return relocatedBundle(unsigned.replace(QUADRATIC_WRITE, LINEAR_WRITE), resources);
}

/** @yowasp/yosys, patched when it can be; throws as `import('@yowasp/yosys')` does when it is not installed. */
export function yosysModule(): Promise<YosysModule> {
  loading ??= (async () => {
    let file: string;
    try {
      file = bundlePath();
    } catch {
      return import('@yowasp/yosys');
    }
    const patched = patchedBundle(readFileSync(file, 'utf8'), resourcesUrl(file));
    if (!patched) return import('@yowasp/yosys');
    return (await import(`data:text/javascript;base64,${Buffer.from(patched).toString('base64')}`)) as YosysModule;
  })();
  return loading;
}
