// sim/yosys-module.ts: @yowasp/yosys with files written in linear time. The installed package must
// still carry the text the fix replaces (an upgrade that changes it fails here, instead of making
// the 16-lane syntheses silently slow again), and Yosys must write through the fixed module exactly
// the files it writes through the package as installed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { patchedBundle, yosysModule } from '../../sim/yosys-module.ts';

const BUNDLE = readFileSync(createRequire(import.meta.url).resolve('@yowasp/yosys'), 'utf8');

describe('@yowasp/yosys with linear-time file writes', () => {
  it('the installed bundle has the method and the resources import the fix replaces', () => {
    const patched = patchedBundle(BUNDLE, 'file:///x/resources-yosys.js');
    expect(patched).toBeDefined();
    expect(patched).toContain('this.file.growable');
    expect(patched).toContain('import("file:///x/resources-yosys.js")');
    expect(patched).not.toContain('import("./resources-yosys.js")');
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
});
