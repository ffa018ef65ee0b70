/**
 * identity.annual-worksheet (S-10, 国办函〔2018〕12号): last year's 《YYYY年度政府网站工作年度报表》
 * is on the home page, in a prominent position, by 31 January (option `deadline`, MM-DD).
 * Before the deadline a missing report is not yet due. Found elsewhere but not on the home page
 * → fail. Published after the deadline → warn (late) with the date as evidence.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import type { PageObservation } from '../../model/observation.ts';
import { finding } from '../util.ts';
import { home, metaGet } from './common.ts';

const meta: CheckMeta = {
  id: 'identity.annual-worksheet',
  ref: 'S-10',
  family: 'identity',
  title: { zh: '政府网站工作年度报表', en: 'Annual website worksheet (年度报表)' },
  description: { zh: '上一年度《政府网站工作年度报表》应于1月31日前在首页显著位置公开。', en: 'Last year’s 政府网站工作年度报表 is on the home page by 31 January.' },
  severity: 'deduct',
  needs: ['page'],
  defaults: { deadline: '01-31' },
};

// 「2025年度政府网站工作年度报表」 and the variants sites print: 「XX市人民政府门户网站2025年度政府网站工作年度报表」,
// 「2025年政府网站年度工作报表」, 「政府网站工作年度报表（2025年度）」. 报表 (the worksheet), never 报告 (the G-08 report).
const WORKSHEET_FWD = /((?:19|20)\d{2})\s*年度?[^<>\n]{0,24}?网站[^<>\n]{0,8}?年度(?:工作)?报表/;
const WORKSHEET_REV = /网站(?:工作)?年度(?:工作)?报表\s*[（(]\s*((?:19|20)\d{2})\s*年?度?\s*[）)]/;

// 「邯郸市人民政府门户网站2025年度工作报表」: the year between 网站 and 报表
const WORKSHEET_MID = /网站\s*((?:19|20)\d{2})\s*年度?\s*(?:工作)?(?:年度)?报表/;
/** The home page's standing entry 「政府网站工作年度报表」 (no year) that leads to the current worksheet. */
const WORKSHEET_ENTRY = /^(?:政府)?网站(?:工作)?年度(?:工作)?报表(?:公示|公开)?$/;

export function worksheetYear(text: string): number | undefined {
  const m = WORKSHEET_FWD.exec(text) ?? WORKSHEET_REV.exec(text) ?? WORKSHEET_MID.exec(text);
  return m ? Number(m[1]) : undefined;
}

function pubDate(p: PageObservation | undefined): string | undefined {
  if (!p) return undefined;
  const m = metaGet(p, 'PubDate');
  const d = m ? /(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})/.exec(m) : undefined;
  if (d) return `${d[1]}-${d[2].padStart(2, '0')}-${d[3].padStart(2, '0')}`;
  return p.dates?.find((x) => x.source === 'meta' || x.source === 'label')?.date ?? p.dates?.[0]?.date;
}

function evaluate(ctx: CheckContext): Finding[] {
  const h = home(ctx);
  if (!h || h.status === 0 || h.failure) return [finding(meta, 'cannot_assess', { zh: '首页未成功抓取', en: 'The home page was not fetched' })];
  const year = ctx.now.getUTCFullYear() - 1;
  const [mm, dd] = String(ctx.options.deadline ?? '01-31').split('-').map(Number);
  const deadline = `${year + 1}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
  const due = ctx.now.toISOString().slice(0, 10) > deadline;
  const homeUrl = h.finalUrl || h.url;
  const onHome = (h.links ?? []).find((l) => {
    return worksheetYear(l.text) === year || worksheetYear(l.raw) === year;
  });
  const homeItem = (h.items ?? []).find((i) => worksheetYear(i.title) === year);
  // Most portals keep a standing 「政府网站工作年度报表」 link on the home page that opens the worksheets'
  // column or the current worksheet: that is the home-page entry, when what it opens holds this year's.
  let viaEntry: { url: string; text: string } | undefined;
  if (!onHome && !homeItem) {
    for (const l of (h.links ?? []).filter((x) => WORKSHEET_ENTRY.test(x.text.replace(/\s+/g, '')))) {
      const p = ctx.pages.find((q) => q.url === l.url || q.finalUrl === l.url);
      if (!p) continue;
      const inner = (p.links ?? []).find((x) => worksheetYear(x.text) === year) ?? (p.items ?? []).map((i) => ({ url: i.url, text: i.title })).find((i) => worksheetYear(i.text) === year);
      if (inner) viaEntry = { url: inner.url, text: `${l.text} › ${inner.text}` };
      else if (worksheetYear(p.title ?? '') === year || worksheetYear(p.text?.slice(0, 2000) ?? '') === year) viaEntry = { url: p.finalUrl || p.url, text: l.text };
      if (viaEntry) break;
    }
  }
  const target = onHome ?? (homeItem ? { url: homeItem.url, text: homeItem.title } : viaEntry);
  if (target) {
    const page = ctx.pages.find((p) => p.url === target.url || p.finalUrl === target.url);
    const date = homeItem?.date ?? pubDate(page);
    const ev = [{ url: target.url, page: homeUrl, linkText: target.text, date, data: { year, deadline } }];
    if (date && date > deadline) {
      return [finding(meta, 'warn', { zh: `${year}年度报表于${date}发布，晚于${deadline}`, en: `The ${year} worksheet was published on ${date}, after ${deadline}` }, { key: meta.id, measure: 1, evidence: ev, fix: { zh: '今后于1月31日前发布', en: 'Publish by 31 January from now on' } })];
    }
    return [finding(meta, 'pass', { zh: `首页已公开${year}年度政府网站工作年度报表${date ? `（${date}）` : ''}`, en: `The ${year} worksheet is on the home page${date ? ` (${date})` : ''}` }, { key: meta.id, measure: 0, evidence: ev })];
  }
  // Present somewhere else (a column), but not where 12号 says: the home page.
  let elsewhere: { url: string; page: string; text: string } | undefined;
  for (const p of ctx.pages) {
    if (p === h) continue;
    const l = (p.links ?? []).find((x) => worksheetYear(x.text) === year);
    if (l) {
      elsewhere = { url: l.url, page: p.finalUrl || p.url, text: l.text };
      break;
    }
    if (worksheetYear(p.title ?? '') === year) {
      elsewhere = { url: p.finalUrl || p.url, page: p.referrer ?? '', text: p.title ?? '' };
      break;
    }
  }
  if (!due) {
    return [finding(meta, 'not_applicable', { zh: `${year}年度报表截止日期为${deadline}，尚未到期`, en: `The ${year} worksheet is not due until ${deadline}` }, { key: meta.id, evidence: elsewhere ? [{ url: elsewhere.url, page: elsewhere.page, linkText: elsewhere.text }] : [] })];
  }
  if (elsewhere) {
    return [
      finding(meta, 'fail', { zh: `${year}年度报表已发布但未在首页显著位置展示`, en: `The ${year} worksheet exists but is not on the home page` }, {
        key: meta.id,
        measure: 1,
        evidence: [{ url: elsewhere.url, page: elsewhere.page, linkText: elsewhere.text, data: { year } }],
        fix: { zh: '在首页显著位置链接年度报表', en: 'Link the worksheet prominently from the home page' },
      }),
    ];
  }
  return [
    finding(meta, 'fail', { zh: `首页未发现${year}年度政府网站工作年度报表（截止${deadline}）`, en: `No ${year} website worksheet on the home page (due ${deadline})` }, {
      key: meta.id,
      measure: 1,
      evidence: [{ url: homeUrl, data: { year, deadline } }],
      fix: { zh: `按国办函〔2018〕12号，在首页显著位置公开《${year}年度政府网站工作年度报表》`, en: `Publish the ${year} 政府网站工作年度报表 prominently on the home page (国办函〔2018〕12号)` },
    }),
  ];
}

export const check: Check = { ...meta, evaluate };
