/**
 * The D-02 broken-link check, in two scopes: links on the home page (links.broken-home) and on
 * every other page (links.broken-other), kept as separate counters because the methodology
 * weighs them differently (❓ −1 per home-page link, −0.1 per other link). Images, scripts,
 * stylesheets and attachments count, not only <a> links (「包括图片、附件、外部链接等」).
 *
 * measure = confirmed broken on-site targets in scope. Suspected breaks (awaiting the re-check)
 * and confirmed off-site breaks are reported as warn defects but not counted (option
 * `countExternal`). A target linked from the home page is counted under broken-home only
 * (option `excludeHomeTargets`), so one dead file is not deducted twice.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding, homePage, summaryExamples } from '../util.ts';
import { anyPageSeen, canonical, refEvidence, referrers, targetStatuses, type TargetStatus } from './common.ts';

export function brokenLinksCheck(meta: CheckMeta, scope: 'home' | 'other'): Check {
  function evaluate(ctx: CheckContext): Finding[] {
    const refs = referrers(ctx);
    const home = homePage(ctx);
    if (scope === 'home' && (!home || home.status === 0 || home.failure || home.status >= 400)) {
      return [finding(meta, 'cannot_assess', { zh: '首页未成功抓取，无法检查首页链接', en: 'The home page was not fetched; its links could not be checked' }, { key: meta.id })];
    }
    if (scope === 'other' && !anyPageSeen(ctx)) return [finding(meta, 'cannot_assess', { zh: '没有成功抓取的页面', en: 'No page was fetched' }, { key: meta.id })];
    const inScope = scope === 'home' ? refs.home : refs.other;
    const excludeHome = scope === 'other' && ctx.options.excludeHomeTargets !== false;
    const countExternal = ctx.options.countExternal === true;
    const statuses = targetStatuses(ctx);
    const canonicalHomeRegistered = canonical(ctx.site.url);
    let checked = 0;
    let notAssessed = 0;
    let confirmedCount = 0;
    let suspected = 0;
    let externalBroken = 0;
    const defects: Finding[] = [];
    for (const [url, list] of inScope) {
      if (url === refs.homeUrl || (refs.homeUrl && url === canonicalHomeRegistered)) continue; // the home page's own availability is V-01/D-01
      if (excludeHome && refs.home.has(url)) continue;
      const st: TargetStatus | undefined = statuses.get(url);
      if (!st) continue; // never fetched (budget, external checks off): not judged
      if (st.state === 'not_assessed') {
        notAssessed++;
        continue;
      }
      checked++;
      if (st.state === 'ok') continue;
      const internal = st.internal && list.some((r) => r.internal);
      const counted = st.state === 'confirmed' && (internal || countExternal);
      if (counted) confirmedCount++;
      else if (st.state === 'suspected') suspected++;
      else externalBroken++;
      const where = scope === 'home' ? '首页' : '页面';
      const kind = st.state === 'confirmed' ? (internal ? '确定不可用' : '外部链接不可用') : '疑似不可用（待复核）';
      const ev = refEvidence(url, list);
      ev[0] = {
        ...ev[0],
        status: st.status || undefined,
        failureClass: st.failure?.class,
        text: st.reason,
        data: { defect: true, state: st.state, internal, counted, via: st.via, tag: list[0].tag, linkedFrom: list.length },
      };
      defects.push(
        finding(meta, counted ? 'fail' : 'warn', { zh: `${where}链接${kind}：${url}（${st.reason}），来自${list.length}个位置`, en: `Broken link (${st.state}${internal ? '' : ', off-site'}) on ${scope === 'home' ? 'the home page' : 'a page'}: ${url} (${st.reason}), linked from ${list.length} place(s)` }, {
          key: `${meta.id}|${url}`,
          evidence: ev,
          fix: internal
            ? { zh: '修复或删除该链接：恢复被链接的页面/附件/图片，或更新为正确地址', en: 'Restore the linked page, attachment or image, or correct or remove the link' }
            : { zh: '外部网站已不可访问，请核实并更新或删除该外链', en: 'The external target is gone: verify, then update or remove the link' },
        }),
      );
    }
    defects.sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1));
    const status = confirmedCount ? 'fail' : defects.length ? 'warn' : checked === 0 && notAssessed > 0 ? 'cannot_assess' : 'pass';
    const scopeZh = scope === 'home' ? '首页' : '其他页面';
    const summary = finding(
      meta,
      status,
      status === 'cannot_assess'
        ? { zh: `${scopeZh}链接均无法检测（被拦截或未抓取）`, en: `None of the ${scope === 'home' ? 'home page' : 'other pages’'} links could be assessed (blocked or not fetched)` }
        : {
            zh: `${scopeZh}检测链接${checked}个：确定不可用${confirmedCount}个，疑似${suspected}个，外部不可用${externalBroken}个`,
            en: `${checked} ${scope === 'home' ? 'home page' : 'other-page'} link targets checked: ${confirmedCount} confirmed broken on-site, ${suspected} suspected, ${externalBroken} broken off-site`,
          },
      {
        key: meta.id,
        measure: confirmedCount,
        evidence: [...summaryExamples(defects), { data: { checked, confirmed: confirmedCount, suspected, externalBroken, notAssessed } }],
        ...(confirmedCount ? { fix: { zh: '逐一修复下列确定不可用的链接', en: 'Fix each confirmed broken link listed' } } : {}),
      },
    );
    return [summary, ...defects];
  }
  return { ...meta, evaluate };
}
