/**
 * Job handlers: what a job of each kind does. They call the same functions the CLI calls
 * (crawlers/audit.ts `auditSite`, crawlers/probe.ts `probeSite`, the Lighthouse gatherer), so
 * a scheduled run and `govmon audit` produce the same run in the store. The modules are
 * loaded lazily: a worker that only serves the probe queue never loads Chromium code.
 *
 * Tests (and embedders) pass their own handler map; the transports do not care.
 */
import type { Store, RunStatus } from '../store/store.ts';
import type { Registry, Site } from '../model/site.ts';
import type { FailureClass, Failure } from '../model/observation.ts';
import type { Logger } from '../lib/log.ts';
import type { JobKind, JobPayload, JobResult } from './jobs.ts';

export interface HandlerContext {
  jobId: string;
  payload: JobPayload;
  site: Site;
  registry: Registry;
  store: Store;
  /** Aborted on shutdown or when the site lock was lost: stop, flush, return. */
  signal: AbortSignal;
  log: Logger;
  /** 1 on the first try. */
  attempt: number;
}

export type JobHandler = (ctx: HandlerContext) => Promise<JobResult>;
export type HandlerMap = Record<JobKind, JobHandler>;

/** A failure no retry can fix (unknown site, missing component, bad configuration). */
export class PermanentJobError extends Error {
  readonly failureClass?: FailureClass;
  constructor(message: string, failureClass?: FailureClass) {
    super(message);
    this.name = 'PermanentJobError';
    this.failureClass = failureClass;
  }
}

/** Counts for the person who asked: observations by kind, findings by status, run status. */
export async function summarizeRun(store: Store, runId: string): Promise<Record<string, number | string>> {
  const run = await store.getRun(runId);
  const summary: Record<string, number | string> = { status: run?.status ?? 'unknown' };
  for (const [k, n] of Object.entries(await store.countObservations(runId))) summary[`observations.${k}`] = n;
  for (const f of await store.findings(runId)) summary[`findings.${f.status}`] = Number(summary[`findings.${f.status}`] ?? 0) + 1;
  if (run?.note) summary.note = run.note;
  return summary;
}

/** The home page's failure in a run, if the first page (depth 0) or the probe failed. */
export async function homeFailure(store: Store, runId: string): Promise<Failure | undefined> {
  const obs = await store.observations(runId, ['page', 'probe']);
  const home = obs.find((o) => o.kind === 'probe' || (o.kind === 'page' && o.depth === 0));
  return home?.failure;
}

async function optionalImport<T>(spec: string, what: string): Promise<T> {
  try {
    return (await import(spec)) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes(spec.replace(/^.*\//, ''))) {
      throw new PermanentJobError(`${what} is not available in this installation (${spec} missing)`);
    }
    throw e;
  }
}

type AuditSite = (opts: {
  store: Store;
  registry: Registry;
  site: Site;
  jobId?: string;
  signal?: AbortSignal;
  gatherers?: unknown[];
  lighthouse?: boolean;
  outDir?: string | null;
  log?: Logger;
}) => Promise<{ runId: string; status: RunStatus; stats?: Record<string, unknown> }>;

async function resultOf(store: Store, kind: JobKind, siteId: string, runId: string): Promise<JobResult> {
  const run = await store.getRun(runId);
  const failure = await homeFailure(store, runId);
  return {
    runId,
    siteId,
    kind,
    status: run?.status ?? 'failed',
    summary: await summarizeRun(store, runId),
    ...(failure ? { homeFailure: { class: failure.class, message: failure.message } } : {}),
  };
}

/**
 * Scheduled runs live in the store and are served by `govmon serve`; static report files are
 * written only when GOVMON_REPORTS_DIR asks for them (a worker fleet has no shared disk).
 */
function reportsDir(): string | null {
  return process.env.GOVMON_REPORTS_DIR || null;
}

const crawl: JobHandler = async (ctx) => {
  const { auditSite } = await optionalImport<{ auditSite: AuditSite }>('../crawlers/audit.ts', 'the crawler (crawlers/audit.ts)');
  const out = await auditSite({ store: ctx.store, registry: ctx.registry, site: ctx.site, jobId: ctx.jobId, signal: ctx.signal, outDir: reportsDir(), log: ctx.log });
  return resultOf(ctx.store, 'crawl', ctx.site.id, out.runId);
};

const browser: JobHandler = async (ctx) => {
  const { auditSite } = await optionalImport<{ auditSite: AuditSite }>('../crawlers/audit.ts', 'the crawler (crawlers/audit.ts)');
  // The monthly browser job: Lighthouse and rendering on top of the regular gatherers.
  const out = await auditSite({ store: ctx.store, registry: ctx.registry, site: ctx.site, jobId: ctx.jobId, signal: ctx.signal, lighthouse: true, outDir: reportsDir(), log: ctx.log });
  return resultOf(ctx.store, 'browser', ctx.site.id, out.runId);
};

type ProbeSite = (
  store: Store,
  registry: Registry,
  site: Site,
  opts: { jobId?: string; signal?: AbortSignal },
) => Promise<{ run: { id: string }; reused?: boolean }>;

/** One availability probe (V-01, D-01). Its failure is the measurement, so it never fails the job. */
const probe: JobHandler = async (ctx) => {
  const { probeSite } = await optionalImport<{ probeSite: ProbeSite }>('../crawlers/probe.ts', 'the availability prober (crawlers/probe.ts)');
  const out = await probeSite(ctx.store, ctx.registry, ctx.site, { jobId: ctx.jobId, signal: ctx.signal });
  return { ...(await resultOf(ctx.store, 'probe', ctx.site.id, out.run.id)), ...(out.reused ? { reused: true } : {}) };
};

export const defaultHandlers: HandlerMap = { probe, crawl, browser };
