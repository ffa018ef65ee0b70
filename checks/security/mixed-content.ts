/**
 * security.mixed-content (N-02): HTTPS pages that load http:// resources. Active content
 * (scripts, stylesheets, iframes, embeds, objects) is blocked by browsers and lets an attacker
 * rewrite the page → fail; passive content (images, audio/video sources) shows a warning → warn.
 * A form posting to http:// leaks what citizens type → warn. Plain <a href="http://…"> links are
 * navigation, not mixed content.
 */
import type { Check, CheckContext, CheckMeta, Evidence, Finding } from '../../model/finding.ts';
import type { Link } from '../../model/observation.ts';
import { finding, summaryExamples } from '../util.ts';
import { isHttps } from './common.ts';

const meta: CheckMeta = {
  id: 'security.mixed-content',
  ref: 'N-02',
  family: 'security',
  title: { zh: '混合内容', en: 'Mixed content' },
  description: {
    zh: 'HTTPS页面不应通过HTTP加载脚本、样式、框架（主动混合内容）或图片等（被动混合内容）。',
    en: 'HTTPS pages must not load scripts, styles or frames (active) or images and media (passive) over plain HTTP.',
  },
  severity: 'advise',
  needs: ['page'],
};

type Kind = 'active' | 'passive' | 'form';

export function mixedKind(l: Link): Kind | undefined {
  if (!/^http:\/\//i.test(l.url)) return undefined;
  switch (l.tag) {
    case 'script':
    case 'iframe':
    case 'frame':
    case 'embed':
    case 'object':
      return 'active';
    case 'link': {
      const rel = (l.rel ?? '').toLowerCase();
      if (/stylesheet|preload|modulepreload/.test(rel)) return 'active';
      if (/icon/.test(rel)) return 'passive';
      return undefined;
    }
    case 'img':
    case 'source':
      return 'passive';
    case 'form':
      return 'form';
    default:
      return undefined;
  }
}

function evaluate(ctx: CheckContext): Finding[] {
  const httpsPages = ctx.pages.filter((p) => p.status >= 200 && p.status < 400 && isHttps(p.finalUrl) && p.links);
  if (!ctx.pages.some((p) => p.status >= 200 && p.status < 400)) return [finding(meta, 'cannot_assess', { zh: '没有成功抓取的页面', en: 'No page was fetched' }, { key: meta.id })];
  if (httpsPages.length === 0) return [finding(meta, 'not_applicable', { zh: '没有通过HTTPS抓取的页面', en: 'No page was fetched over HTTPS' })];
  const byUrl = new Map<string, { kind: Kind; tag: string; pages: Evidence[] }>();
  const pagesWithActive = new Set<string>();
  for (const p of httpsPages) {
    const seenHere = new Set<string>();
    for (const l of p.links ?? []) {
      const kind = mixedKind(l);
      if (!kind || seenHere.has(l.url)) continue;
      seenHere.add(l.url);
      if (kind === 'active') pagesWithActive.add(p.finalUrl);
      const e = byUrl.get(l.url) ?? { kind, tag: l.tag, pages: [] };
      if (e.pages.length < 5) e.pages.push({ url: l.url, page: p.finalUrl, linkText: l.text || l.raw });
      byUrl.set(l.url, e);
    }
  }
  const defects: Finding[] = [];
  let active = 0;
  let passive = 0;
  for (const [url, e] of byUrl) {
    if (e.kind === 'active') active++;
    else passive++;
    const zhKind = e.kind === 'active' ? '主动混合内容' : e.kind === 'form' ? '表单提交到HTTP' : '被动混合内容';
    defects.push(
      finding(meta, e.kind === 'active' ? 'fail' : 'warn', { zh: `${zhKind}：HTTPS页面通过HTTP加载 ${url}`, en: `${e.kind === 'form' ? 'Form posts' : `${e.kind === 'active' ? 'Active' : 'Passive'} mixed content`}: ${url} over plain HTTP on an HTTPS page` }, {
        key: `${meta.id}|${url}`,
        evidence: e.pages.map((ev, i) => ({ ...ev, ...(i === 0 ? { data: { defect: true, kind: e.kind, tag: e.tag } } : {}) })),
        fix: { zh: '将资源地址改为https://（或相对地址），并确认资源服务器支持HTTPS', en: 'Change the reference to https:// (or a relative URL) and make sure the resource host serves HTTPS' },
      }),
    );
  }
  const examples = summaryExamples(defects);
  const status = active ? 'fail' : passive ? 'warn' : 'pass';
  const summary = finding(
    meta,
    status,
    status === 'pass'
      ? { zh: `检查了${httpsPages.length}个HTTPS页面，未发现混合内容`, en: `${httpsPages.length} HTTPS pages checked, no mixed content` }
      : { zh: `发现${active}个主动、${passive}个被动混合内容资源（涉及${pagesWithActive.size}个页面的主动混合内容）`, en: `${active} active and ${passive} passive mixed-content resources (${pagesWithActive.size} pages with active mixed content)` },
    { key: meta.id, evidence: examples, measure: active },
  );
  summary.evidence.push({ data: { httpsPages: httpsPages.length, active, passive, pagesWithActive: pagesWithActive.size } });
  return [summary, ...defects];
}

export const check: Check = { ...meta, evaluate };
