// The SVG writer: well-formed XML (checked by a small strict parser), escaping, scales.
import { describe, expect, it } from 'vitest';
import { escapeXml, lineChart } from '../../generator/accuracy/svg.ts';
import { checkWellFormed } from './xml.ts';

describe('lineChart', () => {
  const chart = lineChart({
    title: 'fp32: error <vs> d & "things"',
    xLabel: 'd',
    yLabel: 'mean ulp',
    xScale: 'log2',
    yScale: 'log10',
    series: [
      { label: 'IterL2Norm <default>', points: [[768, 0.005], [1024, 0.006], [12288, 0]] },
      { label: 'FISR-2 & co', points: [[768, 25], [1024, NaN], [12288, 22]], dashed: true },
    ],
  });

  it('is well-formed SVG with one polyline per unbroken run and a marker per finite point', () => {
    const { root, elements } = checkWellFormed(chart);
    expect(root).toBe('svg');
    expect(chart).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(elements.get('polyline')).toBe(1 + 0); // series 1: one run of 3 points; series 2: broken into singles
    expect(elements.get('circle')).toBe(5 + 2); // 3 + 2 markers, and one legend marker per series
  });

  it('escapes text and draws zeros on a floor labelled 0 on a log axis', () => {
    expect(chart).toContain('fp32: error &lt;vs&gt; d &amp; &quot;things&quot;');
    expect(chart).toContain('IterL2Norm &lt;default&gt;');
    expect(chart).toMatch(/>0<\/text>/);
    expect(chart).toContain('(gaps: n/a)');
    expect(escapeXml(`a<b>&"'`)).toBe('a&lt;b&gt;&amp;&quot;&apos;');
  });

  it('handles linear scales, a single point and an empty chart', () => {
    for (const spec of [
      { series: [{ label: 'one', points: [[1, 1]] as Array<[number, number]> }] },
      { series: [] },
      { series: [{ label: 'lin', points: [[0, 3], [0.5, -2], [1, 7]] as Array<[number, number]> }] },
    ]) {
      const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', ...spec });
      expect(checkWellFormed(svg).root).toBe('svg');
      expect(svg).not.toMatch(/NaN|Infinity/);
    }
  });

  it('the checker itself rejects malformed XML', () => {
    expect(() => checkWellFormed('<svg><g></svg>')).toThrow();
    expect(() => checkWellFormed('<svg a=b></svg>')).toThrow();
    expect(() => checkWellFormed('<svg>a & b</svg>')).toThrow();
    expect(() => checkWellFormed('<svg></svg><svg></svg>')).toThrow();
  });
});
