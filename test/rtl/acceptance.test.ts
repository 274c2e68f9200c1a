// "Synthesizable means synthesizable": every generated top level passes Verilator -Wall with no
// warning, Yosys reads it, elaborates it and `check -assert` finds no loop, no multiple or
// missing driver; `proc` infers no latch. Design files carry no simulation-only construct.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.ts';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { generate } from '../../generator/rtl/generate.ts';
import { verilatorLint } from '../../sim/verilator.ts';
import { runYosysScript } from '../../synth/yosys.ts';

const CORNERS: Array<[string, ConfigOptions]> = [
  ['default (bf16, d 768, 16 lanes)', {}],
  ['fp32, d 100, 16 lanes', { d: 100, format: 'fp32' }],
  ['one lane, d 1', { d: 1, lanes: 1 }],
  ['64 lanes, d 5', { d: 5, lanes: 64 }],
  ['7 lanes, euler + exp seed', { d: 50, lanes: 7, rule: 'euler', init: 'exp', steps: 5 }],
  ['zero steps, 0-bit table', { d: 8, lanes: 2, steps: 0, initBits: 0 }],
  ['e10m30 internal, d 4096', { d: 4096, format: 'fp32', internal: 'e10m30' }],
  ['rms, gamma, sqrt(d) multiply', { d: 768, mode: 'rms' }],
  ['rms, no affine, d = 4^3', { d: 64, mode: 'rms', affine: 'none', inputShift: 2 }],
  ['layer, gamma-beta, eps', { d: 1024, format: 'fp16', mode: 'layer', eps: 1e-5 }],
  ['layer, one lane, no affine, euler', { d: 5, lanes: 1, mode: 'layer', affine: 'none', rule: 'euler', init: 'exp' }],
  ['--d-max 64, rms, one lane (1/d waits)', { dMax: 64, lanes: 1, mode: 'rms' }],
  ['--d-max 50, rms, 3 lanes (B = ceil(d/3))', { dMax: 50, lanes: 3, mode: 'rms' }],
  ['--d-max 4096, layer, fp16, eps, pipelined, 2 lanes', { dMax: 4096, lanes: 2, format: 'fp16', mode: 'layer', eps: 1e-5, pipeline: 'add=2,mul=1,convert=1' }],
  ['--d-max 5, layer, 8 lanes (more lanes than elements)', { dMax: 5, lanes: 8, mode: 'layer' }],
  ['axis, layer, e5m4 (TDATA padded), 3 lanes, compact', { d: 20, lanes: 3, format: 'e5m4', mode: 'layer', engine: 'compact', interface: 'axis' }],
  ['axis, --d-max 50, layer, 3 lanes (packet buffer)', { dMax: 50, lanes: 3, mode: 'layer', interface: 'axis' }],
];

describe.each(CORNERS)('%s', (_name, opts) => {
  const cfg = resolveConfig(opts);
  const g = generate(cfg, tempDir('iterl2norm-acc-'));

  it('Verilator --lint-only -Wall: no warning', () => {
    const r = verilatorLint(g.files, g.top);
    expect(r.log).toBe('');
    expect(r.clean).toBe(true);
  });

  it('Yosys: read, elaborate, proc without latches, check -assert', async () => {
    const reads = g.files.map((f) => `read_verilog -defer ${f.split('/').at(-1)}`).join('; ');
    const r = await runYosysScript(g.files, `${reads}; hierarchy -check -top ${g.top}; proc; check -assert; select -assert-none t:$dlatch t:$adlatch t:$sr`);
    expect(r.log).not.toMatch(/ERROR|Warning/i);
    expect(r.code).toBe(0);
  });

  it('design files have no initial block, delay, or system task; default_nettype none', () => {
    for (const f of g.files) {
      const text = readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '');
      expect(text).not.toMatch(/\binitial\b|#\s*\d|\$display|\$finish|\$random/);
      expect(text.startsWith('`default_nettype none')).toBe(true);
    }
  });
});
