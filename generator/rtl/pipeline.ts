/**
 * The pipelining knob: from a target logic depth per stage to the pipeline registers of each
 * kind of operator. Every operator instance of the top level is listed with its formats; a
 * kind gets the fewest registers (LAT) that keep each of its instances within the target
 * (depth-model.ts). Registers change the latency formula (generator/schedule.ts), the accumulator's
 * interleaving and hence the summation order (model/iterl2norm.ts reduce()), and the manifest.
 */
import { OptionError } from '../errors.ts';
import type { FloatFormat } from '../format/float-format.ts';
import {
  COMBINATIONAL, MAX_LATENCY, OPERAND_MUX, type OperatorLatency, addDepth, convertDepth, mulDepth,
} from './depth-model.ts';

/** What the operator list depends on (a subset of MacroConfig, so that config.ts can call it). */
export interface DatapathShape {
  format: FloatFormat;
  internal: FloatFormat;
  mode: 'l2' | 'rms' | 'layer';
  affine: 'none' | 'gamma' | 'gamma-beta';
}

export type OperatorKind = keyof OperatorLatency;

export interface OperatorUse {
  kind: OperatorKind;
  /** Instance name(s) in the top level. */
  where: string;
  /** Estimated depth of its deepest stage, operand multiplexers included, for `lat` registers. */
  depth: (lat: number) => number;
  /** The operator module's format parameters (for timing it alone in a library, synth/characterise.ts). */
  params: Record<string, number>;
}

/** fp_mul's scale input width used when an operator is timed alone: the widest the top level uses. */
export const TIMED_SCALE_BITS = 9;

/** Every kind of operator instance in the top level, with its formats. */
export function operatorUses(s: DatapathShape): OperatorUse[] {
  const { format: io, internal: f } = s;
  const add = (where: string): OperatorUse => ({
    kind: 'add', where, depth: (l) => addDepth(f, l) + OPERAND_MUX, params: { EXP_BITS: f.expBits, MAN_BITS: f.manBits } });
  const mul = (where: string, a: FloatFormat, b: FloatFormat, y: FloatFormat): OperatorUse => ({
    kind: 'mul', where, depth: (l) => mulDepth(a, b, y, l) + OPERAND_MUX,
    params: { A_EXP_BITS: a.expBits, A_MAN_BITS: a.manBits, B_EXP_BITS: b.expBits, B_MAN_BITS: b.manBits, Y_EXP_BITS: y.expBits, Y_MAN_BITS: y.manBits, SCALE_BITS: TIMED_SCALE_BITS } });
  const cvt = (where: string, a: FloatFormat, y: FloatFormat): OperatorUse => ({
    kind: 'convert', where, depth: (l) => convertDepth(a, y, l) + OPERAND_MUX,
    params: { A_EXP_BITS: a.expBits, A_MAN_BITS: a.manBits, Y_EXP_BITS: y.expBits, Y_MAN_BITS: y.manBits } });
  const layer = s.mode === 'layer';
  const operand = layer ? f : io;
  const uses: OperatorUse[] = [
    add('lane adders, scalar adder'),
    mul('scalar multiplier', f, f, f),
    layer ? mul('input scale (scale_in, out_scale_in)', io, io, f) : mul('squares', io, io, f),
    mul('output scale (scale_mul)', operand, f, s.affine === 'none' ? io : f),
  ];
  if (layer) uses.push(mul('centred squares', f, f, f));
  if (s.affine === 'gamma') uses.push(mul('gamma_mul', f, io, io));
  if (s.affine === 'gamma-beta') uses.push(mul('gamma_mul', f, io, f), cvt('beta_in', io, f), cvt('out_round', f, io));
  return uses;
}

/** Estimated deepest operator stage of a datapath with the given registers. */
export function estimatedDepth(s: DatapathShape, lat: OperatorLatency): number {
  return Math.max(...operatorUses(s).map((u) => u.depth(lat[u.kind])));
}

/** The lowest target the model accepts: the estimated deepest stage with every operator fully pipelined. */
export function depthFloor(s: DatapathShape): number {
  return estimatedDepth(s, MAX_LATENCY);
}

/** The fewest registers per operator kind that keep every estimated stage within `target` gates. */
export function choosePipeline(s: DatapathShape, target: number): OperatorLatency {
  const uses = operatorUses(s);
  const floor = depthFloor(s);
  if (target < floor) {
    const deepest = uses.reduce((a, b) => (b.depth(MAX_LATENCY[b.kind]) > a.depth(MAX_LATENCY[a.kind]) ? b : a));
    throw new OptionError({
      option: 'targetDepth', got: target, allowed: `${floor} or more`, bound: floor, reason: `the ${deepest.kind} of the ${deepest.where}, fully pipelined`,
      text: `{targetDepth} ${target} is below what the operators can be cut to: ${floor} gate levels (the ${deepest.kind} of the ${deepest.where}, fully pipelined); allowed: ${floor} or more`,
    });
  }
  const lat = { ...COMBINATIONAL };
  for (const u of uses) {
    while (u.depth(lat[u.kind]) > target) lat[u.kind]++;
  }
  return lat;
}

/** Registers per kind as --pipeline takes them. */
export const formatPipeline = (lat: OperatorLatency) => `add=${lat.add},mul=${lat.mul},convert=${lat.convert}`;

/** "add=2,mul=1,convert=1" (any subset, any order; missing kinds are 0) -> registers per kind. */
export function parsePipeline(text: string): OperatorLatency {
  const lat = { ...COMBINATIONAL };
  const allowed = `add=2,mul=1,convert=1 with add 0..${MAX_LATENCY.add}, mul 0..${MAX_LATENCY.mul}, convert 0..${MAX_LATENCY.convert}`;
  const bad = () => new OptionError({ option: 'pipeline', got: text, allowed, text: `{pipeline} must look like ${allowed} (got ${JSON.stringify(text)})` });
  for (const part of text.split(',')) {
    const m = /^\s*(add|mul|convert)\s*=\s*(\d+)\s*$/.exec(part);
    if (!m) throw bad();
    const kind = m[1] as OperatorKind;
    const n = Number(m[2]);
    if (n > MAX_LATENCY[kind]) throw bad();
    lat[kind] = n;
  }
  return lat;
}
