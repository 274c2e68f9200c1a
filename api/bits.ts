/**
 * Numbers and the bit patterns the macro reads and writes, for callers that build vectors from
 * numbers or read results as numbers: correctly rounded to nearest even, as the vectors command.
 */
import { OptionError, UsageError } from '../generator/errors.ts';
import { type FloatFormat, decode, encode, parseFormat } from '../generator/format/float-format.ts';
import { checkWords } from '../generator/vectors/vector-words.ts';

function formatOf(name: string): FloatFormat {
  try {
    return parseFormat(name);
  } catch (e) {
    if (e instanceof UsageError) throw new OptionError({ option: 'format', got: name, allowed: 'fp32, bf16, fp16 or eXmY', text: `{format}: ${e.message}` });
    throw e;
  }
}

/** The bit patterns of `values` in `format` ('fp32', 'bf16', 'fp16' or 'eXmY'), rounded to nearest even. */
export function toBits(format: string, values: readonly number[]): number[] {
  const f = formatOf(format);
  return values.map((v) => encode(f, v));
}

/** The numbers that bit patterns of `format` stand for (NaN, infinities and -0 included). */
export function fromBits(format: string, bits: readonly number[]): number[] {
  const f = formatOf(format);
  return checkWords('bits', 'the vector', bits, f, bits.length).map((b) => decode(f, b));
}
