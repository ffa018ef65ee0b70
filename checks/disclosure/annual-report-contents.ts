/**
 * G-09 年度报告 contents (条例 Art. 50; format per 国办公开办函〔2021〕30号): the report has the
 * blocks 总体情况; 主动公开政府信息情况; 收到和处理政府信息公开申请情况; 政府信息公开行政复议、
 * 行政诉讼情况; 存在的主要问题及改进情况; 其他需要报告的事项. Numbering (一、二、…) and small
 * wording variants are tolerated.
 */
import { z } from 'zod';
import type { Check, CheckContext, Finding } from '../../model/finding.ts';
import { findReports, type ReportRef } from './annual-report-common.ts';
import { anchors, bodyText, chinaDate, defect, norm, PageIndex, pageEvidence, pageState, parseOptions, summary, nothingFetched } from './common.ts';

export const REPORT_BLOCKS: Record<string, { zh: string; en: string; pattern: RegExp }> = {
  overview: { zh: '总体情况', en: 'overview', pattern: /总体情况|总体概况|基本情况/ },
  proactive: { zh: '主动公开政府信息情况', en: 'proactive disclosure', pattern: /主动公开政府信息(?:的)?情况|主动公开(?:政府)?信息情况|主动公开情况/ },
  requests: { zh: '收到和处理政府信息公开申请情况', en: 'requests received and handled', pattern: /收到和处理政府信息公开申请|收到和处理.{0,6}申请|依申请公开(?:政府信息)?(?:的)?情况/ },
  appeals: { zh: '政府信息公开行政复议、行政诉讼情况', en: 'administrative review and litigation', pattern: /行政复议.{0,3}行政诉讼|复议.{0,3}诉讼/ },
  problems: { zh: '存在的主要问题及改进情况', en: 'main problems and improvements', pattern: /存在的?主要问题|主要问题及(?:其)?改进|改进情况|问题和改进/ },
  other: { zh: '其他需要报告的事项', en: 'other matters to report', pattern: /其他需要?报告的?事项|其他需报告/ },
};

const ATTACHMENT_RX = /\.(?:pdf|docx?|wps|ofd)(?:$|[?#])/i;

const Options = z.object({
  blocks: z.array(z.enum(Object.keys(REPORT_BLOCKS) as [string, ...string[]])).min(1),
  /** A page with fewer characters than this and a PDF/Word link is an attachment wrapper, not the report text. */
  minTextChars: z.number().int().nonnegative(),
  /**
   * The crawler caps page text (30 000 characters by default). On a page that long, blocks
   * after the last one seen may simply have been cut off: they are reported as warn, not fail.
   */
  textCapChars: z.number().int().positive(),
});

const meta = {
  id: 'disclosure.annual-report-contents',
  ref: 'G-09',
  family: 'disclosure',
  severity: 'deduct',
  title: { zh: '年度报告内容完整', en: 'Contents of the annual disclosure report' },
  description: {
    zh: '政府信息公开工作年度报告应包括总体情况、主动公开、收到和处理申请、行政复议和行政诉讼、存在的主要问题及改进情况、其他需要报告的事项（条例第五十条，国办公开办函〔2021〕30号）。',
    en: 'The annual report contains the blocks required by Art. 50 and the 2021 national template.',
  },
  needs: ['page'],
  defaults: { blocks: Object.keys(REPORT_BLOCKS), minTextChars: 600, textCapChars: 29_500 },
} satisfies Omit<Check, 'evaluate'>;

function evaluate(ctx: CheckContext): Finding[] {
  const o = parseOptions(Options, ctx, meta.id);
  const none = nothingFetched(meta, ctx);
  if (none) return [none];
  const index = new PageIndex(ctx.pages);
  const year = Number(chinaDate(ctx.now).slice(0, 4)) - 1;
  const own = findReports(ctx, index).filter((r) => r.own);
  // Judge last year's report when it is out, else the newest one we have.
  const pickFrom = (xs: ReportRef[]) => xs.find((r) => r.year === year) ?? xs.sort((a, b) => b.year - a.year)[0];
  const r = pickFrom(own.filter((x) => x.crawled)) ;
  if (!r || !r.crawled) {
    const linked = pickFrom(own);
    if (linked) {
      const p = index.get(linked.url);
      const st = pageState(p);
      if (st === 'site') {
        const msg = { zh: `《${linked.title}》页面无法打开（${p?.failure?.class ?? p?.status}）`, en: `"${linked.title}" does not open (${p?.failure?.class ?? p?.status})` };
        return [summary(meta, 'fail', msg, { measure: 1, evidence: [{ url: linked.url, page: linked.page, linkText: linked.linkText, status: p?.status, failureClass: p?.failure?.class }] })];
      }
      if (ATTACHMENT_RX.test(linked.url)) {
        return [summary(meta, 'cannot_assess', { zh: `《${linked.title}》以附件形式发布，未检查其内容`, en: `"${linked.title}" is published as an attachment, whose contents were not read` }, { requiresReview: true, evidence: [{ url: linked.url, page: linked.page, linkText: linked.linkText }] })];
      }
      return [summary(meta, 'cannot_assess', { zh: `《${linked.title}》页面本次未能读取，无法检查内容`, en: `"${linked.title}" was not read in this run, so its contents could not be checked` }, { evidence: [{ url: linked.url, page: linked.page, linkText: linked.linkText }] })];
    }
    // G-08 reports a missing report.
    return [summary(meta, 'not_applicable', { zh: '未找到本单位的政府信息公开工作年度报告（见 disclosure.annual-report）', en: "No annual disclosure report of this unit was found (see disclosure.annual-report)" })];
  }
  const p = r.crawled;
  const text = norm([p.text, ...(p.tables ?? []).flatMap((t) => [t.caption ?? '', ...t.headers])].join(' '));
  const present: string[] = [];
  const missing: string[] = [];
  for (const k of o.blocks) (REPORT_BLOCKS[k].pattern.test(text) ? present : missing).push(k);
  const attachment = anchors(p).find((l) => ATTACHMENT_RX.test(l.url));
  const ev = pageEvidence(p, { page: r.page ?? p.referrer, linkText: r.linkText ?? p.referrerText, text: r.title });
  // Nothing readable at all: an image-only (「图片版」) or script-rendered report is unread, not empty.
  if (missing.length === o.blocks.length && bodyText(p).length < o.minTextChars && !attachment) {
    return [summary(meta, 'cannot_assess', { zh: `《${r.title}》页面没有可读的正文（图片版或脚本生成？），未检查其内容`, en: `"${r.title}" has no readable text (an image or script version?), so its contents were not checked` }, { requiresReview: true, evidence: [ev] })];
  }
  if (missing.length > 0 && attachment && text.length < o.minTextChars) {
    return [
      summary(meta, 'cannot_assess', { zh: `《${r.title}》正文仅以附件（${attachment.text || attachment.url}）提供，未检查其内容`, en: `"${r.title}" is only published as an attachment, whose contents were not read` }, { requiresReview: true, evidence: [{ ...ev, data: { attachment: attachment.url } }] }),
    ];
  }
  const order = Object.keys(REPORT_BLOCKS);
  const lastSeen = Math.max(-1, ...present.map((k) => order.indexOf(k)));
  const capped = (p.text?.length ?? 0) >= o.textCapChars;
  const cut = (k: string) => capped && order.indexOf(k) > lastSeen;
  const hard = missing.filter((k) => !cut(k));
  const out: Finding[] = missing.map((k) =>
    defect(meta, `${r.year}|${k}`, cut(k) ? 'warn' : 'fail', { zh: `《${r.title}》缺少“${REPORT_BLOCKS[k].zh}”部分`, en: `"${r.title}" lacks the "${REPORT_BLOCKS[k].en}" block` }, { ...ev, data: { block: k, year: r.year } }, {
      fix: { zh: `按国办公开办函〔2021〕30号格式补充“${REPORT_BLOCKS[k].zh}”部分。`, en: `Add the "${REPORT_BLOCKS[k].zh}" block following the 2021 national template.` },
    }),
  );
  out.unshift(
    summary(
      meta,
      missing.length === 0 ? 'pass' : hard.length > 0 ? 'fail' : 'warn',
      missing.length === 0
        ? { zh: `《${r.title}》内容要素齐全`, en: `"${r.title}" has every required block` }
        : { zh: `《${r.title}》缺少 ${missing.length} 个部分：${missing.map((k) => REPORT_BLOCKS[k].zh).join('、')}`, en: `"${r.title}" lacks ${missing.length} block(s): ${missing.map((k) => REPORT_BLOCKS[k].en).join(', ')}` },
      { measure: hard.length, ...(hard.length < missing.length ? { requiresReview: true } : {}), evidence: [{ ...ev, data: { year: r.year, present, missing, textCapped: capped, judgedYear: r.year, expectedYear: year } }] },
    ),
  );
  return out;
}

export const annualReportContentsCheck: Check = { ...meta, evaluate };
