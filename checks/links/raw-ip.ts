/**
 * links.raw-ip (S-11, deduct): links to raw IP addresses (http://10.1.2.3/…, http://[2001:db8::1]/).
 * An address link breaks when the server moves, bypasses HTTPS name checks, and often points at
 * an intranet system the public cannot reach. One defect per target URL.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding, summaryExamples } from '../util.ts';
import { anyPageSeen, countsAsLink } from './common.ts';
import { hostOf, ipRange, isRawIp } from './domains.ts';

const meta: CheckMeta = {
  id: 'links.raw-ip',
  ref: 'S-11',
  family: 'links',
  title: { zh: 'IP地址链接', en: 'Links to raw IP addresses' },
  description: { zh: '页面中不应出现以IP地址代替域名的链接。', en: 'Pages must not link to raw IP addresses instead of domain names.' },
  severity: 'deduct',
  needs: ['page'],
};

function evaluate(ctx: CheckContext): Finding[] {
  if (!anyPageSeen(ctx)) return [finding(meta, 'cannot_assess', { zh: '没有成功抓取的页面', en: 'No page was fetched' }, { key: meta.id })];
  const byUrl = new Map<string, { host: string; refs: Array<{ url: string; page: string; linkText: string }>; tag: string }>();
  for (const p of ctx.pages) {
    for (const l of p.links ?? []) {
      if (!countsAsLink(l)) continue;
      const host = hostOf(l.url);
      if (!host || !isRawIp(host)) continue;
      const e = byUrl.get(l.url) ?? { host, refs: [], tag: l.tag };
      if (e.refs.length < 5 && !e.refs.some((r) => r.page === (p.finalUrl || p.url))) e.refs.push({ url: l.url, page: p.finalUrl || p.url, linkText: l.text || l.raw });
      byUrl.set(l.url, e);
    }
  }
  const defects = [...byUrl.entries()].map(([url, e]) =>
    finding(meta, 'fail', { zh: `使用IP地址的链接：${url}`, en: `Link to a raw IP address: ${url}` }, {
      key: `${meta.id}|${url}`,
      evidence: e.refs.map((r, i) => ({ ...r, ...(i === 0 ? { data: { defect: true, ip: e.host, range: ipRange(e.host), tag: e.tag } } : {}) })),
      fix: { zh: '改用 .gov.cn 域名访问该系统；内网地址不应出现在公开页面', en: 'Use the system’s .gov.cn host name; intranet addresses do not belong on public pages' },
    }),
  );
  return [
    finding(meta, defects.length ? 'fail' : 'pass', defects.length ? { zh: `发现${defects.length}个IP地址链接`, en: `${defects.length} link(s) to raw IP addresses` } : { zh: '未发现IP地址链接', en: 'No links to raw IP addresses' }, {
      key: meta.id,
      measure: defects.length,
      evidence: summaryExamples(defects),
    }),
    ...defects,
  ];
}

export const check: Check = { ...meta, evaluate };
