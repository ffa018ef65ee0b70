/**
 * freshness.stale-news-columns (V-03a, veto): "监测时间点前2周内的动态、要闻类栏目，以及监测时间点前6个月内的
 * 通知公告、政策文件类一级栏目，累计超过（含）5个未更新" (历史性工作专题栏目除外).
 * 动态要闻 columns at any level are judged on 14 days; 通知公告/政策文件 only as 一级栏目
 * (on the home page, in its navigation, or one click from it) on 6 calendar months.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding } from '../util.ts';
import { num } from '../availability/window.ts';
import { unreadableSite } from './columns.ts';
import { judgeStale, sinceDays, sinceMonths } from './stale.ts';

const meta: CheckMeta = {
  id: 'freshness.stale-news-columns',
  ref: 'V-03a',
  family: 'freshness',
  title: { zh: '栏目不更新（动态要闻、通知公告）', en: 'Stale news and notice columns' },
  description: {
    zh: '2周内未更新的动态、要闻类栏目，以及6个月内未更新的通知公告、政策文件类一级栏目，累计超过（含）5个即单项否决。',
    en: 'News columns with nothing in 2 weeks plus top-level notice/policy columns with nothing in 6 months: 5 or more is a veto.',
  },
  severity: 'veto',
  needs: ['page'],
  defaults: { newsDays: 14, noticeMonths: 6, vetoCount: 5, warnCount: 3, noticeTopLevelOnly: true },
};

function evaluate(ctx: CheckContext): Finding[] {
  const unreadable = unreadableSite(ctx);
  if (unreadable) return [finding(meta, 'cannot_assess', { zh: unreadable.zh, en: unreadable.en }, { key: meta.id, evidence: unreadable.evidence })];
  const newsDays = num(ctx.options.newsDays, 14);
  const noticeMonths = num(ctx.options.noticeMonths, 6);
  const topOnly = ctx.options.noticeTopLevelOnly !== false;
  return judgeStale(ctx, {
    meta,
    vetoCount: num(ctx.options.vetoCount, 5),
    warnCount: num(ctx.options.warnCount, 3),
    scope: { zh: '动态要闻、通知公告类栏目', en: 'news and notice columns' },
    limitFor(c, today) {
      if (c.cls === 'news') return { since: sinceDays(today, newsDays), label: { zh: `${newsDays}天`, en: `${newsDays} days` } };
      if (c.cls === 'notice' && (c.topLevel || !topOnly)) return { since: sinceMonths(today, noticeMonths), label: { zh: `${noticeMonths}个月`, en: `${noticeMonths} months` } };
      return undefined;
    },
  });
}

export const staleNewsColumns: Check = { ...meta, evaluate };
