/**
 * The dead-letter list is BullMQ's failed set: jobs that failed permanently or on their last
 * attempt stay there (KEEP_FAILED) until someone looks. `govmon queue dead` lists them with
 * the reason; `--replay ID` / `--replay-all` puts them back to wait with fresh attempts (the
 * store run of the job is cleared and reused by createRun's job-id idempotency).
 */
import type { Job } from 'bullmq';
import { JOB_KINDS, type JobKind, type JobPayload, type JobResult } from './jobs.ts';
import type { QueueSet } from './queues.ts';

export interface DeadJob {
  kind: JobKind;
  id: string;
  siteId: string;
  trigger: string;
  attemptsMade: number;
  failedReason: string;
  failedAt?: string;
  createdAt: string;
}

function toDead(kind: JobKind, j: Job<JobPayload, JobResult>): DeadJob {
  return {
    kind,
    id: j.id!,
    siteId: j.data?.siteId ?? '?',
    trigger: j.data?.trigger ?? '?',
    attemptsMade: j.attemptsMade,
    failedReason: j.failedReason ?? '',
    failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : undefined,
    createdAt: new Date(j.timestamp).toISOString(),
  };
}

export async function listDead(set: QueueSet, kinds: readonly JobKind[] = JOB_KINDS, limit = 1000): Promise<DeadJob[]> {
  const out: DeadJob[] = [];
  for (const kind of kinds) {
    const jobs = (await set.queues[kind].getFailed(0, limit - 1)) as Job<JobPayload, JobResult>[];
    for (const j of jobs) if (j) out.push(toDead(kind, j));
  }
  return out.sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? ''));
}

/** Replays one dead job by id ("kind/id" or a bare id searched in every queue). */
export async function replayDead(set: QueueSet, ref: string): Promise<DeadJob | undefined> {
  const [k, id] = ref.includes('/') ? (ref.split('/', 2) as [string, string]) : [undefined, ref];
  for (const kind of JOB_KINDS) {
    if (k && k !== kind) continue;
    const job = (await set.queues[kind].getJob(id)) as Job<JobPayload, JobResult> | undefined;
    if (!job || !(await job.isFailed())) continue;
    const dead = toDead(kind, job);
    // A replay is a person's decision: no start jitter again, fresh attempts.
    await job.updateData({ ...job.data, trigger: 'replay', startDelayed: true });
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return dead;
  }
  return undefined;
}

export async function replayAllDead(set: QueueSet, kinds: readonly JobKind[] = JOB_KINDS): Promise<DeadJob[]> {
  const replayed: DeadJob[] = [];
  for (const d of await listDead(set, kinds, 100_000)) {
    const r = await replayDead(set, `${d.kind}/${d.id}`);
    if (r) replayed.push(r);
  }
  return replayed;
}
