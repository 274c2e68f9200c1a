/**
 * Streams of vector lengths for --d-max designs that change length on every vector: the patterns
 * the line-rate benchmark (bench/streams.ts) and the co-simulation tests run. Each is a list of
 * lengths in 1..D; `scale` shrinks the repetitions for short test runs.
 */
import seedrandom from 'seedrandom';

export const STREAM_PATTERNS = ['long-then-short', 'short-then-long', 'long-tiny', 'random', 'down-up'] as const;
export type StreamPattern = (typeof STREAM_PATTERNS)[number];

export const PATTERN_TITLES: Record<StreamPattern, string> = {
  'long-then-short': 'one d = D vector, then eight d = D/8, repeated',
  'short-then-long': 'eight d = D/8, then one d = D, repeated',
  'long-tiny': 'long and tiny alternating (D, 1, D-1, 2, ...)',
  random: 'random lengths 1..D',
  'down-up': 'D down to 1 and back up',
};

/** The lengths of a pattern for a design of at most D elements; `count` bounds the vectors (about). */
export function streamLengths(pattern: StreamPattern, D: number, count = 64, seed = 'streams'): number[] {
  const short = Math.max(1, Math.floor(D / 8));
  const groups = Math.max(1, Math.round(count / 9));
  switch (pattern) {
    case 'long-then-short':
      return Array.from({ length: groups }, () => [D, ...new Array(8).fill(short)]).flat();
    case 'short-then-long':
      return Array.from({ length: groups }, () => [...new Array(8).fill(short), D]).flat();
    case 'long-tiny': {
      const out: number[] = [];
      for (let k = 0; out.length < count; k++) out.push(Math.max(1, D - k), Math.min(D, k + 1));
      return out.slice(0, count);
    }
    case 'random': {
      const rng = seedrandom(seed);
      return Array.from({ length: count }, () => 1 + Math.floor(rng() * D));
    }
    case 'down-up': {
      const half = Math.max(1, Math.floor(count / 2));
      const step = Math.max(1, Math.ceil(D / half));
      const down: number[] = [];
      for (let d = D; d > 1; d -= step) down.push(d);
      down.push(1);
      return [...down, ...down.slice(0, -1).reverse()];
    }
  }
}
