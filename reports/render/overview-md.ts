/**
 * The overview as Markdown: the period's rankings, vetoes and warnings in a form that pastes
 * into a mail, a ticket or a review memo. Site names come from the registry; everything is
 * escaped anyway.
 */
import type { Text } from '../../model/finding.ts';
import type { OverviewModel } from '../overview.ts';
import type { Lang } from '../i18n.ts';
import { T } from '../i18n.ts';
import { OT } from './overview-html.ts';
import { fmtNumber, fmtTime } from './common.ts';
import { mdEsc } from './site-md.ts';

const LEVEL: Record<'red' | 'orange' | 'yellow', Text> = {
  red: { zh: '红色', en: 'red' },
  orange: { zh: '橙色', en: 'orange' },
  yellow: { zh: '黄色', en: 'yellow' },
};

export function renderOverviewMarkdown(m: OverviewModel, lang: Lang = 'zh', siteHref?: (siteId: string) => string | undefined): string {
  const L = (x: Text) => x[lang];
  const out: string[] = [];
  out.push(`# ${L(OT.title)} · ${m.period.label}`, '');
  out.push(`- ${L(OT.period)}: ${m.period.label} (${fmtTime(m.period.from)} – ${fmtTime(m.period.to)}, UTC+8)`);
  if (m.edition) out.push(`- ${L(OT.edition)}: ${mdEsc(m.edition)}`);
  out.push(`- ${L(OT.sites)} ${m.totals.sites} · ${L(OT.withRun)} ${m.totals.withRun} · ${L(OT.vetoed)} ${m.totals.vetoed} · ${L(OT.defects)} ${m.totals.defects}`, '');

  out.push(`## ${L(OT.warnings)} (${m.warnings.length})`, '');
  if (!m.warnings.length) out.push(L(OT.noWarnings), '');
  for (const w of m.warnings.slice(0, 300)) out.push(`- [${L(LEVEL[w.level])}]${w.ref ? ` ${mdEsc(w.ref)}` : ''} ${mdEsc(w.siteName)}: ${mdEsc(L(w.message))}`);
  if (m.warnings.length) out.push('');

  out.push(`## ${L(OT.groups)}`, '');
  for (const g of m.groups) {
    out.push(`### ${mdEsc(g.name)} (${g.rows.length})`, '');
    out.push(`| ${L(OT.rank)} | ${L(OT.site)} | ${L(OT.score)} | ${L(OT.veto)} | ${L(OT.defects)} | ${L(OT.availability)} |`, '|---:|---|---:|---|---:|---:|');
    for (const r of g.rows) {
      const href = r.href ? siteHref?.(r.site.id) : undefined;
      const name = href ? `[${mdEsc(r.site.name)}](${href})` : mdEsc(r.site.name);
      const score = r.state === 'no_data' ? L(OT.noData) : r.score !== undefined ? `${fmtNumber(r.score, 1)}${r.grade ? ` ${mdEsc(r.grade)}` : ''}${r.change !== undefined ? ` (${r.change > 0 ? '+' : ''}${fmtNumber(r.change, 1)})` : ''}` : '—';
      const veto = [r.veto ? `${L(T.vetoCandidates)}: ${r.vetoRefs.join(' ')}` : '', r.vetoReviewRefs.length ? `${L(OT.review)}: ${r.vetoReviewRefs.join(' ')}` : ''].filter(Boolean).join('; ') || '—';
      const av = r.availability ? `${fmtNumber(r.availability.ratio * 100, 1)}%` : '—';
      out.push(`| ${r.rank ?? '—'} | ${name} | ${score} | ${mdEsc(veto)} | ${r.state === 'no_data' ? '' : r.defects} | ${av} |`);
    }
    out.push('');
  }
  out.push('---', `_${L(T.generated)}: ${fmtTime(m.generatedAt)} (UTC+8) · govmon_`, '');
  return out.join('\n');
}
