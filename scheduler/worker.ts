/**
 * BullMQ workers: any number of processes on any number of machines consume the probe,
 * crawl and browser queues of one Redis and write to one store. Each job goes through
 * runtime.ts `executeJob`; this file only translates its outcome into BullMQ terms.
 *
 * Robustness, in BullMQ terms:
 *  - Stalled jobs. A worker holds a lock on each active job (lockDuration, renewed every
 *    lockDuration/2). If the process dies, the lock lapses and the stalled-job check of any
 *    other worker (every stalledInterval) puts the job back to wait; a job may stall
 *    maxStalledCount times before it fails. Defaults: lockDuration 60 s, stalledInterval 30 s,
 *    so a killed worker's job restarts elsewhere within about 90 s. The retried job gets its
 *    run back from the store (createRun is idempotent on the job id), cleared, so nothing is
 *    written twice.
 *  - SIGTERM. close() stops fetching and waits up to `graceMs` for running jobs. Jobs still
 *    running then are aborted through their AbortSignal; the handler flushes and returns, and
 *    the job is moved back to wait (Job.moveToWait + WaitingError) without spending an attempt,
 *    so another worker starts it at once. If even that hangs, the worker closes hard and the
 *    job comes back through the stalled check.
 *  - Redis outages. Worker connections use maxRetriesPerRequest: null and reconnect forever;
 *    in-flight jobs keep running, their completion is sent when Redis is back (the offline
 *    queue), and a job whose lock expired meanwhile is re-run by the stalled check into the
 *    same store run.
 *  - Site busy. A crawl that finds its site locked is moved to delayed (moveToDelayed +
 *    DelayedError), not failed.
 */
import { Worker, DelayedError, UnrecoverableError, WaitingError, type Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.ts';
import type { Registry } from '../model/site.ts';
import { log as rootLog, type Logger } from '../lib/log.ts';
import { RedisSiteLocks, type SiteLocks } from './locks.ts';
import { defaultHandlers, type HandlerMap } from './handlers.ts';
import { executeJob, recordFinalFailure } from './runtime.ts';
import { redisOptions, redactUrl } from './redis.ts';
import { requireRedisUrl } from './queues.ts';
import { JOB_KINDS, QUEUE_NAMES, queuePrefix, storeJobId, parsePayload, KEEP_COMPLETED, KEEP_FAILED, type JobKind, type JobPayload, type JobResult } from './jobs.ts';

const QUEUE_KIND = new Map(JOB_KINDS.map((k) => [QUEUE_NAMES[k], k]));

export const DEFAULT_CONCURRENCY: Record<JobKind, number> = { probe: 50, crawl: 2, browser: 1 };

export interface WorkerConfig {
  store: Store;
  registry: Registry;
  redisUrl?: string;
  prefix?: string;
  handlers?: HandlerMap;
  kinds?: JobKind[];
  concurrency?: Partial<Record<JobKind, number>>;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  maxStalledCount?: number;
  siteLockTtlMs?: number;
  lockedRetryMs?: number;
  /** Shows in Bull Board as the job's worker. */
  name?: string;
  log?: Logger;
}

export interface WorkerHandle {
  name: string;
  workers: Worker[];
  /**
   * Graceful stop: wait up to graceMs, then hand running jobs back to the queue. `stillRunning`
   * counts handlers that ignored their abort even after the hard close: their BullMQ jobs come
   * back through the stalled check, and the caller should exit the process regardless.
   */
  close(graceMs?: number, abortWaitMs?: number): Promise<{ handedBack: number; stillRunning: number }>;
}

/** "probe=50,crawl=2" → { probe: 50, crawl: 2 }. */
export function parseConcurrency(spec: string | undefined): Partial<Record<JobKind, number>> {
  const out: Partial<Record<JobKind, number>> = {};
  if (!spec) return out;
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(probe|crawl|browser)=(\d+)$/.exec(part);
    if (!m || Number(m[2]) < 1) throw new Error(`--concurrency: "${part}" is not kind=N; fix: write e.g. probe=50,crawl=2,browser=1`);
    out[m[1] as JobKind] = Number(m[2]);
  }
  return out;
}

export function parseKinds(spec: string | undefined): JobKind[] {
  if (!spec) return [...JOB_KINDS];
  const kinds = spec.split(',').map((s) => s.trim()).filter(Boolean);
  for (const k of kinds) if (!(JOB_KINDS as readonly string[]).includes(k)) throw new Error(`--queues: unknown queue "${k}"; fix: use probe, crawl and/or browser`);
  return kinds as JobKind[];
}

export async function startWorkers(cfg: WorkerConfig): Promise<WorkerHandle> {
  const url = requireRedisUrl(cfg.redisUrl);
  const prefix = cfg.prefix ?? queuePrefix();
  const name = cfg.name ?? `worker-${process.pid}-${randomUUID().slice(0, 6)}`;
  const log = (cfg.log ?? rootLog).child({ worker: name });
  const locks: SiteLocks = new RedisSiteLocks(url, prefix);
  const handlers = cfg.handlers ?? defaultHandlers;
  const kinds = cfg.kinds ?? [...JOB_KINDS];
  const inFlight = new Set<string>();

  const processor = async (job: Job<JobPayload, JobResult>, token: string | undefined, signal: AbortSignal | undefined): Promise<JobResult> => {
    const kind = (QUEUE_KIND.get(job.queueName) ?? job.data?.kind) as JobKind;
    let payload: JobPayload;
    try {
      payload = parsePayload(job.data, kind);
    } catch (e) {
      throw new UnrecoverableError((e as Error).message);
    }
    const id = storeJobId(kind, job.id!);
    inFlight.add(id);
    try {
      const attempts = job.opts.attempts ?? 1;
      const outcome = await executeJob(
        { store: cfg.store, registry: cfg.registry, handlers, locks, log, lockTtlMs: cfg.siteLockTtlMs, lockedRetryMs: cfg.lockedRetryMs },
        { id, payload, attemptsMade: job.attemptsMade, attempts, signal },
      );
      switch (outcome.type) {
        case 'completed':
          return outcome.result;
        case 'delay':
          if (outcome.payload !== payload) await job.updateData(outcome.payload);
          await job.moveToDelayed(outcome.until, token);
          throw new DelayedError(outcome.reason);
        case 'interrupted':
          await job.moveToWait(token);
          log.info({ jobId: id }, 'job handed back to the queue on shutdown');
          throw new WaitingError(outcome.reason);
        case 'failed': {
          const final = outcome.permanent || job.attemptsMade + 1 >= attempts;
          if (final) await recordFinalFailure(cfg.store, id, outcome.error).catch(() => undefined);
          throw outcome.permanent ? new UnrecoverableError(outcome.error.message) : outcome.error;
        }
      }
    } finally {
      inFlight.delete(id);
    }
  };

  const workers = kinds.map((kind) => {
    const heavy = kind !== 'probe';
    const w = new Worker<JobPayload, JobResult>(QUEUE_NAMES[kind], processor, {
      connection: redisOptions(url, 'worker'),
      prefix,
      name,
      concurrency: cfg.concurrency?.[kind] ?? DEFAULT_CONCURRENCY[kind],
      lockDuration: cfg.lockDurationMs ?? (heavy ? 60_000 : 30_000),
      stalledInterval: cfg.stalledIntervalMs ?? 30_000,
      maxStalledCount: cfg.maxStalledCount ?? 2,
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    });
    w.on('error', (e) => log.warn({ queue: kind, err: e.message }, 'worker connection error (reconnecting)'));
    w.on('stalled', (jobId) => log.warn({ queue: kind, jobId }, 'job stalled (its worker died or blocked); returned to wait'));
    w.on('failed', (job, e) => {
      if (!job) return;
      const final = e.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (final) log.error({ queue: kind, jobId: job.id, siteId: job.data.siteId, err: e.message }, 'job failed for good; in the dead-letter list (govmon queue dead)');
    });
    return w;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  log.info({ redis: redactUrl(url), prefix, kinds, store: cfg.store.db.description }, 'workers started');

  return {
    name,
    workers,
    async close(graceMs = 30_000, abortWaitMs = 15_000) {
      const closing = Promise.all(workers.map((w) => w.close()));
      const timedOut = await Promise.race([closing.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref())]);
      let returned = 0;
      if (timedOut) {
        returned = inFlight.size;
        log.warn({ running: returned }, `jobs still running after ${graceMs} ms; handing them back to the queue`);
        for (const w of workers) w.cancelAllJobs('shutdown');
        const hard = await Promise.race([closing.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), abortWaitMs).unref())]);
        // BullMQ's forced close still waits for a processor that never returns: bound it too,
        // or a stuck gatherer would keep a SIGTERMed worker alive forever. The stalled check of
        // another worker returns the job once this process is gone.
        if (hard) await Promise.race([Promise.all(workers.map((w) => w.close(true))), new Promise((r) => setTimeout(r, abortWaitMs).unref())]);
      }
      const stillRunning = inFlight.size;
      if (stillRunning) log.error({ running: [...inFlight] }, `${stillRunning} job(s) ignored the abort; the stalled check of another worker will return them`);
      await locks.close();
      return { handedBack: returned, stillRunning };
    },
  };
}
