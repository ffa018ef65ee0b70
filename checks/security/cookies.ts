/**
 * security.cookies (N-03): cookies the site sets carry Secure (on HTTPS), HttpOnly (for
 * session/login cookies, which scripts have no business reading) and SameSite. One defect per
 * cookie name (key checkId|name). Session cookies without Secure/HttpOnly fail; a missing or
 * invalid SameSite, or Secure missing on a non-session cookie, warns.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding, summaryExamples } from '../util.ts';
import { allCookies, isHttps, isSessionCookie, siteResponse } from './common.ts';

const meta: CheckMeta = {
  id: 'security.cookies',
  ref: 'N-03',
  family: 'security',
  title: { zh: 'Cookie安全属性', en: 'Cookie security flags' },
  description: {
    zh: 'Cookie应设置Secure、HttpOnly（会话类）和SameSite属性。',
    en: 'Cookies carry Secure, HttpOnly (session cookies) and SameSite.',
  },
  severity: 'advise',
  needs: ['page', 'http_redirect'],
};

function evaluate(ctx: CheckContext): Finding[] {
  const cookies = allCookies(ctx);
  if (!ctx.pages.some((p) => p.status > 0) && !ctx.httpRedirects.some((r) => r.status > 0)) {
    return [finding(meta, 'cannot_assess', { zh: '网站无响应，无法检查Cookie', en: 'The site gave no response; cookies could not be checked' }, { key: meta.id })];
  }
  if (cookies.length === 0) return [finding(meta, 'not_applicable', { zh: '网站未设置Cookie', en: 'The site sets no cookies' }, { key: meta.id, measure: 0 })];
  const siteHttps = siteResponse(ctx)?.https ?? false;
  const defects: Finding[] = [];
  let failing = 0;
  for (const c of cookies) {
    const session = isSessionCookie(c.name);
    const problems: string[] = [];
    let severe = false;
    if (!c.secure && (siteHttps || isHttps(c.url))) {
      problems.push('Secure');
      if (session) severe = true;
    }
    if (session && !c.httpOnly) {
      problems.push('HttpOnly');
      severe = true;
    }
    const ss = c.sameSite?.toLowerCase();
    if (ss === undefined) problems.push('SameSite');
    else if (!['lax', 'strict', 'none'].includes(ss)) problems.push(`SameSite=${c.sameSite} (invalid)`);
    else if (ss === 'none' && !c.secure) problems.push('SameSite=None without Secure');
    if (problems.length === 0) continue;
    if (severe) failing++;
    defects.push(
      finding(meta, severe ? 'fail' : 'warn', { zh: `Cookie ${c.name}${session ? '（会话）' : ''}缺少或错误设置：${problems.join('、')}`, en: `Cookie ${c.name}${session ? ' (session)' : ''}: ${problems.join(', ')} missing or wrong` }, {
        key: `${meta.id}|${c.name}`,
        evidence: [{ url: c.url, text: c.raw.replace(/^([^=]+=)[^;]*/, '$1…'), data: { defect: true, cookie: c.name, session, problems } }],
        fix: { zh: '为Cookie设置 Secure; HttpOnly; SameSite=Lax（或Strict）', en: 'Set the cookie with Secure; HttpOnly; SameSite=Lax (or Strict)' },
      }),
    );
  }
  const status = failing ? 'fail' : defects.length ? 'warn' : 'pass';
  return [
    finding(
      meta,
      status,
      status === 'pass'
        ? { zh: `${cookies.length}个Cookie均设置了安全属性`, en: `All ${cookies.length} cookies carry the security flags` }
        : { zh: `${cookies.length}个Cookie中有${defects.length}个缺少安全属性`, en: `${defects.length} of ${cookies.length} cookies lack security flags` },
      { key: meta.id, evidence: summaryExamples(defects), measure: defects.length },
    ),
    ...defects,
  ];
}

export const check: Check = { ...meta, evaluate };
