/**
 * The job rules, written once and run over both transports: BullMQ on the real Redis (store on
 * PostgreSQL when available, as deployed) and the in-process monitor (store on SQLite, as on a
 * laptop). Handlers do real HTTP against a loopback portal and write real runs.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job, QueueEvents } from 'bullmq';
import { Store } from '../../store/store.ts';
import { openQueues, enqueue, type QueueSet } from '../../scheduler/queues.ts';
import { startWorkers, type WorkerHandle } from '../../scheduler/worker.ts';
import { InProcessMonitor } from '../../scheduler/monitor.ts';
import { listDead, replayDead } from '../../scheduler/deadletter.ts';
import { redisOptions } from '../../scheduler/redis.ts';
import { PRIORITY, QUEUE_NAMES, storeJobId, type JobKind, type JobResult, type RetryPolicy } from '../../scheduler/jobs.ts';
import { freshPostgresUrl, postgresAvailable } from '../helpers/databases.ts';
import { startPortal, site, registry, portalHandlers, uniquePrefix, REDIS_URL, until, type Portal } from './helpers.ts';

const FAST: RetryPolicy = { attempts: 3, backoffMs: 100 };
const SITES = ['a', 'b', 'c', 'd', 'e', 'slow', 'flaky', 'gone', 'busy', 'doomed'];

interface Harness {
  store: Store;
  /** Returns the job id the store knows the run by. */
  enqueue(kind: JobKind, siteId: string, opts?: { priority?: number; retry?: RetryPolicy }): Promise<string>;
  result(id: string): Promise<JobResult>;
  /** Resolves with the failure reason once the job is in the dead-letter list. */
  failure(id: string): Promise<string>;
  dead(): Promise<string[]>;
  replay(id: string): Promise<void>;
  close(): Promise<void>;
}

async function bullHarness(portal: Portal): Promise<Harness> {
  const prefix = uniquePrefix('jobs');
  const pgUrl = postgresAvailable() ? freshPostgresUrl() : undefined;
  const store = await Store.open(pgUrl ?? join(mkdtempSync(join(tmpdir(), 'govmon-sched-')), 'g.db'));
  const reg = registry(SITES.map((s) => site(s, portal.url)));
  const set: QueueSet = openQueues({ redisUrl: REDIS_URL, prefix });
  const events = Object.fromEntries(
    (['probe', 'crawl', 'browser'] as const).map((k) => [k, new QueueEvents(QUEUE_NAMES[k], { connection: redisOptions(REDIS_URL, 'worker'), prefix })]),
  ) as Record<JobKind, QueueEvents>;
  await Promise.all(Object.values(events).map((e) => e.waitUntilReady()));
  const workers: WorkerHandle = await startWorkers({ store, registry: reg, redisUrl: REDIS_URL, prefix, handlers: portalHandlers, concurrency: { crawl: 2, probe: 4, browser: 1 }, lockedRetryMs: 150 });
  const split = (id: string) => id.split('/', 2) as [JobKind, string];
  return {
    store,
    async enqueue(kind, siteId, opts = {}) {
      const job = await enqueue(set, kind, siteId, opts);
      return storeJobId(kind, job.id!);
    },
    async result(id) {
      const [kind, bid] = split(id);
      const job = await Job.fromId(set.queues[kind], bid);
      return job!.waitUntilFinished(events[kind], 30_000);
    },
    async failure(id) {
      const [kind, bid] = split(id);
      const job = await Job.fromId(set.queues[kind], bid);
      return job!.waitUntilFinished(events[kind], 30_000).then(
        () => Promise.reject(new Error('job completed, expected a failure')),
        (e: Error) => e.message,
      );
    },
    async dead() {
      return (await listDead(set)).map((d) => storeJobId(d.kind, d.id));
    },
    async replay(id) {
      expect(await replayDead(set, id)).toBeDefined();
    },
    async close() {
      await workers.close(5000);
      await Promise.all(Object.values(events).map((e) => e.close()));
      for (const q of Object.values(set.queues)) await q.obliterate({ force: true });
      await set.close();
      const schema = pgUrl && new URL(pgUrl).searchParams.get('options')?.split('=')[1];
      if (schema) await store.db.exec(`DROP SCHEMA ${schema} CASCADE`);
      await store.close();
    },
  };
}

async function memHarness(portal: Portal): Promise<Harness> {
  const store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-sched-')), 'g.db'));
  const reg = registry(SITES.map((s) => site(s, portal.url)));
  const mon = new InProcessMonitor({ store, registry: reg, handlers: portalHandlers, concurrency: { crawl: 2, probe: 4, browser: 1 }, lockedRetryMs: 150 });
  mon.start();
  return {
    store,
    async enqueue(kind, siteId, opts = {}) {
      return mon.enqueue(kind, siteId, opts);
    },
    result: (id) => mon.waitFor(id, 30_000),
    failure: (id) => mon.waitFor(id, 30_000).then(() => Promise.reject(new Error('job completed, expected a failure')), (e: Error) => e.message),
    async dead() {
      return mon.dead().map((j) => j.id);
    },
    async replay(id) {
      expect(mon.replay(id)).toBe(true);
    },
    async close() {
      await mon.stop(5000);
      await store.close();
    },
  };
}

const transports: Array<[string, (p: Portal) => Promise<Harness>]> = [
  ['bullmq', bullHarness],
  ['in-process', memHarness],
];

for (const [name, make] of transports) {
  describe(`jobs over ${name}`, () => {
    let portal: Portal;
    let h: Harness;
    beforeAll(async () => {
      portal = await startPortal();
      h = await make(portal);
    });
    afterAll(async () => {
      await h?.close();
      await portal?.close();
    });

    it('runs a job once and stores exactly one complete run under its job id', async () => {
      const id = await h.enqueue('crawl', 'a', { retry: FAST });
      const r = await h.result(id);
      expect(r.status).toBe('complete');
      expect(portal.hits.get(id)).toBe(1);
      const run = await h.store.getRunByJob(id);
      expect(run?.id).toBe(r.runId);
      expect(run?.status).toBe('complete');
      expect(await h.store.countObservations(r.runId)).toEqual({ probe: 1 });
    });

    it('retries a transient home-page failure (503) with backoff into the same run', async () => {
      portal.behaviour.set('flaky', { fail5xx: 2 });
      const id = await h.enqueue('crawl', 'flaky', { retry: FAST });
      const r = await h.result(id);
      expect(portal.hits.get(id)).toBe(3);
      const runs = await h.store.runs({ siteId: 'flaky' });
      expect(runs).toHaveLength(1); // the retries reused and cleared the run
      expect(runs[0].id).toBe(r.runId);
      expect(runs[0].status).toBe('complete');
      expect(await h.store.countObservations(r.runId)).toEqual({ probe: 1 });
      const [obs] = await h.store.observations(r.runId, ['probe']);
      expect(obs.status).toBe(200);
    });

    it('does not retry a permanent failure (404 home page); the job goes to the dead-letter list and can be replayed', async () => {
      portal.behaviour.set('gone', { status: 404 });
      const id = await h.enqueue('crawl', 'gone', { retry: FAST });
      expect(await h.failure(id)).toMatch(/http_4xx/);
      expect(portal.hits.get(id)).toBe(1);
      expect(await h.dead()).toContain(id);
      // The maintainer fixed it: replay from the dead-letter list completes into the same run.
      portal.behaviour.set('gone', { status: 200 });
      await h.replay(id);
      await until(() => portal.hits.get(id) === 2, 15_000, 'replayed job to fetch the home page again');
      await until(async () => (await h.store.getRunByJob(id))?.status === 'complete' && !(await h.dead()).includes(id), 15_000, 'replayed job to complete');
      const [obs] = await h.store.observations((await h.store.getRunByJob(id))!.id, ['probe']);
      expect(obs.status).toBe(200);
      expect(await h.store.runs({ siteId: 'gone' })).toHaveLength(1);
    });

    it('fails for good after the last transient attempt and marks its run incomplete, never running', async () => {
      portal.behaviour.set('doomed', { fail5xx: 100 });
      const id = await h.enqueue('crawl', 'doomed', { retry: { attempts: 2, backoffMs: 50 } });
      expect(await h.failure(id)).toMatch(/http_5xx/);
      expect(portal.hits.get(id)).toBe(2);
      const run = await h.store.getRunByJob(id);
      expect(run?.status).toBe('incomplete');
      // The note is shown by `queue status` and the report: no retry is promised after the last one.
      expect(run?.note).toMatch(/gave up after 2 attempt\(s\); in the dead-letter list/);
      expect(run?.note).not.toMatch(/will be retried/);
    });

    it('never crawls one site twice at once: the second job is delayed, not failed', async () => {
      portal.behaviour.set('busy', { delayMs: 700 });
      const ids = [await h.enqueue('crawl', 'busy', { retry: FAST }), await h.enqueue('crawl', 'busy', { retry: FAST })];
      const results = await Promise.all(ids.map((id) => h.result(id)));
      expect(results.map((r) => r.status)).toEqual(['complete', 'complete']);
      expect(portal.maxConcurrent.get('busy|crawl')).toBe(1);
      for (const id of ids) expect(portal.hits.get(id)).toBe(1);
      expect(await h.dead()).not.toContain(ids[0]);
    });

    it('serves an on-demand re-check before waiting scheduled work', async () => {
      // Two blockers on two sites hold both crawl slots long enough for the enqueues below,
      // even on a loaded machine; they end a second apart so exactly one slot frees first.
      portal.behaviour.set('slow', { delayMs: 2000 });
      portal.behaviour.set('e', { delayMs: 3000 });
      portal.order.length = 0;
      const blockers = [await h.enqueue('crawl', 'slow', { retry: FAST }), await h.enqueue('crawl', 'e', { priority: PRIORITY.scheduled, retry: FAST })];
      await until(() => portal.order.includes('slow') && portal.order.includes('e'), 10_000, 'both crawl slots busy');
      const scheduled = [];
      for (const s of ['b', 'c', 'd']) scheduled.push(await h.enqueue('crawl', s, { priority: PRIORITY.scheduled, retry: FAST }));
      const urgent = await h.enqueue('crawl', 'a', { priority: PRIORITY.onDemand, retry: FAST });
      await Promise.all([...blockers, ...scheduled, urgent].map((id) => h.result(id)));
      const after = portal.order.filter((s) => ['a', 'b', 'c', 'd'].includes(s));
      expect(after[0]).toBe('a');
      expect(after.slice(1).sort()).toEqual(['b', 'c', 'd']);
    });

    it('runs probes while the same site is being crawled (probes take no site lock)', async () => {
      portal.behaviour.set('slow', { delayMs: 800 });
      const crawl = await h.enqueue('crawl', 'slow', { retry: FAST });
      await until(() => (portal.concurrent.get('slow') ?? 0) >= 1, 10_000, 'crawl to start');
      const probe = await h.enqueue('probe', 'slow', { retry: FAST });
      const pr = await h.result(probe);
      expect(pr.status).toBe('complete');
      expect(portal.maxConcurrent.get('slow')).toBeGreaterThanOrEqual(2);
      await h.result(crawl);
    });
  });
}
