/**
 * Operator-level co-simulation of the Verilog floating-point operators (templates/operators/)
 * against the TypeScript golden model, bit for bit.
 *
 * Each format case renders the operator library into a temporary directory, writes the
 * operands as $readmemh files, and runs one Icarus simulation of a small test bench that
 * applies every operand set and $fwrites the result word; every word is compared with the
 * model. Operands: all pairs of the model's corner lists plus RANDOM random operand sets.
 *
 * Also: `verilator --lint-only -Wall` on every module (default and corner parameters), and
 * Yosys (`@yowasp/yosys`) `proc; check -assert` with no latch inferred.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../support/temp.ts';
import { BF16, FP16, FP32, formatHex, makeFormat, type FloatFormat } from '../../generator/format/float-format.ts';
import { randomOperand } from '../../generator/format/random.ts';
import { addCornerCases, fpAdd, fpSub } from '../../generator/operators/fp-add.ts';
import { convertCornerCases, fpConvert } from '../../generator/operators/fp-convert.ts';
import { fpMul, mulCornerCases } from '../../generator/operators/fp-mul.ts';
import { OPERATOR_TEMPLATES, operatorModuleName, renderOperators } from '../../generator/rtl/operators.ts';
import { runIcarus } from '../../sim/icarus.ts';

const PREFIX = 'optest';
/** Random operand sets per format case (on top of the corner cases). */
const RANDOM = 4_000;
/** Width of the mul scale port in the test benches. */
const SCALE_BITS = 16;
/** Mismatches quoted in a failure message. */
const MAX_REPORTED = 12;

const E4M2 = makeFormat(4, 2);
const E11M40 = makeFormat(11, 40);
const E10M30 = makeFormat(10, 30);
const E5M13 = makeFormat(5, 13);
/** The format corners every operator is checked on. */
const FORMATS: FloatFormat[] = [FP32, BF16, FP16, E4M2, E11M40, E10M30, E5M13];

let workRoot = '';
let libFiles: string[] = [];

beforeAll(() => {
  workRoot = tempDir('rtl-operators-');
  const libDir = join(workRoot, 'lib');
  mkdirSync(libDir);
  libFiles = renderOperators(PREFIX).map(({ file, text }) => {
    const path = join(libDir, file);
    writeFileSync(path, text);
    return path;
  });
});

afterAll(() => {
  if (workRoot) rmSync(workRoot, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Test bench generation and simulation.

interface Stimulus {
  /** Port name on the DUT (also the memory file stem). */
  name: string;
  width: number;
  /** Non-negative words (two's complement already applied for signed ports). */
  values: number[];
}

function hexWord(width: number, v: number): string {
  return v.toString(16).padStart(Math.ceil(width / 4), '0');
}

/**
 * Simulates `module` (instantiated with `params`) on the given input columns and returns the
 * `y` word of every row. One Icarus run per call.
 */
function simulate(caseName: string, module: string, params: Record<string, number>, inputs: Stimulus[], yWidth: number): number[] {
  // A pipelined operator (LAT > 0) takes a new row every clock and gives row i's result LAT
  // clocks later, so the rows stream through its registers back to back.
  const lat = params.LAT ?? 0;
  const n = inputs[0]!.values.length;
  const dir = join(workRoot, caseName);
  mkdirSync(dir, { recursive: true });
  for (const s of inputs) {
    writeFileSync(join(dir, `${s.name}.hex`), s.values.map((v) => hexWord(s.width, v)).join('\n') + '\n');
  }
  const decls = inputs
    .map((s) => `  reg [${s.width - 1}:0] mem_${s.name} [0:N-1];\n  reg [${s.width - 1}:0] ${s.name};`)
    .join('\n');
  const loads = inputs.map((s) => `    $readmemh("${s.name}.hex", mem_${s.name});`).join('\n');
  const applies = inputs.map((s) => `      ${s.name} = mem_${s.name}[i];`).join('\n');
  const paramList = Object.entries(params)
    .map(([k, v]) => `.${k}(${v})`)
    .join(', ');
  const portList = ['.clk(clk)', ".en(1'b1)", ...inputs.map((s) => `.${s.name}(${s.name})`), '.y(y)'].join(', ');
  const tb = `\`default_nettype none
module tb;
  localparam N = ${n};
  localparam LAT = ${lat};
  reg clk = 1'b0;
${decls}
  wire [${yWidth - 1}:0] y;
  ${PREFIX}_${module} #(${paramList}) dut (${portList});
  integer i;
  integer fd;
  initial begin
${loads}
    fd = $fopen("y.hex", "w");
    for (i = 0; i < N + LAT; i = i + 1) begin
      if (i < N) begin
${applies}
      end
      #1;
      if (i >= LAT) $fwrite(fd, "%h\\n", y);
      clk = 1'b1; #1; clk = 1'b0;
    end
    $fclose(fd);
    $finish;
  end
endmodule
\`default_nettype wire
`;
  writeFileSync(join(dir, 'tb.v'), tb);
  runIcarus({ files: [...libFiles, join(dir, 'tb.v')], top: 'tb', workDir: dir, timeoutSeconds: 300 });
  const words = readFileSync(join(dir, 'y.hex'), 'utf8').trim().split('\n');
  if (words.length !== n) throw new Error(`${caseName}: simulation wrote ${words.length} results, expected ${n}`);
  return words.map((w) => {
    if (!/^[0-9a-f]+$/i.test(w)) throw new Error(`${caseName}: unknown/undriven result word "${w}"`);
    return parseInt(w, 16);
  });
}

/** Compares, and formats the first mismatches (hex) for the failure message. */
function mismatches(got: number[], expected: number[], describeRow: (i: number) => string, outFmt: FloatFormat): string[] {
  const bad: string[] = [];
  let count = 0;
  for (let i = 0; i < expected.length; i++) {
    if (got[i] !== expected[i]) {
      count++;
      if (bad.length < MAX_REPORTED) {
        bad.push(`${describeRow(i)}: expected ${formatHex(outFmt, expected[i]!)} got ${formatHex(outFmt, got[i]!)}`);
      }
    }
  }
  if (count > bad.length) bad.push(`... ${count - bad.length} more mismatches (of ${expected.length})`);
  return bad;
}

const rngFor = (name: string) => seedrandom(`rtl-operators:${name}`);

function randomInt(rng: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** Unbiased exponent of a finite non-zero pattern read from its field (subnormals: emin). */
function fieldExp(fmt: FloatFormat, bits: number): number {
  const ef = Math.floor(bits / 2 ** fmt.manBits) % 2 ** fmt.expBits;
  return Math.max(ef, 1) - fmt.bias;
}

// ---------------------------------------------------------------------------------------------
// add / sub

/** Simulates fp_add on the rows (a[i] +/- b[i]) and returns the mismatch report. */
function checkAdd(caseName: string, fmt: FloatFormat, a: number[], b: number[], sub: number[], corners: number, tag = 'corner', lat = 0): string[] {
  const expected = a.map((x, i) => (sub[i] ? fpSub(fmt, x, b[i]!) : fpAdd(fmt, x, b[i]!)));
  const got = simulate(
    caseName,
    'fp_add',
    { EXP_BITS: fmt.expBits, MAN_BITS: fmt.manBits, ...(lat ? { LAT: lat } : {}) },
    [
      { name: 'a', width: fmt.width, values: a },
      { name: 'b', width: fmt.width, values: b },
      { name: 'sub', width: 1, values: sub },
    ],
    fmt.width,
  );
  return mismatches(
    got,
    expected,
    (i) => `${i < corners ? tag : 'random'} ${formatHex(fmt, a[i]!)} ${sub[i] ? '-' : '+'} ${formatHex(fmt, b[i]!)}`,
    fmt,
  );
}

/** Rows of an add test: every corner pair as an add and a sub, then `random` random rows. */
function addRows(fmt: FloatFormat, rng: () => number, random: number) {
  const a: number[] = [];
  const b: number[] = [];
  const sub: number[] = [];
  for (const [x, y] of addCornerCases(fmt)) {
    a.push(x, x);
    b.push(y, y);
    sub.push(0, 1);
  }
  const corners = a.length;
  for (let i = 0; i < random; i++) {
    a.push(randomOperand(fmt, rng));
    b.push(randomOperand(fmt, rng));
    sub.push(rng() < 0.5 ? 0 : 1);
  }
  return { a, b, sub, corners };
}

describe('fp_add co-simulation', () => {
  for (const fmt of FORMATS) {
    test(`${fmt.name}: corner pairs (add and sub) + ${RANDOM} random`, () => {
      const { a, b, sub, corners } = addRows(fmt, rngFor(`add:${fmt.name}`), RANDOM);
      const bad = checkAdd(`add_${fmt.name}`, fmt, a, b, sub, corners);
      expect(bad, `fp_add ${fmt.name} mismatches:\n${bad.join('\n')}`).toEqual([]);
    });
  }

  test('e4m2: exhaustive, every pair, add and sub', () => {
    const n = 2 ** E4M2.width;
    const a: number[] = [];
    const b: number[] = [];
    const sub: number[] = [];
    for (let x = 0; x < n; x++) {
      for (let y = 0; y < n; y++) {
        a.push(x, x);
        b.push(y, y);
        sub.push(0, 1);
      }
    }
    const bad = checkAdd('add_e4m2_all', E4M2, a, b, sub, a.length, 'exhaustive');
    expect(bad, `fp_add e4m2 exhaustive mismatches:\n${bad.join('\n')}`).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// mul

interface MulCase {
  fa: FloatFormat;
  fb: FloatFormat;
  fo: FloatFormat;
}

const MUL_CASES: MulCase[] = [
  ...FORMATS.map((f) => ({ fa: f, fb: f, fo: f })),
  { fa: BF16, fb: FP32, fo: BF16 },
  { fa: FP32, fb: FP32, fo: E10M30 },
  { fa: E10M30, fb: E10M30, fo: FP32 },
];

const SCALE_MAX = 2 ** (SCALE_BITS - 1) - 1;

/**
 * A scale for the product of a and b: the port's extremes, 0, small, uniform up to +-4096,
 * or aimed so that the product lands near fo's overflow threshold or near / below its
 * smallest subnormal.
 */
function randomScale(c: MulCase, a: number, b: number, rng: () => number): number {
  const u = rng();
  let s: number;
  if (u < 0.02) s = [-SCALE_MAX - 1, -SCALE_MAX, SCALE_MAX][randomInt(rng, 0, 2)]!; // port limits
  else if (u < 0.3) s = 0;
  else if (u < 0.5) s = randomInt(rng, -4, 4);
  else if (u < 0.7) s = randomInt(rng, -4096, 4096);
  else {
    const e = fieldExp(c.fa, a) + fieldExp(c.fb, b);
    const target = u < 0.85 ? c.fo.bias : 1 - c.fo.bias - c.fo.manBits;
    s = target - e + randomInt(rng, -3, 3);
  }
  return Math.max(-SCALE_MAX - 1, Math.min(SCALE_MAX, s));
}

const mulParams = (c: MulCase) => ({
  A_EXP_BITS: c.fa.expBits, A_MAN_BITS: c.fa.manBits,
  B_EXP_BITS: c.fb.expBits, B_MAN_BITS: c.fb.manBits,
  Y_EXP_BITS: c.fo.expBits, Y_MAN_BITS: c.fo.manBits,
  SCALE_BITS,
});

const mulName = (c: MulCase) => `${c.fa.name}x${c.fb.name}->${c.fo.name}`;

/** Simulates fp_mul on the rows (a[i] * b[i] * 2^scale[i]) and returns the mismatch report. */
function checkMul(caseName: string, c: MulCase, a: number[], b: number[], scale: number[], corners: number, tag = 'corner', lat = 0): string[] {
  const expected = a.map((x, i) => fpMul(c.fa, x, c.fb, b[i]!, c.fo, scale[i]!));
  const got = simulate(
    caseName,
    'fp_mul',
    { ...mulParams(c), ...(lat ? { LAT: lat } : {}) },
    [
      { name: 'a', width: c.fa.width, values: a },
      { name: 'b', width: c.fb.width, values: b },
      { name: 'scale', width: SCALE_BITS, values: scale.map((v) => (v < 0 ? v + 2 ** SCALE_BITS : v)) },
    ],
    c.fo.width,
  );
  return mismatches(
    got,
    expected,
    (i) => `${i < corners ? tag : 'random'} ${formatHex(c.fa, a[i]!)} * ${formatHex(c.fb, b[i]!)} * 2^${scale[i]}`,
    c.fo,
  );
}

describe('fp_mul co-simulation', () => {
  for (const c of MUL_CASES) {
    const name = mulName(c);
    test(`${name}: corner pairs (scale 0 and random) + ${RANDOM} random with scale`, () => {
      const rng = rngFor(`mul:${name}`);
      const a: number[] = [];
      const b: number[] = [];
      const scale: number[] = [];
      for (const [x, y] of mulCornerCases(c.fa, c.fb, c.fo)) {
        a.push(x, x);
        b.push(y, y);
        scale.push(0, randomScale(c, x, y, rng));
      }
      const corners = a.length;
      for (let i = 0; i < RANDOM; i++) {
        const x = randomOperand(c.fa, rng);
        const y = randomOperand(c.fb, rng);
        a.push(x);
        b.push(y);
        scale.push(randomScale(c, x, y, rng));
      }
      const bad = checkMul(`mul_${c.fa.name}_${c.fb.name}_${c.fo.name}`, c, a, b, scale, corners);
      expect(bad, `fp_mul ${name} mismatches:\n${bad.join('\n')}`).toEqual([]);
    });
  }

  test('e4m2 x e4m2 -> e4m2: exhaustive, every pair, scale 0 and a random scale', () => {
    const c: MulCase = { fa: E4M2, fb: E4M2, fo: E4M2 };
    const rng = rngFor('mul:e4m2-exhaustive');
    const n = 2 ** E4M2.width;
    const a: number[] = [];
    const b: number[] = [];
    const scale: number[] = [];
    for (let x = 0; x < n; x++) {
      for (let y = 0; y < n; y++) {
        a.push(x, x);
        b.push(y, y);
        scale.push(0, randomScale(c, x, y, rng));
      }
    }
    const bad = checkMul('mul_e4m2_all', c, a, b, scale, a.length, 'exhaustive');
    expect(bad, `fp_mul e4m2 exhaustive mismatches:\n${bad.join('\n')}`).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// convert

const CONVERT_CASES: Array<[FloatFormat, FloatFormat]> = [
  [FP32, BF16],
  [FP32, FP16],
  [BF16, FP32],
  [FP16, FP32],
  [FP16, BF16],
  [BF16, FP16],
  [FP32, FP32],
  [FP32, E4M2],
  [E4M2, E11M40],
  [E11M40, E4M2],
  [E11M40, FP32],
  [FP32, E11M40],
  [E10M30, FP32],
  [FP32, E10M30],
  [E5M13, FP16],
  [FP16, E5M13],
  [E10M30, E5M13],
];

/** Simulates fp_convert on the inputs and returns the mismatch report. */
function checkConvert(caseName: string, fi: FloatFormat, fo: FloatFormat, a: number[], corners: number, tag = 'corner', lat = 0): string[] {
  const expected = a.map((x) => fpConvert(fi, x, fo));
  const got = simulate(
    caseName,
    'fp_convert',
    { A_EXP_BITS: fi.expBits, A_MAN_BITS: fi.manBits, Y_EXP_BITS: fo.expBits, Y_MAN_BITS: fo.manBits, ...(lat ? { LAT: lat } : {}) },
    [{ name: 'a', width: fi.width, values: a }],
    fo.width,
  );
  return mismatches(got, expected, (i) => `${i < corners ? tag : 'random'} ${formatHex(fi, a[i]!)}`, fo);
}

/** Rows of a convert test: every corner value, then `random` random inputs. */
function convertRows(fi: FloatFormat, fo: FloatFormat, rng: () => number, random: number) {
  const a = [...convertCornerCases(fi, fo)];
  const corners = a.length;
  for (let i = 0; i < random; i++) a.push(randomOperand(fi, rng));
  return { a, corners };
}

describe('fp_convert co-simulation', () => {
  for (const [fi, fo] of CONVERT_CASES) {
    const name = `${fi.name}->${fo.name}`;
    test(`${name}: corner values + ${RANDOM} random`, () => {
      const { a, corners } = convertRows(fi, fo, rngFor(`convert:${name}`), RANDOM);
      const bad = checkConvert(`convert_${fi.name}_${fo.name}`, fi, fo, a, corners);
      expect(bad, `fp_convert ${name} mismatches:\n${bad.join('\n')}`).toEqual([]);
    });
  }

  for (const [fi, fo] of [
    [FP16, E4M2],
    [BF16, FP16],
  ] as Array<[FloatFormat, FloatFormat]>) {
    test(`${fi.name}->${fo.name}: exhaustive, every input pattern`, () => {
      const a = Array.from({ length: 2 ** fi.width }, (_, i) => i);
      const bad = checkConvert(`convert_${fi.name}_${fo.name}_all`, fi, fo, a, a.length, 'exhaustive');
      expect(bad, `fp_convert ${fi.name}->${fo.name} exhaustive mismatches:\n${bad.join('\n')}`).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Pipelined operators: the same rows streamed one per clock through LAT registers.

/** Random operand sets per pipelined case, on top of the corner cases. */
const PIPE_RANDOM = 4_000;

describe('pipelined operators (LAT > 0): one operand set per clock, results LAT clocks later', () => {
  for (const [fmt, lat] of [[BF16, 1], [BF16, 2], [E10M30, 2], [E10M30, 3], [E10M30, 4]] as Array<[FloatFormat, number]>) {
    test(`fp_add ${fmt.name} LAT ${lat}: corner pairs (add and sub) + ${PIPE_RANDOM} random`, () => {
      const { a, b, sub, corners } = addRows(fmt, rngFor(`add-pipe:${fmt.name}:${lat}`), PIPE_RANDOM);
      const bad = checkAdd(`add_pipe_${fmt.name}_${lat}`, fmt, a, b, sub, corners, 'corner', lat);
      expect(bad, bad.join('\n')).toEqual([]);
    });
  }

  const mc: MulCase = { fa: FP32, fb: FP32, fo: E10M30 };
  // LAT 2: the second register is the cut inside the rounder, LAT 3 the one before the multiplier, LAT 4 the one between the partial products and their sum
  test.each([1, 2, 3, 4])(`fp_mul ${mulName(mc)} LAT %i: corner pairs + ${PIPE_RANDOM} random with scale`, (lat) => {
    const rng = rngFor('mul-pipe');
    const a: number[] = [];
    const b: number[] = [];
    for (const [x, y] of mulCornerCases(mc.fa, mc.fb, mc.fo)) {
      a.push(x);
      b.push(y);
    }
    const corners = a.length;
    for (let i = 0; i < PIPE_RANDOM; i++) {
      a.push(randomOperand(mc.fa, rng));
      b.push(randomOperand(mc.fb, rng));
    }
    const scale = a.map((x, i) => (i < corners ? 0 : randomScale(mc, x, b[i]!, rng)));
    const bad = checkMul(`mul_pipe_${lat}`, mc, a, b, scale, corners, 'corner', lat);
    expect(bad, bad.join('\n')).toEqual([]);
  });

  test.each([1, 2])(`fp_convert e10m30->bf16 LAT %i: corner values + ${PIPE_RANDOM} random`, (lat) => {
    const { a, corners } = convertRows(E10M30, BF16, rngFor('convert-pipe'), PIPE_RANDOM);
    const bad = checkConvert(`convert_pipe_${lat}`, E10M30, BF16, a, corners, 'corner', lat);
    expect(bad, bad.join('\n')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Lint and synthesis checks.

/** Parameter sets every module is checked with, besides its defaults. */
function parameterSets(module: string): Array<Record<string, number>> {
  const fmtParams = (f: FloatFormat) => ({ EXP_BITS: f.expBits, MAN_BITS: f.manBits });
  switch (module) {
    case 'lzc':
      return [{ WIDTH: 2 }, { WIDTH: 3 }, { WIDTH: 8 }, { WIDTH: 45 }];
    case 'fp_unpack':
      return [...FORMATS.map(fmtParams), { ...fmtParams(FP32), XW: 16 }, { ...fmtParams(E11M40), XW: 16 }];
    case 'delay':
      return [{ WIDTH: 5, DEPTH: 0 }, { WIDTH: 5, DEPTH: 1 }, { WIDTH: 3, DEPTH: 3, RESET: 1 }];
    case 'replica':
      return [{ WIDTH: 1 }, { WIDTH: 50 }];
    case 'fp_add':
      return [...FORMATS.map(fmtParams), { ...fmtParams(E10M30), LAT: 1 }, { ...fmtParams(BF16), LAT: 2 }, { ...fmtParams(BF16), LAT: 3 }, { ...fmtParams(FP32), LAT: 4 }];
    case 'fp_round':
      return [...FORMATS.map((f) => ({ ...fmtParams(f), XW: 14, SW: f.manBits + 6 })), { ...fmtParams(BF16), XW: 14, SW: 13, CUT: 1 }];
    case 'fp_mul':
      return MUL_CASES.map((c): Record<string, number> => ({
        A_EXP_BITS: c.fa.expBits,
        A_MAN_BITS: c.fa.manBits,
        B_EXP_BITS: c.fb.expBits,
        B_MAN_BITS: c.fb.manBits,
        Y_EXP_BITS: c.fo.expBits,
        Y_MAN_BITS: c.fo.manBits,
        SCALE_BITS,
      })).concat([{ ...mulParams(MUL_CASES[0]!), LAT: 1 }, { ...mulParams(MUL_CASES[0]!), LAT: 2 }, { ...mulParams(MUL_CASES[0]!), LAT: 3 }, { ...mulParams(MUL_CASES[0]!), LAT: 4 }]);
    case 'fp_convert':
      return CONVERT_CASES.map(([fi, fo]): Record<string, number> => ({
        A_EXP_BITS: fi.expBits,
        A_MAN_BITS: fi.manBits,
        Y_EXP_BITS: fo.expBits,
        Y_MAN_BITS: fo.manBits,
      })).concat([{ A_EXP_BITS: 8, A_MAN_BITS: 23, Y_EXP_BITS: 8, Y_MAN_BITS: 7, LAT: 1 }, { A_EXP_BITS: 8, A_MAN_BITS: 23, Y_EXP_BITS: 8, Y_MAN_BITS: 7, LAT: 2 }]);
    default:
      return [];
  }
}

const MODULES = OPERATOR_TEMPLATES.map(operatorModuleName);

function verilatorAvailable(): boolean {
  return !spawnSync('verilator', ['--version'], { encoding: 'utf8' }).error;
}

describe('lint and synthesis', () => {
  test('rendered files: one prefixed module each, default_nettype guarded, no simulation-only constructs', () => {
    const rendered = renderOperators(PREFIX);
    expect(rendered.map((r) => r.file)).toEqual(MODULES.map((m) => `${PREFIX}_${m}.v`));
    for (const [i, { text }] of rendered.entries()) {
      const modules = [...text.matchAll(/^\s*module\s+(\w+)/gm)].map((m) => m[1]);
      expect(modules).toEqual([`${PREFIX}_${MODULES[i]}`]);
      expect(text.startsWith('`default_nettype none')).toBe(true);
      expect(text.trimEnd().endsWith('`default_nettype wire')).toBe(true);
      const code = text.replace(/\/\/.*$/gm, '');
      expect(code).not.toMatch(/\binitial\b|\$display|\$write|#\s*\d|\blint_off\b/);
    }
    // Two configurations can share a design: the names do not collide.
    const other = renderOperators('other').map((r) => r.text).join('\n');
    expect(other).not.toContain(`${PREFIX}_`);
  });

  test('verilator --lint-only -Wall is clean on every module (default and corner parameters)', (ctx) => {
    ctx.skip(!verilatorAvailable(), 'verilator is not installed: sudo apt-get install -y verilator');
    const problems: string[] = [];
    for (const module of MODULES) {
      for (const params of [{}, ...parameterSets(module)]) {
        const args = [
          '--lint-only',
          '-Wall',
          '--top-module',
          `${PREFIX}_${module}`,
          ...Object.entries(params).map(([k, v]) => `-G${k}=${v}`),
          ...libFiles,
        ];
        const r = spawnSync('verilator', args, { encoding: 'utf8', cwd: workRoot });
        const out = `${r.stdout}${r.stderr}`.trim();
        if (r.status !== 0 || out !== '') {
          problems.push(`${module} ${JSON.stringify(params)}:\n${out.split('\n').slice(0, 12).join('\n')}`);
        }
      }
    }
    expect(problems, problems.join('\n\n')).toEqual([]);
  });

  test('yosys: read_verilog, hierarchy, proc, check -assert, no latches', async (ctx) => {
    let runYosys: ((args?: string[], files?: Record<string, string>, options?: object) => unknown) | undefined;
    try {
      ({ runYosys } = (await import('@yowasp/yosys')) as unknown as { runYosys: typeof runYosys });
    } catch {
      runYosys = undefined;
    }
    ctx.skip(runYosys === undefined, '@yowasp/yosys is not importable (npm install)');
    const files: Record<string, string> = {};
    for (const { file, text } of renderOperators(PREFIX)) files[file] = text;
    const script: string[] = [`read_verilog ${Object.keys(files).join(' ')}`, 'design -save lib'];
    for (const module of MODULES) {
      for (const params of [{}, ...parameterSets(module)]) {
        const chparams = Object.entries(params)
          .map(([k, v]) => `-chparam ${k} ${v}`)
          .join(' ');
        script.push(
          'design -load lib',
          `hierarchy -check -top ${PREFIX}_${module} ${chparams}`,
          'proc',
          'check -assert',
          'select -assert-none t:$dlatch t:$adlatch t:$dlatchsr t:$sr',
          // Registers exactly where the parameters ask for pipeline stages (a replica is one).
          `select -assert-${(params.LAT ?? params.DEPTH ?? params.CUT ?? 0) > 0 || (module === 'delay' && !('DEPTH' in params)) || module === 'replica' ? 'any' : 'none'} t:$dff t:$adff t:$sdff t:$dffe t:$aldff t:$sdffe`,
        );
      }
    }
    let log = '';
    const decoder = new TextDecoder();
    const collect = (bytes: Uint8Array | null) => {
      if (bytes) log += decoder.decode(bytes);
    };
    try {
      await runYosys!(['-q', '-p', script.join('; ')], files, { stdout: collect, stderr: collect });
    } catch (err) {
      throw new Error(`yosys failed: ${(err as Error).message}\n${log.split('\n').slice(-30).join('\n')}`);
    }
    // -q: only warnings and errors reach the log.
    expect(log, log).not.toMatch(/warning|latch/i);
  });
});
