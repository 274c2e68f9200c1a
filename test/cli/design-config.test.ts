// The configuration read back from a manifest's config record, by both readers: `cosim --netlist`
// (configFromRecord) and `golden/cosim --design` (argvWithDesign). Every option that changes the
// hardware must come back, the top module's name included.
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig, topModuleName } from '../../generator/config.ts';
import { configRecord } from '../../generator/rtl/generate.ts';
import { configFromRecord } from '../../generator/rtl/manifest-config.ts';
import { argvWithDesign } from '../../cli/design-option.ts';

const CORNERS: Array<[string, ConfigOptions]> = [
  ['the AXI4-Stream interface', { d: 8, lanes: 2, mode: 'rms', interface: 'axis' }],
  ['a ring below its default depth', { d: 8, lanes: 2, bufferBeats: 6 }],
  ['--d-max, pipelined, eps', { dMax: 40, lanes: 3, mode: 'layer', pipeline: 'add=2,mul=1,convert=1', eps: 1e-5 }],
  ['a residual summed in the internal format', { d: 8, lanes: 2, residual: true, residualSum: 'internal' }],
];

describe('a manifest config record gives back its configuration', () => {
  it.each(CORNERS)('%s: configFromRecord', (_name, opts) => {
    const cfg = resolveConfig(opts);
    expect(topModuleName(configFromRecord(configRecord(cfg), 'test'))).toBe(topModuleName(cfg));
  });

  it.each(CORNERS)('%s: --design fills every option not typed', (_name, opts) => {
    const cfg = resolveConfig(opts);
    const argv = argvWithDesign({}, { manifest: 'm.json', record: configRecord(cfg) }, new Set());
    expect(argv.interface).toBe(opts.interface);
    expect(argv['buffer-beats']).toBe(opts.bufferBeats === undefined ? undefined : String(opts.bufferBeats));
    expect(argv['d-max'] ?? argv.d).toBe(String(opts.dMax ?? opts.d));
    expect([argv.residual, argv['residual-sum']]).toEqual(opts.residual ? [true, opts.residualSum] : [undefined, undefined]);
  });
});
