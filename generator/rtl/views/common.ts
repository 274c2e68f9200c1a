/** Small helpers the module views share. */
import type { MacroConfig } from '../../config.ts';
import type { Plan } from '../../plan.ts';
import type { FloatFormat } from '../../format/float-format.ts';
import { decode, encode, formatHex } from '../../format/float-format.ts';
import { storedFormat } from '../../model/residual.ts';
import { seedTable } from '../../model/seed.ts';

/** Bits that hold 0 .. maxValue (at least 1). */
export const bitsFor = (maxValue: number): number => Math.max(1, Math.ceil(Math.log2(maxValue + 1)));

/** A signed Verilog literal of the given width. */
export const signedLiteral = (width: number, v: number): string => (v < 0 ? `-${width}'sd${-v}` : `${width}'sd${v}`);

/**
 * Unpacked exponent width: the fp_unpack module's safe width max(E, clog2(M+1)) + 2 (its header
 * proves that exponents in [1 - bias - M, bias + 1] cannot wrap); it also holds the output scale.
 */
export const unpackedExponentBits = (f: FloatFormat): number => Math.max(f.expBits, Math.ceil(Math.log2(f.manBits + 1))) + 2;

/** Worst |b0 * sqrt(s) - 1| of the seed over s in [0.5, 2) (sampled densely at entry edges). */
export function seedWorstError(cfg: MacroConfig): number {
  if (cfg.init === 'exp') return Math.SQRT2 - 1;
  const n = 2 ** cfg.initBits;
  const table = seedTable(cfg);
  let worst = 0;
  for (let parity = 0; parity < 2; parity++) {
    for (let i = 0; i < n; i++) {
      const value = decode(cfg.internal, table[parity * n + i]);
      for (const edge of [i, i + 1]) {
        const s = (1 + edge / n) / 2 ** parity;
        worst = Math.max(worst, Math.abs(value * Math.sqrt(s) - 1));
      }
    }
  }
  return worst;
}

/** The formats a module reads: I/O, internal, and the stored word (h with --residual) with its 1.0. */
export function formats(cfg: MacroConfig) {
  const st = storedFormat(cfg);
  return { io: cfg.format, int: cfg.internal, st: { ...st, one: formatHex(st, encode(st, 1)) } };
}

/** The input scale exponent -K and the squares' -2K, as 9-bit signed literals. */
export const inputScale = (cfg: MacroConfig) => ({ negK: signedLiteral(9, -cfg.inputShift), sqScale: signedLiteral(9, -2 * cfg.inputShift) });

/** Lanes that carry elements in the last beat of a fixed-d vector, as a bit string (lane P-1 first). */
export function lastMask(cfg: MacroConfig, B: number): string {
  const P = cfg.lanes;
  const lastLanes = cfg.d - (B - 1) * P;
  return Array.from({ length: P }, (_, j) => (P - 1 - j < lastLanes ? '1' : '0')).join('');
}

/**
 * The per-vector queues' storage (_entry_queue's MEM, the output's hand-off queue): a
 * _vector_store above ENTRY_MEMORY_MIN_WORDS entries (plan.entryMemory), flip-flops otherwise.
 */
export const entryStorage = (plan: Plan) => ({ entryMem: plan.entryMemory ? 1 : 0 });

/** The vector entries (slots) and their pointer width. */
export const slotWidths = (slots: number) => ({ slots, slw: bitsFor(slots - 1), slw1: bitsFor(slots - 1) + 1, lastSlot: slots - 1 });

/** The seed, in words. */
export const initDesc = (cfg: MacroConfig): string =>
  (cfg.init === 'table' ? `table on ${cfg.initBits} fraction bits (${2 ** (cfg.initBits + 1)} entries)` : 'exponent only (b0 = 1)');
