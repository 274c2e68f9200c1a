// `iterl2norm synth --liberty`: the Liberty reader (plain, gzip, malformed files), the choice of
// the flow's cells, the store's timing model, and one hierarchical mapping (--hier) + OpenSTA run
// of a tiny configuration in the test library of fixtures/timed.lib: the report's fields, the
// written netlist, store model and constraints, OpenSTA rerun on them by hand giving the same
// path, the area per instance, timing through the hierarchy, the netlist at gate level; then the
// other flows (--flat, --keep-operators) and bad input.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { measurePower, powerVectors } from '../../tasks/power.ts';
import { resolveConfig } from '../../generator/config.ts';
import { elaborate } from '../../generator/plan.ts';
import { configFromRecord } from '../../generator/rtl/manifest-config.ts';
import { flowCells } from '../../synth/liberty/cells.ts';
import { parseLiberty, readLiberty } from '../../synth/liberty/parse.ts';
import { STORE_TIMING, storeLiberty, storePorts } from '../../synth/liberty/store-model.ts';
import { netlistArea, netlistModules } from '../../synth/netlist-area.ts';
import { parseEndpoints, parseWorstPath, registerName } from '../../synth/sta.ts';
import { text, yosys } from '../../synth/synth.ts';
import { stageOf } from '../../synth/timing-stages.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const TIMED = join(FIXTURES, 'timed.lib');
const SMALL = ['--d', '8', '--lanes', '2', '--format', 'e5m2', '--internal', 'e7m5', '--init-bits', '3'];
/** The plan of the timed design (SMALL with the registers the run gives it; they deepen its ring). */
const TIMED_PLAN = elaborate(resolveConfig({ d: 8, lanes: 2, format: 'e5m2', internal: 'e7m5', initBits: 3, pipeline: 'add=1,mul=1,convert=0' }));

/** OpenSTA rerun by hand, as a user would, on the files `--netlist STEM.v` wrote: the worst path. */
function rerunSta(stem: string, top: string): ReturnType<typeof parseWorstPath> {
  const tcl = `${stem}.rerun.tcl`;
  writeFileSync(tcl, [`read_liberty ${TIMED}`, `read_liberty ${stem}.store.lib`, `read_verilog ${stem}.v`, `link_design ${top}`, `read_sdc ${stem}.sdc`, 'report_checks -path_delay max -digits 4', 'exit'].join('\n'));
  const run = spawnSync('sta', ['-no_splash', '-no_init', '-exit', tcl], { encoding: 'utf8', timeout: 60_000 });
  return parseWorstPath(run.stdout);
}

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'iterl2norm-liberty-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Liberty reader', () => {
  it('reads the test library: name, units, cells, areas, pins, dont_use, flip-flops', () => {
    const lib = readLiberty(TIMED);
    expect(lib.name).toBe('testlib_typ');
    expect([lib.timeUnitNs, lib.capUnitPf]).toEqual([1, 1]);
    expect([...lib.cells.keys()].sort()).toEqual(['AND2_X1', 'AOI21_X1', 'BUF_SLOW', 'BUF_X1', 'BUF_X4', 'DFF_X1', 'INV_X1', 'INV_X4', 'NAND2_X1', 'NOR2_X1', 'TIEHI', 'TIELO', 'XOR2_X1']);
    expect(lib.cells.get('NAND2_X1')).toMatchObject({ area: 2.5, sequential: false, dontUse: false });
    expect(lib.cells.get('NAND2_X1')!.pins.map((p) => [p.name, p.direction, p.function ?? null])).toEqual([['A', 'input', null], ['B', 'input', null], ['Y', 'output', '!(A&B)']]);
    expect(lib.cells.get('DFF_X1')).toMatchObject({ area: 17.5, sequential: true });
    expect(lib.cells.get('BUF_SLOW')!.dontUse).toBe(true);
  });

  it('reads a gzip-compressed file as the plain one (same text, same hash)', () => {
    const gz = join(dir, 'timed.lib.gz');
    writeFileSync(gz, gzipSync(readFileSync(TIMED)));
    const a = readLiberty(TIMED);
    const b = readLiberty(gz);
    expect(b.hash).toBe(a.hash);
    expect([...b.cells.keys()]).toEqual([...a.cells.keys()]);
  });

  it('units other than ns and pF are converted', () => {
    const lib = parseLiberty('library (x) {\n time_unit : "1ps";\n capacitive_load_unit (1, ff);\n cell (A) { area : 1; }\n}\n', 'x.lib');
    expect([lib.timeUnitNs, lib.capUnitPf]).toEqual([0.001, 0.001]);
  });

  it('malformed files: one line naming the file and the line', () => {
    const bad: Array<[string, number, RegExp]> = [
      ['library (x) {\n  cell (A) {\n    area : 1;\n  \n}', 5, /unterminated group/],
      ['library (x) {\n  cell (A) {\n    area : 1;\n  }\n}\n}\n', 6, /unmatched "}"/],
      ['library (x) {\n  cell (A) {\n    area 1;\n  }\n}\n', 3, /expected ":" or "\(" after "area"/],
      ['library (x) {\n  cell (A) {\n    pin (Y) { function : "A&B; }\n  }\n}\n', 3, /unterminated string/],
      ['library (x) {\n  /* no end\n  cell (A) { area : 1; }\n}\n', 2, /unterminated comment/],
      ['library (x) {\n  time_unit : "3ns";\n  cell (A) { area : 1; }\n}\n', 2, /time_unit/],
      ['library (x) {\n  time_unit : "1ns";\n}\n', 1, /no cell/],
    ];
    for (const [text, line, what] of bad) {
      let message = '';
      try {
        parseLiberty(text, 'bad.lib');
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(new RegExp(`^bad\\.lib:${line}: malformed Liberty file: `));
      expect(message).toMatch(what);
      expect(message).not.toContain('\n');
    }
  });
});

describe('the flow\'s cells', () => {
  it('test library: tie cells, the smallest buffer and inverter, dont_use honoured, a fanout-of-4 load', () => {
    const c = flowCells(readLiberty(TIMED));
    expect(c.tieHi).toEqual({ cell: 'TIEHI', pin: 'Y' });
    expect(c.tieLo).toEqual({ cell: 'TIELO', pin: 'Y' });
    expect(c.buffer).toEqual({ cell: 'BUF_X1', in: 'A', out: 'Y' });   // BUF_SLOW is smaller but dont_use
    expect(c.driver).toEqual({ cell: 'INV_X1', in: 'A', out: 'Y' });
    expect(c.dontUse).toEqual(['BUF_SLOW']);
    expect(c.load.value).toBeCloseTo(4 * 0.002, 12);
    expect(c.load.fF).toBeCloseTo(8, 9);
  });

  it('sky130 names: probe and lpflow cells are dont-use without being marked', () => {
    const cell = (n: string, body: string) => `  cell (${n}) { area : 1; ${body} }\n`;
    const text = `library (sky130_fd_sc_hd__tt_025C_1v80) {\n${[
      cell('sky130_fd_sc_hd__lpflow_clkbufkapwr_1', 'pin (A) { direction : input; capacitance : 0.002; } pin (X) { direction : output; function : "A"; }'),
      cell('sky130_fd_sc_hd__probe_p_8', 'pin (A) { direction : input; } pin (X) { direction : output; function : "A"; }'),
      cell('sky130_fd_sc_hd__buf_2', 'pin (A) { direction : input; } pin (X) { direction : output; function : "A"; }'),
      cell('sky130_fd_sc_hd__inv_1', 'pin (A) { direction : input; capacitance : 0.002; } pin (Y) { direction : output; function : "!A"; }'),
      cell('sky130_fd_sc_hd__conb_1', 'pin (HI) { direction : output; function : "1"; } pin (LO) { direction : output; function : "0"; }'),
      cell('sky130_fd_sc_hd__dfxtp_1', 'ff (IQ, IQN) { next_state : "D"; clocked_on : "CLK"; } pin (CLK) { direction : input; clock : true; } pin (D) { direction : input; } pin (Q) { direction : output; function : "IQ"; }'),
    ].join('')}}\n`;
    const c = flowCells(parseLiberty(text, 'sky.lib'));
    expect(c.dontUse).toEqual(['sky130_fd_sc_hd__lpflow_clkbufkapwr_1', 'sky130_fd_sc_hd__probe_p_8']);
    expect(c.buffer.cell).toBe('sky130_fd_sc_hd__buf_2');
    expect(c.tieHi).toEqual({ cell: 'sky130_fd_sc_hd__conb_1', pin: 'HI' });
    expect(c.tieLo).toEqual({ cell: 'sky130_fd_sc_hd__conb_1', pin: 'LO' });
  });

  it('a library without tie cells is bad input', () => {
    expect(() => flowCells(readLiberty(join(FIXTURES, 'tiny.lib')))).toThrow(/tiny\.lib:1: the library has no usable tie-high cell/);
  });
});

describe('the store\'s timing model', () => {
  it('ports from the store module\'s Verilog, one cell per geometry, in the library\'s units', () => {
    const verilog = 'module x_vector_store #(\n parameter integer WIDTH = 32,\n parameter integer AW = 4\n) (\n input wire clk,\n input wire [AW-1:0] wr_addr,\n input wire [WIDTH-1:0] wr_data,\n output reg [WIDTH-1:0] rd_data\n);\nendmodule\n';
    const ports = storePorts(verilog, { WIDTH: 24, AW: 3, DEPTH: 6 });
    expect(ports).toEqual([
      { name: 'clk', direction: 'input', width: 1, clock: true },
      { name: 'wr_addr', direction: 'input', width: 3, clock: false },
      { name: 'wr_data', direction: 'input', width: 24, clock: false },
      { name: 'rd_data', direction: 'output', width: 24, clock: false },
    ]);
    const lib = parseLiberty('library (ps) {\n time_unit : "1ps";\n capacitive_load_unit (1, ff);\n cell (A) { area : 1; }\n}\n', 'ps.lib');
    const text = storeLiberty(lib, [{ module: 'x_vector_store_24x6', ports }]);
    const model = parseLiberty(text, 'store.lib');   // our own output is valid Liberty
    expect([...model.cells.keys()]).toEqual(['x_vector_store_24x6']);
    expect(text).toContain(`values ("${STORE_TIMING.clockToOutputNs * 1000}")`);   // ns -> ps
    expect(text).toContain(`values ("${STORE_TIMING.setupNs * 1000}")`);
    expect(text).toMatch(/type \(bus24\) \{[^}]*bit_width : 24;/);
  });
});

describe('OpenSTA report parsing', () => {
  it('worst path and end points', () => {
    const full = 'Startpoint: f_state[1]_reg (rising edge-triggered flip-flop clocked by clk)\nEndpoint: lane[1].acc[3]_reg (rising edge-triggered flip-flop clocked by clk)\nPath Group: clk\n...\n   -2.5000   slack (VIOLATED)\n';
    expect(parseWorstPath(full)).toEqual({ from: 'f_state[1]', to: 'lane[1].acc[3]', slack: -2.5 });
    const ends = 'Endpoint                               Delay   Delay   Slack\n------\nlane[1].acc[3]_reg/D (DFF_X1)    9.89   12.37  -2.48 (VIOLATED)\nout_data[0] (output)    10.00   3.00   7.00 (MET)\n';
    expect(parseEndpoints(ends)).toEqual([{ endpoint: 'lane[1].acc[3]_reg', slack: -2.48 }, { endpoint: 'out_data[0]', slack: 7 }]);
  });

  it('stages from end point names', () => {
    expect(stageOf('sq_q[3]_reg')).toBe('square');
    expect(stageOf('lane[2].acc[13]_reg')).toBe('accumulate');
    expect(stageOf('t_q[0]_reg')).toBe('scalar loop');
    expect(stageOf('out_data[5]')).toBe('output');
    expect(stageOf('f_state[0]_reg')).toBe('control');
  });
});

describe('iterl2norm synth --liberty (command line, test library)', () => {
  const lines: string[] = [];
  const out = { log: (s: string) => lines.push(s) };
  let r: Record<string, any>;
  let stem: string;

  beforeAll(async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    stem = join(dir, 'top');
    // explicit registers (no timing-driven choice), timed at 5 ns
    expect(await main(['synth', ...SMALL, '--pipeline', 'add=1,mul=1,convert=0', '--liberty', TIMED, '--hier', '--sram-um2-per-bit', '1.5', '--clock-period', '5', '--json', join(dir, 'r.json'), '--netlist', `${stem}.v`, '--yosys-log', join(dir, 'yosys.log')], out)).toBe(0);
    vi.restoreAllMocks();
    r = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
  }, 120_000);

  it('the contract\'s fields', () => {
    expect(r).toMatchObject({ liberty: 'testlib_typ', clockPeriodNs: 5, memoryBits: TIMED_PLAN.bufferBeats * 2 * 8 });
    expect(typeof r.top).toBe('string');
    expect(typeof r.cells.total).toBe('number');
    for (const k of ['flipFlops', 'memoryBits', 'longestPathGates', 'areaUm2', 'criticalPathNs', 'fmaxMhz', 'wnsNs']) expect(typeof r[k]).toBe('number');
    expect(r.areaUm2).toBeGreaterThan(1000);
    expect(r.criticalPathNs).toBeGreaterThan(0.5);
    expect(r.fmaxMhz).toBeCloseTo(1000 / r.criticalPathNs, 1);
    expect(r.wnsNs).toBeCloseTo(5 - r.criticalPathNs, 3);
    expect(r.criticalPath.from).toMatch(/\S/);
    expect(r.criticalPath.to).toMatch(/\S/);
    expect(lines.join('\n')).toMatch(/critical path \(OpenSTA\)\s+[\d.]+ ns, fmax/);
    // the memory at the given area per bit, and the total
    expect(r.memoryAreaUm2).toBeCloseTo(r.memoryBits * 1.5, 2);
    expect(r.totalAreaUm2).toBeCloseTo(r.areaUm2 + r.memoryAreaUm2, 2);
    expect(lines.join('\n')).toMatch(/total area\s+[\d,.]+ um\^2 \(standard cells and memory\)/);
  });

  it('--yosys-log: the full log of every Yosys run, each line stamped with seconds that never go back', () => {
    const log = readFileSync(join(dir, 'yosys.log'), 'utf8').split('\n').slice(0, -1);
    const runs = log.filter((l) => /---- Yosys run \d+ ----$/.test(l));
    expect(runs.length).toBeGreaterThanOrEqual(2); // the generic synthesis and the library's flow
    expect(log.every((l) => /^\[ *\d+\.\d s\] /.test(l))).toBe(true);
    const seconds = log.map((l) => Number(/^\[ *(\d+\.\d) s\]/.exec(l)![1]));
    expect(seconds.every((t, i) => i === 0 || t >= seconds[i - 1]!)).toBe(true);
    const text = log.join('\n');
    for (const pass of ['Executing ABC', 'dfflibmap', 'End of script']) expect(text).toContain(pass);
  });

  it('only the library\'s usable cells; flip-flops and area add up', () => {
    const lib = readLiberty(TIMED);
    const types = Object.keys(r.timing.byType);
    expect(types.every((t) => lib.cells.has(t) && t !== 'BUF_SLOW')).toBe(true);
    expect(r.timing.byType.DFF_X1).toBe(r.timing.flipFlops);
    expect(r.timing.keptModules).toEqual([]);
    expect(r.timing.hierarchical).toBe(true);   // the default flow: the hierarchy kept
    const area = Object.entries(r.timing.byType as Record<string, number>).reduce((a, [t, n]) => a + n * lib.cells.get(t)!.area, 0);
    expect(r.areaUm2).toBeCloseTo(area, 1);
    expect(r.timing.flipFlopAreaUm2).toBeCloseTo(r.timing.flipFlops * lib.cells.get('DFF_X1')!.area, 1);
  });

  it('the stages of the datapath, each within the critical path, the worst equal to it', () => {
    const stages = r.timing.stages as Array<{ stage: string; delayNs: number }>;
    expect(stages.map((s) => s.stage)).toEqual(expect.arrayContaining(['square', 'accumulate', 'scalar loop', 'output']));
    for (const s of stages) expect(s.delayNs).toBeLessThanOrEqual(r.criticalPathNs + 1e-9);
    expect(Math.max(...stages.map((s) => s.delayNs))).toBeCloseTo(r.criticalPathNs, 4);
  });

  it('the written store model matches the store\'s geometry', () => {
    const model = readLiberty(`${stem}.store.lib`);
    const name = `${r.top}_vector_store_${2 * 8}x${TIMED_PLAN.bufferBeats}`;
    expect([...model.cells.keys()]).toEqual([name]);
    const pins = Object.fromEntries(r.timing.stores[0].ports.map((p: { name: string; width: number }) => [p.name, p.width]));
    expect(pins).toMatchObject({ wr_data: 16, rd_data: 16, wr_addr: Math.max(1, Math.ceil(Math.log2(TIMED_PLAN.bufferBeats))), rd_addr: Math.max(1, Math.ceil(Math.log2(TIMED_PLAN.bufferBeats))) });
    const netlist = readFileSync(`${stem}.v`, 'utf8');
    // one instance, the ring of beats, no parameters on the black box
    const instances = [...netlist.matchAll(new RegExp(`^\\s*${name} \\S*ring \\s*\\(`, 'gm'))];
    expect(instances.length).toBe(1);
    expect(netlist).not.toMatch(/^\s*assign /m);
  });

  it('OpenSTA rerun by hand on the written files reproduces the critical path', () => {
    const worst = rerunSta(stem, r.top);
    expect(5 - worst.slack).toBeCloseTo(r.criticalPathNs, 3);
    expect(worst).toMatchObject(r.criticalPath);
  });

  it('the hierarchical netlist: each distinct module once, its area counted once per instance', () => {
    const lib = readLiberty(TIMED);
    const netlist = readFileSync(`${stem}.v`, 'utf8');
    const modules = netlistModules(netlist);
    expect(modules.size).toBeGreaterThan(3);
    expect([...modules.keys()].every((m) => /^[A-Za-z_]\w*$/.test(m))).toBe(true);   // plain names, no $paramod
    // a module instantiated more than once (the two lanes' squares): defined once, counted twice
    const uses = new Map<string, number>();
    for (const types of modules.values()) for (const [t, n] of types) if (modules.has(t)) uses.set(t, (uses.get(t) ?? 0) + n);
    expect(Math.max(...uses.values())).toBeGreaterThanOrEqual(2);
    const counted = netlistArea(netlist, lib, r.top);
    expect(r.areaUm2).toBeCloseTo(counted.area, 1);
    expect(r.timing.cells).toBe(counted.cells);
    expect(Object.fromEntries(counted.byType)).toEqual(r.timing.byType);
    // each module once would be less
    const once = [...modules.values()].reduce((a, types) => a + [...types].reduce((b, [t, n]) => b + n * (lib.cells.get(t)?.area ?? 0), 0), 0);
    expect(once).toBeLessThan(counted.area - 1);
  });

  it('the hierarchical netlist at gate level: cosim --netlist bit-exact, power annotates every cell output of every instance', async () => {
    const json = join(dir, 'gate.json');
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['cosim', '--netlist', `${stem}.v`, '--liberty', TIMED, '--vectors', '4', '--json', json], out)).toBe(0);
    } finally {
      vi.restoreAllMocks();
    }
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ top: r.top, vectors: 4, passed: 4, failed: 0 });
    const lib = readLiberty(TIMED);
    const m = JSON.parse(readFileSync(`${stem}.manifest.json`, 'utf8'));
    expect(m.netlist.hierarchical).toBe(true);
    const cfg = configFromRecord(m.config, 'manifest');
    const texts = { netlist: readFileSync(`${stem}.v`, 'utf8'), storeLiberty: readFileSync(`${stem}.store.lib`, 'utf8'), sdc: readFileSync(`${stem}.sdc`, 'utf8') };
    const p = await measurePower({ cfg, lib, texts, top: r.top, periodNs: 5, vectors: powerVectors(cfg, 2) });
    // every output pin of every cell instance, those below the netlist's module instances
    // included, and the store's read data (`<store>_<WIDTH>x<DEPTH>`: WIDTH bits)
    const { byType, other } = netlistArea(texts.netlist, lib, r.top);
    const outputs = [...byType].reduce((a, [t, n]) => a + n * lib.cells.get(t)!.pins.filter((q) => q.direction === 'output').length, 0);
    const storeBits = [...other].reduce((a, [t, n]) => a + n * Number(/_(\d+)x\d+$/.exec(t)![1]), 0);
    expect(storeBits).toBe(16);
    expect(p.pinsAnnotated).toBe(outputs + storeBits);   // (this library has no power data: the figures are 0)
  }, 60_000);

  it('OpenSTA through the hierarchy: every end point\'s slack as on the same gates flattened', async () => {
    const files = { 'cells.lib': readFileSync(TIMED, 'utf8'), 'store.lib': readFileSync(`${stem}.store.lib`, 'utf8'), 'net.v': readFileSync(`${stem}.v`, 'utf8') };
    const run = await yosys(['-q', '-p', `read_liberty -lib cells.lib; read_liberty -lib store.lib; read_verilog net.v; hierarchy -top ${r.top}; flatten; setattr -set keep 1 t:*; opt_clean -purge; write_verilog -noattr -noexpr flat.v`], files);
    expect(run.failed).toBe(false);
    const flat = text(run.files, 'flat.v')!;
    expect([...flat.matchAll(/^module /gm)]).toHaveLength(1);
    writeFileSync(`${stem}.flat.v`, flat);
    // (every cell kept: the same gates, only the alias nets of the module ports merged)
    const ends = (netlist: string) => {
      const tcl = `${stem}.ends.tcl`;
      writeFileSync(tcl, [`read_liberty ${TIMED}`, `read_liberty ${stem}.store.lib`, `read_verilog ${netlist}`, `link_design ${r.top}`, `read_sdc ${stem}.sdc`, 'report_checks -path_delay max -group_count 100000 -format end -digits 4', 'exit'].join('\n'));
      const out = spawnSync('sta', ['-no_splash', '-no_init', '-exit', tcl], { encoding: 'utf8', timeout: 60_000 }).stdout;
      return new Map(parseEndpoints(out).map((e) => [registerName(e.endpoint), e.slack]));
    };
    const hier = ends(`${stem}.v`);
    expect(hier.size).toBeGreaterThan(100);
    expect([...hier.keys()].some((e) => e.split('.').length > 2)).toBe(true);   // end points inside modules of modules
    expect(ends(`${stem}.flat.v`)).toEqual(hier);
  });

  it('bad input: a malformed Liberty file, or one without tie cells: exit 2, one line, nothing written', async () => {
    const bad = join(dir, 'bad.lib');
    writeFileSync(bad, 'library (x) {\n  cell (A) {\n    area 1;\n  }\n}\n');
    const json = join(dir, 'bad.json');
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err.push(String(s)); return true; });
    try {
      expect(await main(['synth', ...SMALL, '--liberty', bad, '--json', json], out)).toBe(2);
      expect(await main(['synth', ...SMALL, '--liberty', join(FIXTURES, 'tiny.lib'), '--json', json], out)).toBe(2);
    } finally {
      vi.restoreAllMocks();
    }
    expect(err[0]).toMatch(/^iterl2norm: .*bad\.lib:3: malformed Liberty file: expected ":" or "\(" after "area"\n$/);
    expect(err[1]).toMatch(/tiny\.lib:1: the library has no usable tie-high cell/);
    expect(existsSync(json)).toBe(false);
  });

  it('--netlist with --liberty writes four files: standard output is refused before the work, nothing written', async () => {
    const json = join(dir, 'three.json');
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err.push(String(s)); return true; });
    try {
      expect(await main(['synth', ...SMALL, '--liberty', TIMED, '--netlist', '-', '--json', json], out)).toBe(2);
    } finally {
      vi.restoreAllMocks();
    }
    expect(err.join('')).toMatch(/^iterl2norm: --netlist -: with --liberty it writes four files .*give a file name\n$/);
    expect(existsSync(json)).toBe(false);
  });

  it('--closure-runs: an integer 0..4, only for timing-driven pipelining: exit 2, one line, nothing written', async () => {
    const json = join(dir, 'closure.json');
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err.push(String(s)); return true; });
    try {
      expect(await main(['synth', ...SMALL, '--liberty', TIMED, '--clock-period', '5', '--closure-runs', '9', '--json', json], out)).toBe(2);
      expect(await main(['synth', ...SMALL, '--liberty', TIMED, '--closure-runs', '1', '--json', json], out)).toBe(2);
      expect(await main(['synth', ...SMALL, '--clock-period', '5', '--closure-runs', '1', '--json', json], out)).toBe(2);
      expect(await main(['synth', ...SMALL, '--liberty', TIMED, '--clock-period', '5', '--pipeline', 'add=1', '--closure-runs', '1', '--json', json], out)).toBe(2);
    } finally {
      vi.restoreAllMocks();
    }
    expect(err).toHaveLength(4);
    expect(err[0]).toBe('iterl2norm: --closure-runs must be an integer from 0 to 4 (got "9")\n');
    for (const e of err.slice(1)) expect(e).toMatch(/^iterl2norm: --closure-runs applies to timing-driven pipelining only: give it with --liberty and --clock-period \(and no --pipeline, --target-depth or --gate-delay\)\n$/);
    expect(existsSync(json)).toBe(false);
  });

  it('--keep-operators: each operator module mapped once by ABC, then one flat netlist OpenSTA times', async () => {
    const kept = join(dir, 'kept');
    const log = join(dir, 'kept.log');
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['synth', ...SMALL, '--pipeline', 'add=1,mul=1,convert=0', '--liberty', TIMED, '--sram-um2-per-bit', '1.5', '--clock-period', '5', '--keep-operators', '--json', `${kept}.json`, '--netlist', `${kept}.v`, '--yosys-log', log], out)).toBe(0);
    } finally {
      vi.restoreAllMocks();
    }
    const k = JSON.parse(readFileSync(`${kept}.json`, 'utf8'));
    const text = readFileSync(log, 'utf8');
    // ABC ran on the operator modules themselves, not only on the top
    const abcModules = [...text.matchAll(/Extracting gate netlist of module `([^']+)'/g)].map((m) => m[1]!);
    expect(abcModules.some((m) => m.endsWith(`${k.top}_fp_add`))).toBe(true);
    expect(abcModules.some((m) => m.endsWith(`${k.top}_fp_mul`))).toBe(true);
    expect(abcModules.some((m) => m.endsWith(k.top) && !m.includes('$paramod'))).toBe(true);
    // one flat module (and the store's black box), flip-flops named as in the flattened flow
    const netlist = readFileSync(`${kept}.v`, 'utf8');
    expect([...netlist.matchAll(/^module ([^\s(]+)/gm)].map((m) => m[1])).toEqual([k.top]);
    expect(netlist).toMatch(/adder\S*_reg /);
    expect(k.timing.keptModules).toEqual([`*${k.top}_fp_add`, `*${k.top}_fp_mul`, `*${k.top}_fp_convert`]);
    expect(k.timing.flipFlops).toBeGreaterThan(0);
    expect(k.areaUm2).toBeGreaterThan(1000);
    // the report is OpenSTA's on the written files
    expect(5 - rerunSta(kept, k.top).slack).toBeCloseTo(k.criticalPathNs, 3);
  }, 120_000);

  it('--flat: the whole design flattened before mapping, one flat netlist (no module mapped once)', async () => {
    const flat = join(dir, 'flat');
    const log = join(dir, 'flat.log');
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      // one lane, combinational: the cheapest design with operators in several modules
      expect(await main(['synth', '--d', '4', '--lanes', '1', '--format', 'e5m2', '--internal', 'e7m5', '--init-bits', '3', '--liberty', TIMED, '--sram-um2-per-bit', '1.5', '--flat', '--json', `${flat}.json`, '--netlist', `${flat}.v`, '--yosys-log', log], out)).toBe(0);
    } finally {
      vi.restoreAllMocks();
    }
    const f = JSON.parse(readFileSync(`${flat}.json`, 'utf8'));
    expect(f.timing).toMatchObject({ hierarchical: false, keptModules: [] });
    // ABC ran on the top alone
    const abcModules = [...readFileSync(log, 'utf8').matchAll(/Extracting gate netlist of module `\\?([^']+)'/g)].map((m) => m[1]!);
    expect(new Set(abcModules)).toEqual(new Set([f.top]));
    const netlist = readFileSync(`${flat}.v`, 'utf8');
    expect([...netlist.matchAll(/^module ([^\s(]+)/gm)].map((m) => m[1])).toEqual([f.top]);
    expect(f.areaUm2).toBeCloseTo(netlistArea(netlist, readLiberty(TIMED), f.top).area, 1);
    expect(10 - rerunSta(flat, f.top).slack).toBeCloseTo(f.criticalPathNs, 3);
  }, 120_000);

  it('--keep-operators or --hier without --liberty, two flows at once: exit 2, one line, nothing written', async () => {
    const json = join(dir, 'kept-bad.json');
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err.push(String(s)); return true; });
    try {
      expect(await main(['synth', ...SMALL, '--keep-operators', '--json', json], out)).toBe(2);
      expect(await main(['synth', ...SMALL, '--liberty', TIMED, '--keep-operators', '--flat', '--json', json], out)).toBe(2);
      expect(await main(['synth', ...SMALL, '--hier', '--json', json], out)).toBe(2);
    } finally {
      vi.restoreAllMocks();
    }
    expect(err).toEqual([
      'iterl2norm: --keep-operators applies to the standard-cell flow only: give it with --liberty\n',
      'iterl2norm: --flat and --keep-operators: give one flow of --liberty (--hier: the hierarchy kept, each distinct module mapped once; --flat: all flattened before mapping; --keep-operators: operators mapped once, then flattened)\n',
      'iterl2norm: --hier applies to the standard-cell flow only: give it with --liberty\n',
    ]);
    expect(existsSync(json)).toBe(false);
  });

  it('OpenSTA missing: exit 3 with the install command, before any synthesis', async () => {
    const path = process.env.PATH;
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err.push(String(s)); return true; });
    process.env.PATH = join(dir, 'empty');
    try {
      expect(await main(['synth', ...SMALL, '--liberty', TIMED], out)).toBe(3);
    } finally {
      process.env.PATH = path;
      vi.restoreAllMocks();
    }
    expect(err.join('')).toMatch(/OpenSTA is not installed .*apt-get install -y opensta/);
  });
});
