/**
 * auditSite against every store govmon supports (SQLite, and PostgreSQL when one answers):
 * observations are streamed in batches while the crawl runs, the run is finished with its
 * stats, findings are evaluated, and a job id makes a retried audit reuse its run.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Store } from '../../store/store.ts';
import { auditSite } from '../../crawlers/audit.ts';
import { closeAgents } from '../../crawlers/fetch.ts';
import { testDatabases } from '../helpers/databases.ts';
import { serve, html, makeSite, makeRegistry, type TestServer } from './helpers.ts';

let portal: TestServer;
beforeAll(async () => {
  // Thirty slow pages: long enough to look into the store while the crawl is running.
  portal = await serve({}, async (_q, res, url) => {
    await new Promise((r) => setTimeout(r, 80));
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (url.pathname === '/') return res.end(html(`<div class="nav">${Array.from({ length: 30 }, (_, i) => `<a href="/p${i}.html">栏目${i}</a>`).join('')}</div><div class="footer">版权所有 网站标识码1234567890</div>`));
    res.end(html('<p>发布日期：2026-11-01</p>'));
  });
});
afterAll(async () => {
  await portal.close();
  await closeAgents();
});

for (const target of testDatabases()) {
  describe(`auditSite on ${target.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await Store.open(target.url());
    });
    afterAll(async () => {
      await target.cleanup?.(store);
      await store.close();
    });

    it('streams observations while crawling, then stores findings and a finished run', async () => {
      const st = makeSite(`http://127.0.0.1:${portal.port}/`, { render: 'never', perHostConcurrency: 1, maxSeconds: 60 }, { id: `store-${target.name}` });
      let runId = '';
      // Look into the store while the crawl runs: some look must find pages already stored.
      const seen: number[] = [];
      let looking = false;
      const poll = setInterval(() => {
        if (!runId || looking) return;
        looking = true;
        void store
          .getRun(runId)
          .then(async (run) => {
            if (run?.status === 'running') seen.push((await store.observations(runId, ['page'])).length);
          })
          .finally(() => (looking = false));
      }, 150);
      const r = await auditSite({
        store,
        registry: makeRegistry([st]),
        site: st,
        gatherers: [],
        outDir: null,
        jobId: `job-${target.name}`,
        onProgress: (x) => (runId = x.runId),
      });
      clearInterval(poll);
      expect(runId).toBe(r.runId);
      expect(seen.some((n) => n > 0 && n < 31), `pages seen while running: ${seen.join(',')}`).toBe(true);
      const run = await store.getRun(r.runId);
      expect(run).toMatchObject({ status: 'complete', jobId: `job-${target.name}` });
      expect(run?.stats).toMatchObject({ pagesFetched: 31 });
      expect(await store.countObservations(r.runId)).toMatchObject({ page: 31 });
      expect((await store.findings(r.runId)).length).toBeGreaterThan(0);

      // The scheduler retrying the same job gets the same run back, not a second one.
      const again = await auditSite({ store, registry: makeRegistry([st]), site: st, gatherers: [], outDir: null, jobId: `job-${target.name}`, evaluate: false });
      expect(again.runId).toBe(r.runId);
      expect(again.status).toBe('complete');
      expect(await store.countObservations(r.runId)).toMatchObject({ page: 31 });
    });
  });
}
