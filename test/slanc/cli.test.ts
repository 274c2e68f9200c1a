// `iterl2norm slanc`: tiny OPT and Llama (grouped-query) checkpoints written here, the JSON it
// writes, and the one-line exit-2 errors with nothing written.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { writeNpy } from '../../generator/slanc/npy.ts';
import { type TensorToWrite, writeSafetensors } from '../../generator/slanc/safetensors.ts';
import { type Matrix, attentionScale, euclidean, gatedMlpScale, mlpScale } from '../../generator/slanc/scales.ts';
import { captureCli } from '../support/cli-capture.ts';

const cli = captureCli('slanc-cli-');
const out = cli.out;

const D = 8;
const F = 16;

/** Seeded tensors with values exact in float32 (multiples of 2^-10), so the file holds them exactly. */
function tensors(kind: 'opt' | 'llama', seed: string): Map<string, { shape: number[]; data: Float64Array }> {
  const rng = seedrandom(seed);
  const t = new Map<string, { shape: number[]; data: Float64Array }>();
  const put = (name: string, shape: number[], scale = 1, offset = 0) =>
    t.set(name, { shape, data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => offset + Math.round((rng() * 2 - 1) * 1024 * scale) / 1024) });
  if (kind === 'opt') {
    put('model.decoder.embed_tokens.weight', [5, D]);
    put('model.decoder.embed_positions.weight', [6, D], 0.1);
    for (let i = 0; i < 2; i++) {
      const p = `model.decoder.layers.${i}.`;
      put(`${p}self_attn_layer_norm.weight`, [D], 0.2, 1);
      put(`${p}self_attn_layer_norm.bias`, [D], 0.1);
      for (const w of ['q_proj', 'k_proj', 'v_proj', 'out_proj']) put(`${p}self_attn.${w}.weight`, [D, D], 0.3);
      put(`${p}final_layer_norm.weight`, [D], 0.2, 1);
      put(`${p}fc1.weight`, [F, D], 0.3);
      put(`${p}fc2.weight`, [D, F], 0.3);
    }
    put('model.decoder.final_layer_norm.weight', [D], 0.2, 1);
  } else {
    put('model.embed_tokens.weight', [5, D]);
    for (let i = 0; i < 2; i++) {
      const p = `model.layers.${i}.`;
      put(`${p}input_layernorm.weight`, [D], 0.2, 1);
      put(`${p}self_attn.q_proj.weight`, [D, D], 0.3);
      put(`${p}self_attn.k_proj.weight`, [4, D], 0.3); // 4 query heads of 2, 2 KV heads
      put(`${p}self_attn.v_proj.weight`, [4, D], 0.3);
      put(`${p}self_attn.o_proj.weight`, [D, D], 0.3);
      put(`${p}post_attention_layernorm.weight`, [D], 0.2, 1);
      put(`${p}mlp.gate_proj.weight`, [F, D], 0.3);
      put(`${p}mlp.up_proj.weight`, [F, D], 0.3);
      put(`${p}mlp.down_proj.weight`, [D, F], 0.3);
    }
    put('model.norm.weight', [D], 0.2, 1);
  }
  return t;
}

function writeModel(file: string, t: Map<string, { shape: number[]; data: Float64Array }>, skip: string[] = []): string {
  const list: TensorToWrite[] = [...t].filter(([n]) => !skip.includes(n)).map(([name, v]) => ({ name, shape: v.shape, data: v.data, dtype: 'F32' }));
  writeSafetensors(file, list);
  return file;
}

const mat = (t: Map<string, { shape: number[]; data: Float64Array }>, name: string) => {
  const v = t.get(name)!;
  return { name, value: { rows: v.shape[0]!, cols: v.shape[1]!, data: v.data } as Matrix };
};
const vec = (t: Map<string, { shape: number[]; data: Float64Array }>, name: string) => ({ name, value: t.get(name)!.data });

interface Json { norms: Array<Record<string, unknown> & { s: number; k: number; norm: string; after: string }>; [k: string]: unknown }

describe('iterl2norm slanc', () => {
  it('OPT safetensors: the table, and JSON with every norm, formula, s, log2 s and k', async () => {
    const t = tensors('opt', 'opt');
    const model = writeModel(join(cli.dir, 'opt.safetensors'), t);
    const json = join(cli.dir, 'scales.json');
    expect(await main(['slanc', '--model', model, '--out', json], out)).toBe(0);
    expect(cli.errors).toBe('');
    expect(cli.lines[0]).toContain('opt layout, 2 layers, d = 8');
    expect(cli.lines.some((l) => /^#\s+layer\s+norm \(gain tensor\)\s+after\s+s\s+log2 s\s+k/.test(l))).toBe(true);
    const j = JSON.parse(readFileSync(json, 'utf8')) as Json;
    expect(j).toMatchObject({ tool: 'iterl2norm slanc', model, layout: 'opt', prefix: 'model.', layers: 2, d: D, internal: 'fp16', shiftRule: 'k = ceil(log2 s)' });
    expect(j.norms.map((n) => [n.norm, n.after, n.layer])).toEqual([
      ['model.decoder.layers.0.self_attn_layer_norm.weight', 'embedding', 0],
      ['model.decoder.layers.0.final_layer_norm.weight', 'attention', 0],
      ['model.decoder.layers.1.self_attn_layer_norm.weight', 'mlp', 1],
      ['model.decoder.layers.1.final_layer_norm.weight', 'attention', 1],
      ['model.decoder.final_layer_norm.weight', 'mlp', null],
    ]);
    for (const n of j.norms) {
      expect(Object.keys(n)).toEqual(expect.arrayContaining(['index', 'layer', 'norm', 'after', 'formula', 'from', 's', 'log2s', 'k', 'scaledNorm', 'overflowMargin', 'underflowMargin', 'epsFactor', 'parts', 'seconds']));
      expect(n.k).toBe(Math.ceil(Math.log2(n.s)));
      expect(n.log2s).toBeCloseTo(Math.log2(n.s), 12);
    }
    const rowMax = (name: string) => {
      const m = mat(t, name).value;
      let best = 0;
      for (let r = 0; r < m.rows; r++) best = Math.max(best, euclidean(m.data.subarray(r * D, (r + 1) * D)));
      return best;
    };
    expect(j.norms[0]!.s).toBeCloseTo(rowMax('model.decoder.embed_tokens.weight') + rowMax('model.decoder.embed_positions.weight'), 12);
    const L = (i: number) => `model.decoder.layers.${i}.`;
    expect(j.norms[1]!.s).toBeCloseTo(attentionScale(mat(t, `${L(0)}self_attn.v_proj.weight`), mat(t, `${L(0)}self_attn.out_proj.weight`), vec(t, `${L(0)}self_attn_layer_norm.weight`)).s, 12);
    expect(j.norms[1]!.from).toEqual({ W_V: `${L(0)}self_attn.v_proj.weight`, W_O: `${L(0)}self_attn.out_proj.weight`, gamma: `${L(0)}self_attn_layer_norm.weight` });
    expect(j.norms[2]!.s).toBeCloseTo(mlpScale(mat(t, `${L(0)}fc1.weight`), mat(t, `${L(0)}fc2.weight`), vec(t, `${L(0)}final_layer_norm.weight`)).s, 12);
    expect(j.norms[4]!.s).toBeCloseTo(mlpScale(mat(t, `${L(1)}fc1.weight`), mat(t, `${L(1)}fc2.weight`), vec(t, `${L(1)}final_layer_norm.weight`)).s, 12);
    expect(j.norms[1]!.formula).toBe('||(I + W_O W_V) diag(gamma)||_F');
  });

  it('a directory of <tensor name>.npy files gives the same scales, and a JSON layout file works', async () => {
    const t = tensors('opt', 'opt');
    const ref = join(cli.dir, 'ref.json');
    expect(await main(['slanc', '--model', writeModel(join(cli.dir, 'opt.safetensors'), t), '--out', ref], out)).toBe(0);
    const npyDir = join(cli.dir, 'npy');
    mkdirSync(npyDir);
    for (const [name, v] of t) writeNpy(join(npyDir, `${name}.npy`), { shape: v.shape, data: v.data, dtype: 'F64' });
    const fromNpy = join(cli.dir, 'npy.json');
    expect(await main(['slanc', '--model', npyDir, '--out', fromNpy], out)).toBe(0);
    const s = (f: string) => (JSON.parse(readFileSync(f, 'utf8')) as Json).norms.map((n) => n.s);
    expect(s(fromNpy)).toEqual(s(ref));
    const layout = join(cli.dir, 'layout.json');
    writeFileSync(layout, JSON.stringify({
      name: 'my-opt',
      prefixes: ['model.decoder.'],
      blocks: [
        { kind: 'attention', norm: 'layers.{i}.self_attn_layer_norm.weight', v: 'layers.{i}.self_attn.v_proj.weight', o: 'layers.{i}.self_attn.out_proj.weight' },
        { kind: 'mlp', norm: 'layers.{i}.final_layer_norm.weight', fc1: 'layers.{i}.fc1.weight', fc2: 'layers.{i}.fc2.weight' },
      ],
      finalNorm: 'final_layer_norm.weight',
    }));
    const custom = join(cli.dir, 'custom.json');
    expect(await main(['slanc', '--model', npyDir, '--layout', layout, '--out', custom], out)).toBe(0);
    const j = JSON.parse(readFileSync(custom, 'utf8')) as Json;
    expect(j.layout).toBe('my-opt');
    expect(j.norms[0]!.s).toBeNull(); // no embeddings listed: the first norm has no factor
    expect(s(custom).slice(1)).toEqual(s(ref).slice(1));
  });

  it('Llama with grouped-query attention: --heads or config.json; the gated MLP formula', async () => {
    const t = tensors('llama', 'llama');
    const sub = join(cli.dir, 'llama');
    mkdirSync(sub);
    const model = writeModel(join(sub, 'model.safetensors'), t);
    const json = join(cli.dir, 'llama.json');
    expect(await main(['slanc', '--model', model, '--out', json], out)).toBe(2);
    expect(cli.errors).toContain('grouped-query attention ("model.layers.0.self_attn.v_proj.weight" has 4 rows, "model.layers.0.self_attn.o_proj.weight" 8 columns): give --heads N');
    expect(existsSync(json)).toBe(false);
    cli.errors = '';
    expect(await main(['slanc', '--model', model, '--heads', '4', '--out', json], out)).toBe(0);
    const withHeads = JSON.parse(readFileSync(json, 'utf8')) as Json;
    writeFileSync(join(sub, 'config.json'), JSON.stringify({ model_type: 'llama', num_attention_heads: 4, num_key_value_heads: 2 }));
    const json2 = join(cli.dir, 'llama2.json');
    expect(await main(['slanc', '--model', sub, '--out', json2], out)).toBe(0);
    const fromConfig = JSON.parse(readFileSync(json2, 'utf8')) as Json;
    expect(fromConfig).toMatchObject({ layout: 'llama', heads: 4, layers: 2, d: D });
    expect(fromConfig.norms.map((n) => n.s)).toEqual(withHeads.norms.map((n) => n.s));
    const L = (i: number) => `model.layers.${i}.`;
    const gated = gatedMlpScale(mat(t, `${L(0)}mlp.gate_proj.weight`), mat(t, `${L(0)}mlp.up_proj.weight`), mat(t, `${L(0)}mlp.down_proj.weight`), vec(t, `${L(0)}post_attention_layernorm.weight`));
    expect(fromConfig.norms[2]).toMatchObject({ after: 'gated-mlp', norm: `${L(1)}input_layernorm.weight` });
    expect(fromConfig.norms[2]!.s / gated.s).toBeCloseTo(1, 8);
    expect(fromConfig.norms[2]!.spectral).toMatchObject({ converged: true });
    expect(fromConfig.norms[4]!.norm).toBe('model.norm.weight');
  });

  describe('bad input: one line, exit 2, nothing written', () => {
    const cases: Array<[string, (d: string) => string[], string]> = [
      ['a missing model', (d) => ['--model', join(d, 'none.safetensors')], 'cannot read (ENOENT)'],
      ['a malformed safetensors file', (d) => { writeFileSync(join(d, 'bad.safetensors'), 'garbage!garbage'); return ['--model', join(d, 'bad.safetensors')]; }, 'bad.safetensors: not a safetensors file'],
      ['a missing tensor', (d) => ['--model', writeModel(join(d, 'm.safetensors'), tensors('opt', 'opt'), ['model.decoder.layers.1.fc2.weight'])], 'no tensor "model.decoder.layers.1.fc2.weight" (MLP W_2)'],
      ['an unknown checkpoint', (d) => { writeSafetensors(join(d, 'x.safetensors'), [{ name: 'foo', shape: [1], data: [1] }]); return ['--model', join(d, 'x.safetensors')]; }, 'neither an OPT nor a Llama checkpoint'],
      ['a wrong --layout', (d) => ['--model', writeModel(join(d, 'm.safetensors'), tensors('opt', 'opt')), '--layout', 'gpt2'], '--layout must be auto, opt, llama or a .json layout file (got "gpt2")'],
      ['the wrong built-in layout', (d) => ['--model', writeModel(join(d, 'm.safetensors'), tensors('opt', 'opt')), '--layout', 'llama'], 'no tensor "layers.0.input_layernorm.weight": not a llama checkpoint?'],
      ['a malformed layout file', (d) => { writeFileSync(join(d, 'l.json'), '{"blocks": [{"kind": "conv"}]}'); return ['--model', writeModel(join(d, 'm.safetensors'), tensors('opt', 'opt')), '--layout', join(d, 'l.json')]; }, 'blocks[0].kind must be attention, mlp or gated-mlp (got "conv")'],
      ['a bad --extra-shift', (d) => ['--model', join(d, 'm.safetensors'), '--extra-shift', '99'], '--extra-shift must be an integer from -16 to 16 (got "99")'],
      ['a bad --internal', (d) => ['--model', join(d, 'm.safetensors'), '--internal', 'fp8'], '--internal: unknown format "fp8"'],
      ['no --model', () => [], 'Missing required argument: model'],
      ['a .npy file as --model', (d) => { writeNpy(join(d, 'w.npy'), { shape: [1], data: [1] }); return ['--model', join(d, 'w.npy')]; }, 'give the directory that holds the .npy files'],
    ];
    it.each(cases)('%s', async (_, args, message) => {
      const json = join(cli.dir, 'scales.json');
      expect(await main(['slanc', ...args(cli.dir), '--out', json], out)).toBe(2);
      expect(cli.errors).toContain(message);
      expect(cli.errors.trim().split('\n')).toHaveLength(1);
      expect(existsSync(json)).toBe(false);
    });

    it('an --out directory that does not exist', async () => {
      const model = writeModel(join(cli.dir, 'm.safetensors'), tensors('opt', 'opt'));
      expect(await main(['slanc', '--model', model, '--out', join(cli.dir, 'no', 'such', 'dir', 's.json')], out)).toBe(2);
      expect(cli.errors).toMatch(/^iterl2norm: --out .*: directory .* does not exist; create it first\n$/);
    });
  });
});
