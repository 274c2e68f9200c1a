/**
 * The output stage's view (templates/top/linerate/output.v.hbs): the hand-off queue, the store read,
 * the X output stages (LayerNorm's centre, the scale, gamma, beta, the quantiser) and the output
 * register. A fixed d whose last beat is full selects no padding.
 */
import { encode, formatHex } from '../../format/float-format.ts';
import { ENTRY_MEMORY_MIN_WORDS, FACTOR_COPY_LANES, type Plan } from '../../plan.ts';
import { outLaneBits, quantiseContext, quantiseStages } from '../quantize-stage.ts';
import { bitsFor, entryStorage, formats, inputScale, lastMask, unpackedExponentBits } from './common.ts';

/** y = the normalised value as the output computes it, in words. */
export function outFormula(plan: Plan): string {
  const core = `${plan.cfg.mode === 'layer' ? '(x*2^-K - mean)' : 'x'} * b * 2^scale`;
  const affine = plan.cfg.affine;
  return affine === 'none' ? `RNE_io(${core})` : affine === 'gamma' ? `RNE_io(RNE_int(${core}) * gamma)` : `RNE_io(RNE_int(RNE_int(${core}) * gamma) + beta)`;
}

export function outputView(plan: Plan, prefix: string) {
  const cfg = plan.cfg;
  const P = cfg.lanes;
  const f = formats(cfg);
  const NX = plan.X;
  const QS = quantiseStages(cfg);
  const NXY = NX - QS;
  const NXm1 = Math.max(NX - 1, 0);
  const stInt = cfg.residual === 'internal';
  const layer = cfg.mode === 'layer';
  const rt = plan.runtime !== null;
  // where y is complete: the stage before the quantiser (stage R when no register precedes it)
  const eValid = NXY === 0 ? 'r_valid' : `px_v[${NXY - 1}]`;
  const eLast = NXY === 0 ? 'r_last' : `px_l[${NXY - 1}]`;
  // the last beat's padding lanes zero (a fixed d whose last beat is not full)
  const lastLanes = cfg.d - (plan.B - 1) * P;
  const padded = (w: string, width: number) => (lastLanes === P ? w : `{ ${(P - lastLanes) * width}'d0, ${w}[${lastLanes * width - 1}:0] }`);
  const yLast = rt ? 'y_last' : padded('y_w', cfg.outFormat ? f.int.width : f.io.width);
  const resLast = rt ? 'res_last' : padded('res_w', f.io.width);
  const lastOr = (cond: string, last: string, all: string) => (last === all ? all : `${cond} ? ${last} : ${all}`);
  const pxLast = `px_l[${NXm1}]`;
  const fullMask = `{ ${P}{1'b1} }`;
  const mask = lastMask(cfg, plan.B);
  return {
    prefix, P, B: plan.B, A: plan.A, M: plan.M, V: plan.V, GB: Math.max(plan.M, plan.V), ...f, negK: inputScale(cfg).negK,
    layer, runtime: rt, residual: cfg.residual !== null, resInternal: stInt,
    affine: cfg.affine === 'none' ? null : cfg.affine, beta: cfg.affine === 'gamma-beta', nParam: cfg.affine === 'gamma-beta' ? 2 : 1,
    saw: plan.storeAddressBits, scaleBits: unpackedExponentBits(f.int), outFormula: outFormula(plan), outW: outLaneBits(cfg),
    opExp: layer || stInt ? 'E_I' : 'E_IO', opMan: layer || stInt ? 'M_I' : 'M_IO', opInExp: stInt ? 'E_I' : 'E_IO', opInMan: stInt ? 'M_I' : 'M_IO',
    constants: { oneIo: formatHex(f.io, encode(f.io, 1)) },
    slots: plan.slots, qw: bitsFor(plan.slots - 1), lastQ: plan.slots - 1, ...entryStorage(plan), entryMemMin: ENTRY_MEMORY_MIN_WORDS,
    // the factor's copies (plan.factorCopies): l2 and RMSNorm load them from the queue in place of o_b,
    // LayerNorm at the last stage of the factor's wait for its beat
    replicated: plan.factorCopies > 1, copiesAtRead: plan.factorCopies > 1 && !layer, factorCopies: plan.factorCopies, copyLanes: FACTOR_COPY_LANES,
    copyEn: layer ? 'o_load' : 'q_pop', copyD: layer ? 'bs_wait' : '{q_b[q_rd*WI +: WI], q_s[q_rd*SB +: SB]}',
    NX, NXm1, NXY, QS, eValid, eLast,
    pxShiftV: NX <= 1 ? 'r_valid' : `{px_v[${NX - 2}:0], r_valid}`, pxShiftL: NX <= 1 ? 'r_last' : `{px_l[${NX - 2}:0], r_last}`,
    quant: quantiseContext(cfg), quantStatic: cfg.outScale === 'static', quantDynamic: !!cfg.outFormat && cfg.outScale === 'dynamic',
    oDataX: lastOr(pxLast, yLast, 'y_w'), oResX: lastOr(pxLast, resLast, 'res_w'),
    oDataR: lastOr('r_last', yLast, 'y_w'), oResR: lastOr('r_last', resLast, 'res_w'),
    qInData: lastOr(eLast, yLast, 'y_w'),
    qInLanes: rt ? `${eLast} ? o_mask_w : ${fullMask}` : lastLanes === P ? fullMask : `${eLast} ? ${P}'b${mask} : ${fullMask}`,
  };
}
