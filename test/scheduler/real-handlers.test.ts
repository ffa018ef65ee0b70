/**
 * The scheduler with the real job handlers (crawlers/probe.ts probeSite, crawlers/audit.ts
 * auditSite) against the demo portal farm on loopback, over both transports: a healthy portal
 * is probed and crawled into complete runs with findings; an unreachable one gets a probe
 * recording the failure (not retried: it is the availability data) and a crawl that is retried
 * and then dead-lettered. `enqueueAudit(..., { wait: true })` returns the summary.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import { startFarm, type Farm } from '../../demo/farm/index.ts';
import { InProcessMonitor } from '../../scheduler/monitor.ts';
import { startWorkers, type WorkerHandle } from '../../scheduler/worker.ts';
import { enqueueAudit, openQueues, enqueue, type QueueSet } from '../../scheduler/queues.ts';
import { listDead } from '../../scheduler/deadletter.ts';
import { storeJobId } from '../../scheduler/jobs.ts';
import { uniquePrefix, REDIS_URL, until } from './helpers.ts';

const FAST = { attempts: 2, backoffMs: 100 };

describe('real handlers on the demo farm', () => {
  let farm: Farm;
  let city: string;
  let dead: string;

  beforeAll(async () => {
    farm = await startFarm({ now: new Date('2026-11-20T10:00:00+08:00'), defaults: { maxPages: 25, maxSeconds: 20, render: 'never', checkExternalLinks: false, timeoutSeconds: 5 } });
    city = farm.sites.find((s) => !s.unreachable && s.id === 'mj-city')!.id;
    dead = farm.sites.find((s) => s.unreachable)!.id;
  });
  afterAll(async () => {
    await (farm as unknown as { close?: () => Promise<void> })?.close?.();
  });

  it('in-process: probe and crawl finish for a healthy portal; an unreachable portal is probed once and its crawl dead-lettered', async () => {
    const store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-real-')), 'g.db'));
    await store.upsertSites(farm.registry.sites);
    const mon = new InProcessMonitor({ store, registry: farm.registry });
    try {
      const probe = mon.enqueue('probe', city);
      const crawl = mon.enqueue('crawl', city, { retry: FAST });
      const deadProbe = mon.enqueue('probe', dead, { retry: FAST });
      const deadCrawl = mon.enqueue('crawl', dead, { retry: FAST });
      const pr = await mon.waitFor(probe, 60_000);
      expect(pr.status).toBe('complete');
      expect(pr.summary['observations.probe']).toBe(1);
      const cr = await mon.waitFor(crawl, 120_000);
      // A crawl stopped by its time budget is a finished run too (incomplete, with the reason).
      expect(['complete', 'incomplete'], JSON.stringify(cr.summary)).toContain(cr.status);
      expect((await store.runs({ siteId: city, kind: 'audit' })).map((r) => r.id)).toEqual([cr.runId]);
      expect(Number(cr.summary['observations.page'])).toBeGreaterThan(3);
      expect(Number(cr.summary['findings.pass'] ?? 0) + Number(cr.summary['findings.fail'] ?? 0)).toBeGreaterThan(0);
      const dp = await mon.waitFor(deadProbe, 60_000);
      expect(dp.homeFailure?.class).toBe('refused');
      expect(mon.job(deadProbe)?.attemptsMade).toBe(0);
      await expect(mon.waitFor(deadCrawl, 60_000)).rejects.toThrow(/refused/);
      expect(mon.dead().map((j) => j.id)).toEqual([deadCrawl]);
      expect(mon.job(deadCrawl)?.attemptsMade).toBe(2);
      expect((await store.getRunByJob(deadCrawl))?.status).toBe('incomplete');
    } finally {
      await mon.stop(5000);
      await store.close();
    }
  });

  it('BullMQ: `enqueueAudit(site, { wait })` returns the crawl summary; runs land once in the store', async () => {
    const prefix = uniquePrefix('real');
    const store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-real-')), 'g.db'));
    await store.upsertSites(farm.registry.sites);
    const workers: WorkerHandle = await startWorkers({ store, registry: farm.registry, redisUrl: REDIS_URL, prefix });
    const set: QueueSet = openQueues({ redisUrl: REDIS_URL, prefix });
    try {
      const out = await enqueueAudit(city, { redisUrl: REDIS_URL, prefix, wait: true, timeoutMs: 120_000 });
      expect(['complete', 'incomplete']).toContain(out.result?.status);
      expect(Number(out.result?.summary['observations.page'])).toBeGreaterThan(3);
      const run = await store.getRunByJob(storeJobId('crawl', out.jobId));
      expect(run?.id).toBe(out.result?.runId);
      const probe = await enqueue(set, 'probe', dead);
      await until(async () => (await set.queues.probe.getJobState(probe.id!)) === 'completed', 30_000, 'probe of the unreachable portal');
      const prun = await store.getRunByJob(storeJobId('probe', probe.id!));
      const [obs] = await store.observations(prun!.id, ['probe']);
      expect(obs.failure?.class).toBe('refused');
      expect(await listDead(set)).toEqual([]);
    } finally {
      await workers.close(5000);
      for (const q of Object.values(set.queues)) await q.obliterate({ force: true });
      await set.close();
      await store.close();
    }
  });
});
