/**
 * identity.meta-tags (S-06, 国办发〔2017〕47号 附件 网页设计规范): every page carries SiteName,
 * SiteDomain and SiteIDCode; column pages ColumnName, ColumnDescription, ColumnKeywords,
 * ColumnType; article pages ArticleTitle, PubDate, ContentSource. The reference has seen
 * SiteName, SiteDomain, SiteIDCode, ColumnName, ColumnKeywords, ArticleTitle, PubDate on live
 * sites (✅) but the rule text itself is from memory (❓). So by default the core tags are
 * required (a missing one fails) and ColumnDescription, ColumnKeywords, ColumnType and
 * ContentSource are recommended (reported as warn defects, not counted); every list is an
 * option. One defect per tag, counting the pages missing it; measure = pages missing at least
 * one required tag.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding, summaryExamples } from '../util.ts';
import { home, metaGet, ownPages, pageType, usableHtml, type PageType } from './common.ts';

const meta: CheckMeta = {
  id: 'identity.meta-tags',
  ref: 'S-06',
  family: 'identity',
  title: { zh: '网页元数据标签', en: 'Page meta tags (网页设计规范)' },
  description: {
    zh: '所有页面含 SiteName/SiteDomain/SiteIDCode；栏目页含 ColumnName/ColumnDescription/ColumnKeywords/ColumnType；文章页含 ArticleTitle/PubDate/ContentSource。',
    en: 'All pages carry SiteName/SiteDomain/SiteIDCode; column pages ColumnName/ColumnDescription/ColumnKeywords/ColumnType; article pages ArticleTitle/PubDate/ContentSource.',
  },
  severity: 'deduct',
  needs: ['page'],
  defaults: {
    siteTags: ['SiteName', 'SiteDomain', 'SiteIDCode'],
    columnTags: ['ColumnName'],
    articleTags: ['ArticleTitle', 'PubDate'],
    recommendedColumnTags: ['ColumnDescription', 'ColumnKeywords', 'ColumnType'],
    recommendedArticleTags: ['ContentSource'],
    examplesPerTag: 5,
    // Share of judged pages that may miss a required tag before the summary fails (below it: warn).
    // 0 = every page, as 网页设计规范 asks; a methodology may tolerate stray stub pages.
    failShare: 0,
  },
};

function evaluate(ctx: CheckContext): Finding[] {
  const h = home(ctx);
  const siteTags = (ctx.options.siteTags as string[]) ?? [];
  const columnTags = (ctx.options.columnTags as string[]) ?? [];
  const articleTags = (ctx.options.articleTags as string[]) ?? [];
  const recColumn = (ctx.options.recommendedColumnTags as string[]) ?? [];
  const recArticle = (ctx.options.recommendedArticleTags as string[]) ?? [];
  const perTag = Number(ctx.options.examplesPerTag ?? 5);
  const required: Record<PageType, string[]> = { home: siteTags, column: [...siteTags, ...columnTags], article: [...siteTags, ...articleTags], other: siteTags };
  const recommended: Record<PageType, string[]> = { home: [], column: recColumn, article: recArticle, other: [] };
  const missing = new Map<string, { pages: string[]; count: number; types: Set<PageType>; required: boolean }>();
  const counts: Record<PageType, number> = { home: 0, column: 0, article: 0, other: 0 };
  let pagesMissing = 0;
  let judged = 0;
  for (const p of ownPages(ctx)) {
    if (!usableHtml(p)) continue;
    const type = pageType(p, h);
    counts[type]++;
    judged++;
    let any = false;
    const owed = [...required[type].map((t) => [t, true] as const), ...recommended[type].filter((t) => !required[type].includes(t)).map((t) => [t, false] as const)];
    for (const [tag, isRequired] of owed) {
      const v = metaGet(p, tag);
      if (v !== undefined && v.trim() !== '') continue;
      if (isRequired) any = true;
      const e = missing.get(tag) ?? { pages: [], count: 0, types: new Set(), required: isRequired };
      e.count++;
      e.types.add(type);
      if (e.pages.length < perTag) e.pages.push(p.finalUrl || p.url);
      missing.set(tag, e);
    }
    if (any) pagesMissing++;
  }
  if (judged === 0) return [finding(meta, 'cannot_assess', { zh: '没有成功抓取的HTML页面', en: 'No HTML page was fetched successfully' })];
  const defects: Finding[] = [...missing.entries()].map(([tag, e]) =>
    finding(meta, e.required ? 'fail' : 'warn', { zh: `${e.count}个页面缺少${e.required ? '' : '建议的'} <meta name="${tag}">`, en: `${e.count} page(s) lack ${e.required ? '' : 'the recommended '}<meta name="${tag}">` }, {
      key: `${meta.id}|${tag}`,
      evidence: e.pages.map((u, i) => ({ url: u, ...(i === 0 ? { data: { defect: true, tag, required: e.required, pages: e.count, pageTypes: [...e.types] } } : {}) })),
      fix: { zh: `按《政府网站发展指引》网页设计规范，在页面模板中加入 <meta name="${tag}" content="…">`, en: `Add <meta name="${tag}" content="…"> to the page templates, per the 网页设计规范` },
    }),
  );
  defects.sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1));
  const summaryEvidence = [...summaryExamples(defects), { data: { judged, ...counts, pagesMissing } }];
  const failShare = Number(ctx.options.failShare ?? 0);
  const requiredMissing = defects.some((d) => d.status === 'fail') && pagesMissing / judged > failShare;
  return [
    finding(
      meta,
      requiredMissing ? 'fail' : defects.length ? 'warn' : 'pass',
      requiredMissing || pagesMissing > 0
        ? { zh: `${judged}个页面中${pagesMissing}个缺少网页设计规范要求的元数据标签`, en: `${pagesMissing} of ${judged} pages lack required meta tags` }
        : defects.length
          ? { zh: `${judged}个页面均含必需的元数据标签，部分页面缺少建议标签`, en: `All ${judged} pages carry the required meta tags; some lack recommended ones` }
          : { zh: `${judged}个页面均含所需元数据标签`, en: `All ${judged} pages carry the required meta tags` },
      { key: meta.id, measure: pagesMissing, evidence: summaryEvidence },
    ),
    ...defects,
  ];
}

export const check: Check = { ...meta, evaluate };
