/**
 * Seeded synthetic checkpoints for the SLaNC tool and demonstration: a small OPT-like model
 * (LayerNorm, ReLU MLP, multi-head attention; fp16 weights as OPT ships) and a small Llama-like
 * model (RMSNorm, SwiGLU MLP, grouped-query attention; bf16 weights), with Hugging Face tensor
 * names, a config.json each, and the residual-stream activations that reach every norm.
 *
 * Realistic scales:
 * - linear weights N(0, 0.02^2) (the OPT / GPT-2 initialisation), small biases;
 * - norm gains near 1 with a few outlier channels (the same channels in every layer, larger
 *   with depth), as trained LLMs have;
 * - "massive activations": the MLP output rows of the outlier channels are amplified, so a few
 *   channels of the residual stream grow with depth (to hundreds, as in OPT-6.7B and larger),
 *   which is what overflows an fp16 sum of squares.
 * The activations come from a float64 forward pass of the model itself (the weights rounded to
 * their stored dtype first) over seeded random tokens; they are stored as F32
 * `<norm gain name>.input` [tokens, d] in activations.safetensors.
 *
 *   npx tsx bench/slanc/make-synthetic-model.ts DIR [--seed S] [--tokens T]
 *
 * writes DIR/opt/{model.safetensors,config.json,activations.safetensors} and DIR/llama/...
 * Put DIR under rtl-out/ or a temporary directory (never commit the binaries).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import seedrandom from 'seedrandom';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { BF16, FP16, decode, encode, type FloatFormat } from '../../generator/format/float-format.ts';
import { type TensorToWrite, writeSafetensors } from '../../generator/slanc/safetensors.ts';
import type { DType } from '../../generator/slanc/tensor.ts';

type Rng = () => number;

function gaussian(rng: Rng): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = rng();
    const v = rng();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** A row-major matrix [rows, cols]. */
interface Mat { rows: number; cols: number; data: Float64Array }

/** Y = X W^T + b for X [T, in], W [out, in] (nn.Linear). */
function linear(x: Mat, w: Mat, b?: Float64Array): Mat {
  const T = x.rows;
  const out = new Float64Array(T * w.rows);
  for (let t = 0; t < T; t++) {
    const xr = t * x.cols;
    for (let o = 0; o < w.rows; o++) {
      const wr = o * w.cols;
      let s = b ? b[o]! : 0;
      for (let i = 0; i < w.cols; i++) s += x.data[xr + i]! * w.data[wr + i]!;
      out[t * w.rows + o] = s;
    }
  }
  return { rows: T, cols: w.rows, data: out };
}

function layerNorm(x: Mat, gamma: Float64Array, beta: Float64Array | undefined, eps: number, rms: boolean): Mat {
  const d = x.cols;
  const out = new Float64Array(x.data.length);
  for (let t = 0; t < x.rows; t++) {
    const row = x.data.subarray(t * d, (t + 1) * d);
    let mean = 0;
    if (!rms) {
      for (const v of row) mean += v;
      mean /= d;
    }
    let variance = 0;
    for (const v of row) variance += (v - mean) ** 2;
    variance /= d;
    const inv = 1 / Math.sqrt(variance + eps);
    for (let i = 0; i < d; i++) out[t * d + i] = gamma[i]! * (row[i]! - mean) * inv + (beta ? beta[i]! : 0);
  }
  return { rows: x.rows, cols: d, data: out };
}

/** Causal softmax attention; kvHeads < heads repeats KV heads (query head h reads KV head floor(h / rep)). */
function attention(q: Mat, k: Mat, v: Mat, heads: number, kvHeads: number): Mat {
  const T = q.rows;
  const hd = q.cols / heads;
  const rep = heads / kvHeads;
  const out = new Float64Array(T * q.cols);
  const scores = new Float64Array(T);
  for (let h = 0; h < heads; h++) {
    const g = Math.floor(h / rep);
    for (let t = 0; t < T; t++) {
      let max = -Infinity;
      for (let u = 0; u <= t; u++) {
        let s = 0;
        for (let c = 0; c < hd; c++) s += q.data[t * q.cols + h * hd + c]! * k.data[u * k.cols + g * hd + c]!;
        scores[u] = s / Math.sqrt(hd);
        max = Math.max(max, scores[u]!);
      }
      let z = 0;
      for (let u = 0; u <= t; u++) z += (scores[u] = Math.exp(scores[u]! - max));
      for (let u = 0; u <= t; u++) {
        const p = scores[u]! / z;
        for (let c = 0; c < hd; c++) out[t * q.cols + h * hd + c]! += p * v.data[u * v.cols + g * hd + c]!;
      }
    }
  }
  return { rows: T, cols: q.cols, data: out };
}

function add(a: Mat, b: Mat): Mat {
  return { rows: a.rows, cols: a.cols, data: a.data.map((v, i) => v + b.data[i]!) };
}

const silu = (v: number) => v / (1 + Math.exp(-v));

class Builder {
  readonly tensors: TensorToWrite[] = [];
  private readonly fmt: FloatFormat;
  constructor(readonly dtype: DType, readonly randn: () => number) {
    this.fmt = dtype === 'F16' ? FP16 : BF16;
  }
  /** Rounds to the stored dtype so the forward pass uses exactly the weights in the file. */
  private store(name: string, shape: number[], data: Float64Array): Float64Array {
    for (let i = 0; i < data.length; i++) data[i] = decode(this.fmt, encode(this.fmt, data[i]!));
    this.tensors.push({ name, shape, data, dtype: this.dtype });
    return data;
  }
  matrix(name: string, rows: number, cols: number, std: number, rowScale?: (r: number) => number): Mat {
    const data = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const f = std * (rowScale ? rowScale(r) : 1);
      for (let c = 0; c < cols; c++) data[r * cols + c] = this.randn() * f;
    }
    return { rows, cols, data: this.store(name, [rows, cols], data) };
  }
  vector(name: string, n: number, value: (i: number) => number): Float64Array {
    return this.store(name, [n], Float64Array.from({ length: n }, (_, i) => value(i)));
  }
}

export interface SyntheticSpec {
  kind: 'opt' | 'llama';
  d: number;
  heads: number;
  kvHeads: number;
  ffn: number;
  layers: number;
  vocab: number;
  /** Outlier channels of the gains and of the residual stream. */
  outliers: number;
  /** Gain of outlier channels in layer i: gainBase * (i + 1). */
  gainBase: number;
  /** Amplification of the MLP output rows of outlier channels in layer i: massiveBase * (i + 1). */
  massiveBase: number;
  eps: number;
}

export const OPT_SPEC: SyntheticSpec = { kind: 'opt', d: 768, heads: 12, kvHeads: 12, ffn: 3072, layers: 2, vocab: 1000, outliers: 4, gainBase: 6, massiveBase: 60, eps: 1e-5 };
export const LLAMA_SPEC: SyntheticSpec = { kind: 'llama', d: 512, heads: 8, kvHeads: 2, ffn: 1376, layers: 2, vocab: 1000, outliers: 3, gainBase: 5, massiveBase: 150, eps: 1e-5 };

export interface SyntheticResult {
  dir: string;
  spec: SyntheticSpec;
  /** Norm gain tensor names in network order (the activation of norm n is `${norms[n]}.input`). */
  norms: string[];
  seconds: number;
}

/** Builds one model, runs the forward pass and writes the three files into `dir`. */
export function makeSyntheticModel(dir: string, spec: SyntheticSpec, seed: string, tokens: number): SyntheticResult {
  const t0 = performance.now();
  const rng = seedrandom(`${seed}/${spec.kind}`);
  const randn = gaussian(rng);
  const { d, heads, kvHeads, ffn, layers } = spec;
  const hd = d / heads;
  const opt = spec.kind === 'opt';
  const b = new Builder(opt ? 'F16' : 'BF16', randn);
  const outlier = new Set<number>();
  while (outlier.size < spec.outliers) outlier.add(Math.floor(rng() * d));
  const gain = (layer: number) => (i: number) => (outlier.has(i) ? spec.gainBase * (layer + 1) * (1 + 0.2 * randn()) : 1 + 0.05 * randn());
  const small = () => 0.01 * randn();
  const massive = (layer: number) => (r: number) => (outlier.has(r) ? spec.massiveBase * (layer + 1) : 1);
  const p = opt ? 'model.decoder.' : 'model.';
  const L = (i: number) => `${p}layers.${i}.`;

  // Embeddings: N(0, 0.5^2) tokens (trained OPT / Llama token embeddings have RMS of this order).
  const embed = b.matrix(`${p}embed_tokens.weight`, spec.vocab, d, 0.5);
  const maxPos = tokens + 2;
  const pos = opt ? b.matrix(`${p}embed_positions.weight`, maxPos, d, 0.1) : undefined;
  const tok = Array.from({ length: tokens }, () => Math.floor(rng() * spec.vocab));
  let x: Mat = { rows: tokens, cols: d, data: new Float64Array(tokens * d) };
  for (let t = 0; t < tokens; t++) {
    for (let i = 0; i < d; i++) x.data[t * d + i] = embed.data[tok[t]! * d + i]! + (pos ? pos.data[(t + 2) * d + i]! : 0);
  }

  const activations: TensorToWrite[] = [];
  const norms: string[] = [];
  const record = (norm: string) => {
    norms.push(norm);
    activations.push({ name: `${norm}.input`, shape: [tokens, d], data: Float64Array.from(x.data), dtype: 'F32' });
  };
  const w = (name: string, rows: number, cols: number, rowScale?: (r: number) => number) => b.matrix(name, rows, cols, 0.02, rowScale);
  const bias = (name: string, n: number) => (opt ? b.vector(name, n, small) : undefined);

  for (let i = 0; i < layers; i++) {
    // Attention block.
    const n1 = opt ? `${L(i)}self_attn_layer_norm` : `${L(i)}input_layernorm`;
    const g1 = b.vector(`${n1}.weight`, d, gain(i));
    const be1 = opt ? b.vector(`${n1}.bias`, d, small) : undefined;
    record(`${n1}.weight`);
    const h = layerNorm(x, g1, be1, spec.eps, !opt);
    const a = `${L(i)}self_attn.`;
    const q = linear(h, w(`${a}q_proj.weight`, d, d), bias(`${a}q_proj.bias`, d));
    const k = linear(h, w(`${a}k_proj.weight`, kvHeads * hd, d), bias(`${a}k_proj.bias`, kvHeads * hd));
    const v = linear(h, w(`${a}v_proj.weight`, kvHeads * hd, d), bias(`${a}v_proj.bias`, kvHeads * hd));
    const o = linear(attention(q, k, v, heads, kvHeads), w(`${a}${opt ? 'out_proj' : 'o_proj'}.weight`, d, d), bias(`${a}out_proj.bias`, d));
    x = add(x, o);
    // MLP block.
    const n2 = opt ? `${L(i)}final_layer_norm` : `${L(i)}post_attention_layernorm`;
    const g2 = b.vector(`${n2}.weight`, d, gain(i));
    const be2 = opt ? b.vector(`${n2}.bias`, d, small) : undefined;
    record(`${n2}.weight`);
    const h2 = layerNorm(x, g2, be2, spec.eps, !opt);
    let y: Mat;
    if (opt) {
      const f = linear(h2, w(`${L(i)}fc1.weight`, ffn, d), bias(`${L(i)}fc1.bias`, ffn));
      f.data.forEach((vv, j) => { f.data[j] = Math.max(0, vv); });
      y = linear(f, w(`${L(i)}fc2.weight`, d, ffn, massive(i)), bias(`${L(i)}fc2.bias`, d));
    } else {
      const gte = linear(h2, w(`${L(i)}mlp.gate_proj.weight`, ffn, d));
      const up = linear(h2, w(`${L(i)}mlp.up_proj.weight`, ffn, d));
      gte.data.forEach((vv, j) => { gte.data[j] = silu(vv) * up.data[j]!; });
      y = linear(gte, w(`${L(i)}mlp.down_proj.weight`, d, ffn, massive(i)));
    }
    x = add(x, y);
  }
  const nf = opt ? `${p}final_layer_norm` : `${p}norm`;
  b.vector(`${nf}.weight`, d, gain(layers));
  if (opt) b.vector(`${nf}.bias`, d, small);
  record(`${nf}.weight`);

  mkdirSync(dir, { recursive: true });
  writeSafetensors(join(dir, 'model.safetensors'), b.tensors, { format: 'pt', generator: 'bench/slanc/make-synthetic-model.ts', seed });
  writeSafetensors(join(dir, 'activations.safetensors'), activations, { tokens: String(tokens), seed });
  const config = opt
    ? { model_type: 'opt', hidden_size: d, num_attention_heads: heads, ffn_dim: ffn, num_hidden_layers: layers, do_layer_norm_before: true, vocab_size: spec.vocab, max_position_embeddings: tokens, torch_dtype: 'float16', synthetic: { seed, outlier_channels: [...outlier].sort((u, v) => u - v) } }
    : { model_type: 'llama', hidden_size: d, num_attention_heads: heads, num_key_value_heads: kvHeads, intermediate_size: ffn, num_hidden_layers: layers, rms_norm_eps: spec.eps, vocab_size: spec.vocab, torch_dtype: 'bfloat16', synthetic: { seed, outlier_channels: [...outlier].sort((u, v) => u - v) } };
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  return { dir, spec, norms, seconds: (performance.now() - t0) / 1000 };
}

export function makeSyntheticModels(dir: string, seed = '1', tokens = 32): SyntheticResult[] {
  return [makeSyntheticModel(join(dir, 'opt'), OPT_SPEC, seed, tokens), makeSyntheticModel(join(dir, 'llama'), LLAMA_SPEC, seed, tokens)];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = yargs(hideBin(process.argv))
    .usage('$0 DIR [--seed S] [--tokens T]')
    .option('seed', { type: 'string', default: '1' })
    .option('tokens', { type: 'number', default: 32 })
    .demandCommand(1, 'give the output directory')
    .strict()
    .parseSync();
  for (const r of makeSyntheticModels(String(argv._[0]), argv.seed, argv.tokens)) {
    console.log(`${r.dir}: ${r.spec.kind}-like, d = ${r.spec.d}, ${r.spec.layers} layers, ${r.norms.length} norms, ${r.seconds.toFixed(1)} s`);
  }
}
