/**
 * The residual files of `golden` and `cosim` (docs/residual.md): `--res-in FILE` (the residual
 * vectors r, shaped like --in) and `--res-out FILE` (h = x + r in the I/O format, the out_res
 * words). Every check here runs before the model or a simulation does.
 */
import type { Argv } from 'yargs';
import type { MacroConfig } from '../generator/config.ts';
import { UsageError } from '../generator/errors.ts';
import { type OutputTarget, outputFileOption, pathOption } from '../generator/io/output-path.ts';
import { readVectorFile } from '../generator/vectors/vector-file.ts';
import { inputName } from '../generator/io/text-file.ts';

export function residualFileOptions<T>(y: Argv<T>, generated: boolean) {
  return y
    .option('res-in', { type: 'string', describe: `with --residual: the residual vectors r, one per vector of --in and as long (- : standard input)${generated ? ' [default with --vectors: made from --seed, as vectors --residual makes them]' : ''}` })
    .option('res-out', { type: 'string', describe: 'with --residual: write h = x + r in the I/O format (the out_res words), a vector file' });
}

export interface ResidualFiles {
  inPath: string | undefined;
  outTarget: OutputTarget | undefined;
}

/** --res-in and --res-out as given, refused without a --residual configuration. */
export function residualFiles(argv: Record<string, unknown>, cfg: MacroConfig): ResidualFiles {
  const inPath = pathOption('--res-in', argv['res-in']);
  const outTarget = outputFileOption('--res-out', argv['res-out']);
  if (cfg.residual === null && (inPath !== undefined || outTarget !== undefined)) {
    throw new UsageError(`${inPath !== undefined ? '--res-in' : '--res-out'} belongs to a residual design: add --residual (and --residual-sum io or internal) or remove it`);
  }
  return { inPath, outTarget };
}

/** The residual vectors of --res-in, one per input vector and of its length; a differing shape is exit 2. */
export function readResiduals(path: string, cfg: MacroConfig, xs: readonly (readonly number[])[]): number[][] {
  const rs = readVectorFile(path, cfg.format, cfg.d, cfg.runtimeLength);
  const name = inputName(path);
  if (rs.length !== xs.length) throw new UsageError(`--res-in ${name}: ${rs.length} residual vector${rs.length === 1 ? '' : 's'}, but ${xs.length} input vector${xs.length === 1 ? '' : 's'}; give one residual vector per input vector`);
  const k = rs.findIndex((r, i) => r.length !== xs[i]!.length);
  if (k >= 0) throw new UsageError(`--res-in ${name}: residual vector ${k + 1} has ${rs[k]!.length} words, its input vector ${xs[k]!.length}; give each residual vector the length of its input vector`);
  return rs;
}
