import { describe, it, expect } from 'vitest';
import { runCheck } from '../../../checks/run.ts';
import { checks } from '../../../checks/security/index.ts';
import { gradeForScore, observatoryScan, parseCsp, type ObservatoryInput } from '../../../checks/security/observatory.ts';
import type { Finding } from '../../../model/finding.ts';
import type { HttpRedirectObservation, TlsObservation } from '../../../model/observation.ts';
import { AT, ctx, link, page } from '../links/build.ts';

const byId = (id: string) => checks.find((c) => c.id === id)!;
const summary = (fs: Finding[]) => fs.find((f) => f.key === f.checkId || f.key === undefined)!;
const H = 'https://www.fuzhou.gov.cn';

const tlsOk: TlsObservation = { kind: 'tls', at: AT, url: `${H}:443/`, host: 'www.fuzhou.gov.cn', port: 443, offered: true, authorized: true, protocol: 'TLSv1.3', daysToExpiry: 200, hostnameMatch: true, selfSigned: false, validTo: '2027-06-08T00:00:00.000Z' };
const httpToHttps: HttpRedirectObservation = {
  kind: 'http_redirect',
  at: AT,
  url: 'http://www.fuzhou.gov.cn/',
  status: 200,
  redirects: [{ url: 'http://www.fuzhou.gov.cn/', status: 301, location: `${H}/` }],
  finalUrl: `${H}/`,
  endsOnHttps: true,
};

function base(): ObservatoryInput {
  return {
    siteHost: 'www.fuzhou.gov.cn',
    auto: { url: `${H}/`, status: 200, headers: { 'content-type': 'text/html' }, setCookies: [], scripts: [{ raw: '/js/common.js' }], scriptCount: 1 },
    http: { verified: true, route: [{ url: 'http://www.fuzhou.gov.cn/', status: 301 }, { url: `${H}/`, status: 200 }], setCookies: [] },
    https: { verified: true, headers: {}, setCookies: [] },
  };
}

const result = (r: ReturnType<typeof observatoryScan>, name: string) => r.tests.find((t) => t.name === name)!.result;

describe('MDN Observatory scoring', () => {
  it('a typical portal with no security headers scores 30 (D)', () => {
    const r = observatoryScan(base());
    expect(result(r, 'content-security-policy')).toBe('csp-not-implemented');
    expect(result(r, 'strict-transport-security')).toBe('hsts-not-implemented');
    expect(result(r, 'x-frame-options')).toBe('x-frame-options-not-implemented');
    expect(result(r, 'x-content-type-options')).toBe('x-content-type-options-not-implemented');
    expect(result(r, 'redirection')).toBe('redirection-to-https');
    expect(result(r, 'subresource-integrity')).toBe('sri-not-implemented-but-all-scripts-loaded-from-secure-origin');
    expect(r.score).toBe(30);
    expect(r.grade).toBe('D');
    expect(r.tests).toHaveLength(10);
  });

  it('grants bonuses only from 90 up: a hardened site reaches A+ (135)', () => {
    const i = base();
    const headers = {
      'content-type': 'text/html',
      'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'cross-origin-resource-policy': 'same-origin',
    };
    i.auto!.headers = headers;
    i.https!.headers = headers;
    i.auto!.setCookies = ['SESSIONID=1; Secure; HttpOnly; SameSite=Lax'];
    const r = observatoryScan(i);
    expect(result(r, 'content-security-policy')).toBe('csp-implemented-with-no-unsafe-default-src-none');
    expect(result(r, 'x-frame-options')).toBe('x-frame-options-implemented-via-csp');
    expect(result(r, 'cookies')).toBe('cookies-secure-with-httponly-sessions-and-samesite');
    expect(r.score).toBe(135);
    expect(r.grade).toBe('A+');

    // Same bonuses, but one −20 pushes the uncurved score under 90: no extra credit.
    const j = structuredClone(i);
    j.http = { verified: true, route: [{ url: 'http://www.fuzhou.gov.cn/', status: 200 }], setCookies: [] };
    const r2 = observatoryScan(j);
    expect(result(r2, 'redirection')).toBe('redirection-missing');
    expect(r2.score).toBe(80);
    expect(r2.grade).toBe('B+');
  });

  it('penalises unsafe CSP, session cookies without flags, http external scripts and invalid certificates', () => {
    const i = base();
    i.auto!.headers = { 'content-type': 'text/html', 'content-security-policy': "default-src 'self' 'unsafe-inline' 'unsafe-eval'" };
    i.auto!.setCookies = ['JSESSIONID=abc; Path=/'];
    i.auto!.scripts = [{ raw: 'http://cdn.example.com/jquery.js' }];
    i.https!.verified = false;
    i.http!.verified = false;
    const r = observatoryScan(i);
    expect(result(r, 'content-security-policy')).toBe('csp-implemented-with-unsafe-inline');
    expect(result(r, 'cookies')).toBe('cookies-session-without-secure-flag');
    expect(result(r, 'subresource-integrity')).toBe('sri-not-implemented-and-external-scripts-not-loaded-securely');
    expect(result(r, 'strict-transport-security')).toBe('hsts-invalid-cert');
    expect(result(r, 'redirection')).toBe('redirection-invalid-cert');
    expect(r.score).toBe(0);
    expect(r.grade).toBe('F');
  });

  it('has the grade chart and CSP parser of the Observatory', () => {
    expect([100, 97, 90, 89, 80, 64, 45, 25, 24, 0].map(gradeForScore)).toEqual(['A+', 'A', 'A', 'A-', 'B+', 'C+', 'C-', 'D-', 'F', 'F']);
    expect(() => parseCsp(["script-src 'self'; script-src 'none'"])).toThrow();
    expect(parseCsp(["default-src 'self'; img-src"]).get('img-src')).toEqual(new Set(["'none'"]));
  });
});

describe('security checks on hand-built observations', () => {
  it('security.https passes an https-only site whose http port is closed', () => {
    const closed: HttpRedirectObservation = { ...httpToHttps, status: 0, redirects: [], finalUrl: 'http://www.fuzhou.gov.cn/', endsOnHttps: false, failure: { class: 'refused', message: 'ECONNREFUSED' } };
    expect(summary(runCheck(byId('security.https'), ctx({ tls: [tlsOk], httpRedirects: [closed] }))).status).toBe('pass');
    expect(summary(runCheck(byId('security.https'), ctx({ tls: [tlsOk], httpRedirects: [httpToHttps] }))).status).toBe('pass');
    const blocked: HttpRedirectObservation = { ...httpToHttps, status: 403, redirects: [], finalUrl: 'http://www.fuzhou.gov.cn/', endsOnHttps: false, failure: { class: 'blocked', message: 'HTTP 403' } };
    expect(summary(runCheck(byId('security.https'), ctx({ tls: [tlsOk], httpRedirects: [blocked] }))).status).toBe('cannot_assess');
  });

  it('security.certificate: hostname mismatch fails, a healthy certificate passes with days as measure', () => {
    expect(summary(runCheck(byId('security.certificate'), ctx({ tls: [tlsOk] })))).toMatchObject({ status: 'pass', measure: 200 });
    const mismatch = { ...tlsOk, authorized: false, authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID', hostnameMatch: false };
    const f = summary(runCheck(byId('security.certificate'), ctx({ tls: [mismatch] })));
    expect(f.status).toBe('fail');
    expect(f.evidence[0].data?.problems).toEqual(['hostname_mismatch']);
    const chain = { ...tlsOk, authorized: false, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' };
    expect(summary(runCheck(byId('security.certificate'), ctx({ tls: [chain] }))).evidence[0].data?.problems).toEqual(['untrusted_chain']);
  });

  it('security.headers: one defect per missing header, CSP frame-ancestors stands in for X-Frame-Options', () => {
    const home = page(`${H}/`, { depth: 0, headers: { 'strict-transport-security': 'max-age=31536000', 'content-security-policy': "frame-ancestors 'self'", 'x-content-type-options': 'nosniff' } });
    const fs = runCheck(byId('security.headers'), ctx({ pages: [home], tls: [tlsOk], httpRedirects: [httpToHttps] }));
    expect(summary(fs).status).toBe('fail');
    expect(summary(fs).measure).toBe(1);
    expect(fs.map((f) => f.key)).toContain('security.headers|referrer-policy');
    expect(fs.map((f) => f.key)).not.toContain('security.headers|x-frame-options');
  });

  it('security.mixed-content: active http script fails, passive image warns, plain links ignored', () => {
    const home = page(`${H}/`, {
      depth: 0,
      links: [
        link('http://www.fuzhou.gov.cn/js/old.js', '', { tag: 'script' }),
        link('http://img.fuzhou.gov.cn/a.jpg', '图片', { tag: 'img' }),
        link('http://www.fj.gov.cn/', '福建省政府'),
        link(`${H}/css/a.css`, '', { tag: 'link', rel: 'stylesheet' }),
      ],
    });
    const fs = runCheck(byId('security.mixed-content'), ctx({ pages: [home] }));
    expect(summary(fs)).toMatchObject({ status: 'fail', measure: 1 });
    expect(fs.find((f) => f.key === 'security.mixed-content|http://img.fuzhou.gov.cn/a.jpg')?.status).toBe('warn');
    expect(fs.find((f) => f.key?.includes('fj.gov.cn'))).toBeUndefined();
    const httpOnly = page('http://www.fuzhou.gov.cn/', { depth: 0, links: home.links });
    expect(summary(runCheck(byId('security.mixed-content'), ctx({ pages: [httpOnly] }))).status).toBe('not_applicable');
  });

  it('security.cookies: a session cookie without HttpOnly/Secure fails, a tidy one passes', () => {
    const bad = page(`${H}/`, { depth: 0, setCookies: ['JSESSIONID=1; Path=/', 'lang=zh; Secure; SameSite=Lax'] });
    const fs = runCheck(byId('security.cookies'), ctx({ pages: [bad] }));
    expect(summary(fs).status).toBe('fail');
    expect(fs.find((f) => f.key === 'security.cookies|JSESSIONID')?.evidence[0].data?.problems).toEqual(['Secure', 'HttpOnly', 'SameSite']);
    expect(fs.find((f) => f.key === 'security.cookies|lang')).toBeUndefined();
    expect(summary(runCheck(byId('security.cookies'), ctx({ pages: [page(`${H}/`, { depth: 0 })] }))).status).toBe('not_applicable');
  });

  it('security.disclosure: a bare "nginx" Server header is fine, a version is not', () => {
    const txt = { kind: 'resource' as const, at: AT, url: `${H}/.well-known/security.txt`, role: 'security_txt' as const, status: 200, body: 'Contact: mailto:a@fuzhou.gov.cn\n' };
    const quiet = page(`${H}/`, { depth: 0, headers: { server: 'nginx' } });
    expect(summary(runCheck(byId('security.disclosure'), ctx({ pages: [quiet], resources: [txt] }))).status).toBe('pass');
    const loud = page(`${H}/`, { depth: 0, headers: { server: 'Apache/2.4.6 (CentOS) OpenSSL/1.0.2k-fips PHP/5.4.16', 'x-aspnet-version': '4.0.30319' } });
    const fs = runCheck(byId('security.disclosure'), ctx({ pages: [loud], resources: [txt] }));
    expect(summary(fs)).toMatchObject({ status: 'fail', measure: 2 });
  });

  it('security.observatory-grade reports the score as measure and every test in the evidence', () => {
    const home = page(`${H}/`, { depth: 0, links: [link(`${H}/js/a.js`, '', { tag: 'script', raw: '/js/a.js' })] });
    const f = summary(runCheck(byId('security.observatory-grade'), ctx({ pages: [home], tls: [tlsOk], httpRedirects: [httpToHttps] })));
    expect(f.measure).toBe(30);
    expect(f.status).toBe('fail');
    expect(f.evidence[0].data).toMatchObject({ grade: 'D', score: 30 });
    expect(f.evidence.filter((e) => e.data?.test)).toHaveLength(10);
  });
});

describe('a site that answers nothing', () => {
  it('is not judged on HTTPS or security.txt (availability covers the outage)', () => {
    const down: TlsObservation = { kind: 'tls', at: AT, url: `${H}:443/`, host: 'www.fuzhou.gov.cn', port: 443, offered: false, failure: { class: 'refused', message: 'ECONNREFUSED' } };
    const http: HttpRedirectObservation = { ...httpToHttps, status: 0, redirects: [], finalUrl: 'http://www.fuzhou.gov.cn/', endsOnHttps: false, failure: { class: 'refused', message: 'ECONNREFUSED' } };
    const txt = { kind: 'resource' as const, at: AT, url: 'http://www.fuzhou.gov.cn/.well-known/security.txt', role: 'security_txt' as const, status: 0, failure: { class: 'refused' as const, message: 'ECONNREFUSED' } };
    const home = page('http://www.fuzhou.gov.cn/', { depth: 0, status: 0, failure: { class: 'refused', message: 'ECONNREFUSED' } });
    const c = ctx({ pages: [home], tls: [down], httpRedirects: [http], resources: [txt] });
    expect(summary(runCheck(byId('security.https'), c)).status).toBe('cannot_assess');
    expect(summary(runCheck(byId('security.disclosure'), c)).status).toBe('cannot_assess');
    expect(summary(runCheck(byId('security.cookies'), c)).status).toBe('cannot_assess');
  });
});
