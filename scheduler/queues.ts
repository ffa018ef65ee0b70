/**
 * The BullMQ queues (one per job kind) and the ways work gets into them: scheduled by job
 * schedulers (apply.ts), or enqueued on demand (`govmon audit <site> --queue [--wait]`).
 */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, type Job, type JobsOptions } from 'bullmq';
import { UserError } from '../lib/errors.ts';
import { redisOptions, redisUrl, redactUrl, type RedisRole } from './redis.ts';
import {
  DEFAULT_RETRY,
  JOB_KINDS,
  KEEP_COMPLETED,
  KEEP_FAILED,
  PRIORITY,
  QUEUE_NAMES,
  queuePrefix,
  type JobKind,
  type JobPayload,
  type JobResult,
  type RetryPolicy,
} from './jobs.ts';

export interface QueueSet {
  url: string;
  prefix: string;
  queues: Record<JobKind, Queue>;
  close(): Promise<void>;
}

export interface QueueConnectOptions {
  redisUrl?: string;
  prefix?: string;
  role?: RedisRole;
}

export function requireRedisUrl(explicit?: string): string {
  const url = redisUrl(explicit);
  if (!url) throw new UserError('no Redis configured; fix: set REDIS_URL=redis://host:6379 (or pass --redis URL), or run `govmon monitor` for the in-process mode');
  return url;
}

/** Connection failures of short-lived commands, said as what to fix. */
export function explainRedisError(e: unknown, url: string): Error {
  const err = e as NodeJS.ErrnoException;
  if (err instanceof UserError) return err;
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET'].includes(err?.code ?? '') || /connect|Connection is closed/i.test(err?.message ?? ''))
    return new UserError(`cannot reach Redis at ${redactUrl(url)} (${err.code ?? err.message}); fix: start Redis or correct REDIS_URL / --redis`);
  return err instanceof Error ? err : new Error(String(e));
}

export function openQueues(opts: QueueConnectOptions = {}): QueueSet {
  const url = requireRedisUrl(opts.redisUrl);
  const prefix = opts.prefix ?? queuePrefix();
  const connection = redisOptions(url, opts.role ?? 'producer');
  const queues = Object.fromEntries(
    JOB_KINDS.map((k) => [k, new Queue(QUEUE_NAMES[k], { connection, prefix })]),
  ) as Record<JobKind, Queue>;
  for (const q of Object.values(queues)) q.on('error', () => undefined); // surfaced on the awaited calls
  return {
    url,
    prefix,
    queues,
    async close() {
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}

/** Job options every govmon job carries: priority, attempts with exponential backoff, retention. */
export function jobOptions(kind: JobKind, priority: number, retry: RetryPolicy = DEFAULT_RETRY[kind]): JobsOptions {
  return {
    priority,
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs },
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
  };
}

export interface EnqueueOptions {
  priority?: number;
  trigger?: JobPayload['trigger'];
  requestedBy?: string;
  /** Attempts and first backoff; the kind's default otherwise. */
  retry?: RetryPolicy;
}

export async function enqueue(set: QueueSet, kind: JobKind, siteId: string, opts: EnqueueOptions = {}): Promise<Job<JobPayload, JobResult>> {
  const payload: JobPayload = { siteId, kind, trigger: opts.trigger ?? 'on-demand', ...(opts.requestedBy ? { requestedBy: opts.requestedBy } : {}) };
  // A UUID, not BullMQ's counter: the store keys runs by job id and must never see one twice,
  // even after Redis is flushed and the counter starts again at 1.
  return set.queues[kind].add(`${kind}:${siteId}`, payload, { ...jobOptions(kind, opts.priority ?? PRIORITY.onDemand, opts.retry ?? DEFAULT_RETRY[kind]), jobId: `od-${randomUUID()}` });
}

/**
 * A maintainer's "it is fixed, check again": an on-demand crawl ahead of scheduled work. While
 * one re-check of the site is waiting or running, asking again returns that job (BullMQ
 * deduplication) instead of queueing the same crawl many times.
 */
export async function requestRecheck(set: QueueSet, siteId: string, opts: { requestedBy?: string; kind?: JobKind } = {}): Promise<Job<JobPayload, JobResult>> {
  const kind = opts.kind ?? 'crawl';
  const payload: JobPayload = { siteId, kind, trigger: 'on-demand', ...(opts.requestedBy ? { requestedBy: opts.requestedBy } : {}) };
  return set.queues[kind].add(`recheck:${siteId}`, payload, {
    ...jobOptions(kind, PRIORITY.onDemand),
    jobId: `od-${randomUUID()}`,
    deduplication: { id: `recheck-${kind}-${siteId}` },
  });
}

export interface EnqueueAuditOptions extends QueueConnectOptions {
  /** BullMQ priority (lower first); on-demand work defaults to 1, ahead of scheduled work (10). */
  priority?: number;
  /** Wait for the result and return it. */
  wait?: boolean;
  /** Give up waiting after this many ms (the job keeps running). Default 2 hours. */
  timeoutMs?: number;
  kind?: JobKind;
  requestedBy?: string;
  /** Attempts and first backoff; the kind's default otherwise. */
  retry?: RetryPolicy;
  /**
   * With `wait`: told each time the job goes back to the delayed set (a failed attempt that
   * will be retried, or its site busy with another crawl), so a person waiting is not left
   * staring at nothing through minutes of backoff.
   */
  onRetry?: (info: { jobId: string; until: number; reason: string; attemptsMade: number }) => void;
}

export interface EnqueueAuditResult {
  jobId: string;
  kind: JobKind;
  queue: string;
  result?: JobResult;
}

/**
 * Enqueues a run of one site ahead of scheduled work, optionally waiting for its result.
 * This is what `govmon audit <site> --queue [--wait]` and a maintainer's re-check request call.
 */
export async function enqueueAudit(siteId: string, opts: EnqueueAuditOptions = {}): Promise<EnqueueAuditResult> {
  const set = openQueues(opts);
  const kind = opts.kind ?? 'crawl';
  let events: QueueEvents | undefined;
  try {
    if (opts.wait) {
      // Listen before adding, or a fast job can finish before we subscribe.
      events = new QueueEvents(QUEUE_NAMES[kind], { connection: redisOptions(set.url, 'worker'), prefix: set.prefix });
      events.on('error', () => undefined);
      const onRetry = opts.onRetry;
      if (onRetry)
        events.on('delayed', ({ jobId, delay }) => {
          if (jobId !== ourId) return;
          set.queues[kind]
            .getJob(jobId)
            .then((j) => onRetry({ jobId, until: Number(delay), reason: j?.failedReason || 'its site is being crawled by another job', attemptsMade: j?.attemptsMade ?? 0 }))
            .catch(() => undefined);
        });
      await events.waitUntilReady();
    }
    let ourId: string | undefined;
    let job: Job<JobPayload, JobResult>;
    try {
      job = await enqueue(set, kind, siteId, { priority: opts.priority ?? PRIORITY.onDemand, requestedBy: opts.requestedBy, retry: opts.retry });
      ourId = job.id;
    } catch (e) {
      throw new UserError(`could not enqueue on ${redactUrl(set.url)}: ${(e as Error).message}; fix: check that Redis is running and REDIS_URL is right`);
    }
    const out: EnqueueAuditResult = { jobId: job.id!, kind, queue: QUEUE_NAMES[kind] };
    if (events) out.result = await job.waitUntilFinished(events, opts.timeoutMs ?? 2 * 3600_000);
    return out;
  } finally {
    await events?.close();
    await set.close();
  }
}
