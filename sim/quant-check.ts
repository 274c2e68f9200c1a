/**
 * Co-simulation of quantised outputs (docs/quantize.md): the expected codes and the check of
 * every beat's E8M0 scale bytes against the model's block scales.
 */
import { readFileSync } from 'node:fs';
import type { MacroConfig } from '../generator/config.ts';
import type { FloatFormat } from '../generator/format/float-format.ts';
import { MX_BLOCK } from '../generator/format/quant-format.ts';
import { codeFileFormat, quantizeOutputs } from '../generator/model/quantized.ts';
import { scaleBits } from '../generator/rtl/quantize-stage.ts';
import type { Mismatch } from './cosim-types.ts';

export interface QuantExpectation {
  /** The format of the expected words (the codes' width). */
  fmt: FloatFormat;
  /** Codes per vector. */
  codes: number[][];
  /** Scales per vector (E8M0 block scales). */
  scales: number[][];
}

/** The model's codes and scales for outputs y (I/O format) of a configuration with --out-format. */
export function expectQuantised(cfg: MacroConfig, y: readonly number[][], staticScale?: number): QuantExpectation {
  const q = y.map((v) => quantizeOutputs(cfg, v, staticScale));
  return { fmt: codeFileFormat(cfg.outFormat!.element), codes: q.map((v) => v.codes), scales: q.map((v) => v.scales) };
}

/**
 * Compares the bench's scale file (each output beat's out_scale bytes, one per line, byte 0 first)
 * with the model: a static scale is s on every beat; with MX, beat t of a vector carries, with P >= 32, the scales of blocks t*P/32 .. t*P/32 + P/32 - 1
 * (a block wholly past the vector's end is zero lanes: 0x00), with P < 32 the scale of block
 * floor(t*P/32). Adds mismatches (phase 'scale ...') and returns the vectors that failed.
 */
export function checkScales(cfg: MacroConfig, file: string, q: QuantExpectation, lengths: readonly number[], phases: ReadonlyArray<{ name: string; count: number }>, mismatches: Mismatch[], limit: number): Set<number> {
  const got = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const P = cfg.lanes;
  const nsb = scaleBits(cfg) / 8;
  const mx = cfg.outFormat?.kind === 'mx';
  const failed = new Set<number>();
  let pos = 0;
  for (const phase of phases) {
    for (let v = 0; v < phase.count; v++) {
      const beats = Math.ceil(lengths[v]! / P);
      for (let t = 0; t < beats; t++) {
        for (let k = 0; k < nsb; k++, pos++) {
          // MX: block k of the beat; a per-vector scale: byte k of the fp32 s
          const block = !mx ? 0 : P >= MX_BLOCK ? (t * P) / MX_BLOCK + k : Math.floor((t * P) / MX_BLOCK);
          const byte = mx ? (q.scales[v]![block] ?? 0) : Math.floor(q.scales[v]![0]! / 2 ** (8 * k)) % 256;
          const want = byte.toString(16).padStart(2, '0');
          const have = got[pos];
          if (have === undefined || have.toLowerCase() !== want) {
            failed.add(v);
            if (mismatches.length < limit) mismatches.push({ vector: v, element: block, phase: `${phase.name} scale`, expected: want, got: have ?? 'missing' });
          }
        }
      }
    }
  }
  return failed;
}

