/**
 * The golden model with --residual and --out-format against the engine references, row by row
 * of docs/engines.md: for each engine kernel, the options of ours that reproduce it, and the
 * agreement of every word (codes, residual words) and of the per-token scales.
 *
 * The golden model is passed in (`Ours`): this file needs nothing but the library's shape, so
 * it runs wherever the options exist (bench/engines.ts, test/reference/compare-quant.test.ts).
 */
import { f32bits } from '../format/reference.ts';
import { type Agreement, agreement, signMagnitudeOrdinal } from './agreement.ts';
import { type Token, flashinferRmsNorm, flashinferStaticFp8, ioPattern, ioValue, trtllmDynamicQuant, vllmDynamicQuant, vllmRmsNorm, vllmStaticFp8 } from './engines.ts';
import type { Tokens } from './compare-engines.ts';
import { type MxElement, int8Byte, mxQuantise } from './ocp-formats.ts';
import { type Quantised, type ScaledName, contractScaled, trtllmPerToken, vllmPerToken } from './scaled-quant.ts';

/** What the golden model gives for a configuration: outputs (I/O words or codes), scales, out_res. */
export interface OursRun {
  outputs: number[][];
  /** Per token: the fp32 pattern of s, or the E8M0 bytes of its blocks. */
  scales?: number[][];
  res?: number[][];
  /** Per token: the values y that reach the quantiser (internal format), or the outputs' values without one. */
  quantiserInput: number[][];
}

/** Our options beyond the plain RMSNorm (residual, residualSum, outFormat, outScale, scales). */
export type Ours = (extra: Record<string, unknown>, tokens: Tokens, withResidual: boolean) => OursRun;

export interface Row {
  /** The engine kernel (and where the semantics come from). */
  engine: string;
  /** Our options that reproduce it. */
  ours: string;
  words: Agreement;
  /** Per-token scales equal (fp32 patterns), of how many, and the largest relative difference. */
  scales?: { equal: number; tokens: number; maxRel: number };
  /** out_res against the engine's residual write-back. */
  res?: Agreement;
}

const ioOrdinal = signMagnitudeOrdinal(16);
const int8Ordinal = (b: number) => (b >= 128 ? b - 256 : b);

function tokenOf(t: Tokens, v: number, eps: number, withResidual: boolean): Token {
  const val = (row: number[]) => row.map((b) => ioValue(t.io, b));
  return { io: t.io, x: val(t.x[v]!), r: withResidual ? val(t.r[v]!) : undefined, w: val(t.w), eps };
}

function total(parts: Agreement[]): Agreement {
  return parts.reduce((a, b) => ({ words: a.words + b.words, equal: a.equal + b.equal, maxSteps: Math.max(a.maxSteps, b.maxSteps) }), { words: 0, equal: 0, maxSteps: 0 });
}

function codesOf(out: ScaledName, q: Quantised): number[] {
  return out === 'int8' ? q.q.map(int8Byte) : q.q;
}

function ordinalOf(out: string): (c: number) => number {
  return out === 'int8' || out === 'mxint8' ? int8Ordinal : signMagnitudeOrdinal(out === 'mxfp4' ? 4 : out.startsWith('mxfp6') ? 6 : 8);
}

function scaleAgreement(ours: number[][], ref: number[]) {
  let equal = 0;
  let maxRel = 0;
  ref.forEach((s, v) => {
    const mine = f32bits(s);
    const theirs = ours[v]![0]!;
    if (mine === theirs) equal++;
    else {
      const a = new Float32Array(new Uint32Array([theirs]).buffer)[0]!;
      maxRel = Math.max(maxRel, Math.abs(a - s) / Math.abs(s));
    }
  });
  return { equal, tokens: ref.length, maxRel };
}

/** One row: our run with `extra` against an engine's codes (and scales, and residual words). */
function row(engine: string, oursText: string, run: OursRun, ref: Array<Quantised & { residual?: number[] }>, out: ScaledName, t: Tokens, withRes: boolean): Row {
  const words = total(run.outputs.map((o, v) => agreement(o, codesOf(out, ref[v]!), ordinalOf(out))));
  const r: Row = { engine, ours: oursText, words, scales: scaleAgreement(run.scales ?? [], ref.map((q) => q.scale)) };
  if (withRes && run.res) r.res = total(run.res.map((o, v) => agreement(o, ref[v]!.residual!.map((h) => ioPattern(t.io, h)), ioOrdinal)));
  return r;
}

/** The residual rows: out_res and the I/O-format outputs against the fused add-and-norm kernels. */
export function residualRows(ours: Ours, t: Tokens, eps: number): Row[] {
  const rows: Row[] = [];
  const cases = [
    ['vLLM fused_add_rms_norm (CUDA)', 'io', (k: Token) => vllmRmsNorm(k, 'io')],
    ['vLLM RMSNorm.forward_native', 'internal', (k: Token) => vllmRmsNorm(k, 'fp32')],
    ['FlashInfer fused_add_rmsnorm', 'internal', (k: Token) => flashinferRmsNorm(k)],
  ] as const;
  for (const [engine, sum, norm] of cases) {
    const run = ours({ residual: true, residualSum: sum }, t, true);
    const refs = t.x.map((_, v) => norm(tokenOf(t, v, eps, true)));
    rows.push({
      engine, ours: `--residual --residual-sum ${sum}`,
      words: total(run.outputs.map((o, v) => agreement(o, refs[v]!.y.map((y) => ioPattern(t.io, y)), ioOrdinal))),
      res: total((run.res ?? []).map((o, v) => agreement(o, refs[v]!.residual.map((h) => ioPattern(t.io, h)), ioOrdinal))),
    });
  }
  return rows;
}

/** fp32 pattern of a static scale. */
const staticBits = (s: number) => f32bits(s);

/** The fused norm-and-quantise kernels against ours with the matching options. */
export function quantRows(ours: Ours, t: Tokens, eps: number, staticScale: number): Row[] {
  const tok = (withRes: boolean) => t.x.map((_, v) => tokenOf(t, v, eps, withRes));
  const rows: Row[] = [];
  for (const out of ['fp8e4m3', 'int8'] as const) {
    const extra = { residual: true, residualSum: 'internal', outFormat: out, outScale: 'dynamic' };
    rows.push(row(`vLLM rms_norm_dynamic_per_token_quant, ${out}`, `--residual --residual-sum internal --out-format ${out} --out-scale dynamic`,
      ours(extra, t, true), tok(true).map((k) => vllmDynamicQuant(k, out)), out, t, true));
    rows.push(row(`TensorRT-LLM generalRmsNorm per-token, ${out}`, `--out-format ${out} --out-scale dynamic`,
      ours({ outFormat: out, outScale: 'dynamic' }, t, false), tok(false).map((k) => trtllmDynamicQuant(k, out)), out, t, false));
  }
  const fixed = { outFormat: 'fp8e4m3', outScale: 'static', scales: staticBits(staticScale) };
  rows.push(row('vLLM fused_add_rms_norm_static_fp8_quant', '--residual --residual-sum io --out-format fp8e4m3 --out-scale static',
    ours({ ...fixed, residual: true, residualSum: 'io' }, t, true), tok(true).map((k) => vllmStaticFp8(k, staticScale)), 'fp8e4m3', t, true));
  rows.push(row('FlashInfer fused_add_rmsnorm_quant', '--residual --residual-sum internal --out-format fp8e4m3 --out-scale static',
    ours({ ...fixed, residual: true, residualSum: 'internal' }, t, true), tok(true).map((k) => flashinferStaticFp8(k, staticScale)), 'fp8e4m3', t, true));
  return rows;
}

/**
 * The quantiser alone: each engine's per-token rule, and the contract's rule, applied to the
 * golden model's own outputs y, against the golden model's codes for the same tokens. The
 * contract rows must agree on every word: they check the golden quantiser bit for bit.
 */
export function quantiserRows(ours: Ours, t: Tokens, staticScale: number): Row[] {
  const y = ours({ outFormat: 'mxint8' }, t, false).quantiserInput;
  const rows: Row[] = [];
  const add = (engine: string, out: ScaledName, extra: Record<string, unknown>, q: (v: number[]) => Quantised) =>
    rows.push(row(engine, Object.entries(extra).map(([k, v]) => `${k} ${k === 'scales' ? 'fixed' : v}`).join(', '), ours(extra, t, false), y.map(q), out, t, false));
  for (const out of ['fp8e4m3', 'fp8e5m2', 'int8'] as const) {
    add(`contract rule on our y, ${out} dynamic`, out, { outFormat: out, outScale: 'dynamic' }, (v) => contractScaled(v, out));
    add(`contract rule on our y, ${out} static`, out, { outFormat: out, outScale: 'static', scales: staticBits(staticScale) }, (v) => contractScaled(v, out, Math.fround(staticScale)));
  }
  for (const out of ['fp8e4m3', 'int8'] as const) {
    add(`vLLM per-token quantiser on our y, ${out}`, out, { outFormat: out, outScale: 'dynamic' }, (v) => vllmPerToken(v, out));
    add(`TensorRT-LLM per-token quantiser on our y, ${out}`, out, { outFormat: out, outScale: 'dynamic' }, (v) => trtllmPerToken(v, out, ioValue(t.io, ioPattern(t.io, 1e-6))));
  }
  const mx: Array<[string, MxElement]> = [['mxfp8e4m3', 'fp8e4m3'], ['mxfp8e5m2', 'fp8e5m2'], ['mxfp6e3m2', 'fp6e3m2'], ['mxfp6e2m3', 'fp6e2m3'], ['mxfp4', 'fp4e2m1'], ['mxint8', 'int8']];
  for (const [name, elem] of mx) {
    const run = ours({ outFormat: name }, t, false);
    const ref = y.map((v) => mxQuantise(elem, v));
    const words = total(run.outputs.map((o, v) => agreement(o, ref[v]!.codes, ordinalOf(name))));
    const scales = total((run.scales ?? []).map((s, v) => agreement(s, ref[v]!.scales, (c) => c)));
    rows.push({ engine: `OCP MX v1.0 rule on our y, ${name}`, ours: `--out-format ${name}`, words, scales: { equal: scales.equal, tokens: scales.words, maxRel: 2 ** scales.maxSteps - 1 } });
  }
  return rows;
}
