// `generate --flow openlane`: the folder is an OpenLane 2 / LibreLane design directory. No
// OpenLane install is possible here, so the bundle is validated by structure: config.json keys
// and types (the documented variable names), every VERILOG_FILES entry exists, the SDC names the
// clock port with the requested period and only existing ports, and synth.ys runs in Yosys.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../support/temp.ts';
import { main } from '../../cli/main.ts';
import { resolveConfig } from '../../generator/config.ts';
import { generate } from '../../generator/rtl/generate.ts';
import { OPENLANE_FILES } from '../../generator/rtl/openlane.ts';

let dir: string;
let lines: string[];
const out = { log: (s: string) => lines.push(s) };
beforeEach(() => {
  dir = tempDir('iterl2norm-ol-');
  lines = [];
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

/** `dir::name` -> name (paths relative to the design directory). */
const local = (v: string) => {
  expect(v).toMatch(/^dir::[^/]+$/);
  return v.slice('dir::'.length);
};

describe('generate --flow openlane', () => {
  it('config.json: the documented keys, files in compile order, the clock', async () => {
    const o = join(dir, 'bundle');
    expect(await main(['generate', '--d', '768', '--lanes', '16', '--format', 'fp32', '--flow', 'openlane', '--out', o], out)).toBe(0);
    const manifest = JSON.parse(readFileSync(join(o, 'manifest.json'), 'utf8'));
    const config = JSON.parse(readFileSync(join(o, OPENLANE_FILES.config), 'utf8'));
    expect(Object.keys(config).sort()).toEqual(['CLOCK_PERIOD', 'CLOCK_PORT', 'DESIGN_NAME', 'FP_CORE_UTIL', 'PL_TARGET_DENSITY_PCT', 'PNR_SDC_FILE', 'SIGNOFF_SDC_FILE', 'VERILOG_FILES']);
    expect(config.DESIGN_NAME).toBe(manifest.top);
    expect(config.DESIGN_NAME).toMatch(/^[_a-zA-Z][_a-zA-Z0-9]+$/);   // OpenLane: a C identifier
    expect(config.VERILOG_FILES.map(local)).toEqual(manifest.files);
    for (const f of config.VERILOG_FILES.map(local)) expect(existsSync(join(o, f))).toBe(true);
    expect(config.CLOCK_PORT).toBe('clk');
    expect(manifest.ports.find((p: { name: string }) => p.name === 'clk')).toMatchObject({ direction: 'input', width: 1 });
    expect(config.CLOCK_PERIOD).toBe(10);
    expect(local(config.PNR_SDC_FILE)).toBe(OPENLANE_FILES.sdc);
    expect(local(config.SIGNOFF_SDC_FILE)).toBe(OPENLANE_FILES.sdc);
    expect(config.FP_CORE_UTIL).toBeGreaterThan(0);
    expect(config.FP_CORE_UTIL).toBeLessThan(100);
    expect(config.PL_TARGET_DENSITY_PCT).toBeGreaterThan(config.FP_CORE_UTIL);
    expect(config.PL_TARGET_DENSITY_PCT).toBeLessThanOrEqual(100);
    expect(lines.join('\n')).toContain('openlane config.json');
  });

  it('constraints.sdc: create_clock on clk with --clock-period, delays on existing ports only', async () => {
    const o = join(dir, 'bundle');
    expect(await main(['generate', '--d', '64', '--lanes', '4', '--flow', 'openlane', '--clock-period', '12.5', '--out', o], out)).toBe(0);
    const manifest = JSON.parse(readFileSync(join(o, 'manifest.json'), 'utf8'));
    expect(JSON.parse(readFileSync(join(o, OPENLANE_FILES.config), 'utf8')).CLOCK_PERIOD).toBe(12.5);
    const sdc = readFileSync(join(o, OPENLANE_FILES.sdc), 'utf8');
    const code = sdc.split('\n').filter((l) => !l.trim().startsWith('#'));
    const clocks = code.filter((l) => l.startsWith('create_clock'));
    expect(clocks).toEqual(['create_clock -name clk -period 12.5 [get_ports {clk}]']);
    // Balanced braces and brackets (Tcl would reject the file otherwise).
    for (const [a, b] of [['{', '}'], ['[', ']']]) expect(sdc.split(a).length).toBe(sdc.split(b).length);
    const names = new Set(manifest.ports.map((p: { name: string }) => p.name));
    const delays = code.filter((l) => /^set_(input|output)_delay/.test(l));
    expect(delays).toHaveLength(2);
    for (const l of delays) {
      expect(l).toMatch(/^set_(input|output)_delay 2\.5 -clock \[get_clocks \{clk\}\] \[get_ports \{[^}]+\}\]$/);
      const ports = /\[get_ports \{([^}]+)\}\]$/.exec(l)![1].split(' ').map((p) => p.replace(/\[\*\]$/, ''));
      for (const p of ports) expect(names.has(p)).toBe(true);
      expect(ports).not.toContain('clk');
    }
    const inputs = manifest.ports.filter((p: { direction: string; name: string }) => p.direction === 'input' && p.name !== 'clk').map((p: { name: string }) => p.name);
    const outputs = manifest.ports.filter((p: { direction: string }) => p.direction === 'output').map((p: { name: string }) => p.name);
    const listed = (kind: string) => /\{([^}]+)\}\]$/.exec(delays.find((l) => l.startsWith(`set_${kind}_delay`))!)![1].split(' ').map((p) => p.replace(/\[\*\]$/, '')).sort();
    expect(listed('input')).toEqual([...inputs].sort());
    expect(listed('output')).toEqual([...outputs].sort());
    // synth.ys: the oldest Yosys it runs on, and the standard-cell mapping at the same period
    const ys = readFileSync(join(o, OPENLANE_FILES.yosys), 'utf8');
    expect(ys).toMatch(/^# Needs Yosys 0\.38 or newer \(`flatten -noscopeinfo`/m);
    expect(ys).toContain('abc -liberty <lib> -D 12500 -constr <constr>');
    expect(ys).toContain('--clock-period 12.5');
  });

  it('synth.ys runs in Yosys as it is, with its checks', async () => {
    const cfg = resolveConfig({ d: 8, lanes: 2, format: 'e5m2', internal: 'e7m5', initBits: 3 });
    const g = generate(cfg, join(dir, 'b'), { flow: 'openlane' });
    expect(g.flowFiles.map((f) => f.slice(g.dir.length + 1)).sort()).toEqual(Object.values(OPENLANE_FILES).sort());
    const { runYosys } = await import('@yowasp/yosys');
    const tree: Record<string, string> = {};
    for (const f of readdirSync(g.dir)) tree[f] = readFileSync(join(g.dir, f), 'utf8');
    const chunks: string[] = [];
    const sink = (b: Uint8Array | null) => { if (b) chunks.push(new TextDecoder().decode(b)); };
    await runYosys(['-s', OPENLANE_FILES.yosys], tree, { stdout: sink, stderr: sink });
    const log = chunks.join('');
    expect(log).not.toMatch(/ERROR/);
    expect(log).toMatch(/Estimated number of transistors/);
    expect(log).toMatch(/Longest topological path in \S+ \(length=\d+\)/);
  });

  it('without --flow: no bundle; a bad --flow or --clock-period writes nothing', async () => {
    const o = join(dir, 'plain');
    expect(await main(['generate', '--d', '16', '--lanes', '4', '--out', o], out)).toBe(0);
    expect(existsSync(join(o, OPENLANE_FILES.config))).toBe(false);
    const bad = join(dir, 'bad');
    expect(await main(['generate', '--flow', 'vivado', '--out', bad], out)).toBe(2);
    expect(await main(['generate', '--flow', 'openlane', '--clock-period', '0', '--out', bad], out)).toBe(2);
    expect(await main(['generate', '--flow', 'openlane', '--clock-period', 'fast', '--out', bad], out)).toBe(2);
    expect(existsSync(bad)).toBe(false);
  });
});
