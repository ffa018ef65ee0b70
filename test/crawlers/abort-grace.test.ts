/**
 * A stopped audit always ends: a gatherer that ignores its abort signal (a hung socket, a
 * library call without cancellation) is abandoned after the grace period, what was gathered is
 * kept, and the run is recorded as incomplete naming the gatherer.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import { auditSite } from '../../crawlers/audit.ts';
import { closeAgents } from '../../crawlers/fetch.ts';
import type { Gatherer } from '../../crawlers/gatherer.ts';
import { serve, html, makeSite, makeRegistry, type TestServer } from './helpers.ts';

let portal: TestServer;
let store: Store;
beforeAll(async () => {
  portal = await serve({}, async (_q, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(html('<p>发布日期：2026-11-01</p>'));
  });
  store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-abort-')), 'govmon.db'));
});
afterAll(async () => {
  await portal.close();
  await store.close();
  await closeAgents();
});

describe('stopping an audit', () => {
  it('abandons a gatherer that ignores the stop after the grace and records the run as incomplete', async () => {
    const site = makeSite(`http://127.0.0.1:${portal.port}/`, { render: 'never', maxSeconds: 60 }, { id: 'abort-grace' });
    let lateWrites = 0;
    const stubborn: Gatherer = {
      id: 'stubborn',
      kind: 'crawl',
      description: 'emits one observation, then hangs without looking at its signal',
      async gather(ctx) {
        ctx.emit({ kind: 'crawl_event', at: new Date().toISOString(), url: ctx.site.url, event: 'error', detail: 'before the stop' });
        await new Promise((r) => setTimeout(r, 5_000));
        lateWrites++;
        ctx.emit({ kind: 'crawl_event', at: new Date().toISOString(), url: ctx.site.url, event: 'error', detail: 'after the run ended' });
      },
    };
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 300);
    const t0 = Date.now();
    const r = await auditSite({ store, registry: makeRegistry([site]), site, gatherers: [stubborn], signal: stop.signal, abortGraceMs: 500, outDir: null, evaluate: false });
    const took = Date.now() - t0;
    expect(took).toBeLessThan(4_000);
    expect(r.status).toBe('incomplete');
    expect(r.note).toMatch(/stubborn did not stop within 0.5 s/);
    const run = await store.getRun(r.runId);
    expect(run?.status).toBe('incomplete');
    const events = await store.observations(r.runId, ['crawl_event']);
    expect(events.map((e) => e.detail)).toContain('before the stop');
    // The abandoned gatherer wakes up later; nothing it emits may land in the finished run.
    await new Promise((res) => setTimeout(res, 5_500));
    expect(lateWrites).toBe(1);
    expect((await store.observations(r.runId, ['crawl_event'])).map((e) => e.detail)).not.toContain('after the run ended');
  }, 20_000);
});
