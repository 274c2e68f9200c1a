/**
 * Vectors as a `$readmemh` file, for a user's own test bench (docs/contract.md "Memory files").
 *
 * One line per clock beat, as the macro's in_data (or out_data) carries it: the P lanes of the
 * beat concatenated, lane j at bits [j*W +: W], so lane P-1 is the leftmost word of the hex
 * number and lane 0 the rightmost. A vector of d elements is ceil(d/P) beats; lanes past d in
 * its last beat are 0. For a `--d-max D` design every beat also carries the vector's length in
 * the bits above the lanes, [P*W +: L] with L = ceil(log2(D+1)), the width of in_len: a bench
 * drives `{in_len, in_data} = mem[i]` and knows where each vector ends (ceil(len/P) beats).
 * Lines starting with `//` are comments, which `$readmemh` skips.
 */
import type { FloatFormat } from '../format/float-format.ts';

/** Bits of the length field of a `--d-max D` design's beat (the in_len port's width). */
export const lengthBits = (dMax: number): number => Math.ceil(Math.log2(dMax + 1));

export interface MemhLayout {
  /** Elements per beat, P. */
  lanes: number;
  /** For a `--d-max D` design: D (each beat carries its vector's length); undefined for a fixed d. */
  dMax?: number;
}

/** The beats of `vectors` as `$readmemh` text, with `header` lines as `//` comments first. */
export function formatMemh(vectors: number[][], fmt: FloatFormat, layout: MemhLayout, header: string[] = []): string {
  const P = layout.lanes;
  const W = BigInt(fmt.width);
  const dataBits = P * fmt.width;
  const lenBits = layout.dMax === undefined ? 0 : lengthBits(layout.dMax);
  const digits = Math.ceil((dataBits + lenBits) / 4);
  const lines = header.map((h) => `// ${h}`);
  for (const vec of vectors) {
    const beats = Math.ceil(vec.length / P);
    for (let b = 0; b < beats; b++) {
      let beat = 0n;
      for (let j = P - 1; j >= 0; j--) beat = (beat << W) | BigInt(vec[b * P + j] ?? 0);
      if (lenBits > 0) beat |= BigInt(vec.length) << BigInt(dataBits);
      lines.push(beat.toString(16).padStart(digits, '0'));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The header that says how to read the file (its widths and layout). */
export function memhHeader(what: string, vectors: number[][], fmt: FloatFormat, layout: MemhLayout): string[] {
  const P = layout.lanes;
  const W = fmt.width;
  const beats = vectors.reduce((n, v) => n + Math.ceil(v.length / P), 0);
  const lines = [
    `${what}: ${vectors.length} vector${vectors.length === 1 ? '' : 's'}, ${beats} beat${beats === 1 ? '' : 's'} of ${P} lane${P === 1 ? '' : 's'} x ${fmt.name} (iterl2norm)`,
    `one beat per line: lane j at bits [j*${W} +: ${W}] (lane ${P - 1} leftmost), lanes past a vector's end are 0`,
  ];
  if (layout.dMax !== undefined) {
    const L = lengthBits(layout.dMax);
    lines.push(`--d-max ${layout.dMax}: bits [${P * W} +: ${L}] of every beat hold its vector's length d (in_len), bits [${P * W - 1}:0] the lanes (in_data); a vector is ceil(d/${P}) beats`);
    lines.push(`reg [${P * W + L - 1}:0] mem [0:${beats - 1}]; $readmemh("FILE", mem);`);
  } else {
    const perVector = Math.ceil((vectors[0]?.length ?? 0) / P);
    lines.push(`reg [${P * W - 1}:0] mem [0:${beats - 1}]; $readmemh("FILE", mem); a vector is ${perVector} beat${perVector === 1 ? '' : 's'}`);
  }
  return lines;
}
