import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { probeSite, probeUrl, probeGatherer } from '../../crawlers/probe.ts';
import { Store } from '../../store/store.ts';
import type { Observation } from '../../model/observation.ts';
import { SiteSchema } from '../../model/site.ts';
import { log } from '../../lib/log.ts';
import { testDatabases } from '../helpers/databases.ts';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/govmon.js', import.meta.url));
function govmon(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolveP) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, GOVMON_LOG_LEVEL: 'silent' }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolveP({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const HOST = 'www.probe-test.gov.cn';
const resolve = { [HOST]: '127.0.0.1' };
let server: http.Server;
let port = 0;
let hits = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits++;
    switch (req.url) {
      case '/redirect':
        res.writeHead(302, { location: '/index.html' });
        return res.end();
      case '/loop':
        res.writeHead(302, { location: '/loop2' });
        return res.end();
      case '/loop2':
        res.writeHead(302, { location: '/loop' });
        return res.end();
      case '/empty':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end();
      case '/slow-body':
        // headers at once, body never completes within the budget: 「超过（含）15秒网站仍打不开」
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html>');
        return void setTimeout(() => res.end('</html>'), 3000);
      case '/500':
        res.writeHead(500);
        return res.end('Internal Server Error');
      case '/404':
        res.writeHead(404);
        return res.end('not found');
      case '/waf':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end('<html><body>您的访问被拒绝，请开启JavaScript并刷新该页</body></html>');
      default:
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end('<html><head><title>某某市人民政府</title></head><body>首页</body></html>');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const url = (path: string) => `http://${HOST}:${port}${path}`;

describe('probeUrl', () => {
  it('times DNS (through the resolve override), connect and first byte, and records IP and family', async () => {
    const p = await probeUrl(url('/'), { resolve, userAgent: 'govmon-test' });
    expect(p).toMatchObject({ kind: 'probe', ok: true, status: 200, ip: '127.0.0.1', family: 4, url: url('/') });
    expect(p.bytes).toBeGreaterThan(20);
    expect(p.failure).toBeUndefined();
    expect(p.timings.dnsMs).toBeGreaterThanOrEqual(0);
    expect(p.timings.connectMs).toBeGreaterThanOrEqual(0);
    expect(p.timings.ttfbMs).toBeGreaterThanOrEqual(p.timings.connectMs!);
    expect(p.timings.totalMs).toBeGreaterThanOrEqual(p.timings.ttfbMs!);
    expect(p.timings.tlsMs).toBeUndefined();
    expect(Date.parse(p.at)).not.toBeNaN();
  });

  it('follows redirects within the same budget', async () => {
    const p = await probeUrl(url('/redirect'), { resolve });
    expect(p).toMatchObject({ ok: true, status: 200 });
  });

  it('fails a redirect loop as too_many_redirects', async () => {
    const p = await probeUrl(url('/loop'), { resolve });
    expect(p.ok).toBe(false);
    expect(p.failure?.class).toBe('too_many_redirects');
  });

  it('fails when the whole response is not in within the budget, even though headers came', async () => {
    const p = await probeUrl(url('/slow-body'), { resolve, timeoutMs: 500 });
    expect(p.ok).toBe(false);
    expect(p.failure?.class).toBe('timeout');
    expect(p.timings.totalMs).toBeGreaterThanOrEqual(490);
    expect(p.timings.totalMs).toBeLessThan(2500);
  });

  it('classifies HTTP errors, empty bodies and WAF pages', async () => {
    expect((await probeUrl(url('/500'), { resolve })).failure?.class).toBe('http_5xx');
    expect((await probeUrl(url('/404'), { resolve })).failure?.class).toBe('http_4xx');
    const empty = await probeUrl(url('/empty'), { resolve });
    expect(empty).toMatchObject({ ok: false, status: 200, bytes: 0 });
    expect(empty.failure?.message).toMatch(/empty body/);
    const waf = await probeUrl(url('/waf'), { resolve });
    expect(waf.ok).toBe(false);
    expect(waf.failure?.class).toBe('blocked');
  });

  it('classifies a refused connection and an unsupported URL', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const p = await probeUrl(`http://${HOST}:${deadPort}/`, { resolve });
    expect(p).toMatchObject({ ok: false, status: 0 });
    expect(p.failure?.class).toBe('refused');
    expect((await probeUrl('ftp://x.gov.cn/')).failure?.class).toBe('invalid_url');
  });

  describe('over TLS', () => {
    let tlsServer: https.Server;
    let tlsPort = 0;
    let cert = '';
    beforeAll(async () => {
      const pems = await generate([{ name: 'commonName', value: HOST }], {
        keySize: 2048,
        extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: HOST }] }],
      } as never);
      cert = pems.cert;
      tlsServer = https.createServer({ key: pems.private, cert: pems.cert }, (_req, res) => res.end('<html>ok</html>'));
      await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
      tlsPort = (tlsServer.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((r) => tlsServer.close(() => r())));

    it('times the TLS handshake when the certificate is trusted', async () => {
      const p = await probeUrl(`https://${HOST}:${tlsPort}/`, { resolve, ca: cert });
      expect(p.ok).toBe(true);
      expect(p.timings.tlsMs).toBeGreaterThanOrEqual(0);
    });

    it('fails an untrusted certificate as tls (the site is at fault, not the monitor)', async () => {
      const p = await probeUrl(`https://${HOST}:${tlsPort}/`, { resolve });
      expect(p.ok).toBe(false);
      expect(p.failure?.class).toBe('tls');
    });
  });
});

describe('probeGatherer', () => {
  it('emits exactly one probe observation for the site home page', async () => {
    const site = SiteSchema.parse({ id: 'probe-test', name: '测试', region: '测试', level: '市', kind: '门户网站', url: url('/') });
    const emitted: Observation[] = [];
    await probeGatherer.gather({
      site,
      registry: { resolve, monitor: { name: 'govmon', contactUrl: 'https://example.org/' }, defaults: {}, sites: [site] },
      limits: {} as never,
      userAgent: 'govmon-test',
      emit: (o) => emitted.push(o),
      signal: new AbortController().signal,
      log,
      artifactDir: '/tmp',
    });
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({ kind: 'probe', ok: true, url: url('/') });
  });
});

for (const db of testDatabases()) {
  describe(`probeSite on ${db.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await Store.open(db.url());
    });
    afterAll(async () => {
      await db.cleanup?.(store);
      await store.close();
    });

    it('stores one probe under a complete run of kind probe, visible in the V-01 window', async () => {
      const site = SiteSchema.parse({ id: `probe-${db.name}`, name: '测试', region: '测试', level: '市', kind: '门户网站', url: url('/') });
      const reg = { resolve, monitor: { name: 'govmon', contactUrl: 'https://example.org/' } };
      const r = await probeSite(store, reg, site, { jobId: `probe:${db.name}:1` });
      expect(r.reused).toBe(false);
      expect(r.run).toMatchObject({ kind: 'probe', status: 'complete', siteId: site.id });
      const now = new Date(Date.now() + 1000);
      const ctx = await store.checkContext(site, [], now);
      expect(ctx.probes).toHaveLength(1);
      expect(ctx.probes[0]).toMatchObject({ ok: true, status: 200 });
    });

    it('an aborted probe is not stored as a failure, and the retried job probes again', async () => {
      const site = SiteSchema.parse({ id: `probe-abort-${db.name}`, name: '测试', region: '测试', level: '市', kind: '门户网站', url: url('/slow-body') });
      const reg = { resolve, monitor: { name: 'govmon', contactUrl: 'https://example.org/' } };
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      const a = await probeSite(store, reg, site, { jobId: `probe:${db.name}:abort`, signal: ac.signal });
      expect(a.probe.failure?.class).toBe('budget');
      expect(a.run.status).toBe('incomplete');
      expect(await store.observations(a.run.id, ['probe'])).toHaveLength(0);
      const b = await probeSite(store, reg, { ...site, url: url('/') }, { jobId: `probe:${db.name}:abort` });
      expect(b.run.id).toBe(a.run.id);
      expect(b.run.status).toBe('complete');
      expect(await store.observations(b.run.id, ['probe'])).toHaveLength(1);
    });

    it('a retried job with the same id does not probe or store twice', async () => {
      const site = SiteSchema.parse({ id: `probe-retry-${db.name}`, name: '测试', region: '测试', level: '市', kind: '门户网站', url: url('/') });
      const reg = { resolve, monitor: { name: 'govmon', contactUrl: 'https://example.org/' } };
      const before = hits;
      const a = await probeSite(store, reg, site, { jobId: `probe:${db.name}:retry` });
      const b = await probeSite(store, reg, site, { jobId: `probe:${db.name}:retry` });
      expect(hits - before).toBe(1);
      expect(b.reused).toBe(true);
      expect(b.run.id).toBe(a.run.id);
      expect(await store.observations(a.run.id, ['probe'])).toHaveLength(1);
    });
  });
}

describe('govmon probe (CLI)', () => {
  it('probes registry sites by id with --count, prints phase timings and stores every probe', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'govmon-probe-'));
    const config = join(dir, 'sites.yaml');
    writeFileSync(
      config,
      `resolve:\n  ${HOST}: 127.0.0.1\nsites:\n  - id: probe-cli\n    name: 测试市人民政府\n    region: 测试省测试市\n    level: 市\n    kind: 门户网站\n    url: ${url('/')}\n  - id: probe-cli-down\n    name: 测试局\n    region: 测试省测试市\n    level: 部门\n    kind: 部门网站\n    url: ${url('/500')}\n`,
    );
    const db = join(dir, 'govmon.db');
    const r = await govmon(['probe', '--all', '--count', '2', '--interval', '0', '--config', config, '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // one site answers 500
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('OK   probe-cli '))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('FAIL probe-cli-down') && l.includes('http_5xx'))).toHaveLength(2);
    expect(lines[0]).toMatch(/dns=\d+ms connect=\d+ms tls=- ttfb=\d+ms total=\d+ms bytes=\d+ ip=127\.0\.0\.1 v4/);
    expect(lines.at(-1)).toMatch(/4 probes, 2 failed, stored in sqlite:/);
    const store = await Store.open(db);
    try {
      const site = (await store.getSite('probe-cli'))!;
      expect(site.url).toBe(url('/'));
      const ctx = await store.checkContext(site, [], new Date(Date.now() + 1000));
      expect(ctx.probes).toHaveLength(2);
      expect(await store.runs({ kind: 'probe', siteId: 'probe-cli-down' })).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  it('probes a bare URL without a registry, prints JSON, and explains bad input', async () => {
    const r = await govmon(['probe', `http://127.0.0.1:${port}/`, '--no-store', '--json', '--config', '/nonexistent/sites.yaml']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ kind: 'probe', ok: true, status: 200, siteId: '127.0.0.1' });
    const bad = await govmon(['probe', 'http://127.0.0.1/', '--count', 'x', '--no-store']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--count must be a whole number/);
  });
});
