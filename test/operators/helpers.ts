import { expect } from 'vitest';
import { BF16, FP16, FP32, formatHex, makeFormat, type FloatFormat } from '../../generator/format/float-format.ts';

/** Formats named after the corners of the parameter space. */
export const CORNER_FORMATS: Array<[string, FloatFormat]> = [
  ['smallest format e4m2', makeFormat(4, 2)],
  ['largest format e11m40', makeFormat(11, 40)],
  ['fp32', FP32],
  ['bf16', BF16],
  ['fp16', FP16],
  ['odd width e5m13', makeFormat(5, 13)],
  ['wide exponent, narrow mantissa e11m2', makeFormat(11, 2)],
  ['narrow exponent, wide mantissa e4m40', makeFormat(4, 40)],
  ['e10m30', makeFormat(10, 30)],
  ['add exact-sum limit e8m24', makeFormat(8, 24)],
  ['e8m25: add TwoSum path, mul product still exact (26+26 bits)', makeFormat(8, 25)],
  ['mul TwoProduct path e8m26', makeFormat(8, 26)],
];

/**
 * Runs `got` and `want` on every case and fails with the first few mismatches (patterns in hex)
 * instead of calling expect per case (which is slow).
 */
export function expectSame<T extends unknown[]>(
  label: string,
  fo: FloatFormat,
  cases: Iterable<T>,
  got: (...args: T) => number,
  want: (...args: T) => number,
  show: (...args: T) => string = (...args) => args.map((a) => (typeof a === 'number' ? a.toString(16) : String(a))).join(' '),
): number {
  const bad: string[] = [];
  let n = 0;
  for (const c of cases) {
    n++;
    const g = got(...c);
    const w = want(...c);
    if (g !== w && bad.length < 5) bad.push(`${label}: ${show(...c)} -> ${formatHex(fo, g)}, want ${formatHex(fo, w)}`);
  }
  expect(bad).toEqual([]);
  return n;
}

/** `n` items from a generator function. */
export function* take<T>(n: number, gen: () => T): Generator<T> {
  for (let i = 0; i < n; i++) yield gen();
}

/** The formats small enough to test every operand pair: (exponent bits, mantissa bits). */
export const TINY_FORMATS: ReadonlyArray<readonly [number, number]> = [[4, 2], [4, 3], [5, 2]];

/** Every pair of bit patterns of a format, in order. */
export function* allPairs(fmt: FloatFormat): Generator<[number, number]> {
  const n = 2 ** fmt.width;
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) yield [a, b];
}
