/**
 * The maintainer's report for one run as a single self-contained HTML page: verdict first,
 * then defects by indicator family and severity, the fixed list, what could not be
 * assessed, passed checks and the crawl summary. Every value from the crawl goes through
 * lib/html.ts.
 */
import { createHash } from 'node:crypto';
import type { CheckFamily, Evidence, Text } from '../../model/finding.ts';
import { html, join, link, raw, type SafeHtml } from '../../lib/html.ts';
import type { CheckResult, DefectItem, SiteReportModel } from '../model.ts';
import { CHANGE, CRAWL_EVENTS, FAILURE_LABELS, FAMILIES, FAMILY_ORDER, RUN_STATUS, SEVERITIES, STATUSES, T, fmt, type Lang } from '../i18n.ts';
import { fmtDuration, fmtNumber, fmtTime, page, t } from './common.ts';
import { availabilityChart } from '../charts.ts';

export interface SiteHtmlOptions {
  /** Screenshot path (as stored) → src to use (data: URI or a path relative to the report). */
  assets?: Map<string, string>;
  /** Initial language; the reader can switch. */
  lang?: Lang;
  /** Link back to the overview, when the report is part of a published set. */
  overviewHref?: string;
  /** Link to another run's report (served pages); without it runs are listed as text. */
  runHref?: (runId: string) => string;
  /** Cap of defect cards per check and of broken-link rows (the JSON file keeps everything). */
  maxItems?: number;
}

/**
 * Each screenshot is embedded once: many findings often cite the same rendered page, and a
 * data: URI repeated per finding would multiply the file size. Later uses link to the first.
 */
class Shots {
  private ids = new Map<string, string>();
  private assets: Map<string, string>;
  constructor(assets: Map<string, string> | undefined) {
    this.assets = assets ?? new Map();
  }
  render(path: string): SafeHtml {
    const src = this.assets.get(path);
    if (!src) return html`<span class="muted small">${path}</span>`;
    const seen = this.ids.get(path);
    if (seen) return html`<a href="#${seen}">${t({ zh: '见上方截图', en: 'see the screenshot above' })}</a>`;
    const id = `shot-${this.ids.size + 1}`;
    this.ids.set(path, id);
    const img = html`<img class="shot" id="${id}" src="${src}" alt="screenshot" loading="lazy">`;
    // A data: URI cannot be opened as a page; a copied file can.
    return src.startsWith('data:') ? img : html`<a href="${src}">${img}</a>`;
  }
}

/** Stable anchor for a defect, from its key (keys hold URLs, unfit for ids). */
export function anchorFor(key: string): string {
  return 'd-' + createHash('sha1').update(key).digest('hex').slice(0, 12);
}

export function checkAnchor(checkId: string): string {
  return 'c-' + checkId.replace(/[^a-zA-Z0-9_-]/g, '-');
}

const badge = (cls: string, text: Text | string) => html`<span class="badge ${cls}">${typeof text === 'string' ? text : t(text)}</span>`;
const sevBadge = (s: keyof typeof SEVERITIES) => badge(`sev-${s}`, SEVERITIES[s]);
const statusBadge = (s: keyof typeof STATUSES) => badge(`st-${s}`, STATUSES[s]);
const refBadge = (ref: string) => (ref ? badge('ref', ref) : html``);

function field(label: Text, value: SafeHtml | string | undefined | null): SafeHtml {
  if (value === undefined || value === null || value === '') return html``;
  return html`<div class="field"><div class="k">${t(label)}</div><div class="v">${value}</div></div>`;
}

/**
 * The check's raw fields (column names, counts, flags) mean something to an evaluator and nothing
 * to a maintainer: they sit folded under "technical details", without empty values.
 */
function dataList(data: Record<string, unknown> | undefined): SafeHtml {
  if (!data) return html``;
  const entries = Object.entries(data).filter(([k, v]) => k !== 'defect' && v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
  if (!entries.length) return html``;
  const show = (v: unknown): string => {
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    return s.length > 400 ? s.slice(0, 400) + '…' : s;
  };
  return html`<details class="tech small muted"><summary>${t(T.technical)}</summary>${join(
    entries.slice(0, 12).map(([k, v]) => html`<span>${k}: ${show(v)}</span>`),
    raw(' · '),
  )}</details>`;
}

function evidenceBlock(e: Evidence, shots: Shots): SafeHtml {
  const failure = e.failureClass ? ((FAILURE_LABELS as Record<string, Text>)[e.failureClass] ?? { zh: e.failureClass, en: e.failureClass }) : undefined;
  return html`<div class="evidence">
${field(T.where, e.url ? link(e.url) : undefined)}
${field(T.linkedFrom, e.page ? link(e.page) : undefined)}
${field(T.linkText, e.linkText ? html`“${e.linkText}”` : undefined)}
${field(T.status, e.status !== undefined ? String(e.status) : undefined)}
${field(T.failure, failure ? html`${t(failure)} <span class="muted small">(${e.failureClass})</span>` : undefined)}
${field(T.date, e.date)}
${field(T.text, e.text ? html`<blockquote class="quote">${e.text}</blockquote>` : undefined)}
${field(T.screenshot, e.screenshot ? shots.render(e.screenshot) : undefined)}
${dataList(e.data)}
</div>`;
}

function ruleLine(d: { ref: string; rule?: Text }): SafeHtml {
  if (!d.ref) return html``;
  return html`${refBadge(d.ref)} ${d.rule ? t(d.rule) : ''}`;
}

/** A veto check that did not fire is badged as below its line, so its defects do not read as vetoes. */
const sevOrLine = (severity: DefectItem['severity'], checkFired: boolean) => (severity === 'veto' && !checkFired ? badge('st-warn', T.belowVetoLine) : sevBadge(severity));

function defectCard(d: DefectItem, shots: Shots, fixed = false, checkFired = true): SafeHtml {
  const ev = d.evidence.slice(0, 5);
  return html`<article class="defect" id="${anchorFor(d.key)}">
<div>${badge(`ch-${fixed ? 'fixed' : d.change}`, fixed ? CHANGE.fixed : CHANGE[d.change])}${statusBadge(d.status)}${sevOrLine(d.severity, checkFired)}${d.requiresReview ? badge('st-warn', T.requiresReview) : ''}</div>
<p class="msg">${t(d.message)}</p>
${join(ev.map((e) => evidenceBlock(e, shots)))}
${d.evidence.length > ev.length ? html`<div class="small muted">${t(fmt(T.more, { n: d.evidence.length - ev.length }))}</div>` : ''}
${field(T.rule, ruleLine(d))}
${d.measure !== undefined ? field(T.measure, fmtNumber(d.measure)) : ''}
${fixed ? '' : field(T.firstSeen, fmtTime(d.firstSeen))}
${d.fix && !fixed ? html`<div class="fix"><b>${t(T.fix)}：</b>${t(d.fix)}</div>` : ''}
</article>`;
}

function checkSection(c: CheckResult, opts: SiteHtmlOptions, shots: Shots): SafeHtml {
  const max = opts.maxItems ?? 200;
  const shown = c.defects.slice(0, max);
  // When the check listed individual defects, its summary line says how many and why.
  const summary = c.defects.length && !(c.defects.length === 1 && c.defects[0].key === c.checkId) ? html`<p class="small">${t(c.message)}</p>` : '';
  return html`<section class="check sev-l-${c.severity}" id="${checkAnchor(c.checkId)}">
<h4>${t(c.title)}</h4>
<div>${refBadge(c.ref)}${c.rule ? html`<span class="small">${t(c.rule)}</span> ` : ''}${sevOrLine(c.severity, c.status === 'fail')}${statusBadge(c.status)}${c.measure !== undefined ? html`<span class="small muted">${t(T.measure)}: ${fmtNumber(c.measure)}</span>` : ''}</div>
${summary}
${join(shown.map((d) => defectCard(d, shots, false, c.status === 'fail')))}
${c.defects.length > shown.length ? html`<p class="small muted">${t(fmt(T.more, { n: c.defects.length - shown.length }))}</p>` : ''}
</section>`;
}

function verdictBlock(m: SiteReportModel): SafeHtml {
  const v = m.verdict;
  const headline = v.veto
    ? html`${t(v.source === 'score' ? T.vetoYes : T.vetoCandidates)}${v.vetoRefs.length ? t({ zh: `：${v.vetoRefs.join('、')}`, en: `: ${v.vetoRefs.join(', ')}` }) : ''}`
    : v.vetoReview
      ? html`${t(T.vetoReviewHeadline)}${t({ zh: `：${v.vetoReviewRefs.join('、')}`, en: `: ${v.vetoReviewRefs.join(', ')}` })}`
      : t(T.vetoNo);
  const kpi = (value: string | number, label: Text) => html`<div class="kpi"><b>${value}</b><span>${t(label)}</span></div>`;
  const change = v.scoreChange !== undefined ? (v.scoreChange > 0 ? `+${fmtNumber(v.scoreChange, 1)}` : fmtNumber(v.scoreChange, 1)) : undefined;
  return html`<div class="verdict ${v.veto ? 'veto' : v.vetoReview ? 'review' : 'ok'}" id="verdict">
<p class="headline">${headline}</p>
${v.source === 'findings' ? html`<p class="small muted">${t(T.noScore)}</p>` : v.edition ? html`<p class="small muted">${t(T.edition)}: ${v.edition}${v.editionTitle ? html` · ${t(v.editionTitle)}` : ''}${v.provisional ? html` · <span class="badge st-warn">${t(T.provisional)}</span>` : ''}</p>` : ''}
<div class="kpis">
${v.score !== undefined ? kpi(fmtNumber(v.score, 1), T.score) : ''}
${v.gradeName ? html`<div class="kpi"><b>${t(v.gradeName)}</b><span>${t(T.grade)}</span></div>` : v.grade ? kpi(v.grade, T.grade) : ''}
${change !== undefined ? kpi(change, T.change) : ''}
${kpi(v.vetoCandidates, T.vetoCandidates)}
${v.vetoReview ? kpi(v.vetoReview, T.vetoReview) : ''}
${kpi(v.defects, T.defectsCount)}
${m.previousRun ? kpi(v.newDefects, CHANGE.new) : ''}
${m.previousRun ? kpi(v.openDefects, CHANGE.open) : ''}
${m.previousRun ? kpi(v.fixedDefects, CHANGE.fixed) : ''}
${kpi(v.cannotAssess, T.cannotAssess)}
</div>
${indicatorTable(v)}
</div>`;
}

const PART: Record<string, Text> = { veto: SEVERITIES.veto, deduct: SEVERITIES.deduct, bonus: { zh: '加分', en: 'Bonus' } };
const IND_STATUS: Record<string, Text> = {
  pass: STATUSES.pass,
  deducted: { zh: '扣分', en: 'Deducted' },
  vetoed: { zh: '否决', en: 'Vetoed' },
  awarded: { zh: '加分', en: 'Awarded' },
  review: { zh: '待人工确认', en: 'Needs review' },
  not_applicable: STATUSES.not_applicable,
  cannot_assess: STATUSES.cannot_assess,
};
const IND_CLASS: Record<string, string> = { pass: 'st-pass', deducted: 'st-warn', vetoed: 'st-fail', awarded: 'st-pass', review: 'st-warn', not_applicable: 'st-not_applicable', cannot_assess: 'st-cannot_assess' };

/** The assessment's per-indicator points, folded (no script needed for <details>). */
function indicatorTable(v: SiteReportModel['verdict']): SafeHtml {
  if (!v.indicators?.length) return html``;
  const rows = [...v.indicators].sort((a, b) => Number(b.deduction > 0 || b.status === 'vetoed') - Number(a.deduction > 0 || a.status === 'vetoed'));
  return html`<details class="breakdown"><summary>${t(T.breakdown)}</summary><div class="tablewrap"><table><thead><tr><th>${t(T.rule)}</th><th>${t(T.level)}</th><th class="num">${t(T.points)}</th><th class="num">${t(T.deducted)}</th><th>${t(T.status)}</th><th>${t(T.note)}</th></tr></thead><tbody>
${rows.map(
  (i) => html`<tr><td>${refBadge(i.ref)} ${t(i.name)}</td><td>${t(PART[i.part] ?? { zh: i.part, en: i.part })}</td><td class="num">${fmtNumber(i.points)}</td><td class="num">${i.deduction ? fmtNumber(i.deduction) : ''}</td><td>${badge(IND_CLASS[i.status] ?? 'st-not_applicable', IND_STATUS[i.status] ?? { zh: i.status, en: i.status })}</td><td class="small">${t(i.explanation)}</td></tr>`,
)}
</tbody></table></div></details>`;
}

function runHeader(m: SiteReportModel, opts: SiteHtmlOptions): SafeHtml {
  const r = m.run;
  const st = RUN_STATUS[r.status] ?? { zh: r.status, en: r.status };
  return html`<dl class="meta">
<dt>${t(T.site)}</dt><dd><b>${m.site.name}</b> · ${link(m.site.url)}</dd>
${m.site.region || m.site.level ? html`<dt>${t(T.region)}</dt><dd>${[m.site.region, m.site.level, m.site.kind].filter(Boolean).join(' · ')}</dd>` : ''}
<dt>${t(T.run)}</dt><dd><span class="nolink">${r.id}</span> (${r.kind})</dd>
<dt>${t(T.runStatus)}</dt><dd>${badge(r.status === 'complete' ? 'st-pass' : r.status === 'running' ? 'st-cannot_assess' : 'st-warn', st)}${r.note ? html` <span>${r.note}</span>` : ''}</dd>
<dt>${t(T.started)}</dt><dd>${fmtTime(r.startedAt)}</dd>
<dt>${t(T.finished)}</dt><dd>${fmtTime(r.finishedAt)}</dd>
<dt>${t(T.duration)}</dt><dd>${fmtDuration(r.durationMs)}</dd>
<dt>${t(T.previousRun)}</dt><dd>${m.previousRun ? html`${fmtTime(m.previousRun.startedAt)} ${opts.runHref ? link(opts.runHref(m.previousRun.id), m.previousRun.id, { internal: true, class: 'small' }) : html`<span class="nolink">${m.previousRun.id}</span>`}` : t(T.none)}</dd>
${opts.overviewHref ? html`<dt></dt><dd>${link(opts.overviewHref, t({ zh: '← 返回总览', en: '← Back to overview' }), { internal: true })}</dd>` : ''}
</dl>`;
}

function defectsSection(m: SiteReportModel, opts: SiteHtmlOptions, shots: Shots): SafeHtml {
  const failing = m.checks.filter((c) => c.defects.length > 0);
  if (m.checks.length === 0 && m.cannotAssess.length === 0) return html`<h2 id="defects">${t(T.defects)}</h2><p>${t(T.noFindings)}</p>`;
  if (failing.length === 0) return html`<h2 id="defects">${t(T.defects)}</h2><p>${t(T.noDefects)}</p>`;
  const families = [...FAMILY_ORDER, 'other' as const].filter((f) => failing.some((c) => c.family === f));
  const toc = html`<nav class="toc" aria-label="contents"><ul>${families.map(
    (f) =>
      html`<li>${f === 'other' ? f : t(FAMILIES[f as CheckFamily])}<ul>${failing
        .filter((c) => c.family === f)
        .map((c) => html`<li>${link('#' + checkAnchor(c.checkId), html`${c.ref ? html`[${c.ref}] ` : ''}${t(c.title)}`, { internal: true })} <span class="small muted">(${c.defects.length})</span> ${c.severity === 'veto' ? (c.status === 'fail' ? sevBadge('veto') : badge('st-warn', T.belowVetoLine)) : ''}</li>`)}</ul></li>`,
  )}</ul></nav>`;
  const byPage = pageIndex(failing);
  const body = families.map((f) => {
    const inFam = failing.filter((c) => c.family === f);
    const sevs = (['veto', 'deduct', 'advise'] as const).filter((s) => inFam.some((c) => c.severity === s));
    return html`<h3 id="fam-${f}">${f === 'other' ? f : t(FAMILIES[f as CheckFamily])}</h3>
${sevs.map((s) => html`<h4>${t(SEVERITIES[s])}</h4>${inFam.filter((c) => c.severity === s).map((c) => checkSection(c, opts, shots))}`)}`;
  });
  return html`<h2 id="defects">${t(T.defects)} <span class="muted small">(${m.verdict.defects})</span></h2>${toc}${byPage}${body}`;
}

/**
 * The same defects by the page a maintainer has to edit (the linking page for link defects,
 * else the page the finding is about), most affected pages first, folded.
 */
function pageIndex(failing: CheckResult[]): SafeHtml {
  const pages = new Map<string, Array<{ ref: string; anchor: string; title: Text }>>();
  for (const c of failing) {
    for (const d of c.defects) {
      const e = d.evidence[0];
      const where = e?.page ?? e?.url;
      if (!where) continue;
      const list = pages.get(where) ?? [];
      list.push({ ref: d.ref || c.checkId, anchor: anchorFor(d.key), title: c.title });
      pages.set(where, list);
    }
  }
  if (pages.size < 2) return html``;
  const rows = [...pages.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).slice(0, 50);
  return html`<details class="breakdown"><summary>${t(T.byPage)} (${pages.size})</summary><div class="tablewrap"><table><thead><tr><th>${t(T.page)}</th><th class="num">${t(T.count)}</th><th>${t(T.rule)}</th></tr></thead><tbody>
${rows.map(([url, list]) => {
  const firstPerRef = new Map<string, string>();
  for (const x of list) if (!firstPerRef.has(x.ref)) firstPerRef.set(x.ref, x.anchor);
  return html`<tr><td class="url">${link(url)}</td><td class="num">${list.length}</td><td>${[...firstPerRef.entries()].map(([ref, anchor]) => html`${link('#' + anchor, ref, { internal: true, class: 'badge ref' })} `)}</td></tr>`;
})}
</tbody></table></div></details>`;
}

function fixedSection(m: SiteReportModel, opts: SiteHtmlOptions, shots: Shots): SafeHtml {
  if (!m.fixed.length) return html``;
  return html`<h2 id="fixed">${t(T.fixedTitle)} <span class="muted small">(${m.fixed.length})</span></h2>
<section class="check">${m.fixed.slice(0, opts.maxItems ?? 200).map((d) => defectCard(d, shots, true))}</section>`;
}

function notRecheckedSection(m: SiteReportModel, opts: SiteHtmlOptions): SafeHtml {
  const list = m.notRechecked ?? [];
  if (!list.length) return html``;
  return html`<h2 id="not-rechecked">${t(T.notRecheckedTitle)} <span class="muted small">(${list.length})</span></h2>
<p class="small muted">${t(T.notRecheckedNote)}</p>
<ul>${list.slice(0, opts.maxItems ?? 200).map((d) => html`<li>${d.ref ? html`${refBadge(d.ref)} ` : ''}${t(d.message)}${d.evidence[0]?.url ? html` <span class="small">${link(d.evidence[0].url)}</span>` : ''}</li>`)}</ul>`;
}

function cannotAssessSection(m: SiteReportModel, shots: Shots): SafeHtml {
  if (!m.cannotAssess.length) return html``;
  return html`<h2 id="cannot-assess">${t(T.cannotAssess)} <span class="muted small">(${m.cannotAssess.length})</span></h2>
<p class="small muted">${t(T.cannotAssessNote)}</p>
<div class="tablewrap"><table><thead><tr><th>${t(T.check)}</th><th>${t(T.rule)}</th><th>${t(T.reason)}</th></tr></thead><tbody>
${m.cannotAssess.map(
  (c) => html`<tr><td>${t(c.title)}<div class="small muted">${c.checkId}</div></td><td>${refBadge(c.ref)}${c.rule ? html`<span class="small">${t(c.rule)}</span>` : ''} ${sevBadge(c.severity)}</td><td>${t(c.reason)}${c.evidence.slice(0, 3).map((e) => html`${e.url ? html`<div class="small">${link(e.url)}${e.status ? ` (${e.status})` : ''}${e.failureClass ? html` ${t((FAILURE_LABELS as Record<string, Text>)[e.failureClass] ?? { zh: e.failureClass, en: e.failureClass })}` : ''}</div>` : ''}${e.page ? html`<div class="small muted">${t(T.linkedFrom)}: ${link(e.page)}${e.linkText ? html` “${e.linkText}”` : ''}</div>` : ''}${e.text ? html`<blockquote class="quote">${e.text}</blockquote>` : ''}${e.screenshot ? html`<div>${shots.render(e.screenshot)}</div>` : ''}`)}</td></tr>`,
)}
</tbody></table></div>`;
}

function historySection(m: SiteReportModel, opts: SiteHtmlOptions): SafeHtml {
  if (m.history.length < 2) return html``;
  return html`<h2 id="history">${t(T.history)}</h2>
<div class="tablewrap"><table><thead><tr><th>${t(T.started)}</th><th>${t(T.runStatus)}</th><th class="num">${t(T.defectsCount)}</th><th>${t(T.run)}</th></tr></thead><tbody>
${m.history.map(
  (h) => html`<tr${h.id === m.run.id ? raw(' class="current"') : ''}><td>${fmtTime(h.startedAt)}</td><td>${t(RUN_STATUS[h.status] ?? { zh: h.status, en: h.status })}</td><td class="num">${h.defects ?? '—'}</td><td>${opts.runHref && h.id !== m.run.id ? link(opts.runHref(h.id), h.id, { internal: true, class: 'small' }) : html`<span class="nolink">${h.id}</span>`}</td></tr>`,
)}
</tbody></table></div>`;
}

function availabilitySection(m: SiteReportModel): SafeHtml {
  const a = m.availability;
  if (!a) return html``;
  const kpi = (value: string | number, label: Text) => html`<div class="kpi"><b>${value}</b><span>${t(label)}</span></div>`;
  const ratio = a.failureRatio === null ? '—' : `${fmtNumber(a.failureRatio * 100, 2)}%`;
  // V-01: failures/probes ≥ 5 % over 7 days with ≥ 20 probes a day is a veto.
  const over = a.failureRatio !== null && a.failureRatio >= 0.05;
  return html`<h2 id="availability">${t(T.availability)}</h2>
<p class="small muted">${fmtTime(a.from)} – ${fmtTime(a.to)} (UTC+8) · ${t(T.availabilityRule)}</p>
<div class="kpis">${kpi(a.probes, T.probes)}${kpi(a.ok, T.probesOk)}<div class="kpi"><b${over ? raw(' class="bad"') : ''}>${ratio}</b><span>${t(T.failureRatio)}</span></div></div>
${a.days.length > 1 ? availabilityChart(a.days.map((d) => d.day), a.days.map((d) => Math.round((d.ok / d.probes) * 1000) / 10), `${T.availability.zh} / ${T.availability.en}`, T.vetoLine.zh) : ''}
${a.failures.length
  ? html`<div class="tablewrap"><table><thead><tr><th>${t(T.failure)}</th><th class="num">${t(T.count)}</th></tr></thead><tbody>${a.failures.map((f) => html`<tr><td>${t((FAILURE_LABELS as Record<string, Text>)[f.class] ?? { zh: f.class, en: f.class })} <span class="muted small">${f.class}</span></td><td class="num">${f.count}</td></tr>`)}</tbody></table></div>
<h3>${t(T.recentFailures)}</h3><ul class="plain small">${a.recentFailures.map((f) => html`<li>${fmtTime(f.at)} · ${f.status ? `HTTP ${f.status} · ` : ''}${f.failureClass ?? ''} ${f.message ? html`<span class="muted">${f.message}</span>` : ''} · ${fmtNumber(f.totalMs / 1000, 1)} s</li>`)}</ul>`
  : ''}`;
}

function passedSection(m: SiteReportModel): SafeHtml {
  const ok = m.checks.filter((c) => c.defects.length === 0);
  if (!ok.length) return html``;
  return html`<h2 id="passed">${t(T.passed)} <span class="muted small">(${ok.length})</span></h2>
<div class="tablewrap"><table><thead><tr><th>${t(T.check)}</th><th>${t(T.rule)}</th><th>${t(STATUSES.pass)}</th><th class="num">${t(T.measure)}</th></tr></thead><tbody>
${ok.map((c) => html`<tr><td>${t(c.title)}</td><td>${refBadge(c.ref)}</td><td>${statusBadge(c.status)}</td><td class="num">${c.measure !== undefined ? fmtNumber(c.measure) : ''}</td></tr>`)}
</tbody></table></div>`;
}

function crawlSection(m: SiteReportModel, opts: SiteHtmlOptions): SafeHtml {
  const c = m.crawl;
  const kpi = (value: string | number, label: Text) => html`<div class="kpi"><b>${value}</b><span>${t(label)}</span></div>`;
  const siteFails = c.failures.filter((f) => f.blame === 'site');
  const assessFails = c.failures.filter((f) => f.blame === 'cannot_assess');
  const sum = (l: typeof c.failures) => l.reduce((n, f) => n + f.pages + f.links + f.probes, 0);
  const failTable = (rows: typeof c.failures) =>
    rows.length
      ? html`<div class="tablewrap"><table><thead><tr><th>${t(T.failure)}</th><th class="num">${t(T.pages)}</th><th class="num">${t(T.linksChecked)}</th><th class="num">probes</th></tr></thead><tbody>
${rows.map((f) => html`<tr><td>${t(FAILURE_LABELS[f.class])} <span class="muted small">${f.class}</span></td><td class="num">${f.pages}</td><td class="num">${f.links}</td><td class="num">${f.probes}</td></tr>`)}
</tbody></table></div>`
      : html`<p class="small muted">${t(T.none)}</p>`;
  const max = opts.maxItems ?? 200;
  const broken = c.broken.slice(0, max);
  return html`<h2 id="crawl">${t(T.crawl)}</h2>
<div class="kpis">
${kpi(c.pages, T.pages)}${kpi(c.pagesOk, T.pagesOk)}${kpi(c.links, T.linksChecked)}${c.probes ? kpi(`${c.probesOk}/${c.probes}`, { zh: '可用性探测', en: 'Probes OK' }) : ''}${kpi(sum(siteFails), T.siteFailures)}${kpi(sum(assessFails), T.assessFailures)}
</div>
<h3>${t(T.siteFailures)}</h3>${failTable(siteFails)}
<h3>${t(T.assessFailures)}</h3>${failTable(assessFails)}
<h3 id="broken">${t(T.brokenLinks)} <span class="muted small">(${c.brokenTotal})</span></h3>
${broken.length
  ? html`<div class="tablewrap"><table><thead><tr><th>URL</th><th>${t(T.failure)}</th><th>${t(T.linkedFrom)} / ${t(T.linkText)}</th></tr></thead><tbody>
${broken.map(
  (b) => html`<tr><td class="url">${link(b.url)}${b.external ? html` <span class="badge st-not_applicable">${t({ zh: '外部', en: 'external' })}</span>` : ''}</td><td>${b.status ? String(b.status) + ' ' : ''}${b.failureClass ? t(FAILURE_LABELS[b.failureClass]) : ''} ${badge(b.blame === 'site' ? 'st-fail' : 'st-cannot_assess', b.blame === 'site' ? T.blameSite : T.blameAssess)}</td><td class="url">${b.from.length ? join(b.from.slice(0, 3).map((f) => html`<div>${link(f.page)}${f.text ? html` “${f.text}”` : ''}</div>`)) : html`<span class="muted">—</span>`}</td></tr>`,
)}
</tbody></table></div>${c.broken.length > broken.length ? html`<p class="small muted">${t(fmt(T.more, { n: c.broken.length - broken.length }))}</p>` : ''}`
  : html`<p class="small muted">${t(T.none)}</p>`}
${c.events.length
  ? html`<h3>${t(T.crawlEvents)}</h3><ul class="plain small">${c.events.slice(0, 50).map((e) => html`<li>${t(CRAWL_EVENTS[e.event] ?? { zh: e.event, en: e.event })}${e.count !== undefined ? ` (${e.count})` : ''}: ${e.detail} <span class="muted">${link(e.url)}</span></li>`)}</ul>`
  : ''}`;
}

export function renderSiteHtml(m: SiteReportModel, opts: SiteHtmlOptions = {}): string {
  const shots = new Shots(opts.assets);
  // The verdict first: it is what a maintainer opens the report for.
  const body = html`${verdictBlock(m)}
${runHeader(m, opts)}
${defectsSection(m, opts, shots)}
${fixedSection(m, opts, shots)}
${notRecheckedSection(m, opts)}
${cannotAssessSection(m, shots)}
${availabilitySection(m)}
${passedSection(m)}
${crawlSection(m, opts)}
${historySection(m, opts)}`;
  return page({
    title: `${m.site.name} · ${T.title.zh} · ${fmtTime(m.run.startedAt)}`,
    headerTitle: html`${m.site.name} · ${t(T.title)}`,
    body,
    lang: opts.lang,
    generatedAt: m.generatedAt,
  });
}
