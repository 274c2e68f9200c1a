/**
 * Speed of the golden model's operators in operations per second: fpAdd and fpMul in fp32 and in
 * the widest internal format (e11m40), a million operations each over 4,096 random operands.
 * A speed is a benchmark, not a test: it depends on the machine and its load.
 * Writes bench/results/operator-speed.md.
 *
 *   npx tsx bench/operator-speed.ts [--ops 1000000]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import seedrandom from 'seedrandom';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { FP32, type FloatFormat, makeFormat } from '../generator/format/float-format.ts';
import { randomOperand } from '../generator/format/random.ts';
import { fpAdd } from '../generator/operators/fp-add.ts';
import { fpMul } from '../generator/operators/fp-mul.ts';

const argv = yargs(hideBin(process.argv))
  .option('ops', { type: 'number', default: 1_000_000, describe: 'operations per row' })
  .strict()
  .parseSync();

type Op = (fmt: FloatFormat, a: number, b: number) => number;
const OPS: Array<[string, Op]> = [
  ['fpAdd', (fmt, a, b) => fpAdd(fmt, a, b)],
  ['fpMul', (fmt, a, b) => fpMul(fmt, a, fmt, b, fmt)],
];
const FORMATS: Array<[string, FloatFormat]> = [['fp32', FP32], ['e11m40', makeFormat(11, 40)]];

/** Operations per second of op over argv.ops operand pairs drawn from 4,096 random operands. */
function rate(op: Op, fmt: FloatFormat): number {
  const rng = seedrandom('operator-speed');
  const xs = Array.from({ length: 4096 }, () => randomOperand(fmt, rng));
  let acc = 0;
  const t0 = performance.now();
  for (let i = 0; i < argv.ops; i++) acc += op(fmt, xs[i & 4095]!, xs[(i * 7 + 3) & 4095]!);
  const seconds = (performance.now() - t0) / 1000;
  if (!(acc > 0)) throw new Error('the operands summed to nothing: the loop was not run');
  return argv.ops / seconds;
}

const rows = OPS.flatMap(([name, op]) => FORMATS.map(([fname, fmt]) => {
  const r = rate(op, fmt);
  console.log(`${name} ${fname}: ${(r / 1e6).toFixed(2)} M/s`);
  return `| ${name} | ${fname} | ${(r / 1e6).toFixed(2)} |`;
}));
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const md = [
  '# Operator speed (golden model)',
  '',
  `\`npx tsx bench/operator-speed.ts --ops ${argv.ops}\` on ${cpu}, load average ${loadavg()[0]!.toFixed(2)} at the end.`,
  '',
  '| operator | format | million operations per second |',
  '|---|---|---:|',
  ...rows,
  '',
].join('\n');
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/operator-speed.md', md);
