// `iterl2norm synth`: the checks catch what they promise (fault injection), the command line
// writes its table, JSON, HTML and netlist, and an operator can be
// measured alone. A tiny configuration (8-bit e5m2 words, e7m5 inside) keeps each Yosys run to seconds.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../support/temp.ts';
import { main } from '../../cli/main.ts';
import { resolveConfig, topModuleName } from '../../generator/config.ts';
import { elaborate } from '../../generator/plan.ts';
import { parseFormat } from '../../generator/format/float-format.ts';
import { SynthCheckError, operatorDepth, parseLtp, parseMemories, rtlChecks, synthesize } from '../../synth/synth.ts';

const SMALL = { d: 8, lanes: 2, format: 'e5m2', internal: 'e7m5', initBits: 3 };

/** Adds `code` to the top module (or the module `<top>_<sub>`), just before its endmodule. */
function injectTop(code: string, sub = '') {
  const top = topModuleName(resolveConfig(SMALL));
  return (file: string, text: string) => {
    if (file !== `${top}${sub ? `_${sub}` : ''}.v`) return text;
    const at = text.lastIndexOf('endmodule');
    return `${text.slice(0, at)}${code}\n${text.slice(at)}`;
  };
}

async function problems(patch: (file: string, text: string) => string): Promise<string[]> {
  try {
    await synthesize(resolveConfig(SMALL), { patchRtl: patch });
  } catch (e) {
    if (e instanceof SynthCheckError) return e.problems;
    throw e;
  }
  return [];
}

describe('checks catch design faults', () => {
  it('a combinational loop', async () => {
    const p = await problems(injectTop('    wire loop_a, loop_b;\n    assign loop_a = loop_b ^ in_valid;\n    assign loop_b = loop_a;'));
    expect(p.join('\n')).toMatch(/logic loop/i);
  });

  it('a second driver', async () => {
    const p = await problems(injectTop("    assign in_ready = 1'b0;", 'slots'));
    expect(p.join('\n')).toMatch(/multiple conflicting drivers|conflict/i);
  });

  it('an undriven net', async () => {
    const p = await problems(injectTop('    wire ghost;\n    reg sink;\n    always @(posedge clk) sink <= ghost;'));
    expect(p.join('\n')).toMatch(/no driver/i);
  });

  it('a latch', async () => {
    const p = await problems(injectTop('    reg latch_q;\n    always @* if (in_valid) latch_q = in_data[0];'));
    expect(p.join('\n')).toMatch(/Assertion failed.*dlatch/is);
  });

  it('the RTL checks alone find the loop too', async () => {
    const patch = injectTop('    wire loop_a, loop_b;\n    assign loop_a = loop_b ^ in_valid;\n    assign loop_b = loop_a;');
    await expect(rtlChecks(resolveConfig(SMALL), { patchRtl: patch })).rejects.toThrow(/logic loop/i);
    await expect(rtlChecks(resolveConfig(SMALL))).resolves.toMatchObject({ top: topModuleName(resolveConfig(SMALL)) });
  });

  it('an init value', async () => {
    const p = await problems(injectTop("    reg init_q = 1'b1;\n    always @(posedge clk) init_q <= in_valid;"));
    expect(p.join('\n')).toMatch(/Assertion failed.*init/is);
  });
});

describe('report parsing', () => {
  it('ltp: length and ends', () => {
    const txt = 'Longest topological path in top (length=3):\n    0: \\a [1]\n    1: $abc$1$n2 (via $x)\n    2: $abc$1$n3 (via $y)\n    3: \\b [0] (via $z)\n   ff: \\q [0] (via $ff)\n';
    expect(parseLtp(txt)).toEqual({ gates: 3, from: 'a [1]', to: 'q [0]' });
  });

  it('dump of a $mem_v2 cell: geometry', () => {
    const il = '  attribute \\src "x"\n  cell $mem_v2 \\store.mem\n    parameter \\ABITS 4\n    parameter \\RD_PORTS 1\n    parameter \\SIZE 16\n    parameter \\WIDTH 64\n    parameter \\WR_PORTS 1\n  end\n';
    expect(parseMemories(il)).toEqual([{ name: 'store.mem', width: 64, depth: 16, bits: 1024, readPorts: 1, writePorts: 1 }]);
  });
});

describe('operators alone', () => {
  it('fp_add bf16 and fp_mul bf16: cells and depth', async () => {
    const add = await operatorDepth({ op: 'fp_add', a: parseFormat('bf16') });
    const mul = await operatorDepth({ op: 'fp_mul', a: parseFormat('bf16') });
    for (const r of [add, mul]) {
      expect(r.cells).toBeGreaterThan(100);
      expect(r.depth).toBeGreaterThan(10);
      expect(r.depth).toBeLessThan(r.cells);
    }
  });
});

describe('iterl2norm synth (command line)', () => {
  let dir: string;
  let lines: string[];
  const out = { log: (s: string) => lines.push(s) };
  beforeEach(() => {
    dir = tempDir('iterl2norm-synth-');
    lines = [];
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());
  const small = ['--d', '8', '--lanes', '2', '--format', 'e5m2', '--internal', 'e7m5', '--init-bits', '3'];

  it('table, --json, --html, --netlist', async () => {
    const json = join(dir, 'r.json');
    const html = join(dir, 'r.html');
    const netlist = join(dir, 'n.v');
    expect(await main(['synth', ...small, '--json', json, '--html', html, '--netlist', netlist], out)).toBe(0);
    const text = lines.join('\n');
    for (const label of ['cells', 'flip-flops', 'transistors', 'memory bits', 'longest path', 'latency', 'cells by block', 'cells by type']) expect(text).toContain(label);
    expect(text).toMatch(/^ {2}lanes +[\d,]+ +[\d.]+% +\([\d,]+\)$/m);
    const r = JSON.parse(readFileSync(json, 'utf8'));
    expect(r).toMatchObject({ top: 'iterl2norm_e5m2_d8_p2_e7m5_nr2_t3', flow: 'per-module', memoryBits: elaborate(resolveConfig({ d: 8, lanes: 2, format: 'e5m2', internal: 'e7m5', initBits: 3 })).bufferBeats * 2 * 8 });   // the ring's beats x 2 lanes x 8 bits, as Yosys counts the kept memory
    for (const k of ['cells', 'flipFlops', 'transistors', 'memories', 'longestPath', 'latency', 'throughput', 'config', 'checks', 'blocks']) expect(r).toHaveProperty(k);
    expect(r.blocks.map((b: { block: string }) => b.block)).toContain('scalar');
    expect(r.longestPath.gates).toBeGreaterThan(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<svg');
    expect(page).toContain('<h2>Cells by block</h2>');
    expect(page).toContain(r.top);
    expect(readFileSync(netlist, 'utf8')).toMatch(new RegExp(`module ${r.top}\\(`));
  });

  it('bad usage: exit 2, nothing written', async () => {
    const json = join(dir, 'r.json');
    expect(await main(['synth', ...small, '--lanes', '0', '--json', json], out)).toBe(2);
    expect(await main(['synth', ...small, '--liberty', join(dir, 'missing.lib'), '--json', json], out)).toBe(2);
    expect(existsSync(json)).toBe(false);
  });
});
