/**
 * Writes docs/results.md from the measured data in bench/results/*.json (and the per-row files of
 * bench/results/sta/), so that no benchmark table in the docs is copied by hand.
 *
 *   npx tsx scripts/results-page.ts            # rewrite docs/results.md
 *   npx tsx scripts/results-page.ts --check    # exit 1 with a one-line summary if the page is stale
 *
 * `buildResultsPage` is pure (data in, markdown out) so that a test can rebuild the page from the
 * committed JSON and compare. The page carries no dates: the JSON keeps when each run was made.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/* eslint-disable @typescript-eslint/no-explicit-any -- the JSON files are the benchmarks' own shapes */
type Json = any;

/** Everything the page is built from; `staRows` maps a row name of sta.json to its per-row file. */
export interface ResultsData {
  sta: Json[];
  staRows: Record<string, Json>;
  linerate: Json;
  dmax: Json;
  latency: Json;
  pipeline: Json;
  synth: Json;
  streams: Json;
  streamsSweep: Json | null;
  /** bench/results/prove.json; null before the benchmark first ran. */
  prove: Json | null;
  /** bench/results/gate-level.json; null before the benchmark first ran. */
  gateLevel: Json | null;
}

export const PAGE = 'docs/results.md';
const RESULTS = 'bench/results';

/** The per-row file of an sta row (`sky130/bf16/l2/...` -> `sta/sky130_bf16_l2_....json`). */
export const staRowFile = (row: string) => join(RESULTS, 'sta', `${row.replace(/\//g, '_')}.json`);

export function loadResults(root = '.'): ResultsData {
  const read = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));
  const sta = read(join(RESULTS, 'sta.json')) as Json[];
  const staRows: Record<string, Json> = {};
  for (const { row } of sta) {
    const file = staRowFile(row);
    if (existsSync(join(root, file))) staRows[row] = read(file);
  }
  return {
    sta,
    staRows,
    linerate: read(join(RESULTS, 'linerate.json')),
    dmax: read(join(RESULTS, 'dmax.json')),
    latency: read(join(RESULTS, 'latency.json')),
    pipeline: read(join(RESULTS, 'pipeline.json')),
    synth: read(join(RESULTS, 'synth.json')),
    streams: read(join(RESULTS, 'streams.json')),
    streamsSweep: existsSync(join(root, RESULTS, 'streams-sweep.json')) ? read(join(RESULTS, 'streams-sweep.json')) : null,
    prove: existsSync(join(root, RESULTS, 'prove.json')) ? read(join(RESULTS, 'prove.json')) : null,
    gateLevel: existsSync(join(root, RESULTS, 'gate-level.json')) ? read(join(RESULTS, 'gate-level.json')) : null,
  };
}

// ---- formatting -------------------------------------------------------------------------------

const num = (x: number, digits = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const table = (head: string[], align: string[], rows: Array<Array<string | number>>) => [
  `| ${head.join(' | ')} |`,
  `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
];
/** The backticked commands of a benchmark's `commands` string (the dates beside them stay in the JSON). */
const commandsOf = (s: string) => [...s.matchAll(/`([^`]+)`/g)].map((m) => `\`${m[1]}\``).join(', then ');
const section = (title: string, measures: string, command: string, body: string[]) =>
  ['', `## ${title}`, '', measures, '', `Reproduce: ${command}`, '', ...body];

// ---- sections ---------------------------------------------------------------------------------

const STAGES = ['square', 'accumulate', 'scalar loop', 'output', 'control'];

function staSection(d: ResultsData): string[] {
  const rows: string[][] = [];
  const stages: string[][] = [];
  const closure: string[] = [];
  for (const s of d.sta) {
    const [lib, format, mode, dd, internal, pipe] = String(s.row).split('/') as string[];
    const rest = String(s.row).split('/').slice(6);
    const steps = rest.find((x) => x.startsWith('steps'))?.slice(5);
    const file = d.staRows[s.row]?.report;
    const regs = file?.pipeline?.registers;
    const runs: Json[] = file?.timingDriven?.runs ?? [];
    let ops = pipe === 'comb' ? 'combinational' : pipe!;
    if (pipe!.startsWith('td')) {
      ops = `timing-driven ${pipe!.slice(2)} ns${regs ? ` (${regs.add}/${regs.mul}/${regs.convert}${runs.length > 1 ? `, ${runs.length} runs` : ''})` : ''}`;
    }
    if (rest.includes('kept')) ops += ', operators mapped once';
    const clockNs = Math.max(s.clockPeriodNs, s.criticalPathNs);
    const perSecond = (Number(dd!.slice(1)) / (s.throughput.cycles * clockNs)) * 1e3; // millions
    rows.push([lib!, rest.includes('compact') ? 'compact' : 'line-rate', format!, mode!, dd!.slice(1),
      `${internal}${steps ? `, ${steps} step` : ''}`, ops, String(s.flow ?? 'flat'), num(s.areaUm2), num(s.memoryBits),
      optional(s.memoryAreaUm2), optional(s.totalAreaUm2), num(s.criticalPathNs, 2),
      pipe!.startsWith('td') ? (s.wnsNs >= 0 ? 'yes' : 'no') : '-', num(s.fmaxMhz, 1),
      optional(s.power?.totalMw, 1), optional(s.power?.pjPerVector), `${s.criticalPath.from} -> ${s.criticalPath.to}`, String(s.latency.cycles),
      num(s.latency.cycles * clockNs), `${perSecond.toFixed(0)} M`]);
    const by = Object.fromEntries((s.stages as Json[]).map((x) => [x.stage, x.delayNs]));
    stages.push([s.row, ...STAGES.map((x) => (by[x] === undefined ? '-' : num(by[x], 2)))]);
    if (runs.length > 1) closure.push(`- ${s.row}: ${runs.map((r) => `${r.pipeline} ${num(r.wnsNs, 2)} ns`).join('; ')}`);
  }
  const commands = d.sta.map((s) => {
    const secs = d.staRows[s.row]?.seconds;
    const cpu = d.staRows[s.row]?.cpuSeconds;
    return `- ${s.row}: \`${s.command}\`${secs === undefined ? '' : ` (${num(secs)} s${cpu === undefined ? '' : `, ${num(cpu)} s CPU`})`}`;
  });
  return section('Area and timing in standard-cell libraries',
    'Each row is one `iterl2norm synth --liberty LIB` run (Yosys from npm maps the design with ABC to the library; ' +
    'OpenSTA times it pre-layout, ideal clock, typical corner), 16 lanes, the vector store a black box given in bits ' +
    '(its assumed timing model: `synth/liberty/store-model.ts`; its area from the memory model per bit, docs/synthesis.md). ' +
    'A row name is LIB/FORMAT/MODE/dD/INTERNAL/PIPE: ' +
    '`comb` is combinational operators timed at 10 ns (no period to meet), `tdN` is `--clock-period N` (registers chosen for N ns, add/mul/convert ' +
    'listed; "N runs": timing closure synthesised N times; "meets": OpenSTA\'s worst slack at N is not negative), `/kept` is `--keep-operators`, `/compact` is `--engine compact`, ' +
    '`/steps1` is `--steps 1`. Flow: hierarchical is the default of `synth --liberty` (the operators mapped once each, kept as modules); ' +
    'flat (the whole design flattened before mapping) and kept (operators mapped once, then flattened) are rows measured with the earlier flows, ' +
    'not yet measured again. Power (timing-driven rows of the hierarchical flow): `--power --power-vectors 8`, activity from the gate-level ' +
    'simulation of 8 vectors, at the period; pJ a vector over that run. Latency in ns and elements/s use the period, or the critical path when that is longer. ' +
    'sky130 is sky130_fd_sc_hd__tt_025C_1v80, sg13g2 is IHP sg13g2_stdcell_typ_1p20V_25C.',
    '`nice -n 10 npx tsx bench/sta.ts --lib sky130=PATH,sg13g2=PATH` (each row is kept in `bench/results/sta/`; ' +
    'a stopped run resumes, a row kept from another flow is measured again, and `--rerun` measures the given rows again; `--rows ROW` runs one row). Each row\'s own command is listed below.',
    [
      ...table(['library', 'engine', 'format', 'mode', 'd', 'internal', 'operators', 'flow', 'cells um^2', 'memory bits', 'memory um^2', 'total um^2',
        'critical path ns', 'meets', 'fmax MHz', 'power mW', 'pJ/vector', 'where', 'latency cycles', 'latency ns', 'elements/s'],
      ['l', 'l', 'l', 'l', 'r', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'l', 'r', 'r', 'r'], rows),
      '', '### Delay per stage', '',
      'Worst path into each stage\'s registers in ns, setup included (the stage mapping is `synth/timing-stages.ts`).', '',
      ...table(['row', ...STAGES], ['l', 'r', 'r', 'r', 'r', 'r'], stages),
      ...(closure.length ? ['', '### Timing closure', '',
        'Every synthesis run of a timing-driven row that took more than one: registers add/mul/convert and the worst slack at the period.', '',
        ...closure] : []),
      '', '### Commands and times', '', 'Wall time of each row on 2 shared cores, every closure run included.', '', ...commands,
    ]);
}

const PATTERN_NAMES: Record<string, string> = {
  'long-then-short': 'one d = 1024, then eight d = 128, repeated',
  'short-then-long': 'eight d = 128, then one d = 1024, repeated',
  'long-tiny': 'long and tiny alternating (1024, 1, 1023, 2, ...)',
  random: 'random lengths 1..1024',
  'down-up': '1024 down to 1 and back up',
};

function streamsSection(d: ResultsData): string[] {
  const j = d.streams;
  const before = (j.rows.before ?? []) as Json[];
  const after = (j.rows.after ?? []) as Json[];
  const counts: string[] = [...new Set(after.map((r) => (r.vectors > 100 ? 'long' : 'short')))];
  const rows: Array<Array<string | number>> = [];
  for (const length of ['short', 'long']) {
    if (!counts.includes(length)) continue;
    for (const pattern of Object.keys(PATTERN_NAMES)) {
      for (const mode of ['l2', 'rms', 'layer']) {
        const pick = (rs: Json[]) => rs.find((r) => r.mode === mode && r.pattern === pattern && (r.vectors > 100) === (length === 'long'));
        const b = pick(before);
        const a = pick(after);
        if (!b) continue;
        rows.push([PATTERN_NAMES[pattern]!, mode, b.vectors, num(b.bound), `${num(b.cycles)} (${b.ratio.toFixed(3)}x)`,
          a ? `${num(a.cycles)} (${a.ratio.toFixed(3)}x)` : '',
          a?.inOrderBound !== undefined ? `${num(a.inOrderBound)} (${a.inOrderRatio.toFixed(3)}x)` : '']);
      }
    }
  }
  const mem = (label: string) => (j.memory?.[label] ?? []) as Json[];
  const memRows = mem('after').map((a) => {
    const b = mem('before').find((x) => x.mode === a.mode && x.length === a.length && x.affine === a.affine);
    return [a.mode, a.length, a.affine, b ? `${b.beats} / ${num(b.vectorMemoryBits)}` : '', `${a.beats} / ${num(a.vectorMemoryBits)}`,
      num(a.paramMemoryBits), num(a.entryMemoryBits ?? 0), b ? b.areaMm2.toFixed(3) : '', a.areaMm2.toFixed(3), `${a.latency} / ${a.period}`];
  });
  return section('Streams of changing lengths: the ring of beats',
    'One `--d-max 1024` macro, 16 lanes, bf16, `--affine none`, every vector co-simulated (Verilator) bit-exact and on ' +
    'time, back to back. Total cycles (first input beat to last output beat) against the line-rate bound: the sum of ' +
    'max(B_i, T) over every vector but the last, plus the last one\'s latency. Before: whole vector slots and an admission ' +
    'that holds the input until each vector\'s fixed latency lands behind the previous output. After: the ring ' +
    'of beats (LayerNorm: two, the second pass\'s and the output\'s). The in-order bound is the same stream through the cycle model of the ring with unbounded memory (the input ' +
    'at the pace of the shared stages, the output never idle while a factor is ready): it exceeds the line-rate bound by ' +
    'the wait of short vectors queued behind a long one at the end of the stream (at most the queueing bound: Bmax - T = 56 ' +
    'cycles, LayerNorm Bmax - 1 + Bmax - T = 119), which no engine with in-order outputs avoids; over longer streams that constant fades.',
    `${commandsOf(j.commands.before ?? '')} (before, on the engine with whole slots), ${commandsOf(j.commands.after ?? '')} (after)`,
    [
      ...table(['stream', 'mode', 'vectors', 'line-rate bound', 'before', 'after', 'in-order bound (after / it)'],
        ['l', 'l', 'r', 'r', 'r', 'r', 'r'], rows),
      '', '### Vector memory', '',
      '16 lanes, bf16: beats and bits of vector memory before (whole slots) and after (the rings of beats, their default depth), ' +
      'the parameter store apart; the per-vector queues kept in memories after (more than 16 entries, `engine.entryMemoryBits`; ' +
      'flip-flops otherwise, and before); memory area at 23.3 um^2 a bit (the sky130 OpenRAM 1 KB macro\'s density), parameter store and queues ' +
      'included; latency and period after (unchanged). From the plan (`--parts memory`).', '',
      ...table(['mode', 'length', 'affine', 'before beats / bits', 'after beats / bits', 'parameter bits', 'queue bits', 'before mm^2', 'after mm^2', 'latency / period'],
        ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'], memRows),
      ...synthRows(j),
      ...sweepRows(d.streamsSweep),
    ]);
}

/** Yosys cells of the default and the smallest memory, before and after the ring (`--parts synth`). */
function synthRows(j: Json): string[] {
  const before = (j.synth?.before ?? []) as Json[];
  const after = (j.synth?.after ?? []) as Json[];
  if (!after.length) return [];
  const rows = after.map((a, i) => {
    const b = before[i];
    return [a.design, a.lanes, b ? `${num(b.cells)} / ${num(b.flipFlops)} / ${num(b.memoryBits)}` : '',
      `${num(a.cells)} / ${num(a.flipFlops)} / ${num(a.memoryBits)}`, b ? (a.cells / b.cells).toFixed(3) : '', b ? `${b.period} / ${a.period}` : ''];
  });
  return ['', '### Logic', '',
    'Yosys generic gates (`iterl2norm synth`), bf16: cells / flip-flops / memory bits. The smallest memory is `--engine compact` ' +
    'before and `--buffer-beats` of one vector after. From `--parts synth`.', '',
    ...table(['design', 'lanes', 'before', 'after', 'cells after / before', 'period before / after'], ['l', 'r', 'r', 'r', 'r', 'r'], rows)];
}

/** The acceptance sweep of bench/streams-sweep.ts, one row per (mode, format). */
function sweepRows(sw: Json | null): string[] {
  if (!sw) return [];
  const groups = new Map<string, Json[]>();
  for (const r of sw.rows as Json[]) {
    const k = `${r.mode}|${r.format}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const rows = [...groups.entries()].map(([k, rs]) => {
    const [mode, format] = k.split('|');
    const bad = rs.filter((r) => r.failed > 0 || r.mismatches > 0 || r.latencyWrong > 0 || r.startWrong > 0 || r.protocolErrors > 0);
    return [mode!, format!, rs.map((r) => `${r.D}/${r.lanes}`).join(', '), rs.reduce((a, r) => a + r.vectors, 0), bad.length ? bad.map((r) => `${r.D}/${r.lanes}`).join(', ') : 'none'];
  });
  return ['', '### Acceptance sweep', '',
    'Every configuration streams the five patterns one after another, back to back and again under 30% input gaps and 30% output ' +
    'stalls (Verilator): every word, every vector\'s first input and last output edge checked. D/lanes of each configuration.', '',
    `Reproduce: ${sw.command}`, '',
    ...table(['mode', 'format', 'D / lanes', 'vectors', 'failing'], ['l', 'l', 'l', 'r', 'l'], rows)];
}


function linerateSection(d: ResultsData): string[] {
  const j = d.linerate;
  const timing = (j.timing as Json[]).map((r) => [r.mode, r.d, r.engine, r.B, r.period,
    r.periodMeasured.join('..'), r.latency, r.latencyMeasured.join('..'), r.slots, `${r.passed} / ${r.failed}`]);
  const synth = (j.synth as Json[]).map((r) => [r.mode, r.d, r.engine, r.top, num(r.cells), num(r.flipFlops), num(r.memoryBits), r.longestPath]);
  const sweep = j.sweep as Json[];
  const vectors = sweep.reduce((a, r) => a + r.passed + r.failed, 0);
  const failed = sweep.reduce((a, r) => a + r.failed, 0);
  const wrong = sweep.filter((r) => !r.periodOk || !r.latencyOk).length;
  return section('Line rate: the line-rate engine against the compact one',
    'Period (cycles between first input beats, vectors back to back) and latency (first input beat to last output beat) of both engines, ' +
    'measured in co-simulation, every word checked, then again under random stalls; bf16, 16 lanes, rms with gamma, layer with gamma and beta. ' +
    'B = ceil(d/P) is the limit of any design that takes P elements a clock. Then the area in Yosys generic gates, and the acceptance sweep.',
    Object.values(j.commands as Record<string, string>).map(commandsOf).join('; '),
    [
      ...table(['mode', 'd', 'engine', 'B', 'period', 'measured', 'latency', 'measured', 'slots', 'passed / failed'],
        ['l', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'], timing),
      '', '### Area (Yosys generic gates; memories are SRAM bits, not cells)', '',
      ...table(['mode', 'd', 'engine', 'top', 'cells', 'flip-flops', 'memory bits', 'longest path (gates)'],
        ['l', 'r', 'l', 'l', 'r', 'r', 'r', 'r'], synth),
      '', '### Acceptance sweep', '',
      `Every mode and affine variant x fp32, bf16, fp16 x d in {1, 15, 16, 17, 64, 128, 768, 1024} x lanes {1, 3, 16}, back to back and under ` +
      `random input gaps and output back-pressure: ${sweep.length} configurations, ${num(vectors)} vectors, ${failed} failed, ` +
      `${wrong} with a period or latency off its formula (per-configuration rows: \`bench/results/linerate.json\`).`,
    ]);
}

function dmaxSection(d: ResultsData): string[] {
  const j = d.dmax;
  // per-d rows, and one `stream` row per mode: the co-simulated stream that visits every length
  const timing = (j.timing.rows as Json[]).filter((r) => r.runtime).map((r) => [r.mode, r.d, r.runtime.latency, r.fixed.latency, r.runtime.period, r.fixed.period, r.fixed.slots]);
  const streams = (j.timing.rows as Json[]).filter((r) => r.stream).map((r) => [r.mode, r.stream.vectors, r.stream.lengths.join(', '),
    `${r.stream.latencyMin}..${r.stream.latencyMax}`, `${r.stream.gapMin}..${r.stream.gapMax}`, r.stream.slots]);
  const synth = (j.synth.rows as Json[]).map((r) => [r.mode, r.kind, num(r.cells), num(r.flipFlops), num(r.memoryBits), r.slots, r.longestPathGates]);
  const accuracy = (key: string, title: string) => {
    const a = j[key];
    if (!a) return [];
    return ['', `### ${title}`, '',
      ...table(['sigma', 'format', 'mode', 'affine', 'worst ulp per seed, fixed d', 'worst ulp per seed, --d-max', 'mean ulp, fixed d', 'mean ulp, --d-max', 'words that differ'],
        ['l', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'r'],
        (a.rows as Json[]).map((r) => [r.spread, r.format, r.mode, r.affine, r.fixed.worstPerSeed.join(', '), r.runtime.worstPerSeed.join(', '),
          r.fixed.mean.toFixed(4), r.runtime.mean.toFixed(4), `${r.differ} of ${r.elements}`]))];
  };
  const extras = Object.keys(j).filter((k) => k.startsWith('accuracy '))
    .flatMap((k) => accuracy(k, `Accuracy, \`${k.slice('accuracy '.length)}\` (\`npx tsx bench/dmax.ts --parts accuracy --vectors 100 ${k.slice('accuracy '.length)}\`)`));
  const sweep = j.sweep.rows as Json[];
  const sum = (f: (r: Json) => number) => sweep.reduce((a, r) => a + f(r), 0);
  return section('One macro for every length (`--d-max`) against fixed-d designs',
    'One `--d-max 1024` macro (16 lanes, bf16; rms with gamma, layer with gamma and beta) co-simulated with one stream whose length changes ' +
    'every vector, beside the fixed-d design of each d; every word, latency and start checked against the formulas. Then the area against ' +
    'the fixed d = 1024 design (Yosys generic gates), the accuracy of both models against float64 (ulp of the output format; 100 Gaussian ' +
    'rows per d in {64, 100, 768, 1000, 1024} and per seed, sigma 2^k with k an integer in -4..3 or 2^u with u uniform), and the acceptance sweep.',
    '`npx tsx bench/dmax.ts --parts timing,accuracy --vectors 100` (`make bench`) and `npx tsx bench/dmax.ts --parts synth,sweep` (`make bench-long`)',
    [
      ...table(['mode', 'd', 'latency, --d-max 1024', 'latency, --d d', 'period, --d-max 1024', 'period, --d d', 'slots, --d d'],
        ['l', 'r', 'r', 'r', 'r', 'r', 'r'], timing),
      '', 'The `--d-max 1024` macro\'s streams (lengths in the order streamed):', '',
      ...table(['mode', 'vectors', 'lengths', 'latency', 'cycles between first beats', 'slots'], ['l', 'r', 'l', 'r', 'r', 'r'], streams),
      '', '### Area (Yosys generic gates; the vector store is SRAM bits)', '',
      ...table(['mode', 'design', 'cells', 'flip-flops', 'memory bits', 'slots', 'longest path (gates)'], ['l', 'l', 'r', 'r', 'r', 'r', 'r'], synth),
      ...accuracy('accuracy', 'Accuracy (default configuration)'),
      ...extras,
      '', '### Acceptance sweep', '',
      `Every mode x fp32, bf16, fp16 x D in {64, 1024, 4096} x lanes {1, 16}, back to back and under 30% input gaps and 30% output stalls: ` +
      `${sweep.length} configurations, ${num(sum((r) => r.vectors))} vectors, ${sum((r) => r.failed)} failed, ` +
      `${sum((r) => r.latencyWrong)} latencies and ${sum((r) => r.gapWrong)} starts off their formulas.`,
    ]);
}

function latencySection(d: ResultsData): string[] {
  const a = d.latency.argv;
  const rows = (d.latency.rows as Json[]).map((r) => [r.d, r.top, r.predicted, `${r.simulatedMin}..${r.simulatedMax}`, r.paper,
    r.period, r.periodMeasured, r.cosimS.toFixed(1), `${r.passed} / ${r.failed}`]);
  return section('Latency against the paper',
    `For d = 64 .. 1024 (${a.format}, ${a.lanes} lanes, other options at the defaults of the run): the predicted latency, the simulated one ` +
    `(${a.vectors} vectors back to back, the first ${a.stress} again under random stalls, Icarus), the paper's figures (116 cycles at d = 64, ` +
    '227 at d = 1024; others unpublished), the streaming period and the co-simulation time. The `top` column names the design measured: ' +
    'a period above B = ceil(d/16) is the compact engine (one vector at a time), the default when the rows were recorded.',
    `\`npx tsx bench/latency.ts --vectors ${a.vectors} --stress ${a.stress} --format ${a.format} --lanes ${a.lanes}\``,
    table(['d', 'top', 'latency predicted', 'simulated', 'paper', 'period', 'measured', 'co-simulation s', 'passed / failed'],
      ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'], rows));
}

function pipelineSection(d: ResultsData): string[] {
  const a = d.pipeline.argv;
  const ops = (d.pipeline.operators as Json[]).map((r) => [r.op, r.lat, r.measured, r.model, num(r.cells)]);
  const macro = (d.pipeline.macro as Json[]).map((r) => [r.format, r.target, r.registers, r.estimated, r.measured, r.path,
    num(r.cells), num(r.flipFlops), num(r.transistors), r.latency, r.period]);
  return section('Pipelining: operator depths and `--target-depth`',
    'Each fp_add / fp_mul alone with LAT pipeline registers, deepest stage in Yosys generic gate levels, against the depth model ' +
    '(`generator/rtl/depth-model.ts`, fitted to these measurements); then the macro for a series of `--target-depth` values: ' +
    'registers chosen (add/mul/convert), estimated and measured longest path, cells, flip-flops, transistors, latency and period. ' +
    'The `target` `floor` is the lowest depth accepted. A period above B = ceil(d/P) is the compact engine, the default when the rows were recorded.',
    `\`npx tsx bench/pipeline.ts --formats ${a.formats} --d ${a.d} --lanes ${a.lanes} --targets ${a.targets}\``,
    [
      ...table(['operator', 'LAT', 'measured', 'model', 'cells'], ['l', 'r', 'r', 'r', 'r'], ops),
      '', `### The macro, d = ${a.d}, ${a.lanes} lanes`, '',
      ...table(['format', 'target', 'registers', 'estimated', 'measured', 'path', 'cells', 'flip-flops', 'transistors', 'latency', 'period'],
        ['l', 'l', 'l', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r'], macro),
    ]);
}

function synthSection(d: ResultsData): string[] {
  const j = d.synth;
  const synth = (j.synth as Json[]).map((r) => [r.format, r.d, r.lanes, r.top, num(r.cells), num(r.transistors), num(r.flipFlops),
    `${num(r.memoryBits)} (${r.memory})`, r.longestPath, r.pathEnds, r.stages, r.latency, r.period]);
  const ops = (j.operators as Json[]).map((r) => [r.name, r.use, num(r.cells), r.depth, num(r.transistors)]);
  const cosim = (j.cosim as Json[]).map((r) => [r.format, r.d, r.lanes, r.vectors, r.simulator, r.build.toFixed(1), r.run.toFixed(1),
    r.vectorsPerSecond.toFixed(1), `${r.passed} / ${r.failed}`, r.identical]);
  return section('Synthesis in generic gates, and simulator speed',
    '`iterl2norm synth` (Yosys from npm, generic gates) at 16 lanes: cells, transistor estimate (`stat -tech cmos`), flip-flops, memory bits ' +
    '(the vector store, kept as a RAM), longest path in gates (`ltp -noff`) and the stage depths (square / accumulate / scalar loop / output). ' +
    'Then the operators alone, and Icarus against Verilator in vectors per second. A period above B = ceil(d/P) is the compact engine, ' +
    'the default when the rows were recorded.',
    Object.values(j.commands as Record<string, string>).map(commandsOf).join('; '),
    [
      ...table(['format', 'd', 'lanes', 'top', 'cells', 'transistors', 'flip-flops', 'memory bits', 'longest path', 'path', 'stage depths', 'latency', 'period'],
        ['l', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'l', 'l', 'r', 'r'], synth),
      '', '### Operators alone', '',
      ...table(['operator', 'where', 'cells', 'depth (gates)', 'transistors'], ['l', 'l', 'r', 'r', 'r'], ops),
      '', '### Simulators', '',
      ...table(['format', 'd', 'lanes', 'vectors', 'simulator', 'build s', 'run s', 'vectors/s', 'passed / failed', 'same words'],
        ['l', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'l'], cosim),
    ]);
}

const PROPERTY_NAMES = ['in-flight', 'order', 'beats', 'hold', 'reset', 'latency'];
const STATUS_WORD: Record<string, string> = { 'proved by induction': 'induction', bounded: 'bounded', counterexample: 'COUNTEREXAMPLE', 'not checked': '-' };
function proveSection(d: ResultsData): string[] {
  if (!d.prove) return [];
  const rows = (d.prove.configurations as Json[]).map((r) => [
    r.name, `\`${r.top ?? '-'}\``, r.operators ?? 'abstract', r.depth,
    ...PROPERTY_NAMES.map((p) => (r.error ? '-' : STATUS_WORD[r.properties[p]] ?? r.properties[p])),
    r.error ? `stopped: ${r.error}` : num(r.seconds.total, 1),
    r.error ? '-' : num((r.seconds.runs as Json[]).filter((x) => !String(x.run).startsWith('induction')).reduce((a, x) => a + x.seconds, 0), 1),
    r.loadAverage1m ?? '-',
  ]);
  const commands = [...new Set((d.prove.configurations as Json[]).map((r) => r.command).filter(Boolean))].map((c) => `\`${c}\``).join('; ');
  return section('Formal proof of the stream (`prove`)',
    'Each configuration proven at its `auto` depth (a second vector streamed behind the first; cycles from the start, reset included) ' +
    'with yosys-smtbmc and z3 on the data abstraction of the operators ([prove.md](prove.md)): each property proved by k-induction ' +
    '(`induction`), bounded to the depth (`bounded`) or broken. `total s` is the wall-clock time of every run, induction attempts ' +
    'included; `bounded s` that of the two bounded runs; `load` the one-minute load average recorded with the row.',
    commands || `\`${d.prove.command ?? 'npx tsx bench/prove.ts'}\``,
    table(['configuration', 'top', 'operators', 'depth', ...PROPERTY_NAMES, 'total s', 'bounded s', 'load'],
      ['l', 'l', 'l', 'r', 'l', 'l', 'l', 'l', 'l', 'l', 'r', 'r', 'r'], rows));
}

/** bench/gate-level.ts: total area, the netlist co-simulated, power from its activity. */
function gateLevelSection(d: ResultsData): string[] {
  if (!d.gateLevel) return [];
  const rows: string[][] = [];
  const commands: string[] = [];
  for (const r of d.gateLevel.rows as Json[]) {
    const [lib, format, mode, dd, p, ns, affine] = String(r.row).split('/');
    const c = r.gateLevelCosim;
    const pw = r.power;
    rows.push([lib!, `${format} ${mode}${affine ? ` ${affine}` : ''}`, dd!.slice(1), p!.slice(1), ns!,
      `${regsOf(r.pipeline)}`, String(r.flow ?? 'flat'), num(r.criticalPathNs, 2), r.wnsNs >= 0 ? 'yes' : 'no', num(r.areaUm2), num(r.memoryBits), optional(r.memoryAreaUm2), optional(r.totalAreaUm2),
      c ? `${c.passed} of ${c.vectors}, latency ${c.latency.min === c.latency.max ? c.latency.min : `${c.latency.min}-${c.latency.max}`} (${c.latency.predicted} predicted)` : '-',
      pw ? num(pw.totalMw, 1) : '-', pw ? num(pw.internalMw, 1) : '-', pw ? num(pw.switchingMw, 2) : '-', pw ? num(pw.meanActivity, 4) : '-',
      pw ? num(pw.pjPerVector) : '-', pw ? num(pw.pjPerElement, 1) : '-', pw ? num(pw.vectorless.totalMw, 1) : '-']);
    commands.push(`- ${r.row}: \`${r.synth.command}\` (${num(r.synth.seconds)} s)${c ? `, then \`${c.command}\` (${num(c.seconds)} s)` : ''}`);
  }
  return section('Gate-level co-simulation and power',
    'Each row: `iterl2norm synth --liberty LIB --clock-period NS --power --netlist` (registers chosen for NS, the hierarchical flow, ' +
    'power from the switching activity of a gate-level simulation of the row\'s vectors, given to OpenSTA per pin, at the period), then ' +
    '`iterl2norm cosim --netlist` on the written netlist (cell models made from the Liberty functions, the memories behavioural): ' +
    'every output word against the golden model, and the latency. Memory area: the SRAM model per bit (docs/synthesis.md); power ' +
    'leaves the SRAM macro out. Energy a vector: the run\'s (reset, filling and draining included) over its vectors. ' +
    'Vectorless: OpenSTA with every pin at 0.1 transitions a cycle, the sanity check. Registers add/mul/convert. ' +
    'A row is LIB/FORMAT/MODE/dD/pLANES/NS[/AFFINE]. Flow: hierarchical is the default of `synth --liberty`; a flat row was measured with ' +
    'the earlier flattened flow (and whole vector slots), not yet measured again.',
    '`nice -n 10 npx tsx bench/gate-level.ts --lib sky130=PATH,sg13g2=PATH --rows ROW,... --power-vectors 8 --cosim-vectors 8` ' +
    '(each row kept in `bench/results/gate-level/`; delete its file to measure it again).',
    [
      ...table(['library', 'design', 'd', 'lanes', 'period ns', 'registers', 'flow', 'critical path ns', 'meets', 'cells um^2', 'memory bits', 'memory um^2', 'total um^2',
        'gate-level co-simulation', 'power mW', 'internal mW', 'switching mW', 'mean activity', 'pJ/vector', 'pJ/element', 'vectorless mW'],
      ['l', 'l', 'r', 'r', 'r', 'l', 'l', 'r', 'l', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'], rows),
      '', 'Commands and wall times (2 shared cores):', '', ...commands,
    ]);
}

const regsOf = (p: Json) => (p ? `${p.add}/${p.mul}/${p.convert}` : '-');
/** A figure a row may lack (measured before it was kept): `-`. */
const optional = (x: number | undefined, digits = 0) => (x === undefined ? '-' : num(x, digits));

/** The whole page; pure. */
export function buildResultsPage(d: ResultsData): string {
  const lines = [
    '# Measured results',
    '',
    '<!-- Generated by `npx tsx scripts/results-page.ts` (`make results`) from bench/results/*.json; do not edit. -->',
    '',
    'Every table below is built from the JSON that a benchmark in `bench/` wrote to `bench/results/`; each section names',
    'the command that measures it again. Times were taken on 2 shared cores and are indicative. The accuracy study is',
    'in [accuracy.md](accuracy.md); the markdown files beside the JSON in `bench/results/` hold the benchmarks\' own,',
    'longer notes.',
    '',
    '- [Area and timing in standard-cell libraries](#area-and-timing-in-standard-cell-libraries)',
    ...(d.gateLevel ? ['- [Gate-level co-simulation and power](#gate-level-co-simulation-and-power)'] : []),
    '- [Line rate: the line-rate engine against the compact one](#line-rate-the-line-rate-engine-against-the-compact-one)',
    '- [Streams of changing lengths: the ring of beats](#streams-of-changing-lengths-the-ring-of-beats)',
    '- [One macro for every length (`--d-max`) against fixed-d designs](#one-macro-for-every-length---d-max-against-fixed-d-designs)',
    '- [Latency against the paper](#latency-against-the-paper)',
    '- [Pipelining: operator depths and `--target-depth`](#pipelining-operator-depths-and---target-depth)',
    '- [Synthesis in generic gates, and simulator speed](#synthesis-in-generic-gates-and-simulator-speed)',
    ...(d.prove ? ['- [Formal proof of the stream (`prove`)](#formal-proof-of-the-stream-prove)'] : []),
    ...staSection(d),
    ...gateLevelSection(d),
    ...linerateSection(d),
    ...streamsSection(d),
    ...dmaxSection(d),
    ...latencySection(d),
    ...pipelineSection(d),
    ...synthSection(d),
    ...proveSection(d),
  ];
  return `${lines.join('\n')}\n`;
}

/** One line saying how `actual` differs from `expected`, or null when they are equal. */
export function staleSummary(expected: string, actual: string): string | null {
  if (expected === actual) return null;
  const e = expected.split('\n');
  const a = actual.split('\n');
  let first = 0;
  while (first < e.length && e[first] === a[first]) first++;
  let differ = 0;
  for (let i = 0; i < Math.max(e.length, a.length); i++) if (e[i] !== a[i]) differ++;
  return `${PAGE} is stale: ${differ} line(s) differ, the first at line ${first + 1} ` +
    `(expected ${JSON.stringify((e[first] ?? '').slice(0, 60))}); run \`make results\``;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const page = buildResultsPage(loadResults());
  if (process.argv.includes('--check')) {
    const summary = staleSummary(page, existsSync(PAGE) ? readFileSync(PAGE, 'utf8') : '');
    if (summary) {
      console.error(summary);
      process.exit(1);
    }
    console.log(`${PAGE} is up to date`);
  } else {
    writeFileSync(PAGE, page);
    console.log(`wrote ${PAGE}`);
  }
}
