// Study runs: deterministic for the seed, the same on worker threads as in-process.
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../generator/accuracy/plan.ts';
import { combined, runStudy, studyTasks } from '../../generator/accuracy/study.ts';
import { buildReport } from '../../generator/accuracy/report.ts';

const options = {
  formats: ['fp32', 'bf16'], widths: [64, 200], dists: ['gaussian', 'llm', 'student-t'], vectors: 3, seed: '7', lanes: 16,
  loop: {}, fisrSteps: [1, 2], sweeps: false, sweepVectors: 1,
};

describe('runStudy', () => {
  it('gives identical results in-process and on two worker threads, and for a repeated run', async () => {
    const plan = buildPlan(options);
    const a = await runStudy(plan, { workers: 0 });
    const b = await runStudy(plan, { workers: 2 });
    const c = await runStudy(plan, { workers: 0 });
    expect(b.rows).toEqual(a.rows);
    expect(c.rows).toEqual(a.rows);
    const ctx = { command: 'test', lanes: 16 };
    expect(buildReport(b, ctx).markdown).toBe(buildReport(a, ctx).markdown);
  });

  it('counts every output element of the comparison once per method', async () => {
    const plan = buildPlan({ ...options, formats: ['bf16'], dists: ['gaussian'] });
    const r = await runStudy(plan, { workers: 0 });
    expect(combined(r, 'compare', 'bf16', 'iterl2norm').elements).toBe(3 * (64 + 200));
    expect(combined(r, 'compare', 'bf16', 'exact').maxUlp).toBe(0);
    // the default is ahead of FISR-1 in bf16 by a wide margin
    expect(combined(r, 'compare', 'bf16', 'fisr1').sumUlp).toBeGreaterThan(combined(r, 'compare', 'bf16', 'iterl2norm').sumUlp);
  });

  it('cuts large widths into tasks of a few vectors, small ones into one task', () => {
    const tasks = studyTasks(buildPlan({ ...options, formats: ['fp32'], widths: [64, 12288], dists: ['gaussian'], vectors: 10 }));
    expect(tasks.filter((t) => t.d === 64)).toHaveLength(1);
    expect(tasks.filter((t) => t.d === 12288).map((t) => [t.v0, t.v1])).toEqual([[0, 2], [2, 4], [4, 6], [6, 8], [8, 10]]);
  });
});
