/**
 * G-01 政府信息公开专栏: one section named 政府信息公开 (built on the existing 政府信息公开 or
 * 政务公开 column, 国办公开办函〔2019〕61号) reachable from the home page.
 */
import type { Check, CheckContext, Finding } from '../../model/finding.ts';
import { homePage } from '../util.ts';
import { anchors, findSection, isOk, norm, pageEvidence, pageState, summary, urlKey } from './common.ts';

const meta = {
  id: 'disclosure.section',
  ref: 'G-01',
  family: 'disclosure',
  severity: 'deduct',
  title: { zh: '政府信息公开专栏', en: 'Government information disclosure section' },
  description: {
    zh: '首页应有名为“政府信息公开”的专栏入口（依托已有的政府信息公开或政务公开栏目，国办公开办函〔2019〕61号）。',
    en: 'The home page links to one section named 政府信息公开 (built on the existing disclosure or 政务公开 column, per 国办公开办函〔2019〕61号).',
  },
  needs: ['page'],
  defaults: {},
} satisfies Omit<Check, 'evaluate'>;

const FIX = {
  zh: '在首页主导航设置“政府信息公开”专栏入口（依托现有政府信息公开或政务公开栏目，不另设专门网站），并确保链接可正常访问。',
  en: 'Add a 政府信息公开 entry to the home-page navigation (on the existing disclosure or 政务公开 column, not a separate website) and make sure it opens.',
};

function evaluate(ctx: CheckContext): Finding[] {
  const home = homePage(ctx);
  if (!ctx.site.entries.disclosure && (!home || !isOk(home))) {
    return [summary(meta, 'cannot_assess', { zh: '首页未能获取，无法查找政府信息公开专栏入口', en: 'The home page was not fetched, so the disclosure entry could not be looked for' }, { evidence: home ? [pageEvidence(home, { failureClass: home.failure?.class })] : [] })];
  }
  const s = findSection(ctx);
  if (!s.entry) {
    return [
      summary(meta, 'fail', { zh: '首页未找到“政府信息公开”专栏入口', en: 'No 政府信息公开 section is linked from the home page' }, {
        measure: 1,
        fix: FIX,
        evidence: home ? [pageEvidence(home, { text: `首页链接 ${home.links?.length ?? 0} 个，无“政府信息公开/信息公开/政务公开”字样或 /xxgk/ /zwgk/ /zfxxgk/ 类地址` })] : [],
      }),
    ];
  }
  const e = s.entry;
  const ev = { url: e.url, page: e.page, linkText: e.text, text: s.root?.title, data: { via: e.via, sectionPages: s.pages.length } };
  const state = pageState(s.root);
  if (state === 'site') {
    return [
      summary(meta, 'fail', { zh: `政府信息公开专栏入口无法打开（${s.root?.failure?.class ?? s.root?.status}）`, en: `The disclosure section entry does not open (${s.root?.failure?.class ?? s.root?.status})` }, {
        measure: 1,
        fix: FIX,
        evidence: [{ ...ev, status: s.root?.status, failureClass: s.root?.failure?.class }],
      }),
    ];
  }
  if (state === 'cannot_assess') {
    return [summary(meta, 'cannot_assess', { zh: '政府信息公开专栏页面拒绝了访问，无法核实', en: 'The disclosure section page refused us, so it could not be verified' }, { evidence: [{ ...ev, status: s.root?.status, failureClass: s.root?.failure?.class }] })];
  }
  const named = norm(e.text).includes('政府信息公开') || norm(s.root?.title).includes('政府信息公开');
  const notes: string[] = [];
  if (state === 'not_crawled') notes.push('入口页面本次未抓取，仅核实了链接');
  if (e.via === 'depth1') notes.push('入口不在首页，而在二级页面');
  // The registry says where the section is; G-01 still asks that the home page link to it.
  const unlinked = e.via === 'registry' && !!home && isOk(home) && !e.text && !anchors(home).some((l) => urlKey(l.url) === urlKey(e.url));
  if (unlinked) notes.push('首页未链接到登记的专栏地址');
  if (!named) notes.push('栏目名称不是“政府信息公开”');
  // 61号 asks for the name 政府信息公开; a 政务公开 column without one is a naming defect to review, not a missing section.
  const status = named && e.via !== 'depth1' && !unlinked ? 'pass' : 'warn';
  return [
    summary(
      meta,
      status,
      status === 'pass'
        ? { zh: `已设置政府信息公开专栏（入口“${e.text || e.url}”）`, en: `The disclosure section is linked from the home page ("${e.text || e.url}")` }
        : { zh: `找到信息公开栏目入口“${e.text || e.url}”，但${notes.join('；')}`, en: `A disclosure column ("${e.text || e.url}") was found, but: ${notes.join('; ')}` },
      { measure: 0, evidence: [ev], ...(status === 'warn' ? { fix: FIX, requiresReview: true } : {}) },
    ),
  ];
}

export const sectionCheck: Check = { ...meta, evaluate };
