/**
 * `iterl2norm vectors` (make a vector file: the corner and random test vectors cosim uses, or
 * decimal numbers / a 2-D .npy array rounded to the format) and `iterl2norm decode` (a vector
 * or results file back to decimal numbers, one vector per line).
 */
import { extname } from 'node:path';
import type { Argv } from 'yargs';
import { LIMITS } from '../generator/config.ts';
import { UsageError } from '../generator/errors.ts';
import { type FloatFormat, parseFormat } from '../generator/format/float-format.ts';
import { writeOutputs } from '../generator/io/atomic-write.ts';
import { checkDistinct, checkInputsNotOutputs, checkOutputFile, outputFileOption, pathOption } from '../generator/io/output-path.ts';
import { checkCharacters, checkInputSize, inputName, readTextFile } from '../generator/io/text-file.ts';
import { formatMemh, memhHeader } from '../generator/vectors/memh.ts';
import { counted } from './words.ts';
import { OUT_FORMAT_NAMES, outFormatOf } from '../generator/format/quant-format.ts';
import { cmdDecodeQuantised } from './quant-decode.ts';
import { integerOption } from './options.ts';
import { readNpy } from '../generator/slanc/npy.ts';
import { formatDecimal, parseDecimal } from '../generator/vectors/decimal.ts';
import { fromNumber, roundToFormat } from '../generator/format/round.ts';
import { runtimeTestVectors, testVectors } from '../generator/vectors/test-vectors.ts';
import { formatVectorText, parseVectorText } from '../generator/vectors/vector-file.ts';
import { residualTestVectors } from '../generator/vectors/residual-vectors.ts';

type Out = { log: (s: string) => void };

export const VECTORS_DESCRIPTION = 'write a vector file: --count N test vectors (as cosim --vectors makes them) or --from decimal text / .npy';
export const DECODE_DESCRIPTION = 'turn a vector or results file into decimal numbers, one vector per line';

export function vectorsOptions(y: Argv) {
  return y
    .option('d', { type: 'string', describe: `vector length (${LIMITS.d.min}..${LIMITS.d.max}; with --from, default: the file's)` })
    .option('d-max', { type: 'string', describe: 'with --count: vectors of varying length 1..D for a --d-max D design (the lengths cosim --d-max D --vectors N uses)' })
    .option('lanes', { type: 'string', describe: 'the design\'s lanes P: with --d-max the lengths P-1, P, P+1 are among the corners; with --memh the lanes of a beat [default: 16]' })
    .option('format', { type: 'string', default: 'bf16', describe: 'number format: fp32, bf16, fp16 or eXmY' })
    .option('count', { type: 'string', describe: 'number of test vectors: the corner cases first, then seeded random ones' })
    .option('seed', { type: 'string', default: '1', describe: 'seed of the random vectors (the same as cosim --seed)' })
    .option('residual', { type: 'boolean', describe: 'with --count: the residual vectors r that cosim --residual --vectors N --seed S adds to these inputs (cancellations, ties, then random; docs/residual.md)' })
    .option('from', { type: 'string', describe: 'decimal numbers (one vector per line, spaces or commas between; - : standard input) or a 2-D .npy array, rounded to the format (RNE)' })
    .option('out', { type: 'string', describe: 'vector file to write (- : standard output) [default: -, none when only --memh is given]' })
    .option('memh', { type: 'string', describe: 'also write the vectors as $readmemh beats for a test bench: P lanes per line, lane P-1 leftmost (--lanes P; with --d-max, in_len above the lanes)' });
}

export function decodeOptions(y: Argv) {
  return y
    .option('format', { type: 'string', default: 'bf16', describe: `number format of the file, or a quantised output format (${OUT_FORMAT_NAMES.join(', ')}) with --scales` })
    .option('scales', { type: 'string', describe: 'with a quantised --format: the scales file (golden --scales-out); prints code x scale' })
    .option('in', { type: 'string', demandOption: true, describe: 'vector or results file (- : standard input)' })
    .option('out', { type: 'string', default: '-', describe: 'decimal text to write (- : standard output)' });
}

function formatOption(value: unknown): FloatFormat {
  try {
    return parseFormat(String(value));
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`--format: ${e.message}`);
    throw e;
  }
}

const DECIMAL_RULE = 'write decimal numbers (e.g. 1.5, -2e-3, inf, nan) separated by spaces or commas';

/** Vectors of decimal numbers, one per line, each rounded to fmt. */
export function parseDecimalText(text: string, fmt: FloatFormat, d: number | undefined, file: string, upToD = false): number[][] {
  const rows: number[][] = [];
  text.split('\n').forEach((raw, i) => {
    const where = `${file}:${i + 1}`;
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    checkCharacters(where, line, DECIMAL_RULE, true);
    const words = line.split(/[ \t]*,[ \t]*|[ \t]+/);
    const want = d ?? rows[0]?.length ?? words.length;
    if (upToD && words.length > want) throw new UsageError(`${where}: expected 1 to ${want} numbers (--d-max ${want}), got ${words.length}`);
    if (!upToD && words.length !== want) throw new UsageError(`${where}: expected ${want} numbers${d === undefined ? ' (as on the first line)' : ` (--d ${d})`}, got ${words.length}`);
    rows.push(words.map((w, j) => {
      const bits = parseDecimal(fmt, w);
      if (bits === undefined) throw new UsageError(`${where}: number ${j + 1} ${JSON.stringify(w.length > 24 ? `${w.slice(0, 20)}...` : w)} is not a decimal number; ${DECIMAL_RULE}`);
      return bits;
    }));
  });
  if (rows.length === 0) throw new UsageError(`${file}: no numbers (the file is empty or only comments)`);
  return rows;
}

function fromNpy(file: string, fmt: FloatFormat, d: number | undefined): number[][] {
  checkInputSize(file, '.npy array of vectors');
  const t = readNpy(file);
  if (t.shape.length !== 2) throw new UsageError(`${file}: a ${t.shape.length}-D array (shape (${t.shape.join(', ')})); give a 2-D array, one vector per row`);
  const [n, cols] = t.shape as [number, number];
  if (d !== undefined && cols !== d) throw new UsageError(`${file}: rows of ${cols} numbers, but --d ${d}`);
  if (n === 0 || cols === 0) throw new UsageError(`${file}: an empty array (shape (${n}, ${cols}))`);
  return Array.from({ length: n }, (_, r) => Array.from(t.data.subarray(r * cols, (r + 1) * cols), (x) => roundToFormat(fmt, fromNumber(x))));
}

export function cmdVectors(argv: Record<string, unknown>, out: Out): number {
  const fmt = formatOption(argv.format);
  const memhT = outputFileOption('--memh', argv.memh);
  // with --memh alone, only the memory file is written
  const target = argv.out === undefined && memhT ? undefined : checkOutputFile('--out', pathOption('--out', argv.out ?? '-')!);
  checkDistinct([target, memhT]);
  const d = argv.d === undefined ? undefined : integerOption('d', argv.d, LIMITS.d.min, LIMITS.d.max);
  const dMax = argv['d-max'] === undefined ? undefined : integerOption('d-max', argv['d-max'], 2, LIMITS.d.max);
  if (d !== undefined && dMax !== undefined) throw new UsageError('give either --d D (one length) or --d-max D (lengths 1..D), not both');
  if (argv.lanes !== undefined && dMax === undefined && !memhT) throw new UsageError('--lanes places the corner lengths of --d-max and the lanes of a --memh beat; without either it has no effect: remove it');
  const lanes = integerOption('lanes', argv.lanes ?? '16', LIMITS.lanes.min, LIMITS.lanes.max);
  const from = pathOption('--from', argv.from);
  if (from !== undefined) checkInputsNotOutputs([{ option: '--from', given: from }], [target, memhT]);
  let rows: number[][];
  let what: string;
  if (from !== undefined) {
    if (argv.count !== undefined) throw new UsageError('give either --count N or --from FILE, not both');
    if (argv.residual === true) throw new UsageError('--residual makes the test residuals of --count N; residual vectors of your own are an ordinary vector file: use --from without --residual');
    if (dMax !== undefined && extname(from).toLowerCase() === '.npy') throw new UsageError('--d-max with --from takes decimal text (lines of 1..D numbers); a .npy array has rows of one length: use --d or no length option');
    rows = extname(from).toLowerCase() === '.npy' ? fromNpy(from, fmt, d) : parseDecimalText(readTextFile(from, 'file of decimal numbers'), fmt, dMax ?? d, inputName(from), dMax !== undefined);
    what = `from ${inputName(from)}, rounded to ${fmt.name} (round to nearest even)`;
  } else {
    if (argv.count === undefined) throw new UsageError('give --count N (test vectors) or --from FILE (decimal text or .npy)');
    if (d === undefined && dMax === undefined) throw new UsageError('--count needs --d D (the vector length) or --d-max D (lengths 1..D)');
    const n = integerOption('count', argv.count, 1, 100000);
    const seed = integerOption('seed', argv.seed, 0, 2 ** 31 - 1);
    if (dMax !== undefined) {
      rows = runtimeTestVectors(fmt, dMax, lanes, n, String(seed));
      what = `test vectors of lengths 1..${dMax} (corners 1, P-1, P, P+1, D-1, D for P = ${lanes} first, then random), seed ${seed} (as cosim --d-max ${dMax} --lanes ${lanes} --vectors ${n} --seed ${seed})`;
    } else {
      rows = testVectors(fmt, d!, n, String(seed)).slice(0, n).map((v) => v.words);
      what = `test vectors, corner cases first, then random with seed ${seed} (as cosim --vectors ${n} --seed ${seed})`;
    }
    if (argv.residual === true) {
      rows = residualTestVectors(fmt, rows, String(seed));
      what = `residual vectors for the ${what.replace(/ \(as cosim /, ' (as cosim --residual ')}`;
    }
  }
  const lengths = new Set(rows.map((r) => r.length));
  const shape = lengths.size === 1 ? `${rows[0]!.length}` : `${Math.min(...lengths)} to ${Math.max(...lengths)}`;
  const header = [`${counted(rows.length, 'vector')} of ${shape} ${fmt.name} words: ${what}`];
  if (memhT && dMax === undefined && lengths.size > 1) throw new UsageError(`--memh: the vectors have lengths ${shape}; a design of one length takes one: give --d-max D for vectors of lengths 1..D`);
  const layout = { lanes, dMax };
  writeOutputs([
    target && { target, data: formatVectorText(rows, fmt, header, lengths.size === 1) },
    memhT && { target: memhT, data: formatMemh(rows, fmt, layout, [...header, ...memhHeader('in_data beats', rows, fmt, layout)]) },
  ]);
  const files = [target, memhT].filter((t) => t !== undefined && t.kind !== 'stdout').map((t) => t!.given);
  if (files.length) log(out, [target, memhT].some((t) => t?.kind === 'stdout'))(`${counted(rows.length, 'vector')} of ${shape} ${fmt.name} words written to ${files.join(' and ')}`);
  return 0;
}

export function cmdDecode(argv: Record<string, unknown>, out: Out): number {
  const f2 = outFormatOf(String(argv.format));
  if (f2) return cmdDecodeQuantised(argv, out, f2);
  if (argv.scales !== undefined) throw new UsageError(`--scales belongs to quantised codes (--format ${OUT_FORMAT_NAMES.join(', ')}); ${String(argv.format)} words decode without one: remove it`);
  const fmt = formatOption(argv.format);
  const target = checkOutputFile('--out', pathOption('--out', argv.out)!);
  const file = pathOption('--in', argv.in)!;
  checkInputsNotOutputs([{ option: '--in', given: file }], [target]);
  const text = readTextFile(file, 'vector file');
  const first = text.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'));
  if (first === undefined) throw new UsageError(`${inputName(file)}: no vectors (the file is empty or only comments)`);
  const rows = parseVectorText(text, fmt, first.split(' ').length, inputName(file));
  writeOutputs([{ target, data: `${rows.map((r) => r.map((w) => formatDecimal(fmt, w)).join(' ')).join('\n')}\n` }]);
  if (target.kind !== 'stdout') out.log(`${counted(rows.length, 'vector')} decoded to ${target.given}`);
  return 0;
}

/** Where a command's messages go: stderr when its data goes to standard output. */
export function log(out: Out, dataOnStdout: boolean): (s: string) => void {
  return dataOnStdout ? (s) => process.stderr.write(`${s}\n`) : out.log;
}
