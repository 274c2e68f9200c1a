// synth/yosys-module.ts: @yowasp/yosys with files written in linear time and addresses above 2 GiB
// read as unsigned. The installed package must still carry the text the fixes replace (an upgrade
// that changes it fails here, instead of making the 16-lane syntheses silently slow again), Yosys
// must write through the fixed module exactly the files it writes through the package as
// installed, and it must still do so when its heap lies above 2 GiB.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { patchedBundle, relocatedBundle, resourcesUrl, yosysModule } from '../../synth/yosys-module.ts';

const BUNDLE_FILE = createRequire(import.meta.url).resolve('@yowasp/yosys');
const BUNDLE = readFileSync(BUNDLE_FILE, 'utf8');
const RESOURCES = resourcesUrl(BUNDLE_FILE);

/**
 * The bundle text with the core's memory grown by 2 GiB as soon as it exists, before Yosys
 * allocates: the C heap then grows past that point, so every buffer and result address the glue
 * sees is above 2^31 (a negative i32).
 */
function heapAbove2GiB(source: string): Promise<typeof import('@yowasp/yosys')> {
  const hook = 'memory0 = exports1.memory;';
  expect(source.split(hook).length).toBe(2);
  const grown = source.replace(hook, `${hook} memory0.grow(32768);`);
  return import(`data:text/javascript;base64,${Buffer.from(grown).toString('base64')}`);
}

describe('@yowasp/yosys with linear-time file writes', () => {
  it('the installed bundle has the method and the resources import the fix replaces', () => {
    const patched = patchedBundle(BUNDLE, 'file:///x/resources-yosys.js');
    expect(patched).toBeDefined();
    expect(patched).toContain('this.file.growable');
    expect(patched).toContain('import("file:///x/resources-yosys.js")');
    expect(patched).not.toContain('import("./resources-yosys.js")');
    expect(patched).toContain('exports2.cabi_import_realloc(...args) >>> 0');
    expect(patched).toMatch(/var ptr\d+ = arg\d+ >>> 0;/);
    expect(patched).not.toMatch(/var ptr\d+ = arg\d+;/);
    expect(patched).not.toMatch(/dataView\(memory0\)\.\w+\(arg\d+ \+/);
  });

  it('another bundle text is left alone', () => {
    expect(patchedBundle(BUNDLE.replace('newData.set(this.file.data);', 'newData.set(this.file.data );'), 'file:///x/r.js')).toBeUndefined();
  });

  it('writes the same files as the package as installed (RTLIL and Verilog of a 24-bit multiplier, hundreds of kilobytes in small writes)', async () => {
    const design = { 't.v': 'module t(input [23:0] a, b, output [47:0] y); assign y = a * b; endmodule' };
    const script = ['-q', '-p', 'read_verilog t.v; synth -flatten; write_rtlil out.il; write_verilog -noattr out.v; tee -q -o stat.txt stat'];
    const fixed = await (await yosysModule()).runYosys(script, design, { stdout: null, stderr: null });
    const { runYosys } = await import('@yowasp/yosys');
    const original = await runYosys(script, design, { stdout: null, stderr: null });
    for (const f of ['out.il', 'out.v', 'stat.txt']) {
      expect(typeof fixed![f]).toBe('string');
      expect((fixed![f] as string).length, f).toBe((original![f] as string).length);
      expect(fixed![f] === original![f], f).toBe(true);
    }
    expect((fixed!['out.il'] as string).length).toBeGreaterThan(200_000);
  }, 120_000);

  it('with the heap above 2 GiB, writes the same files (the package as installed throws there)', async () => {
    const design = { 't.v': 'module t(input [7:0] a, b, output [15:0] y); assign y = a * b; endmodule' };
    const script = ['-q', '-p', 'read_verilog t.v; synth -flatten; write_verilog -noattr out.v; tee -q -o stat.txt stat'];
    const { runYosys } = await import('@yowasp/yosys');
    const low = await runYosys(script, design, { stdout: null, stderr: null });
    const fixed = await heapAbove2GiB(patchedBundle(BUNDLE, RESOURCES)!);
    const high = await fixed.runYosys(script, design, { stdout: null, stderr: null });
    for (const f of ['out.v', 'stat.txt']) {
      expect(typeof high![f]).toBe('string');
      expect(high![f] === low![f], f).toBe(true);
    }
    const installed = await heapAbove2GiB(relocatedBundle(BUNDLE, RESOURCES));
    await expect(installed.runYosys(script, design, { stdout: null, stderr: null })).rejects.toThrow(RangeError);
  }, 120_000);
});
