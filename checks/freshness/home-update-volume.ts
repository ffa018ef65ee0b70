/**
 * freshness.home-update-volume (D-03, deduct): "首页栏目信息更新数量" — the number of distinct
 * home-page items dated within the last 14 days. measure = that count, for the methodology to
 * score (point values ❓). 开普云 reports "两周内首页栏目信息更新总量为0条" (V-02w): zero fails.
 * A navigation-hub home page is measured on its second-level pages, as V-02 does.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding } from '../util.ts';
import { num } from '../availability/window.ts';
import { cnDate, dayDiff, discoverColumns, isPaginationPage, okPage, ownSiteItems, sitePages, withDetailDates } from './columns.ts';

const meta: CheckMeta = {
  id: 'freshness.home-update-volume',
  ref: 'D-03',
  family: 'freshness',
  title: { zh: '首页栏目信息更新量', en: 'Home page update volume' },
  description: { zh: '两周内首页栏目新发布信息的条数。', en: 'Number of home-page items published in the last two weeks.' },
  severity: 'deduct',
  needs: ['page'],
  defaults: { windowDays: 14, minItems: 1, countOffsiteItems: false },
};

function evaluate(ctx: CheckContext): Finding[] {
  const windowDays = num(ctx.options.windowDays, 14);
  const minItems = num(ctx.options.minItems, 1);
  const { home } = discoverColumns(ctx);
  if (!home || !okPage(home)) return [finding(meta, 'cannot_assess', { zh: '首页无法获取', en: 'The home page could not be fetched' }, { key: meta.id })];
  let items = home.items ?? [];
  let scope = 'home';
  if (items.length === 0) {
    items = sitePages(ctx).filter((p) => p !== home && p.depth === 1 && okPage(p) && !isPaginationPage(p)).flatMap((p) => p.items ?? []);
    scope = 'second-level';
  }
  const split = ctx.options.countOffsiteItems === true ? { own: items, offsite: 0 } : ownSiteItems(items, ctx.site);
  items = withDetailDates(split.own, ctx.pages);
  const today = cnDate(ctx.now);
  const recent = new Map<string, { title: string; date: string }>();
  for (const it of items) {
    if (!it.date) continue;
    const age = dayDiff(it.date, today);
    if (age >= 0 && age <= windowDays && !recent.has(it.url)) recent.set(it.url, { title: it.title, date: it.date });
  }
  const count = recent.size;
  const homeUrl = home.finalUrl || home.url;
  const examples = [...recent.entries()].slice(0, 20).map(([url, v]) => ({ url, date: v.date, text: v.title, page: homeUrl }));
  const status = count >= minItems ? 'pass' : 'fail';
  return [
    finding(
      meta,
      status,
      { zh: `${windowDays}天内${scope === 'home' ? '首页' : '二级页面'}新发布信息${count}条`, en: `${count} new item(s) on ${scope === 'home' ? 'the home page' : 'second-level pages'} in the last ${windowDays} days` },
      {
        key: meta.id,
        measure: count,
        evidence: [{ url: homeUrl, data: { scope, windowDays, count, itemsSeen: items.length, offsiteItems: split.offsite } }, ...examples],
        ...(status === 'fail' ? { fix: { zh: '保持首页各栏目持续更新', en: 'Keep the home-page columns updated' } } : {}),
      },
    ),
  ];
}

export const homeUpdateVolume: Check = { ...meta, evaluate };
