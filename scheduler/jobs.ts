/**
 * Job names, payloads, results and default options in one place. Both transports (BullMQ
 * workers and the in-process monitor) read these, so a job means the same thing wherever
 * it runs.
 */
import { z } from 'zod';
import type { RunStatus } from '../store/store.ts';
import type { FailureClass } from '../model/observation.ts';

/** The three kinds of scheduled work: availability probes, full crawls, browser/Lighthouse audits. */
export const JOB_KINDS = ['probe', 'crawl', 'browser'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export function isJobKind(s: string): s is JobKind {
  return (JOB_KINDS as readonly string[]).includes(s);
}

/** One BullMQ queue per kind so each gets its own concurrency (probes are cheap, browsers are not). */
export const QUEUE_NAMES: Record<JobKind, string> = {
  probe: 'probe',
  crawl: 'crawl',
  browser: 'browser',
};

/** Redis key prefix of every govmon queue; tests and tenants sharing a Redis set their own. */
export function queuePrefix(): string {
  return process.env.GOVMON_QUEUE_PREFIX || 'govmon';
}

export type JobTrigger = 'schedule' | 'on-demand' | 'replay';

export interface JobPayload {
  siteId: string;
  kind: JobKind;
  trigger: JobTrigger;
  /** Random start delay (ms) drawn once from the schedule's jitter; applied before the first attempt. */
  jitterMs?: number;
  /** Deterministic per-site spread (ms) after a cron slot, so a weekly crawl of 1 000 sites does not start at once. */
  spreadMs?: number;
  /** Set once the start delay has been applied, so a retry does not wait again. */
  startDelayed?: boolean;
  /** Who asked for an on-demand run (a maintainer's re-check request …), kept in logs. */
  requestedBy?: string;
}

/**
 * Job data comes back from Redis, written by whatever version of govmon enqueued it: checked
 * at the worker boundary, and a malformed job fails at once (never retried) with the reason.
 */
export const JobPayloadSchema = z.object({
  siteId: z.string().min(1),
  kind: z.enum(JOB_KINDS),
  trigger: z.enum(['schedule', 'on-demand', 'replay']),
  jitterMs: z.number().int().nonnegative().optional(),
  spreadMs: z.number().int().nonnegative().optional(),
  startDelayed: z.boolean().optional(),
  requestedBy: z.string().optional(),
});

export function parsePayload(data: unknown, queueKind: JobKind): JobPayload {
  const r = JobPayloadSchema.safeParse(data);
  if (!r.success) throw new Error(`invalid job data: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  if (r.data.kind !== queueKind) throw new Error(`job of kind "${r.data.kind}" found in the ${queueKind} queue`);
  return r.data;
}

export interface JobResult {
  runId: string;
  siteId: string;
  kind: JobKind;
  status: RunStatus;
  /** Counts a person wants to see after `audit --queue --wait`: pages, probes, findings by status. */
  summary: Record<string, number | string>;
  /** The home page failure when there was one (decides retry vs permanent failure). */
  homeFailure?: { class: FailureClass; message: string };
  /** True when a retried job found its run already complete and did not redo the work. */
  reused?: boolean;
}

/**
 * BullMQ priorities: lower runs first, and 0 means "no priority" which BullMQ serves before
 * every prioritised job. Scheduled work therefore carries an explicit priority so on-demand
 * re-checks (priority 1) overtake it.
 */
export const PRIORITY = { onDemand: 1, replay: 5, scheduled: 10 } as const;

export interface RetryPolicy {
  attempts: number;
  /** First retry delay; doubles on every further attempt (BullMQ `exponential`). */
  backoffMs: number;
}

/** Probes are the availability data itself: a failed probe is recorded, not retried (retrying would hide downtime). */
export const DEFAULT_RETRY: Record<JobKind, RetryPolicy> = {
  probe: { attempts: 2, backoffMs: 5_000 },
  crawl: { attempts: 4, backoffMs: 60_000 },
  browser: { attempts: 3, backoffMs: 120_000 },
};

/** Delay before a job retries: BullMQ's exponential backoff formula, used by the in-process monitor too. */
export function backoffDelay(policy: RetryPolicy, attemptsMade: number): number {
  return Math.round(2 ** Math.max(0, attemptsMade - 1) * policy.backoffMs);
}

/** Keep finished jobs long enough for `queue status` and Bull Board, but bounded. */
export const KEEP_COMPLETED = { age: 7 * 86400, count: 5000 };
/** Failed jobs are the dead-letter list: kept until replayed or cleaned by `queue dead --clean`. */
export const KEEP_FAILED = { age: 90 * 86400, count: 50_000 };

/** Lock on a site for crawl and browser jobs; renewed every ttl/3 while the job runs. */
export const SITE_LOCK_TTL_MS = 60_000;
/** How long a job that found its site locked waits before trying again. */
export const LOCKED_RETRY_MS = 30_000;

/**
 * Scheduler id of a (site, kind) pair inside the kind's queue: the site id, since each kind has
 * its own queue (BullMQ builds iteration job ids `repeat:<schedulerId>:<millis>` from it and
 * rejects custom ids with extra colons).
 */
export function schedulerId(_kind: JobKind, siteId: string): string {
  return siteId;
}

/**
 * The job id a run is stored under. BullMQ job ids are only unique within a queue (the probe
 * and the crawl of one slot share `repeat:<site>:<millis>`), so the kind is part of it.
 */
export function storeJobId(kind: JobKind, jobId: string): string {
  return `${kind}/${jobId}`;
}
