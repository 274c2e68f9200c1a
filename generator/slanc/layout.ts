/**
 * Which tensors form which block, and the static scale of every norm of a pre-norm decoder.
 *
 * A layout lists the blocks of one decoder layer in order. Each block is
 *   x <- x + Block(Norm(x))
 * with its own norm gain; `{i}` in a name stands for the layer index. The norms in network
 * order are: layer 0's block norms, layer 1's, ..., then `finalNorm`. The input of every norm
 * but the first is the output of the block just before it, so its SLaNC factor comes from that
 * block's weights and that block's norm gain (the "previous norm" of the formulas). The first
 * norm reads the embeddings: its factor is the bound max_t ||E_t|| (+ max_p ||P_p|| for learned
 * positions), when the embedding tables are in the checkpoint, and is left out otherwise.
 *
 * Built-in layouts (Hugging Face names; the leading "model." is optional, for checkpoints of
 * the bare OPTModel / LlamaModel):
 *   opt:   model.decoder.layers.{i}.self_attn_layer_norm.weight  -> self_attn.v_proj / out_proj
 *          model.decoder.layers.{i}.final_layer_norm.weight      -> fc1 / fc2
 *          model.decoder.final_layer_norm.weight (after the last layer)
 *   llama: model.layers.{i}.input_layernorm.weight           -> self_attn.v_proj / o_proj
 *          model.layers.{i}.post_attention_layernorm.weight  -> mlp.gate_proj / up_proj / down_proj
 *          model.norm.weight (after the last layer)
 * A JSON layout file has the same shape as `Layout` below (see docs/slanc.md).
 * Biases are not part of the formulas and are ignored.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.ts';
import type { FloatFormat } from '../format/float-format.ts';
import {
  type HardwareShift, type Matrix, type Named, type ScaleResult, type SpectralOptions,
  asMatrix, asVector, attentionScale, euclidean, gatedMlpScale, hardwareShift, mlpScale,
} from './scales.ts';
import type { TensorSource } from './source.ts';

export type BlockSpec =
  | { kind: 'attention'; norm: string; v: string; o: string }
  | { kind: 'mlp'; norm: string; fc1: string; fc2: string }
  | { kind: 'gated-mlp'; norm: string; gate: string; up: string; down: string };

export interface Layout {
  name: string;
  /** Prefixes tried in order until layer 0's first norm is found ("" = names as written). */
  prefixes?: string[];
  blocks: BlockSpec[];
  finalNorm?: string;
  /** Embedding tables summed into the first norm's input (token, then learned positions). */
  embeddings?: string[];
}

export const LAYOUTS: Record<'opt' | 'llama', Layout> = {
  opt: {
    name: 'opt',
    prefixes: ['model.', ''],
    blocks: [
      { kind: 'attention', norm: 'decoder.layers.{i}.self_attn_layer_norm.weight', v: 'decoder.layers.{i}.self_attn.v_proj.weight', o: 'decoder.layers.{i}.self_attn.out_proj.weight' },
      { kind: 'mlp', norm: 'decoder.layers.{i}.final_layer_norm.weight', fc1: 'decoder.layers.{i}.fc1.weight', fc2: 'decoder.layers.{i}.fc2.weight' },
    ],
    finalNorm: 'decoder.final_layer_norm.weight',
    embeddings: ['decoder.embed_tokens.weight', 'decoder.embed_positions.weight'],
  },
  llama: {
    name: 'llama',
    prefixes: ['model.', ''],
    blocks: [
      { kind: 'attention', norm: 'layers.{i}.input_layernorm.weight', v: 'layers.{i}.self_attn.v_proj.weight', o: 'layers.{i}.self_attn.o_proj.weight' },
      { kind: 'gated-mlp', norm: 'layers.{i}.post_attention_layernorm.weight', gate: 'layers.{i}.mlp.gate_proj.weight', up: 'layers.{i}.mlp.up_proj.weight', down: 'layers.{i}.mlp.down_proj.weight' },
    ],
    finalNorm: 'norm.weight',
    embeddings: ['embed_tokens.weight'],
  },
};

const TENSOR_KEYS: Record<BlockSpec['kind'], string[]> = {
  attention: ['v', 'o'],
  mlp: ['fc1', 'fc2'],
  'gated-mlp': ['gate', 'up', 'down'],
};

/** Parses and checks a JSON layout file (one-line UsageError naming the file). */
export function readLayoutFile(file: string): Layout {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`--layout ${file}: ${err.code ? `cannot read (${err.code})` : `not valid JSON (${err.message.split('\n')[0]})`}`);
  }
  const bad = (what: string) => new UsageError(`--layout ${file}: ${what}`);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad('not a JSON object');
  const o = json as Record<string, unknown>;
  if (!Array.isArray(o.blocks) || o.blocks.length === 0) throw bad('"blocks" must be a non-empty list');
  const blocks = o.blocks.map((b, n): BlockSpec => {
    if (typeof b !== 'object' || b === null) throw bad(`blocks[${n}] is not an object`);
    const r = b as Record<string, unknown>;
    const keys = TENSOR_KEYS[r.kind as BlockSpec['kind']];
    if (!keys) throw bad(`blocks[${n}].kind must be attention, mlp or gated-mlp (got ${JSON.stringify(r.kind)})`);
    for (const k of ['norm', ...keys]) {
      if (typeof r[k] !== 'string' || (r[k] as string).length === 0) throw bad(`blocks[${n}] (${r.kind}) needs a tensor name "${k}"`);
    }
    return r as unknown as BlockSpec;
  });
  const strings = (key: string): string[] | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw bad(`"${key}" must be a list of strings`);
    return v as string[];
  };
  if (o.finalNorm !== undefined && typeof o.finalNorm !== 'string') throw bad('"finalNorm" must be a tensor name');
  return {
    name: typeof o.name === 'string' ? o.name : file,
    prefixes: strings('prefixes') ?? [''],
    blocks,
    finalNorm: o.finalNorm as string | undefined,
    embeddings: strings('embeddings'),
  };
}

/** The built-in layout whose first norm is in the checkpoint (opt, then llama). */
export function detectLayout(src: TensorSource): Layout {
  for (const layout of Object.values(LAYOUTS)) if (findPrefix(src, layout) !== undefined) return layout;
  throw new UsageError(`--model ${src.path}: neither an OPT nor a Llama checkpoint (no ${LAYOUTS.opt.blocks[0]!.norm.replace('{i}', '0')} or ${LAYOUTS.llama.blocks[0]!.norm.replace('{i}', '0')}): give --layout FILE.json`);
}

function findPrefix(src: TensorSource, layout: Layout): string | undefined {
  const first = layout.blocks[0]!.norm.replaceAll('{i}', '0');
  return (layout.prefixes ?? ['']).find((p) => src.has(p + first));
}

export interface NormScale {
  /** Position of the norm in the network (0 = the first). */
  index: number;
  /** Decoder layer the norm belongs to; null for the final norm. */
  layer: number | null;
  /** The norm's gain tensor (identifies the norm). */
  norm: string;
  /** What feeds it: the block just before, or the embeddings. */
  after: 'embedding' | 'attention' | 'mlp' | 'gated-mlp';
  formula: string;
  /** Tensors the factor was computed from (gamma = the previous norm's gain). */
  from: Record<string, string>;
  /** The SLaNC factor; null when it cannot be computed (no embedding tables for the first norm). */
  s: number | null;
  log2s: number | null;
  /** Hardware shift: the macro's input is multiplied by 2^-k. */
  k: number | null;
  scaledNorm: number | null;
  overflowMargin: number | null;
  underflowMargin: number | null;
  epsFactor: number | null;
  parts: Record<string, number>;
  spectral?: { iterations: number; converged: boolean; lastChange: number };
  seconds: number;
}

export interface ScaleOptions {
  /** Query heads, for grouped-query attention (default: config.json num_attention_heads). */
  heads?: number;
  internal: FloatFormat;
  extraShift?: number;
  spectral?: SpectralOptions;
  /** Called after each norm (progress). */
  onNorm?: (n: NormScale) => void;
}

export interface ModelScales {
  layout: string;
  prefix: string;
  layers: number;
  d: number;
  heads: number | null;
  norms: NormScale[];
}

function shiftFields(s: number, internal: FloatFormat, extraShift: number, d: number): Pick<NormScale, 'k' | 'scaledNorm' | 'overflowMargin' | 'underflowMargin' | 'epsFactor' | 'log2s'> {
  const h: HardwareShift = hardwareShift(s, internal, extraShift, d);
  return { log2s: Math.log2(s), k: h.k, scaledNorm: h.scaledNorm, overflowMargin: h.overflowMargin, underflowMargin: h.underflowMargin ?? null, epsFactor: h.epsFactor };
}

/** Computes the static scale of every norm of `src` under `layout`. */
export function computeScales(src: TensorSource, layout: Layout, opts: ScaleOptions): ModelScales {
  const prefix = findPrefix(src, layout);
  const name = (pattern: string, i: number) => (prefix ?? '') + pattern.replaceAll('{i}', String(i));
  if (prefix === undefined) {
    throw new UsageError(`--model ${src.path}: no tensor "${name(layout.blocks[0]!.norm, 0)}": not a ${layout.name} checkpoint? (--layout opt|llama|FILE.json)`);
  }
  if (layout.name === 'opt' && src.config?.do_layer_norm_before === false) {
    throw new UsageError(`--model ${src.path}: config.json has do_layer_norm_before: false (post-LayerNorm OPT, e.g. opt-350m): the SLaNC formulas assume pre-LayerNorm blocks`);
  }
  let layers = 0;
  while (src.has(name(layout.blocks[0]!.norm, layers))) layers++;
  const heads = opts.heads ?? (typeof src.config?.num_attention_heads === 'number' ? src.config.num_attention_heads : undefined);
  const extraShift = opts.extraShift ?? 0;

  const need = (n: string, what: string) => {
    if (!src.has(n)) throw new UsageError(`--model ${src.path}: no tensor "${n}" (${what})`);
    return src.read(n);
  };
  const matrix = (n: string, what: string): Named<Matrix> => ({ name: n, value: asMatrix(need(n, what)) });
  const vector = (n: string, what: string): Named<Float64Array> => ({ name: n, value: asVector(need(n, what)) });

  // Norms in network order: [layer, block index] pairs, then the final norm.
  const order: Array<{ layer: number | null; norm: string }> = [];
  for (let i = 0; i < layers; i++) for (const b of layout.blocks) order.push({ layer: i, norm: name(b.norm, i) });
  if (layout.finalNorm) order.push({ layer: null, norm: (prefix ?? '') + layout.finalNorm });

  const norms: NormScale[] = [];
  let d = 0;
  for (let n = 0; n < order.length; n++) {
    const t0 = performance.now();
    const { layer, norm } = order[n]!;
    const gammaOwn = vector(norm, 'norm gain');
    if (d === 0) d = gammaOwn.value.length;
    else if (gammaOwn.value.length !== d) throw new UsageError(`--model ${src.path}: "${norm}" has ${gammaOwn.value.length} elements, the other gains ${d}`);
    let entry: Omit<NormScale, 'seconds' | 'index' | 'layer' | 'norm'>;
    if (n === 0) {
      const tables = (layout.embeddings ?? []).map((e) => (prefix ?? '') + e).filter((e) => src.has(e));
      if (tables.length === 0) {
        entry = { after: 'embedding', formula: 'no embedding tables in the checkpoint', from: {}, s: null, log2s: null, k: null, scaledNorm: null, overflowMargin: null, underflowMargin: null, epsFactor: null, parts: {} };
      } else {
        let s = 0;
        const parts: Record<string, number> = {};
        const from: Record<string, string> = {};
        tables.forEach((t, j) => {
          const m = matrix(t, 'embedding table').value;
          if (m.cols !== d) throw new UsageError(`--model ${src.path}: embedding "${t}" has ${m.cols} columns, expected d = ${d}`);
          let max = 0;
          for (let r = 0; r < m.rows; r++) max = Math.max(max, euclidean(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
          s += max;
          parts[`max_row_norm_${j}`] = max;
          from[j === 0 ? 'tokens' : `table${j}`] = t;
        });
        entry = { after: 'embedding', formula: tables.length > 1 ? 'max_t ||E_t|| + max_p ||P_p|| (bound)' : 'max_t ||E_t|| (bound)', from, s, ...shiftFields(s, opts.internal, extraShift, d), parts };
      }
    } else {
      const prev = order[n - 1]!;
      const bi = (n - 1) % layout.blocks.length;
      const b = layout.blocks[bi]!;
      const i = prev.layer!;
      const gamma = vector(prev.norm, 'gain of the previous norm');
      let r: ScaleResult;
      let from: Record<string, string>;
      if (b.kind === 'attention') {
        const v = matrix(name(b.v, i), 'attention W_V');
        const o = matrix(name(b.o, i), 'attention W_O');
        r = attentionScale(v, o, gamma, heads);
        from = { W_V: v.name, W_O: o.name, gamma: gamma.name };
      } else if (b.kind === 'mlp') {
        const w1 = matrix(name(b.fc1, i), 'MLP W_1');
        const w2 = matrix(name(b.fc2, i), 'MLP W_2');
        r = mlpScale(w1, w2, gamma);
        from = { W_1: w1.name, W_2: w2.name, gamma: gamma.name };
      } else {
        const gate = matrix(name(b.gate, i), 'MLP W_gate');
        const up = matrix(name(b.up, i), 'MLP W_up');
        const down = matrix(name(b.down, i), 'MLP W_down');
        r = gatedMlpScale(gate, up, down, gamma, { ...opts.spectral, seed: opts.spectral?.seed ?? `slanc/${gate.name}` });
        from = { W_gate: gate.name, W_up: up.name, W_down: down.name, gamma: gamma.name };
      }
      entry = {
        after: r.kind, formula: r.formula, from, s: r.s, ...shiftFields(r.s, opts.internal, extraShift, d), parts: r.parts,
        ...(r.spectral ? { spectral: { iterations: r.spectral.iterations, converged: r.spectral.converged, lastChange: r.spectral.lastChange } } : {}),
      };
    }
    const result: NormScale = { index: n, layer, norm, ...entry, seconds: (performance.now() - t0) / 1000 };
    norms.push(result);
    opts.onNorm?.(result);
  }
  return { layout: layout.name, prefix: prefix ?? '', layers, d, heads: heads ?? null, norms };
}
