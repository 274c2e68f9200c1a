/**
 * `decode --format F2 --scales FILE`: a results file of quantised codes and its scales file back
 * to the dequantised values, code x scale (MX: the scale of the element's block of 32).
 */
import { UsageError } from '../generator/errors.ts';
import { FP32 } from '../generator/format/float-format.ts';
import { MX_BLOCK, type OutFormat } from '../generator/format/quant-format.ts';
import { writeOutputs } from '../generator/io/atomic-write.ts';
import { checkInputsNotOutputs, checkOutputFile, pathOption } from '../generator/io/output-path.ts';
import { inputName, readTextFile } from '../generator/io/text-file.ts';
import { E8M0_FILE, codeFileFormat, dequantize } from '../generator/model/quantized.ts';
import { LIMITS } from '../generator/config.ts';
import { parseVectorText } from '../generator/vectors/vector-file.ts';
import { counted } from './words.ts';

type Out = { log: (s: string) => void };

function decimal(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  return Object.is(v, -0) ? '-0' : String(v);
}

export function cmdDecodeQuantised(argv: Record<string, unknown>, out: Out, f2: OutFormat): number {
  const target = checkOutputFile('--out', pathOption('--out', argv.out)!);
  const file = pathOption('--in', argv.in)!;
  const scalesFile = pathOption('--scales', argv.scales);
  if (scalesFile === undefined) throw new UsageError(`--format ${f2.name} decodes quantised codes: give --scales FILE (the scales file golden --scales-out wrote)`);
  if (scalesFile === '-' && file === '-') throw new UsageError('--in and --scales both read standard input (-); give at most one');
  checkInputsNotOutputs([{ option: '--in', given: file }, { option: '--scales', given: scalesFile }], [target]);
  const mx = f2.kind === 'mx';
  const codes = parseVectorText(readTextFile(file, 'results file'), codeFileFormat(f2.element), LIMITS.d.max, inputName(file), true);
  const scales = parseVectorText(readTextFile(scalesFile, 'scales file'), mx ? E8M0_FILE : FP32, mx ? Math.ceil(LIMITS.d.max / MX_BLOCK) : 1, inputName(scalesFile), true);
  if (scales.length !== codes.length) throw new UsageError(`${inputName(scalesFile)}: ${counted(scales.length, 'line')} of scales for ${counted(codes.length, 'vector')} in ${inputName(file)}; give the scales file written with these results`);
  scales.forEach((row, i) => {
    const want = mx ? Math.ceil(codes[i]!.length / MX_BLOCK) : 1;
    if (row.length !== want) throw new UsageError(`${inputName(scalesFile)}: vector ${i + 1} has ${row.length} scale words; its ${codes[i]!.length} codes take ${want}`);
  });
  const rows = codes.map((c, i) => dequantize(f2.element, mx, c, scales[i]!));
  writeOutputs([{ target, data: `${rows.map((r) => r.map(decimal).join(' ')).join('\n')}\n` }]);
  if (target.kind !== 'stdout') out.log(`${counted(rows.length, 'vector')} of ${f2.name} dequantised to ${target.given}`);
  return 0;
}
