// The line-rate engine's schedule (generator/schedule.ts): LATENCY, its text collected from the
// stages, equals the stages' cycles summed one by one at every d; the rings' lags and the beats
// partition it; the RTL header lists the stages and LATENCY's text from the object.
import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig } from '../../generator/config.ts';
import { elaborate } from '../../generator/plan.ts';
import { renderDesign } from '../../generator/rtl/generate.ts';

const cases: ConfigOptions[] = [
  { d: 20, lanes: 3 }, { d: 17, lanes: 3, mode: 'rms', pipeline: 'add=2,mul=1,convert=1', eps: 1e-5 },
  { dMax: 40, lanes: 4, mode: 'rms', eps: 1e-5 }, { dMax: 40, lanes: 1, mode: 'layer', pipeline: 'add=1,mul=2,convert=0' },
  { d: 40, lanes: 16, mode: 'layer', eps: 1e-5 }, { dMax: 128, lanes: 4, mode: 'layer', residual: true, residualSum: 'internal', pipeline: 'add=2,mul=1,convert=1' },
  { dMax: 30, lanes: 3, mode: 'l2', residual: true, pipeline: 'add=1,mul=1,convert=1' },
  // the wait for 1/d W: before LayerNorm's second pass, in the mean square of RMSNorm
  { dMax: 20, lanes: 1, mode: 'layer' }, { dMax: 20, lanes: 1, mode: 'rms' },
];

describe('the schedule', () => {
  for (const opts of cases) {
    it(JSON.stringify(opts), () => {
      const p = elaborate(resolveConfig(opts));
      const s = p.schedule!;
      const layer = p.cfg.mode === 'layer';
      const W = p.runtime?.recip?.wait ?? 0;
      const lengths = p.runtime ? Array.from({ length: p.cfg.d }, (_, i) => i + 1) : [p.cfg.d];
      for (const d of lengths) {
        const b = Math.ceil(d / p.cfg.lanes);
        const t = { ...s.termsAt(b), W, A: p.A, M: p.M, R: p.cfg.residual ? (s.termsAt(b).R ?? 0) : 0 };
        const each = s.stages.reduce((a, st) => a + st.cycles.value(t), 0);
        const latency = p.runtime ? p.runtime.latencyAt(d).cycles : p.latency.cycles;
        expect(each).toBe(latency);
        const r = p.ring!.schedule;
        expect((b - 1) * (layer ? 3 : 2) + (r.pass2?.lag ?? 0) + r.readLag + r.outLag).toBe(latency);
      }
      // the text is the collected sum: every term once, in the order B, TL, Q, E, C, X, M, A, constant, R
      expect(s.latency.text).toMatch(/^\d?\*?B( \+ \d?\*?TL)?( \+ Q)?( \+ (\(A\+1\)\*)?E)? \+ C \+ X( \+ \d?\*?M \+ \d?\*?A)? \+ \d+( \+ R)?$/);
      const top = renderDesign(p.cfg).at(-1)!.text;
      expect(top).toContain(`LATENCY = ${s.latency.text} = ${p.latency.cycles} cycles`);
      const listed = top.split('\n').slice(top.split('\n').findIndex((l) => l.endsWith('stage by stage:')) + 1)
        .filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith('//     '))).map((l) => l.slice(7)).join(' ');
      expect(listed).toBe(s.stages.map((st) => `${st.name} ${st.cycles.text}`).join(', '));
    });
  }
});
