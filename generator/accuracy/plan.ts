/**
 * The plans of the accuracy study: the comparison (the configuration under test against the
 * exact result and FISR) and, with sweeps, the full study of docs/accuracy.md: the same
 * comparison with more methods (the paper's setting, the fp32 datapath, the candidates for a
 * 1-ulp configuration) and four sweeps (iteration steps, lambda, seed, internal format).
 */
import { type ConfigOptions, resolveConfig } from '../config.ts';
import { makeFormat, parseFormat } from '../format/float-format.ts';
import type { LoopOptions, MethodSpec } from './methods.ts';
import type { Section, StudyPlan, VectorFile } from './study.ts';

/** The nine OPT embedding lengths (125M ... 175B). */
export const OPT_WIDTHS = [768, 1024, 2048, 2560, 4096, 5120, 7168, 9216, 12288];

/**
 * Euler rate of the paper setting: the paper does not publish its lambda; 0.4 makes the
 * linearised error factor |1 - 2 lambda s| equal (0.6) at both ends of s in [0.5, 2), the
 * minimax choice, and the lambda sweep shows it among the best at 5 steps.
 */
export const PAPER_LAMBDA = 0.4;
export const PAPER_STEPS = 5;
export const LAMBDA_GRID = [0.125, 0.1875, 0.25, 0.3125, 0.375, 0.4, 0.4375, 0.5, 0.5625, 0.625];

export interface AccuracyOptions {
  formats: string[];
  widths: number[];
  dists: string[];
  vectors: number;
  seed: string;
  lanes: number;
  /** The IterL2Norm configuration under test (missing options: the defaults). */
  loop: LoopOptions;
  fisrSteps: number[];
  /** Run the full study (more methods, the sweeps). */
  sweeps: boolean;
  /** Vectors per (format, width, distribution) in the sweeps. */
  sweepVectors: number;
  file?: VectorFile;
}

/** The resolved configuration under test for a format. */
export function testedConfig(o: Pick<AccuracyOptions, 'lanes' | 'loop'>, format: string) {
  return resolveConfig({ format, lanes: o.lanes, ...o.loop } as ConfigOptions);
}

/** A short label of an IterL2Norm configuration. */
export function loopLabel(opts: LoopOptions, format: string): string {
  const c = resolveConfig({ format, ...opts } as ConfigOptions);
  const rule = c.rule === 'newton' ? 'newton' : `euler l=${c.lambda}`;
  const seed = c.init === 'table' ? `${c.initBits}-bit table` : 'exp seed';
  return `${rule} x${c.steps}, ${seed}, ${c.internal.name}`;
}

/** The widths of the sweeps: the study's widths if three or fewer, else the smallest, the middle and the largest. */
export function sweepWidths(widths: number[]): number[] {
  const w = [...new Set(widths)].sort((a, b) => a - b);
  if (w.length <= 3) return w;
  return [w[0]!, w[Math.floor((w.length - 1) / 2)]!, w[w.length - 1]!];
}

/** Internal mantissa widths of the internal-format sweep for an I/O format with M mantissa bits. */
export function internalSweep(format: string): string[] {
  const io = parseFormat(format);
  const e = testedConfig({ lanes: 1, loop: {} }, format).internal.expBits;
  const M = io.manBits;
  const mans = [...new Set([M + 1, M + 3, M + 5, M + 7, M + 9, M + 13, 23, 30, 40].map((m) => Math.min(40, Math.max(8, m))))].sort((a, b) => a - b);
  const names = mans.map((m) => makeFormat(e, m).name);
  return ['fp32', ...names.filter((n) => n !== 'fp32')];
}

/** Candidates of the search for a configuration within 1 ulp: (internal format, up to 3 steps). */
export function candidateInternals(format: string): string[] {
  const io = parseFormat(format);
  const e = testedConfig({ lanes: 1, loop: {} }, format).internal.expBits;
  const M = io.manBits;
  const mans = M >= 16 ? [M + 1, M + 2, M + 3, M + 4, M + 5] : [M + 3, M + 5, M + 7, M + 9];
  // at least 8 bits: the 6-bit seed table needs 6, and fewer are useless
  return [...new Set(mans.map((m) => Math.max(8, m)))].filter((m) => m <= 40).map((m) => makeFormat(e, m).name);
}

export const CANDIDATE_STEPS = 3;

function compareMethods(o: AccuracyOptions, format: string): MethodSpec[] {
  const cfg = testedConfig(o, format);
  const internal = cfg.internal.name;
  const methods: MethodSpec[] = [
    { kind: 'exact', id: 'exact', label: 'exact (correctly rounded)' },
    { kind: 'iterl2norm', id: 'iterl2norm', label: `IterL2Norm ${loopLabel({ ...o.loop, internal }, format)}`, opts: { ...o.loop, internal } },
    ...o.fisrSteps.map((n): MethodSpec => ({ kind: 'fisr', id: `fisr${n}`, label: `FISR-${n} (${internal})`, internal, steps: n })),
  ];
  if (!o.sweeps) return methods;
  const paper: LoopOptions = { internal, rule: 'euler', lambda: PAPER_LAMBDA, init: 'exp', steps: PAPER_STEPS };
  methods.push({ kind: 'iterl2norm', id: 'paper', label: `paper setting: ${loopLabel(paper, format)}`, opts: paper });
  if (internal !== 'fp32') {
    methods.push({ kind: 'iterl2norm', id: 'iterl2norm-fp32', label: `IterL2Norm ${loopLabel({ ...o.loop, internal: 'fp32' }, format)}`, opts: { ...o.loop, internal: 'fp32' } });
    for (const n of o.fisrSteps) methods.push({ kind: 'fisr', id: `fisr${n}-fp32`, label: `FISR-${n} (fp32)`, internal: 'fp32', steps: n });
  }
  for (const c of candidateInternals(format)) {
    methods.push({ kind: 'iterl2norm', id: `cand-${c}`, label: `newton, 6-bit table, ${c}`, opts: { internal: c, rule: 'newton', init: 'table', initBits: 6, steps: CANDIDATE_STEPS }, perStep: true });
  }
  return methods;
}

function stepsMethods(internal: string): MethodSpec[] {
  return [
    { kind: 'iterl2norm', id: 'newton-table', label: 'newton, 6-bit table', opts: { internal, rule: 'newton', init: 'table', initBits: 6, steps: 6 }, perStep: true },
    { kind: 'iterl2norm', id: 'newton-exp', label: 'newton, exp seed', opts: { internal, rule: 'newton', init: 'exp', steps: 8 }, perStep: true },
    { kind: 'iterl2norm', id: 'euler-table', label: `euler l=${PAPER_LAMBDA}, 6-bit table`, opts: { internal, rule: 'euler', lambda: PAPER_LAMBDA, init: 'table', initBits: 6, steps: 10 }, perStep: true },
    { kind: 'iterl2norm', id: 'euler-exp', label: `euler l=${PAPER_LAMBDA}, exp seed (paper)`, opts: { internal, rule: 'euler', lambda: PAPER_LAMBDA, init: 'exp', steps: 10 }, perStep: true },
    { kind: 'fisr', id: 'fisr', label: 'FISR', internal, steps: 4, perStep: true },
  ];
}

function lambdaMethods(internal: string): MethodSpec[] {
  return LAMBDA_GRID.flatMap((lambda): MethodSpec[] => [
    { kind: 'iterl2norm', id: `exp-${lambda}`, label: `exp seed, l=${lambda}`, opts: { internal, rule: 'euler', lambda, init: 'exp', steps: PAPER_STEPS } },
    { kind: 'iterl2norm', id: `table-${lambda}`, label: `6-bit table, l=${lambda}`, opts: { internal, rule: 'euler', lambda, init: 'table', initBits: 6, steps: PAPER_STEPS } },
  ]);
}

export const SEED_STEPS = 3;
export const SEED_TABLE_BITS = [0, 1, 2, 3, 4, 5, 6, 7, 8];

function seedMethods(internal: string): MethodSpec[] {
  return [
    { kind: 'iterl2norm', id: 'exp', label: 'exp seed', opts: { internal, rule: 'newton', init: 'exp', steps: SEED_STEPS }, perStep: true },
    ...SEED_TABLE_BITS.filter((b) => b <= parseFormat(internal).manBits).map((b): MethodSpec => ({
      kind: 'iterl2norm', id: `t${b}`, label: `${b}-bit table`, opts: { internal, rule: 'newton', init: 'table', initBits: b, steps: SEED_STEPS }, perStep: true,
    })),
  ];
}

export const INTERNAL_STEPS = 4;

function internalMethods(format: string): MethodSpec[] {
  return internalSweep(format).flatMap((internal): MethodSpec[] => [
    { kind: 'iterl2norm', id: `nr-${internal}`, label: `newton, 6-bit table, ${internal}`, opts: { internal, rule: 'newton', init: 'table', initBits: 6, steps: INTERNAL_STEPS }, perStep: true },
    { kind: 'fisr', id: `fisr2-${internal}`, label: `FISR-2, ${internal}`, internal, steps: 2 },
  ]);
}

export function buildPlan(o: AccuracyOptions): StudyPlan {
  const perFormat = (f: (format: string) => MethodSpec[]) => Object.fromEntries(o.formats.map((format) => [format, f(format)]));
  const sections: Section[] = [{
    id: 'compare',
    title: 'comparison',
    formats: o.formats,
    widths: o.widths,
    dists: o.dists,
    vectors: o.vectors,
    methods: perFormat((format) => compareMethods(o, format)),
  }];
  if (o.sweeps) {
    const base = { formats: o.formats, widths: sweepWidths(o.widths), dists: o.dists, vectors: o.sweepVectors };
    const internalOf = (format: string) => testedConfig(o, format).internal.name;
    sections.push(
      { ...base, id: 'steps', title: 'error vs iteration step', methods: perFormat((f) => stepsMethods(internalOf(f))) },
      { ...base, id: 'lambda', title: 'error vs lambda', methods: perFormat((f) => lambdaMethods(internalOf(f))) },
      { ...base, id: 'seed', title: 'seed', methods: perFormat((f) => seedMethods(internalOf(f))) },
      { ...base, id: 'internal', title: 'internal format', methods: perFormat(internalMethods) },
    );
  }
  return { seed: o.seed, lanes: o.lanes, sections, file: o.file };
}
