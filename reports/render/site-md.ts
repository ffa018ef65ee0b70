/**
 * The site report as Markdown (for tickets, mail bodies and git-kept records), in one
 * language. Crawled text is escaped for Markdown and for the HTML that Markdown renderers
 * pass through, and only http(s) URLs become links.
 */
import type { Evidence, Text } from '../../model/finding.ts';
import { safeUrl } from '../../lib/html.ts';
import type { CheckResult, DefectItem, SiteReportModel } from '../model.ts';
import { CHANGE, CRAWL_EVENTS, FAILURE_LABELS, FAMILIES, FAMILY_ORDER, RUN_STATUS, SEVERITIES, STATUSES, T, fmt, type Lang } from '../i18n.ts';
import { fmtDuration, fmtNumber, fmtTime } from './common.ts';

/** Escapes Markdown syntax and raw HTML in text taken from crawled pages; newlines become spaces. */
export function mdEsc(s: unknown): string {
  if (s === null || s === undefined) return '';
  return String(s)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // Inline text only (always after a label or bullet): emphasis, code, link brackets, tables
    // and strikethrough are the live syntax there. Brackets escaped means no link can form.
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

/** mdEsc for text that starts a line: a leading #, >, -, +, = or "1." would start a block. */
export function mdLine(s: unknown): string {
  return mdEsc(s)
    .replace(/^(\s*)([#>+\-=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** `[text](url)` for http(s) URLs; the URL as escaped text otherwise. */
export function mdLink(url: string | undefined, text?: string): string {
  if (!url) return '';
  const safe = safeUrl(url);
  if (!safe) return `\`${String(url).replace(/`/g, "'").slice(0, 500)}\``;
  const target = safe.replace(/[()<> ]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `[${mdEsc(text ?? url)}](${target})`;
}

export function renderSiteMarkdown(m: SiteReportModel, lang: Lang = 'zh', maxItems = 500): string {
  const L = (x: Text | undefined) => (x ? x[lang] : '');
  const out: string[] = [];
  const r = m.run;
  out.push(`# ${mdEsc(m.site.name)} · ${L(T.title)}`, '');
  out.push(`- ${L(T.site)}: ${mdEsc(m.site.name)} ${mdLink(m.site.url)}`);
  if (m.site.region) out.push(`- ${L(T.region)}: ${mdEsc([m.site.region, m.site.level, m.site.kind].filter(Boolean).join(' · '))}`);
  out.push(`- ${L(T.run)}: \`${r.id}\` (${r.kind}), ${L(RUN_STATUS[r.status] ?? { zh: r.status, en: r.status })}${r.note ? ` — ${mdEsc(r.note)}` : ''}`);
  out.push(`- ${L(T.started)}: ${fmtTime(r.startedAt)} · ${L(T.finished)}: ${fmtTime(r.finishedAt)} · ${L(T.duration)}: ${fmtDuration(r.durationMs)} (UTC+8)`);
  out.push(`- ${L(T.previousRun)}: ${m.previousRun ? `${fmtTime(m.previousRun.startedAt)} \`${m.previousRun.id}\`` : L(T.none)}`, '');

  const v = m.verdict;
  out.push(`## ${L(T.verdict)}`, '');
  const headline = v.veto
    ? `${L(v.source === 'score' ? T.vetoYes : T.vetoCandidates)}${v.vetoRefs.length ? ': ' + v.vetoRefs.join(', ') : ''}`
    : v.vetoReview
      ? `${L(T.vetoReviewHeadline)}: ${v.vetoReviewRefs.join(', ')}`
      : L(T.vetoNo);
  out.push(`**${headline}**`, '');
  if (v.source === 'findings') out.push(`_${L(T.noScore)}_`, '');
  const kpis: string[] = [];
  if (v.score !== undefined) kpis.push(`${L(T.score)} ${fmtNumber(v.score, 1)}`);
  if (v.gradeName || v.grade) kpis.push(`${L(T.grade)} ${v.gradeName ? L(v.gradeName) : v.grade}`);
  if (v.scoreChange !== undefined) kpis.push(`${L(T.change)} ${v.scoreChange > 0 ? '+' : ''}${fmtNumber(v.scoreChange, 1)}`);
  kpis.push(`${L(T.vetoCandidates)} ${v.vetoCandidates}`);
  if (v.vetoReview) kpis.push(`${L(T.vetoReview)} ${v.vetoReview}`);
  kpis.push(`${L(T.defectsCount)} ${v.defects}`);
  if (m.previousRun) kpis.push(`${L(CHANGE.new)} ${v.newDefects}`, `${L(CHANGE.open)} ${v.openDefects}`, `${L(CHANGE.fixed)} ${v.fixedDefects}`);
  kpis.push(`${L(T.cannotAssess)} ${v.cannotAssess}`);
  out.push(kpis.join(' · '), '');
  if (v.edition) out.push(`${L(T.edition)}: ${mdEsc(v.edition)}${v.provisional ? ` (${L(T.provisional)})` : ''}`, '');
  const lost = (v.indicators ?? []).filter((i) => i.deduction > 0 || i.status === 'vetoed' || i.status === 'review');
  if (lost.length) {
    out.push(`| ${L(T.rule)} | ${L(T.points)} | ${L(T.deducted)} | ${L(T.note)} |`, '|---|---:|---:|---|');
    for (const i of lost) out.push(`| ${i.ref} ${mdEsc(L(i.name))} | ${fmtNumber(i.points)} | ${fmtNumber(i.deduction)} | ${mdEsc(L(i.explanation))} |`);
    out.push('');
  }

  const evidenceLines = (e: Evidence): string[] => {
    const lines: string[] = [];
    if (e.url) lines.push(`${L(T.where)}: ${mdLink(e.url)}`);
    if (e.page) lines.push(`${L(T.linkedFrom)}: ${mdLink(e.page)}${e.linkText ? ` “${mdEsc(e.linkText)}”` : ''}`);
    else if (e.linkText) lines.push(`${L(T.linkText)}: “${mdEsc(e.linkText)}”`);
    const facts: string[] = [];
    if (e.status !== undefined) facts.push(`${L(T.status)} ${e.status}`);
    if (e.failureClass) facts.push(`${L((FAILURE_LABELS as Record<string, Text>)[e.failureClass]) || mdEsc(e.failureClass)}`);
    if (e.date) facts.push(`${L(T.date)} ${mdEsc(e.date)}`);
    if (facts.length) lines.push(facts.join(' · '));
    if (e.text) lines.push(`${L(T.text)}: “${mdEsc(e.text.length > 300 ? e.text.slice(0, 300) + '…' : e.text)}”`);
    if (e.screenshot) lines.push(`${L(T.screenshot)}: \`${e.screenshot.replace(/`/g, "'")}\``);
    return lines;
  };
  const defect = (d: DefectItem, fixed = false) => {
    out.push(`- **[${L(fixed ? CHANGE.fixed : CHANGE[d.change])}] ${mdEsc(L(d.message))}**${d.requiresReview ? ` _(${L(T.requiresReview)})_` : ''}`);
    for (const e of d.evidence.slice(0, 5)) for (const l of evidenceLines(e)) out.push(`  - ${l}`);
    if (d.ref) out.push(`  - ${L(T.rule)}: ${d.ref}${d.rule ? ' ' + L(d.rule) : ''}`);
    if (!fixed) out.push(`  - ${L(T.firstSeen)}: ${fmtTime(d.firstSeen)}`);
    if (d.fix && !fixed) out.push(`  - ${L(T.fix)}: ${mdEsc(L(d.fix))}`);
  };

  out.push(`## ${L(T.defects)} (${v.defects})`, '');
  const failing = m.checks.filter((c) => c.defects.length);
  if (m.checks.length === 0 && m.cannotAssess.length === 0) out.push(L(T.noFindings), '');
  else if (!failing.length) out.push(L(T.noDefects), '');
  for (const fam of [...FAMILY_ORDER, 'other' as const]) {
    const inFam = failing.filter((c) => c.family === fam);
    if (!inFam.length) continue;
    out.push(`### ${fam === 'other' ? 'other' : L(FAMILIES[fam])}`, '');
    for (const c of inFam as CheckResult[]) {
      out.push(`#### ${c.ref ? `[${c.ref}] ` : ''}${mdEsc(L(c.title))} — ${L(SEVERITIES[c.severity])}, ${L(STATUSES[c.status])}${c.measure !== undefined ? `, ${L(T.measure)} ${fmtNumber(c.measure)}` : ''}`, '');
      if (c.defects.length > 1 || c.defects[0]?.key !== c.checkId) out.push(mdLine(L(c.message)), '');
      for (const d of c.defects.slice(0, maxItems)) defect(d);
      if (c.defects.length > maxItems) out.push(`- ${L(fmt(T.more, { n: c.defects.length - maxItems }))}`);
      out.push('');
    }
  }
  if (m.fixed.length) {
    out.push(`## ${L(T.fixedTitle)} (${m.fixed.length})`, '');
    for (const d of m.fixed.slice(0, maxItems)) defect(d, true);
    out.push('');
  }
  const notRechecked = m.notRechecked ?? [];
  if (notRechecked.length) {
    out.push(`## ${L(T.notRecheckedTitle)} (${notRechecked.length})`, '', mdEsc(L(T.notRecheckedNote)), '');
    for (const d of notRechecked.slice(0, maxItems)) out.push(`- ${d.ref ? `${d.ref} ` : ''}${mdEsc(L(d.message))}${d.evidence[0]?.url ? ` ${mdLink(d.evidence[0].url)}` : ''}`);
    out.push('');
  }
  if (m.cannotAssess.length) {
    out.push(`## ${L(T.cannotAssess)} (${m.cannotAssess.length})`, '', `_${L(T.cannotAssessNote)}_`, '');
    for (const c of m.cannotAssess) out.push(`- ${c.ref ? `[${c.ref}] ` : ''}${mdEsc(L(c.title))} (\`${c.checkId}\`): ${mdEsc(L(c.reason))}`);
    out.push('');
  }
  const av = m.availability;
  if (av) {
    out.push(`## ${L(T.availability)}`, '');
    out.push(`${L(T.probes)} ${av.probes} · ${L(T.probesOk)} ${av.ok} · ${L(T.failureRatio)} ${av.failureRatio === null ? '—' : fmtNumber(av.failureRatio * 100, 2) + '%'} (${fmtTime(av.from)} – ${fmtTime(av.to)}, UTC+8)`, '');
    for (const f of av.failures) out.push(`- ${L((FAILURE_LABELS as Record<string, Text>)[f.class] ?? { zh: f.class, en: f.class })}: ${f.count}`);
    if (av.failures.length) out.push('');
  }
  const ok = m.checks.filter((c) => !c.defects.length);
  if (ok.length) {
    out.push(`## ${L(T.passed)} (${ok.length})`, '');
    for (const c of ok) out.push(`- ${c.ref ? `[${c.ref}] ` : ''}${mdEsc(L(c.title))}: ${L(STATUSES[c.status])}${c.measure !== undefined ? ` (${fmtNumber(c.measure)})` : ''}`);
    out.push('');
  }
  const c = m.crawl;
  out.push(`## ${L(T.crawl)}`, '');
  out.push(`${L(T.pages)} ${c.pages} · ${L(T.pagesOk)} ${c.pagesOk} · ${L(T.linksChecked)} ${c.links}${c.probes ? ` · probes ${c.probesOk}/${c.probes}` : ''}`, '');
  if (c.failures.length) {
    out.push(`| ${L(T.failure)} | | ${L(T.pages)} | ${L(T.linksChecked)} | probes |`, '|---|---|---:|---:|---:|');
    for (const f of c.failures) out.push(`| ${L(FAILURE_LABELS[f.class])} (${f.class}) | ${L(f.blame === 'site' ? T.blameSite : T.blameAssess)} | ${f.pages} | ${f.links} | ${f.probes} |`);
    out.push('');
  }
  if (c.broken.length) {
    out.push(`### ${L(T.brokenLinks)} (${c.brokenTotal})`, '');
    for (const b of c.broken.slice(0, maxItems)) {
      const from = b.from.slice(0, 3).map((f) => `${mdLink(f.page)}${f.text ? ` “${mdEsc(f.text)}”` : ''}`).join('; ');
      out.push(`- ${mdLink(b.url)} — ${b.status || ''} ${b.failureClass ? L(FAILURE_LABELS[b.failureClass]) : ''} (${L(b.blame === 'site' ? T.blameSite : T.blameAssess)})${from ? ` ← ${from}` : ''}`);
    }
    if (c.broken.length > maxItems) out.push(`- ${L(fmt(T.more, { n: c.broken.length - maxItems }))}`);
    out.push('');
  }
  if (c.events.length) {
    out.push(`### ${L(T.crawlEvents)}`, '');
    for (const e of c.events.slice(0, 50)) out.push(`- ${L(CRAWL_EVENTS[e.event] ?? { zh: e.event, en: e.event })}${e.count !== undefined ? ` (${e.count})` : ''}: ${mdEsc(e.detail)}`);
    out.push('');
  }
  out.push('---', `_${L(T.footer)} ${L(T.generated)}: ${fmtTime(m.generatedAt)} (UTC+8)_`, '');
  return out.join('\n');
}
