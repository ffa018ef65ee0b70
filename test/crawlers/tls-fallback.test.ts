import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { Store } from '../../store/store.ts';
import { auditSite } from '../../crawlers/audit.ts';
import { closeAgents, fetchUrl } from '../../crawlers/fetch.ts';
import type { CrawlEventObservation, PageObservation } from '../../model/observation.ts';
import { html, makeSite, makeRegistry } from './helpers.ts';

const HOST = 'www.selfsigned-city.gov.cn';
let server: https.Server;
let port: number;

beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: HOST }], {
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: HOST }] }],
  } as never);
  server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (req.url === '/') return res.end(html('<div class="nav"><a href="/zwgk/">政务公开</a></div>'));
    if (req.url === '/zwgk/') return res.end(html('<p>目录</p>'));
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await closeAgents();
});

describe('a portal with a self-signed certificate', () => {
  it('fetchUrl classifies the rejected certificate as tls', async () => {
    const r = await fetchUrl(`https://${HOST}:${port}/`, { resolve: { [HOST]: '127.0.0.1' } });
    expect(r.failure?.class).toBe('tls');
    expect(r.failure?.code).toMatch(/SELF_SIGNED|DEPTH_ZERO/);
  });

  it('is still crawled: the certificate problem is recorded and left to the security checks', async () => {
    const store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-tls-')), 'tls.db'));
    const st = makeSite(`https://${HOST}:${port}/`, { render: 'never', maxSeconds: 30 });
    const r = await auditSite({ store, registry: makeRegistry([st], { [HOST]: '127.0.0.1' }), site: st, gatherers: [], outDir: null, evaluate: false });
    expect(r.status).toBe('complete');
    const obs = await store.observations(r.runId);
    const ev = obs.filter((o): o is CrawlEventObservation => o.kind === 'crawl_event');
    expect(ev.find((e) => e.event === 'error')?.detail).toMatch(/certificate rejected/);
    const pages = obs.filter((o): o is PageObservation => o.kind === 'page');
    expect(pages.map((p) => [new URL(p.url).pathname, p.status, p.failure?.class])).toEqual([
      ['/', 200, undefined],
      ['/zwgk/', 200, undefined],
    ]);
    await store.close();
  });
});
