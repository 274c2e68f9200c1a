/**
 * Vectors given in memory (the library's callers) checked as a vector file is: each vector an
 * array of bit patterns of the I/O format, d of them (1..D for a dMax design). A bad one is an
 * OptionError of the caller's own key (`vectors`, `params`), naming the vector and the element.
 */
import { OptionError } from '../errors.ts';
import type { FloatFormat } from '../format/float-format.ts';

/** Checks the bit patterns of one vector; `where` names it in the message ("vector 3"). */
export function checkWords(option: string, where: string, words: unknown, fmt: FloatFormat, d: number, upToD = false): number[] {
  const lengths = upToD ? `1 to ${d}` : `${d}`;
  if (!Array.isArray(words)) throw new OptionError({ option, got: typeof words, allowed: `arrays of ${lengths} ${fmt.name} bit patterns`, text: `{${option}}: ${where} is not an array of bit patterns (got ${typeof words})` });
  if (upToD ? words.length < 1 || words.length > d : words.length !== d) {
    throw new OptionError({ option, got: words.length, allowed: `${lengths} elements`, text: `{${option}}: ${where} has ${words.length} elements; this design takes ${lengths}` });
  }
  const limit = 2 ** fmt.width;
  words.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w >= limit) {
      throw new OptionError({ option, got: w, allowed: `integers from 0 to 2^${fmt.width}-1 (${fmt.name} bit patterns)`,
        text: `{${option}}: ${where}, element ${i}: ${JSON.stringify(w)} is not a ${fmt.name} bit pattern (an integer from 0 to 2^${fmt.width}-1)` });
    }
  });
  return words as number[];
}

/** Checks a list of vectors; returns them as given. */
export function checkVectors(option: string, vectors: unknown, fmt: FloatFormat, d: number, upToD = false): number[][] {
  if (!Array.isArray(vectors) || vectors.length === 0) {
    throw new OptionError({ option, got: Array.isArray(vectors) ? 0 : typeof vectors, allowed: 'a non-empty array of vectors, or a vector file', text: `{${option}} must be a non-empty array of vectors (arrays of bit patterns) or the path of a vector file` });
  }
  return vectors.map((v, i) => checkWords(option, `vector ${i}`, v, fmt, d, upToD));
}
