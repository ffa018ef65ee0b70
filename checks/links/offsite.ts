/**
 * links.offsite (S-11, advise, needs review): links to hosts outside the government namespace
 * (not .gov.cn / .政务). A local 通报 (连云港 2023Q2) asks sites to avoid them, because such
 * domains lapse and get re-registered for gambling or porn (不良链接). Whether a given link is
 * acceptable (a state media outlet, a bank for payments) is a human call, so every host is
 * listed for review, never deducted. `allowedDomains` lists non-gov hosts sites must link to
 * (the 党政机关 mark at conac.cn, S-05; the 12377 reporting centre).
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding, summaryExamples } from '../util.ts';
import { anyPageSeen, countsAsLink } from './common.ts';
import { hostOf, isGovHost, isRawIp, registrableDomain } from './domains.ts';

const meta: CheckMeta = {
  id: 'links.offsite',
  ref: 'S-11',
  family: 'links',
  title: { zh: '非政府域名外链', en: 'Links to non-government domains' },
  description: {
    zh: '列出指向非 .gov.cn / .政务 域名的链接，供人工核实是否为不良链接。',
    en: 'Lists links to hosts outside .gov.cn / .政务 for a person to review.',
  },
  severity: 'advise',
  needs: ['page'],
  defaults: { allowedDomains: ['conac.cn', '12377.cn'], govSuffixes: ['gov.cn', '政务', 'xn--zfr164b'] },
};

function evaluate(ctx: CheckContext): Finding[] {
  if (!anyPageSeen(ctx)) return [finding(meta, 'cannot_assess', { zh: '没有成功抓取的页面', en: 'No page was fetched' }, { key: meta.id })];
  const allowed = new Set(((ctx.options.allowedDomains as string[]) ?? []).map((d) => d.toLowerCase()));
  const suffixes = (ctx.options.govSuffixes as string[]) ?? undefined;
  const siteHost = hostOf(ctx.site.url) ?? '';
  const siteDomain = registrableDomain(siteHost);
  const byDomain = new Map<string, { hosts: Set<string>; refs: Array<{ url: string; page: string; linkText: string }>; count: number }>();
  for (const p of ctx.pages) {
    for (const l of p.links ?? []) {
      if (!countsAsLink(l)) continue;
      const host = hostOf(l.url);
      if (!host || isRawIp(host) || isGovHost(host, suffixes)) continue;
      const dom = registrableDomain(host);
      if (dom === siteDomain || allowed.has(dom) || allowed.has(host)) continue;
      const e = byDomain.get(dom) ?? { hosts: new Set(), refs: [], count: 0 };
      e.hosts.add(host);
      e.count++;
      if (e.refs.length < 5 && !e.refs.some((r) => r.page === (p.finalUrl || p.url))) e.refs.push({ url: l.url, page: p.finalUrl || p.url, linkText: l.text || l.raw });
      byDomain.set(dom, e);
    }
  }
  const defects: Finding[] = [...byDomain.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([dom, e]) =>
      finding(meta, 'warn', { zh: `链接到非政府域名 ${dom}（${e.count}处）`, en: `Links to non-government domain ${dom} (${e.count})` }, {
        key: `${meta.id}|${dom}`,
        requiresReview: true,
        evidence: e.refs.map((r, i) => ({ ...r, ...(i === 0 ? { data: { defect: true, domain: dom, hosts: [...e.hosts].slice(0, 10), links: e.count } } : {}) })),
        fix: { zh: '核实该外链是否必要、安全；不必要的删除，必要的加离站提示', en: 'Check the link is needed and safe; remove it or add a leaving-the-site notice' },
      }),
    );
  return [
    finding(
      meta,
      defects.length ? 'warn' : 'pass',
      defects.length ? { zh: `发现指向${defects.length}个非政府域名的链接，需人工核实`, en: `Links to ${defects.length} non-government domains need review` } : { zh: '未发现指向非政府域名的链接', en: 'No links to non-government domains' },
      { key: meta.id, measure: defects.length, requiresReview: defects.length > 0, evidence: summaryExamples(defects) },
    ),
    ...defects,
  ];
}

export const check: Check = { ...meta, evaluate };
