/**
 * Affine parameters for tests and demos: gamma near 1 and beta near 0, as trained LayerNorm
 * and RMSNorm parameters are, with a few larger gammas (the outlier channels of LLMs).
 * Deterministic for a seed; I/O format bit patterns of length d.
 */
import seedrandom from 'seedrandom';
import type { MacroConfig } from '../config.ts';
import { encode } from '../format/float-format.ts';
import type { AffineParams } from '../model/iterl2norm.ts';

export function randomAffineParams(cfg: MacroConfig, seed: string): AffineParams {
  const rng = seedrandom(seed);
  const gamma = Array.from({ length: cfg.d }, () => encode(cfg.format, (rng() < 0.02 ? 8 : 1) * (0.5 + rng())));
  const beta = Array.from({ length: cfg.d }, () => encode(cfg.format, (rng() - 0.5) * 0.2));
  return cfg.affine === 'gamma-beta' ? { gamma, beta } : cfg.affine === 'gamma' ? { gamma } : {};
}
