/**
 * The line-rate scalar unit's view (templates/top/linerate/scalar.v.hbs): the seed, the micro-program
 * of scalar-program.ts and the epilogue stage. Only what the program uses is emitted: its phases
 * (prologue, step; the epilogue is a stage of its own), its registers and constants, its operators;
 * a program of no micro-op (newton, no step) has no loop at all, the result is the seed.
 */
import type { MacroConfig } from '../../config.ts';
import { canonicalNaN, formatHex } from '../../format/float-format.ts';
import { loopConstants } from '../../model/iterl2norm.ts';
import { type MicroOp, type ScalarOperand, scalarProgram, sqrtDFold } from '../../model/scalar-program.ts';
import { seedTable } from '../../model/seed.ts';
import type { Plan } from '../../plan.ts';
import { bitsFor, initDesc, seedWorstError, signedLiteral, unpackedExponentBits } from './common.ts';
import { registeredOneHotSelect } from './one-hot.ts';

const REG: Record<ScalarOperand, string> = {
  b: 'b_q', t: 't_q', s: 's_q', halfS: 'hs_q', ls: 'ls_q',
  ONE: 'ONE', THREE_HALVES: 'THREE_HALVES', LAMBDA: 'LAMBDA', SQRT_D: 'SQRT_D',
};

/** What a register is loaded with on the start edge. */
const LOAD: Partial<Record<ScalarOperand, string>> = { s: 's_bits', halfS: 'half_bits', b: 'b0', t: '{WI{1\'b0}}', ls: '{WI{1\'b0}}' };

const symbol = (u: MicroOp) => (u.op === 'mul' ? '*' : u.op === 'add' ? '+' : '-');

function microOp(u: MicroOp, index: number, width: number) {
  return {
    index: `${width}'d${index}`,
    // the operands come from registered selects (operandSelects below); here what else an operation sets
    assign: u.op === 'mul' ? 'op_lat = LAT_M;' : `add_sub = 1'b${u.op === 'sub' ? 1 : 0};`,
    write: `${REG[u.dst]} <= ${u.op === 'mul' ? 'mul_y' : 'add_y'};`,
    text: `${u.dst} = ${u.a} ${symbol(u)} ${u.b}`,
  };
}

export function scalarView(cfg: MacroConfig, plan: Plan, prefix: string) {
  const f = cfg.internal;
  const program = scalarProgram(cfg);
  const steps = cfg.steps > 0 ? program.step : [];
  // the loop's phases that run: the prologue, then the steps
  const phases = [
    { name: 'PH_PRO', last: 'LAST_PRO', ops: program.prologue },
    { name: 'PH_ITER', last: 'LAST_OP', ops: steps },
  ].filter((p) => p.ops.length > 0);
  const ops = phases.flatMap((p) => p.ops);
  const ow = bitsFor(Math.max(...phases.map((p) => p.ops.length), 1) - 1);
  const hasOps = ops.length > 0;
  const epiStage = program.epilogue.length > 0;
  const used = new Set<ScalarOperand>(ops.flatMap((u) => [u.a, u.b, u.dst]));
  if (cfg.init === 'exp') used.add('ONE');
  if (epiStage) used.add('SQRT_D');
  const consts = loopConstants(cfg);
  const constant = (name: ScalarOperand, value: number, what: string) => (used.has(name) ? [{ name: name.padEnd(12), hex: formatHex(f, value), what }] : []);
  const mul = ops.filter((u) => u.op === 'mul');
  const add = ops.filter((u) => u.op !== 'mul');
  const lastPhase = phases[phases.length - 1];
  const lastOp = lastPhase?.ops[lastPhase.ops.length - 1];
  const iter = lastPhase?.name === 'PH_ITER';
  const two = phases.length > 1;
  const nw = bitsFor(cfg.steps);
  const { add: A, mul: M } = cfg.pipeline;
  const fold = sqrtDFold(cfg);
  const xw = unpackedExponentBits(f);
  const lastOfPhase = lastPhase && lastOp
    ? `run && op_done${two ? ` && (phase == ${lastPhase.name})` : ''} && (op == ${lastPhase.last})${iter ? ` && (step + ${nw}'d1 == STEPS)` : ''}`
    : "1'b0";
  return {
    prefix, int: f, C: plan.C, Cocc: plan.scalarOccupancy, A, M, steps: cfg.steps, initBits: cfg.initBits, xw, scaleBits: xw,
    ow, nw, subw: bitsFor(Math.max(A, M)),
    initDesc: initDesc(cfg),
    scaleAdj: signedLiteral(xw, fold.scaleShift - (cfg.mode === 'layer' ? 0 : cfg.inputShift)),
    nan: formatHex(f, canonicalNaN(f)),
    constants: [
      ...constant('ONE', consts.one, '1.0'), ...constant('THREE_HALVES', consts.threeHalves, '1.5'),
      ...constant('LAMBDA', consts.lambda, `lambda = ${cfg.lambda} (Euler rate)`), ...constant('SQRT_D', consts.sqrtD, 'sqrt(d), rounded'),
    ],
    table: cfg.init === 'table' ? seedTable(cfg).map((bits, i) => {
      const n = 2 ** cfg.initBits;
      const parity = Math.floor(i / n);
      const slot = i % n;
      return { index: `${cfg.initBits + 1}'d${i}`, hex: formatHex(f, bits), lo: ((1 + slot / n) / 2 ** parity).toFixed(6), hi: ((1 + (slot + 1) / n) / 2 ** parity).toFixed(6) };
    }) : null,
    seedRest: cfg.init === 'table' && cfg.initBits < f.manBits,
    seedIndex: cfg.initBits > 0 ? `{parity, m_frac[M_I-1 -: ${cfg.initBits}]}` : 'parity',
    seedError: seedWorstError(cfg).toExponential(2),
    listing: [
      ...program.prologue.map((u) => `prologue ${microOp(u, 0, ow).text}`),
      ...steps.map((u) => `step     ${microOp(u, 0, ow).text}     (${cfg.steps} steps)`),
    ],
    hasOps, hasMul: mul.length > 0, hasAdd: add.length > 0, twoPhases: two, hasSteps: steps.length > 0,
    lastOpIndex: `${ow}'d${Math.max(steps.length - 1, 0)}`, lastProIndex: `${ow}'d${Math.max(program.prologue.length - 1, 0)}`,
    // the operand registers the program reads or writes, each loaded on the start edge
    regs: (['s', 'halfS', 'b', 't', 'ls'] as const).filter((r) => used.has(r) || r === 'b').map((r) => ({ reg: REG[r], load: LOAD[r] })),
    regNames: (['s', 'halfS', 'b', 't', 'ls'] as const).filter((r) => used.has(r) || r === 'b').map((r) => REG[r]).join(', '),
    // between operations the adder subtracts as its first operation does
    addSubDefault: add[0] ? `add_sub = 1'b${add[0].op === 'sub' ? 1 : 0};` : '',
    ...operandSelects(prefix, phases, ow, two),
    latDefault: add.length > 0 ? 'LAT_A' : 'LAT_M',
    phases: phases.map((p, i) => ({
      name: p.name, arm: i === phases.length - 1 ? 'default' : p.name, last: p.last,
      iter: p.name === 'PH_ITER',
      ops: p.ops.map((u, k) => microOp(u, k, ow)),
    })),
    finExpr: lastOfPhase,
    finDesc: lastOp ? `${lastOp.dst} = ${lastOp.a} ${symbol(lastOp)} ${lastOp.b}${iter ? ' of the last step' : ''}` : 'none',
    resB: lastOp ? (lastOp.dst === 'b' ? (lastOp.op === 'mul' ? 'mul_y' : 'add_y') : 'b_q') : 'b0',
    resNan: hasOps ? 'nan_q' : '(m_nan || m_inf)', resZero: hasOps ? 'zero_q' : 'm_zero',
    resScale: hasOps ? 'scale_q' : '(neg_half + SCALE_ADJ)', resValid: hasOps ? 'fin' : 'start',
    resDesc: `${hasOps ? 'on the edge of the loop\'s last operation' : 'the seed, on the start edge'}${epiStage ? ', then the epilogue stage' : ''}`,
    epiStage, useS: used.has('s'), useHalfS: used.has('halfS'),
    // euler without steps: the prologue's ls is never read; the operation stays for its cycle, which C counts
    unreadLs: used.has('ls') && !ops.some((u) => u.a === 'ls' || u.b === 'ls'),
    // no loop and no epilogue stage: the module has no register
    noClock: !hasOps && !epiStage,
  };
}

/**
 * The next values of op and phase, and the operators' operands under registered one-hot selects
 * (views/one-hot.ts): micro-op g of the program is selected in the cycle after op_n and phase_n
 * name it, so each operand value's select is a flip-flop loaded from them a cycle early, and the
 * decode of op and phase is not in front of the operators. Between operations (and before the
 * first) an operator sees the operands of the first operation of its kind.
 */
function operandSelects(prefix: string, phases: ReadonlyArray<{ name: string; last: string; ops: readonly MicroOp[] }>, ow: number, two: boolean) {
  const at = (p: { name: string }, k: number) => `(${two ? `(phase_n == ${p.name}) && ` : ''}(op_n == ${ow}'d${k}))`;
  const all = phases.flatMap((p) => p.ops.map((u, k) => ({ u, when: at(p, k) })));
  const when = (g: number) => all[g]!.when;
  const pick = (name: string, of: 'mul' | 'add', side: 'a' | 'b') => {
    const choices = all.flatMap(({ u }, g) => ((u.op === 'mul') === (of === 'mul') ? [{ step: g, value: REG[u[side]] }] : []));
    return choices.length ? registeredOneHotSelect(prefix, name, choices, when) : { decl: [], expr: "{WI{1'b0}}" };
  };
  const sels = [pick('mul_a_sel', 'mul', 'a'), pick('mul_b_sel', 'mul', 'b'), pick('add_a_sel', 'add', 'a'), pick('add_b_sel', 'add', 'b')];
  const lastOfAny = phases.map((p) => `${two ? `(phase == ${p.name}) && ` : ''}(op == ${p.last})`).join(' || ');
  const turn = phases.filter((p, i) => phases[i + 1]).map((p, i) => ({ from: p, to: phases[i + 1]! }));
  return {
    opNext: `rst ? op : start ? {OW{1'b0}} : (run && op_done) ? ((${lastOfAny}) ? {OW{1'b0}} : op + ${ow}'d1) : op`,
    phaseNext: `rst ? phase : start ? ${phases[0]?.name ?? 'PH_ITER'} : ${turn.map(({ from, to }) => `(run && op_done && (phase == ${from.name}) && (op == ${from.last})) ? ${to.name} : `).join('')}phase`,
    operandSels: sels.flatMap((x) => x.decl),
    mulA: sels[0]!.expr, mulB: sels[1]!.expr, addA: sels[2]!.expr, addB: sels[3]!.expr,
  };
}
