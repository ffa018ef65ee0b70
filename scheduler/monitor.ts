/**
 * The embedded mode: with no Redis, `govmon monitor` runs the same schedules through the same
 * job runtime in one process. Only the transport differs from BullMQ: a priority queue per
 * job kind in memory, timers for schedules and delays, an in-memory per-site lock, the same
 * retries with exponential backoff and the same permanent-failure rule (a dead-letter list
 * kept in memory and logged). Queue state is not persisted: a restart loses waiting jobs, but
 * never stored results, and schedules simply continue from the next slot.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.ts';
import type { Registry } from '../model/site.ts';
import type { ScheduleEntry } from '../config/schedules.ts';
import { nextSlot } from '../config/schedules.ts';
import { log as rootLog, type Logger } from '../lib/log.ts';
import { MemorySiteLocks } from './locks.ts';
import { defaultHandlers, type HandlerMap } from './handlers.ts';
import { executeJob, recordFinalFailure } from './runtime.ts';
import { DEFAULT_CONCURRENCY } from './worker.ts';
import { DEFAULT_RETRY, JOB_KINDS, PRIORITY, backoffDelay, storeJobId, type JobKind, type JobPayload, type JobResult, type RetryPolicy } from './jobs.ts';

export type MemJobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed';

export interface MemJob {
  id: string;
  kind: JobKind;
  payload: JobPayload;
  priority: number;
  seq: number;
  attemptsMade: number;
  retry: RetryPolicy;
  state: MemJobState;
  createdAt: number;
  finishedAt?: number;
  result?: JobResult;
  error?: string;
  /** When a delayed job becomes waiting. */
  runAt?: number;
}

export interface MonitorConfig {
  store: Store;
  registry: Registry;
  entries?: ScheduleEntry[];
  handlers?: HandlerMap;
  concurrency?: Partial<Record<JobKind, number>>;
  log?: Logger;
  siteLockTtlMs?: number;
  lockedRetryMs?: number;
  random?: () => number;
  /** Completed jobs kept for status (oldest dropped first). */
  keepCompleted?: number;
  /** Called when a job finishes for good (completed or dead), e.g. to print a line for a person. */
  onFinished?: (job: MemJob) => void;
}

const MAX_TIMER = 2 ** 31 - 1;

export class InProcessMonitor {
  private readonly cfg: MonitorConfig;
  private readonly log: Logger;
  private readonly locks = new MemorySiteLocks();
  private readonly jobs = new Map<string, MemJob>();
  private readonly waiting: Record<JobKind, MemJob[]> = { probe: [], crawl: [], browser: [] };
  private readonly active: Record<JobKind, number> = { probe: 0, crawl: 0, browser: 0 };
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborts = new Map<string, AbortController>();
  private readonly waiters = new Map<string, Array<{ resolve: (r: JobResult) => void; reject: (e: Error) => void }>>();
  private readonly running = new Set<Promise<void>>();
  private readonly next = new Map<string, number>();
  private seq = 0;
  private stopping = false;

  constructor(cfg: MonitorConfig) {
    this.cfg = cfg;
    this.log = (cfg.log ?? rootLog).child({ mode: 'in-process' });
  }

  /** Starts the schedule timers. Jobs can be enqueued without it. */
  start(): void {
    for (const e of this.cfg.entries ?? []) this.arm(e, Date.now());
    this.log.info({ schedules: this.cfg.entries?.length ?? 0 }, 'in-process monitor started');
  }

  private timer(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, Math.max(0, Math.min(ms, MAX_TIMER)));
    this.timers.add(t);
  }

  private arm(e: ScheduleEntry, from: number): void {
    if (this.stopping) return;
    const at = nextSlot(e, from);
    this.next.set(`${e.kind}\0${e.id}`, at);
    const wait = at - Date.now();
    // Timers cap at ~24.8 days; a monthly cron re-arms from the same slot until it is near.
    if (wait > MAX_TIMER) return this.timer(() => this.arm(e, from), MAX_TIMER);
    this.timer(() => {
      const payload: JobPayload = { siteId: e.siteId, kind: e.kind, trigger: 'schedule' };
      if (e.jitterMs) payload.jitterMs = e.jitterMs;
      if (e.spreadMs) payload.spreadMs = e.spreadMs;
      this.add(e.kind, payload, PRIORITY.scheduled, { attempts: e.attempts, backoffMs: e.backoffMs });
      this.arm(e, at);
    }, wait);
  }

  /** Next scheduled slot (ms) of each (kind, site). */
  nextRuns(): Array<{ kind: JobKind; siteId: string; next: number }> {
    return [...this.next.entries()].map(([k, next]) => {
      const [kind, siteId] = k.split('\0');
      return { kind: kind as JobKind, siteId, next };
    });
  }

  enqueue(kind: JobKind, siteId: string, opts: { priority?: number; trigger?: JobPayload['trigger']; requestedBy?: string; retry?: RetryPolicy } = {}): string {
    const payload: JobPayload = { siteId, kind, trigger: opts.trigger ?? 'on-demand', ...(opts.requestedBy ? { requestedBy: opts.requestedBy } : {}) };
    return this.add(kind, payload, opts.priority ?? PRIORITY.onDemand, opts.retry ?? DEFAULT_RETRY[kind]).id;
  }

  private add(kind: JobKind, payload: JobPayload, priority: number, retry: RetryPolicy): MemJob {
    const job: MemJob = { id: storeJobId(kind, `mem-${randomUUID()}`), kind, payload, priority, seq: this.seq++, attemptsMade: 0, retry, state: 'waiting', createdAt: Date.now() };
    this.jobs.set(job.id, job);
    this.toWaiting(job);
    return job;
  }

  private toWaiting(job: MemJob): void {
    job.state = 'waiting';
    job.runAt = undefined;
    const q = this.waiting[job.kind];
    // Lower priority number first, then first-in first-out: BullMQ's order.
    const i = q.findIndex((j) => j.priority > job.priority || (j.priority === job.priority && j.seq > job.seq));
    if (i < 0) q.push(job);
    else q.splice(i, 0, job);
    this.pump(job.kind);
  }

  private toDelayed(job: MemJob, until: number): void {
    job.state = 'delayed';
    job.runAt = until;
    this.timer(() => {
      if (!this.stopping) this.toWaiting(job);
    }, until - Date.now());
  }

  private pump(kind: JobKind): void {
    const limit = this.cfg.concurrency?.[kind] ?? DEFAULT_CONCURRENCY[kind];
    while (!this.stopping && this.active[kind] < limit && this.waiting[kind].length) {
      const job = this.waiting[kind].shift()!;
      const p = this.run(job).finally(() => this.running.delete(p));
      this.running.add(p);
    }
  }

  private async run(job: MemJob): Promise<void> {
    job.state = 'active';
    this.active[job.kind]++;
    const abort = new AbortController();
    this.aborts.set(job.id, abort);
    try {
      const outcome = await executeJob(
        {
          store: this.cfg.store,
          registry: this.cfg.registry,
          handlers: this.cfg.handlers ?? defaultHandlers,
          locks: this.locks,
          log: this.log,
          lockTtlMs: this.cfg.siteLockTtlMs,
          lockedRetryMs: this.cfg.lockedRetryMs,
          random: this.cfg.random,
        },
        { id: job.id, payload: job.payload, attemptsMade: job.attemptsMade, attempts: job.retry.attempts, signal: abort.signal },
      ).catch((e: unknown) => ({ type: 'failed' as const, permanent: false, error: e instanceof Error ? e : new Error(String(e)) }));
      switch (outcome.type) {
        case 'completed':
          job.state = 'completed';
          job.result = outcome.result;
          job.finishedAt = Date.now();
          this.settle(job);
          this.trim();
          break;
        case 'delay':
          job.payload = outcome.payload;
          this.toDelayed(job, outcome.until);
          break;
        case 'interrupted':
          job.state = 'waiting';
          break;
        case 'failed':
          job.attemptsMade++;
          job.error = outcome.error.message;
          if (!outcome.permanent && job.attemptsMade < job.retry.attempts) {
            this.toDelayed(job, Date.now() + backoffDelay(job.retry, job.attemptsMade));
          } else {
            job.state = 'failed';
            job.finishedAt = Date.now();
            await recordFinalFailure(this.cfg.store, job.id, outcome.error).catch(() => undefined);
            this.log.error({ jobId: job.id, siteId: job.payload.siteId, err: job.error, permanent: outcome.permanent }, 'job failed for good; in the dead-letter list');
            this.settle(job);
          }
          break;
      }
    } finally {
      this.aborts.delete(job.id);
      this.active[job.kind]--;
      this.pump(job.kind);
    }
  }

  private settle(job: MemJob): void {
    try {
      this.cfg.onFinished?.(job);
    } catch {
      // a display callback must never break the queue
    }
    const ws = this.waiters.get(job.id);
    if (!ws) return;
    this.waiters.delete(job.id);
    for (const w of ws) {
      if (job.state === 'completed') w.resolve(job.result!);
      else w.reject(new Error(job.error ?? 'failed'));
    }
  }

  private trim(): void {
    const keep = this.cfg.keepCompleted ?? 1000;
    const done = [...this.jobs.values()].filter((j) => j.state === 'completed');
    for (const j of done.slice(0, Math.max(0, done.length - keep))) this.jobs.delete(j.id);
  }

  /** Resolves with the job's result, rejects when it failed for good. */
  waitFor(jobId: string, timeoutMs = 2 * 3600_000): Promise<JobResult> {
    const job = this.jobs.get(jobId);
    if (!job) return Promise.reject(new Error(`no job ${jobId}`));
    if (job.state === 'completed') return Promise.resolve(job.result!);
    if (job.state === 'failed') return Promise.reject(new Error(job.error ?? 'failed'));
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`job ${jobId} did not finish within ${timeoutMs} ms`)), timeoutMs);
      const list = this.waiters.get(jobId) ?? [];
      list.push({ resolve: (r) => (clearTimeout(t), resolve(r)), reject: (e) => (clearTimeout(t), reject(e)) });
      this.waiters.set(jobId, list);
    });
  }

  job(id: string): MemJob | undefined {
    return this.jobs.get(id);
  }

  counts(): Record<JobKind, Record<MemJobState, number>> {
    const out = Object.fromEntries(JOB_KINDS.map((k) => [k, { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 }])) as Record<JobKind, Record<MemJobState, number>>;
    for (const j of this.jobs.values()) out[j.kind][j.state]++;
    return out;
  }

  dead(): MemJob[] {
    return [...this.jobs.values()].filter((j) => j.state === 'failed');
  }

  /** Puts a dead job back to wait with fresh attempts. */
  replay(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.state !== 'failed') return false;
    job.attemptsMade = 0;
    job.error = undefined;
    job.payload = { ...job.payload, trigger: 'replay', startDelayed: true };
    this.toWaiting(job);
    return true;
  }

  /**
   * Ctrl-C: stop timers, let running jobs finish for graceMs, then abort them (they flush and
   * mark their runs incomplete). A job that ignores its abort signal for abortWaitMs more is
   * left behind and counted in `stillRunning`: the caller decides to exit regardless (its run
   * stays `running` until markStaleRuns() at the next start).
   */
  async stop(graceMs = 30_000, abortWaitMs = 15_000): Promise<{ stillRunning: number }> {
    this.stopping = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const all = () => Promise.all([...this.running]);
    const timedOut = await Promise.race([all().then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref())]);
    if (timedOut) {
      this.log.warn({ running: this.running.size }, 'aborting running jobs');
      for (const a of this.aborts.values()) a.abort('shutdown');
      await Promise.race([all(), new Promise((r) => setTimeout(r, abortWaitMs).unref())]);
    }
    const stillRunning = this.running.size;
    if (stillRunning) this.log.error({ running: [...this.aborts.keys()] }, `${stillRunning} job(s) ignored the abort for ${abortWaitMs} ms; leaving them behind`);
    for (const [id, ws] of this.waiters) for (const w of ws) w.reject(new Error(`monitor stopped before job ${id} finished`));
    this.waiters.clear();
    await this.locks.close();
    return { stillRunning };
  }
}
