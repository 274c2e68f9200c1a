// Quantised outputs on the command line (docs/quantize.md): golden writes codes and scales,
// decode dequantises them, bad combinations exit 2 with one line and nothing written.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { resolveConfig } from '../../generator/config.ts';
import { FP32, decode, encode } from '../../generator/format/float-format.ts';
import { IterL2NormModel } from '../../generator/model/iterl2norm.ts';
import { modelOutputs, quantizeOutputs } from '../../generator/model/quantized.ts';
import { captureCli } from '../support/cli-capture.ts';

const cli = captureCli('iterl2norm-quant-');
const hex8 = (v: number) => encode(FP32, v).toString(16).padStart(8, '0');
// two vectors of d = 40: a ramp with a large outlier, and small alternating values
const X = [
  Array.from({ length: 40 }, (_, i) => (i === 7 ? 50 : (i - 20) / 8)),
  Array.from({ length: 40 }, (_, i) => (i % 2 ? -1 : 1) * (1 + i / 64)),
];
const base = ['--d', '40', '--format', 'fp32', '--mode', 'rms', '--affine', 'none', '--lanes', '8'];

function inputs(): string {
  const file = join(cli.dir, 'in.txt');
  writeFileSync(file, `${X.map((v) => v.map(hex8).join(' ')).join('\n')}\n`);
  return file;
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));

describe('golden --out-format', () => {
  for (const [f2, digits, extra] of [['mxfp4', 1, []], ['mxfp6e2m3', 2, []], ['int8', 2, []], ['fp8e4m3', 2, ['--out-scale', 'static', '--scales', 'S']]] as const) {
    it(`${f2}: codes of ${digits} hex digits, scales per vector, decode within half a step of y`, async () => {
      const inFile = inputs();
      const scaleFile = join(cli.dir, 'static.txt');
      writeFileSync(scaleFile, `${hex8(1 / 256)}\n`);
      const args = extra.map((a) => (a === 'S' ? scaleFile : a));
      const q = join(cli.dir, 'q.txt');
      const s = join(cli.dir, 's.txt');
      expect(await main(['golden', ...base, '--out-format', f2, ...args, '--in', inFile, '--out', q, '--scales-out', s], cli.out)).toBe(0);
      const codes = lines(q).map((l) => l.split(' '));
      expect(codes.every((r) => r.length === 40 && r.every((w) => w.length === digits))).toBe(true);
      const scales = lines(s).map((l) => l.split(' '));
      expect(scales.map((r) => r.length)).toEqual(f2.startsWith('mx') ? [2, 2] : [1, 1]);
      // the file holds the model's outputs through the quantiser
      const cfg = resolveConfig({ d: 40, format: 'fp32', mode: 'rms', affine: 'none', lanes: 8, outFormat: f2, ...(extra.length ? { outScale: 'static' } : {}) });
      const model = new IterL2NormModel(cfg);
      const y = X.map((x) => modelOutputs(model, x.map((v) => encode(FP32, v))));
      y.forEach((yv, i) => expect(codes[i]!.map((w) => parseInt(w, 16))).toEqual(quantizeOutputs(cfg, yv, encode(FP32, 1 / 256)).codes));
      // decode: code x scale, within half a quantisation step of y where y is not saturated
      const dq = join(cli.dir, 'dq.txt');
      expect(await main(['decode', '--format', f2, '--in', q, '--scales', s, '--out', dq], cli.out)).toBe(0);
      const values = lines(dq).map((l) => l.split(' ').map(Number));
      y.forEach((yv, i) => yv.forEach((bits, j) => {
        const yj = decode(cfg.internal, bits); // y reaches the quantiser in the internal format
        const scale = f2.startsWith('mx') ? 2 ** (parseInt(scales[i]![Math.floor(j / 32)]!, 16) - 127) : decode(FP32, parseInt(scales[i]![0]!, 16));
        const step = f2 === 'int8' ? scale : f2 === 'mxfp4' ? scale * 2 : scale * 2 ** Math.max(Math.floor(Math.log2(Math.abs(yj / scale) || 1)) - 3, f2 === 'mxfp6e2m3' ? -3 : -9);
        if (f2 === 'fp8e4m3' && Math.abs(yj / scale) > 448) expect(values[i]![j]).toBe(Math.sign(yj) * 448 * scale);
        else expect(Math.abs(values[i]![j]! - yj)).toBeLessThanOrEqual(step / 2 * (1 + 2 ** -20));
      }));
    });
  }
});

describe('generate --out-format', () => {
  /** generate a design with `quant` options and the same design without them; both manifests. */
  async function generateBesidePlain(shape: string[], quant: string[]) {
    const dir = join(cli.dir, 'rtl');
    const plain = join(cli.dir, 'plain');
    expect(await main(['generate', ...shape, ...quant, '--out', dir], cli.out)).toBe(0);
    expect(await main(['generate', ...shape, '--out', plain], cli.out)).toBe(0);
    const manifest = (folder: string) => JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
    return { dir, m: manifest(dir), p: manifest(plain) };
  }

  it('MX: out_data of codes, out_scale bytes, latency + 32/P, and golden --design takes the format back', async () => {
    const { dir, m, p } = await generateBesidePlain(['--d', '40', '--lanes', '8'], ['--out-format', 'mxfp4']);
    expect(m.config.outFormat).toBe('mxfp4');
    const port = (name: string) => m.ports.find((q: { name: string }) => q.name === name);
    expect([port('out_data').width, port('out_scale').width]).toEqual([8 * 4, 8]);
    expect(m.latency.cycles).toBe(p.latency.cycles + 32 / 8);
    expect(m.throughput.cycles).toBe(p.throughput.cycles);
    const inFile = join(cli.dir, 'in.txt');
    writeFileSync(inFile, `${Array.from({ length: 40 }, (_, i) => (0x3f80 + i).toString(16)).join(' ')}\n`);
    expect(await main(['golden', '--design', dir, '--in', inFile, '--out', join(cli.dir, 'q.txt')], cli.out)).toBe(0);
    expect(lines(join(cli.dir, 'q.txt'))[0]!.split(' ').every((w) => w.length === 1)).toBe(true);
  });

  it('static: the scale write port', async () => {
    const dir = join(cli.dir, 'rtl');
    expect(await main(['generate', '--d', '40', '--lanes', '3', '--out-format', 'int8', '--out-scale', 'static', '--out', dir], cli.out)).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(m.ports.filter((q: { name: string }) => /scale/.test(q.name)).map((q: { name: string; width: number }) => [q.name, q.width])).toEqual([['scale_wr_en', 1], ['scale_wr_data', 32], ['out_scale', 32]]);
  });

  it('dynamic: out_scale only, the y buffer in the memories, latency + Bmax + 7', async () => {
    const { m, p } = await generateBesidePlain(['--d', '40', '--lanes', '3'], ['--out-format', 'int8']);
    expect(m.ports.filter((q: { name: string }) => /scale/.test(q.name)).map((q: { name: string; width: number }) => [q.name, q.width])).toEqual([['out_scale', 32]]);
    const B = Math.ceil(40 / 3);
    expect(m.latency.cycles).toBe(p.latency.cycles + B + 7);
    expect(m.throughput.cycles).toBe(p.throughput.cycles);
    // y in e10m30 (41 bits) and a lane-mask bit per lane, B + 7 words
    expect(m.engine.memories.find((r: { instance: string }) => r.instance === 'out.quant.ybuf')).toMatchObject({ words: B + 7, width: 3 * 42 });
  });
});

describe('cosim --out-format', () => {
  it('writes the same codes and block scales as golden (the RTL checked against them)', async () => {
    const inFile = inputs();
    const args = ['--d', '40', '--format', 'fp32', '--mode', 'l2', '--lanes', '8', '--out-format', 'mxfp6e3m2', '--in', inFile];
    const [cq, cs, gq, gs] = ['cq', 'cs', 'gq', 'gs'].map((n) => join(cli.dir, `${n}.txt`));
    expect(await main(['cosim', ...args, '--out', cq!, '--scales-out', cs!, '--stress', '1'], cli.out)).toBe(0);
    expect(await main(['golden', ...args, '--out', gq!, '--scales-out', gs!], cli.out)).toBe(0);
    expect(readFileSync(cq!, 'utf8')).toBe(readFileSync(gq!, 'utf8'));
    expect(readFileSync(cs!, 'utf8')).toBe(readFileSync(gs!, 'utf8'));
  });
});

describe('bad input: exit 2, one line, nothing written', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['unknown format', ['--out-format', 'fp9'], /--out-format must be one of fp8e4m3, .*mxint8 \(got "fp9"\)/],
    ['--out-scale with MX', ['--out-format', 'mxfp8e4m3', '--out-scale', 'dynamic'], /--out-scale: --out-format mxfp8e4m3 has a power-of-two scale per block/],
    ['--out-scale without --out-format', ['--out-scale', 'static'], /give --out-format fp8e4m3, fp8e5m2 or int8 with it/],
    ['MX with 3 lanes', ['--out-format', 'mxint8', '--lanes', '3'], /--lanes 3 with --out-format mxint8: .*allowed: 1, 2, 4, 8, 16, 32 or 64 lanes/],
    ['an I/O format wider than fp32', ['--out-format', 'int8', '--format', 'e10m20'], /the I\/O format must fit in fp32/],
    ['static without --scales', ['--out-format', 'int8', '--out-scale', 'static'], /--out-scale static needs --scales FILE/],
    ['--scales-out without --out-format', ['--scales-out', 'S'], /--scales-out writes the scales of quantised outputs/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const inFile = inputs();
      const argv = ['golden', '--d', '40', '--mode', 'l2', ...(args.includes('--format') ? [] : ['--format', 'fp32']), ...args.map((a) => (a === 'S' ? join(cli.dir, 's.txt') : a)), '--in', inFile, '--out', join(cli.dir, 'out.txt')];
      expect(await main(argv, cli.out)).toBe(2);
      expect(cli.errors).toMatch(message);
      expect(cli.errors.trim().split('\n')).toHaveLength(1);
      expect(readdirSync(cli.dir)).toEqual(['in.txt']);
    });
  }

  it('a static scale out of range, and generate with --out-format', async () => {
    const inFile = inputs();
    writeFileSync(join(cli.dir, 'tiny.txt'), '00000001\n');
    expect(await main(['golden', '--d', '40', '--format', 'fp32', '--mode', 'l2', '--out-format', 'int8', '--out-scale', 'static', '--scales', join(cli.dir, 'tiny.txt'), '--in', inFile, '--out', join(cli.dir, 'out.txt')], cli.out)).toBe(2);
    expect(cli.errors).toMatch(/from 2\^-126 to 2\^126/);
    expect(existsSync(join(cli.dir, 'out.txt'))).toBe(false);
    // the Verilog quantiser: behind the stream interface
    for (const extra of [['--out-format', 'int8', '--interface', 'axis'], ['--out-format', 'mxfp4', '--interface', 'axis']]) {
      cli.errors = '';
      expect(await main(['generate', '--d', '40', ...extra, '--out', join(cli.dir, 'rtl')], cli.out)).toBe(2);
      expect(cli.errors).toMatch(/the quantiser is built behind the stream interface/);
      expect(existsSync(join(cli.dir, 'rtl'))).toBe(false);
    }
  });

  it('prove with --out-format', async () => {
    expect(await main(['prove', '--d', '2', '--lanes', '2', '--format', 'fp16', '--internal', 'e5m6', '--steps', '1', '--out-format', 'mxfp4', '--json', join(cli.dir, 'p.json')], cli.out)).toBe(2);
    expect(cli.errors).toMatch(/--out-format mxfp4: the proof's harness has the plain output ports/);
    expect(readdirSync(cli.dir)).toEqual([]);
  });

  it('decode of codes without --scales', async () => {
    const q = join(cli.dir, 'in.txt');
    writeFileSync(q, '01 02\n');
    expect(await main(['decode', '--format', 'int8', '--in', q, '--out', join(cli.dir, 'o.txt')], cli.out)).toBe(2);
    expect(cli.errors).toMatch(/give --scales FILE/);
    expect(readdirSync(cli.dir)).toEqual(['in.txt']);
  });
});
