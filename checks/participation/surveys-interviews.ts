/**
 * participation.surveys-interviews (D-05, deduct): 调查征集 and 在线访谈 channels exist and are
 * used. measure = 意见征集/调查 items plus 访谈 sessions dated in the last 12 months. A garbled
 * 2019 fragment mentions "监测时间点前1年内开展活动超过（含）6次" (❓), so the yearly minimum is
 * an option (minPerYear, default 6), not a rule.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import type { ListItem, PageObservation } from '../../model/observation.ts';
import { finding, homePage } from '../util.ts';
import { num } from '../availability/window.ts';
import { INTERVIEW_KEYWORDS, matchKeyword, SURVEY_KEYWORDS } from '../keywords.ts';
import { cnDate, monthsBefore, normUrl, okPage, sitePages , unreadableSite } from '../freshness/columns.ts';
import { pageColumn } from './letters.ts';

const meta: CheckMeta = {
  id: 'participation.surveys-interviews',
  ref: 'D-05',
  family: 'participation',
  title: { zh: '调查征集与在线访谈', en: 'Surveys and online interviews' },
  description: {
    zh: '统计近1年意见征集/调查和在线访谈的开展次数。',
    en: 'Number of consultations/surveys and online interviews held in the last 12 months.',
  },
  severity: 'deduct',
  needs: ['page'],
  defaults: { windowMonths: 12, minPerYear: 6 },
};

type Kind = 'survey' | 'interview';

function kindOf(name: string | undefined): Kind | undefined {
  if (!name || name.length > 20) return undefined;
  const i = matchKeyword(name, INTERVIEW_KEYWORDS);
  const s = matchKeyword(name, SURVEY_KEYWORDS);
  if (i && (!s || i.length >= s.length)) return 'interview';
  return s ? 'survey' : undefined;
}

function evaluate(ctx: CheckContext): Finding[] {
  const unreadable = unreadableSite(ctx);
  if (unreadable) return [finding(meta, 'cannot_assess', { zh: unreadable.zh, en: unreadable.en }, { key: meta.id, evidence: unreadable.evidence })];
  const windowMonths = num(ctx.options.windowMonths, 12);
  const minPerYear = num(ctx.options.minPerYear, 6);
  const today = cnDate(ctx.now);
  const since = monthsBefore(today, windowMonths);
  const found = new Map<string, { kind: Kind; item: ListItem; page: string; column: string }>();
  const channels = new Map<string, { kind: Kind; name: string; page: string }>();
  const add = (kind: Kind, it: ListItem, page: PageObservation, column: string) => {
    const k = normUrl(it.url);
    if (!found.has(k)) found.set(k, { kind, item: it, page: page.finalUrl || page.url, column });
  };
  const home = homePage(ctx);
  for (const p of sitePages(ctx)) {
    if (!okPage(p)) continue;
    const pageKind = kindOf(pageColumn(p));
    if (pageKind && p !== home) channels.set(normUrl(p.finalUrl || p.url), { kind: pageKind, name: pageColumn(p)!, page: p.finalUrl || p.url });
    for (const it of p.items ?? []) {
      // a block named 意见征集 on any page, or the list of a 访谈 column page
      const k = kindOf(it.block) ?? (p !== home ? pageKind : undefined);
      if (!k) continue;
      if (it.block && kindOf(it.block)) channels.set(normUrl(it.blockUrl ?? `${p.url}#${it.block}`), { kind: k, name: it.block, page: p.finalUrl || p.url });
      add(k, it, p, it.block ?? pageColumn(p) ?? '');
    }
    for (const l of p.links ?? []) {
      const k = l.tag === 'a' && l.text.length <= 12 ? kindOf(l.text) : undefined;
      if (k && !channels.has(normUrl(l.url))) channels.set(normUrl(l.url), { kind: k, name: l.text, page: p.finalUrl || p.url });
    }
  }
  // channels seen only as links, whose pages the crawl never reached (budget, robots)
  const crawled = new Set(sitePages(ctx).filter(okPage).map((p) => normUrl(p.finalUrl || p.url)));
  const unvisited = [...channels.entries()].filter(([k]) => !crawled.has(k) && !k.includes('#')).map(([, c]) => c);
  const recent = [...found.values()].filter((f) => f.item.date && f.item.date >= since && f.item.date <= today);
  const surveys = recent.filter((f) => f.kind === 'survey').length;
  const interviews = recent.filter((f) => f.kind === 'interview').length;
  const count = surveys + interviews;
  const data = {
    surveys,
    interviews,
    count,
    minPerYear,
    since,
    itemsSeen: found.size,
    channels: [...channels.values()].slice(0, 20).map((c) => `${c.kind}:${c.name}`),
  };
  const evidence = [
    { url: ctx.site.url, data },
    ...recent
      .sort((a, b) => (a.item.date! < b.item.date! ? 1 : -1))
      .slice(0, 20)
      .map((f) => ({ url: f.item.url, page: f.page, linkText: f.item.title, date: f.item.date, text: f.item.rawDate, data: { kind: f.kind, column: f.column } })),
  ];
  if (channels.size === 0 && found.size === 0) {
    return [
      finding(meta, 'fail', { zh: '未发现调查征集或在线访谈栏目', en: 'No survey/consultation or online interview column was found' }, {
        key: meta.id,
        measure: 0,
        evidence,
        requiresReview: true,
        fix: { zh: '开设意见征集、网上调查和在线访谈栏目，并定期开展活动、公开结果', en: 'Open consultation, survey and online interview columns, hold them regularly and publish the results' },
      }),
    ];
  }
  if (count === 0 && found.size === 0 && unvisited.length > 0 && unvisited.length === channels.size) {
    return [
      finding(meta, 'cannot_assess', { zh: `发现${unvisited.map((c) => c.name).join('、')}栏目，但其页面未被抓取，无法统计`, en: `Found ${unvisited.map((c) => c.name).join(', ')}, but their pages were not crawled, so nothing could be counted` }, {
        key: meta.id,
        evidence,
        requiresReview: true,
      }),
    ];
  }
  const status = count >= minPerYear ? 'pass' : count > 0 ? 'warn' : 'fail';
  return [
    finding(
      meta,
      status,
      { zh: `近${windowMonths}个月开展意见征集/调查${surveys}次、在线访谈${interviews}次，共${count}次（参考值${minPerYear}次）`, en: `${surveys} consultations/surveys and ${interviews} interviews in the last ${windowMonths} months, ${count} in all (reference ${minPerYear})` },
      {
        key: meta.id,
        measure: count,
        evidence,
        ...(status !== 'pass' ? { fix: { zh: '定期开展意见征集、网上调查和在线访谈，并公开结果反馈', en: 'Hold consultations, surveys and interviews regularly and publish the feedback' } } : {}),
      },
    ),
  ];
}

export const surveysInterviews: Check = { ...meta, evaluate };
