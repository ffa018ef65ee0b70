/**
 * G-04 法定主动公开内容 coverage: the 15 categories every 行政机关 must publish proactively
 * (条例 Art. 20) and, for 设区的市 and 县级 governments, the Art. 21 items. Sub-column names and
 * item titles under 法定主动公开内容 are mapped to categories by keyword.
 */
import { z } from 'zod';
import type { Check, CheckContext, Finding } from '../../model/finding.ts';
import type { PageObservation } from '../../model/observation.ts';
import { anchors, defect, looksEmpty, findLinks, findSection, isDepartment, isOk, norm, PageIndex, pageEvidence, pageUrl, parseOptions, sectionScope, summary, templateLinks, urlKey, nothingFetched } from './common.ts';

interface Category {
  zh: string;
  en: string;
  article: 20 | 21;
  keywords: string[];
}

/** Art. 20 (1)–(14); (15) 「其他」 is open-ended and cannot be checked by keyword. */
export const CATEGORIES: Record<string, Category> = {
  regulations: { article: 20, zh: '行政法规、规章和规范性文件', en: 'regulations, rules and normative documents', keywords: ['规范性文件', '政策文件', '行政法规', '规章', '政府文件', '法规', '文件'] },
  organisation: { article: 20, zh: '机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名', en: 'functions, structure, address, hours, contacts, leaders', keywords: ['机构职能', '机关职能', '机构设置', '职能', '机构概况', '组织机构', '领导信息', '领导之窗', '负责人', '内设机构'] },
  planning: { article: 20, zh: '国民经济和社会发展规划、专项规划、区域规划及相关政策', en: 'development plans and related policies', keywords: ['规划', '计划'] },
  statistics: { article: 20, zh: '国民经济和社会发展统计信息', en: 'statistics', keywords: ['统计'] },
  permits: { article: 20, zh: '办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果', en: 'administrative licensing: basis, conditions, procedure, results', keywords: ['行政许可', '许可', '审批', '权责清单', '权力清单', '政务服务事项', '办理结果', '双公示'] },
  penalties: { article: 20, zh: '实施行政处罚、行政强制的依据、条件、程序以及有一定社会影响的处罚决定', en: 'administrative penalties and enforcement', keywords: ['行政处罚', '行政强制', '处罚', '执法', '双公示'] },
  finance: { article: 20, zh: '财政预算、决算信息', en: 'budgets and final accounts', keywords: ['预决算', '预算', '决算', '财政资金', '财政信息', '三公'] },
  fees: { article: 20, zh: '行政事业性收费项目及其依据、标准', en: 'administrative fees', keywords: ['收费'] },
  procurement: { article: 20, zh: '政府集中采购项目的目录、标准及实施情况', en: 'government procurement', keywords: ['采购', '招标', '招投标'] },
  projects: { article: 20, zh: '重大建设项目的批准和实施情况', en: 'major construction projects', keywords: ['重大建设项目', '重大项目', '建设项目', '项目建设', '重点项目'] },
  livelihood: { article: 20, zh: '扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况', en: 'poverty relief, education, health, social security, employment', keywords: ['扶贫', '乡村振兴', '教育', '医疗', '卫生健康', '社会保障', '社保', '就业', '养老'] },
  emergency: { article: 20, zh: '突发公共事件的应急预案、预警信息及应对情况', en: 'emergency plans and warnings', keywords: ['应急', '预警', '突发'] },
  inspections: { article: 20, zh: '环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况', en: 'environment, public health, work safety, food/drug, product quality inspections', keywords: ['环境保护', '环保', '生态环境', '公共卫生', '安全生产', '食品药品', '食品安全', '药品', '产品质量', '监督检查', '双随机'] },
  recruitment: { article: 20, zh: '公务员招考的职位、名额、报考条件等事项以及录用结果', en: 'civil-service recruitment', keywords: ['公务员', '招考', '招录', '录用', '遴选'] },
  // Art. 21: 设区的市级、县级人民政府及其部门 … 还应当根据本地方的具体情况 主动公开
  urbanConstruction: { article: 21, zh: '市政建设', en: 'municipal construction', keywords: ['市政', '城市建设', '城建', '城乡建设'] },
  publicServices: { article: 21, zh: '公共服务', en: 'public services', keywords: ['公共服务'] },
  publicWelfare: { article: 21, zh: '公益事业', en: 'public-welfare undertakings', keywords: ['公益事业', '公益'] },
  landExpropriation: { article: 21, zh: '土地征收', en: 'land expropriation', keywords: ['土地征收', '征地', '征收土地', '土地征用'] },
  housingExpropriation: { article: 21, zh: '房屋征收', en: 'housing expropriation', keywords: ['房屋征收', '征收补偿', '棚户区', '棚改'] },
  publicSecurity: { article: 21, zh: '治安管理', en: 'public-order administration', keywords: ['治安', '公安'] },
  socialAssistance: { article: 21, zh: '社会救助', en: 'social assistance', keywords: ['社会救助', '救助', '低保', '特困'] },
};

const KEYS = Object.keys(CATEGORIES) as [string, ...string[]];
const ART21 = KEYS.filter((k) => CATEGORIES[k].article === 21);

const Options = z.object({
  /**
   * ❓ Art. 20 applies to every 行政机关 but many categories only exist where the department holds
   * the function (a 民政局 grants no 行政许可 for construction, charges no fees …). These are not
   * checked on department sites; a methodology edition may narrow or widen the list.
   */
  departmentNotApplicable: z.array(z.enum(KEYS)),
  /** Art. 21 applies to 设区的市 and 县级 governments: which site levels get it. */
  article21Levels: z.array(z.enum(['省', '市', '县', '部门'])),
  /** Art. 21 also names their departments; off by default because a department covers only its own field. ❓ */
  article21ForDepartments: z.boolean(),
  /** Extra keywords per category, added to the built-in ones. */
  extraKeywords: z.record(z.string(), z.array(z.string())).default({}),
});

const meta = {
  id: 'disclosure.statutory-categories',
  ref: 'G-04',
  family: 'disclosure',
  severity: 'deduct',
  title: { zh: '法定主动公开内容覆盖', en: 'Coverage of the statutory disclosure categories' },
  description: {
    zh: '法定主动公开内容应覆盖条例第二十条规定的各类信息；设区的市、县级人民政府还应公开第二十一条所列事项。',
    en: 'The statutory disclosure column covers every category of 条例 Art. 20, plus the Art. 21 items for city and county governments.',
  },
  needs: ['page'],
  defaults: {
    departmentNotApplicable: ['statistics', 'permits', 'penalties', 'fees', 'projects', 'livelihood', 'inspections', 'recruitment'],
    article21Levels: ['市', '县'],
    article21ForDepartments: false,
    extraKeywords: {},
  },
} satisfies Omit<Check, 'evaluate'>;

const STATUTORY_RX = /法定主动公开|主动公开(?:内容|目录)|(?:政府)?信息公开目录|^公开目录$|^主动公开$/;

function evaluate(ctx: CheckContext): Finding[] {
  const o = parseOptions(Options, ctx, meta.id);
  const none = nothingFetched(meta, ctx);
  if (none) return [none];
  const index = new PageIndex(ctx.pages);
  const s = findSection(ctx, index);
  if (!s.entry) return [summary(meta, 'not_applicable', { zh: '未找到政府信息公开专栏（见 disclosure.section）', en: 'No disclosure section was found (see disclosure.section)' })];
  if (s.pages.length === 1 && s.root && looksEmpty(s.root)) {
    return [summary(meta, 'cannot_assess', { zh: '政府信息公开专栏页面几乎没有内容（可能由脚本生成），无法检查', en: 'The disclosure section page shows almost nothing (a JavaScript shell?), so it could not be checked' }, { requiresReview: true, evidence: [pageEvidence(s.root)] })];
  }
  if (s.pages.length === 0) return [summary(meta, 'cannot_assess', { zh: '政府信息公开专栏页面未能获取', en: 'The disclosure section page was not fetched' }, { evidence: [{ url: s.entry.url }] })];

  // The 法定主动公开内容 column and what lies below it; without one, the whole section.
  const statutoryLinks = findLinks(s.pages, (t) => t.length <= 20 && STATUTORY_RX.test(t));
  const roots = statutoryLinks.map((f) => index.get(f.link.url)).filter((p): p is PageObservation => !!p && isOk(p));
  const titled = s.pages.filter((p) => isOk(p) && STATUTORY_RX.test(norm(p.title)) && norm(p.title).length <= 30);
  const statutoryRoots = [...new Set([...roots, ...titled])];
  const scope = statutoryRoots.length > 0 ? sectionScope(ctx.pages, statutoryRoots, index, 2) : s.pages;
  const rootEv = statutoryRoots[0] ? pageEvidence(statutoryRoots[0]) : s.root ? pageEvidence(s.root) : { url: s.entry.url };

  // Corpus: sub-column names and item titles (anchor texts, list items, page titles, table rows).
  const texts: Array<{ text: string; url?: string; page: string }> = [];
  const sectionSet = new Set(s.pages);
  const template = templateLinks(ctx.pages, (p) => sectionSet.has(p));
  const unitName = norm(ctx.site.name) || '\u0000';
  for (const p of scope) {
    // Page titles carry the unit's name (「…_福州市财政局」): that name says nothing about coverage.
    texts.push({ text: norm(p.title).replaceAll(unitName, ''), url: pageUrl(p), page: pageUrl(p) });
    for (const l of anchors(p)) if (!template.has(urlKey(l.url))) texts.push({ text: norm(l.text), url: l.url, page: pageUrl(p) });
    for (const it of p.items ?? []) texts.push({ text: norm(it.title), url: it.url, page: pageUrl(p) });
    for (const it of p.items ?? []) if (it.block) texts.push({ text: norm(it.block), url: it.blockUrl, page: pageUrl(p) });
  }

  const dept = isDepartment(ctx.site);
  const wanted = KEYS.filter((k) => {
    if (CATEGORIES[k].article === 21) return dept ? o.article21ForDepartments : ctx.site.kind === '门户网站' && o.article21Levels.includes(ctx.site.level);
    return !(dept && o.departmentNotApplicable.includes(k));
  });

  const out: Finding[] = [];
  const covered: Record<string, string> = {};
  const missing: string[] = [];
  for (const k of wanted) {
    const c = CATEGORIES[k];
    const kws = [...c.keywords, ...(o.extraKeywords[k] ?? [])];
    const hit = texts.find((t) => t.text.length > 0 && t.text.length <= 60 && kws.some((w) => t.text.includes(w)));
    if (hit) {
      covered[k] = hit.text;
      continue;
    }
    missing.push(k);
    out.push(
      defect(meta, k, 'fail', { zh: `法定主动公开内容未见“${c.zh}”（条例第${c.article === 20 ? '二十' : '二十一'}条）`, en: `The statutory disclosure column shows nothing for "${c.en}" (Art. ${c.article})` }, { ...rootEv, text: `关键词：${kws.join('、')}`, data: { category: k, article: c.article } }, {
        fix: { zh: `在法定主动公开内容下设置“${c.zh}”相关栏目并发布信息；确不涉及的，应在栏目中说明。`, en: `Publish "${c.zh}" under the statutory disclosure column, or state on the column why it does not apply.` },
        requiresReview: c.article === 21,
      }),
    );
  }
  out.unshift(
    summary(
      meta,
      missing.length === 0 ? 'pass' : 'fail',
      missing.length === 0
        ? { zh: `法定主动公开内容覆盖了全部 ${wanted.length} 类应公开信息`, en: `All ${wanted.length} statutory categories are covered` }
        : { zh: `法定主动公开内容缺少 ${missing.length} 类：${missing.map((k) => CATEGORIES[k].zh).join('；')}`, en: `${missing.length} statutory categor(ies) missing: ${missing.map((k) => CATEGORIES[k].en).join('; ')}` },
      {
        measure: missing.length,
        evidence: [{ ...rootEv, data: { checked: wanted, covered, missing, department: dept, statutoryColumnFound: statutoryRoots.length > 0, pages: scope.length } }],
      },
    ),
  );
  return out;
}

export const statutoryCategoriesCheck: Check = { ...meta, evaluate };
