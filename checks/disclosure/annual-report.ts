/**
 * G-08 年度报告 timing (条例 Art. 49): the previous year's 政府信息公开工作年度报告 is published by
 * 1月31日 for 县级以上人民政府部门 and by 3月31日 for the 本级政府 report (on the 门户网站 of a
 * 省/市/县 government).
 */
import { z } from 'zod';
import type { Check, CheckContext, Evidence, Finding } from '../../model/finding.ts';
import { findReports, reportDate, type ReportRef } from './annual-report-common.ts';
import { chinaDate, defect, findSection, homePage, isDepartment, isOk, PageIndex, pageEvidence, parseOptions, summary } from './common.ts';

const MMDD = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'use MM-DD, e.g. 03-31');

const Options = z.object({
  /** Art. 49: 部门 by 1月31日. */
  departmentDeadline: MMDD,
  /** Art. 49: 本级政府 by 3月31日. */
  governmentDeadline: MMDD,
});

const meta = {
  id: 'disclosure.annual-report',
  ref: 'G-08',
  family: 'disclosure',
  severity: 'deduct',
  title: { zh: '政府信息公开工作年度报告按时发布', en: 'Annual disclosure report published on time' },
  description: {
    zh: '上一年度政府信息公开工作年度报告应按时发布：部门1月31日前，本级人民政府3月31日前（条例第四十九条）。',
    en: "Last year's disclosure annual report is published by Jan 31 (departments) or Mar 31 (the government itself), per Art. 49.",
  },
  needs: ['page'],
  defaults: { departmentDeadline: '01-31', governmentDeadline: '03-31' },
} satisfies Omit<Check, 'evaluate'>;

function refEvidence(r: ReportRef, extra: Partial<Evidence> = {}): Evidence {
  const d = reportDate(r);
  return { url: r.url, page: r.page, linkText: r.linkText ?? r.title, text: r.title, date: d?.date, data: { year: r.year, own: r.own }, ...extra };
}

function evaluate(ctx: CheckContext): Finding[] {
  const o = parseOptions(Options, ctx, meta.id);
  const home = homePage(ctx);
  if (!ctx.pages.some(isOk)) {
    return [summary(meta, 'cannot_assess', { zh: '本次未获取到任何页面，无法查找年度报告', en: 'No page was fetched in this run, so the annual report could not be looked for' }, { evidence: home ? [pageEvidence(home, { failureClass: home.failure?.class })] : [] })];
  }
  const today = chinaDate(ctx.now);
  const year = Number(today.slice(0, 4)) - 1;
  const dept = isDepartment(ctx.site);
  const deadline = `${year + 1}-${dept ? o.departmentDeadline : o.governmentDeadline}`;
  const who = dept ? { zh: '部门', en: 'department' } : { zh: '本级人民政府', en: 'government' };
  const index = new PageIndex(ctx.pages);
  const reports = findReports(ctx, index);
  const target = reports.filter((r) => r.year === year);
  const own = target.filter((r) => r.own);
  const due = today > deadline;
  const examples = reports.slice(0, 20).map((r) => refEvidence(r));
  const fix = {
    zh: `在政府信息公开年报栏目发布《${year}年政府信息公开工作年度报告》（${who.zh}应于${deadline.slice(5, 7)}月${deadline.slice(8)}日前发布，条例第四十九条）。`,
    en: `Publish the ${year} annual disclosure report under the annual-report column (due ${deadline} for a ${who.en}, Art. 49).`,
  };

  if (own.length > 0) {
    const r = own.find((x) => x.crawled) ?? own[0];
    const d = reportDate(r);
    if (d && d.date > deadline && due) {
      const msg = { zh: `${year}年政府信息公开工作年度报告于 ${d.date} 发布，晚于法定期限 ${deadline}`, en: `The ${year} annual report was published on ${d.date}, after the ${deadline} deadline` };
      return [summary(meta, 'fail', msg, { measure: 1, fix, evidence: [refEvidence(r), ...examples] }), defect(meta, `late|${year}`, 'fail', msg, refEvidence(r, { text: d.raw }), { fix })];
    }
    if (d && d.date > deadline && !due) {
      // Cannot happen with a truthful date (published after a deadline that has not come yet): a date typo.
      return [summary(meta, 'warn', { zh: `${year}年度报告的发布日期 ${d.date} 晚于今天，请核对`, en: `The ${year} report's publish date ${d.date} is in the future; please check` }, { measure: 0, requiresReview: true, evidence: [refEvidence(r)] })];
    }
    return [
      summary(
        meta,
        'pass',
        d
          ? { zh: `已于 ${d.date} 发布《${r.title}》（期限 ${deadline}）`, en: `"${r.title}" was published on ${d.date} (due ${deadline})` }
          : { zh: `已发布《${r.title}》（未找到发布日期，无法核实是否按时）`, en: `"${r.title}" is published (no publish date found, so timeliness was not verified)` },
        { measure: 0, evidence: [refEvidence(r), ...examples], ...(d ? {} : { requiresReview: true }) },
      ),
    ];
  }
  if (!due) {
    return [
      summary(meta, 'not_applicable', { zh: `${year}年度报告尚未到发布期限（${who.zh} ${deadline}），暂不评价`, en: `The ${year} report is not yet due (${deadline} for a ${who.en})` }, { measure: 0, evidence: examples }),
    ];
  }
  if (target.length > 0) {
    // Only other units' reports for the year: a county portal listing its departments' reports.
    return [
      summary(meta, 'warn', { zh: `找到 ${target.length} 份其他单位的${year}年度报告，未找到本单位的报告，请人工核实`, en: `Found ${target.length} ${year} report(s) of other units but none of this unit; please review` }, { measure: 0, requiresReview: true, fix, evidence: [...target.map((r) => refEvidence(r)), ...examples] }),
    ];
  }
  // Not found. If the section or its 年报 column could not be read, we cannot say it is missing.
  const s = findSection(ctx, index);
  if (s.entry && (s.rootState === 'cannot_assess' || s.rootState === 'not_crawled')) {
    return [summary(meta, 'cannot_assess', { zh: '政府信息公开专栏未能读取，无法确认年度报告是否发布', en: 'The disclosure section could not be read, so the annual report could not be looked for' }, { evidence: [{ url: s.entry.url, page: s.entry.page, linkText: s.entry.text }] })];
  }
  const older = reports.filter((r) => r.own && r.year < year).sort((a, b) => b.year - a.year)[0];
  const msg = older
    ? { zh: `未找到${year}年政府信息公开工作年度报告（最新的是${older.year}年度报告），已过期限 ${deadline}`, en: `No ${year} annual disclosure report was found (the latest is for ${older.year}); it was due ${deadline}` }
    : { zh: `未找到${year}年政府信息公开工作年度报告，已过期限 ${deadline}`, en: `No ${year} annual disclosure report was found; it was due ${deadline}` };
  const ev: Evidence = older ? refEvidence(older, { text: `最新报告：${older.title}` }) : s.root ? pageEvidence(s.root) : { url: ctx.site.url };
  return [summary(meta, 'fail', msg, { measure: 1, fix, evidence: [ev, ...examples] }), defect(meta, `missing|${year}`, 'fail', msg, ev, { fix })];
}

export const annualReportCheck: Check = { ...meta, evaluate };
