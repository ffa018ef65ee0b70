/**
 * security.headers (N-03): the protective response headers of the home page as served over
 * HTTPS (HSTS only means something there). One defect per missing or invalid header (key
 * checkId|header) so reports can track each one; `required` and `recommended` are options
 * because N-03 is our advisory policy, not a national rule.
 */
import type { Check, CheckContext, CheckMeta, Evidence, Finding, Text } from '../../model/finding.ts';
import { finding } from '../util.ts';
import { metaValue, siteResponse } from './common.ts';

const meta: CheckMeta = {
  id: 'security.headers',
  ref: 'N-03',
  family: 'security',
  title: { zh: '安全响应头', en: 'Security response headers' },
  description: {
    zh: '首页应返回HSTS、X-Content-Type-Options、X-Frame-Options（或CSP frame-ancestors）、Referrer-Policy等安全响应头。',
    en: 'The home page sends HSTS, X-Content-Type-Options, X-Frame-Options (or CSP frame-ancestors), Referrer-Policy and ideally a CSP.',
  },
  severity: 'advise',
  needs: ['page', 'http_redirect'],
  defaults: {
    required: ['strict-transport-security', 'x-content-type-options', 'x-frame-options', 'referrer-policy'],
    recommended: ['content-security-policy'],
  },
};

interface HeaderVerdict {
  ok: boolean;
  value?: string;
  problem?: Text;
}

function judge(name: string, headers: Record<string, string>, https: boolean, metaTags?: Record<string, string>): HeaderVerdict | undefined {
  const v = headers[name];
  const csp = headers['content-security-policy'] ?? '';
  switch (name) {
    case 'strict-transport-security': {
      // Without HTTPS there is no HSTS to send; security.https reports that, once.
      if (!https) return undefined;
      if (!v) return { ok: false, problem: { zh: '缺少 Strict-Transport-Security', en: 'Strict-Transport-Security missing' } };
      const m = /max-age\s*=\s*"?(\d+)/i.exec(v);
      if (!m) return { ok: false, value: v, problem: { zh: 'HSTS缺少max-age', en: 'HSTS without max-age' } };
      if (Number(m[1]) < 15_552_000) return { ok: false, value: v, problem: { zh: 'HSTS max-age不足6个月', en: 'HSTS max-age below six months' } };
      return { ok: true, value: v };
    }
    case 'x-content-type-options':
      if (!v) return { ok: false, problem: { zh: '缺少 X-Content-Type-Options: nosniff', en: 'X-Content-Type-Options: nosniff missing' } };
      return v.trim().toLowerCase() === 'nosniff' ? { ok: true, value: v } : { ok: false, value: v, problem: { zh: 'X-Content-Type-Options 值无效', en: 'X-Content-Type-Options value invalid' } };
    case 'x-frame-options':
      if (/frame-ancestors/i.test(csp)) return { ok: true, value: 'CSP frame-ancestors' };
      if (!v) return { ok: false, problem: { zh: '缺少 X-Frame-Options（或CSP frame-ancestors），存在点击劫持风险', en: 'X-Frame-Options (or CSP frame-ancestors) missing: clickjacking possible' } };
      return /^(deny|sameorigin)$/i.test(v.trim()) ? { ok: true, value: v } : { ok: false, value: v, problem: { zh: 'X-Frame-Options 值无效', en: 'X-Frame-Options value invalid' } };
    case 'referrer-policy': {
      const val = v ?? metaValue(metaTags, 'referrer');
      if (!val) return { ok: false, problem: { zh: '缺少 Referrer-Policy', en: 'Referrer-Policy missing' } };
      const last = val.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean).at(-1) ?? '';
      if (['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(last)) return { ok: true, value: val };
      return { ok: false, value: val, problem: { zh: `Referrer-Policy 设置不安全或无效（${last}）`, en: `Referrer-Policy unsafe or invalid (${last})` } };
    }
    case 'content-security-policy': {
      const val = v ?? metaValue(metaTags, 'content-security-policy');
      if (!val) return { ok: false, problem: { zh: '缺少 Content-Security-Policy', en: 'Content-Security-Policy missing' } };
      return { ok: true, value: val };
    }
    default:
      if (!v) return { ok: false, problem: { zh: `缺少 ${name}`, en: `${name} missing` } };
      return { ok: true, value: v };
  }
}

function evaluate(ctx: CheckContext): Finding[] {
  const r = siteResponse(ctx);
  if (!r) return [finding(meta, 'cannot_assess', { zh: '首页无响应，无法检查响应头', en: 'The home page gave no response; headers could not be read' })];
  if (r.page?.failure?.class === 'blocked') return [finding(meta, 'cannot_assess', { zh: '首页访问被拦截，无法检查响应头', en: 'The home page blocked us; headers could not be read' })];
  const required = (ctx.options.required as string[]) ?? [];
  const recommended = (ctx.options.recommended as string[]) ?? [];
  const out: Finding[] = [];
  const evidence: Evidence[] = [];
  let missingRequired = 0;
  let missingRecommended = 0;
  for (const [list, level] of [[required, 'required'], [recommended, 'recommended']] as const) {
    for (const name of list) {
      const v = judge(name.toLowerCase(), r.headers, r.https, r.meta);
      if (!v) continue;
      evidence.push({ url: r.url, text: `${name}: ${v.value ?? '(absent)'}`, data: { header: name, ok: v.ok, level } });
      if (v.ok) continue;
      if (level === 'required') missingRequired++;
      else missingRecommended++;
      out.push(
        finding(meta, level === 'required' ? 'fail' : 'warn', { zh: v.problem!.zh, en: v.problem!.en }, {
          key: `${meta.id}|${name}`,
          evidence: [{ url: r.url, text: v.value ? `${name}: ${v.value}` : undefined, data: { defect: true, header: name, level } }],
          fix: { zh: `在Web服务器或网关为所有HTTPS响应添加 ${name} 响应头`, en: `Add the ${name} header to every HTTPS response at the web server or gateway` },
        }),
      );
    }
  }
  const status = missingRequired ? 'fail' : missingRecommended ? 'warn' : 'pass';
  const summary = finding(
    meta,
    status,
    status === 'pass'
      ? { zh: '首页返回了所需的安全响应头', en: 'The home page sends the expected security headers' }
      : { zh: `首页缺少或错误设置${missingRequired + missingRecommended}个安全响应头`, en: `${missingRequired + missingRecommended} security header(s) missing or invalid on the home page` },
    { key: meta.id, evidence, measure: missingRequired },
  );
  return [summary, ...out];
}

export const check: Check = { ...meta, evaluate };
