/**
 * The golden model against the engine references on the same tokens: RMSNorm with gamma, the
 * agreement of the I/O-format words (docs/engines.md states the figures; bench/engines.ts
 * prints them, test/reference/compare-engines.test.ts holds them).
 */
import seedrandom from 'seedrandom';
import { golden } from '../../api/golden.ts';
import { type Agreement, addAgreement, agreement, signMagnitudeOrdinal } from './agreement.ts';
import { type IoName, type Token, flashinferRmsNorm, ioPattern, ioValue, vllmRmsNorm } from './engines.ts';

export type Io16 = Exclude<IoName, 'fp32'>;

export interface Tokens {
  io: Io16;
  /** Per token: x, and a residual r of the same shape. */
  x: number[][];
  r: number[][];
  /** gamma, shared by the tokens. */
  w: number[];
}

/**
 * Seeded tokens as a transformer's hidden states look: Gaussian rows of scale 2^k (k in -4..3),
 * one channel in 32 an outlier of 8 to 32 times; gamma near 1 with a few near 4; residual rows
 * like the tokens. Patterns of the I/O format.
 */
export function makeTokens(io: Io16, d: number, count: number, seed: string): Tokens {
  const rng = seedrandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const row = () => {
    const scale = 2 ** Math.floor(rng() * 8 - 4);
    return Array.from({ length: d }, (_, i) => ioPattern(io, scale * gauss() * (i % 32 === 7 ? 8 + 24 * rng() : 1)));
  };
  const x = Array.from({ length: count }, row);
  const r = Array.from({ length: count }, row);
  const w = Array.from({ length: d }, () => ioPattern(io, (rng() < 0.03 ? 4 : 1) * (0.5 + rng())));
  return { io, x, r, w };
}

export type NormEngine = 'vllm' | 'flashinfer';

const NORMS: Record<NormEngine, (t: Token) => number[]> = {
  vllm: (t) => vllmRmsNorm(t, 'io').y,
  flashinfer: (t) => flashinferRmsNorm(t).y,
};

/** Our RMSNorm (gamma, no residual) against each engine's, word by word over the tokens. */
export function compareNorm(tokens: Tokens, eps: number, lanes: number): Record<NormEngine, Agreement> {
  const { io, x, w } = tokens;
  const ours = golden({ mode: 'rms', affine: 'gamma', format: io, d: w.length, lanes, eps, params: { gamma: w } }, x);
  const ordinal = signMagnitudeOrdinal(16);
  const result = {} as Record<NormEngine, Agreement>;
  for (const engine of Object.keys(NORMS) as NormEngine[]) {
    let total: Agreement = { words: 0, equal: 0, maxSteps: 0 };
    x.forEach((row, v) => {
      const token: Token = { io, x: row.map((b) => ioValue(io, b)), w: w.map((b) => ioValue(io, b)), eps };
      const ref = NORMS[engine](token).map((y) => ioPattern(io, y));
      total = addAgreement(total, agreement(ours[v]!, ref, ordinal));
    });
    result[engine] = total;
  }
  return result;
}
