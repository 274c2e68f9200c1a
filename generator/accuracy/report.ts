/**
 * From a study result to its tables (Markdown and JSON) and plots (SVG). Everything here is a
 * pure function of the result, so the files are deterministic for a given plan and seed (no
 * dates, no timings).
 */
import { resolveConfig } from '../config.ts';
import { parseFormat } from '../format/float-format.ts';
import { defaultInternalFormat, safeInternalExpBits } from '../format/range.ts';
import { fisrMagic } from '../model/fisr.ts';
import { STUDENT_NU } from './distributions.ts';
import { type ExtremeResult, checkExtremes } from './extremes.ts';
import { type Stats, meanNormErr, meanRelL2, meanUlp } from './metrics.ts';
import type { MethodSpec } from './methods.ts';
import {
  CANDIDATE_STEPS, INTERNAL_STEPS, LAMBDA_GRID, PAPER_STEPS, SEED_STEPS, SEED_TABLE_BITS,
  candidateInternals, internalSweep, testedConfig,
} from './plan.ts';
import { type StudyResult, combined } from './study.ts';
import { type Series, lineChart } from './svg.ts';

export interface ReportFiles {
  /** Markdown, written as <out>/accuracy.md. */
  markdown: string;
  /** JSON, written as <out>/accuracy/accuracy.json. */
  json: string;
  /** SVG plots: file name (in <out>/accuracy/) -> text. */
  svgs: Map<string, string>;
}

export interface ReportContext {
  /** The command line that regenerates the files. */
  command: string;
  lanes: number;
}

// ---------------------------------------------------------------------------------------------
// Numbers.

function fmtUlp(v: number): string {
  if (!Number.isFinite(v)) return 'NaN';
  if (v === 0) return '0';
  if (v >= 100) return v.toFixed(0);
  if (v >= 1) return v.toFixed(2);
  if (v >= 0.001) return v.toFixed(4);
  return v.toExponential(1);
}
const fmtMax = (v: number) => (Number.isFinite(v) ? String(v) : 'NaN');
const fmtExp = (v: number) => (!Number.isFinite(v) ? 'NaN' : v === 0 ? '0' : v.toExponential(2));
const pct = (n: number, total: number) => {
  if (total === 0) return '-';
  const p = (100 * n) / total;
  return p === 100 ? '100 %' : p >= 99.99 ? `${p.toFixed(4)} %` : `${p.toFixed(2)} %`;
};

function cell(s: Stats): string {
  return `${fmtUlp(meanUlp(s))} (${fmtMax(s.maxUlp)})`;
}

function table(head: string[], rows: string[][], align?: string[]): string[] {
  const a = align ?? head.map((_, i) => (i === 0 ? '---' : '---:'));
  return [`| ${head.join(' | ')} |`, `| ${a.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

// ---------------------------------------------------------------------------------------------
// Summaries.

export interface AheadSummary {
  format: string;
  method: string;
  against: string[];
  /** Widths where the method's mean ulp error is strictly below every baseline's. */
  aheadWidths: number[];
  widths: number[];
  /** Widths where its max ulp error is at most every baseline's. */
  notBehindOnMax: number[];
}

function ahead(res: StudyResult, format: string, method: string, against: string[]): AheadSummary {
  const s = res.plan.sections.find((x) => x.id === 'compare')!;
  const aheadWidths: number[] = [];
  const notBehindOnMax: number[] = [];
  for (const d of s.widths) {
    const me = combined(res, 'compare', format, method, { d });
    const others = against.map((m) => combined(res, 'compare', format, m, { d }));
    if (others.every((o) => meanUlp(me) < meanUlp(o))) aheadWidths.push(d);
    if (others.every((o) => me.maxUlp <= o.maxUlp)) notBehindOnMax.push(d);
  }
  return { format, method, against, aheadWidths, widths: s.widths, notBehindOnMax };
}

function methodsOf(res: StudyResult, section: string, format: string): MethodSpec[] {
  return res.plan.sections.find((x) => x.id === section)?.methods[format] ?? [];
}

function labelOf(res: StudyResult, section: string, format: string, id: string): string {
  return methodsOf(res, section, format).find((m) => m.id === id)?.label ?? id;
}

function has(res: StudyResult, section: string, format: string, id: string): boolean {
  return methodsOf(res, section, format).some((m) => m.id === id);
}

const fisrIds = (res: StudyResult, format: string, suffix = '') =>
  methodsOf(res, 'compare', format).filter((m) => m.kind === 'fisr' && m.id === `fisr${(m as { steps: number }).steps}${suffix}`).map((m) => m.id);

export interface CandidateSummary {
  format: string;
  internal: string;
  steps: number;
  worst: number;
  mean: number;
  worstPerWidth: number[];
}

function candidates(res: StudyResult, format: string): CandidateSummary[] {
  const s = res.plan.sections.find((x) => x.id === 'compare')!;
  const out: CandidateSummary[] = [];
  for (const internal of candidateInternals(format)) {
    if (!has(res, 'compare', format, `cand-${internal}`)) continue;
    for (let k = 1; k <= CANDIDATE_STEPS; k++) {
      const id = `cand-${internal}@${k}`;
      const all = combined(res, 'compare', format, id);
      out.push({ format, internal, steps: k, worst: all.maxUlp, mean: meanUlp(all), worstPerWidth: s.widths.map((d) => combined(res, 'compare', format, id, { d }).maxUlp) });
    }
  }
  return out;
}

/** The cheapest candidate within 1 ulp: fewest internal mantissa bits, then fewest steps. */
function cheapestWithinOne(c: CandidateSummary[]): CandidateSummary | undefined {
  return c.filter((x) => x.worst <= 1).sort((a, b) => parseFormat(a.internal).manBits - parseFormat(b.internal).manBits || a.steps - b.steps)[0];
}

// ---------------------------------------------------------------------------------------------
// Plots.

function errorVsD(res: StudyResult, format: string): string {
  const s = res.plan.sections.find((x) => x.id === 'compare')!;
  const ids = ['iterl2norm', ...fisrIds(res, format), 'paper', 'iterl2norm-fp32', ...fisrIds(res, format, '-fp32')].filter((id) => has(res, 'compare', format, id));
  const series: Series[] = ids.map((id) => ({
    label: labelOf(res, 'compare', format, id).replace(/^IterL2Norm /, '').replace(/^paper setting: /, 'paper: '),
    points: s.widths.map((d): [number, number] => [d, meanUlp(combined(res, 'compare', format, id, { d }))]),
    dashed: id.endsWith('-fp32'),
  }));
  return lineChart({
    title: `${format}: mean error vs d (all distributions)`, xLabel: 'd (OPT embedding length)', yLabel: `mean error, ulp of ${format}`,
    series, xScale: 'log2', yScale: 'log10', xTicks: s.widths,
  });
}

function errorVsStep(res: StudyResult, format: string): string {
  const series: Series[] = methodsOf(res, 'steps', format).map((m) => {
    const n = m.kind === 'fisr' ? m.steps : resolveConfig({ format, ...(m as { opts: object }).opts }).steps;
    return { label: m.label, points: Array.from({ length: n + 1 }, (_, k): [number, number] => [k, meanRelL2(combined(res, 'steps', format, `${m.id}@${k}`))]) };
  });
  series.push({ label: 'exact (rounding floor)', points: floorPoints(res, format, 0, 10), dashed: true });
  return lineChart({ title: `${format}: error vs iteration step`, xLabel: 'iteration steps', yLabel: 'mean relative L2 error of y', series, yScale: 'log10' });
}

function floorPoints(res: StudyResult, format: string, x0: number, x1: number): Array<[number, number]> {
  const f = meanRelL2(combined(res, 'compare', format, 'exact'));
  return [[x0, f], [x1, f]];
}

function errorVsLambda(res: StudyResult, format: string): string {
  const series: Series[] = ['exp', 'table'].map((seed) => ({
    label: seed === 'exp' ? `exp seed (paper), ${PAPER_STEPS} steps` : `6-bit table, ${PAPER_STEPS} steps`,
    points: LAMBDA_GRID.map((l): [number, number] => [l, meanRelL2(combined(res, 'lambda', format, `${seed}-${l}`))]),
  }));
  series.push({ label: 'exact (rounding floor)', points: floorPoints(res, format, LAMBDA_GRID[0]!, LAMBDA_GRID.at(-1)!), dashed: true });
  return lineChart({ title: `${format}: Euler rule, error vs lambda`, xLabel: 'lambda', yLabel: 'mean relative L2 error of y', series, yScale: 'log10', xTicks: LAMBDA_GRID });
}

function errorVsInternal(res: StudyResult, format: string): string {
  const names = internalSweep(format).filter((n) => n !== 'fp32');
  const man = (n: string) => parseFormat(n).manBits;
  const series: Series[] = [];
  for (let k = 1; k <= INTERNAL_STEPS; k++) {
    series.push({ label: `newton x${k}, 6-bit table`, points: names.map((n): [number, number] => [man(n), meanUlp(combined(res, 'internal', format, `nr-${n}@${k}`))]) });
  }
  series.push({ label: 'FISR-2', points: names.map((n): [number, number] => [man(n), meanUlp(combined(res, 'internal', format, `fisr2-${n}`))]), dashed: true });
  const e = parseFormat(names[0]!).expBits;
  return lineChart({ title: `${format}: error vs internal mantissa bits (e${e}mM)`, xLabel: 'internal mantissa bits M', yLabel: `mean error, ulp of ${format}`, series, yScale: 'log10', xTicks: names.map(man) });
}

// ---------------------------------------------------------------------------------------------
// Markdown.

function describePlan(res: StudyResult): string[] {
  const s = res.plan.sections.find((x) => x.id === 'compare')!;
  const lines: string[] = [];
  const dists = s.dists.map((d) => (d === 'file' ? `the vectors of ${res.plan.file?.path} (${res.plan.file?.vectors.length} vectors)` : d)).join(', ');
  lines.push(`- Formats: ${s.formats.join(', ')}; widths d: ${s.widths.join(', ')}; ${res.plan.lanes} lanes.`);
  lines.push(`- Inputs: ${dists}${s.dists.includes('file') ? '' : `; ${s.vectors} vectors per (format, d, distribution)`}, seed ${JSON.stringify(res.plan.seed)}: ${s.formats.map((f) => `${combined(res, 'compare', f, 'exact').elements.toLocaleString('en-US')} ${f}`).join(', ')} output elements per method in the comparison.`);
  if (res.skipped > 0) lines.push(`- ${res.skipped} vectors without a norm (a NaN, an infinity, or all zeros) were skipped.`);
  return lines;
}

function metricsSection(): string[] {
  return [
    '## What is measured',
    '',
    '**Inputs.** Every vector is drawn in binary64 and rounded once into the I/O format; the same seed gives the same vectors for every format and every method.',
    '- *gaussian*: x_i = sigma * N(0,1), with sigma = 2^u per vector, u uniform in [-20, 20].',
    '- *llm*: OPT-like activations: channel means mu_c ~ N(0, 0.25) and x_i = sigma * (mu_c + N(0,1)) for most channels, plus a fixed set of outlier channels (ceil(d/1024) + 1 of them, fixed per seed and d, as the outlier dimensions of OPT are fixed per model) with a fixed sign and a magnitude factor in [20, 100]: x_c = sigma * factor_c * (sign_c + 0.25 * N(0,1)).',
    `- *student-t*: heavy tails, x_i = sigma * t with t Student-t distributed, nu = ${STUDENT_NU}.`,
    '- *file*: real vectors in the contract\'s vector format (`--in FILE`).',
    '',
    '**Methods.** All bit-exact models of hardware, with the same sum of squares (per lane, then the lane tree, every operation rounded in the internal format):',
    '- *IterL2Norm*: the golden model of the generated macro (generator/model/iterl2norm.ts).',
    '- *FISR-n*: fast inverse square root (generator/model/fisr.ts): seed r0 = MAGIC - (bits(m) >> 1) on the internal format\'s pattern, then n Newton steps r <- r*(1.5 - (0.5m*r)*r), each operation rounded in the internal format, then y_i = RNE(x_i * r). MAGIC = round(1.5 * 2^M * (bias - sigma)) with sigma = 0.0450466 from the Quake III constant: ' +
      ['fp32', 'bf16', 'e10m30'].map((n) => `${n} 0x${fisrMagic(parseFormat(n)).toString(16)}`).join(', ') + '.',
    '- *exact*: x_i / ||x|| correctly rounded into the I/O format (generator/model/exact-reference.ts: exact BigInt sum of squares, an interval test in binary64 and, near a rounding boundary, an integer square root with a sticky bit). Its relative L2 and norm errors are the floor that rounding the outputs sets.',
    '',
    '**Metrics.** For an output y (I/O format) of input x, with r_i the correctly rounded x_i/||x|| and u = x/||x|| unrounded:',
    '- *ulp error* of element i: |ord(y_i) - ord(r_i)|, where ord numbers the bit patterns of the format in value order (consecutive values differ by 1, across zero and through the subnormals). *max ulp* is the largest over all elements, *mean ulp* the average over all elements; *exactly rounded* is the share of elements with 0 ulp.',
    '- *relative L2 error* of a vector: ||y - u||_2 / ||u||_2 (mean and max over vectors).',
    '- *norm error* of a vector: | ||y||_2 - 1 | (mean and max over vectors).',
    '',
    '**Ahead.** A method is *ahead* at a width when its mean ulp error over all vectors of that width (all distributions) is strictly below that of every baseline. Mean ulp is the metric because the worst case of every good method is 0 or 1 ulp and rarely separates them, while the mean counts every misrounded output; the worst-case comparison is given as well.',
    '',
  ];
}

function paperTable(res: StudyResult, suffix: string): { lines: string[]; summaries: AheadSummary[] } {
  const s = res.plan.sections.find((x) => x.id === 'compare')!;
  const method = `iterl2norm${suffix}`;
  const head = ['d'];
  const summaries: AheadSummary[] = [];
  for (const f of s.formats) {
    const fis = fisrIds(res, f, suffix);
    head.push(`${f} IterL2Norm`, ...fis.map((id) => `${f} ${id.replace(suffix, '').replace('fisr', 'FISR-')}`), `${f} ahead`);
    summaries.push(ahead(res, f, method, fis));
  }
  const rows = s.widths.map((d) => {
    const r = [String(d)];
    s.formats.forEach((f, i) => {
      const fis = fisrIds(res, f, suffix);
      r.push(cell(combined(res, 'compare', f, method, { d })), ...fis.map((id) => cell(combined(res, 'compare', f, id, { d }))));
      r.push(summaries[i]!.aheadWidths.includes(d) ? 'yes' : 'no');
    });
    return r;
  });
  const count = ['**ahead**'];
  s.formats.forEach((f, i) => {
    count.push('', ...fisrIds(res, f, suffix).map(() => ''), `**${summaries[i]!.aheadWidths.length} of ${s.widths.length}**`);
  });
  rows.push(count);
  return { lines: table(head, rows), summaries };
}

function metricsTable(res: StudyResult, section: string, format: string, ids: string[]): string[] {
  const head = ['method', 'max ulp', 'mean ulp', 'exactly rounded', 'within 1 ulp', 'rel. L2 mean', 'rel. L2 max', '\\|‖y‖-1\\| mean', '\\|‖y‖-1\\| max'];
  const rows = ids.map((id) => {
    const st = combined(res, section, format, id);
    return [labelOf(res, section, format, id), fmtMax(st.maxUlp), fmtUlp(meanUlp(st)), pct(st.exact, st.elements), pct(st.within1, st.elements),
      fmtExp(meanRelL2(st)), fmtExp(st.maxRelL2), fmtExp(meanNormErr(st)), fmtExp(st.maxNormErr)];
  });
  return table(head, rows);
}

function perDistTable(res: StudyResult, format: string, ids: string[]): string[] {
  const s = res.plan.sections.find((x) => x.id === 'compare')!;
  const head = ['method', ...s.dists.map((d) => `${d}: mean (max) ulp`)];
  const rows = ids.map((id) => [labelOf(res, 'compare', format, id), ...s.dists.map((dist) => cell(combined(res, 'compare', format, id, { dist })))]);
  return table(head, rows);
}

function stepsTable(res: StudyResult, format: string): string[] {
  const ms = methodsOf(res, 'steps', format);
  const maxSteps = Math.max(...ms.map((m) => (m.kind === 'fisr' ? m.steps : resolveConfig({ format, ...(m as { opts: object }).opts }).steps)));
  const head = ['method', ...Array.from({ length: maxSteps + 1 }, (_, k) => `${k}`)];
  const rows = ms.map((m) => {
    const n = m.kind === 'fisr' ? m.steps : resolveConfig({ format, ...(m as { opts: object }).opts }).steps;
    return [m.label, ...Array.from({ length: maxSteps + 1 }, (_, k) => (k <= n ? cell(combined(res, 'steps', format, `${m.id}@${k}`)) : ''))];
  });
  return table(head, rows);
}

function lambdaTable(res: StudyResult, format: string): string[] {
  const head = ['seed', ...LAMBDA_GRID.map(String)];
  const rows = ['exp', 'table'].map((seed) => [seed === 'exp' ? 'exp seed' : '6-bit table', ...LAMBDA_GRID.map((l) => cell(combined(res, 'lambda', format, `${seed}-${l}`)))]);
  return table(head, rows);
}

function seedTable(res: StudyResult, format: string): string[] {
  const head = ['seed', ...Array.from({ length: SEED_STEPS + 1 }, (_, k) => `${k} steps`)];
  const rows = ['exp', ...SEED_TABLE_BITS.map((b) => `t${b}`)].filter((id) => has(res, 'seed', format, id)).map((id) => [
    labelOf(res, 'seed', format, id),
    ...Array.from({ length: SEED_STEPS + 1 }, (_, k) => cell(combined(res, 'seed', format, `${id}@${k}`))),
  ]);
  return table(head, rows);
}

function internalTable(res: StudyResult, format: string): string[] {
  const head = ['internal', ...Array.from({ length: INTERNAL_STEPS }, (_, k) => `newton x${k + 1}`), 'FISR-2'];
  const rows = internalSweep(format).map((n) => [
    n, ...Array.from({ length: INTERNAL_STEPS }, (_, k) => cell(combined(res, 'internal', format, `nr-${n}@${k + 1}`))), cell(combined(res, 'internal', format, `fisr2-${n}`)),
  ]);
  return table(head, rows);
}

function extremesTable(results: Array<{ format: string; internal: string; rows: ExtremeResult[] }>): string[] {
  const names = results[0]!.rows.map((r) => r.name);
  const head = ['vector', ...results.map((r) => `${r.format}, ${r.internal}`)];
  const rows = names.map((n, i) => [n, ...results.map((r) => {
    const x = r.rows[i]!;
    if (x.nan > 0) return `NaN (${x.nan})`;
    if (x.lostToZero > 0) return `${x.lostToZero} zero${x.lostToZero === 1 ? '' : 's'}`;
    return `${fmtMax(x.maxUlp)} ulp`;
  })]);
  return table(head, rows);
}

/** The extremes of each format, with the default internal format and with fp32. */
export function extremesStudy(formats: string[], lanes: number): Array<{ format: string; internal: string; rows: ExtremeResult[] }> {
  const out: Array<{ format: string; internal: string; rows: ExtremeResult[] }> = [];
  for (const format of formats) {
    const dflt = defaultInternalFormat(parseFormat(format)).name;
    out.push({ format, internal: dflt, rows: checkExtremes({ format, lanes }) });
    if (dflt !== 'fp32') out.push({ format, internal: 'fp32', rows: checkExtremes({ format, lanes, internal: 'fp32' }) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

export function buildReport(res: StudyResult, ctx: ReportContext): ReportFiles {
  const cmp = res.plan.sections.find((x) => x.id === 'compare')!;
  const full = res.plan.sections.some((x) => x.id === 'steps');
  const formats = cmp.formats;
  const svgs = new Map<string, string>();
  const md: string[] = [];
  const json: Record<string, unknown> = {};

  md.push('# Accuracy study: IterL2Norm against exact normalisation and fast inverse square root', '');
  md.push(`Generated by \`${ctx.command}\`; regenerate it with the same command (the results depend only on the options and the seed). The time it takes is in bench/results/accuracy-speed.md.`, '');
  md.push(...describePlan(res), '');

  const main = paperTable(res, '');
  const tested = formats.map((f) => labelOf(res, 'compare', f, 'iterl2norm'));
  const cands = full ? formats.map((f) => ({ f, c: candidates(res, f) })) : [];
  const worst = (f: string, id: string) => combined(res, 'compare', f, id);

  // Summary
  md.push('## Summary', '');
  main.summaries.forEach((s, i) => {
    md.push(`- **${s.format}**: ${tested[i]} is ahead of ${s.against.map((a) => a.replace('fisr', 'FISR-')).join(' and ')} at **${s.aheadWidths.length} of ${s.widths.length}** widths (mean ulp error, strictly lower); on the worst case it is not behind at ${s.notBehindOnMax.length} of ${s.widths.length}. Worst output error over all widths and distributions: **${fmtMax(worst(s.format, 'iterl2norm').maxUlp)} ulp**, mean ${fmtUlp(meanUlp(worst(s.format, 'iterl2norm')))} ulp, ${pct(worst(s.format, 'iterl2norm').exact, worst(s.format, 'iterl2norm').elements)} of the outputs exactly rounded.`);
  });
  for (const { f, c } of cands) {
    const best = cheapestWithinOne(c);
    md.push(best
      ? `- **${f}, the cheapest configuration within 1 ulp** over all widths and distributions (newton, 6-bit table; candidates ${candidateInternals(f).join(', ')} with 1..${CANDIDATE_STEPS} steps): **internal ${best.internal}, ${best.steps} step${best.steps === 1 ? '' : 's'}** (worst ${best.worst} ulp, mean ${fmtUlp(best.mean)} ulp).`
      : `- **${f}**: no candidate (${candidateInternals(f).join(', ')}, 1..${CANDIDATE_STEPS} steps) stays within 1 ulp.`);
  }
  if (full) {
    for (const f of formats) {
      const p = ahead(res, f, 'paper', fisrIds(res, f));
      const p1 = ahead(res, f, 'paper', fisrIds(res, f).slice(0, 1));
      md.push(`- **${f}, the paper setting** (${labelOf(res, 'compare', f, 'paper').replace('paper setting: ', '')}): ahead of ${fisrIds(res, f)[0]!.replace('fisr', 'FISR-')} at ${p1.aheadWidths.length} of ${p1.widths.length} widths and of both at ${p.aheadWidths.length}; worst ${fmtMax(worst(f, 'paper').maxUlp)} ulp, mean ${fmtUlp(meanUlp(worst(f, 'paper')))} ulp.`);
    }
  }
  if (full) {
    md.push('- **The paper\'s claim** (IterL2Norm ahead of FISR at 6 of 9 widths in fp32 and 5 of 9 in bf16) comes without its lambda, its FISR step count or its metric. The reading above (exponent-only seed, 5 Euler steps at the minimax lambda, FISR on the same datapath) does not reproduce it: a fixed-rate Euler step converges only linearly (at best by a factor 0.6 per step over s in [0.5, 2)), so 5 steps from a seed that is up to 41 % off stay far from FISR-1\'s 0.18 %. The Newton rule with a seed table is what puts IterL2Norm ahead.');
  }
  md.push('');
  md.push(...metricsSection());

  // Paper-style table
  md.push('## The paper-style comparison', '');
  md.push(`Mean ulp error (max ulp error in parentheses) over all distributions, per width. IterL2Norm: ${formats.map((f, i) => `${f}: ${tested[i]!.replace(/^IterL2Norm /, '')}`).join('; ')}. The FISR baselines use the same internal format and the same sum of squares. *ahead*: IterL2Norm's mean ulp error is strictly below both FISR variants'.`, '');
  md.push(...main.lines, '');
  for (const f of formats) {
    svgs.set(`error-vs-d-${f}.svg`, errorVsD(res, f));
    md.push(`![${f}: mean error vs d](accuracy/error-vs-d-${f}.svg)`, '');
  }

  // All metrics
  md.push('## Every metric, all widths and distributions together', '');
  for (const f of formats) {
    const ids = ['exact', 'iterl2norm', ...fisrIds(res, f), 'paper', 'iterl2norm-fp32', ...fisrIds(res, f, '-fp32')].filter((id) => has(res, 'compare', f, id));
    md.push(`### ${f}`, '', ...metricsTable(res, 'compare', f, ids), '', ...perDistTable(res, f, ids.filter((id) => id !== 'exact')), '');
  }

  if (full) {
    const ctxTable = paperTable(res, '-fp32');
    if (formats.every((f) => has(res, 'compare', f, 'iterl2norm-fp32'))) {
      md.push('## The same comparison on an fp32 datapath', '');
      md.push('The generator\'s earlier default internal format was fp32. On that datapath the rounding of the sum of squares (shared by both methods) dominates, and in bf16 both IterL2Norm and FISR-2 misround outputs that lie very close to a rounding boundary: which one is ahead at a width is then decided by a handful of such outputs (bf16 has 128 mantissa values per binade, so one misrounded value repeats across a vector).', '');
      md.push(...ctxTable.lines, '');
    }
    md.push('## Within 1 ulp: the cost of a faithful result', '');
    md.push('Newton rule with a 6-bit seed table; the worst ulp error at each width over all distributions, then over everything. Cost: the internal mantissa width sets the P lane adders, the lane tree, the scalar unit and the P output multipliers (I/O x internal significands); each step adds 4 cycles of the scalar loop.', '');
    for (const { f, c } of cands) {
      const head = ['internal', 'steps', ...cmp.widths.map(String), 'worst', 'mean ulp'];
      md.push(`### ${f}`, '', ...table(head, c.map((x) => [x.internal, String(x.steps), ...x.worstPerWidth.map(fmtMax), `**${fmtMax(x.worst)}**`, fmtUlp(x.mean)])), '');
    }
    json.candidates = cands.map(({ f, c }) => ({ format: f, candidates: c, cheapestWithinOne: cheapestWithinOne(c) ?? null }));

    const sw = res.plan.sections.find((x) => x.id === 'steps')!;
    md.push('## Sweeps', '');
    md.push(`On d = ${sw.widths.join(', ')}, ${sw.vectors} vectors per (format, d, distribution), the internal format of the configuration under test unless the sweep is over it. Cells: mean ulp error (max ulp error).`, '');
    md.push('### Error vs iteration step', '');
    for (const f of formats) {
      svgs.set(`error-vs-step-${f}.svg`, errorVsStep(res, f));
      md.push(`#### ${f}`, '', ...stepsTable(res, f), '', `![${f}: error vs step](accuracy/error-vs-step-${f}.svg)`, '');
    }
    md.push('### Error vs lambda (Euler rule, 5 steps)', '');
    for (const f of formats) {
      svgs.set(`error-vs-lambda-${f}.svg`, errorVsLambda(res, f));
      md.push(`#### ${f}`, '', ...lambdaTable(res, f), '', `![${f}: error vs lambda](accuracy/error-vs-lambda-${f}.svg)`, '');
    }
    md.push(`### Seed (Newton rule): exponent only vs a table on the top mantissa bits of m`, '');
    md.push('A table with b bits has 2^(b+1) entries (two parities of the exponent).', '');
    for (const f of formats) md.push(`#### ${f}`, '', ...seedTable(res, f), '');
    md.push('### Internal format (Newton rule, 6-bit table)', '');
    for (const f of formats) {
      svgs.set(`error-vs-internal-${f}.svg`, errorVsInternal(res, f));
      md.push(`#### ${f}`, '', ...internalTable(res, f), '', `![${f}: error vs internal format](accuracy/error-vs-internal-${f}.svg)`, '');
    }
  }

  // Safety
  const extremes = extremesStudy(formats, ctx.lanes);
  json.extremes = extremes;
  md.push('## Every finite input is safe', '');
  md.push('The largest ulp error of the default configuration (newton x2, 6-bit table, the default internal format) on vectors at the edges of each format\'s range, against the exact result; and the same with an fp32 internal format. "NaN (n)": n outputs NaN because the sum of squares overflowed; "n zeros": n outputs flushed to zero because the squares underflowed.', '');
  md.push(...extremesTable(extremes), '');
  md.push('Constant vectors are the hardest case for the sum of squares: every rounding along a lane (4096 additions at d = 65536 with 16 lanes) goes the same way. They stay finite and within a few ulp; the study\'s distributions above are the accuracy claim.', '');
  md.push('The rule (generator/format/range.ts): with I/O bias B, M mantissa bits and d <= 65536, the internal bias B\' must satisfy B\' >= 2B + 4 + 16 (no overflow, with headroom for rounding growth and LayerNorm\'s centred values) and B\' >= 2B + 2M - 1 (the square of the smallest subnormal is still normal). ' +
    formats.map((f) => `${f} needs ${safeInternalExpBits(parseFormat(f)) ?? 'more than 11'} exponent bits`).join(', ') +
    '. The scalar loop cannot overflow in any format: it iterates on s = m * 2^-k in [0.5, 2) and applies the exact power of two 2^(-k/2) in the output multiply. A narrower --internal is accepted, with a one-line warning on stderr naming the input magnitudes that overflow or underflow.', '');

  if (full) md.push(...defaultsSection(res, formats, main.summaries, cands));

  md.push('## Reproduce', '', '```', ctx.command, '```', '');
  json.command = ctx.command;
  json.plan = { ...res.plan, file: res.plan.file ? { path: res.plan.file.path, format: res.plan.file.format, d: res.plan.file.d, vectors: res.plan.file.vectors.length } : undefined };
  json.elements = res.elements;
  json.skipped = res.skipped;
  json.referenceExactPath = res.exactPath;
  json.ahead = main.summaries;
  json.results = resultsJson(res);
  const text = JSON.stringify(json, (_k, v) => (typeof v !== 'number' ? v : !Number.isFinite(v) ? String(v) : Number.isInteger(v) ? v : Number(v.toPrecision(6))));
  return { markdown: `${md.join('\n')}\n`, json: `${text}\n`, svgs };
}

/** The numbers behind the tables, in a compact form: `fields` names the entries of each record. */
function resultsJson(res: StudyResult) {
  const rec = (st: Stats) => [st.vectors, st.elements, st.maxUlp, meanUlp(st), st.exact, st.within1, meanRelL2(st), st.maxRelL2, meanNormErr(st), st.maxNormErr];
  const fields = ['vectors', 'elements', 'maxUlp', 'meanUlp', 'exactlyRounded', 'within1Ulp', 'meanRelL2', 'maxRelL2', 'meanNormErr', 'maxNormErr'];
  const sections: Record<string, unknown> = {};
  for (const sec of res.plan.sections) {
    const perFormat: Record<string, unknown> = {};
    for (const format of sec.formats) {
      const keys = [...new Set(res.rows.filter((r) => r.section === sec.id && r.format === format).map((r) => r.method))];
      const total: Record<string, unknown> = {};
      const byWidth: Record<string, unknown> = {};
      const byDist: Record<string, unknown> = {};
      for (const k of keys) {
        total[k] = rec(combined(res, sec.id, format, k));
        byWidth[k] = Object.fromEntries(sec.widths.map((d) => [d, rec(combined(res, sec.id, format, k, { d }))]));
        if (sec.id === 'compare') byDist[k] = Object.fromEntries(sec.dists.map((dist) => [dist, rec(combined(res, sec.id, format, k, { dist }))]));
      }
      perFormat[format] = sec.id === 'compare' ? { total, byWidth, byDist } : { total, byWidth };
    }
    sections[sec.id] = perFormat;
  }
  return { fields, sections };
}

function defaultsSection(res: StudyResult, formats: string[], summaries: AheadSummary[], cands: Array<{ f: string; c: CandidateSummary[] }>): string[] {
  const md: string[] = ['## The defaults and why', ''];
  const cfg = testedConfig({ lanes: res.plan.lanes, loop: {} }, formats[0]!);
  md.push(`Defaults: rule ${cfg.rule}, ${cfg.steps} steps, seed ${cfg.init} with ${cfg.initBits} bits, internal format \`auto\` (${formats.map((f) => `${f}: ${testedConfig({ lanes: 1, loop: {} }, f).internal.name}`).join(', ')}).`, '');
  // internal format
  const lines: string[] = [];
  for (const f of formats) {
    const dflt = testedConfig({ lanes: 1, loop: {} }, f).internal.name;
    const at = (n: string, k: number) => combined(res, 'internal', f, `nr-${n}@${k}`);
    const m23 = internalSweep(f).find((n) => parseFormat(n).manBits === 23 && n !== 'fp32');
    const bits = (n: string) => parseFormat(n).manBits;
    if (!m23 || !internalSweep(f).includes(dflt)) continue;
    const ctx = summaries.find((s) => s.format === f);
    const fp32Ahead = has(res, 'compare', f, 'iterl2norm-fp32') ? ahead(res, f, 'iterl2norm-fp32', fisrIds(res, f, '-fp32')).aheadWidths.length : undefined;
    lines.push(`- ${f}: with ${bits(m23)} internal mantissa bits the rounding of the sum of squares dominates (worst ${fmtMax(at(m23, 2).maxUlp)} ulp, mean ${fmtUlp(meanUlp(at(m23, 2)))} ulp at 2 steps; ${pct(at(m23, 2).elements - at(m23, 2).exact, at(m23, 2).elements)} of the outputs misrounded)` +
      `; with ${bits(dflt)} bits (${dflt}): worst ${fmtMax(at(dflt, 2).maxUlp)} ulp, mean ${fmtUlp(meanUlp(at(dflt, 2)))} ulp, ${pct(at(dflt, 2).exact, at(dflt, 2).elements)} exactly rounded.` +
      (fp32Ahead !== undefined ? ` On the fp32 datapath IterL2Norm is ahead of both FISR variants at ${fp32Ahead} of ${ctx?.widths.length} widths; on ${dflt} at ${ctx?.aheadWidths.length} of ${ctx?.widths.length}.` : ''));
  }
  md.push('**Internal format.** The exponent width is not a tuning knob: it is the smallest that keeps every finite input vector (d <= 65536) free of overflow and underflow in the sum of squares (the section above). The mantissa width is the accuracy knob:', '', ...lines, '');
  md.push('30 bits is where both formats stop being limited by the sum of squares at the OPT widths: the remaining fp32 error is the final rounding plus the loop\'s own round-off. The rule `max(30, M + 7)` keeps 7 guard bits above wider I/O formats. The cost is the width of the internal datapath (41 bits instead of 32): the lane adders, the lane tree, the scalar unit and the output multipliers (I/O significand x 31 bits). A cheaper design within 1 ulp in fp32 is listed above; it has less margin against longer vectors and other distributions.', '');
  // steps and seed
  const stepLines: string[] = [];
  for (const f of formats) {
    const floor = meanRelL2(combined(res, 'compare', f, 'exact'));
    const rel = (id: string, k: number) => meanRelL2(combined(res, 'seed', f, `${id}@${k}`));
    const firstAt = (id: string) => {
      for (let k = 0; k <= SEED_STEPS; k++) if (rel(id, k) <= floor * 1.01) return k;
      return undefined;
    };
    const t6 = firstAt('t6');
    const ex = firstAt('exp');
    const tab = SEED_TABLE_BITS.filter((b) => has(res, 'seed', f, `t${b}`)).map((b) => ({ b, k: firstAt(`t${b}`) }));
    const at2 = tab.filter((x) => x.k !== undefined && x.k <= 2).map((x) => x.b);
    stepLines.push(`- ${f}: the 6-bit table reaches the rounding floor (mean relative L2 error within 1 % of the exact result's) after ${t6 ?? `more than ${SEED_STEPS}`} step${t6 === 1 ? '' : 's'}, the exponent-only seed after ${ex ?? `more than ${SEED_STEPS}`}; tables with ${at2.length ? `${Math.min(...at2)} or more bits` : 'none of the sizes tried'} get there in 2 steps.`);
  }
  md.push('**Rule, seed and steps: Newton, 6-bit table, 2 steps.** The Euler rule with a fixed rate converges only linearly (the rate factor |1 - 2 lambda s| over s in [0.5, 2) is at best 0.6 per step at lambda = 0.4); after 5 steps its error is still far above the Newton rule\'s (sweeps above). The Newton rule is the Euler rule at its ideal local rate and converges quadratically, so the seed decides the step count:', '', ...stepLines, '');
  const floorStep = (f: string, id: string, max: number) => {
    const floor = meanRelL2(combined(res, 'compare', f, 'exact'));
    for (let k = 0; k <= max; k++) if (meanRelL2(combined(res, 'steps', f, `${id}@${k}`)) <= floor * 1.01) return k;
    return undefined;
  };
  const saved = formats.map((f) => {
    const e = floorStep(f, 'newton-exp', 8);
    const t = floorStep(f, 'newton-table', 6);
    return e !== undefined && t !== undefined ? `${f}: ${e - t} steps (${4 * (e - t)} cycles)` : `${f}: n/a`;
  });
  md.push(`A 6-bit table (128 entries of the internal width) costs a small ROM and saves loop steps against the exponent-only seed (steps sweep, to the rounding floor: ${saved.join(', ')}). A third step changes the error little on the default internal format; 2 steps keep the latency low.`, '');
  const fpc = cands.find((x) => x.f === 'fp32');
  if (fpc) {
    const best = cheapestWithinOne(fpc.c);
    if (best) md.push(`**fp32 within 1 ulp.** The cheapest tried is ${best.internal} with ${best.steps} steps; the default (${testedConfig({ lanes: 1, loop: {} }, 'fp32').internal.name}, ${cfg.steps} steps) is within ${fmtMax(combined(res, 'compare', 'fp32', 'iterl2norm').maxUlp)} ulp as well, with a mean error ${fmtUlp(meanUlp(combined(res, 'compare', 'fp32', 'iterl2norm')))} ulp against ${fmtUlp(best.mean)}.`, '');
  }
  return md;
}
