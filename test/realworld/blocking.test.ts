/**
 * Anti-bot walls in front of real portals must read as "could not assess" (blocked), never as a
 * broken site: 瑞数's 412 first-visit page would otherwise count as an HTTP failure of the portal
 * (V-01 availability, D-02 broken links). Served on loopback, fetched by the crawler's fetchUrl.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeAgents, fetchUrl } from '../../crawlers/fetch.ts';
import { failureBlame } from '../../model/observation.ts';
import { fixtureText } from './pipeline.ts';

let server: Server;
let origin = '';
const challenge = fixtureText('rs-challenge-412.html');

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const cookie = 'NfBCSins2OywS=60abc.def; Path=/; HttpOnly';
    if (path === '/rs412') return res.writeHead(412, { 'content-type': 'text/html', 'set-cookie': cookie }).end(challenge);
    if (path === '/rs202') return res.writeHead(202, { 'content-type': 'text/html' }).end(challenge);
    if (path === '/rs200') return res.writeHead(200, { 'content-type': 'text/html' }).end(challenge + 'x'.repeat(0));
    if (path === '/passed') {
      // a page that got through: the same injected script, then the portal's own content
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(challenge.replace('<body></body>', `<body><div class="nav"><a href="/">首页</a></div><h1>国家卫生健康委员会</h1>${'<p>关于印发医疗机构管理办法的通知 2026-11-20</p>'.repeat(40)}</body>`));
    }
    res.writeHead(412, { 'content-type': 'text/html' }).end('<html><body>Precondition Failed</body></html>');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((ok) => server.close(() => ok()));
  await closeAgents();
});

describe('瑞数 (River Security) challenge pages', () => {
  for (const path of ['/rs412', '/rs202', '/rs200']) {
    it(`${path}: blocked, which the checks score as cannot_assess`, async () => {
      const r = await fetchUrl(`${origin}${path}`);
      expect(r.failure?.class).toBe('blocked');
      expect(r.failure?.message).toMatch(/瑞数/);
      expect(failureBlame(r.failure!.class)).toBe('cannot_assess');
    });
  }

  it('a protected page that got through (same script, real content) is a normal page', async () => {
    const r = await fetchUrl(`${origin}/passed`);
    expect(r.status).toBe(200);
    expect(r.failure).toBeUndefined();
  });

  it('a plain 412 without the challenge stays an HTTP error of the site', async () => {
    const r = await fetchUrl(`${origin}/other`);
    expect(r.failure?.class).toBe('http_4xx');
  });
});

describe('加速乐 (Jiasule) 521 challenge as 国家企业信用信息公示系统 answers it', () => {
  it('the char-by-char cookie script is a block, not a 5xx of the site', async () => {
    // reduced from a recorded response in a public repository (search corpus id 62419775736): HTTP 521,
    // Set-Cookie __jsluid_s, X-Via-Jsl, body spelling __jsl_clearance_s one character at a time
    const body = "<script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')+('e')+('a')+('r')+('a')+('n')+('c')+('e')+('_')+('s')+('=')+(+!+[]+'')+(3+4+'')+('|')+('-')+(-~[]+'')+('|')+('k')+('g')+(';Max-age=3600;path=/');location.href=location.pathname+location.search</script>";
    const s = createServer((_q, res) => res.writeHead(521, { 'content-type': 'text/html', 'x-via-jsl': '887b0cd,-', 'set-cookie': '__jsluid_s=a3aa9924b2a5fb845869029c3e9ed9b8; max-age=31536000; path=/; HttpOnly' }).end(body));
    await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
    try {
      const r = await fetchUrl(`http://127.0.0.1:${(s.address() as AddressInfo).port}/index.html`);
      expect(r.failure?.class).toBe('blocked');
      expect(r.failure?.message).toMatch(/加速乐/);
    } finally {
      s.closeAllConnections();
      await new Promise<void>((ok) => s.close(() => ok()));
    }
  });
});
