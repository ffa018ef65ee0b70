/**
 * Charts as inline SVG rendered on the server with Apache ECharts (SSR, no client script), so
 * reports stay single files and work under a script-free CSP. ECharts escapes its text, and
 * every SVG is still checked before it is inlined (see `sanitizeSvg`).
 */
import * as echarts from 'echarts';
import { html, raw, type SafeHtml } from '../lib/html.ts';

// Single quotes: ECharts writes the family into a double-quoted style="" attribute unescaped.
const FONT = "-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif";
const PALETTE = ['#1a56a6', '#b3261e', '#e0a800', '#1e6b35', '#6a1b9a', '#00838f', '#8d6e63', '#546e7a', '#c2185b', '#7cb342'];

const FORBIDDEN_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'image', 'use', 'object', 'embed', 'a', 'animate', 'set', 'handler', 'listener']);

/**
 * Drops ECharts' hover <style> block (a CSP hash would not match it and it only styles
 * pointer hover) and refuses an SVG that holds anything executable. Tags and attributes are
 * read one by one, so a site name that merely *reads* like markup (escaped in a <text>)
 * keeps its chart, while a name that broke out of an attribute is caught.
 */
export function sanitizeSvg(svg: string): string | undefined {
  const out = svg.replace(/<style[\s\S]*?<\/style>/gi, '');
  if (/<!(?!--)/.test(out) || /<\?/.test(out)) return undefined; // doctype, CDATA, processing instructions
  const tag = /<\/?([a-zA-Z][\w:.-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g;
  let last = 0;
  for (const m of out.matchAll(tag)) {
    // Text between tags must not hold a raw '<' (only escaped text is allowed there).
    if (out.slice(last, m.index).includes('<')) return undefined;
    last = m.index + m[0].length;
    if (FORBIDDEN_ELEMENTS.has(m[1].toLowerCase())) return undefined;
    for (const a of m[2].matchAll(/\s+([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const name = a[1].toLowerCase();
      const value = (a[2] ?? '').replace(/^["']|["']$/g, '').toLowerCase();
      if (name.startsWith('on')) return undefined;
      if ((name === 'href' || name.endsWith(':href')) && !value.startsWith('#')) return undefined;
      if (/javascript:|data:text|vbscript:/.test(value.replace(/\s|&#\d+;/g, ''))) return undefined;
    }
  }
  if (out.slice(last).includes('<')) return undefined;
  return out;
}

/** Renders an ECharts option to an inline SVG; a chart that fails to render becomes a note, never an exception. */
export function renderChart(option: Record<string, unknown>, width = 640, height = 320, label = 'chart'): SafeHtml {
  let chart: echarts.ECharts | undefined;
  try {
    chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: FONT }, ...option });
    const svg = sanitizeSvg(chart.renderToSVGString());
    if (!svg) return html`<p class="small muted">chart omitted</p>`;
    return html`<div class="chart" role="img" aria-label="${label}">${raw(svg)}</div>`;
  } catch (e) {
    return html`<p class="small muted">chart unavailable: ${(e as Error).message}</p>`;
  } finally {
    chart?.dispose();
  }
}

const grid = { left: 8, right: 24, top: 52, bottom: 24, containLabel: true };

/** Histogram of scores in 10-point bins (0–9 … 90–100). */
export function scoreDistributionChart(scores: number[], title: string): SafeHtml {
  const bins = new Array(10).fill(0);
  for (const s of scores) bins[Math.min(9, Math.max(0, Math.floor(s / 10)))]++;
  const labels = bins.map((_, i) => (i === 9 ? '90–100' : `${i * 10}–${i * 10 + 9}`));
  return renderChart(
    {
      title: { text: title, left: 0, top: 0, textStyle: { fontSize: 13 } },
      grid,
      xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 10 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: bins.map((v, i) => ({ value: v, itemStyle: { color: i < 6 ? '#b3261e' : i < 8 ? '#e0a800' : '#1e6b35' } })), label: { show: true, position: 'top' } }],
    },
    640,
    300,
    title,
  );
}

/** Distribution of a count (defects per site) when no scores exist yet. */
export function countDistributionChart(counts: number[], title: string): SafeHtml {
  const edges = [0, 1, 3, 6, 11, 21, 51];
  const labels = ['0', '1–2', '3–5', '6–10', '11–20', '21–50', '51+'];
  const bins = new Array(labels.length).fill(0);
  for (const c of counts) {
    let i = edges.length - 1;
    while (i > 0 && c < edges[i]) i--;
    bins[i]++;
  }
  return renderChart(
    {
      title: { text: title, left: 0, top: 0, textStyle: { fontSize: 13 } },
      grid,
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: bins, label: { show: true, position: 'top' } }],
    },
    640,
    300,
    title,
  );
}

/** Daily availability (share of successful probes, %) over the period, with the 95 % veto line (V-01). */
export function availabilityChart(days: string[], okPercent: Array<number | null>, title: string, vetoLabel: string): SafeHtml {
  const min = Math.min(90, ...okPercent.filter((v): v is number => v !== null));
  return renderChart(
    {
      title: { text: title, left: 0, top: 0, textStyle: { fontSize: 13 } },
      grid,
      xAxis: { type: 'category', data: days.map((d) => d.slice(5)), axisLabel: { fontSize: 10 } },
      yAxis: { type: 'value', min: Math.max(0, Math.floor(min / 5) * 5), max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'line',
          data: okPercent,
          connectNulls: false,
          symbolSize: 4,
          markLine: { silent: true, symbol: 'none', lineStyle: { color: '#b3261e', type: 'dashed' }, label: { formatter: vetoLabel, fontSize: 10, position: 'insideEndTop' }, data: [{ yAxis: 95 }] },
        },
      ],
    },
    640,
    300,
    title,
  );
}

/** Defects per indicator family, stacked by severity. */
export function defectsByFamilyChart(families: string[], bySeverity: Array<{ name: string; data: number[]; color: string }>, title: string): SafeHtml {
  return renderChart(
    {
      title: { text: title, left: 0, top: 0, textStyle: { fontSize: 13 } },
      legend: { top: 24, right: 0, textStyle: { fontSize: 11 } },
      grid: { ...grid, top: 56 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: families, inverse: true },
      series: bySeverity.map((s) => ({ type: 'bar', stack: 'all', name: s.name, data: s.data, itemStyle: { color: s.color } })),
    },
    640,
    Math.max(220, 60 + families.length * 28),
    title,
  );
}

/** One line per site over time (scores or defect counts), for a handful of sites. */
export function trendChart(x: string[], series: Array<{ name: string; data: Array<number | null> }>, title: string, yName: string): SafeHtml {
  return renderChart(
    {
      title: { text: title, left: 0, top: 0, textStyle: { fontSize: 13 } },
      legend: { type: 'plain', bottom: 0, textStyle: { fontSize: 10 } },
      grid: { ...grid, bottom: 30 + Math.ceil(series.length / 3) * 18 },
      xAxis: { type: 'category', data: x, axisLabel: { fontSize: 10 } },
      yAxis: { type: 'value', name: yName, minInterval: 1 },
      series: series.map((s) => ({ type: 'line', name: s.name, data: s.data, connectNulls: true, symbolSize: 5 })),
    },
    640,
    300 + Math.ceil(series.length / 3) * 18,
    title,
  );
}

/** A tiny inline trend line for a table cell (hand-made: hundreds of ECharts instances per page would be slow). */
export function sparkline(values: Array<number | null>, opts: { width?: number; height?: number; higherIsBetter?: boolean } = {}): SafeHtml {
  const w = opts.width ?? 80;
  const h = opts.height ?? 20;
  const pts = values.map((v, i) => ({ v, i })).filter((p): p is { v: number; i: number } => p.v !== null && Number.isFinite(p.v));
  if (pts.length < 2) return html``;
  const lo = Math.min(...pts.map((p) => p.v));
  const hi = Math.max(...pts.map((p) => p.v));
  const span = hi - lo || 1;
  const x = (i: number) => ((i / Math.max(1, values.length - 1)) * (w - 4) + 2).toFixed(1);
  const y = (v: number) => (h - 2 - ((v - lo) / span) * (h - 4)).toFixed(1);
  const d = pts.map((p) => `${x(p.i)},${y(p.v)}`).join(' ');
  const first = pts[0].v;
  const last = pts[pts.length - 1].v;
  const better = opts.higherIsBetter === false ? last < first : last > first;
  const color = last === first ? '#5b6475' : better ? '#1e6b35' : '#b3261e';
  return raw(
    `<svg class="spark" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" aria-hidden="true"><polyline fill="none" stroke="${color}" stroke-width="1.5" points="${d}"/></svg>`,
  );
}
