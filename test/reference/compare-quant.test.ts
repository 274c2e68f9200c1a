// The golden model with --residual and --out-format against the independent references: the
// contract's quantiser and the OCP MX rule on our own outputs word for word (bit-exact), the
// engines' fused kernels within one step (docs/engines.md states the measured agreement;
// bench/engines.ts prints it at a larger size).
import { describe, expect, it } from 'vitest';
import { describeAgreement } from './agreement.ts';
import { makeTokens } from './compare-engines.ts';
import { type Row, quantRows, quantiserRows, residualRows } from './compare-quant.ts';
import { ENGINE_EPS, oursAdapter } from './ours.ts';

const STATIC_SCALE = 2 ** -4;

const text = (r: Row) => `${r.engine}: ${describeAgreement(r.words)}${r.scales ? `, scales ${r.scales.equal} of ${r.scales.tokens}` : ''}`;

describe('the golden model with --residual and --out-format against the engines', () => {
  const ours = oursAdapter();
  const tokens = makeTokens('bf16', 64, 8, 'engines-quant');

  it('the contract quantiser and the OCP MX rule on our outputs: every code and every scale', () => {
    for (const r of quantiserRows(ours, tokens, STATIC_SCALE).filter((x) => !/vLLM|TensorRT/.test(x.engine))) {
      expect(r.words.equal, text(r)).toBe(r.words.words);
      expect(r.scales!.equal, text(r)).toBe(r.scales!.tokens);
    }
  });

  it('the residual stream exactly, the outputs as FlashInfer (internal sum) and within a step of vLLM', () => {
    for (const r of residualRows(ours, tokens, ENGINE_EPS)) {
      expect(r.res!.equal, `${r.engine} out_res`).toBe(r.res!.words);
      expect(r.words.maxSteps, text(r)).toBeLessThanOrEqual(1);
      if (r.engine.startsWith('FlashInfer')) expect(r.words.equal, text(r)).toBe(r.words.words);
    }
  });

  it('the fused norm-and-quantise kernels and the engines\' quantisers on our outputs: within one step', () => {
    for (const r of [...quantRows(ours, tokens, ENGINE_EPS, STATIC_SCALE), ...quantiserRows(ours, tokens, STATIC_SCALE).filter((x) => /vLLM|TensorRT/.test(x.engine))]) {
      expect(r.words.maxSteps, text(r)).toBeLessThanOrEqual(1);
      expect(r.words.equal / r.words.words, text(r)).toBeGreaterThan(0.9);
    }
  });
});
