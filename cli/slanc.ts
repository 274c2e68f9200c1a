/**
 * `iterl2norm slanc`: the SLaNC static scale of every norm of a checkpoint, printed as a table
 * and written as JSON (docs/slanc.md). Bad input -> one-line UsageError (exit 2), nothing written:
 * the JSON is written only after every scale has been computed.
 */
import { jsonText, writeOutputs } from '../generator/io/atomic-write.ts';
import { type InputPath, checkInputsNotOutputs, outputFileOption } from '../generator/io/output-path.ts';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Argv } from 'yargs';
import { UsageError } from '../generator/errors.ts';
import { parseFormat } from '../generator/format/float-format.ts';
import { integerOption, realOption } from './options.ts';
import { counted } from './words.ts';
import { type Layout, LAYOUTS, type ModelScales, computeScales, detectLayout, readLayoutFile } from '../generator/slanc/layout.ts';
import { openModel } from '../generator/slanc/source.ts';

type Out = { log: (s: string) => void };

export const SLANC_DESCRIPTION = 'SLaNC static input scales of every norm of a checkpoint (safetensors or .npy)';

export function slancOptions(y: Argv) {
  return y
    .option('model', { type: 'string', describe: 'a .safetensors file, or a directory of .safetensors shards and/or <tensor name>.npy files', demandOption: true })
    .option('layout', { type: 'string', default: 'auto', describe: 'which tensors form which block: auto, opt, llama, or a JSON layout file' })
    .option('heads', { type: 'string', describe: 'query heads, needed for grouped-query attention [default: config.json num_attention_heads]' })
    .option('internal', { type: 'string', default: 'fp16', describe: 'format of the macro\'s sum of squares, for the overflow margin' })
    .option('extra-shift', { type: 'string', default: '0', describe: 'extra shift bits added to k = ceil(log2 s) (-16..16; negative shifts less)' })
    .option('tol', { type: 'string', default: '1e-9', describe: 'relative convergence tolerance of the spectral-norm power iteration' })
    .option('max-iterations', { type: 'string', default: '1000', describe: 'power-iteration limit' })
    .option('out', { type: 'string', describe: 'write the scales as JSON here' });
}

function num(name: string, text: unknown, min: number, max: number, integer: boolean): number {
  return integer ? integerOption(name, text, min, max) : realOption(name, text, min, max);
}

function layoutOf(text: string, src: ReturnType<typeof openModel>): Layout {
  if (text === 'auto') return detectLayout(src);
  if (text === 'opt' || text === 'llama') return LAYOUTS[text];
  if (text.endsWith('.json')) return readLayoutFile(text);
  throw new UsageError(`--layout must be auto, opt, llama or a .json layout file (got ${JSON.stringify(text)})`);
}

const fmt = (v: number | null, digits = 4) => (v === null ? '-' : v.toPrecision(digits));

export function slancTable(r: ModelScales): string[] {
  const rows = r.norms.map((n) => [
    String(n.index), n.layer === null ? 'final' : String(n.layer), n.norm, n.after,
    fmt(n.s, 6), n.log2s === null ? '-' : n.log2s.toFixed(3), n.k === null ? '-' : String(n.k),
    n.overflowMargin === null ? '-' : n.overflowMargin.toFixed(1), n.underflowMargin === null ? '-' : n.underflowMargin.toFixed(2), n.seconds.toFixed(2),
  ]);
  const head = ['#', 'layer', 'norm (gain tensor)', 'after', 's', 'log2 s', 'k', 'over', 'under', 'seconds'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const right = new Set([0, 4, 5, 6, 7, 8, 9]);
  const line = (cells: string[]) => cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** The files slanc reads: the checkpoint (a file, or a folder's tensors), its config.json and a layout file. */
function modelInputs(model: string, layout: unknown): InputPath[] {
  const isDir = existsSync(model) && statSync(model).isDirectory();
  const dir = isDir ? model : dirname(model);
  const inputs: InputPath[] = [{ option: '--model', given: join(dir, 'config.json') }];
  if (isDir) {
    for (const f of readdirSync(dir)) if (/\.(safetensors|npy|json)$/i.test(f)) inputs.push({ option: '--model', given: join(dir, f) });
  } else inputs.push({ option: '--model', given: model });
  if (typeof layout === 'string' && layout.endsWith('.json')) inputs.push({ option: '--layout', given: layout });
  return inputs;
}

export function cmdSlanc(argv: Record<string, unknown>, out: Out): number {
  const modelPath = argv.model;
  if (typeof modelPath !== 'string' || modelPath.length === 0) throw new UsageError('--model needs a file or directory name');
  const internal = (() => {
    try {
      return parseFormat(String(argv.internal ?? 'fp16'));
    } catch (e) {
      if (e instanceof UsageError) throw new UsageError(`--internal: ${e.message}`);
      throw e;
    }
  })();
  const extraShift = num('extra-shift', argv['extra-shift'] ?? '0', -16, 16, true);
  const tol = num('tol', argv.tol ?? '1e-9', 0, 0.1, false);
  const maxIterations = num('max-iterations', argv['max-iterations'] ?? '1000', 1, 1e6, true);
  const heads = argv.heads === undefined ? undefined : num('heads', argv.heads, 1, 1 << 20, true);
  const outT = outputFileOption('--out', argv.out);
  const outPath = outT?.given;
  if (outT?.kind === 'stdout') out = { log: (s) => process.stderr.write(`${s}\n`) }; // the JSON goes to stdout
  checkInputsNotOutputs(modelInputs(modelPath, argv.layout), [outT]);
  const t0 = performance.now();
  const src = openModel(modelPath);
  const layout = layoutOf(String(argv.layout ?? 'auto'), src);
  const r = computeScales(src, layout, { heads, internal, extraShift, spectral: { tol, maxIterations } });
  const seconds = (performance.now() - t0) / 1000;
  out.log(`${modelPath}: ${r.layout} layout, ${r.layers} layers, d = ${r.d}${r.heads ? `, ${r.heads} heads` : ''}; input scale 2^-k, k = ceil(log2 s)${extraShift ? ` ${extraShift < 0 ? '-' : '+'} ${Math.abs(extraShift)}` : ''}`);
  out.log(`over / under: how many times the actual norm may exceed s before the ${internal.name} sum of squares overflows / fall short of s before a typical square is subnormal`);
  for (const l of slancTable(r)) out.log(l);
  for (const n of r.norms) {
    if (n.spectral && !n.spectral.converged) out.log(`warning: ${n.norm}: power iteration stopped after ${n.spectral.iterations} iterations (last relative change ${n.spectral.lastChange.toExponential(2)}); the spectral norm is a lower bound`);
  }
  if (outPath !== undefined) {
    const json = {
      tool: 'iterl2norm slanc',
      model: modelPath,
      layout: r.layout,
      prefix: r.prefix,
      layers: r.layers,
      d: r.d,
      heads: r.heads,
      convention: 'PyTorch nn.Linear weights [out, in], y = W x; diag(gamma) scales columns; the macro input is multiplied by 2^-k and eps by 2^-2k',
      shiftRule: `k = ceil(log2 s)${extraShift ? ` ${extraShift < 0 ? '-' : '+'} ${Math.abs(extraShift)}` : ''}`,
      internal: internal.name,
      extraShift,
      powerIteration: { tol, maxIterations },
      seconds,
      norms: r.norms,
    };
    writeOutputs([{ target: outT!, data: jsonText(json) }]);
    out.log(`${counted(r.norms.length, 'scale')} written to ${outPath} (${seconds.toFixed(2)} s)`);
  } else {
    out.log(`${counted(r.norms.length, 'scale')} (${seconds.toFixed(2)} s)`);
  }
  return 0;
}
