/**
 * Schedules actually firing, on both transports: an interval schedule produces one job per
 * slot, each job waits its start jitter in the delayed set (not in a worker slot), and every
 * slot's job is written once. Also: a malformed job in Redis fails at once with the reason.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job } from 'bullmq';
import { Store } from '../../store/store.ts';
import { InProcessMonitor } from '../../scheduler/monitor.ts';
import { startWorkers } from '../../scheduler/worker.ts';
import { openQueues } from '../../scheduler/queues.ts';
import { applySchedules } from '../../scheduler/apply.ts';
import { listDead } from '../../scheduler/deadletter.ts';
import type { ScheduleEntry } from '../../config/schedules.ts';
import { startPortal, site, registry, portalHandlers, uniquePrefix, REDIS_URL, until, type Portal } from './helpers.ts';

function entry(siteId: string, every: number, jitterMs: number): ScheduleEntry {
  // Built by hand: the config loader refuses intervals under a minute (politeness), tests need ms.
  return { id: siteId, siteId, kind: 'probe', every, offsetMs: 0, jitterMs, attempts: 2, backoffMs: 100, rules: ['test'] };
}

describe('schedules firing', () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(async () => {
    await portal.close();
  });

  it('in-process: an interval schedule runs once per slot with its jitter, and stops on stop()', async () => {
    const store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-sch-')), 'g.db'));
    const reg = registry([site('tick', portal.url)]);
    const mon = new InProcessMonitor({ store, registry: reg, handlers: portalHandlers, entries: [entry('tick', 400, 150)] });
    const t0 = Date.now();
    mon.start();
    expect(mon.nextRuns()[0].next).toBeGreaterThan(t0);
    await until(async () => (await store.runs({ siteId: 'tick' })).filter((r) => r.status === 'complete').length >= 4, 10_000, '4 scheduled probes');
    await mon.stop(2000);
    const runs = await store.runs({ siteId: 'tick' });
    const after = runs.length;
    await new Promise((r) => setTimeout(r, 900));
    expect((await store.runs({ siteId: 'tick' })).length).toBe(after); // nothing fires after stop
    expect(new Set(runs.map((r) => r.jobId)).size).toBe(runs.length);
    // One run per 400 ms slot: far fewer than if slots fired repeatedly.
    expect(runs.length).toBeLessThanOrEqual(Math.ceil((Date.now() - t0) / 400) + 1);
    await store.close();
  });

  it('BullMQ: a job scheduler yields one job per slot; each waited its jitter in the delayed set', async () => {
    const prefix = uniquePrefix('fire');
    const store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-sch-')), 'g.db'));
    const reg = registry([site('tock', portal.url)]);
    const set = openQueues({ redisUrl: REDIS_URL, prefix });
    const workers = await startWorkers({ store, registry: reg, redisUrl: REDIS_URL, prefix, handlers: portalHandlers });
    try {
      const diff = await applySchedules(set, [entry('tock', 600, 200)]);
      expect(diff.added).toHaveLength(1);
      await until(async () => (await store.runs({ siteId: 'tock' })).filter((r) => r.status === 'complete').length >= 3, 15_000, '3 scheduled probes');
      await set.queues.probe.removeJobScheduler('tock');
      const done = (await set.queues.probe.getCompleted(0, -1)) as Job[];
      expect(done.length).toBeGreaterThanOrEqual(3);
      for (const j of done) {
        expect(j.id).toMatch(/^repeat:tock:\d+$/);
        expect(j.data.startDelayed).toBe(true); // went through the delayed set once before running
        expect(j.opts.priority).toBe(10);
      }
      const runs = await store.runs({ siteId: 'tock' });
      expect(new Set(runs.map((r) => r.jobId)).size).toBe(runs.length);
    } finally {
      await workers.close(3000);
      for (const q of Object.values(set.queues)) await q.obliterate({ force: true });
      await set.close();
      await store.close();
    }
  });

  it('BullMQ: a malformed job fails at once with the reason, without retries', async () => {
    const prefix = uniquePrefix('bad');
    const store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-sch-')), 'g.db'));
    const set = openQueues({ redisUrl: REDIS_URL, prefix });
    const workers = await startWorkers({ store, registry: registry([site('x', portal.url)]), redisUrl: REDIS_URL, prefix, handlers: portalHandlers });
    try {
      await set.queues.crawl.add('bad', { siteId: 'x', kind: 'crawl', trigger: 'whenever' }, { attempts: 5, jobId: 'bad-1' });
      await set.queues.crawl.add('misfiled', { siteId: 'x', kind: 'probe', trigger: 'on-demand' }, { attempts: 5, jobId: 'bad-2' });
      await until(async () => (await listDead(set)).length === 2, 10_000, 'both malformed jobs dead');
      const dead = await listDead(set);
      expect(dead.find((d) => d.id === 'bad-1')?.failedReason).toMatch(/invalid job data: trigger/);
      expect(dead.find((d) => d.id === 'bad-2')?.failedReason).toMatch(/kind "probe" found in the crawl queue/);
      for (const d of dead) expect(d.attemptsMade).toBe(1);
    } finally {
      await workers.close(3000);
      for (const q of Object.values(set.queues)) await q.obliterate({ force: true });
      await set.close();
      await store.close();
    }
  });
});
