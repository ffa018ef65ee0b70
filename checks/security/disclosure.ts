/**
 * security.disclosure (N-03): the server does not advertise software versions (Server with a
 * version number, X-Powered-By, X-AspNet-Version …), which hands attackers a list of known
 * exploits; and a /.well-known/security.txt (RFC 9116) tells researchers whom to tell about a
 * vulnerability. Version disclosure fails; a missing security.txt only warns.
 */
import type { Check, CheckContext, CheckMeta, Evidence, Finding } from '../../model/finding.ts';
import { finding, summaryExamples } from '../util.ts';
import { siteResponse } from './common.ts';

const meta: CheckMeta = {
  id: 'security.disclosure',
  ref: 'N-03',
  family: 'security',
  title: { zh: '服务器信息泄露与security.txt', en: 'Server version disclosure and security.txt' },
  description: {
    zh: '响应头不应暴露服务器软件版本；应提供 /.well-known/security.txt 漏洞报告联系方式。',
    en: 'Response headers do not reveal software versions; /.well-known/security.txt gives a vulnerability contact.',
  },
  severity: 'advise',
  needs: ['page', 'resource'],
  defaults: { requireSecurityTxt: true },
};

const VERSIONED = /\d+(\.\d+)+|\/\d/;
const ALWAYS_DISCLOSING = ['x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version', 'x-generator', 'x-drupal-cache', 'x-runtime'];

function evaluate(ctx: CheckContext): Finding[] {
  const r = siteResponse(ctx);
  const out: Finding[] = [];
  const leaks: Evidence[] = [];
  if (r) {
    const server = r.headers['server'];
    if (server && VERSIONED.test(server)) leaks.push({ url: r.url, text: `Server: ${server}`, data: { defect: true, header: 'server' } });
    for (const h of ALWAYS_DISCLOSING) if (r.headers[h]) leaks.push({ url: r.url, text: `${h}: ${r.headers[h]}`, data: { defect: true, header: h } });
  }
  for (const e of leaks) {
    const h = String(e.data?.header);
    out.push(
      finding(meta, 'fail', { zh: `响应头暴露服务器软件信息：${e.text}`, en: `Response header reveals server software: ${e.text}` }, {
        key: `${meta.id}|${h}`,
        evidence: [e],
        fix: { zh: `在Web服务器配置中隐藏版本号或移除 ${h} 响应头（如 nginx: server_tokens off; PHP: expose_php = Off）`, en: `Hide the version or drop the ${h} header (nginx: server_tokens off; PHP: expose_php = Off)` },
      }),
    );
  }
  const txt = ctx.resources.find((x) => x.role === 'security_txt');
  let txtOk: boolean | undefined;
  if (txt) {
    txtOk = txt.status >= 200 && txt.status < 300 && /^\s*contact\s*:/im.test(txt.body ?? '') && !/<html/i.test(txt.body ?? '');
    // Only a server that answered can be said to lack the file; a refused or timed-out request says nothing.
    if (!txtOk && txt.status > 0 && ctx.options.requireSecurityTxt !== false && txt.failure?.class !== 'blocked') {
      out.push(
        finding(meta, 'warn', { zh: '未提供有效的 /.well-known/security.txt（含Contact字段）', en: 'No valid /.well-known/security.txt (with a Contact field)' }, {
          key: `${meta.id}|security.txt`,
          evidence: [{ url: txt.url, status: txt.status, failureClass: txt.failure?.class, data: { defect: true } }],
          fix: { zh: '发布 /.well-known/security.txt，写明 Contact（漏洞报告邮箱或网址）和 Expires 字段', en: 'Publish /.well-known/security.txt with Contact and Expires fields (RFC 9116)' },
        }),
      );
    }
  }
  if (!r && (!txt || txt.status === 0)) return [finding(meta, 'cannot_assess', { zh: '首页与security.txt均无响应', en: 'Neither the home page nor security.txt answered' })];
  const status = leaks.length ? 'fail' : out.length ? 'warn' : 'pass';
  return [
    finding(
      meta,
      status,
      status === 'pass'
        ? { zh: '未暴露服务器版本，已提供security.txt', en: 'No version disclosure; security.txt present' }
        : { zh: `${leaks.length}处服务器信息泄露${txtOk === false ? '；缺少security.txt' : ''}`, en: `${leaks.length} version disclosure(s)${txtOk === false ? '; no security.txt' : ''}` },
      { key: meta.id, evidence: summaryExamples(out), measure: leaks.length },
    ),
    ...out,
  ];
}

export const check: Check = { ...meta, evaluate };
