// Second simulator: the co-simulation bench built with Verilator 5 (--binary --timing) gives the
// same bits as Icarus. The same vectors run through both; every output word (out.hex) and the
// cycle log (every vector's first-input and last-output cycle, both phases, so every latency and
// the stall pattern of the stress phase) are compared byte for byte, and both pass against the
// model. Verilator compiles C++ (about 10-60 s per configuration, most of it for the lanes), so two
// small configurations here; the 1-lane matrices (matrix-*-lanes1) run Verilator at d up to 4096,
// and bench/synth.ts measures its speed at d = 1024.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../support/temp.ts';
import { main } from '../../cli/main.ts';
import { renderTemplate } from '../../generator/rtl/render.ts';
import type { ConfigOptions } from '../../generator/config.ts';
import { runVerilator } from '../../sim/verilator.ts';
import { expectClean, runCosim } from './helpers.ts';

const CONFIGS: Array<[string, ConfigOptions, number, number]> = [
  ['bf16, d 100, 4 lanes (default options otherwise; the last beat has padding lanes)', { d: 100, lanes: 4, format: 'bf16' }, 24, 8],
  ['fp32, d 100, 1 lane, LayerNorm with gamma and beta, every operator pipelined', { d: 100, lanes: 1, format: 'fp32', mode: 'layer', affine: 'gamma-beta', pipeline: 'add=2,mul=1,convert=1' }, 30, 10],
];

describe.each(CONFIGS)('%s', (_name, opts, count, stress) => {
  it('Icarus and Verilator: identical words, latencies and cycle logs; both bit-exact', () => {
    const dirs = { icarus: tempDir('iterl2norm-vi-'), verilator: tempDir('iterl2norm-vv-') };
    const ri = runCosim(opts, count, { stressCount: stress, workDir: dirs.icarus, simulator: 'icarus' });
    const rv = runCosim(opts, count, { stressCount: stress, workDir: dirs.verilator, simulator: 'verilator' });
    expect([ri.simulator, rv.simulator]).toEqual(['icarus', 'verilator']);
    expectClean(ri, count);
    expectClean(rv, count);
    const read = (sim: 'icarus' | 'verilator', f: string) => readFileSync(join(dirs[sim], f), 'utf8');
    const words = read('icarus', 'out.hex').split('\n').filter(Boolean);
    expect(words.length).toBe((count + stress) * (opts.d as number));
    expect(read('verilator', 'out.hex')).toBe(read('icarus', 'out.hex'));
    const log = read('icarus', 'log.txt');
    expect(log.split('\n').filter((l) => l.startsWith('V ')).length).toBe(count + stress);
    expect(read('verilator', 'log.txt')).toBe(log);
    expect(rv.latency).toEqual(ri.latency);
    expect(rv.throughput).toEqual(ri.throughput);
    expect(rv.seconds.build).toBeGreaterThan(0);
  });
});

describe("the bench's random numbers", () => {
  // The bench's `task draw` (IEEE 1364 $random(seed) written in Verilog), cut out of the rendered
  // bench and wrapped in a module that compares it with Icarus' $random and prints a checksum.
  const tb = renderTemplate('tb/testbench.v.hbs', {
    top: 'dut', tbName: 'tb', P: 1, W: 16, d: 1, B: 1, capacity: 1,
    inFile: 'in.hex', outFile: 'out.hex', logFile: 'log.txt', prmFile: 'prm.hex', affine: false, beta: false, nParam: 1, saw: 1,
  });
  const task = tb.slice(tb.indexOf('    task draw'), tb.indexOf('endtask') + 'endtask'.length);
  const module = `module t;
    integer seed, ref_seed, k, s, bad;
    reg [31:0] a, value, sum;
${task}
    initial begin
        bad = 0; sum = 0;
        for (s = 0; s < 4; s = s + 1) begin
            seed = s * 1234567 - 1; ref_seed = seed;
            for (k = 0; k < 5000; k = k + 1) begin
                draw(value);
                \`ifndef VERILATOR
                a = $random(ref_seed);
                if (a !== value || ref_seed !== seed) bad = bad + 1;
                \`endif
                sum = sum * 31 + value;
            end
        end
        $display("bad %0d sum %h", bad, sum);
        $finish;
    end
endmodule
`;
  const work = tempDir('iterl2norm-rnd-');
  writeFileSync(join(work, 't.v'), module);

  it("draw() is Icarus' $random(seed), draw for draw (20,000 draws, 4 seeds)", () => {
    expect(spawnSync('iverilog', ['-g2005', '-o', 't.vvp', 't.v'], { cwd: work, encoding: 'utf8' }).status).toBe(0);
    const r = spawnSync('vvp', ['-n', 't.vvp'], { cwd: work, encoding: 'utf8' });
    expect(r.stdout).toMatch(/^bad 0 sum [0-9a-f]{8}$/m);
  });

  it('Verilator draws the same sequence', () => {
    const icarus = /sum ([0-9a-f]{8})/.exec(spawnSync('vvp', ['-n', 't.vvp'], { cwd: work, encoding: 'utf8' }).stdout)?.[1];
    // built as the benches are (their flags, the compiled runtime library shared through ccache)
    const r = runVerilator({ files: ['t.v'], top: 't', workDir: work });
    expect(/sum ([0-9a-f]{8})/.exec(r.stdout)?.[1]).toBe(icarus);
  });
});

describe('cosim --sim', () => {
  let lines: string[];
  const out = { log: (s: string) => lines.push(s) };
  beforeEach(() => {
    lines = [];
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  it('--sim verilator: passes, names the simulator in the report', async () => {
    const json = join(tempDir('iterl2norm-vs-'), 'r.json');
    expect(await main(['cosim', '--d', '16', '--lanes', '4', '--vectors', '12', '--sim', 'verilator', '--json', json], out)).toBe(0);
    expect(lines.at(-1)).toBe('12 passed, 0 failed');
    expect(lines.join('\n')).toMatch(/simulation \(verilator\)/);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ simulator: 'verilator', passed: 12, failed: 0 });
  });

  it('--sim with an unknown simulator: exit 2', async () => {
    expect(await main(['cosim', '--d', '16', '--vectors', '2', '--sim', 'xcelium'], out)).toBe(2);
  });
});
