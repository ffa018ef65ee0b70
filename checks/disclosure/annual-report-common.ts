/**
 * Finding 政府信息公开工作年度报告 (G-08, G-09) among crawled links, list items and pages, and
 * deciding whether a report is the unit's own. Titles vary: 「2025年政府信息公开工作年度报告」,
 * 「2025年度政府信息公开工作报告」, 「XX局2025年政府信息公开年度报告」, 「关于二〇二五年…」.
 * Not to be confused with 政府网站工作年度报表 (S-10).
 */
import type { CheckContext } from '../../model/finding.ts';
import type { PageObservation } from '../../model/observation.ts';
import type { Site } from '../../model/site.ts';
import { anchors, arabicYears, isDepartment, isOk, labelledDates, norm, PageIndex, pageUrl, urlKey } from './common.ts';

const TITLE_RX = /^(.*?)((?:19|20)\d{2})年度?(.{0,24}?)政府信息公开(?:工作)?(?:年度)?报告/;
const NOT_REPORT = /报表|解读|图解|一图|图读|读懂|说明会|统计表|通知|征求意见/;
export const PUBLISHED_LABEL = /^(?:发布|公开|公布|发表|上网)(?:日期|时间)$|^PubDate$/i;

export interface ReportRef {
  year: number;
  title: string;
  url: string;
  /** Where we saw it: the page linking to it (with its anchor text), or the report page itself. */
  page?: string;
  linkText?: string;
  listDate?: string;
  own: boolean;
  crawled?: PageObservation;
}

export function parseReportTitle(raw: string): { year: number; unit: string; about?: boolean } | undefined {
  const t = norm(arabicYears(raw));
  if (NOT_REPORT.test(t)) return undefined;
  const m = t.match(TITLE_RX);
  if (!m) return undefined;
  const prefix = m[1] + m[3];
  const unit = prefix.replace(/^(?:【[^】]*】|\[[^\]]*\])/, '').replace(/关于|印发|[《》“”"]/g, '').replace(/的$/, '');
  return { year: Number(m[2]), unit, ...(/关于|印发/.test(prefix) ? { about: true } : {}) };
}

/** Region parts: 「福建省福州市鼓楼区」 → 福建省, 福州市, 鼓楼区 (longest first when stripping). */
function regionParts(region: string): string[] {
  return (norm(region).match(/.+?(?:自治区|自治州|自治县|特别行政区|省|市|州|盟|地区|县|区|旗)/g) ?? []).sort((a, b) => b.length - a.length);
}

/**
 * Whether the unit named before the year is this site's unit. A 县 portal's 年报 column also
 * lists its departments' reports (「XX县教育局2025年…」), which are not the 本级政府 report.
 */
export function isOwnReport(unit: string, site: Site, about = false): boolean {
  if (unit === '') return true;
  const name = norm(site.name);
  if (name.includes(unit)) return true;
  let rest = unit.replace(name, '');
  for (const part of regionParts(site.region)) rest = rest.replace(part, '');
  const core = name.replace(/人民政府.*$/, '');
  if (core) rest = rest.replace(core, '');
  if (isDepartment(site)) return rest === '';
  if (['', '人民政府', '政府', '本级', '本级政府'].includes(rest)) return true;
  // The 本级政府 report is compiled by the government's general office (条例 Art. 49 主管部门),
  // which publishes it as 「XX市人民政府办公室关于XX市2025年度…报告」. Without 关于,
  // 「XX市人民政府办公厅2025年…报告」 is the office's own report as a department.
  return about && /^(?:人民政府|政府)?办公(?:室|厅)$/.test(rest);
}

/** Every annual-report reference the run saw, one per URL, own reports first. */
export function findReports(ctx: Pick<CheckContext, 'pages' | 'site'>, index = new PageIndex(ctx.pages)): ReportRef[] {
  const byUrl = new Map<string, ReportRef>();
  const add = (title: string, url: string, extra: Partial<ReportRef>) => {
    const parsed = parseReportTitle(title);
    if (!parsed) return;
    const k = urlKey(url);
    const prev = byUrl.get(k);
    if (prev) {
      prev.listDate ??= extra.listDate;
      prev.page ??= extra.page;
      prev.linkText ??= extra.linkText;
      return;
    }
    const crawled = index.get(url);
    byUrl.set(k, { year: parsed.year, title, url, own: isOwnReport(parsed.unit, ctx.site, parsed.about), crawled: crawled && isOk(crawled) ? crawled : undefined, ...extra });
  };
  for (const p of ctx.pages) {
    if (!isOk(p)) continue;
    for (const it of p.items ?? []) add(it.title, it.url, { page: pageUrl(p), linkText: it.title, listDate: it.date });
    for (const l of anchors(p)) add(l.text, l.url, { page: pageUrl(p), linkText: l.text });
  }
  for (const p of ctx.pages) if (isOk(p) && p.title) add(p.title, pageUrl(p), {});
  return [...byUrl.values()].sort((a, b) => Number(b.own) - Number(a.own) || b.year - a.year);
}

/** Publication date of a report: the report page's 发布日期 (or PubDate), else the date in the list. */
export function reportDate(r: ReportRef): { date: string; raw: string } | undefined {
  if (r.crawled) {
    const hit = labelledDates(r.crawled, PUBLISHED_LABEL).sort((a, b) => (a.from === 'meta' ? 1 : 0) - (b.from === 'meta' ? 1 : 0))[0];
    if (hit) return { date: hit.date, raw: hit.raw };
  }
  return r.listDate ? { date: r.listDate, raw: r.listDate } : undefined;
}
