/**
 * A small SVG line-chart writer for the accuracy study (no plotting dependency): axes with
 * ticks, one polyline with markers per series, a legend on the right. The x axis is linear or
 * log2, the y axis linear or log10. On a log axis, zeros are drawn on a floor line labelled 0;
 * non-finite values break the line (and are listed in the legend as "n/a" points).
 */

export interface Series {
  label: string;
  points: Array<[number, number]>;
  dashed?: boolean;
  /** Markers only, no line between them (a scatter of unrelated points). */
  markersOnly?: boolean;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  xScale?: 'linear' | 'log2';
  yScale?: 'linear' | 'log10';
  /** x positions to label (default: every distinct x of the data). */
  xTicks?: number[];
  width?: number;
  height?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#637939'];

/** Escapes text for SVG element content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const fmtNum = (v: number) => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString());

function tickLabel(v: number, log: boolean): string {
  if (!log) return fmtNum(v);
  const e = Math.round(Math.log10(v));
  return Math.abs(e) <= 2 ? fmtNum(10 ** e) : `1e${e}`;
}

/** Nice linear ticks covering [lo, hi]. */
export function linearTicks(lo: number, hi: number, count = 6): number[] {
  if (hi <= lo) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export function lineChart(spec: ChartSpec): string {
  const W = spec.width ?? 820;
  const H = spec.height ?? 460;
  const left = 78;
  const right = 250;
  const top = 44;
  const bottom = 58;
  const pw = W - left - right;
  const ph = H - top - bottom;
  const xLog = spec.xScale === 'log2';
  const yLog = spec.yScale === 'log10';
  const finite = spec.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = finite.map(([x]) => x);
  const ysPos = finite.map(([, y]) => y).filter((y) => (yLog ? y > 0 : true));
  const hasZero = yLog && finite.some(([, y]) => y <= 0);
  let xMin = xs.length ? Math.min(...xs) : 0;
  let xMax = xs.length ? Math.max(...xs) : 1;
  if (xMin === xMax) {
    xMin -= xLog ? xMin / 2 : 1;
    xMax += xLog ? xMax : 1;
  }
  let yMin: number;
  let yMax: number;
  if (yLog) {
    const lo = ysPos.length ? Math.min(...ysPos) : 1;
    const hi = ysPos.length ? Math.max(...ysPos) : 10;
    yMin = 10 ** (Math.floor(Math.log10(lo)) - (hasZero ? 1 : 0));
    yMax = 10 ** Math.ceil(Math.log10(hi));
    if (yMax <= yMin) yMax = yMin * 10;
  } else {
    yMin = Math.min(0, ...(ysPos.length ? ysPos : [0]));
    yMax = Math.max(...(ysPos.length ? ysPos : [1]));
    if (yMax <= yMin) yMax = yMin + 1;
  }
  const fx = (x: number) => left + (pw * (xLog ? Math.log2(x / xMin) / Math.log2(xMax / xMin) : (x - xMin) / (xMax - xMin)));
  const fy = (y: number) => {
    const v = yLog ? Math.log10((y <= 0 ? yMin : y) / yMin) / Math.log10(yMax / yMin) : (y - yMin) / (yMax - yMin);
    return top + ph * (1 - Math.min(1, Math.max(0, v)));
  };
  const px = (v: number) => v.toFixed(1);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<title>${escapeXml(spec.title)}</title>`);
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${px(left + pw / 2)}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(spec.title)}</text>`);
  // grid and ticks
  const yTicks: number[] = [];
  if (yLog) for (let e = Math.round(Math.log10(yMin)); e <= Math.round(Math.log10(yMax)); e++) yTicks.push(10 ** e);
  else yTicks.push(...linearTicks(yMin, yMax));
  for (const t of yTicks) {
    const y = fy(t);
    out.push(`<line x1="${left}" y1="${px(y)}" x2="${left + pw}" y2="${px(y)}" stroke="#e0e0e0" stroke-width="1"/>`);
    const label = yLog && hasZero && t === yMin ? '0' : tickLabel(t, yLog);
    out.push(`<text x="${left - 8}" y="${px(y + 4)}" text-anchor="end">${escapeXml(label)}</text>`);
  }
  const xTicks = spec.xTicks ?? [...new Set(xs)].sort((a, b) => a - b);
  let lastLabel = -Infinity;
  for (const t of xTicks) {
    const x = fx(t);
    out.push(`<line x1="${px(x)}" y1="${top}" x2="${px(x)}" y2="${top + ph}" stroke="#f0f0f0" stroke-width="1"/>`);
    const label = fmtNum(t);
    if (x - lastLabel < 7 * Math.max(label.length, 3)) continue; // would overlap the previous label
    out.push(`<text x="${px(x)}" y="${top + ph + 18}" text-anchor="middle" font-size="11">${escapeXml(label)}</text>`);
    lastLabel = x;
  }
  out.push(`<rect x="${left}" y="${top}" width="${pw}" height="${ph}" fill="none" stroke="#333333" stroke-width="1"/>`);
  out.push(`<text x="${px(left + pw / 2)}" y="${H - 14}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`);
  out.push(`<text x="18" y="${px(top + ph / 2)}" text-anchor="middle" transform="rotate(-90 18 ${px(top + ph / 2)})">${escapeXml(spec.yLabel)}</text>`);
  // series
  spec.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1 && !s.markersOnly) out.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${run.join(' ')}"/>`);
      run = [];
    };
    const sorted = [...s.points].sort((a, b) => a[0] - b[0]);
    for (const [x, y] of sorted) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        flush();
        continue;
      }
      const p = `${px(fx(x))},${px(fy(y))}`;
      run.push(p);
      out.push(`<circle cx="${px(fx(x))}" cy="${px(fy(y))}" r="3" fill="${color}"/>`);
    }
    flush();
    const ly = top + 8 + i * 20;
    const lx = left + pw + 16;
    if (!s.markersOnly) out.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/>`);
    out.push(`<circle cx="${lx + 12}" cy="${ly}" r="3" fill="${color}"/>`);
    const missing = s.points.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y)) ? ' (gaps: n/a)' : '';
    out.push(`<text x="${lx + 30}" y="${ly + 4}" font-size="11">${escapeXml(s.label + missing)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
