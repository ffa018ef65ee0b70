/**
 * quality.elderly-entry (A-02, 国办公开办函〔2021〕28号 适老化与无障碍改造): the home page offers
 * an entry to an accessible / elderly-friendly mode (无障碍, 长者模式, 关怀版, 适老版, 老年模式 …) or
 * loads a known accessibility toolbar script. An entry whose target is recorded as broken warns.
 */
import type { Check, CheckContext, CheckMeta, Evidence, Finding } from '../../model/finding.ts';
import { finding, homePage } from '../util.ts';

const meta: CheckMeta = {
  id: 'quality.elderly-entry',
  ref: 'A-02',
  family: 'quality',
  title: { zh: '适老化与无障碍入口', en: 'Elderly-friendly / accessibility entry' },
  description: { zh: '首页应提供无障碍浏览、长者模式或关怀版等适老化入口。', en: 'The home page offers an accessibility, elderly or care mode entry.' },
  severity: 'deduct',
  needs: ['page'],
  defaults: {
    keywords: ['无障碍', '长者模式', '长者版', '关怀版', '关怀模式', '适老版', '适老化', '老年模式', '老年版', '大字版', '读屏', '辅助浏览', '信息无障碍'],
    toolbarScripts: ['wza', 'aria.js', 'assist', 'barrier', 'accessib', 'cniil', 'slh.js', 'ucap-wza', 'wzaFrame', 'care'],
  },
};

function evaluate(ctx: CheckContext): Finding[] {
  const h = homePage(ctx);
  if (!h || h.status === 0 || h.failure) return [finding(meta, 'cannot_assess', { zh: '首页未成功抓取', en: 'The home page was not fetched' }, { key: meta.id })];
  const keywords = (ctx.options.keywords as string[]) ?? [];
  const scripts = ((ctx.options.toolbarScripts as string[]) ?? []).map((s) => s.toLowerCase());
  const homeUrl = h.finalUrl || h.url;
  // an entry is a short label (无障碍浏览, 长者模式); a news title mentioning 信息无障碍 is not one
  const entries = (h.links ?? []).filter((l) => (l.tag === 'a' || l.tag === 'area' || l.tag === 'img') && l.text.length <= 12 && keywords.some((k) => l.text.includes(k)));
  const scriptHits = [...(h.scriptSrcs ?? []), ...(h.links ?? []).filter((l) => l.tag === 'script').map((l) => l.url)].filter((s) => scripts.some((k) => s.toLowerCase().includes(k)));
  // Toolbars are often injected by an inline loader (`var s=document.createElement('script'); s.src='…/wza/…'`).
  const inline = ctx.resources.find((r) => r.role === 'home_scripts')?.body ?? '';
  if (!entries.length && !scriptHits.length && inline) {
    const url = /https?:\/\/[^\s'"<>]+|\/[^\s'"<>]+\.js[^\s'"<>]*/gi;
    for (const m of inline.match(url) ?? []) if (scripts.some((k) => m.toLowerCase().includes(k))) scriptHits.push(m);
    const visible = inline.replace(/<[^>]*>/g, ' ');
    const kw = keywords.find((k) => visible.includes(k) && /document\.write|innerHTML|append/i.test(inline));
    if (kw && !scriptHits.length) scriptHits.push(`inline script writes 「${kw}」`);
  }
  // The button itself is often <a href="javascript:void(0)" onclick="aria.start()">长者模式</a> with a
  // toolbar script of any name: the extractor keeps no link for it, but the page shows its label as a
  // lone word of the top bar (「首页 | 无障碍 | 长者模式 | English」).
  if (!entries.length && !scriptHits.length) {
    const text = h.text ?? '';
    const lone = keywords.find((k) => new RegExp(`(?:^|[\\s|｜])${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:浏览|阅读|版|模式)?(?=$|[\\s|｜])`).test(text));
    if (lone) scriptHits.push(`button 「${lone}」 (script-driven, no link)`);
  }
  if (!entries.length && !scriptHits.length) {
    return [
      finding(meta, 'fail', { zh: '首页未发现无障碍或适老化（长者模式/关怀版）入口', en: 'No accessibility or elderly-mode entry on the home page' }, {
        key: meta.id,
        measure: 1,
        evidence: [{ url: homeUrl }],
        fix: { zh: '按国办公开办函〔2021〕28号完成适老化与无障碍改造，在首页显著位置提供“无障碍浏览”“长者模式”入口', en: 'Complete the 适老化与无障碍 retrofit and put a 无障碍浏览 / 长者模式 entry on the home page' },
      }),
    ];
  }
  const statusOf = (url: string) => [...ctx.pages.filter((p) => p.url === url), ...ctx.links.filter((l) => l.url === url)].sort((a, b) => (a.at < b.at ? 1 : -1))[0];
  const evidence: Evidence[] = [
    ...entries.slice(0, 5).map((l) => {
      const st = /^https?:/i.test(l.url) ? statusOf(l.url) : undefined;
      return { url: l.url, page: homeUrl, linkText: l.text, status: st?.status, failureClass: st?.failure?.class };
    }),
    ...scriptHits.slice(0, 3).map((s) => ({ url: s, page: homeUrl, text: 'toolbar script' })),
  ];
  const allBroken = entries.length > 0 && !scriptHits.length && evidence.every((e) => e.status !== undefined && (e.status >= 400 || e.status === 0) && e.failureClass !== 'blocked');
  if (allBroken) {
    return [finding(meta, 'warn', { zh: '首页有适老化/无障碍入口，但入口页面无法打开', en: 'The accessibility entry exists but its page does not open' }, { key: meta.id, measure: 1, evidence })];
  }
  return [finding(meta, 'pass', { zh: `首页提供了适老化/无障碍入口：${entries.map((e) => e.text).slice(0, 3).join('、') || '无障碍工具条脚本'}`, en: `Accessibility entry present: ${entries.map((e) => e.text).slice(0, 3).join(', ') || 'toolbar script'}` }, { key: meta.id, measure: 0, evidence })];
}

export const check: Check = { ...meta, evaluate };
