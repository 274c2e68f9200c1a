/**
 * Loads @yowasp/yosys with one fix: files that Yosys writes grow in amortised linear time.
 *
 * The package's in-memory file system (its bundled @yowasp/runtime, `WriteStream.write`) copies a
 * file's whole content on every write call, and Yosys writes through C stdio in small chunks, so
 * writing a file of n bytes costs O(n^2). For the netlists of the 16-lane designs this dominated
 * `synth --liberty`: the RTLIL file that joins the two Yosys runs of a 16-lane RMSNorm took most of
 * an hour (an 8-lane RMSNorm: 316 s for the first run instead of about 80 s, measured 2026-12-02;
 * docs/synthesis.md section 8).
 *
 * The fix replaces that one method in the bundle's source, text for text, and imports the result
 * from a data: URL (nothing written to disk); the bundle's only relative import, its resources
 * module (which finds the .wasm files from its own location), is pointed at the installed file.
 * The replacement keeps the file's `data` a Uint8Array of exactly the file's length (a view into
 * a buffer that doubles), writes at the stream's offset, and is used only when the bundle contains
 * the expected text; any other version of the package is imported unchanged (slower, same results).
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

let loading: Promise<YosysModule> | undefined;

/** The bundle's file (the package's only export), from this project's node_modules. */
function bundlePath(): string {
  return createRequire(import.meta.url).resolve('@yowasp/yosys');
}

/** The patched source, or undefined when this version of the bundle does not have the expected text. */
export function patchedBundle(source: string, resourcesUrl: string): string | undefined {
  if (source.split(QUADRATIC_WRITE).length !== 2 || source.split(RESOURCES_IMPORT).length !== 2) return undefined;
  return source.replace(QUADRATIC_WRITE, LINEAR_WRITE).replace(RESOURCES_IMPORT, `import(${JSON.stringify(resourcesUrl)})`);
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
    const resources = pathToFileURL(join(dirname(file), 'resources-yosys.js')).href;
    const patched = patchedBundle(readFileSync(file, 'utf8'), resources);
    if (!patched) return import('@yowasp/yosys');
    return (await import(`data:text/javascript;base64,${Buffer.from(patched).toString('base64')}`)) as YosysModule;
  })();
  return loading;
}
