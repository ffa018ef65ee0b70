/**
 * freshness.home-not-updated (V-02, veto): "监测2周，首页无信息更新的，即单项否决。如首页仅为网站栏目
 * 导航入口，所有二级页面无信息更新的，即单项否决。" 2015 note: "未注明信息发布时间的视为不更新".
 *
 * The newest dated item of the home page's lists must fall within the last 14 days (Beijing
 * calendar). Undated items never count as an update. A home page with no list at all is a
 * navigation hub: then the second-level pages it links to are judged together. 开普云 warns
 * at 10 days (V-02w): an option, so a maintainer hears about it before the veto.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import type { ListItem } from '../../model/observation.ts';
import { finding } from '../util.ts';
import { classifyColumn, keywordTables } from '../keywords.ts';
import { num } from '../availability/window.ts';
import { blockedPage, cnDate, dayDiff, discoverColumns, isPaginationPage, newestOf, okPage, ownSiteItems, sitePages, withDetailDates } from './columns.ts';

const meta: CheckMeta = {
  id: 'freshness.home-not-updated',
  ref: 'V-02',
  refs: ['V-02', 'V-02w'],
  family: 'freshness',
  title: { zh: '首页不更新', en: 'Home page not updated' },
  description: {
    zh: '监测2周，首页无信息更新的，即单项否决；首页仅为栏目导航入口的，所有二级页面无信息更新的，即单项否决。未注明发布时间的视为不更新。',
    en: 'No new item on the home page in 2 weeks is a veto; for a home page that is only a navigation hub, no update on any second-level page. Items without a date count as not updated.',
  },
  severity: 'veto',
  needs: ['page'],
  defaults: { windowDays: 14, warnDays: 10, countOffsiteItems: false },
};

function evaluate(ctx: CheckContext): Finding[] {
  const windowDays = num(ctx.options.windowDays, 14);
  const warnDays = num(ctx.options.warnDays, 10);
  const { home } = discoverColumns(ctx);
  if (!home) return [finding(meta, 'cannot_assess', { zh: '未抓取到首页', en: 'The home page was not crawled' }, { key: meta.id })];
  if (!okPage(home)) {
    return [
      finding(meta, 'cannot_assess', { zh: `首页无法获取（${home.failure?.class ?? home.status}），无法判断更新情况`, en: `The home page could not be fetched (${home.failure?.class ?? home.status}); updates cannot be judged` }, {
        key: meta.id,
        evidence: [{ url: home.url, status: home.status, failureClass: home.failure?.class, text: home.failure?.message }],
      }),
    ];
  }
  const homeUrl = home.finalUrl || home.url;
  const today = cnDate(ctx.now);
  let items: ListItem[] = home.items ?? [];
  let scope: 'home' | 'second-level' = 'home';
  let secondLevel: string[] = [];
  // 「首页仅为网站栏目导航入口」: no dated item and no news/notice block on the home page (a grid
  // of department links is navigation; an undated 要闻 list is a home page that is not updated)
  const tables = keywordTables(ctx.options.keywords);
  const newsBlock = items.some((it) => {
    const k = classifyColumn(it.block, tables)?.cls;
    return k === 'news' || k === 'notice';
  });
  const hub = items.length === 0 || (!newsBlock && !items.some((it) => it.date));
  if (hub) {
    const children = sitePages(ctx).filter((p) => p !== home && p.depth === 1 && okPage(p) && !isPaginationPage(p) && (p.items?.length ?? 0) > 0);
    const blocked = sitePages(ctx).filter((p) => p.depth === 1 && blockedPage(p)).length;
    if (children.length === 0 && items.length > 0) {
      // nothing one click away to judge: the home page's own undated lists decide (not updated)
    } else if (children.length === 0) {
      return [
        finding(
          meta,
          blocked ? 'cannot_assess' : 'fail',
          blocked
            ? { zh: '首页无信息列表，且二级页面被拒绝访问，无法判断', en: 'The home page has no lists and the second-level pages refused us; cannot judge' }
            : { zh: '首页无任何带日期的信息列表，二级页面也未发现信息列表', en: 'Neither the home page nor any second-level page shows a list of items' },
          {
            key: meta.id,
            evidence: [{ url: homeUrl, data: { scope: 'second-level', secondLevelPages: ctx.pages.filter((p) => p.depth === 1).length } }],
            ...(blocked ? {} : { requiresReview: true, fix: fixText }),
          },
        ),
      ];
    } else {
      scope = 'second-level';
      secondLevel = children.map((p) => p.finalUrl || p.url);
      items = children.flatMap((p) => p.items ?? []);
    }
  }
  const split = ctx.options.countOffsiteItems === true ? { own: items, offsite: 0 } : ownSiteItems(items, ctx.site);
  if (split.own.length === 0 && split.offsite > 0) {
    return [
      finding(meta, 'fail', { zh: `${scope === 'home' ? '首页' : '二级页面'}的${split.offsite}条信息均链接至其他网站（转载），本站无自有信息更新`, en: `All ${split.offsite} items on ${scope === 'home' ? 'the home page' : 'the second-level pages'} link to other sites (syndicated); the site publishes nothing of its own there` }, {
        key: meta.id,
        evidence: [{ url: homeUrl, data: { scope, offsiteItems: split.offsite } }],
        requiresReview: true,
        fix: fixText,
      }),
    ];
  }
  items = withDetailDates(split.own, ctx.pages);
  const n = newestOf(items, ctx.now);
  const age = n.date ? dayDiff(n.date, today) : undefined;
  const data = {
    scope,
    items: n.dated + n.undated,
    dated: n.dated,
    undated: n.undated,
    futureDated: n.future,
    offsiteItems: split.offsite,
    windowDays,
    ageDays: age ?? null,
    ...(scope === 'second-level' ? { secondLevelPages: secondLevel.slice(0, 20) } : {}),
    ...(n.title ? { newestTitle: n.title, newestUrl: n.url } : {}),
  };
  const where = scope === 'home' ? { zh: '首页', en: 'the home page' } : { zh: '首页（导航页）的二级页面', en: 'the second-level pages of the navigation-hub home page' };
  const evidence = [{ url: homeUrl, ...(n.date ? { date: n.date, text: n.raw } : {}), ...(home.screenshot ? { screenshot: home.screenshot } : {}), data }];
  if (age === undefined && n.undated === 0) {
    // Nothing left to date: no item at all, or only items dated after the check. Neither shows
    // "not updated"; dates in the future are a V-04 (伪造发稿日期) matter for a person.
    return [
      finding(
        meta,
        n.future > 0 ? 'warn' : 'cannot_assess',
        n.future > 0
          ? { zh: `${where.zh}的${n.future}条信息日期晚于监测日期，无法据此判断更新情况（日期是否属实需人工核实）`, en: `The ${n.future} items on ${where.en} are dated after the check, so freshness cannot be judged from them (a person should verify the dates)` }
          : { zh: `${where.zh}未发现可判断的信息条目，无法判断是否更新`, en: `No items were found on ${where.en} to judge freshness by` },
        { key: meta.id, evidence, requiresReview: true },
      ),
    ];
  }
  if (age === undefined) {
    return [
      finding(meta, 'fail', { zh: `${where.zh}的${n.undated}条信息均未注明发布时间，视为不更新`, en: `None of the ${n.undated} items on ${where.en} shows a publication date: counted as not updated` }, {
        key: meta.id,
        evidence,
        fix: fixText,
      }),
    ];
  }
  const common = { key: meta.id, measure: age, evidence };
  if (age > windowDays) {
    return [
      finding(meta, 'fail', { zh: `${where.zh}最新信息日期为${n.date}（${age}天前），${windowDays}天内无更新`, en: `The newest item on ${where.en} is dated ${n.date} (${age} days ago): no update in ${windowDays} days` }, { ...common, fix: fixText }),
    ];
  }
  if (age >= warnDays) {
    return [
      finding(meta, 'warn', { zh: `${where.zh}已连续${age}天未更新（最新${n.date}），接近${windowDays}天否决线`, en: `${where.en} has not been updated for ${age} days (newest ${n.date}), close to the ${windowDays}-day veto` }, { ...common, fix: fixText }),
    ];
  }
  return [finding(meta, 'pass', { zh: `${where.zh}最新信息日期为${n.date}（${age}天前）`, en: `The newest item on ${where.en} is dated ${n.date} (${age} days ago)` }, common)];
}

const fixText = { zh: '及时在首页发布信息，并在每条信息旁注明发布日期', en: 'Publish new items on the home page and print each item’s publication date next to it' };

export const homeNotUpdated: Check = { ...meta, evaluate };
