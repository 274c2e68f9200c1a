/**
 * The methods an accuracy study compares, as plain (serialisable) specifications, and the
 * kernel that evaluates them on one vector.
 *
 * - exact:      the correctly rounded x/||x|| itself (0 ulp by definition; its relative L2 and
 *               norm errors are the floor set by rounding the outputs).
 * - iterl2norm: the bit-exact macro model (IterL2NormModel) of a configuration.
 * - fisr:       the FISR baseline (fisr.ts) with the same formats, lanes and sum of squares.
 * A method with `perStep` is evaluated after every iteration step 0..steps (result keys id@k).
 *
 * Methods with the same internal format share one sum of squares (the same hardware order and
 * roundings; the sum depends only on the I/O and internal formats and the lanes). The scalar
 * loop runs through the model's own `iterate`, and the outputs are the model's output stage
 * for the L2 mode, y_i = RNE_io(x_i * b * 2^scale); test/accuracy checks the result against
 * IterL2NormModel.normalise bit for bit.
 */
import { type ConfigOptions, type MacroConfig, resolveConfig } from '../config.ts';
import type { FloatFormat } from '../format/float-format.ts';
import { fpMul } from '../operators/fp-mul.ts';
import { FisrModel } from '../model/fisr.ts';
import { IterL2NormModel } from '../model/iterl2norm.ts';
import { seedOf, seedTable } from '../model/seed.ts';

/** The scalar-loop options of an IterL2Norm method (everything else comes from the study). */
export interface LoopOptions {
  internal?: string;
  steps?: number;
  rule?: string;
  lambda?: number;
  init?: string;
  initBits?: number;
}

export type MethodSpec =
  | { kind: 'exact'; id: string; label: string }
  | { kind: 'iterl2norm'; id: string; label: string; opts: LoopOptions; perStep?: boolean }
  | { kind: 'fisr'; id: string; label: string; internal?: string; steps: number; perStep?: boolean };

/** The result keys a method produces: its id, or id@0 .. id@steps. */
export function resultKeys(m: MethodSpec, format: FloatFormat): string[] {
  if (m.kind === 'exact' || !m.perStep) return [m.id];
  const steps = m.kind === 'fisr' ? m.steps : resolveConfig({ format: format.name, ...m.opts } as ConfigOptions).steps;
  return Array.from({ length: steps + 1 }, (_, k) => `${m.id}@${k}`);
}

/** The resolved configuration of an IterL2Norm method (or the datapath of a FISR one). */
export function methodConfig(m: MethodSpec, format: FloatFormat, d: number, lanes: number): MacroConfig {
  const base: ConfigOptions = { d, format: format.name, lanes };
  if (m.kind === 'iterl2norm') return resolveConfig({ ...base, ...m.opts } as ConfigOptions);
  if (m.kind === 'fisr') return resolveConfig({ ...base, internal: m.internal });
  return resolveConfig(base);
}

interface CompiledLoop {
  keys: string[];
  steps: number[];
  run: (x: readonly number[], m: number) => number[][];
}

interface Group {
  sum: IterL2NormModel;
  loops: CompiledLoop[];
}

/** A study's methods compiled for one (format, d, lanes): models built once, sums shared. */
export class CompiledMethods {
  readonly keys: string[] = [];
  private readonly groups = new Map<string, Group>();
  private readonly exactKeys: string[] = [];
  /** Output vectors computed per evaluated vector (the cost unit of progress). */
  readonly outputsPerVector: number;

  constructor(readonly format: FloatFormat, readonly d: number, readonly lanes: number, methods: readonly MethodSpec[]) {
    let outputs = 0;
    for (const m of methods) {
      const keys = resultKeys(m, format);
      this.keys.push(...keys);
      if (m.kind === 'exact') {
        this.exactKeys.push(m.id);
        continue;
      }
      const cfg = methodConfig(m, format, d, lanes);
      let g = this.groups.get(cfg.internal.name);
      if (!g) {
        g = { sum: new IterL2NormModel(cfg), loops: [] };
        this.groups.set(cfg.internal.name, g);
        outputs += 2; // a sum of squares costs about two output passes
      }
      const steps = m.perStep ? keys.map((_, k) => k) : [m.kind === 'fisr' ? m.steps : cfg.steps];
      outputs += steps.length;
      g.loops.push({ keys, steps, run: m.kind === 'fisr' ? fisrLoop(cfg, m.steps, steps) : macroLoop(cfg, steps) });
    }
    this.outputsPerVector = outputs;
  }

  /** Every method's output vector(s) for x, keyed as `keys` (exact methods: the reference bits). */
  evaluate(x: readonly number[], reference: readonly number[]): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const k of this.exactKeys) out.set(k, reference as number[]);
    for (const g of this.groups.values()) {
      const m = g.sum.sumOfSquares(x);
      for (const loop of g.loops) {
        const ys = loop.run(x, m);
        loop.keys.forEach((k, i) => out.set(k, ys[i]!));
      }
    }
    return out;
  }
}

function macroLoop(cfg: MacroConfig, steps: number[]): (x: readonly number[], m: number) => number[][] {
  const model = new IterL2NormModel(cfg);
  const table = seedTable(cfg);
  const { format: io, internal: f } = cfg;
  return (x, m) => {
    const seed = seedOf(cfg, m, table);
    if (seed.kind !== 'finite') {
      const y = model.normalise(x); // special sums: the model's own policy (NaN or signed zeros)
      return steps.map(() => y);
    }
    const it = model.iterate(seed);
    return steps.map((k) => {
      const b = it[k]!;
      return x.map((xi) => fpMul(io, xi, f, b, io, seed.scale));
    });
  };
}

function fisrLoop(cfg: MacroConfig, maxSteps: number, steps: number[]): (x: readonly number[], m: number) => number[][] {
  const model = new FisrModel(cfg, maxSteps);
  return (x, m) => {
    const it = model.iterate(m);
    return steps.map((k) => model.scale(x, it[k]!));
  };
}
