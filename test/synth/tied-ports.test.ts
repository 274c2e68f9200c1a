// The hierarchical flow's tied operator ports (synth/tied-ports.ts): operator instances with
// constant or shared inputs point at specialised copies. The rewritten design is co-simulated
// (Icarus, bit-exact against the golden model), and a wrong tie fails that co-simulation.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../generator/config.ts';
import { renderDesign } from '../../generator/rtl/generate.ts';
import { tieOperatorPorts } from '../../synth/tied-ports.ts';
import { expectClean, runCosim } from '../cosim/helpers.ts';

const LAYER = { d: 8, lanes: 2, format: 'bf16', mode: 'layer', pipeline: 'add=1,mul=1,convert=1' } as const;
const OPERATORS = /^\s*module\s+(\w+_fp_(?:add|mul|convert))\b/gm;

const tied = (sources: Array<{ file: string; text: string }>) => tieOperatorPorts(sources, sources.flatMap((s) => [...s.text.matchAll(OPERATORS)].map((m) => m[1]!)));

/**
 * patchRtl for cosim: each file as the rewrite of its folder's design gives it, then `fault`
 * (the rewrite of the design as it was before the first file was patched).
 */
function tiedFiles(fault: (text: string) => string = (t) => t) {
  const done = new Map<string, Array<{ file: string; text: string }>>();
  return (file: string, text: string) => {
    const dir = dirname(file);
    if (!done.has(dir)) done.set(dir, tied(readdirSync(dir).filter((f) => f.endsWith('.v')).map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }))));
    const mine = done.get(dir)!.find((s) => s.file === file.slice(dir.length + 1));
    return fault(mine ? mine.text : text);
  };
}

describe('tied operator ports', () => {
  it('constants and a shared operand move into one copy per set of ties; no instance keeps a tied port', () => {
    const sources = renderDesign(resolveConfig({ d: 8, lanes: 2, format: 'bf16', pipeline: 'add=1,mul=1' }));
    const out = tied(sources);
    const text = out.map((s) => s.text).join('\n');
    const copies = [...text.matchAll(/^\s*module\s+(\w+_tie\d+)/gm)].map((m) => m[1]!);
    expect(copies.length).toBeGreaterThanOrEqual(3);
    expect(new Set(copies).size).toBe(copies.length);
    // the squares: b is a inside, scale and enable constant
    const square = /(\w+_fp_mul_tie\d+)\s*#\([^;]*?\)\s*square\s*\(([^;]*)\);/.exec(text)!;
    expect(square[2]).not.toMatch(/\.(en|b|scale)\(/);
    const copy = text.slice(text.indexOf(`module ${square[1]}`));
    expect(copy.slice(0, copy.indexOf('endmodule'))).toMatch(/wire \[B_EXP_BITS\+B_MAN_BITS:0\] b = a;/);
    // no operator instance is left with a constant enable
    expect(text).not.toMatch(/_fp_(add|mul|convert)(_tie\d+)?\s*#\([^;]*?\)\s*\w+\s*\([^;]*\.en\(1'b1\)/);
    // the files are the design's, unchanged where nothing was tied
    expect(out.map((s) => s.file)).toEqual(sources.map((s) => s.file));
  });

  it('LayerNorm, every operator kind: the rewritten design co-simulates bit-exact and on time', () => {
    expectClean(runCosim(LAYER, 6, { patchRtl: tiedFiles(), simulator: 'icarus' }), 6);
  }, 120_000);

  it('a wrong tie (subtract tied where the instance adds) fails that co-simulation', () => {
    let landed = 0;
    const r = runCosim(LAYER, 6, {
      simulator: 'icarus',
      patchRtl: tiedFiles((t) => t.replace(/wire sub = 1'b0;/, () => { landed++; return "wire sub = 1'b1;"; })),
    });
    expect(landed).toBe(1);
    expect(r.failed).toBeGreaterThan(0);
  }, 120_000);
});
