/**
 * The files of quantised outputs (--out-format; docs/quantize.md): the static scale read with
 * --scales, the codes of the results file and the scales file of --scales-out.
 */
import type { MacroConfig } from '../generator/config.ts';
import { UsageError } from '../generator/errors.ts';
import { FP32 } from '../generator/format/float-format.ts';
import { checkStaticScale, codeFileFormat, quantizeOutputs, scaleFileFormat } from '../generator/model/quantized.ts';
import { pathOption } from '../generator/io/output-path.ts';
import { formatVectorText, readVectorFile } from '../generator/vectors/vector-file.ts';

/** The static scale (fp32 pattern) of --scales FILE: a scales file of one line of one word. */
export function staticScaleOption(argv: Record<string, unknown>, cfg: MacroConfig, required = true): number | undefined {
  const file = pathOption('--scales', argv.scales);
  if (cfg.outScale !== 'static') {
    if (file !== undefined) throw new UsageError(`--scales ${file}: only a design with --out-scale static reads a scale (this one ${cfg.outFormat ? `finds its scales from the outputs (${cfg.outFormat.kind === 'mx' ? 'MX blocks' : 'dynamic'})` : 'has no --out-format'})`);
    return undefined;
  }
  if (file === undefined && !required) return undefined;
  if (file === undefined) throw new UsageError('--out-scale static needs --scales FILE: one line with the fp32 scale s as 8 hex digits (q = sat(RNE(y * RNE(1/s))))');
  const rows = readVectorFile(file, FP32, 1);
  if (rows.length !== 1) throw new UsageError(`${file}: expected 1 line (the static scale s, 8 hex digits), got ${rows.length}`);
  return checkStaticScale(rows[0]![0], file);
}

/** The results and scales text of quantised outputs (results in I/O-format patterns, one row per vector). */
export function quantisedTexts(cfg: MacroConfig, results: readonly number[][], staticScale: number | undefined): { codes: string; scales: string; quantised: number[][] } {
  const q = results.map((y) => quantizeOutputs(cfg, y, staticScale));
  const el = cfg.outFormat!.element;
  const header = [`${cfg.outFormat!.name} ${cfg.outFormat!.kind === 'mx' ? 'block scales (E8M0, one per 32 elements)' : `scale s (fp32, ${cfg.outScale})`} per vector`];
  return {
    quantised: q.map((v) => v.codes),
    codes: formatVectorText(q.map((v) => v.codes), codeFileFormat(el), undefined, !cfg.runtimeLength),
    scales: formatVectorText(q.map((v) => v.scales), scaleFileFormat(cfg), header, !cfg.runtimeLength),
  };
}
