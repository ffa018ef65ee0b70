/**
 * G-02 专栏 sub-columns: inside the 政府信息公开 section, the four standard sub-columns
 * 政府信息公开指南, 政府信息公开制度, 法定主动公开内容, 政府信息公开年报 (国办公开办函〔2019〕61号).
 * ❓ The list is from memory in the reference (not re-verified in the 61号 text): the parts and
 * their name variants are options.
 */
import { z } from 'zod';
import type { Check, CheckContext, Finding } from '../../model/finding.ts';
import type { PageObservation } from '../../model/observation.ts';
import { findLinks, findSection, looksEmpty, norm, pageEvidence, pageUrl, parseOptions, summary, defect, PageIndex, nothingFetched } from './common.ts';

/** Name patterns per part; matched against whitespace-free anchor texts and page titles. */
export const STANDARD_PARTS: Record<string, { zh: string; en: string; pattern: string }> = {
  guide: { zh: '政府信息公开指南', en: 'disclosure guide', pattern: '(?:信息)?公开指南' },
  rules: { zh: '政府信息公开制度', en: 'disclosure rules', pattern: '(?:信息)?公开.{0,4}制度|信息公开规定' },
  // 「信息公开目录」 is the pre-2019 name of the same sub-column; it still counts.
  statutory: { zh: '法定主动公开内容', en: 'statutory proactive disclosure', pattern: '法定主动公开|主动公开(?:内容|目录)|(?:政府)?信息公开目录|^公开目录$|^主动公开$' },
  // 年报, not 年度报表 (S-10 政府网站工作年度报表 is a different thing).
  annual: { zh: '政府信息公开年报', en: 'annual disclosure reports', pattern: '公开(?:工作)?年(?:度)?报(?!表)|年度报告|^年报$|信息公开年报' },
};

const Options = z.object({
  parts: z.array(z.enum(Object.keys(STANDARD_PARTS) as [string, ...string[]])).min(1),
  /** Extra regex (source string) per part, added to the built-in variants. */
  extraPatterns: z.record(z.string(), z.string()).default({}),
});

const meta = {
  id: 'disclosure.standard-parts',
  ref: 'G-02',
  family: 'disclosure',
  severity: 'deduct',
  title: { zh: '信息公开专栏标准子栏目', en: 'Standard sub-columns of the disclosure section' },
  description: {
    zh: '政府信息公开专栏下应设置政府信息公开指南、政府信息公开制度、法定主动公开内容、政府信息公开年报四个子栏目。',
    en: 'The disclosure section holds the four sub-columns 指南, 制度, 法定主动公开内容 and 年报.',
  },
  needs: ['page'],
  defaults: { parts: Object.keys(STANDARD_PARTS), extraPatterns: {} },
} satisfies Omit<Check, 'evaluate'>;

function evaluate(ctx: CheckContext): Finding[] {
  const o = parseOptions(Options, ctx, meta.id);
  const none = nothingFetched(meta, ctx);
  if (none) return [none];
  const index = new PageIndex(ctx.pages);
  const s = findSection(ctx, index);
  if (!s.entry) {
    // G-01 already reports the missing section; counting four more defects here would double-count.
    return [summary(meta, 'not_applicable', { zh: '未找到政府信息公开专栏（见 disclosure.section），不再逐项检查子栏目', en: 'No disclosure section was found (see disclosure.section), so its sub-columns were not checked' })];
  }
  if (!s.root || s.pages.length === 0) {
    return [summary(meta, 'cannot_assess', { zh: '政府信息公开专栏页面未能获取，无法检查子栏目', en: 'The disclosure section page was not fetched, so its sub-columns could not be checked' }, { evidence: [{ url: s.entry.url, page: s.entry.page, linkText: s.entry.text }] })];
  }
  if (s.pages.length === 1 && looksEmpty(s.root)) {
    return [summary(meta, 'cannot_assess', { zh: '政府信息公开专栏页面几乎没有内容（可能由脚本生成），无法检查子栏目', en: 'The disclosure section page shows almost nothing (a JavaScript shell?), so its sub-columns could not be checked' }, { requiresReview: true, evidence: [pageEvidence(s.root)] })];
  }
  const pages: PageObservation[] = s.pages;
  const out: Finding[] = [];
  const found: Array<Record<string, unknown>> = [];
  const missing: string[] = [];
  for (const part of o.parts) {
    const def = STANDARD_PARTS[part];
    const rx = new RegExp(def.pattern + (o.extraPatterns[part] ? `|${o.extraPatterns[part]}` : ''));
    const hit = findLinks(pages, (t) => t.length <= 20 && rx.test(t))[0];
    const titled = hit ? undefined : pages.find((p) => rx.test(norm(p.title)) && norm(p.title).length <= 40);
    if (hit) found.push({ part, name: def.zh, url: hit.link.url, linkText: hit.link.text, page: pageUrl(hit.page) });
    else if (titled) found.push({ part, name: def.zh, url: pageUrl(titled), title: titled.title });
    else {
      missing.push(def.zh);
      out.push(
        defect(
          meta,
          part,
          'fail',
          { zh: `政府信息公开专栏缺少“${def.zh}”子栏目`, en: `The disclosure section has no "${def.zh}" (${def.en}) sub-column` },
          pageEvidence(s.root, { text: `在专栏及其下 ${pages.length} 个页面中未找到“${def.zh}”或其常见名称`, data: { part } }),
          { fix: { zh: `在政府信息公开专栏下设置“${def.zh}”子栏目。`, en: `Add a "${def.zh}" sub-column to the disclosure section.` } },
        ),
      );
    }
  }
  const status = missing.length === 0 ? 'pass' : 'fail';
  out.unshift(
    summary(
      meta,
      status,
      status === 'pass'
        ? { zh: `专栏四个标准子栏目齐全`, en: 'All standard sub-columns are present' }
        : { zh: `专栏缺少 ${missing.length} 个标准子栏目：${missing.join('、')}`, en: `${missing.length} standard sub-column(s) missing: ${missing.join(', ')}` },
      { measure: missing.length, evidence: [pageEvidence(s.root, { data: { found, missing } })] },
    ),
  );
  return out;
}

export const standardPartsCheck: Check = { ...meta, evaluate };
