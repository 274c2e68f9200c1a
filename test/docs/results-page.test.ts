// docs/results.md is generated from bench/results/*.json: the committed page must be what the
// committed data builds, so a benchmark rerun without `make results` (or a hand edit) fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PAGE, buildResultsPage, loadResults, staleSummary } from '../../scripts/results-page.ts';

describe('docs/results.md', () => {
  it('is what scripts/results-page.ts builds from the committed JSON', () => {
    const page = buildResultsPage(loadResults());
    const committed = readFileSync(PAGE, 'utf8');
    // the one-line summary names the first differing line; the equality below is the check
    expect(staleSummary(page, committed)).toBeNull();
    expect(committed).toBe(page);
  });

  it('changes when a measured value changes', () => {
    const data = loadResults();
    const before = buildResultsPage(data);
    const copy = structuredClone(data);
    copy.sta[0].areaUm2 = 123456.7;
    copy.latency.rows[0].predicted = 999;
    const after = buildResultsPage(copy);
    expect(after).not.toBe(before);
    expect(after).toContain('| 123,457 |');
    expect(after).toMatch(/\| 64 \| \S+ \| 999 \|/);
    expect(staleSummary(after, before)).toMatch(/^docs\/results\.md is stale: \d+ line\(s\) differ, the first at line \d+/);
  });
});
