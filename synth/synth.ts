/**
 * `iterl2norm synth`: synthesises one configuration with Yosys from npm (@yowasp/yosys,
 * WebAssembly, in-process) using the script of generator/rtl/yosys-script.ts, and reports
 * cells by type, flip-flops, the `stat -tech cmos` transistor estimate, the memories kept as
 * `$mem_v2` (bits), and the longest combinational path. (Area and timing in a standard-cell
 * library: synth/synth-liberty.ts.)
 * Every check of the script is asserted: a failure is a SynthCheckError (a design bug).
 */
import { type MacroConfig, topModuleName } from '../generator/config.ts';
import { type BlockCells, blocksOf, isFlipFlop } from './synth-blocks.ts';
import { ToolError } from '../generator/errors.ts';
import { type FloatFormat } from '../generator/format/float-format.ts';
import { configRecord, renderDesign } from '../generator/rtl/generate.ts';
import { latencyCycles, periodCycles } from '../generator/plan.ts';
import type { OperatorLatency } from '../generator/rtl/depth-model.ts';
import { estimatedDepth } from '../generator/rtl/pipeline.ts';
import { renderOperators } from '../generator/rtl/operators.ts';
import { STAGE_REGISTERS, rtlCheckScript, synthScript } from '../generator/rtl/yosys-script.ts';
import { yosysModule } from './yosys-module.ts';
import { liveYosysLog } from './yosys-log.ts';

export interface MemoryInfo {
  name: string;
  width: number;
  depth: number;
  bits: number;
  readPorts: number;
  writePorts: number;
}

export interface SynthReport {
  top: string;
  config: Record<string, unknown>;
  yosys: string;
  /** 'per-module': each distinct module mapped once, then flattened; 'flat': flattened before mapping. */
  flow: 'per-module' | 'flat';
  /** Every check passed (they are asserted: a failure throws SynthCheckError instead). */
  checks: string[];
  cells: { total: number; byType: Record<string, number> };
  /** Flip-flop bits (one gate-level flip-flop cell each), outside the memories. */
  flipFlops: number;
  /** `stat -tech cmos` estimate of the logic and flip-flops (memories excluded). */
  transistors: number;
  memories: MemoryInfo[];
  memoryBits: number;
  memoryHandling: string;
  /** Longest combinational path in generic gates (Yosys' internal cells, before any liberty mapping). */
  longestPath: { gates: number; from: string; to: string };
  /** Longest path into each pipeline stage's registers (STAGE_REGISTERS; stages whose registers are absent are left out); empty with --liberty, whose timing.stages are OpenSTA's. */
  stages: Array<{ stage: string; gates: number; from: string; to: string }>;
  latency: { cycles: number; formula: string };
  /** Operator pipeline registers, the target they were chosen for, the model's estimate, and whether the measured longest path is within the target (null: no target). */
  pipeline: { registers: OperatorLatency; targetDepth: number | null; estimatedDepth: number; withinTarget: boolean | null };
  throughput: { cycles: number; formula: string };
  /** Cells by block, the top's instances (synth/synth-blocks.ts); empty in the flattened flow. */
  blocks: BlockCells[];
  seconds: number;
}

/** A design check failed: the problems Yosys found, one per line. */
export class SynthCheckError extends Error {
  override readonly name = 'SynthCheckError';
  constructor(readonly problems: string[]) {
    super(`synthesis checks failed:\n${problems.join('\n')}`);
  }
}

export const MEMORY_HANDLING = 'memories with a write port (the vector store) are kept as $mem_v2 (an SRAM macro in the layout) and counted in bits, not in cells, transistors or area; read-only memories (the seed ROM) are mapped to logic';

export type Tree = { [name: string]: Tree | string | Uint8Array };

export async function yosys(args: string[], tree: Tree): Promise<{ files: Tree; failed: boolean }> {
  let runYosys: typeof import('@yowasp/yosys').runYosys;
  try {
    ({ runYosys } = await yosysModule());
  } catch {
    throw new ToolError('@yowasp/yosys is not installed: run `npm ci` (or `make setup`)');
  }
  try {
    const live = liveYosysLog(args);
    let files: Awaited<ReturnType<typeof runYosys>>;
    try {
      files = await runYosys(live.args, tree, { stdout: live.stdout, stderr: null });
    } finally {
      live.finish();
    }
    return { files: (files ?? {}) as Tree, failed: false };
  } catch (e) {
    const files = (e as { files?: Tree }).files;
    if (typeof (e as { code?: unknown }).code === 'number' && files) return { files, failed: true };
    const message = (e as Error).message;
    // a trap of the WebAssembly core, most often its 32-bit memory (4 GiB) exhausted
    if (/unreachable|out of memory|Out of bounds/i.test(message)) throw new ToolError(`yosys failed: ${message} (WebAssembly Yosys has at most 4 GiB of memory; with --liberty, --keep-operators maps each operator once and needs less)`);
    throw new ToolError(`yosys failed: ${message}`);
  }
}

export async function yosysVersion(): Promise<string> {
  try {
    return (await yosysModule()).version;
  } catch {
    return 'unknown';
  }
}

export function text(files: Tree, name: string): string | undefined {
  const v = files[name];
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : v instanceof Uint8Array ? new TextDecoder().decode(v) : undefined;
}

/** Problems reported in a failing Yosys log: the ERROR line and the warnings before it. */
export function problemsOf(log: string): string[] {
  const lines = log.split('\n');
  const out = lines.filter((l) => /^(Warning|ERROR):/.test(l.trim())).map((l) => l.trim());
  return out.length ? out : lines.slice(-15);
}

export interface StatModule { num_cells: number; num_cells_by_type: Record<string, number>; estimated_num_transistors?: string | number; area?: number }

export function statOf(json: string): StatModule {
  const s = JSON.parse(json) as { design: StatModule };
  return s.design;
}

/** `ltp` output -> length and the two ends of the path. */
export function parseLtp(txt: string): { gates: number; from: string; to: string } {
  const m = /\(length=(\d+)\)/.exec(txt);
  if (!m) throw new ToolError(`yosys ltp printed no path:\n${txt.slice(0, 400)}`);
  const nodes = [...txt.matchAll(/^\s+(\d+|ff): (\S+(?: \[\d+\])?)/gm)];
  const numbered = nodes.filter((n) => n[1] !== 'ff').map((n) => n[2]);
  const ff = nodes.find((n) => n[1] === 'ff');
  const clean = (s: string | undefined) => (s ?? '?').replace(/^\\/, '');
  return { gates: Number(m[1]), from: clean(numbered[0]), to: clean(ff?.[2] ?? numbered.at(-1)) };
}

/** `dump t:$mem_v2` -> the memories with their geometry. */
export function parseMemories(il: string): MemoryInfo[] {
  const out: MemoryInfo[] = [];
  for (const block of il.split(/^\s*cell /m).slice(1)) {
    const name = /^\$mem_v2 (\S+)/.exec(block)?.[1]?.replace(/^\\/, '');
    if (!name) continue;
    const p = (k: string) => Number(new RegExp(`parameter \\\\${k} (\\d+)\\b`).exec(block)?.[1] ?? NaN);
    const width = p('WIDTH');
    const depth = p('SIZE');
    out.push({ name, width, depth, bits: width * depth, readPorts: p('RD_PORTS'), writePorts: p('WR_PORTS') });
  }
  return out;
}

/**
 * Synthesises `cfg`. Throws SynthCheckError when a check fails (a design bug), ToolError when
 * Yosys itself fails or is missing.
 */
export interface SynthOptions {
  /** Also return the gate-level netlist (write_verilog -noattr). */
  netlist?: boolean;
  /** Flatten before mapping (see ScriptOptions.flat). */
  flat?: boolean;
  /** Fault injection for tests: rewrites a generated Verilog file before synthesis. */
  patchRtl?: (file: string, text: string) => string;
  /**
   * The longest path in gates into each stage's registers (`stages`; default true). The
   * standard-cell flow leaves it out: OpenSTA times the stages there (timing.stages), and the
   * per-stage `ltp` runs on the flattened gates were a quarter of the generic run's time (57 of
   * 210 s on an 8-lane LayerNorm).
   */
  stageDepths?: boolean;
}

export async function synthesize(cfg: MacroConfig, opts: SynthOptions = {}): Promise<SynthReport & { netlist?: string; sources: Array<{ file: string; text: string }> }> {
  const t0 = process.hrtime.bigint();
  const top = topModuleName(cfg);
  const sources = renderDesign(cfg);
  const tree: Tree = {};
  for (const s of sources) tree[s.file] = opts.patchRtl ? opts.patchRtl(s.file, s.text) : s.text;
  const script = [
    ...sources.map((s) => `read_verilog -defer ${s.file}`),
    ...synthScript(top, { flat: opts.flat, stages: opts.stageDepths === false ? [] : STAGE_REGISTERS.flatMap(([, regs]) => regs) }),
    ...(opts.netlist ? ['write_verilog -noattr netlist.v'] : []),
  ].filter((l) => !l.startsWith('#'));
  const { files, failed } = await yosys(['-q', '-l', 'yosys.log', '-p', script.join('; ')], tree);
  const log = text(files, 'yosys.log') ?? '';
  if (failed) {
    const problems = problemsOf(log);
    if (/check -assert|Assertion failed|Found \d+ problems/.test(problems.join('\n'))) throw new SynthCheckError(problems);
    throw new ToolError(`yosys failed:\n${problems.join('\n')}`);
  }
  const generic = statOf(text(files, 'stat.json') ?? '{}');
  const byType = Object.fromEntries(Object.entries(generic.num_cells_by_type).filter(([t]) => t !== '$mem_v2'));
  const total = Object.values(byType).reduce((a, b) => a + b, 0);
  const flipFlops = Object.entries(byType).filter(([t]) => isFlipFlop(t)).reduce((a, [, n]) => a + n, 0);
  const transistors = Number(String(generic.estimated_num_transistors ?? '0').replace(/\+$/, ''));
  const memories = parseMemories(text(files, 'mem.il') ?? '');
  const lat = latencyCycles(cfg);
  const per = periodCycles(cfg);
  const longestPath = parseLtp(text(files, 'ltp.txt') ?? '');
  return {
    top,
    config: configRecord(cfg),
    yosys: await yosysVersion(),
    flow: opts.flat ? 'flat' : 'per-module',
    checks: [
      'RTL, flattened: check -assert (no combinational loop, no multiple or missing driver)',
      'RTL, flattened: no latch ($dlatch, $adlatch, $dlatchsr, $sr) after proc',
      'RTL, flattened: no init value',
      'gates, flattened: check -assert, no latch cell',
    ],
    cells: { total, byType },
    flipFlops,
    transistors,
    memories,
    memoryBits: memories.reduce((a, m) => a + m.bits, 0),
    memoryHandling: MEMORY_HANDLING,
    longestPath,
    stages: STAGE_REGISTERS.flatMap(([stage, regs]) => {
      const paths = regs.map((r) => text(files, `stage-${r}.txt`) ?? '').filter((t) => /length=/.test(t)).map(parseLtp);
      if (!paths.length) return [];
      const worst = paths.reduce((a, b) => (b.gates > a.gates ? b : a));
      return [{ stage, ...worst }];
    }),
    latency: { cycles: lat.cycles, formula: lat.formula },
    pipeline: {
      registers: { ...cfg.pipeline }, targetDepth: cfg.targetDepth,
      estimatedDepth: estimatedDepth(cfg, cfg.pipeline),
      withinTarget: cfg.targetDepth === null ? null : longestPath.gates <= cfg.targetDepth,
    },
    throughput: { cycles: per.cycles, formula: per.formula },
    blocks: opts.flat ? [] : blocksOf(text(files, 'stat-modules.json') ?? '{"modules":{}}', top),
    seconds: Number(process.hrtime.bigint() - t0) / 1e9,
    ...(opts.netlist ? { netlist: text(files, 'netlist.v') } : {}),
    sources: sources.map((src) => ({ file: src.file, text: tree[src.file] as string })),
  };
}

/**
 * Only the RTL checks of the flow (flattened: check -assert, no latch, no init value), without
 * mapping: seconds instead of a minute for 16 lanes. Throws SynthCheckError on a failure.
 */
export async function rtlChecks(cfg: MacroConfig, opts: Pick<SynthOptions, 'patchRtl'> = {}): Promise<{ top: string; seconds: number }> {
  const t0 = process.hrtime.bigint();
  const top = topModuleName(cfg);
  const sources = renderDesign(cfg);
  const tree: Tree = {};
  for (const s of sources) tree[s.file] = opts.patchRtl ? opts.patchRtl(s.file, s.text) : s.text;
  const script = [...sources.map((s) => `read_verilog -defer ${s.file}`), ...rtlCheckScript(top)];
  const { files, failed } = await yosys(['-q', '-l', 'yosys.log', '-p', script.join('; ')], tree);
  if (failed) {
    const problems = problemsOf(text(files, 'yosys.log') ?? '');
    if (/check -assert|Assertion failed|Found \d+ problems/.test(problems.join('\n'))) throw new SynthCheckError(problems);
    throw new ToolError(`yosys failed:\n${problems.join('\n')}`);
  }
  return { top, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

// ---- operators on their own: logic depth for pipelining plans ---------------------------------

export interface OperatorSpec {
  /** An operator, or one of their parts: fp_unpack (classify, normalise subnormals), fp_round (the RNE rounder). */
  op: 'fp_add' | 'fp_mul' | 'fp_unpack' | 'fp_round';
  /** Operand format (fp_add: all three words; fp_unpack: its input; fp_round: its output). */
  a: FloatFormat;
  /** fp_mul: second operand and result formats, and the scale input width. */
  b?: FloatFormat;
  y?: FloatFormat;
  scaleBits?: number;
  /** Pipeline registers inside the operator (its LAT parameter); the depth is then the deepest stage. */
  lat?: number;
}

export interface OperatorDepth { cells: number; depth: number; transistors: number; seconds: number }

/** Synthesises one operator alone and measures its longest path (combinational, or the deepest stage when lat > 0). */
export async function operatorDepth(spec: OperatorSpec): Promise<OperatorDepth> {
  const t0 = process.hrtime.bigint();
  const prefix = 'op';
  const tree: Tree = {};
  const files = renderOperators(prefix);
  for (const f of files) tree[f.file] = f.text;
  const xw = (f: FloatFormat) => Math.max(f.expBits, Math.ceil(Math.log2(f.manBits + 1))) + 2;
  const params = spec.op === 'fp_add' || spec.op === 'fp_unpack'
    ? { EXP_BITS: spec.a.expBits, MAN_BITS: spec.a.manBits }
    : spec.op === 'fp_round'
      ? { EXP_BITS: spec.a.expBits, MAN_BITS: spec.a.manBits, XW: xw(spec.a) + 2 }
      : {
      A_EXP_BITS: spec.a.expBits, A_MAN_BITS: spec.a.manBits,
      B_EXP_BITS: (spec.b ?? spec.a).expBits, B_MAN_BITS: (spec.b ?? spec.a).manBits,
      Y_EXP_BITS: (spec.y ?? spec.a).expBits, Y_MAN_BITS: (spec.y ?? spec.a).manBits,
      SCALE_BITS: spec.scaleBits ?? 2,
    };
  const chparams = Object.entries({ ...params, ...(spec.lat ? { LAT: spec.lat } : {}) }).map(([k, v]) => `-chparam ${k} ${v}`).join(' ');
  const script = [
    ...files.map((f) => `read_verilog -defer ${f.file}`),
    `hierarchy -check -top ${prefix}_${spec.op} ${chparams}`,
    ...synthScript('', { flat: true }).slice(1).filter((l) => !l.startsWith('#')),
  ];
  const { files: out, failed } = await yosys(['-q', '-l', 'yosys.log', '-p', script.join('; ')], tree);
  if (failed) throw new ToolError(`yosys failed on ${spec.op}:\n${problemsOf(text(out, 'yosys.log') ?? '').join('\n')}`);
  const s = statOf(text(out, 'stat.json') ?? '{}');
  return {
    cells: s.num_cells,
    depth: parseLtp(text(out, 'ltp.txt') ?? '').gates,
    transistors: Number(String(s.estimated_num_transistors ?? '0').replace(/\+$/, '')),
    seconds: Number(process.hrtime.bigint() - t0) / 1e9,
  };
}

// ---- presentation -------------------------------------------------------------------------------

const fmtInt = (n: number) => n.toLocaleString('en-US');

/** Rows (label, value) of the summary table. */
export function summaryRows(r: SynthReport): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['top', r.top],
    ['cells (logic + flip-flops)', fmtInt(r.cells.total)],
    ['flip-flops', fmtInt(r.flipFlops)],
    ['transistors (stat -tech cmos)', fmtInt(r.transistors)],
  ];
  rows.push(['memory bits (kept as $mem_v2)', r.memories.length
    ? `${fmtInt(r.memoryBits)} (${r.memories.map((m) => `${m.name}: ${m.depth} x ${m.width}`).join(', ')})`
    : '0']);
  rows.push(
    ['longest path (gates)', `${r.longestPath.gates} (${r.longestPath.from} -> ${r.longestPath.to})`],
    ...r.stages.map((s): [string, string] => [`  stage: ${s.stage}`, `${s.gates} gates (${s.from} -> ${s.to})`]),
    ['pipeline registers', `add ${r.pipeline.registers.add}, mul ${r.pipeline.registers.mul}, convert ${r.pipeline.registers.convert} (estimated deepest stage ${r.pipeline.estimatedDepth})`],
    ...(r.pipeline.targetDepth === null ? [] : [['target depth', `${r.pipeline.targetDepth}: ${r.pipeline.withinTarget ? 'met' : `EXCEEDED by ${r.longestPath.gates - r.pipeline.targetDepth} levels`}`] as [string, string]]),
    ['latency (cycles)', `${r.latency.cycles} (${r.latency.formula})`],
    ['throughput (cycles/vector)', `${r.throughput.cycles} (${r.throughput.formula})`],
    ['checks', 'check -assert clean; no latch; no init value'],
    ['yosys', `${r.yosys}, ${r.flow === 'flat' ? 'flattened before mapping' : 'each distinct module mapped once'}, ${r.seconds.toFixed(1)} s`],
  );
  return rows;
}

/** Each block with its share of the blocks' cells, as the table and the page print it. */
function blockShares(blocks: BlockCells[]): Array<{ b: BlockCells; share: string }> {
  const all = blocks.reduce((a, b) => a + b.cells, 0);
  return blocks.map((b) => ({ b, share: `${((100 * b.cells) / all).toFixed(1)}%` }));
}

export function formatTable(r: SynthReport, extra: Array<[string, string]> = []): string {
  const rows = [...summaryRows(r), ...extra];
  const w = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`);
  if (r.blocks.length) {
    lines.push('', 'cells by block (before the final flatten; flip-flops of them in brackets):');
    const bw = Math.max(...r.blocks.map((b) => b.block.length));
    for (const { b, share } of blockShares(r.blocks)) {
      lines.push(`  ${b.block.padEnd(bw)}  ${fmtInt(b.cells).padStart(9)}  ${share.padStart(6)}  (${fmtInt(b.flipFlops)})`);
    }
  }
  lines.push('', 'cells by type:');
  const types = Object.entries(r.cells.byType).sort((a, b) => b[1] - a[1]);
  const tw = Math.max(...types.map(([t]) => t.length), 4);
  for (const [t, n] of types) lines.push(`  ${t.padEnd(tw)}  ${String(n).padStart(8)}`);
  return lines.join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function blocksHtml(r: SynthReport): string {
  if (!r.blocks.length) return '';
  const rows = blockShares(r.blocks).map(({ b, share }) => `<tr><td>${esc(b.block)}</td><td>${b.instances}</td><td>${fmtInt(b.cells)}</td><td>${share}</td><td>${fmtInt(b.flipFlops)}</td></tr>`).join('\n');
  return `<h2>Cells by block</h2>
<p>The top's instances, counted before the final flatten.</p>
<table>
<tr><th>block</th><th>instances</th><th>cells</th><th>share</th><th>flip-flops</th></tr>
${rows}
</table>
`;
}

/** A self-contained HTML page: the summary table (with `extra` rows, e.g. the library's area and timing) and an SVG bar chart of cells by type. */
export function formatHtml(r: SynthReport, extra: Array<[string, string]> = []): string {
  const rows = [...summaryRows(r), ...extra].map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('\n');
  const types = Object.entries(r.cells.byType).sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...types.map(([, n]) => n));
  const barH = 18;
  const bars = types.map(([t, n], i) => {
    const y = i * barH;
    const w = Math.max(1, Math.round((n / max) * 420));
    return `<text x="0" y="${y + 13}" font-size="12">${esc(t)}</text><rect x="150" y="${y + 2}" width="${w}" height="${barH - 4}" fill="#4a7ab5"/>`
      + `<text x="${155 + w}" y="${y + 13}" font-size="12">${n}</text>`;
  }).join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${esc(r.top)}: synthesis report</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f4f4f4}</style>
</head><body>
<h1>${esc(r.top)}</h1>
<p>Yosys ${esc(r.yosys)} (generic gates, <code>abc -fast</code>). ${esc(r.memoryHandling)}.</p>
<table>
${rows}
</table>
${blocksHtml(r)}<h2>Cells by type</h2>
<svg xmlns="http://www.w3.org/2000/svg" width="680" height="${types.length * barH + 4}">
${bars}
</svg>
<h2>Configuration</h2>
<pre>${esc(JSON.stringify(r.config, null, 2))}</pre>
</body></html>
`;
}
