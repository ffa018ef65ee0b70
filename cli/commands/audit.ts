/**
 * `govmon audit`: crawl sites end to end (crawl, link checks, security gatherer, checks,
 * report) and print what was found. Progress goes to stderr, the summary to stdout.
 * Exit codes: 0 when every run finished (a broken site is a finding, not an error),
 * 1 when a run failed on an internal error, 2 on bad input, 130 when interrupted.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { loadRegistry, DEFAULT_SITES_PATH } from '../../config/sites.ts';
import { CrawlLimitsSchema, SiteSchema, RegistrySchema, type CrawlLimits, type Registry, type Site } from '../../model/site.ts';
import { failureBlame } from '../../model/observation.ts';
import { UserError } from '../../lib/errors.ts';
import { Store } from '../../store/store.ts';
import { auditSite, LinkCache, type AuditProgress, type AuditResult } from '../../crawlers/audit.ts';
import { closeAgents } from '../../crawlers/fetch.ts';
import { normaliseUrl } from '../../crawlers/frontier.ts';
import type { LinkCheckObservation, PageObservation } from '../../model/observation.ts';

interface AuditCliOptions {
  all?: boolean;
  config?: string;
  db?: string;
  out: string;
  maxPages?: string;
  maxDepth?: string;
  maxSeconds?: string;
  ignoreRobots?: boolean;
  render?: string;
  lighthouse?: boolean;
  json?: boolean;
  concurrency: string;
}

export interface BrokenLink {
  url: string;
  status: number;
  failureClass: string;
  message: string;
  /** The page that links to it and the anchor text used there. */
  page?: string;
  linkText?: string;
  /** A re-check (attempt 2) confirmed the failure, or it was not a transient kind. */
  confirmed: boolean;
}

export interface SiteSummary {
  siteId: string;
  url: string;
  runId: string;
  status: AuditResult['status'];
  note?: string;
  pagesFetched: number;
  linksChecked: number;
  failuresByClass: Record<string, number>;
  brokenLinks: BrokenLink[];
  durationSeconds: number;
  reportPath?: string;
  /** What the user can do when the site could not be assessed (robots.txt, a WAF). */
  hints?: string[];
  /** What the crawler decided on its own (trap guards, budgets, robots exclusions, back-off, rendering), with counts. */
  guards?: Record<string, number>;
}

const GUARD_EVENTS = /^(trap_|budget_|robots_|render_|backoff$|home_moved$)/;

/** Counts of the crawler's own decisions in a run, so a short crawl says why it was short. */
export async function guardsOf(store: Store, runId: string): Promise<Record<string, number>> {
  const acc: Record<string, number> = {};
  for (const o of await store.observations(runId, ['crawl_event'])) {
    if (GUARD_EVENTS.test(o.event)) acc[o.event] = (acc[o.event] ?? 0) + (o.count ?? 1);
  }
  return acc;
}

/** Advice when the home page itself was refused: the run is complete but says little. */
export async function hintsFor(store: Store, runId: string): Promise<string[]> {
  const pages = await store.observations(runId, ['page']);
  const home = pages.find((p) => p.depth === 0 && !p.rendered);
  const hints: string[] = [];
  if (home?.failure?.class === 'robots_disallowed')
    hints.push('robots.txt disallows the home page for our User-Agent, so nothing was assessed; if your monitoring mandate covers this site, re-run with --ignore-robots');
  if (home?.failure && failureBlame(home.failure.class) === 'site' && !pages.some((p) => p.depth === 0 && !p.failure))
    hints.push(`the home page could not be fetched (${home.failure.class}: ${home.failure.message}); content checks are reported as could not assess, and availability (V-01) is judged from probes: run govmon probe or the scheduler`);
  if (home?.failure?.class === 'blocked' && !pages.some((p) => p.depth === 0 && p.rendered && !p.failure))
    hints.push(`the site refused us (${home.failure.message}); ask the site owner to allow the monitor, or set monitor.userAgent in the registry; with --render auto (the default) a JavaScript challenge is tried in Chromium`);
  return hints;
}

function int(v: string | undefined, flag: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UserError(`${flag} must be a whole number ≥ ${min} (got "${v}")`);
  return n;
}

/** A URL that is not in the registry: audited as an ad-hoc site named after its host. */
export function adHocSite(url: string): Site {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`"${url}" is neither a site id in the registry nor a URL; fix: pass a site id, or a full URL such as https://www.example.gov.cn/`);
  }
  const id = `${u.hostname.toLowerCase()}${u.port ? `-${u.port}` : ''}`.replace(/[^a-z0-9._-]/g, '-').replace(/^[^a-z0-9]+/, '');
  const parsed = SiteSchema.safeParse({ id: id || 'site', name: u.hostname, region: '-', level: '部门', kind: '部门网站', url: u.href });
  if (!parsed.success) throw new UserError(`cannot audit "${url}": ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Broken links of a finished run, each with the page linking to it, for the terminal summary. */
export async function brokenLinksOf(store: Store, runId: string, limit = 50): Promise<BrokenLink[]> {
  const obs = await store.observations(runId, ['page', 'link']);
  const pages = obs.filter((o): o is PageObservation => o.kind === 'page');
  const linkedFrom = new Map<string, { page: string; text: string }>();
  for (const p of pages) {
    for (const l of p.links ?? []) {
      const keys = [l.url, normaliseUrl(l.url)?.url].filter((k): k is string => !!k);
      for (const k of keys) if (!linkedFrom.has(k)) linkedFrom.set(k, { page: p.finalUrl || p.url, text: l.text });
    }
  }
  // The last word on a URL is its re-check (attempt 2) when there was one.
  const latest = new Map<string, { o: PageObservation | LinkCheckObservation; attempts: number }>();
  for (const o of obs) {
    if (o.kind === 'page' && o.rendered) continue;
    const prev = latest.get(o.url);
    latest.set(o.url, { o, attempts: (prev?.attempts ?? 0) + 1 });
  }
  // The home page itself is availability (V-01), not a broken link.
  const roots = new Set(pages.filter((p) => p.depth === 0).map((p) => p.url));
  const out: BrokenLink[] = [];
  for (const { o, attempts } of latest.values()) {
    const f = o.failure;
    // not_html and too_large describe what came back, not a link that fails.
    if (!f || f.class === 'not_html' || f.class === 'too_large' || failureBlame(f.class) !== 'site') continue;
    if (roots.has(o.url)) continue;
    const from = o.kind === 'page' && o.referrer ? { page: o.referrer, text: o.referrerText ?? '' } : linkedFrom.get(o.url);
    const transient = ['timeout', 'http_5xx', 'dns', 'reset', 'connection', 'refused'].includes(f.class);
    out.push({
      url: o.url,
      status: o.status,
      failureClass: f.class,
      message: f.message,
      ...(from ? { page: from.page, linkText: from.text } : {}),
      confirmed: !transient || attempts > 1,
    });
  }
  return out.slice(0, limit);
}

/** Page-derived text goes to a terminal: control characters (ANSI escapes …) are removed first. */
function clean(v: string | undefined): string {
  return (v ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' ');
}

function summaryText(s: SiteSummary): string {
  const lines: string[] = [];
  const fails = Object.entries(s.failuresByClass)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  lines.push(`${s.siteId}  ${s.url}`);
  lines.push(`  run ${s.runId}: ${s.status}${s.note ? ` (${clean(s.note)})` : ''}`);
  lines.push(`  pages fetched ${s.pagesFetched}, links checked ${s.linksChecked}, ${s.durationSeconds.toFixed(1)} s`);
  lines.push(`  failures: ${fails || 'none'}`);
  const guards = Object.entries(s.guards ?? {}).map(([k, v]) => `${k} ${v}`).join(', ');
  if (guards) lines.push(`  crawler guards (URLs held back): ${guards}`);
  if (s.brokenLinks.length) {
    lines.push(`  broken links (${s.brokenLinks.length}${s.brokenLinks.length >= 50 ? '+' : ''}):`);
    for (const b of s.brokenLinks.slice(0, 30)) {
      lines.push(`    ${b.status || '-'} ${b.failureClass}${b.confirmed ? '' : ' (unconfirmed)'} ${clean(b.url)}`);
      if (b.page) lines.push(`        linked from ${clean(b.page)}「${clean(b.linkText)}」`);
    }
    if (s.brokenLinks.length > 30) lines.push(`    … ${s.brokenLinks.length - 30} more in the report`);
  }
  for (const h of s.hints ?? []) lines.push(`  hint: ${clean(h)}`);
  if (s.reportPath) lines.push(`  report: ${s.reportPath}`);
  return lines.join('\n');
}

class Progress {
  private bar: cliProgress.SingleBar | undefined;
  private lastLine = 0;
  private readonly tty: boolean;
  private readonly quiet: boolean;

  constructor(quiet: boolean) {
    this.tty = !!process.stderr.isTTY;
    this.quiet = quiet;
  }

  update(p: AuditProgress, concurrent: boolean): void {
    if (this.quiet) return;
    const total = p.pagesDone + p.pagesQueued;
    if (this.tty && !concurrent) {
      if (!this.bar) {
        this.bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: '{site} |{bar}| {value}/{total} pages | links {links} | failures {failures} | {phase}', hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(Math.max(total, 1), p.pagesDone, { site: p.siteId, links: p.linksChecked, failures: p.failures, phase: p.phase });
      }
      this.bar.setTotal(Math.max(total, 1));
      this.bar.update(p.pagesDone, { site: p.siteId, links: p.linksChecked, failures: p.failures, phase: p.phase });
      if (p.phase === 'done') this.stop();
      return;
    }
    const now = Date.now();
    if (now - this.lastLine < 5000 && p.phase === 'crawl') return;
    this.lastLine = now;
    process.stderr.write(`[${p.siteId}] ${p.phase}: ${p.pagesDone} pages done, ${p.pagesQueued} queued, ${p.linksChecked} links checked, ${p.failures} failures\n`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

export function register(program: Command): void {
  program
    .command('audit')
    .description('crawl sites end to end: pages, attachments and links, security, checks and the site report')
    .argument('[targets...]', 'site ids from the registry, or URLs (a URL not in the registry is audited ad hoc)')
    .option('--all', 'audit every site in the registry')
    .option('--config <path>', 'site registry', DEFAULT_SITES_PATH)
    .option('--db <target>', 'store: path, sqlite:PATH or postgres:// URL (default DATABASE_URL or ./data/govmon.db)')
    .option('--out <dir>', 'report folder (one sub-folder per site)', './reports-out')
    .option('--max-pages <n>', 'pages to fetch at most per site')
    .option('--max-depth <n>', 'link hops from the home page')
    .option('--max-seconds <n>', 'time budget per site')
    .option('--ignore-robots', 'do not honour robots.txt (it is still fetched and stored)')
    .option('--render <mode>', 'JavaScript rendering: auto, always or never')
    .option('--lighthouse', 'also run Lighthouse on the home page')
    .option('--concurrency <n>', 'sites audited at once (politeness limits apply per host)', '4')
    .option('--json', 'print the summary as JSON')
    .option('--queue', 'hand the audit to the workers (REDIS_URL) ahead of scheduled work instead of running it here')
    .option('--wait', 'with --queue: wait for each result and print its summary')
    .option('--priority <n>', 'with --queue: BullMQ priority, 1 = first (scheduled work runs at 10)')
    .action(async (targets: string[], opts: AuditCliOptions) => {
      const overrides: CrawlLimits = {};
      const mp = int(opts.maxPages, '--max-pages', 1);
      const md = int(opts.maxDepth, '--max-depth', 0);
      const ms = int(opts.maxSeconds, '--max-seconds', 1);
      const concurrency = int(opts.concurrency, '--concurrency', 1)!;
      if (mp !== undefined) overrides.maxPages = mp;
      if (md !== undefined) overrides.maxDepth = md;
      if (ms !== undefined) overrides.maxSeconds = ms;
      if (opts.ignoreRobots) overrides.respectRobots = false;
      if (opts.render !== undefined) {
        if (!['auto', 'always', 'never'].includes(opts.render)) throw new UserError(`--render must be auto, always or never (got "${opts.render}")`);
        overrides.render = opts.render as 'auto' | 'always' | 'never';
      }
      CrawlLimitsSchema.parse(overrides);
      if (!opts.all && targets.length === 0) throw new UserError('name what to audit: site ids, URLs, or --all');

      // The registry is validated before any request; bare URLs work without one.
      const needRegistry = opts.all || targets.some((t) => !/^https?:\/\//i.test(t));
      let registry: Registry;
      if (needRegistry || (opts.config && existsSync(opts.config))) registry = loadRegistry(opts.config);
      else registry = RegistrySchema.parse({ sites: [adHocSite(targets[0])] });

      const sites: Site[] = [];
      if (opts.all) sites.push(...registry.sites);
      for (const t of targets) {
        const byId = registry.sites.find((s) => s.id === t);
        if (byId) sites.push(byId);
        else if (/^https?:\/\//i.test(t)) sites.push(registry.sites.find((s) => s.url === t) ?? adHocSite(t));
        else throw new UserError(`no site "${t}" in ${opts.config}; fix: use one of the ids listed there, or --all`);
      }
      const unique = [...new Map(sites.map((s) => [s.id, { ...s, limits: { ...s.limits, ...overrides } }])).values()];

      const q = opts as AuditCliOptions & { queue?: boolean; wait?: boolean; priority?: string };
      if (q.queue) {
        const { runQueuedAudits } = await import('../../scheduler/enqueue-cli.ts');
        await runQueuedAudits(unique, { wait: q.wait, priority: q.priority, json: opts.json, lighthouse: opts.lighthouse, db: opts.db });
        return;
      }
      const store = await Store.open(opts.db);
      const controller = new AbortController();
      let interrupted = false;
      const onSignal = (sig: string) => {
        if (interrupted) process.exit(130);
        interrupted = true;
        process.stderr.write(`\ngovmon: ${sig}: stopping, saving what was gathered (press again to quit at once)\n`);
        controller.abort(new Error(`stopped by ${sig}`));
      };
      const sigint = () => onSignal('SIGINT');
      const sigterm = () => onSignal('SIGTERM');
      process.on('SIGINT', sigint);
      process.on('SIGTERM', sigterm);
      const progress = new Progress(false);
      const summaries: SiteSummary[] = [];
      const linkCache = new LinkCache();
      const batchId = unique.length > 1 ? `audit-${new Date().toISOString()}` : undefined;
      try {
        await store.upsertSites(registry.sites);
        let next = 0;
        const worker = async () => {
          while (next < unique.length && !controller.signal.aborted) {
            const site = unique[next++];
            const r = await auditSite({
              store,
              registry,
              site,
              signal: controller.signal,
              linkCache,
              outDir: opts.out,
              lighthouse: !!opts.lighthouse,
              ...(batchId ? { batchId } : {}),
              onProgress: (p) => progress.update(p, concurrency > 1 && unique.length > 1),
            });
            if (concurrency === 1 || unique.length === 1) progress.stop();
            const s: SiteSummary = {
              siteId: site.id,
              url: site.url,
              runId: r.runId,
              status: r.status,
              ...(r.note ? { note: r.note } : {}),
              pagesFetched: r.stats.pagesFetched,
              linksChecked: r.stats.linksChecked,
              failuresByClass: r.stats.failuresByClass as Record<string, number>,
              brokenLinks: await brokenLinksOf(store, r.runId),
              hints: await hintsFor(store, r.runId),
              guards: await guardsOf(store, r.runId),
              durationSeconds: r.stats.durationMs / 1000,
              ...(r.reportPath ? { reportPath: r.reportPath } : {}),
            };
            summaries.push(s);
            if (!opts.json) process.stdout.write(summaryText(s) + '\n\n');
          }
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, unique.length) }, worker));
      } finally {
        progress.stop();
        process.off('SIGINT', sigint);
        process.off('SIGTERM', sigterm);
        await closeAgents();
        await store.close();
      }
      if (opts.json) process.stdout.write(JSON.stringify(summaries, null, 2) + '\n');
      else if (summaries.length > 1) {
        const by = (st: string) => summaries.filter((s) => s.status === st).length;
        process.stdout.write(`${summaries.length} sites: ${by('complete')} complete, ${by('incomplete')} incomplete, ${by('failed')} failed\n`);
      }
      if (interrupted) process.exitCode = 130;
      else if (summaries.some((s) => s.status === 'failed')) process.exitCode = 1;
    });
}
