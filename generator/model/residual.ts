/**
 * The residual input (docs/residual.md), emulated: h = x + r, rounded where `residualSum` says,
 * and out_res. The same operations, in the same formats, as templates/top/linerate/residual_add.v.hbs
 * and the out_res path of output.v.hbs.
 *   io        h = RNE_io(x + r)                                  (one adder in the I/O format)
 *   internal  h = RNE_int(cvt_int(x) + cvt_int(r))               (both conversions exact)
 *             out_res = RNE_io(h)
 */
import type { MacroConfig } from '../config.ts';
import type { FloatFormat } from '../format/float-format.ts';
import { fpAdd } from '../operators/fp-add.ts';
import { fpConvert } from '../operators/fp-convert.ts';

/** The format of the words the vector memory keeps and the statistics read: h's (x's without a residual). */
export function storedFormat(cfg: MacroConfig): FloatFormat {
  return cfg.residual === 'internal' ? cfg.internal : cfg.format;
}

/** h = x + r element by element, in storedFormat(cfg). */
export function residualSum(cfg: MacroConfig, x: readonly number[], r: readonly number[]): number[] {
  if (r.length !== x.length) throw new RangeError(`a residual vector must have the length of its input vector (${x.length}), got ${r.length}`);
  const { format: io, internal: f } = cfg;
  if (cfg.residual === 'internal') return x.map((xi, i) => fpAdd(f, fpConvert(io, xi, f), fpConvert(io, r[i]!, f)));
  return x.map((xi, i) => fpAdd(io, xi, r[i]!));
}

/** out_res: h in the I/O format. */
export function residualOut(cfg: MacroConfig, h: readonly number[]): number[] {
  return cfg.residual === 'internal' ? h.map((hi) => fpConvert(cfg.internal, hi, cfg.format)) : [...h];
}
