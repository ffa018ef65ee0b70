/**
 * The security gatherer against real TLS servers on 127.0.0.1 (self-signed, expired, CA-signed)
 * and a plain HTTP server, reached through the registry's resolve map with real host names;
 * then the security checks over what it gathered.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { createSecurityGatherer, getFollowing, homeUrls, resolvingLookup } from '../../crawlers/security.ts';
import type { GatherContext } from '../../crawlers/gatherer.ts';
import type { Observation, PageObservation } from '../../model/observation.ts';
import { DEFAULT_LIMITS, RegistrySchema, type Site } from '../../model/site.ts';
import { log } from '../../lib/log.ts';
import { checks as securityChecks } from '../../checks/security/index.ts';
import { runChecks } from '../../checks/run.ts';
import type { CheckContext, Finding } from '../../model/finding.ts';

const HOST = 'www.sectest.gov.cn';
const DAY = 86_400_000;

interface Servers {
  httpsPort: number;
  httpPort: number;
  close(): Promise<void>;
}

function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function startServers(cert: string, key: string, opts: { redirect: boolean; securityTxt: boolean; headers?: Record<string, string> }): Promise<Servers> {
  const tlsServer = https.createServer({ cert, key }, (req, res) => {
    if (req.url === '/.well-known/security.txt') {
      if (opts.securityTxt) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('Contact: mailto:security@sectest.gov.cn\nExpires: 2030-01-01T00:00:00.000Z\n');
      } else {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<html>404</html>');
      }
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': ['JSESSIONID=abc; Path=/'], ...(opts.headers ?? {}) });
    res.end('<html><body>首页</body></html>');
  });
  const httpsPort = await listen(tlsServer);
  const plain = http.createServer((req, res) => {
    if (opts.redirect) {
      res.writeHead(301, { location: `https://${HOST}:${httpsPort}${req.url}` });
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'text/html', server: 'nginx/1.18.0' });
      res.end('<html>plain</html>');
    }
  });
  const httpPort = await listen(plain);
  return {
    httpsPort,
    httpPort,
    close: async () => {
      tlsServer.closeAllConnections();
      plain.closeAllConnections();
      await Promise.all([new Promise((r) => tlsServer.close(r)), new Promise((r) => plain.close(r))]);
    },
  };
}

const site: Site = {
  id: 'sectest',
  name: '安全测试市人民政府',
  region: '测试省测试市',
  level: '市',
  kind: '门户网站',
  url: `https://${HOST}/`,
  offersServices: true,
  entries: {},
  seeds: [],
  limits: {},
  tags: [],
};

async function gather(opts: { httpsPort: number; httpPort: number; extraCa?: string[]; site?: Site }): Promise<Observation[]> {
  const out: Observation[] = [];
  const s = opts.site ?? site;
  const registry = RegistrySchema.parse({ resolve: { [HOST]: '127.0.0.1', 'sectest.gov.cn': '127.0.0.1' }, sites: [s] });
  const ctx: GatherContext = {
    site: s,
    registry,
    limits: { ...DEFAULT_LIMITS, timeoutSeconds: 5 },
    userAgent: 'govmon-test',
    emit: (o) => out.push(o),
    signal: new AbortController().signal,
    log,
    artifactDir: mkdtempSync(join(tmpdir(), 'govmon-sec-')),
  };
  await createSecurityGatherer({ httpsPort: opts.httpsPort, httpPort: opts.httpPort, timeoutMs: 5000, extraCa: opts.extraCa }).gather(ctx);
  return out;
}

function contextFrom(obs: Observation[], extraPages: PageObservation[] = [], s: Site = site): Omit<CheckContext, 'options'> {
  return {
    site: s,
    now: new Date(),
    pages: extraPages,
    links: [],
    probes: [],
    tls: obs.filter((o) => o.kind === 'tls'),
    httpRedirects: obs.filter((o) => o.kind === 'http_redirect'),
    resources: obs.filter((o) => o.kind === 'resource'),
    lighthouse: [],
    events: [],
  };
}

const summary = (fs: Finding[], id: string) => fs.find((f) => f.checkId === id && (f.key === undefined || f.key === id))!;

describe('security gatherer on real TLS servers', () => {
  let selfSigned: { cert: string; private: string };
  let expired: { cert: string; private: string };
  let ca: { cert: string; private: string };
  let leaf: { cert: string; private: string };

  beforeAll(async () => {
    const san = { name: 'subjectAltName' as const, altNames: [{ type: 2 as const, value: HOST }] };
    selfSigned = await generate([{ name: 'commonName', value: HOST }], { keySize: 2048, extensions: [san] });
    expired = await generate([{ name: 'commonName', value: HOST }], {
      keySize: 2048,
      notBeforeDate: new Date(Date.now() - 400 * DAY),
      notAfterDate: new Date(Date.now() - 2 * DAY),
      extensions: [san],
    });
    ca = await generate([{ name: 'commonName', value: 'govmon test root' }], {
      keySize: 2048,
      extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }],
    });
    leaf = await generate([{ name: 'commonName', value: HOST }], {
      keySize: 2048,
      notAfterDate: new Date(Date.now() + 20 * DAY),
      ca: { key: ca.private, cert: ca.cert },
      extensions: [san, { name: 'basicConstraints', cA: false }, { name: 'extKeyUsage', serverAuth: true }],
    });
  });

  it('records a self-signed certificate, the http→https redirect and security.txt; checks fail the certificate only', async () => {
    const s = await startServers(selfSigned.cert, selfSigned.private, { redirect: true, securityTxt: true, headers: { 'strict-transport-security': 'max-age=31536000' } });
    try {
      const obs = await gather(s);
      const t = obs.find((o) => o.kind === 'tls')!;
      expect(t).toMatchObject({ host: HOST, port: s.httpsPort, offered: true, authorized: false, selfSigned: true, hostnameMatch: true });
      expect(t.kind === 'tls' && t.daysToExpiry! > 300).toBe(true);
      expect(t.kind === 'tls' && t.subjectAltNames).toContain(`DNS:${HOST}`);
      const redirects = obs.filter((o) => o.kind === 'http_redirect');
      const plain = redirects.find((r) => r.url.startsWith('http:'))!;
      expect(plain.kind === 'http_redirect' && plain.endsOnHttps).toBe(true);
      expect(plain.kind === 'http_redirect' && plain.redirects[0].status).toBe(301);
      const secure = redirects.find((r) => r.url.startsWith('https:'))!;
      expect(secure.kind === 'http_redirect' && secure.headers?.['strict-transport-security']).toBe('max-age=31536000');
      const txt = obs.find((o) => o.kind === 'resource' && o.role === 'security_txt')!;
      expect(obs.find((o) => o.kind === 'resource' && o.role === 'home_scripts')).toMatchObject({ status: 200 });
      expect(txt).toMatchObject({ role: 'security_txt', status: 200 });

      const fs = runChecks(securityChecks, contextFrom(obs));
      expect(summary(fs, 'security.https').status).toBe('pass');
      const cert = summary(fs, 'security.certificate');
      expect(cert.status).toBe('fail');
      expect(cert.evidence[0].data?.problems).toContain('self_signed');
      // HSTS cannot count behind an untrusted certificate: the Observatory says hsts-invalid-cert.
      const grade = summary(fs, 'security.observatory-grade');
      expect(grade.evidence.some((e) => e.data?.result === 'hsts-invalid-cert')).toBe(true);
      expect(summary(fs, 'security.disclosure').status).toBe('pass');
    } finally {
      await s.close();
    }
  });

  it('flags an expired certificate with a negative days-to-expiry', async () => {
    const s = await startServers(expired.cert, expired.private, { redirect: true, securityTxt: false });
    try {
      const obs = await gather(s);
      const t = obs.find((o) => o.kind === 'tls')!;
      expect(t.kind === 'tls' && t.authorizationError).toBe('CERT_HAS_EXPIRED');
      expect(t.kind === 'tls' && t.daysToExpiry! < 0).toBe(true);
      const fs = runChecks(securityChecks, contextFrom(obs));
      const cert = summary(fs, 'security.certificate');
      expect(cert.status).toBe('fail');
      expect(cert.evidence[0].data?.problems).toContain('expired');
      expect(cert.measure).toBeLessThan(0);
      expect(fs.some((f) => f.key === 'security.disclosure|security.txt' && f.status === 'warn')).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('trusts a CA-signed certificate and warns when it expires within 30 days', async () => {
    const s = await startServers(leaf.cert, leaf.private, { redirect: true, securityTxt: true });
    try {
      const obs = await gather({ ...s, extraCa: [ca.cert] });
      const t = obs.find((o) => o.kind === 'tls')!;
      expect(t).toMatchObject({ offered: true, authorized: true, selfSigned: false, hostnameMatch: true });
      const fs = runChecks(securityChecks, contextFrom(obs));
      const cert = summary(fs, 'security.certificate');
      expect(cert.status).toBe('warn');
      expect(cert.measure).toBeGreaterThanOrEqual(18);
      expect(cert.measure).toBeLessThanOrEqual(20);
    } finally {
      await s.close();
    }
  });

  it('records refused TLS (offered: false) and an http page that does not redirect', async () => {
    const s = await startServers(selfSigned.cert, selfSigned.private, { redirect: false, securityTxt: false });
    const closedPort = s.httpsPort;
    await s.close();
    // Reopen only a plain server: nothing listens on the former TLS port any more.
    const plain = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', server: 'nginx/1.18.0', 'x-powered-by': 'PHP/5.4.16' });
      res.end('<html>plain</html>');
    });
    const httpPort = await listen(plain);
    try {
      const obs = await gather({ httpsPort: closedPort, httpPort });
      const t = obs.find((o) => o.kind === 'tls')!;
      expect(t).toMatchObject({ offered: false, failure: { class: 'refused' } });
      const h = obs.find((o) => o.kind === 'http_redirect')!;
      expect(h.kind === 'http_redirect' && h.endsOnHttps).toBe(false);
      expect(obs.filter((o) => o.kind === 'http_redirect')).toHaveLength(1);
      const home: PageObservation = {
        kind: 'page',
        at: new Date().toISOString(),
        url: `http://${HOST}:${httpPort}/`,
        finalUrl: `http://${HOST}:${httpPort}/`,
        redirects: [],
        status: 200,
        timings: { startedAt: new Date().toISOString(), totalMs: 3 },
        headers: { server: 'nginx/1.18.0', 'x-powered-by': 'PHP/5.4.16' },
        setCookies: [],
        bytes: 10,
        depth: 0,
      };
      const fs = runChecks(securityChecks, contextFrom(obs, [home]));
      expect(summary(fs, 'security.https').status).toBe('fail');
      expect(summary(fs, 'security.certificate').status).toBe('not_applicable');
      expect(summary(fs, 'security.disclosure').status).toBe('fail');
      expect(fs.filter((f) => f.checkId === 'security.disclosure' && f.evidence[0]?.data?.defect).length).toBeGreaterThanOrEqual(2);
      const grade = summary(fs, 'security.observatory-grade');
      expect(grade.evidence.some((e) => e.data?.result === 'redirection-missing')).toBe(true);
      expect(grade.evidence.some((e) => e.data?.result === 'hsts-not-implemented-no-https')).toBe(true);
    } finally {
      plain.closeAllConnections();
      await new Promise((r) => plain.close(r));
    }
  });

  it('stops a redirect loop as too_many_redirects and records every hop', async () => {
    const loop = http.createServer((req, res) => {
      res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' });
      res.end();
    });
    const port = await listen(loop);
    try {
      const r = await getFollowing(`http://${HOST}:${port}/a`, { timeoutMs: 3000, lookup: resolvingLookup({ [HOST]: '127.0.0.1' }), userAgent: 'govmon-test', maxRedirects: 10 });
      expect(r.failure?.class).toBe('too_many_redirects');
      expect(r.redirects.length).toBeGreaterThanOrEqual(2);
    } finally {
      loop.closeAllConnections();
      await new Promise((res) => loop.close(res));
    }
  });

  it('derives the http and https URLs and ports from the registered home URL', () => {
    expect(homeUrls('https://www.x.gov.cn/index.html')).toEqual({ host: 'www.x.gov.cn', httpUrl: 'http://www.x.gov.cn/index.html', httpsUrl: 'https://www.x.gov.cn/index.html', httpsPort: 443 });
    expect(homeUrls('http://www.x.gov.cn:8080/')).toMatchObject({ httpUrl: 'http://www.x.gov.cn:8080/', httpsUrl: 'https://www.x.gov.cn/', httpsPort: 443 });
    expect(homeUrls('https://www.x.gov.cn:8443/')).toMatchObject({ httpUrl: 'http://www.x.gov.cn/', httpsPort: 8443 });
  });

  it('follows a bare domain without TLS to its www host and judges the certificate a browser ends on', async () => {
    const tlsServer = https.createServer({ cert: leaf.cert, key: leaf.private }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>ok</html>');
    });
    const tlsPort = await listen(tlsServer);
    const plain = http.createServer((req, res) => {
      res.writeHead(301, { location: `https://${HOST}:${tlsPort}${req.url}` });
      res.end();
    });
    const httpPort = await listen(plain);
    const closed = http.createServer();
    const closedPort = await listen(closed);
    await new Promise((r) => closed.close(r));
    const bare: Site = { ...site, url: 'http://sectest.gov.cn/' };
    try {
      const obs = await gather({ httpsPort: closedPort, httpPort, extraCa: [ca.cert], site: bare });
      const tlsList = obs.filter((o) => o.kind === 'tls');
      expect(tlsList.map((t) => t.kind === 'tls' && `${t.host} ${t.offered}`)).toEqual(['sectest.gov.cn false', `${HOST} true`]);
      const fs = runChecks(securityChecks, contextFrom(obs, [], bare));
      expect(summary(fs, 'security.https').status).toBe('pass');
      const cert = summary(fs, 'security.certificate');
      expect(cert.evidence[0].url).toContain(HOST);
      expect(cert.status).toBe('warn'); // the CA-signed leaf expires in 20 days
    } finally {
      tlsServer.closeAllConnections();
      plain.closeAllConnections();
      await Promise.all([new Promise((r) => tlsServer.close(r)), new Promise((r) => plain.close(r))]);
    }
  });

  it('describes a TLS 1.1-only server instead of calling it "no HTTPS", and fails its protocol', async () => {
    const old = https.createServer({ cert: leaf.cert, key: leaf.private, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' }, (_req, res) => res.end('ok'));
    const port = await listen(old);
    const plain = http.createServer((_req, res) => res.end('plain'));
    const httpPort = await listen(plain);
    try {
      const obs = await gather({ httpsPort: port, httpPort, extraCa: [ca.cert] });
      const t = obs.find((o) => o.kind === 'tls')!;
      expect(t).toMatchObject({ offered: true, protocol: 'TLSv1.1' });
      const cert = summary(runChecks(securityChecks, contextFrom(obs)), 'security.certificate');
      expect(cert.status).toBe('fail');
      expect(cert.evidence[0].data?.problems).toContain('old_protocol');
    } finally {
      old.closeAllConnections();
      plain.closeAllConnections();
      await Promise.all([new Promise((r) => old.close(r)), new Promise((r) => plain.close(r))]);
    }
  });
});
