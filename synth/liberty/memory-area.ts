/**
 * The memory's area for `synth --liberty`: the vector store (and any other memory Yosys keeps as
 * $mem_v2) is an SRAM macro, a black box in the timed netlist, so its area is not in the
 * standard-cell area. It is estimated from an area per bit: `--sram-um2-per-bit A`, or a figure
 * built in for a known library, each from one real macro's layout size divided by its bits.
 * A library without a built-in figure needs the option.
 */
import { UsageError } from '../../generator/errors.ts';

export interface MemoryModel {
  /** Area per bit, um^2. */
  um2PerBit: number;
  /** Where the figure comes from. */
  source: string;
}

interface BuiltIn { library: RegExp; macro: string; widthUm: number; heightUm: number; bits: number; origin: string }

/** One macro per library family: its layout size (um) and its bits. */
export const BUILT_IN_MEMORY: BuiltIn[] = [
  {
    library: /^sky130_/,
    macro: 'sky130_sram_1kbyte_1rw1r_32x256_8',
    widthUm: 479.78, heightUm: 397.5, bits: 8192,
    origin: 'OpenRAM macro for sky130, one read-write and one read port',
  },
  {
    library: /^sg13g2_/,
    macro: 'RM_IHPSG13_2P_1024x16_c2_bm_bist',
    widthUm: 402.61, heightUm: 385.37, bits: 16384,
    origin: 'IHP-Open-PDK two-port SRAM macro (LEF SIZE, ihp-sg13g2/libs.ref/sg13g2_sram/lef/)',
  },
];

/**
 * The model for library `name` (the Liberty `library (...)` name): `um2PerBit` when given (the
 * option), else the built-in figure; none for an unknown library is bad input.
 */
export function memoryModel(name: string, um2PerBit?: number): MemoryModel {
  if (um2PerBit !== undefined) return { um2PerBit, source: `--sram-um2-per-bit ${um2PerBit}` };
  const b = BUILT_IN_MEMORY.find((m) => m.library.test(name));
  if (!b) {
    throw new UsageError(`--liberty: no built-in memory area for library ${name} (built in: ${BUILT_IN_MEMORY.map((m) => m.library.source.replace(/^\^/, '')).join(', ')}): give --sram-um2-per-bit A (um^2 per SRAM bit)`);
  }
  const um2 = (b.widthUm * b.heightUm) / b.bits;
  return { um2PerBit: um2, source: `${b.macro}: ${b.widthUm} x ${b.heightUm} um for ${b.bits.toLocaleString('en-US')} bits (${b.origin})` };
}

/** Area of `bits` of memory, um^2, two decimals. */
export const memoryAreaUm2 = (bits: number, m: MemoryModel) => Number((bits * m.um2PerBit).toFixed(2));
