/**
 * `govmon serve`: /healthz reports the store and Redis, Bull Board answers at /queues with our
 * queues, /api/queues gives the status JSON, and the report routes are mounted.
 */
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import { buildServer, type Served } from '../../scheduler/server.ts';
import { openQueues, enqueue, type QueueSet } from '../../scheduler/queues.ts';
import { uniquePrefix, REDIS_URL, site } from './helpers.ts';

describe('govmon serve', () => {
  let store: Store;
  let served: Served;
  let set: QueueSet;
  let base: string;
  const prefix = uniquePrefix('serve');

  beforeAll(async () => {
    store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-serve-')), 'g.db'));
    await store.upsertSites([site('shown', 'http://127.0.0.1:1')]);
    set = openQueues({ redisUrl: REDIS_URL, prefix });
    await enqueue(set, 'crawl', 'shown');
    served = await buildServer({ store, redisUrl: REDIS_URL, prefix });
    base = await served.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await served?.close();
    for (const q of Object.values(set.queues)) await q.obliterate({ force: true });
    await set.close();
    await store.close();
  });

  it('/healthz checks the store and Redis', async () => {
    const r = await fetch(`${base}/healthz`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { ok: boolean; checks: Record<string, string> };
    expect(body.ok).toBe(true);
    expect(body.checks.store).toBe('ok (sqlite)');
    expect(body.checks.redis).toBe('ok');
  });

  it('Bull Board lists the probe, crawl and browser queues', async () => {
    const page = await fetch(`${base}/queues`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root"');
    // Nothing on the board may wait for a host outside the deployment (fonts.googleapis.com is unreachable in China).
    expect(html).not.toMatch(/googleapis|gstatic/);
    expect(html).toMatch(/<link href="static\/css\/[^"]+\.css" rel="stylesheet">/);
    const queuePage = await fetch(`${base}/queues/queue/crawl?status=completed`);
    expect(queuePage.status).toBe(200);
    expect(await queuePage.text()).not.toMatch(/googleapis/);
    const api = await fetch(`${base}/queues/api/queues`);
    expect(api.status).toBe(200);
    const data = (await api.json()) as { queues: Array<{ name: string; counts: Record<string, number> }> };
    expect(data.queues.map((q) => q.name).sort()).toEqual(['browser', 'crawl', 'probe']);
    expect(data.queues.find((q) => q.name === 'crawl')?.counts.prioritized).toBe(1);
  });

  it('/api/queues gives counts and per-site status', async () => {
    const r = await fetch(`${base}/api/queues`);
    const st = (await r.json()) as { queues: Record<string, Record<string, number>>; sites: Array<{ siteId: string }> };
    expect(st.queues.crawl.prioritized).toBe(1);
    expect(st.sites.map((s) => s.siteId)).toContain('shown');
  });

  it('POST /api/recheck queues one on-demand crawl per site while it is pending; /api/jobs follows it', async () => {
    const post = (id: string, body: unknown = {}) => fetch(`${base}/api/recheck/${id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const first = await post('shown', { requestedBy: 'maintainer@example.gov.cn' });
    expect(first.status).toBe(202);
    const a = (await first.json()) as { jobId: string; kind: string; status: string };
    expect(a.kind).toBe('crawl');
    const again = (await (await post('shown')).json()) as { jobId: string };
    expect(again.jobId).toBe(a.jobId);
    const job = (await (await fetch(`${base}${a.status}`)).json()) as { state: string; siteId: string };
    expect(job).toMatchObject({ siteId: 'shown', state: 'prioritized' });
    const queued = await set.queues.crawl.getJob(a.jobId);
    expect(queued?.opts.priority).toBe(1);
    expect(queued?.data.requestedBy).toBe('maintainer@example.gov.cn');
    expect((await post('nowhere')).status).toBe(404);
    expect((await post('Bad Id!')).status).toBe(400);
    expect((await post('shown', { urgent: true })).status).toBe(400);
    expect((await fetch(`${base}/api/jobs/mail/1`)).status).toBe(400);
  });

  it('/healthz says 503 when Redis does not answer, and serve without Redis has no /queues', async () => {
    const down = await buildServer({ store, redisUrl: 'redis://127.0.0.1:1', prefix });
    const r = await down.app.inject({ method: 'GET', url: '/healthz' });
    expect(r.statusCode).toBe(503);
    expect(r.json().checks.redis).toMatch(/^error/);
    await down.close();
    const local = await buildServer({ store });
    expect((await local.app.inject({ method: 'GET', url: '/healthz' })).json().checks.redis).toMatch(/not configured/);
    expect((await local.app.inject({ method: 'GET', url: '/queues' })).statusCode).toBe(404);
    expect((await local.app.inject({ method: 'POST', url: '/api/recheck/shown' })).statusCode).toBe(503);
    await local.close();
  });
});
