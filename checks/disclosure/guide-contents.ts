/**
 * G-03 信息公开指南 contents (条例 Art. 12): the guide states the 分类, 编排体系 and 获取方式 of
 * government information, and the 工作机构's 名称, 办公地址, 办公时间, 联系电话, 传真号码 and
 * 互联网联系方式; and guides must be kept up to date ("应当及时更新").
 */
import { z } from 'zod';
import type { Check, CheckContext, Finding } from '../../model/finding.ts';
import type { PageObservation } from '../../model/observation.ts';
import { anchors, arabicYears, bodyText, parseCnDate, chinaDate, defect, findLinks, findSection, isOk, labelledDates, norm, PageIndex, pageEvidence, pageState, pageUrl, parseOptions, summary, nothingFetched } from './common.ts';

/** Each element: its name and the patterns that show the guide states it. */
export const GUIDE_ELEMENTS: Record<string, { zh: string; en: string; pattern: RegExp }> = {
  classification: { zh: '信息分类', en: 'classification', pattern: /分类|类别/ },
  arrangement: { zh: '编排体系', en: 'arrangement system', pattern: /编排|排列方式|体系结构/ },
  access: { zh: '获取方式', en: 'how to obtain information', pattern: /获取(?:方式|政府信息|信息)|获得方式|查阅方式|公开方式|公开形式/ },
  office: { zh: '工作机构名称', en: 'name of the responsible office', pattern: /(?:工作|办事|受理|负责)机构|公开(?:办公室|办|科|股)|政务公开(?:办|科|股)|机构名称|办公室[:：]?(?:地址|电话|设在)/ },
  address: { zh: '办公地址', en: 'office address', pattern: /(?:办公|通讯|通信|联系|邮寄|受理)地址|地址[:：]/ },
  hours: { zh: '办公时间', en: 'office hours', pattern: /(?:办公|工作|受理|接待)时间/ },
  phone: { zh: '联系电话', en: 'telephone', pattern: /(?:联系|咨询|办公|受理)电话|电话[:：]|\d{3,4}-\d{7,8}/ },
  fax: { zh: '传真号码', en: 'fax number', pattern: /传真/ },
  internet: { zh: '互联网联系方式', en: 'internet contact (e-mail or web address)', pattern: /电子(?:邮箱|信箱|邮件)|邮箱[:：]|E-?mail|互联网联系方式|网址[:：]|[a-z0-9._-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/i },
};

const GUIDE_RX = /(?:信息)?公开指南/;

const Options = z.object({
  elements: z.array(z.enum(Object.keys(GUIDE_ELEMENTS) as [string, ...string[]])).min(1),
  /** ❓ How old a guide may be before we warn: Art. 12 says "及时更新" without a number. */
  maxAgeYears: z.number().positive().nullable(),
});

const meta = {
  id: 'disclosure.guide-contents',
  ref: 'G-03',
  family: 'disclosure',
  severity: 'deduct',
  title: { zh: '信息公开指南要素', en: 'Contents of the disclosure guide' },
  description: {
    zh: '政府信息公开指南应载明信息分类、编排体系、获取方式，以及工作机构名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式，并及时更新（条例第十二条）。',
    en: 'The disclosure guide states classification, arrangement, how to obtain information, and the office name, address, hours, telephone, fax and internet contact, and is kept up to date (Art. 12).',
  },
  needs: ['page'],
  defaults: { elements: Object.keys(GUIDE_ELEMENTS), maxAgeYears: 2 },
} satisfies Omit<Check, 'evaluate'>;

function elementsIn(p: PageObservation, keys: string[]): { present: string[]; missing: string[] } {
  const text = norm([bodyText(p), ...(p.tables ?? []).flatMap((t) => [...t.headers, ...t.rows.flatMap((r) => r.cells)])].join(' '));
  const present: string[] = [];
  const missing: string[] = [];
  for (const k of keys) (GUIDE_ELEMENTS[k].pattern.test(text) ? present : missing).push(k);
  return { present, missing };
}

/**
 * The newest date the page gives for itself: 发布/更新/修订 labels, meta PubDate, 「（2025年6月10日
 * 更新）」 or a 「（2024年版）」 title. Unlabelled dates are ignored: portal headers print today's date.
 */
function guideDate(p: PageObservation): { date: string; raw: string } | undefined {
  const all = labelledDates(p, /发布|更新|修订|修改|印发|成文|PubDate|日期/i).map((h) => ({ date: h.date, raw: h.raw }));
  const text = norm(arabicYears(bodyText(p)));
  for (const m of text.matchAll(/((?:19|20)\d{2}年\d{1,2}月\d{1,2}日|(?:19|20)\d{2}-\d{1,2}-\d{1,2})[）)]?(?:更新|修订|修改|印发)/g)) {
    const d = parseCnDate(m[1]);
    if (d) all.push({ date: d, raw: m[0] });
  }
  const fromTitle = norm(p.title).match(/((?:19|20)\d{2})年?(?:版|修订)/);
  if (fromTitle) all.push({ date: `${fromTitle[1]}-01-01`, raw: fromTitle[0] });
  return all.sort((a, b) => b.date.localeCompare(a.date))[0];
}

function evaluate(ctx: CheckContext): Finding[] {
  const o = parseOptions(Options, ctx, meta.id);
  const none = nothingFetched(meta, ctx);
  if (none) return [none];
  const index = new PageIndex(ctx.pages);
  const s = findSection(ctx, index);
  const scope = s.pages.length > 0 ? s.pages : ctx.pages;
  // Candidates: pages linked as 指南 and pages titled 指南; a 指南 column that lists guide
  // versions is followed one level to the newest guide article.
  const cands = new Map<PageObservation, { linkText?: string; from?: string }>();
  const links = findLinks(scope, (t) => GUIDE_RX.test(t) && !/办事指南|服务指南/.test(t));
  let blocked: PageObservation | undefined;
  let unfetched: string | undefined;
  for (const { link, page } of links) {
    const p = index.get(link.url);
    const st = pageState(p);
    if (st === 'ok') cands.set(p!, { linkText: link.text, from: pageUrl(page) });
    else if (st === 'cannot_assess') blocked ??= p;
    else if (st === 'not_crawled') unfetched ??= link.url;
  }
  for (const p of scope) if (isOk(p) && GUIDE_RX.test(norm(p.title)) && !/办事指南|服务指南/.test(norm(p.title))) cands.set(p, cands.get(p) ?? {});
  for (const p of [...cands.keys()]) {
    for (const l of anchors(p)) {
      const q = index.get(l.url);
      if (q && isOk(q) && !cands.has(q) && GUIDE_RX.test(norm(l.text))) cands.set(q, { linkText: l.text, from: pageUrl(p) });
    }
  }
  if (cands.size === 0) {
    if (blocked) return [summary(meta, 'cannot_assess', { zh: '信息公开指南页面拒绝了访问，无法检查', en: 'The disclosure guide page refused us, so it could not be checked' }, { evidence: [pageEvidence(blocked, { failureClass: blocked.failure?.class })] })];
    if (unfetched) return [summary(meta, 'cannot_assess', { zh: '信息公开指南页面本次未抓取，无法检查', en: 'The disclosure guide page was not fetched in this run, so it could not be checked' }, { evidence: [{ url: unfetched }] })];
    // A missing guide is a G-02 defect; do not count it twice.
    return [summary(meta, 'not_applicable', { zh: '未找到政府信息公开指南（缺失已在 disclosure.standard-parts 中报告）', en: 'No disclosure guide was found (reported by disclosure.standard-parts)' })];
  }
  // The guide is the candidate that states the most elements (a list page states almost none).
  const scored = [...cands.entries()].map(([p, via]) => ({ p, via, ...elementsIn(p, o.elements) })).sort((a, b) => b.present.length - a.present.length || (b.p.text?.length ?? 0) - (a.p.text?.length ?? 0));
  const g = scored[0];
  const gUrl = pageUrl(g.p);
  const base = pageEvidence(g.p, { ...(g.via.from ? { page: g.via.from, linkText: g.via.linkText } : {}) });
  // A guide published only as a PDF/Word file: its page states (almost) nothing, the file is unread.
  const file = anchors(g.p).find((l) => /\.(?:pdf|docx?|wps|ofd)(?:$|[?#])/i.test(l.url) && (GUIDE_RX.test(norm(l.text)) || /附件|下载/.test(norm(l.text))));
  if (file && g.present.length <= 1) {
    return [summary(meta, 'cannot_assess', { zh: `信息公开指南以附件（${file.text || file.url}）发布，未检查其内容`, en: 'The disclosure guide is published as an attachment, whose contents were not read' }, { requiresReview: true, evidence: [{ ...base, data: { attachment: file.url } }] })];
  }
  // A 指南 column that only lists the units' guides (邯郸: 市政府办公室, 市发展改革委 …) states nothing
  // itself: the guide was not reached, which is not a guide that omits every element.
  const onward = anchors(g.p);
  const prose = norm(bodyText(g.p)).length - onward.reduce((n, l) => n + norm(l.text).length, 0);
  if (g.present.length <= 1 && onward.length >= 10 && prose < 300) {
    return [
      summary(meta, 'cannot_assess', { zh: '信息公开指南栏目仅列出各单位指南的链接，未找到指南正文，需人工核查', en: 'The guide column only lists links to the units’ guides; the guide text itself was not found and needs a manual check' }, {
        requiresReview: true,
        evidence: [{ ...base, data: { present: g.present, links: onward.length, prose, candidates: scored.length } }],
      }),
    ];
  }
  const out: Finding[] = [];
  for (const k of g.missing) {
    const e = GUIDE_ELEMENTS[k];
    out.push(
      defect(meta, `${gUrl}|${k}`, 'fail', { zh: `信息公开指南未载明${e.zh}`, en: `The disclosure guide does not state the ${e.en}` }, { ...base, text: `未找到“${e.zh}”`, data: { element: k } }, {
        fix: { zh: `在政府信息公开指南中补充${e.zh}，并及时更新指南。`, en: `Add the ${e.en} to the disclosure guide and keep it up to date.` },
      }),
    );
  }
  const d = guideDate(g.p);
  let outdated = false;
  if (o.maxAgeYears !== null && d) {
    const limit = new Date(ctx.now.getTime() - o.maxAgeYears * 365.25 * 86400_000);
    if (d.date < chinaDate(limit)) {
      outdated = true;
      out.push(
        defect(meta, `${gUrl}|outdated`, 'warn', { zh: `信息公开指南最近更新于 ${d.date}，已超过 ${o.maxAgeYears} 年`, en: `The disclosure guide was last dated ${d.date}, more than ${o.maxAgeYears} year(s) ago` }, { ...base, date: d.date, text: d.raw, data: { element: 'date' } }, {
          fix: { zh: '按条例第十二条及时更新政府信息公开指南（机构、地址、电话等变化后应同步修改）。', en: 'Update the guide (Art. 12), e.g. after changes of office, address or phone.' },
          measure: 0,
        }),
      );
    }
  }
  const names = g.missing.map((k) => GUIDE_ELEMENTS[k].zh);
  const status = g.missing.length > 0 ? 'fail' : outdated ? 'warn' : 'pass';
  out.unshift(
    summary(
      meta,
      status,
      g.missing.length > 0
        ? { zh: `信息公开指南缺少 ${g.missing.length} 项要素：${names.join('、')}`, en: `The disclosure guide lacks ${g.missing.length} element(s): ${g.missing.map((k) => GUIDE_ELEMENTS[k].en).join(', ')}` }
        : outdated
          ? { zh: '信息公开指南要素齐全，但长期未更新', en: 'The disclosure guide is complete but has not been updated for a long time' }
          : { zh: '信息公开指南要素齐全', en: 'The disclosure guide states every required element' },
      { measure: g.missing.length, evidence: [{ ...base, date: d?.date, data: { present: g.present, missing: g.missing, candidates: scored.length } }] },
    ),
  );
  return out;
}

export const guideContentsCheck: Check = { ...meta, evaluate };
