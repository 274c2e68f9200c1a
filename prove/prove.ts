/**
 * `iterl2norm prove`: a bounded model check (and k-induction where it closes) of the stream
 * protocol of one generated design, with Yosys and yosys-smtbmc (z3). The design is the
 * generated one with its floating-point operators replaced by their data abstraction
 * (prove/harness.ts); the harness states the properties (prove/properties.ts).
 *
 * Runs, each a Yosys script writing SMT-LIB and one yosys-smtbmc call, all in a temporary folder:
 *   stream   every property but latency, inputs, stalls and resets free, to `depth` cycles
 *   latency  the latency property, out_ready held high, to `depth` cycles
 *   then, when both pass, k-induction of each property alone at `depth` steps: where it succeeds
 *   the property holds at every depth, elsewhere it is proven to `depth` cycles only.
 * A failing run stops the proof: its counterexample (VCD) and the failing assertion are returned.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MacroConfig, topModuleName } from '../generator/config.ts';
import { track, untrack } from '../generator/cleanup.ts';
import { OptionError, ToolError } from '../generator/errors.ts';
import { runSupervised } from '../sim/supervised.ts';
import { elaborate } from '../generator/plan.ts';
import { HARNESS_MODULE, harnessShape, proofFiles } from './harness.ts';
import { PROPERTIES, type StreamProperty, propertyOfAssertion } from './properties.ts';
import { type ProofTools, findProofTools } from './tools.ts';

/** Bounds of a proof: configurations beyond them take too long for an SMT solver. */
export const PROVE_LIMITS = { d: 16, lanes: 4, depth: { max: 200 } } as const;

/**
 * The depths of a configuration: `min` reaches the last output beat of a first vector (the reset
 * cycles, then LATENCY of the longest vector, plus the cycle of that beat); the default, `auto`,
 * that of a second vector streamed right behind it (one PERIOD later), so that two vectors are
 * in flight together.
 */
export function depthRange(cfg: MacroConfig): { min: number; auto: number; max: number } {
  const plan = elaborate(cfg);
  const shape = harnessShape(cfg);
  const latency = Math.max(...shape.lengths.map(shape.latency));
  const min = shape.initCycles + latency + 1;
  return { min, auto: min + plan.period.cycles, max: PROVE_LIMITS.depth.max };
}

export type PropertyStatus = 'proved by induction' | 'bounded' | 'counterexample' | 'not checked';

export interface PropertyResult {
  name: string;
  statement: string;
  status: PropertyStatus;
  /** Cycles of the bounded check (from the start, the reset cycles included). */
  depth: number;
  /** k-induction was tried on it (after bounded checks that pass). */
  inductionTried: boolean;
  /** The failing assertion, for a counterexample. */
  assertion?: string;
}

export interface ProveResult {
  top: string;
  depth: number;
  abstraction: string;
  inputModel: string;
  properties: PropertyResult[];
  passed: boolean;
  /** k-induction was tried (it is after bounded checks that pass, unless switched off). */
  inductionTried: boolean;
  /** The failing property, its assertion and the trace (VCD text) that breaks it. */
  counterexample?: { property: string; assertion: string; vcd: string };
  tools: { yosys: string; solver: string };
  seconds: { total: number; runs: Array<{ run: string; seconds: number; status: string }> };
}

export interface ProveOptions {
  cfg: MacroConfig;
  depth?: number;
  /** Try k-induction after the bounded checks: of every property (true, the default), of none, or of those named. */
  induction?: boolean | readonly string[];
  /** 'real' keeps the floating-point operators (to measure what the abstraction saves; slow). */
  operators?: 'abstract' | 'real';
  /** Changes a generated Verilog file before the proof (a mutation, for tests). */
  edit?: (file: string, text: string) => string;
  /** Watchdog of each tool run, seconds (default 3600). */
  timeoutSeconds?: number;
  tools?: ProofTools;
}

/** Refuses a configuration too large to prove (before any work). */
export function checkProvable(cfg: MacroConfig): void {
  const key = cfg.runtimeLength ? 'dMax' : 'd';
  if (cfg.d > PROVE_LIMITS.d) {
    throw new OptionError({ option: key, got: cfg.d, allowed: `at most ${PROVE_LIMITS.d} for a proof`, bound: PROVE_LIMITS.d, text: `{${key}} ${cfg.d} is too large for a proof: the solver's time grows with the vector length; prove a design of {${key}} up to ${PROVE_LIMITS.d} with the same other options` });
  }
  if (cfg.lanes > PROVE_LIMITS.lanes) {
    throw new OptionError({ option: 'lanes', got: cfg.lanes, allowed: `at most ${PROVE_LIMITS.lanes} for a proof`, bound: PROVE_LIMITS.lanes, text: `{lanes} ${cfg.lanes} is too large for a proof: prove a design of {lanes} 1..${PROVE_LIMITS.lanes}` });
  }
  // the harness drives in_data only; the residual adder is a combinational operator like fp_add
  if (cfg.residual !== null) {
    throw new OptionError({ option: 'residual', got: true, allowed: 'no residual input for a proof', text: '{residual} is not proven: the harness has no in_res, and the residual adds no control (prove the same options without {residual} and {residualSum})' });
  }
  // the axis harness models fixed-length packets and leaves the AXI4-Lite slave idle
  if (cfg.interface === 'axis' && cfg.runtimeLength) {
    throw new OptionError({ option: 'interface', got: 'axis', others: ['dMax'], allowed: 'a fixed --d with axis for a proof', text: `{interface} axis is proven with a fixed {d} only: prove the same options with {d} instead of {dMax}, or {interface} stream with {dMax}` });
  }
  if (cfg.interface === 'axis' && cfg.affine !== 'none') {
    throw new OptionError({ option: 'interface', got: 'axis', others: ['affine'], allowed: '--affine none with axis for a proof', text: `{interface} axis is proven without affine parameters only (they are written over AXI4-Lite, which the proof leaves idle): add {affine} none, or prove {interface} stream with {affine} ${cfg.affine}` });
  }
  // the harness knows the plain output ports; the quantiser's stages do not change the stream
  if (cfg.outFormat) {
    throw new OptionError({ option: 'outFormat', got: cfg.outFormat.name, allowed: 'no outFormat for a proof', text: `{outFormat} ${cfg.outFormat.name}: the proof's harness has the plain output ports (no out_scale); prove the same options without {outFormat}` });
  }
}

export const ABSTRACTION_TEXT = 'fp_add, fp_mul and fp_convert replaced by a data abstraction (NaN out when an operand is NaN or infinite, else a free finite value, same pipeline registers); every other module is the generated Verilog';
export const INPUT_MODEL_TEXT = 'every input free each cycle (in_valid, out_ready, reset), each input element +0 or NaN; the first cycles hold reset (and write the parameter store with finite values)';
export const AXIS_INPUT_MODEL_TEXT = 'every input free each cycle (s_axis_tvalid, s_axis_tkeep, m_axis_tready, aresetn), s_axis_tlast free (bad packets: each one vector by the framing rule; well-formed packets in the latency run), each input element +0 or NaN, AXI4-Lite idle; the first cycle holds aresetn low';

const SMTBMC_ASSERT = /Assert failed in [^:]*:\s*(?:\S+:\d[\d.-]*\s+\()?([A-Za-z_][A-Za-z0-9_]*)\)?/;

function yosysScript(files: string[], defines: string[], smt2: string): string {
  return [
    `read_verilog -formal ${defines.map((d) => `-D${d}`).join(' ')} ${files.join(' ')}`,
    `prep -top ${HARNESS_MODULE}`,
    'flatten', 'memory_map', 'opt -fast', 'async2sync', 'dffunmap',
    `write_smt2 -wires ${smt2}`,
  ].join('; ');
}

export function prove(opts: ProveOptions): ProveResult {
  const t0 = process.hrtime.bigint();
  const cfg = opts.cfg;
  checkProvable(cfg);
  const range = depthRange(cfg);
  const depth = opts.depth ?? range.auto;
  if (!Number.isInteger(depth) || depth < range.min || depth > range.max) {
    throw new RangeError(`prove: depth must be an integer ${range.min}..${range.max} for this configuration (got ${depth})`);
  }
  const tools = opts.tools ?? findProofTools();
  const timeoutMs = (opts.timeoutSeconds ?? 3600) * 1000;
  const top = topModuleName(cfg);
  const work = mkdtempSync(join(tmpdir(), 'iterl2norm-prove-'));
  track(work);
  const runs: ProveResult['seconds']['runs'] = [];
  const run = (name: string, cmd: string, args: string[]) => {
    const t = process.hrtime.bigint();
    const r = runSupervised(cmd, args, { cwd: work, timeoutMs });
    if (r.error?.code === 'ENOENT') throw new ToolError(`${cmd} is not installed: ${findProofToolsMessage()}`);
    if (r.error?.code === 'ETIMEDOUT') throw new ToolError(`${name}: ${cmd} did not finish within ${timeoutMs / 1000} s; try a smaller --depth`);
    if (r.error) throw new ToolError(`${name}: ${cmd} failed: ${r.error.message}`);
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    return { ...r, seconds };
  };
  try {
    const files = proofFiles(cfg, top, opts.edit, opts.operators ?? 'abstract');
    for (const f of files) writeFileSync(join(work, f.file), f.text);
    const names = files.map((f) => f.file);
    const yosysVersion = run('yosys -V', tools.yosys, ['-V']).stdout.trim();

    const compile = (label: string, defines: string[]): string => {
      const smt2 = `${label}.smt2`;
      const r = run(`yosys (${label})`, tools.yosys, ['-q', '-p', yosysScript(names, defines, smt2)]);
      if (r.status !== 0) throw new ToolError(`yosys could not read the design for the proof (${label}): ${lastLines(r.stderr || r.stdout)}`);
      return smt2;
    };
    const smtbmc = (label: string, smt2: string, extra: string[]) => {
      const r = run(`yosys-smtbmc (${label})`, tools.smtbmc, ['-s', tools.solver, '--unroll', ...extra, smt2]);
      const out = r.stdout + r.stderr;
      const passed = /Status: PASSED/.test(out);
      const failed = /Status: FAILED/.test(out);
      if (!passed && !failed) throw new ToolError(`yosys-smtbmc (${label}) ended without a status: ${lastLines(out)}`);
      runs.push({ run: label, seconds: Number(r.seconds.toFixed(2)), status: passed ? 'passed' : 'failed' });
      return { passed, assertion: SMTBMC_ASSERT.exec(out)?.[1], out };
    };

    const results = new Map<string, PropertyResult>(PROPERTIES.map((p) => [p.name, { name: p.name, statement: p.statement, status: 'not checked', depth, inductionTried: false }]));
    const bounded: Array<{ label: 'stream' | 'latency'; defines: string[]; props: StreamProperty[] }> = [
      { label: 'stream', defines: PROPERTIES.filter((p) => p.run === 'stream').map((p) => p.define), props: PROPERTIES.filter((p) => p.run === 'stream') },
      { label: 'latency', defines: ['LATENCY_RUN', ...PROPERTIES.filter((p) => p.run === 'latency').map((p) => p.define)], props: PROPERTIES.filter((p) => p.run === 'latency') },
    ];
    let counterexample: ProveResult['counterexample'];
    for (const b of bounded) {
      const vcd = `${b.label}.vcd`;
      // the steps in two chunks, each one solver call: about half the time of a call per step
      const chunk = Math.ceil(depth / 2);
      const r = smtbmc(b.label, compile(b.label, b.defines), ['-t', `0:${chunk}:${depth}`, '--dump-vcd', vcd]);
      if (r.passed) {
        for (const p of b.props) results.get(p.name)!.status = 'bounded';
        continue;
      }
      const prop = r.assertion ? propertyOfAssertion(r.assertion) : undefined;
      if (!prop) throw new ToolError(`yosys-smtbmc (${b.label}) failed without naming an assertion of the harness: ${lastLines(r.out)}`);
      Object.assign(results.get(prop.name)!, { status: 'counterexample', assertion: r.assertion });
      counterexample = { property: prop.name, assertion: r.assertion!, vcd: readFileSync(join(work, vcd), 'utf8') };
      break;
    }
    const tryInduction = (p: StreamProperty) => (Array.isArray(opts.induction) ? opts.induction.includes(p.name) : opts.induction !== false);
    if (!counterexample) {
      for (const p of PROPERTIES.filter(tryInduction)) {
        const defines = p.run === 'latency' ? ['LATENCY_RUN', p.define] : [p.define];
        const r = smtbmc(`induction ${p.name}`, compile(`induction-${p.name}`, defines), ['-i', '-t', String(depth)]);
        results.get(p.name)!.inductionTried = true;
        if (r.passed) results.get(p.name)!.status = 'proved by induction';
      }
    }
    const properties = [...results.values()];
    return {
      top, depth, abstraction: opts.operators === 'real' ? 'the generated Verilog as it is, floating-point operators included' : ABSTRACTION_TEXT, inputModel: cfg.interface === 'axis' ? AXIS_INPUT_MODEL_TEXT : INPUT_MODEL_TEXT, properties,
      passed: !counterexample,
      inductionTried: !counterexample && PROPERTIES.some(tryInduction),
      counterexample,
      tools: { yosys: yosysVersion, solver: `${tools.solver} via yosys-smtbmc` },
      seconds: { total: Number((Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2)), runs },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
    untrack(work);
  }
}

function findProofToolsMessage(): string {
  try {
    findProofTools();
    return 'install it';
  } catch (e) {
    return (e as Error).message;
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ').replace(/\s+/g, ' ').slice(0, 400);
}
