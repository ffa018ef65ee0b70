/**
 * security.https (N-02): HTTPS is offered, and the plain-http home URL is sent to HTTPS.
 *
 * Decisions (see docs/checks-b.md):
 *  - No TLS listener (refused, timeout, handshake failure) → fail: the site is not offered over HTTPS.
 *  - HTTPS offered and http:// redirects to https:// (any host) → pass.
 *  - HTTPS offered and http:// cannot be connected at all (https-only site) → pass: nothing is
 *    served in clear text, which is what enforcement is for (the Observatory's
 *    `redirection-not-needed-no-http` also passes).
 *  - HTTPS offered but http:// serves the page without redirecting → fail (not enforced).
 *  - We were blocked (403/429/WAF) on either request → cannot_assess, never fail.
 */
import type { Check, CheckContext, CheckMeta, Evidence, Finding } from '../../model/finding.ts';
import { failureBlame } from '../../model/observation.ts';
import { finding } from '../util.ts';
import { httpRedirectObs, isHttps, siteTls } from './common.ts';

const meta: CheckMeta = {
  id: 'security.https',
  ref: 'N-02',
  family: 'security',
  title: { zh: '启用并强制HTTPS', en: 'HTTPS offered and enforced' },
  description: {
    zh: '网站应提供HTTPS访问，并将HTTP访问重定向到HTTPS。',
    en: 'The site answers over HTTPS and redirects its plain-http:// home URL to HTTPS.',
  },
  severity: 'advise',
  needs: ['tls', 'http_redirect'],
};

function evaluate(ctx: CheckContext): Finding[] {
  const t = siteTls(ctx);
  const h = httpRedirectObs(ctx);
  const evidence: Evidence[] = [];
  if (t) evidence.push({ url: t.url, text: t.offered ? `TLS ${t.protocol ?? ''}`.trim() : `no TLS: ${t.failure?.message ?? ''}`, failureClass: t.failure?.class, data: { host: t.host, port: t.port } });
  if (h) evidence.push({ url: h.url, status: h.status, failureClass: h.failure?.class, text: h.redirects.map((r) => `${r.status} → ${r.location}`).join('; ') || `final ${h.finalUrl}`, data: { finalUrl: h.finalUrl, endsOnHttps: h.endsOnHttps } });
  if (!t) return [finding(meta, 'cannot_assess', { zh: '未记录TLS检测结果', en: 'No TLS observation was recorded' }, { evidence })];
  if (!t.offered) {
    // Nothing answers at all (neither TLS nor plain HTTP): the site is down, which V-01/D-01 judge.
    const httpDown = !!h && h.status === 0 && !!h.failure && failureBlame(h.failure.class) === 'site';
    if (httpDown) {
      return [finding(meta, 'cannot_assess', { zh: `网站无法连接（HTTPS：${t.failure?.class ?? '无'}；HTTP：${h!.failure!.class}），见可用性检查`, en: `The site does not answer at all (HTTPS ${t.failure?.class ?? '-'}, HTTP ${h!.failure!.class}); see availability` }, { evidence })];
    }
    if (t.failure && (failureBlame(t.failure.class) === 'cannot_assess' || t.failure.class === 'dns')) {
      return [finding(meta, 'cannot_assess', { zh: `无法连接HTTPS端口（${t.failure.class}），无法评估`, en: `Could not reach the HTTPS port (${t.failure.class})` }, { evidence })];
    }
    return [
      finding(meta, 'fail', { zh: `网站未提供HTTPS访问（${t.host}:${t.port}，${t.failure?.class ?? '无TLS'}）`, en: `HTTPS is not offered (${t.host}:${t.port}: ${t.failure?.class ?? 'no TLS'})` }, {
        evidence,
        measure: 1,
        fix: { zh: '为网站部署有效的TLS证书并在443端口提供HTTPS服务', en: 'Install a valid TLS certificate and serve the site over HTTPS on port 443' },
      }),
    ];
  }
  if (!h) return [finding(meta, 'warn', { zh: '已提供HTTPS，但未检测HTTP到HTTPS的重定向', en: 'HTTPS is offered; the http:// redirect was not observed' }, { evidence, requiresReview: true })];
  if (h.failure && h.status === 0) {
    if (failureBlame(h.failure.class) === 'cannot_assess') return [finding(meta, 'cannot_assess', { zh: 'HTTP访问被拦截，无法评估是否强制HTTPS', en: 'The http:// request was blocked; enforcement could not be assessed' }, { evidence })];
    return [finding(meta, 'pass', { zh: '仅提供HTTPS访问（HTTP端口不提供服务）', en: 'HTTPS only: nothing is served over plain HTTP' }, { evidence, measure: 0 })];
  }
  if (h.failure?.class === 'blocked') return [finding(meta, 'cannot_assess', { zh: 'HTTP访问被拦截（403/429），无法评估是否强制HTTPS', en: 'The http:// request was refused (403/429); enforcement could not be assessed' }, { evidence })];
  if (isHttps(h.finalUrl) && !h.failure) {
    return [finding(meta, 'pass', { zh: '已提供HTTPS，HTTP访问已重定向到HTTPS', en: 'HTTPS is offered and http:// redirects to it' }, { evidence, measure: 0 })];
  }
  if (isHttps(h.finalUrl)) {
    return [finding(meta, 'warn', { zh: `HTTP重定向到HTTPS，但目标页面返回错误（${h.status}）`, en: `http:// redirects to HTTPS but the target answers ${h.status}` }, { evidence, measure: 0 })];
  }
  return [
    finding(meta, 'fail', { zh: '已提供HTTPS，但HTTP访问未重定向到HTTPS', en: 'HTTPS is offered but http:// is served without redirecting to HTTPS' }, {
      evidence,
      measure: 1,
      fix: { zh: '在Web服务器上配置HTTP（80端口）301重定向到对应的HTTPS地址，并启用HSTS', en: 'Redirect every http:// request with a 301 to the same https:// URL and enable HSTS' },
    }),
  ];
}

export const check: Check = { ...meta, evaluate };
