/**
 * The deployment shape: separate worker processes sharing one Redis and one PostgreSQL store.
 * Two workers share the queues without doing any job twice; a worker killed with SIGKILL in
 * the middle of a crawl has its job finished by the other; SIGTERM hands running jobs back;
 * a Redis crash and restart loses and doubles nothing.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Job } from 'bullmq';
import { Store } from '../../store/store.ts';
import { openQueues, enqueue, type QueueSet } from '../../scheduler/queues.ts';
import { storeJobId, type JobKind } from '../../scheduler/jobs.ts';
import { freshPostgresUrl, postgresAvailable } from '../helpers/databases.ts';
import { startPortal, uniquePrefix, REDIS_URL, until, startRedis, type Portal } from './helpers.ts';

const WORKER = fileURLToPath(new URL('./fixtures/worker-proc.ts', import.meta.url));
const SITES = Array.from({ length: 8 }, (_, i) => `s${i}`).concat(['slow', 'term']);

interface Proc {
  child: ChildProcess;
  out: string;
  exited: Promise<number | null>;
}

function spawnWorker(name: string, env: Record<string, string>): Promise<Proc> {
  const child = spawn(process.execPath, [WORKER], {
    env: { ...process.env, GOVMON_LOG_LEVEL: 'silent', WORKER_NAME: name, SITES: SITES.join(','), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const p: Proc = { child, out: '', exited: new Promise((r) => child.once('exit', (code) => r(code))) };
  let err = '';
  child.stdout!.on('data', (d) => (p.out += String(d)));
  child.stderr!.on('data', (d) => (err += String(d)));
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      if (p.out.includes('ready')) {
        clearInterval(t);
        resolve(p);
      }
    }, 20);
    child.once('exit', (code) => {
      clearInterval(t);
      reject(new Error(`worker ${name} exited ${code} before ready: ${err.slice(-2000)}`));
    });
  });
}

async function stopWorker(p: Proc): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGKILL');
  await p.exited;
}

describe.skipIf(!postgresAvailable())('several worker processes on one Redis and one PostgreSQL store', () => {
  let portal: Portal;
  let dbUrl: string;
  let store: Store;
  const procs: Proc[] = [];
  const sets: QueueSet[] = [];

  beforeAll(async () => {
    portal = await startPortal();
    dbUrl = freshPostgresUrl();
    store = await Store.open(dbUrl);
  });
  afterAll(async () => {
    for (const p of procs) await stopWorker(p);
    for (const s of sets) {
      for (const q of Object.values(s.queues)) await q.obliterate({ force: true }).catch(() => undefined);
      await s.close();
    }
    const schema = new URL(dbUrl).searchParams.get('options')?.split('=')[1];
    if (store && schema) await store.db.exec(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
    await store?.close();
    await portal?.close();
  });

  async function allDone(set: QueueSet, ids: Array<[JobKind, string]>, timeoutMs: number) {
    await until(async () => {
      for (const [kind, id] of ids) {
        const state = await set.queues[kind].getJobState(id);
        if (state !== 'completed') return false;
      }
      return true;
    }, timeoutMs, `${ids.length} jobs to complete`);
  }

  it('two workers share the queues and no job is done twice', async () => {
    const prefix = uniquePrefix('multi');
    const set = openQueues({ redisUrl: REDIS_URL, prefix });
    sets.push(set);
    const env = { REDIS_URL, PREFIX: prefix, DATABASE_URL: dbUrl, PORTAL_URL: portal.url };
    const [a, b] = await Promise.all([spawnWorker('wa', env), spawnWorker('wb', env)]);
    procs.push(a, b);
    for (const s of SITES) portal.behaviour.set(s, { delayMs: 60 });
    const ids: Array<[JobKind, string]> = [];
    for (let round = 0; round < 3; round++) {
      for (const s of SITES.slice(0, 8)) {
        ids.push(['crawl', (await enqueue(set, 'crawl', s, { retry: { attempts: 3, backoffMs: 100 } })).id!]);
        ids.push(['probe', (await enqueue(set, 'probe', s)).id!]);
      }
    }
    await allDone(set, ids, 60_000);
    const processedBy = new Set<string>();
    for (const [kind, id] of ids) {
      const sid = storeJobId(kind, id);
      expect(portal.hits.get(sid), sid).toBe(1);
      const run = await store.getRunByJob(sid);
      expect(run?.status).toBe('complete');
      const job = await Job.fromId(set.queues[kind], id);
      if (job?.processedBy) processedBy.add(job.processedBy);
    }
    expect(processedBy).toEqual(new Set(['wa', 'wb']));
    const runs = await store.runs({ status: ['complete', 'incomplete', 'running', 'failed'] });
    expect(runs.filter((r) => r.jobId && ids.some(([k, id]) => storeJobId(k, id) === r.jobId))).toHaveLength(ids.length);
    // Never two crawls of one site at once, across processes.
    for (const s of SITES.slice(0, 8)) expect(portal.maxConcurrent.get(`${s}|crawl`)).toBe(1);
    await Promise.all([stopWorker(a), stopWorker(b)]);
  });

  it('a worker killed with SIGKILL mid-crawl: the other worker picks the stalled job up and finishes it into the same run', async () => {
    const prefix = uniquePrefix('kill');
    const set = openQueues({ redisUrl: REDIS_URL, prefix });
    sets.push(set);
    const env = { REDIS_URL, PREFIX: prefix, DATABASE_URL: dbUrl, PORTAL_URL: portal.url, LOCK_MS: '2000', STALLED_MS: '1000', SITE_LOCK_MS: '3000' };
    portal.behaviour.set('slow', { delayMs: 3000 });
    const a = await spawnWorker('victim', env);
    procs.push(a);
    const job = await enqueue(set, 'crawl', 'slow', { retry: { attempts: 2, backoffMs: 100 } });
    const sid = storeJobId('crawl', job.id!);
    await until(() => (portal.hits.get(sid) ?? 0) >= 1, 10_000, 'crawl to be in progress');
    expect((await store.getRunByJob(sid))?.status).toBe('running');
    const b = await spawnWorker('survivor', env);
    procs.push(b);
    a.child.kill('SIGKILL');
    await a.exited;
    await allDone(set, [['crawl', job.id!]], 30_000);
    const done = await Job.fromId(set.queues.crawl, job.id!);
    expect(done?.processedBy).toBe('survivor');
    expect(done?.attemptsMade).toBe(1); // the completing attempt only: the stall did not count as a failure
    expect(portal.hits.get(sid)).toBe(2);
    const runs = (await store.runs({ siteId: 'slow' })).filter((r) => r.jobId === sid);
    expect(runs).toHaveLength(1);
    expect(runs[0].status).toBe('complete');
    expect(await store.countObservations(runs[0].id)).toEqual({ probe: 1 });
    await stopWorker(b);
  });

  it('SIGTERM: a job still running after the grace period goes back to wait and another worker completes it', async () => {
    const prefix = uniquePrefix('term');
    const set = openQueues({ redisUrl: REDIS_URL, prefix });
    sets.push(set);
    const env = { REDIS_URL, PREFIX: prefix, DATABASE_URL: dbUrl, PORTAL_URL: portal.url, GRACE_MS: '300' };
    portal.behaviour.set('term', { delayMs: 2500 });
    const a = await spawnWorker('leaver', env);
    procs.push(a);
    const job = await enqueue(set, 'crawl', 'term', { retry: { attempts: 2, backoffMs: 100 } });
    const sid = storeJobId('crawl', job.id!);
    await until(() => (portal.hits.get(sid) ?? 0) >= 1, 10_000, 'crawl to be in progress');
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(a.out).toContain('closed 1');
    expect(['waiting', 'prioritized']).toContain(await set.queues.crawl.getJobState(job.id!));
    const b = await spawnWorker('stayer', env);
    procs.push(b);
    await allDone(set, [['crawl', job.id!]], 20_000);
    const done = await Job.fromId(set.queues.crawl, job.id!);
    expect(done?.processedBy).toBe('stayer');
    expect(done?.attemptsMade).toBe(1); // handed back without spending an attempt
    const runs = (await store.runs({ siteId: 'term' })).filter((r) => r.jobId === sid);
    expect(runs).toHaveLength(1);
    expect(runs[0].status).toBe('complete');
    await stopWorker(b);
  });

  it('survives a Redis crash and restart: every job ends with exactly one complete run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'govmon-redis-'));
    // Durable like a production Redis (AOF, fsync on every write), so a crash keeps the queue.
    let redis = await startRedis(undefined, dir);
    const prefix = uniquePrefix('outage');
    const set = openQueues({ redisUrl: redis.url, prefix, role: 'worker' });
    sets.push(set);
    const env = { REDIS_URL: redis.url, PREFIX: prefix, DATABASE_URL: dbUrl, PORTAL_URL: portal.url, LOCK_MS: '3000', STALLED_MS: '1000', CRAWL_CONCURRENCY: '1' };
    for (const s of SITES.slice(0, 8)) portal.behaviour.set(s, { delayMs: 150 });
    const [a, b] = await Promise.all([spawnWorker('ra', env), spawnWorker('rb', env)]);
    procs.push(a, b);
    const ids: Array<[JobKind, string]> = [];
    for (let round = 0; round < 3; round++) for (const s of SITES.slice(0, 8)) ids.push(['crawl', (await enqueue(set, 'crawl', s, { retry: { attempts: 5, backoffMs: 200 } })).id!]);
    const sids = ids.map(([k, id]) => storeJobId(k, id));
    await until(() => sids.filter((s) => portal.hits.has(s)).length >= 4, 20_000, 'some jobs to run');
    // The crash lands mid-stream: some jobs ran, others are still waiting or active.
    expect(sids.filter((s) => portal.hits.has(s)).length).toBeLessThan(sids.length);
    await redis.stop();
    await new Promise((r) => setTimeout(r, 1500));
    redis = await startRedis(redis.port, dir);
    await allDone(set, ids, 90_000);
    for (const sid of sids) {
      const runs = (await store.runs({ status: ['complete', 'incomplete', 'running', 'failed'] })).filter((r) => r.jobId === sid);
      expect(runs, sid).toHaveLength(1);
      expect(runs[0].status).toBe('complete');
      expect(await store.countObservations(runs[0].id)).toEqual({ probe: 1 });
    }
    await Promise.all([stopWorker(a), stopWorker(b)]);
    await set.close();
    sets.splice(sets.indexOf(set), 1);
    await redis.stop();
  });
});
