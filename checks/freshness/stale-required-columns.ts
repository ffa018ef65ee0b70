/**
 * freshness.stale-required-columns (V-03b, veto): "应更新但长期未更新的栏目数量超过（含）10个".
 * The "should update" columns of the reference (人事、规划计划、领导信息、机构、财政、统计 …) with the
 * vendor's maximum age of 1 year (🟡, an option; `maxAgeByKeyword` overrides one type), plus
 * 通知公告/政策文件 columns below the first level on 6 months, which V-03a does not count.
 * Historical topic columns are exempt.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding } from '../util.ts';
import { num } from '../availability/window.ts';
import { unreadableSite } from './columns.ts';
import { judgeStale, sinceDays, sinceMonths } from './stale.ts';

const meta: CheckMeta = {
  id: 'freshness.stale-required-columns',
  ref: 'V-03b',
  family: 'freshness',
  title: { zh: '应更新未更新栏目', en: 'Stale "should-update" columns' },
  description: {
    zh: '应更新但长期未更新的栏目数量超过（含）10个即单项否决。默认人事、规划计划、领导信息、机构、财政、统计等栏目1年内应有更新。',
    en: 'Ten or more columns that should be updated but have not been for a long time is a veto. By default personnel, plans, leaders, organisation, budget and statistics columns must show something within a year.',
  },
  severity: 'veto',
  needs: ['page'],
  defaults: { requiredDays: 365, noticeMonths: 6, vetoCount: 10, warnCount: 5, maxAgeByKeyword: {} },
};

function evaluate(ctx: CheckContext): Finding[] {
  const unreadable = unreadableSite(ctx);
  if (unreadable) return [finding(meta, 'cannot_assess', { zh: unreadable.zh, en: unreadable.en }, { key: meta.id, evidence: unreadable.evidence })];
  const requiredDays = num(ctx.options.requiredDays, 365);
  const noticeMonths = num(ctx.options.noticeMonths, 6);
  const byKeyword = (ctx.options.maxAgeByKeyword ?? {}) as Record<string, unknown>;
  return judgeStale(ctx, {
    meta,
    vetoCount: num(ctx.options.vetoCount, 10),
    warnCount: num(ctx.options.warnCount, 5),
    scope: { zh: '应更新类栏目', en: 'should-update columns' },
    noneStatus: 'pass',
    limitFor(c, today) {
      if (c.cls === 'required') {
        const days = num(c.keyword ? byKeyword[c.keyword] : undefined, requiredDays);
        return { since: sinceDays(today, days), label: { zh: `${days}天`, en: `${days} days` } };
      }
      if (c.cls === 'notice' && !c.topLevel) return { since: sinceMonths(today, noticeMonths), label: { zh: `${noticeMonths}个月`, en: `${noticeMonths} months` } };
      return undefined;
    },
  });
}

export const staleRequiredColumns: Check = { ...meta, evaluate };
