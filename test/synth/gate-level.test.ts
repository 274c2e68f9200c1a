// Gate-level co-simulation, power and total area with the project's test libraries: cell models
// from Liberty functions (truth tables), the VCD activity counter, the manifest's configuration
// coming back, the memory model per library; one `synth --liberty --power --netlist` of a tiny
// configuration in fixtures/timed-power.lib, then `cosim --netlist` on it (bit-exact, and a cell
// model with a wrong function caught), bad input, and power from the simulation (zero inputs
// switch less than random ones).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { measurePower, powerVectors } from '../../tasks/power.ts';
import { resolveConfig, type ConfigOptions } from '../../generator/config.ts';
import { configRecord, renderDesign } from '../../generator/rtl/generate.ts';
import { configFromRecord } from '../../generator/rtl/manifest-config.ts';
import { vcdActivity } from '../../sim/vcd-activity.ts';
import { cellModel, libertyExpression } from '../../synth/liberty/cell-models.ts';
import { memoryModel } from '../../synth/liberty/memory-area.ts';
import { parseLiberty, readLiberty } from '../../synth/liberty/parse.ts';
import { powerLiberty, renameInstances } from '../../synth/power.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const POWER_LIB = join(FIXTURES, 'timed-power.lib');
const TINY = ['--d', '4', '--lanes', '1', '--format', 'e5m2', '--internal', 'e7m5', '--init-bits', '3'];

/** The Verilog expression as a JavaScript function of 0/1 inputs. */
function evaluate(verilog: string, names: string[]): (...v: number[]) => number {
  const js = verilog.replace(/1'b([01])/g, '$1').replace(/~/g, '!');   // JavaScript's ! binds as tightly as Verilog's ~
  // eslint-disable-next-line no-new-func
  return new Function(...names, `return (${js}) & 1;`) as (...v: number[]) => number;
}

function truthTable(f: (...v: number[]) => number, n: number): number[] {
  return Array.from({ length: 1 << n }, (_, k) => f(...Array.from({ length: n }, (_, i) => (k >> i) & 1)));
}

/** Cells of every storage kind, and one without a function (cell-models.ts). */
const MODELS_LIB = `library (m) {
  cell (DFFRS) { area : 1;
    ff (IQ, IQN) { next_state : "D"; clocked_on : "!CLK"; clear : "!RESET_B"; preset : "!SET_B"; clear_preset_var1 : L; clear_preset_var2 : H; }
    pin (CLK) { direction : input; clock : true; } pin (D) { direction : input; } pin (RESET_B) { direction : input; } pin (SET_B) { direction : input; }
    pin (Q) { direction : output; function : "IQ"; } pin (Q_N) { direction : output; function : "IQN"; } }
  cell (LAT) { area : 1; latch (IQ, IQN) { data_in : "D"; enable : "GATE"; }
    pin (D) { direction : input; } pin (GATE) { direction : input; } pin (Q) { direction : output; function : "IQ"; } }
  cell (EBUF) { area : 1; pin (A) { direction : input; } pin (TE_B) { direction : input; }
    pin (Z) { direction : output; function : "A"; three_state : "TE_B"; } }
  cell (NOFN) { area : 1; pin (A) { direction : input; } pin (Y) { direction : output; } }
}`;

/** Drives the models of MODELS_LIB and prints what they hold (`three_state : "TE_B"`: off while TE_B is 1). */
const CELL_BENCH = `module tb;
  reg CLK = 1, D = 0, RESET_B = 1, SET_B = 1, G = 0, LD = 0, A = 0, TE_B = 1;
  wire Q, Q_N, LQ, Z;
  DFFRS f (.CLK(CLK), .D(D), .RESET_B(RESET_B), .SET_B(SET_B), .Q(Q), .Q_N(Q_N));
  LAT l (.D(LD), .GATE(G), .Q(LQ));
  EBUF e (.A(A), .TE_B(TE_B), .Z(Z));
  initial begin
    #1 RESET_B = 0; #1 $display("clear %b%b", Q, Q_N);
    RESET_B = 1; D = 1; #1 CLK = 0; #1 $display("negedge loads 1: %b%b", Q, Q_N);
    D = 0; #1 CLK = 1; #1 $display("posedge keeps: %b%b", Q, Q_N);
    SET_B = 0; RESET_B = 0; #1 $display("both (L, H): %b%b", Q, Q_N);
    RESET_B = 1; #1 $display("clear released, preset holds: %b%b", Q, Q_N);
    CLK = 0; #1 CLK = 1; #1 $display("clock while preset: %b%b", Q, Q_N);
    SET_B = 1; #1 CLK = 0; #1 $display("released, negedge loads 0: %b%b", Q, Q_N);
    G = 1; LD = 1; #1 $display("latch open follows: %b", LQ);
    G = 0; LD = 0; #1 $display("latch closed holds: %b", LQ);
    #1 $display("tristate off: %b", Z);
    TE_B = 0; #1 $display("tristate on: %b", Z);
  end
endmodule
`;

describe('cell models from Liberty functions', () => {
  it('operators, precedence and spellings: truth tables', () => {
    const cases: Array<[string, string[], (...v: number[]) => number]> = [
      ['!(A&B)', ['A', 'B'], (a, b) => 1 - (a & b)],
      ['A B', ['A', 'B'], (a, b) => a & b],                   // a space is AND
      ["A'+B", ['A', 'B'], (a, b) => (1 - a) | b],           // postfix NOT, + is OR
      ['A*B|C', ['A', 'B', 'C'], (a, b, c) => (a & b) | c],    // AND before OR
      ['A|B&C', ['A', 'B', 'C'], (a, b, c) => a | (b & c)],
      ['A^B&C', ['A', 'B', 'C'], (a, b, c) => (a ^ b) & c],    // XOR before AND
      ['!A^B', ['A', 'B'], (a, b) => (1 - a) ^ b],             // NOT before XOR
      ['((A1&A2)|B1)\'', ['A1', 'A2', 'B1'], (a, b, c) => 1 - ((a & b) | c)],
      ['(!A&!B)|(A&B&!C_N)', ['A', 'B', 'C_N'], (a, b, c) => ((1 - a) & (1 - b)) | (a & b & (1 - c))],
      ['1', [], () => 1],
      ['0', [], () => 0],
    ];
    for (const [fn, names, want] of cases) {
      expect(truthTable(evaluate(libertyExpression(fn, 'test'), names), names.length), fn).toEqual(truthTable(want, names.length));
    }
  });

  it('an unreadable function is bad input naming the cell', () => {
    expect(() => libertyExpression('A & (B', 'x.lib: cell C')).toThrow(/x\.lib: cell C: cannot read the Liberty function "A & \(B"/);
    expect(() => libertyExpression('A % B', 'x.lib: cell C')).toThrow(/cannot read/);
  });

  it('flip-flops (clear, preset, both), latches and tristate outputs are modelled; a cell without a function is refused', () => {
    const lib = parseLiberty(MODELS_LIB, 'm.lib');
    const ff = cellModel(lib.cells.get('DFFRS')!, 'm.lib');
    expect(ff).toContain('wire ck_ = ~CLK;');
    expect(ff).toContain('always @(posedge ck_) if (!clr_ && !pre_)');
    expect(ff).toMatch(/if \(clr_ && pre_\) begin IQ <= 1'b0; IQN <= 1'b1; end/);
    expect(ff).toContain('assign Q_N = IQN;');
    const lat = cellModel(lib.cells.get('LAT')!, 'm.lib');
    expect(lat).toContain('always @* begin');
    expect(lat).toMatch(/else if \(en_\) begin IQ <= d_;/);
    expect(cellModel(lib.cells.get('EBUF')!, 'm.lib')).toContain("assign Z = TE_B ? 1'bz : A;");
    expect(() => cellModel(lib.cells.get('NOFN')!, 'm.lib')).toThrow(/m\.lib: cell NOFN: no simulation model \(output Y without a function\)/);
  });

  it('the flip-flop, latch and tristate models behave as their groups say (Icarus)', () => {
    const lib = parseLiberty(MODELS_LIB, 'm.lib');
    const dir = mkdtempSync(join(tmpdir(), 'iterl2norm-cells-'));
    try {
      const models = ['DFFRS', 'LAT', 'EBUF'].map((c) => cellModel(lib.cells.get(c)!, 'm.lib')).join('\n');
      writeFileSync(join(dir, 'm.v'), `${models}\n${CELL_BENCH}`);
      const c = spawnSync('iverilog', ['-g2005', '-o', join(dir, 'sim'), join(dir, 'm.v')], { encoding: 'utf8' });
      expect(c.status, c.stderr).toBe(0);
      const r = spawnSync('vvp', ['-n', join(dir, 'sim')], { encoding: 'utf8' });
      expect(r.stdout.trim().split('\n')).toEqual([
        'clear 01', 'negedge loads 1: 10', 'posedge keeps: 10', 'both (L, H): 01', 'clear released, preset holds: 10',
        'clock while preset: 10', 'released, negedge loads 0: 01',
        'latch open follows: 1', 'latch closed holds: 1', 'tristate off: z', 'tristate on: 0',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('switching activity from a VCD', () => {
  it('counts settled transitions (a glitch within a time step is none), time at 1, vector bits, scopes', () => {
    const vcd = `$timescale 1ps $end
$scope module tb $end
$var reg 1 ! clk $end
$scope module dut $end
$var wire 1 " a $end
$var wire 2 # v [1:0] $end
$scope module g0 $end
$var wire 1 $ Y $end
$upscope $end
$upscope $end
$upscope $end
$enddefinitions $end
#0
$dumpvars
0!
x"
b00 #
0$
$end
#10
1!
1"
1$
0$
#20
0!
0"
b11 #
#30
1!
b10 #
1$
#40
`;
    const act = vcdActivity(vcd, ['tb', 'dut']);
    const get = (scope: string[], name: string, bit: number | null = null) => act.bits.find((b) => b.scope.join('.') === scope.join('.') && b.name === name && b.bit === bit)!;
    expect(act.endTime).toBe(40);
    expect(act.timescale).toBe('1ps');
    expect(act.bits.some((b) => b.name === 'clk')).toBe(false);   // outside tb.dut
    expect(get([], 'a')).toMatchObject({ toggles: 1, highTime: 10 });   // x -> 1 is no toggle; 1 -> 0 is one
    expect(get(['g0'], 'Y')).toMatchObject({ toggles: 1, highTime: 10 }); // 0 -> 1 -> 0 within one time step is a glitch
    expect(get([], 'v', 0)).toMatchObject({ toggles: 2, highTime: 10 });
    expect(get([], 'v', 1)).toMatchObject({ toggles: 1, highTime: 20 });
    // the same VCD as bytes, decoded a few bytes at a time (chunks end at line ends; a line
    // longer than a chunk is taken whole): the same counts
    for (const chunk of [7, 16, 1 << 20]) expect(vcdActivity(Buffer.from(vcd, 'latin1'), ['tb', 'dut'], chunk)).toEqual(act);
  });
});

describe('the configuration back from a manifest', () => {
  const corners: ConfigOptions[] = [
    { d: 8, lanes: 2, format: 'e5m2', internal: 'e7m5', initBits: 3 },
    { d: 24, lanes: 3, format: 'bf16', mode: 'layer', pipeline: 'add=2,mul=1,convert=1' },
    { dMax: 16, lanes: 4, format: 'fp16', mode: 'rms', rule: 'euler', lambda: 0.25, init: 'exp', eps: 1e-3, inputShift: 2 },
    { d: 16, lanes: 2, engine: 'compact', steps: 3 },
  ];
  for (const opts of corners) {
    it(`the same Verilog: ${JSON.stringify(opts)}`, () => {
      const cfg = resolveConfig(opts);
      const back = configFromRecord(JSON.parse(JSON.stringify(configRecord(cfg))), 'manifest.json');
      expect(renderDesign(back)).toEqual(renderDesign(cfg));
    });
  }
  it('a record that is not a manifest is bad input', () => {
    expect(() => configFromRecord({ d: 8 }, 'x.json')).toThrow(/x\.json: not a manifest of this generator \(config lacks format/);
  });
});

describe('memory area per bit', () => {
  it('built in for sky130 and sg13g2 (a macro\'s size over its bits), given for others, else bad input', () => {
    expect(memoryModel('sky130_fd_sc_hd__tt_025C_1v80').um2PerBit).toBeCloseTo((479.78 * 397.5) / 8192, 6);
    expect(memoryModel('sg13g2_stdcell_typ_1p20V_25C').um2PerBit).toBeCloseTo((402.61 * 385.37) / 16384, 6);
    expect(memoryModel('testlib_typ', 2.5)).toMatchObject({ um2PerBit: 2.5, source: '--sram-um2-per-bit 2.5' });
    expect(memoryModel('sky130_fd_sc_hd__tt_025C_1v80', 10).um2PerBit).toBe(10);
    expect(() => memoryModel('testlib_typ')).toThrow(/no built-in memory area for library testlib_typ .*give --sram-um2-per-bit A/);
  });
});

describe('the power flow\'s rewrites', () => {
  it('powerLiberty: every output function becomes its pin, inputs and other text unchanged', () => {
    const text = readFileSync(POWER_LIB, 'utf8');
    const lib = parseLiberty(powerLiberty(text), 'p.lib');
    const orig = parseLiberty(text, 'o.lib');
    for (const [name, cell] of orig.cells) {
      const pins = lib.cells.get(name)!.pins;
      for (const [k, p] of cell.pins.entries()) {
        expect(pins[k]!.function).toBe(p.direction === 'output' && p.function !== undefined ? p.name : p.function);
      }
    }
  });

  it('renameInstances: plain names g0, g1, ... and each one\'s cell; module header and nets untouched', () => {
    const r = renameInstances('module top(a, y);\n  input a;\n  NAND2_X1 _05_ (\n    .A(a),\n    .Y(y)\n  );\n  DFF_X1 \\x.q[3]_reg  (\n    .D(y)\n  );\nendmodule\n');
    expect([...r.instances]).toEqual([['g0', 'NAND2_X1'], ['g1', 'DFF_X1']]);
    expect(r.netlist).toContain('module top(a, y);');
    expect(r.netlist).toContain('NAND2_X1 g0 (');
    expect(r.netlist).toContain('DFF_X1 g1 (');
  });
});

describe('synth --power, cosim --netlist (test library with power data)', () => {
  let dir: string;
  let stem: string;
  let r: Record<string, any>;
  const lines: string[] = [];
  const out = { log: (s: string) => lines.push(s) };

  /** main() with stderr captured: exit status and stderr lines. */
  async function run(args: string[]): Promise<{ code: number; err: string[] }> {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err.push(String(s)); return true; });
    try {
      return { code: await main(args, out), err };
    } finally {
      vi.restoreAllMocks();
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iterl2norm-gate-'));
    stem = join(dir, 'top');
    const s = await run(['synth', ...TINY, '--liberty', POWER_LIB, '--sram-um2-per-bit', '2', '--power', '--power-vectors', '4', '--json', join(dir, 's.json'), '--netlist', `${stem}.v`]);
    expect(s.code).toBe(0);
    r = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'));
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('total area: standard cells and the memory at the given area per bit', () => {
    expect(r.memoryAreaUm2).toBeCloseTo(r.memoryBits * 2, 2);
    expect(r.totalAreaUm2).toBeCloseTo(r.areaUm2 + r.memoryAreaUm2, 2);
    expect(r.memoryModel).toMatchObject({ um2PerBit: 2, bits: r.memoryBits });
  });

  it('the manifest beside the netlist: the configuration and the library', () => {
    const m = JSON.parse(readFileSync(`${stem}.manifest.json`, 'utf8'));
    expect(m.top).toBe(r.top);
    expect(m.config).toEqual(r.config);
    expect(m.netlist).toMatchObject({ file: 'top.v', liberty: 'testlib_power', clockPeriodNs: r.clockPeriodNs });
  });

  it('power: the contract\'s fields, parts adding up, energy from power and run time, the vectorless estimate beside', () => {
    const p = r.power;
    for (const k of ['totalMw', 'internalMw', 'switchingMw', 'leakageMw', 'clockMhz', 'pjPerVector', 'pjPerElement', 'vectors']) expect(typeof p[k], k).toBe('number');
    expect(p.vectors).toBe(4);
    expect(p.switchingMw).toBeGreaterThan(0);
    expect(p.internalMw).toBeGreaterThan(0);
    expect(p.leakageMw).toBeGreaterThan(0);
    expect(p.totalMw).toBeCloseTo(p.internalMw + p.switchingMw + p.leakageMw, 4);
    expect(p.groups.sequentialMw + p.groups.combinationalMw).toBeCloseTo(p.totalMw, 4);
    expect(p.groups.sequentialMw).toBeGreaterThan(0);
    expect(p.clockMhz).toBeCloseTo(1000 / r.clockPeriodNs, 3);
    expect(p.pjPerVector).toBeCloseTo((p.totalMw * p.cycles * r.clockPeriodNs) / 4, 2);
    expect(p.pjPerElement).toBeCloseTo(p.pjPerVector / 4, 3);
    expect(p.activitySource).toMatch(/gate-level simulation/);
    expect(p.vectorless.totalMw).toBeGreaterThan(0);
    expect(p.vectorless.leakageMw).toBeCloseTo(p.leakageMw, 6);
  });

  it('power comes from the simulation: zero inputs switch less than random ones', async () => {
    const lib = readLiberty(POWER_LIB);
    const m = JSON.parse(readFileSync(`${stem}.manifest.json`, 'utf8'));
    const cfg = configFromRecord(m.config, 'manifest');
    const texts = { netlist: readFileSync(`${stem}.v`, 'utf8'), storeLiberty: readFileSync(`${stem}.store.lib`, 'utf8'), sdc: readFileSync(`${stem}.sdc`, 'utf8') };
    const random = powerVectors(cfg, 6, 'power-test').slice(2);   // past the corner cases
    const zeros = random.map((v) => v.map(() => 0));
    const a = await measurePower({ cfg, lib, texts, top: m.top, periodNs: r.clockPeriodNs, vectors: random });
    const z = await measurePower({ cfg, lib, texts, top: m.top, periodNs: r.clockPeriodNs, vectors: zeros });
    expect(z.meanActivity).toBeLessThan(a.meanActivity);
    expect(z.switchingMw).toBeLessThan(0.9 * a.switchingMw);
    expect(z.vectorless.totalMw).toBe(a.vectorless.totalMw);   // the estimate ignores the vectors
  }, 120_000);

  it('cosim --netlist: bit-exact and cycle-exact against the golden model', async () => {
    const json = join(dir, 'c.json');
    const c = await run(['cosim', '--netlist', `${stem}.v`, '--liberty', POWER_LIB, '--vectors', '8', '--json', json]);
    expect(c.code).toBe(0);
    const rep = JSON.parse(readFileSync(json, 'utf8'));
    expect(rep).toMatchObject({ top: r.top, vectors: 8, passed: 8, failed: 0 });
    expect(rep.netlist).toMatchObject({ liberty: 'testlib_power' });
    expect(rep.netlist.cells).toEqual(expect.arrayContaining(['DFF_X1', 'NAND2_X1']));
    expect(rep.latency.min).toBe(rep.latency.predicted);
  }, 120_000);

  it('a cell model with a wrong function (NAND2 as NOR2) is caught: mismatches, exit 1', async () => {
    const bad = join(dir, 'wrong.lib');
    const text = readFileSync(POWER_LIB, 'utf8');
    writeFileSync(bad, text.replace('function : "!(A&B)";', 'function : "!(A|B)";'));
    expect(readFileSync(bad, 'utf8')).not.toBe(text);
    const json = join(dir, 'wrong.json');
    const c = await run(['cosim', '--netlist', `${stem}.v`, '--liberty', bad, '--vectors', '4', '--json', json]);
    expect(c.code).toBe(1);
    expect(JSON.parse(readFileSync(json, 'utf8')).failed).toBeGreaterThan(0);
  }, 120_000);

  it('bad input: exit 2, one line, nothing written', async () => {
    const json = join(dir, 'bad.json');
    const noFn = join(dir, 'nofn.lib');
    writeFileSync(noFn, readFileSync(POWER_LIB, 'utf8').replace('function : "!(A&B)";', ''));
    const otherTop = join(dir, 'other.v');
    writeFileSync(otherTop, readFileSync(`${stem}.v`, 'utf8').replaceAll(r.top, `${r.top}_x`));
    writeFileSync(join(dir, 'other.manifest.json'), readFileSync(`${stem}.manifest.json`));
    const cases: Array<[string[], RegExp]> = [
      [['--netlist', `${stem}.v`], /--netlist needs --liberty LIB/],
      [['--netlist', `${stem}.v`, '--liberty', POWER_LIB, '--lanes', '2'], /--lanes: with --netlist the configuration comes from .*top\.manifest\.json/],
      [['--netlist', otherTop, '--liberty', POWER_LIB], /other\.v: no module iterl2norm_\S+ \(the manifest's top\)/],
      [['--netlist', `${stem}.v`, '--liberty', noFn], /nofn\.lib: cell NAND2_X1: no simulation model \(output Y without a function\)/],
      [['--netlist', join(dir, 'missing.v'), '--liberty', POWER_LIB], /cannot read .*missing\.manifest\.json/],
      [['--netlist', `${stem}.v`, '--liberty', join(FIXTURES, 'timed.lib')], /library testlib_typ, but .*top\.v was mapped to testlib_power/],
      [['--liberty', POWER_LIB], /--liberty applies to a gate-level run only/],
    ];
    for (const [args, want] of cases) {
      const c = await run(['cosim', ...args, '--vectors', '2', '--json', json]);
      expect(c.code, args.join(' ')).toBe(2);
      expect(c.err).toHaveLength(1);
      expect(c.err[0]).toMatch(want);
      expect(existsSync(json)).toBe(false);
    }
    const synthBad: Array<[string[], RegExp]> = [
      [['--power'], /--power applies to the standard-cell flow only/],
      [['--liberty', POWER_LIB, '--sram-um2-per-bit', '1', '--power-vectors', '3'], /--power-vectors sets the vectors of --power/],
      [['--liberty', POWER_LIB, '--sram-um2-per-bit', '1', '--power', '--power-vectors', '0'], /--power-vectors must be an integer from 1 to/],
      [['--liberty', POWER_LIB], /no built-in memory area for library testlib_power/],
      [['--liberty', POWER_LIB, '--sram-um2-per-bit', '-1'], /--sram-um2-per-bit must be a number of um\^2 above 0/],
      [['--sram-um2-per-bit', '1'], /--sram-um2-per-bit applies to the standard-cell flow only/],
    ];
    for (const [args, want] of synthBad) {
      const c = await run(['synth', ...TINY, ...args, '--json', json]);
      expect(c.code, args.join(' ')).toBe(2);
      expect(c.err).toHaveLength(1);
      expect(c.err[0]).toMatch(want);
      expect(existsSync(json)).toBe(false);
    }
  }, 60_000);
});
