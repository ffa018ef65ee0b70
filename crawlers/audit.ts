/**
 * One audit of one site, end to end: create the run, run the gatherers (the static crawl plus
 * the others registered below) while streaming their observations to the store in small
 * transactions, evaluate every check over the stored run, then write the site report.
 *
 * A broken, unreachable or hostile site never throws out of here: that is a finding. Only our
 * own errors fail a run, and even then with the message recorded and everything gathered so
 * far kept in the store.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Store, RunStatus } from '../store/store.ts';
import type { Observation, FailureClass, CrawlEventObservation } from '../model/observation.ts';
import { effectiveLimits, userAgent, type Registry, type Site } from '../model/site.ts';
import type { Gatherer, GatherContext } from './gatherer.ts';
import { log as rootLog, type Logger } from '../lib/log.ts';
import { evaluateRun } from '../checks/evaluate-run.ts';
import { createCrawlGatherer, type CrawlProgress, type CrawlStats, type RenderFn } from './crawl.ts';
import { LinkCache } from './links.ts';

export interface AuditProgress extends CrawlProgress {
  siteId: string;
  runId: string;
  phase: 'crawl' | 'evaluate' | 'report' | 'done';
}

export interface AuditOptions {
  store: Store;
  registry: Registry;
  site: Site;
  batchId?: string;
  jobId?: string;
  /** Stops the audit early (SIGINT, a cancelled job): the run ends `incomplete`. */
  signal?: AbortSignal;
  onProgress?: (p: AuditProgress) => void;
  /** Shared by every site of one `govmon audit --all` so external URLs are checked once. */
  linkCache?: LinkCache;
  /** Gatherers besides the crawl; default: the registered ones (security, and Lighthouse when asked). */
  gatherers?: Gatherer[];
  /** Where the site report goes (a sub-folder per site id); null skips the report. Default ./reports-out. */
  outDir?: string | null;
  lighthouse?: boolean;
  /** Screenshots and other artifacts go under <dataDir>/artifacts/<runId> (default GOVMON_DATA_DIR or ./data). */
  dataDir?: string;
  /** How long gatherers may take to wind down after a stop before they are abandoned (default 10 s, GOVMON_ABORT_GRACE_MS). */
  abortGraceMs?: number;
  /** Skip evaluateRun (tests of the gatherers alone). */
  evaluate?: boolean;
  /** Chromium rendering override (tests). */
  render?: RenderFn;
  log?: Logger;
}

export interface AuditStats {
  pagesFetched: number;
  pagesFailed: number;
  linksChecked: number;
  linksFailed: number;
  rechecked: number;
  rendered: number;
  failuresByClass: Partial<Record<FailureClass, number>>;
  observations: Record<string, number>;
  findings?: number;
  durationMs: number;
  reportPath?: string;
  gathererErrors?: string[];
}

export interface AuditResult {
  runId: string;
  status: Exclude<RunStatus, 'running'>;
  stats: AuditStats;
  note?: string;
  reportPath?: string;
}

/** Gatherers other engineers own, loaded when their file exists; the crawl never depends on them. */
const OPTIONAL_GATHERERS: Array<{ module: string; export: string; when: 'always' | 'lighthouse' }> = [
  { module: './security.ts', export: 'securityGatherer', when: 'always' },
  { module: './lighthouse.ts', export: 'lighthouseGatherer', when: 'lighthouse' },
];

export async function defaultGatherers(lighthouse = false, log: Logger = rootLog): Promise<Gatherer[]> {
  const out: Gatherer[] = [];
  for (const g of OPTIONAL_GATHERERS) {
    if (g.when === 'lighthouse' && !lighthouse) continue;
    try {
      const mod = (await import(g.module)) as Record<string, unknown>;
      const gatherer = mod[g.export] as Gatherer | undefined;
      if (gatherer && typeof gatherer.gather === 'function') out.push(gatherer);
      else log.warn({ module: g.module }, `gatherer export ${g.export} not found; skipped`);
    } catch (e) {
      log.info({ module: g.module, err: (e as Error).message }, 'optional gatherer not available; skipped');
    }
  }
  return out;
}

const BATCH_SIZE = 50;
const BATCH_MS = 500;
const HEARTBEAT_MS = 5000;

/** Buffers observations and appends them in small transactions, one flush at a time. */
class ObservationWriter {
  private buf: Observation[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  readonly counts: Record<string, number> = {};
  readonly events: CrawlEventObservation[] = [];
  writeErrors = 0;
  lastError?: string;
  private readonly store: Store;
  private readonly runId: string;
  private readonly siteId: string;
  private readonly log: Logger;

  constructor(store: Store, runId: string, siteId: string, log: Logger) {
    this.store = store;
    this.runId = runId;
    this.siteId = siteId;
    this.log = log;
  }

  /** Set when the run is over: a gatherer abandoned after the stop grace must not write into a finished run. */
  closed = false;

  push(o: Observation): void {
    if (this.closed) return;
    this.buf.push(o);
    this.counts[o.kind] = (this.counts[o.kind] ?? 0) + 1;
    if (o.kind === 'crawl_event') this.events.push(o);
    if (this.buf.length >= BATCH_SIZE) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), BATCH_MS);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buf.length === 0) return this.chain;
    const batch = this.buf;
    this.buf = [];
    this.chain = this.chain.then(async () => {
      try {
        await this.store.appendObservations(this.runId, this.siteId, batch);
      } catch (e) {
        // A failed batch is retried once; a store that keeps failing fails the run at the end.
        try {
          await this.store.appendObservations(this.runId, this.siteId, batch);
        } catch (e2) {
          this.writeErrors += batch.length;
          this.lastError = (e2 as Error).message;
          this.log.error({ err: e2, first: (e as Error).message }, 'could not store a batch of observations');
        }
      }
    });
    return this.chain;
  }
}

const ABORT_GRACE_MS = Number(process.env.GOVMON_ABORT_GRACE_MS ?? 10_000);

/** Resolves with the ids still pending `graceMs` after `signal` aborts; never resolves otherwise. */
function abandonAfterAbort(signal: AbortSignal, graceMs: number, pending: Set<string>): Promise<string[]> {
  return new Promise((resolve) => {
    const arm = () => setTimeout(() => resolve([...pending]), graceMs).unref();
    if (signal.aborted) arm();
    else signal.addEventListener('abort', arm, { once: true });
  });
}

/** Audits one site. Never throws for anything the site does; returns the run id and outcome. */
export async function auditSite(opts: AuditOptions): Promise<AuditResult> {
  const { store, registry, site } = opts;
  const t0 = Date.now();
  await store.markStaleRuns().catch(() => 0);
  await store.upsertSites([site]);
  const run = await store.createRun({ siteId: site.id, kind: 'audit', ...(opts.batchId ? { batchId: opts.batchId } : {}), ...(opts.jobId ? { jobId: opts.jobId } : {}) });
  const runId = run.id;
  const log = (opts.log ?? rootLog).child({ runId, siteId: site.id, ...(opts.jobId ? { jobId: opts.jobId } : {}) });
  if (run.status !== 'running') {
    // A job retried after its audit completed: the result is written once, so hand it back.
    log.info({ status: run.status }, 'job already has a finished run; not crawling again');
    const stats = run.stats as unknown as AuditStats;
    return { runId, status: run.status, stats, ...(run.note ? { note: run.note } : {}), ...(stats.reportPath ? { reportPath: stats.reportPath } : {}) };
  }
  const limits = effectiveLimits(registry, site);
  const dataDir = resolve(opts.dataDir ?? process.env.GOVMON_DATA_DIR ?? './data');
  const artifactDir = join(dataDir, 'artifacts', runId);
  const writer = new ObservationWriter(store, runId, site.id, log);

  // The crawl stops itself before maxSeconds; the hard stop leaves a grace for other gatherers and the flush.
  const hard = new AbortController();
  const hardTimer = setTimeout(() => hard.abort(new DOMException('time budget reached', 'TimeoutError')), limits.maxSeconds * 1000 + 15_000);
  const signal = opts.signal ? AbortSignal.any([opts.signal, hard.signal]) : hard.signal;
  const timeSignal = AbortSignal.any([signal, AbortSignal.timeout(limits.maxSeconds * 1000)]);

  let last: CrawlProgress = { pagesDone: 0, pagesQueued: 0, linksChecked: 0, linksQueued: 0, failures: 0 };
  const progress = (phase: AuditProgress['phase']) => opts.onProgress?.({ ...last, siteId: site.id, runId, phase });
  let lastBeat = Date.now();
  const crawl = createCrawlGatherer({
    ...(opts.linkCache ? { linkCache: opts.linkCache } : {}),
    ...(opts.render ? { render: opts.render } : {}),
    onProgress: (p) => {
      last = p;
      progress('crawl');
      if (Date.now() - lastBeat > HEARTBEAT_MS) {
        lastBeat = Date.now();
        void store.heartbeat(runId, { phase: 'crawl', pagesFetched: p.pagesDone, linksChecked: p.linksChecked, queued: p.pagesQueued + p.linksQueued }).catch(() => undefined);
      }
    },
  });

  const ctxFor = (g: Gatherer): GatherContext => ({
    site,
    registry,
    limits,
    userAgent: userAgent(registry),
    emit: (o) => writer.push(o),
    // Other gatherers get the whole budget as well; none of them may outlive it.
    signal: g === crawl ? signal : timeSignal,
    log: log.child({ gatherer: g.id }),
    artifactDir,
  });

  // A steady heartbeat even while nothing is emitted (a Chromium batch, a slow host), so other
  // processes' markStaleRuns() never takes this live run for a dead one.
  const beat = setInterval(() => {
    if (Date.now() - lastBeat < HEARTBEAT_MS) return;
    lastBeat = Date.now();
    void store.heartbeat(runId).catch(() => undefined);
  }, 30_000);
  beat.unref();

  let status: AuditResult['status'] = 'complete';
  let note: string | undefined;
  const gathererErrors: string[] = [];
  let crawlStats: CrawlStats | undefined;
  try {
    mkdirSync(artifactDir, { recursive: true });
    const others = opts.gatherers ?? (await defaultGatherers(!!opts.lighthouse, log));
    log.info({ url: site.url, gatherers: ['crawl', ...others.map((g) => g.id)] }, 'audit started');
    const runOne = async (g: Gatherer): Promise<void> => {
      try {
        await g.gather(ctxFor(g));
      } catch (e) {
        const msg = `gatherer ${g.id} failed: ${(e as Error).message}`;
        gathererErrors.push(msg);
        log.error({ err: e }, msg);
        writer.push({ kind: 'crawl_event', at: new Date().toISOString(), url: site.url, event: 'error', detail: msg });
        if (g === crawl) throw e;
      }
    };
    const pending = new Set([crawl, ...others].map((g) => g.id));
    const gathering = Promise.all([crawl, ...others].map((g) => runOne(g).finally(() => pending.delete(g.id))));
    // Once stopped (Ctrl-C, a cancelled job, the time budget), gatherers get a bounded grace to
    // wind down; one stuck in a call that ignores its signal must not hold the run open forever.
    const grace = opts.abortGraceMs ?? ABORT_GRACE_MS;
    const stuck = await Promise.race([gathering.then(() => undefined), abandonAfterAbort(signal, grace, pending)]);
    crawlStats = crawl.lastStats;
    if (stuck) {
      status = 'incomplete';
      note = `${crawlStats?.note ?? `stopped after ${crawlStats?.pagesFetched ?? writer.counts.page ?? 0} pages`}; gatherer(s) ${stuck.join(', ')} did not stop within ${grace / 1000} s of the stop and were abandoned`;
      log.warn({ gatherers: stuck }, 'gatherers abandoned after the stop grace');
      writer.closed = true;
    } else if (crawlStats?.stoppedBy) {
      status = 'incomplete';
      note = crawlStats.note;
    } else if (opts.signal?.aborted) {
      status = 'incomplete';
      note = `stopped on request after ${crawlStats?.pagesFetched ?? 0} pages`;
    }
  } catch (e) {
    status = 'failed';
    note = `internal error: ${(e as Error).message}`;
  } finally {
    clearTimeout(hardTimer);
    clearInterval(beat);
  }

  await writer.flush();
  if (writer.writeErrors > 0) {
    status = 'failed';
    note = `${note ? note + '; ' : ''}${writer.writeErrors} observations could not be stored: ${writer.lastError}`;
  }

  const stats: AuditStats = {
    pagesFetched: crawlStats?.pagesFetched ?? 0,
    pagesFailed: crawlStats?.pagesFailed ?? 0,
    linksChecked: crawlStats?.linksChecked ?? 0,
    linksFailed: crawlStats?.linksFailed ?? 0,
    rechecked: crawlStats?.rechecked ?? 0,
    rendered: crawlStats?.rendered ?? 0,
    failuresByClass: crawlStats?.failuresByClass ?? {},
    observations: writer.counts,
    durationMs: Date.now() - t0,
    ...(gathererErrors.length ? { gathererErrors } : {}),
  };

  // Findings are computed as of the moment the gathering ended, before the run is marked finished,
  // so nobody reads a finished run without its findings.
  const finishedAt = new Date();
  if (opts.evaluate !== false && status !== 'failed') {
    progress('evaluate');
    try {
      const findings = await evaluateRun(store, site, runId, { now: finishedAt });
      stats.findings = findings.length;
    } catch (e) {
      status = 'failed';
      note = `${note ? note + '; ' : ''}checks could not be evaluated: ${(e as Error).message}`;
      log.error({ err: e }, 'evaluateRun failed');
    }
  }
  stats.durationMs = Date.now() - t0;
  await store.finishRun(runId, status, stats as unknown as Record<string, unknown>, note);

  let reportPath: string | undefined;
  if (opts.outDir !== null && status !== 'failed') {
    progress('report');
    const dir = join(opts.outDir ?? './reports-out', site.id);
    try {
      const mod = (await import('../reports/site-report.ts')) as {
        writeSiteReport?: (s: Store, id: string, out: string, o?: { dataDir?: string }) => Promise<{ html: string } | string | undefined>;
      };
      if (mod.writeSiteReport) {
        const files = await mod.writeSiteReport(store, runId, dir, { dataDir });
        reportPath = typeof files === 'string' ? files : files?.html;
      }
    } catch (e) {
      log.warn({ err: (e as Error).message }, 'site report not written');
    }
    if (reportPath) {
      stats.reportPath = reportPath;
      await store.finishRun(runId, status, stats as unknown as Record<string, unknown>, note);
    }
  }
  progress('done');
  log.info({ status, note, pages: stats.pagesFetched, links: stats.linksChecked, ms: stats.durationMs }, 'audit finished');
  return { runId, status, stats, ...(note ? { note } : {}), ...(reportPath ? { reportPath } : {}) };
}

export { LinkCache };
