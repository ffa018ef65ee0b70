/**
 * V-06b 服务不实用—办事指南要素缺失 (veto, 国办秘函〔2019〕19号 Part 1): each 办事指南 shows the
 * element labels 事项名称, 设定依据, 申请条件, 办理材料 (✅ named in the 2019 text) and 办理地点,
 * 办理机构, 收费标准, 办理时间, 联系电话, 办理流程 (❓ the rest of the list was cut off in the source).
 * ❓ Veto threshold as recalled: 「缺失超过（含）5类的事项数量超过（含）5个」 → options
 * minMissingPerGuide = 5, minGuides = 5.
 */
import { z } from 'zod';
import type { Check, CheckContext, Finding } from '../../model/finding.ts';
import { defect, pageEvidence, pageUrl, parseOptions, summary, nothingFetched } from '../disclosure/common.ts';
import { findGuidePages, findServiceEntry, GUIDE_ELEMENTS } from './common.ts';

const KEYS = Object.keys(GUIDE_ELEMENTS) as [string, ...string[]];

const Options = z.object({
  /** Elements checked on every guide (the four confirmed ones plus the ❓ ones by default). */
  elements: z.array(z.enum(KEYS)).min(1),
  /** ❓ A guide counts towards the veto when this many element categories are missing. */
  minMissingPerGuide: z.number().int().positive(),
  /** ❓ Veto when at least this many guides miss `minMissingPerGuide` or more. */
  minGuides: z.number().int().positive(),
  /** Pages without a 办事指南 title need this many labels to be taken for a guide. */
  minLabelsToDetect: z.number().int().min(2),
  maxDefects: z.number().int().positive(),
});

const meta = {
  id: 'services.guide-elements',
  ref: 'V-06b',
  family: 'services',
  severity: 'veto',
  title: { zh: '办事指南要素完整', en: 'Service guides state their key elements' },
  description: {
    zh: '办事指南应载明事项名称、设定依据、申请条件、办理材料、办理地点、办理机构、收费标准、办理时间、联系电话、办理流程等要素；缺失5类及以上的事项达5个及以上即单项否决（阈值待核实，可配置）。',
    en: 'Each service guide states name, legal basis, conditions, documents, place, office, fees, hours, phone and procedure; 5+ guides missing 5+ elements is a veto (threshold unverified, configurable).',
  },
  needs: ['page'],
  defaults: { elements: KEYS, minMissingPerGuide: 5, minGuides: 5, minLabelsToDetect: 3, maxDefects: 200 },
} satisfies Omit<Check, 'evaluate'>;

function evaluate(ctx: CheckContext): Finding[] {
  if (!ctx.site.offersServices) {
    return [summary(meta, 'not_applicable', { zh: '本单位不对外提供办事服务，不检查办事指南', en: 'This unit offers no public services; guides are not assessed' })];
  }
  const o = parseOptions(Options, ctx, meta.id);
  const none = nothingFetched(meta, ctx);
  if (none) return [none];
  const guides = findGuidePages(ctx, o.minLabelsToDetect);
  if (guides.length === 0) {
    const e = findServiceEntry(ctx);
    return [
      summary(
        meta,
        'cannot_assess',
        e?.platform
          ? { zh: '本站未抓取到办事指南页面：办事服务由政务服务网提供，需在该平台上人工核查指南要素', en: 'No guide pages on this site: services are on the 政务服务网, whose guides need a manual review' }
          : { zh: '本次抓取未发现办事指南页面，无法检查指南要素', en: 'No service guide pages were found among the crawled pages' },
        { requiresReview: true, evidence: e ? [{ url: e.url, page: e.page, linkText: e.text }] : [] },
      ),
    ];
  }
  const confirmed = o.elements.filter((k) => GUIDE_ELEMENTS[k].confirmed);
  const out: Finding[] = [];
  let incomplete = 0;
  let severe = 0;
  let missingConfirmed = 0;
  const examples: Array<{ url: string; title?: string; missing: string[] }> = [];
  for (const g of guides) {
    const missing = o.elements.filter((k) => !g.found.has(k));
    if (missing.length === 0) continue;
    incomplete++;
    // A page taken for a guide by its title alone that shows no label at all may be a news item
    // (「…就业服务指南发布」): reported for review, never counted towards the veto.
    const unverified = g.found.size === 0;
    const isSevere = !unverified && missing.length >= o.minMissingPerGuide;
    if (isSevere) severe++;
    if (missing.some((k) => confirmed.includes(k))) missingConfirmed++;
    const names = missing.map((k) => GUIDE_ELEMENTS[k].zh);
    examples.push({ url: pageUrl(g.page), title: g.page.title, missing: names });
    if (out.length < o.maxDefects) {
      out.push(
        defect(
          meta,
          pageUrl(g.page),
          isSevere ? 'fail' : 'warn',
          { zh: `办事指南《${g.page.title ?? pageUrl(g.page)}》缺少 ${missing.length} 类要素：${names.join('、')}`, en: `Service guide "${g.page.title ?? pageUrl(g.page)}" lacks ${missing.length} element(s): ${missing.map((k) => GUIDE_ELEMENTS[k].en).join(', ')}` },
          pageEvidence(g.page, { text: `缺少：${names.join('、')}`, data: { missing, present: [...g.found], detectedBy: g.reason } }),
          { measure: missing.length, ...(unverified ? { requiresReview: true } : {}), fix: { zh: `在办事指南中补充${names.join('、')}等要素，确保与政务服务平台发布的指南一致。`, en: `Add ${missing.map((k) => GUIDE_ELEMENTS[k].en).join(', ')} to the guide, consistent with the 政务服务 platform.` } },
        ),
      );
    }
  }
  const veto = severe >= o.minGuides;
  const status = veto ? 'fail' : missingConfirmed > 0 || severe > 0 ? 'warn' : 'pass';
  out.unshift(
    summary(
      meta,
      status,
      veto
        ? { zh: `${severe} 个办事指南缺失 ${o.minMissingPerGuide} 类及以上要素（达到单项否决标准：${o.minGuides} 个）`, en: `${severe} guides lack ${o.minMissingPerGuide}+ elements (veto threshold: ${o.minGuides} guides)` }
        : incomplete > 0
          ? { zh: `检查了 ${guides.length} 个办事指南，${incomplete} 个要素不全（${severe} 个缺失 ${o.minMissingPerGuide} 类及以上，未达否决标准）`, en: `${incomplete} of ${guides.length} guides are incomplete (${severe} lack ${o.minMissingPerGuide}+ elements; below the veto threshold)` }
          : { zh: `检查了 ${guides.length} 个办事指南，要素齐全`, en: `All ${guides.length} service guides state every element` },
      {
        measure: incomplete,
        ...(veto ? { fix: { zh: '逐一补全办事指南要素，建议直接引用政务服务平台的标准化办事指南。', en: 'Complete every guide; reuse the standardised guides of the 政务服务 platform.' } } : {}),
        evidence: [
          { data: { guides: guides.length, incomplete, severe, missingConfirmed, minMissingPerGuide: o.minMissingPerGuide, minGuides: o.minGuides } },
          ...(examples.length > 0
            ? examples.slice(0, 19).map((e) => ({ url: e.url, text: `${e.title ?? ''} 缺少：${e.missing.join('、')}`, data: { missing: e.missing } }))
            : guides.slice(0, 19).map((g) => pageEvidence(g.page))),
        ],
      },
    ),
  );
  return out;
}

export const guideElementsCheck: Check = { ...meta, evaluate };
