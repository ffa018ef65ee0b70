/**
 * What running one job means, independent of transport. BullMQ workers and the in-process
 * monitor both call `executeJob` and only translate its outcome: "delay until T" becomes
 * moveToDelayed + DelayedError on BullMQ and a timer in-process; "failed, permanent" becomes
 * UnrecoverableError or the in-process dead-letter list. One set of rules for start jitter,
 * per-site locking, idempotent results and retry classification.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.ts';
import type { Registry, Site } from '../model/site.ts';
import type { FailureClass } from '../model/observation.ts';
import type { Logger } from '../lib/log.ts';
import type { SiteLocks } from './locks.ts';
import { PermanentJobError, summarizeRun, type HandlerMap } from './handlers.ts';
import { LOCKED_RETRY_MS, SITE_LOCK_TTL_MS, type JobPayload, type JobResult } from './jobs.ts';

export interface RuntimeDeps {
  store: Store;
  registry: Registry;
  handlers: HandlerMap;
  locks: SiteLocks;
  log: Logger;
  lockTtlMs?: number;
  lockedRetryMs?: number;
  /** Injected for tests that need a fixed jitter; Math.random otherwise. */
  random?: () => number;
}

export interface JobEnvelope {
  id: string;
  payload: JobPayload;
  /** Failed attempts so far (BullMQ `attemptsMade`). */
  attemptsMade: number;
  attempts: number;
  /** Aborted when the process is shutting down: the job goes back to the queue untouched. */
  signal?: AbortSignal;
}

export type Outcome =
  | { type: 'completed'; result: JobResult }
  | { type: 'delay'; until: number; reason: 'start-jitter' | 'site-locked'; payload: JobPayload }
  | { type: 'failed'; error: Error; permanent: boolean }
  | { type: 'interrupted'; reason: string };

/**
 * Failures of the site's home page that retrying will not fix within a retry window: the name
 * does not resolve, the certificate is rejected, the page answers 4xx, the URL is unusable.
 * Timeouts, resets, refusals and 5xx are transient: the next attempt may succeed.
 */
export const PERMANENT_FAILURES: ReadonlySet<FailureClass> = new Set(['dns', 'tls', 'http_4xx', 'invalid_url', 'too_many_redirects', 'not_html']);
/** Failures that are a result (we could not assess), not a reason to retry or to fail the job. */
const ASSESSMENT_RESULTS: ReadonlySet<FailureClass> = new Set(['blocked', 'robots_disallowed', 'budget']);

const PERMANENT_CODES: Record<string, FailureClass> = {
  ENOTFOUND: 'dns',
  CERT_HAS_EXPIRED: 'tls',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls',
  ERR_INVALID_URL: 'invalid_url',
};

/** Transient unless the error says otherwise (PermanentJobError, a failure class, a DNS/TLS errno). */
export function isPermanent(err: unknown): boolean {
  if (err instanceof PermanentJobError) return true;
  const e = err as { failure?: { class?: FailureClass }; failureClass?: FailureClass; code?: string } | undefined;
  const cls = e?.failure?.class ?? e?.failureClass ?? (e?.code ? PERMANENT_CODES[e.code] : undefined);
  return cls !== undefined && PERMANENT_FAILURES.has(cls);
}

// A worker runs a job per probe (24 a day for each of thousands of sites): look sites up by id in
// a map built once per registry instead of scanning the list on every job.
const siteIndex = new WeakMap<Registry, Map<string, Site>>();

function siteOf(deps: RuntimeDeps, siteId: string): Promise<Site | undefined> {
  let index = siteIndex.get(deps.registry);
  if (!index) siteIndex.set(deps.registry, (index = new Map(deps.registry.sites.map((x) => [x.id, x]))));
  const s = index.get(siteId);
  return s ? Promise.resolve(s) : deps.store.getSite(siteId);
}

export async function executeJob(deps: RuntimeDeps, job: JobEnvelope): Promise<Outcome> {
  const { payload } = job;
  const log = deps.log.child({ jobId: job.id, siteId: payload.siteId, kind: payload.kind });
  const random = deps.random ?? Math.random;

  // Start delay (schedule spread + jitter) is taken once, before the first attempt, by going
  // back to the delayed set rather than sleeping in a worker slot.
  if (payload.trigger === 'schedule' && !payload.startDelayed && job.attemptsMade === 0) {
    const delay = (payload.spreadMs ?? 0) + Math.floor(random() * (payload.jitterMs ?? 0));
    if (delay > 0) return { type: 'delay', until: Date.now() + delay, reason: 'start-jitter', payload: { ...payload, startDelayed: true } };
  }

  const site = await siteOf(deps, payload.siteId);
  if (!site) return { type: 'failed', permanent: true, error: new PermanentJobError(`site "${payload.siteId}" is not in the registry or the store; add it to config/sites.yaml or remove its schedule (govmon schedule apply)`) };

  // A job that already produced a complete run (its worker died after writing but before
  // acknowledging) is not redone: the result is written once.
  const prior = await deps.store.getRunByJob(job.id);
  if (prior?.status === 'complete' && payload.trigger === 'replay') {
    // A person replayed it from the dead-letter list (a permanently failed home page that the
    // maintainer says is fixed): redo it into the same run.
    await deps.store.resetRun(prior.id);
  } else if (prior?.status === 'complete') {
    log.info({ runId: prior.id }, 'run of this job already complete; not redoing it');
    return { type: 'completed', result: { runId: prior.id, siteId: site.id, kind: payload.kind, status: prior.status, summary: await summarizeRun(deps.store, prior.id), reused: true } };
  }

  const ttl = deps.lockTtlMs ?? SITE_LOCK_TTL_MS;
  const needsLock = payload.kind !== 'probe'; // probes are one request and must keep their rhythm during a crawl
  // One token per execution, not per job: if BullMQ re-delivers a job whose first worker is
  // only stalled (not dead), the two executions must still exclude each other. After a real
  // crash the new execution waits for the dead one's lock to expire (≤ the TTL).
  const token = `${job.id}#${randomUUID().slice(0, 8)}`;
  if (needsLock) {
    const got = await deps.locks.acquire(site.id, token, ttl);
    if (!got) {
      log.info({ holder: await deps.locks.holder(site.id) }, 'site is being crawled by another job; delaying');
      return { type: 'delay', until: Date.now() + (deps.lockedRetryMs ?? LOCKED_RETRY_MS), reason: 'site-locked', payload };
    }
  }

  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(job.signal?.reason ?? 'shutdown');
  job.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let lockLost = false;
  const renew = needsLock
    ? setInterval(() => {
        // Keep the run's heartbeat fresh even while a gatherer emits nothing for a while
        // (Lighthouse), so markStaleRuns() on another machine never takes it for dead.
        deps.store
          .getRunByJob(job.id)
          .then((r) => (r?.status === 'running' ? deps.store.heartbeat(r.id) : undefined))
          .catch(() => undefined);
        deps.locks.extend(site.id, token, ttl).then(
          (ok) => {
            if (!ok && !lockLost) {
              lockLost = true;
              log.warn('site lock lost (expired or taken over); stopping this run');
              abort.abort('site lock lost');
            }
          },
          (e) => log.warn({ err: (e as Error).message }, 'could not renew site lock; will retry'),
        );
      }, Math.max(50, Math.floor(ttl / 3)))
    : undefined;

  try {
    const started = Date.now();
    const result = await deps.handlers[payload.kind]({
      jobId: job.id,
      payload,
      site,
      registry: deps.registry,
      store: deps.store,
      signal: abort.signal,
      log,
      attempt: job.attemptsMade + 1,
    });
    if (job.signal?.aborted) return { type: 'interrupted', reason: String(job.signal.reason ?? 'shutdown') };
    if (lockLost) return { type: 'failed', permanent: false, error: new Error('site lock lost during the run') };
    const hf = result.homeFailure;
    // Probes record failures as availability data; for crawls a dead home page is a reason to
    // retry (transient) or to stop trying (permanent), while "blocked" is a result in itself.
    if (hf && payload.kind !== 'probe' && !ASSESSMENT_RESULTS.has(hf.class)) {
      const permanent = PERMANENT_FAILURES.has(hf.class);
      log.warn({ runId: result.runId, failure: hf }, permanent ? 'home page failed permanently' : 'home page failed; will retry');
      if (!permanent) {
        // Not `complete`, so the retry's createRun({ jobId }) clears and reuses this run. The
        // note is what a person reads in `queue status` and the report: after the last attempt
        // it must not promise a retry that will never come.
        const attempt = job.attemptsMade + 1;
        const next = attempt < job.attempts ? `job will be retried (attempt ${attempt} of ${job.attempts})` : `gave up after ${job.attempts} attempt(s); in the dead-letter list (govmon queue dead)`;
        const run = await deps.store.getRun(result.runId);
        if (run) await deps.store.finishRun(run.id, 'incomplete', run.stats, `home page failed (${hf.class}: ${hf.message}); ${next}`);
      }
      return { type: 'failed', permanent, error: Object.assign(new Error(`home page of ${site.id} failed: ${hf.class}: ${hf.message}`), { failureClass: hf.class, runId: result.runId }) };
    }
    log.info({ runId: result.runId, status: result.status, ms: Date.now() - started }, 'job done');
    return { type: 'completed', result };
  } catch (e) {
    if (job.signal?.aborted) return { type: 'interrupted', reason: String(job.signal.reason ?? 'shutdown') };
    const err = e instanceof Error ? e : new Error(String(e));
    const permanent = isPermanent(err);
    log.warn({ err: err.message, permanent, attempt: job.attemptsMade + 1, of: job.attempts }, 'job failed');
    return { type: 'failed', permanent, error: err };
  } finally {
    if (renew) clearInterval(renew);
    job.signal?.removeEventListener('abort', onOuterAbort);
    if (needsLock) await deps.locks.release(site.id, token).catch((e) => log.warn({ err: (e as Error).message }, 'could not release site lock; it expires by itself'));
  }
}

/** After the last attempt: the run a failed job left behind is marked failed, never left "running". */
export async function recordFinalFailure(store: Store, jobId: string, error: Error): Promise<void> {
  const run = await store.getRunByJob(jobId);
  if (run && run.status === 'running') await store.finishRun(run.id, 'failed', run.stats, error.message.slice(0, 500));
}
