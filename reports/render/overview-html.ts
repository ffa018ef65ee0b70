/**
 * The evaluator's overview page: KPIs, ECharts SVG charts, early warnings, and one ranked
 * table per group linking to each site's report.
 */
import type { CheckFamily, Severity, Text } from '../../model/finding.ts';
import { html, link, type SafeHtml } from '../../lib/html.ts';
import type { OverviewModel, OverviewRow } from '../overview.ts';
import { FAMILIES, FAMILY_ORDER, SEVERITIES, type Lang } from '../i18n.ts';
import { availabilityChart, countDistributionChart, defectsByFamilyChart, scoreDistributionChart, sparkline, trendChart } from '../charts.ts';
import { fmtNumber, fmtTime, page, t } from './common.ts';

export const OT = {
  title: { zh: '政府网站监测总览', en: 'Government website monitoring overview' },
  period: { zh: '监测周期', en: 'Period' },
  edition: { zh: '评分方法', en: 'Methodology edition' },
  sites: { zh: '网站数', en: 'Sites' },
  withRun: { zh: '有监测数据', en: 'With data' },
  vetoed: { zh: '单项否决', en: 'Vetoed' },
  defects: { zh: '问题总数', en: 'Defects' },
  rank: { zh: '排名', en: 'Rank' },
  site: { zh: '网站', en: 'Site' },
  score: { zh: '得分', en: 'Score' },
  veto: { zh: '否决', en: 'Veto' },
  availability: { zh: '可用率', en: 'Availability' },
  trend: { zh: '趋势', en: 'Trend' },
  change: { zh: '变化', en: 'Change' },
  noData: { zh: '本期无数据', en: 'no data' },
  warnings: { zh: '预警', en: 'Early warnings' },
  noWarnings: { zh: '无预警。', en: 'No warnings.' },
  derived: { zh: '（由监测发现推导；评分模块提供预警后将替换）', en: '(derived from findings until the assessment provides warnings)' },
  scoreDist: { zh: '得分分布', en: 'Score distribution' },
  defectDist: { zh: '各网站问题数分布', en: 'Defects per site' },
  availTitle: { zh: '首页可用率（按日）', en: 'Home page availability per day' },
  vetoLine: { zh: '95% 否决线', en: '95 % veto line' },
  byFamily: { zh: '按指标类别统计问题', en: 'Defects by indicator family' },
  trendTitle: { zh: '问题最多网站的趋势', en: 'Trend of the sites with most defects' },
  trendScoreTitle: { zh: '得分最低网站的趋势', en: 'Trend of the lowest-scoring sites' },
  groups: { zh: '分组排名', en: 'Rankings by group' },
  newFixed: { zh: '新增/整改', en: 'new / fixed' },
  report: { zh: '报告', en: 'Report' },
  provisional: { zh: '暂定', en: 'provisional' },
  review: { zh: '待核实', en: 'to review' },
  mean: { zh: '平均分', en: 'mean score' },
  noProbes: { zh: '本期无可用性探测数据。', en: 'No availability probes in this period.' },
} satisfies Record<string, Text>;

const LEVEL_CLASS = { red: 'st-fail', orange: 'st-warn', yellow: 'st-cannot_assess' } as const;
const LEVEL_TEXT: Record<'red' | 'orange' | 'yellow', Text> = {
  red: { zh: '红色', en: 'red' },
  orange: { zh: '橙色', en: 'orange' },
  yellow: { zh: '黄色', en: 'yellow' },
};

function both(text: Text): string {
  return `${text.zh} / ${text.en}`;
}

/**
 * Scores for the distribution chart. A provisional total (too much could not be assessed: an
 * unreachable or blocked site) is left out, as it is from the ranks: otherwise a site nobody could
 * open showed as a green 90–100 bar.
 */
export function distributionScores(rows: Array<{ score?: number; provisional?: boolean }>): { scores: number[]; provisional: number } {
  const scored = rows.filter((r) => r.score !== undefined);
  return { scores: scored.filter((r) => !r.provisional).map((r) => r.score!), provisional: scored.filter((r) => r.provisional).length };
}

function charts(m: OverviewModel): SafeHtml {
  const rows = m.groups.flatMap((g) => g.rows).filter((r) => r.state !== 'no_data');
  const ds = distributionScores(rows);
  const distTitle = ds.provisional ? `${OT.scoreDist.zh}（不含${ds.provisional}个暂定得分） / ${OT.scoreDist.en} (${ds.provisional} provisional not shown)` : both(OT.scoreDist);
  const dist = ds.scores.length ? scoreDistributionChart(ds.scores, distTitle) : countDistributionChart(rows.map((r) => r.defects), both(OT.defectDist));
  const avail = m.availability.probes
    ? availabilityChart(m.availability.days, m.availability.okPercent, both(OT.availTitle), OT.vetoLine.zh)
    : html`<p class="small muted">${t(OT.noProbes)}</p>`;
  const fams = [...FAMILY_ORDER, 'other' as const].filter((f) => rows.some((r) => r.defectsByFamily[f]));
  const sevColors: Record<Severity, string> = { veto: '#b3261e', deduct: '#e0a800', advise: '#1a56a6' };
  const byFamily = fams.length
    ? defectsByFamilyChart(
        fams.map((f) => (f === 'other' ? 'other' : FAMILIES[f as CheckFamily].zh)),
        (['veto', 'deduct', 'advise'] as const).map((s) => ({
          name: SEVERITIES[s].zh,
          color: sevColors[s],
          data: fams.map((f) => rows.reduce((n, r) => n + (r.defectsByFamily[f]?.[s] ?? 0), 0)),
        })),
        both(OT.byFamily),
      )
    : html``;
  // The trend chart follows the sites that need attention most, not all of them.
  const withTrend = rows.filter((r) => r.trend.filter((p) => p.value !== null).length > 1);
  const kind = withTrend.filter((r) => r.trendKind === 'score').length * 2 >= withTrend.length && withTrend.some((r) => r.trendKind === 'score') ? 'score' : 'defects';
  const worst = withTrend
    .filter((r) => r.trendKind === kind)
    .sort((a, b) => (a.score !== undefined && b.score !== undefined ? a.score - b.score : b.defects - a.defects))
    .slice(0, 8);
  let trend = html``;
  if (worst.length) {
    const labels = [...new Set(worst.flatMap((r) => r.trend.map((p) => p.label)))].sort();
    const isScore = kind === 'score';
    trend = trendChart(
      labels,
      worst.map((r) => ({ name: r.site.name, data: labels.map((l) => r.trend.find((p) => p.label === l)?.value ?? null) })),
      both(isScore ? OT.trendScoreTitle : OT.trendTitle),
      isScore ? OT.score.zh : OT.defects.zh,
    );
  }
  return html`<div class="grid2">${dist}${avail}${byFamily}${trend}</div>`;
}

function warnings(m: OverviewModel, siteLinks: Map<string, string | undefined>): SafeHtml {
  if (!m.warnings.length) return html`<p>${t(OT.noWarnings)}</p>`;
  return html`${m.warningsSource === 'derived' ? html`<p class="small muted">${t(OT.derived)}</p>` : ''}
<ul class="plain">${m.warnings.slice(0, 300).map(
    (w) =>
      html`<li><span class="badge ${LEVEL_CLASS[w.level]}">${t(LEVEL_TEXT[w.level])}</span>${w.ref ? html`<span class="badge ref">${w.ref}</span>` : ''}${siteLinks.get(w.siteId) ? link(siteLinks.get(w.siteId), w.siteName, { internal: true }) : w.siteName}：${t(w.message)}</li>`,
  )}</ul>`;
}

function row(r: OverviewRow): SafeHtml {
  const av = r.availability ? `${fmtNumber(r.availability.ratio * 100, 1)}%` : '—';
  const scoreCell =
    r.state === 'no_data'
      ? html`<span class="muted">${t(OT.noData)}</span>`
      : r.score !== undefined
        ? html`<b>${fmtNumber(r.score, 1)}</b>${r.gradeName ? html` <span class="small">${t(r.gradeName)}</span>` : r.grade ? html` <span class="small">${r.grade}</span>` : ''}${r.provisional ? html` <span class="badge st-warn">${t(OT.provisional)}</span>` : ''}`
        : html`<span class="muted">—</span>`;
  const change = r.change !== undefined ? (r.change > 0 ? `+${fmtNumber(r.change, 1)}` : fmtNumber(r.change, 1)) : '';
  return html`<tr id="site-${r.site.id}">
<td class="num">${r.rank ?? '—'}</td>
<td>${r.href ? link(r.href, r.site.name, { internal: true }) : r.site.name}<div class="small muted">${r.site.region}${r.run ? html` · ${fmtTime(r.run.startedAt)}` : ''}</div></td>
<td class="num">${scoreCell}${change ? html`<div class="small">${change}</div>` : ''}</td>
<td>${r.veto ? html`<span class="badge sev-veto">${t(SEVERITIES.veto)}</span> <span class="small">${r.vetoRefs.join(' ')}</span>` : r.state === 'no_data' ? '' : r.vetoReviewRefs.length ? '' : '—'}${r.vetoReviewRefs.length ? html`<div><span class="badge st-warn">${t(OT.review)}</span> <span class="small">${r.vetoReviewRefs.join(' ')}</span></div>` : ''}</td>
<td class="num">${r.state === 'no_data' ? '' : String(r.defects)}${r.state !== 'no_data' && (r.newDefects || r.fixedDefects) ? html`<div class="small muted">+${r.newDefects} / −${r.fixedDefects}</div>` : ''}</td>
<td class="num">${av}</td>
<td>${sparkline(r.trend.map((p) => p.value), { higherIsBetter: r.trendKind === 'score' })}</td>
</tr>`;
}

export function renderOverviewHtml(m: OverviewModel, opts: { lang?: Lang } = {}): string {
  const rows = m.groups.flatMap((g) => g.rows);
  const siteLinks = new Map(rows.map((r) => [r.site.id, r.href]));
  const kpi = (value: string | number, label: Text) => html`<div class="kpi"><b>${value}</b><span>${t(label)}</span></div>`;
  const body = html`<dl class="meta">
<dt>${t(OT.period)}</dt><dd><b>${m.period.label}</b> <span class="small muted">${fmtTime(m.period.from)} – ${fmtTime(m.period.to)} (UTC+8)</span></dd>
${m.edition ? html`<dt>${t(OT.edition)}</dt><dd>${m.edition}</dd>` : ''}
</dl>
<div class="kpis">${kpi(m.totals.sites, OT.sites)}${kpi(m.totals.withRun, OT.withRun)}${kpi(m.totals.vetoed, OT.vetoed)}${kpi(m.totals.defects, OT.defects)}</div>
<h2 id="warnings">${t(OT.warnings)} <span class="muted small">(${m.warnings.length})</span></h2>
${warnings(m, siteLinks)}
<h2 id="charts">${t({ zh: '统计图', en: 'Charts' })}</h2>
${charts(m)}
<h2 id="groups">${t(OT.groups)}</h2>
<nav class="toc" aria-label="groups"><ul>${m.groups.map((g, i) => html`<li>${link(`#group-${i + 1}`, g.name, { internal: true })} <span class="small muted">(${g.rows.length})</span></li>`)}</ul></nav>
${m.groups.map(
  (g, i) => html`<h3 id="group-${i + 1}">${g.name} <span class="muted small">(${g.rows.length})</span></h3>
<p class="small muted">${t(OT.withRun)} ${g.stats.withRun}/${g.stats.sites} · ${t(OT.vetoed)} ${g.stats.vetoed}${g.stats.meanScore !== undefined ? html` · ${t(OT.mean)} ${fmtNumber(g.stats.meanScore, 1)}` : ''} · ${t(OT.defects)} ${g.stats.defects}</p>
<div class="tablewrap"><table><thead><tr><th class="num">${t(OT.rank)}</th><th>${t(OT.site)}</th><th class="num">${t(OT.score)}</th><th>${t(OT.veto)}</th><th class="num">${t(OT.defects)}</th><th class="num">${t(OT.availability)}</th><th>${t(OT.trend)}</th></tr></thead>
<tbody>${g.rows.map(row)}</tbody></table></div>`,
)}`;
  return page({ title: `${OT.title.zh} · ${m.period.label}`, headerTitle: html`${t(OT.title)} · ${m.period.label}`, body, lang: opts.lang, generatedAt: m.generatedAt });
}
