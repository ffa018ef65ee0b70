/**
 * identity.domain (S-01, 国办发〔2017〕47号): a government website uses an English domain ending
 * in .gov.cn (the Chinese .政务 is accepted); a 部门网站 uses a sub-domain of its government's
 * (or parent department's) portal domain, e.g. slj.bd.gov.cn under bd.gov.cn. The portal is
 * found among the registry's other sites of the same region (or a region containing it); with
 * none registered, a department site that owns its own registrable domain is flagged for review.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding } from '../util.ts';
import { GOV_SUFFIXES, hostOf, isGovHost, isRawIp, registrableDomain } from '../links/domains.ts';
import { parse as parseDomain } from 'tldts';

const meta: CheckMeta = {
  id: 'identity.domain',
  ref: 'S-01',
  family: 'identity',
  title: { zh: '域名规范', en: 'Domain name rules' },
  description: {
    zh: '政府网站应使用以 .gov.cn 为后缀的英文域名（或 .政务 中文域名）；部门网站应使用本级政府门户网站的下级域名。',
    en: 'Government sites use a .gov.cn domain (or .政务); department sites use a sub-domain of their government portal’s domain.',
  },
  severity: 'deduct',
  needs: [],
  defaults: { govSuffixes: GOV_SUFFIXES },
};

function evaluate(ctx: CheckContext): Finding[] {
  const host = hostOf(ctx.site.url);
  if (!host) return [finding(meta, 'cannot_assess', { zh: `站点地址无法解析：${ctx.site.url}`, en: `Site URL cannot be parsed: ${ctx.site.url}` })];
  const suffixes = (ctx.options.govSuffixes as string[]) ?? GOV_SUFFIXES;
  const ev = [{ url: ctx.site.url, text: host }];
  if (isRawIp(host)) {
    return [finding(meta, 'fail', { zh: `网站使用IP地址访问（${host}），未使用 .gov.cn 域名`, en: `The site is addressed by IP (${host}), not a .gov.cn domain` }, { evidence: ev, measure: 1, fix: { zh: '申请并启用 .gov.cn 域名', en: 'Register and use a .gov.cn domain' } })];
  }
  if (!isGovHost(host, suffixes)) {
    return [
      finding(meta, 'fail', { zh: `网站域名 ${host} 不以 .gov.cn 结尾`, en: `Domain ${host} does not end in .gov.cn` }, {
        evidence: ev,
        measure: 1,
        fix: { zh: '按47号文要求迁移到 .gov.cn 域名，原域名做跳转', en: 'Move the site to a .gov.cn domain (47号) and redirect the old one' },
      }),
    ];
  }
  // A registered home URL that is not the final one (e.g. the site moved) is still judged by its registered host.
  if (ctx.site.kind === '部门网站') {
    const portals = (ctx.registrySites ?? []).filter((s) => s.kind === '门户网站' && (s.region === ctx.site.region || ctx.site.region.startsWith(s.region)));
    const portalDomains = portals.map((s) => hostOf(s.url)).filter((h): h is string => !!h).map((h) => registrableDomain(h));
    if (portalDomains.length) {
      const under = portalDomains.find((d) => host === d || host.endsWith(`.${d}`));
      if (under) return [finding(meta, 'pass', { zh: `部门网站域名 ${host} 是门户网站域名 ${under} 的下级域名`, en: `Department domain ${host} is under the portal domain ${under}` }, { evidence: ev, measure: 0 })];
      return [
        finding(meta, 'fail', { zh: `部门网站域名 ${host} 不是本级门户网站域名（${portalDomains.join('、')}）的下级域名`, en: `Department domain ${host} is not under the portal domain (${portalDomains.join(', ')})` }, {
          evidence: [...ev, ...portals.map((p) => ({ url: p.url, text: `${p.name}（门户网站）` }))],
          measure: 1,
          fix: { zh: '使用本级政府门户网站的下级域名（如 xxj.example.gov.cn）', en: 'Use a sub-domain of the government portal’s domain (e.g. xxj.example.gov.cn)' },
        }),
      ];
    }
    const p = parseDomain(host);
    const sub = (p.subdomain ?? '').replace(/^www\.?/, '');
    if (!sub) {
      return [
        finding(meta, 'warn', { zh: `部门网站使用独立域名 ${host}，应为本级门户网站的下级域名（登记册中未找到对应门户网站，需人工核实）`, en: `Department site on its own domain ${host}; it should sit under its portal’s domain (no portal registered for this region: review)` }, {
          evidence: ev,
          requiresReview: true,
          measure: 0,
        }),
      ];
    }
  }
  return [finding(meta, 'pass', { zh: `域名 ${host} 符合规范`, en: `Domain ${host} follows the rules` }, { evidence: ev, measure: 0 })];
}

export const check: Check = { ...meta, evaluate };
