/**
 * What `explore` prints and writes: the frontier as a table, the JSON report (the frontier, the
 * cheapest design and every candidate) and an SVG plot of total area against throughput, one
 * marker colour per worst ulp, the frontier joined by a line.
 */
import { lineChart, linearTicks } from '../../generator/accuracy/svg.ts';
import type { Entry, SearchResult } from './search.ts';

export interface ExploreHeader {
  mode: string;
  format: string;
  d: number;
  runtimeLength: boolean;
  maxUlp: number;
  liberty: string;
  clockPeriodNs: number;
  minThroughput?: number;
}

const um2 = (x: number) => Math.round(x).toLocaleString('en-US');

/** The configuration of an entry as one short text: lanes, internal format, steps, table bits, registers. */
export const configText = (e: Entry): string => `p${e.lanes} ${e.internal} steps ${e.steps} table ${e.initBits} ${e.pipeline ?? e.registers}`;

export function frontierTable(r: SearchResult, h: ExploreHeader): string {
  const power = r.frontier.some((e) => e.powerMw !== undefined);
  const head = ['configuration', 'total um^2', 'memory um^2', 'path ns', 'elem/ns', 'worst ulp', 'mean ulp', ...(power ? ['mW'] : [])];
  const rows = r.frontier.map((e) => [
    `${e === r.cheapest ? '* ' : '  '}${configText(e)}`, um2(e.totalAreaUm2!), um2(e.memoryAreaUm2!), e.criticalPathNs!.toFixed(2),
    e.throughputElementsPerNs!.toPrecision(3), String(e.worstUlp), e.meanUlp!.toPrecision(3), ...(power ? [e.powerMw!.toPrecision(4)] : []),
  ]);
  const widths = head.map((t, k) => Math.max(t.length, ...rows.map((row) => row[k]!.length)));
  const line = (cells: string[]) => cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ').trimEnd();
  const counts = new Map<string, number>();
  for (const e of r.candidates) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  const out = [
    `explore ${h.mode} ${h.format} ${h.runtimeLength ? 'd-max' : 'd'} ${h.d}, worst ulp <= ${h.maxUlp}, ${h.liberty} at ${h.clockPeriodNs} ns: ${r.candidates.length} candidates (${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}); ${r.synthesised} synthesised now, ${r.cached} from the cache`,
    `frontier (${r.frontier.length}: total area, throughput, worst ulp${power ? ', power' : ''}; * the cheapest design that meets both bounds${h.minThroughput !== undefined ? ` and ${h.minThroughput} elements/ns` : ''}):`,
    line(head), ...rows.map(line),
  ];
  out.push(r.cheapest ? `cheapest: ${r.cheapest.top} (${configText(r.cheapest)}): ${um2(r.cheapest.totalAreaUm2!)} um^2, ${r.cheapest.criticalPathNs} ns, worst ${r.cheapest.worstUlp} ulp` : 'cheapest: none (no synthesised candidate meets both bounds)');
  return out.join('\n');
}

/** The report of `explore --json`: the header, the caller's extra fields, the counts, the cheapest design, the frontier and every candidate. */
export type ExploreJson<X> = ExploreHeader & X & Pick<SearchResult, 'synthesised' | 'cached' | 'cheapest' | 'frontier' | 'candidates'>;

export function exploreJson<X extends object>(r: SearchResult, h: ExploreHeader, extra: X): ExploreJson<X> {
  return { ...h, ...extra, synthesised: r.synthesised, cached: r.cached, cheapest: r.cheapest, frontier: r.frontier, candidates: r.candidates };
}

export function exploreSvg(r: SearchResult, h: ExploreHeader): string {
  const done = r.candidates.filter((e) => e.totalAreaUm2 !== undefined && e.status !== 'unreachable');
  const ulps = [...new Set(done.map((e) => e.worstUlp!))].sort((a, b) => a - b);
  const series = ulps.map((u) => ({
    label: `worst ${u} ulp${u > h.maxUlp ? ' (above bound)' : ''}`, markersOnly: true,
    points: done.filter((e) => e.worstUlp === u && e.met).map((e): [number, number] => [e.totalAreaUm2!, e.throughputElementsPerNs!]),
  }));
  const missed = done.filter((e) => !e.met);
  if (missed.length) series.push({ label: 'period missed', markersOnly: true, points: missed.map((e): [number, number] => [e.totalAreaUm2!, e.throughputElementsPerNs!]) });
  series.push({ label: 'frontier', markersOnly: false, points: r.frontier.map((e): [number, number] => [e.totalAreaUm2!, e.throughputElementsPerNs!]) });
  const xs = done.map((e) => e.totalAreaUm2!);
  return lineChart({
    title: `${h.mode} ${h.format} ${h.runtimeLength ? 'd-max' : 'd'} ${h.d}: ${h.liberty} at ${h.clockPeriodNs} ns`,
    xLabel: 'total area, um^2 (standard cells and memory)', yLabel: 'throughput, elements per ns', series,
    xTicks: xs.length ? linearTicks(Math.min(...xs), Math.max(...xs)) : [],
  });
}
