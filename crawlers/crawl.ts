/**
 * The static crawl of one site (gatherer kind `crawl`): robots.txt, the home page, seeds and
 * sitemaps, then breadth-first over internal pages with per-host politeness, while every
 * attachment, image, script, stylesheet and (optionally) external URL is link-checked.
 *
 * govmon's own lean engine on undici + htmlparser2 (see docs/crawler.md for why not crawlee's
 * CheerioCrawler): one parse per page, observations streamed through ctx.emit as they happen.
 * Nothing here can keep a crawl running forever: pages, depth, link checks and time are all
 * budgeted, traps are refused, and every stop is recorded as a crawl_event.
 */
import { gunzipSync } from 'node:zlib';
import type { GatherContext, Gatherer } from './gatherer.ts';
import type { CrawlEventObservation, FailureClass, Link, LinkCheckObservation, PageObservation, ResourceObservation } from '../model/observation.ts';
import { fetchUrl, CookieJar, type FetchOptions, type FetchResult } from './fetch.ts';
import { decodeBody } from './decode.ts';
import { extractPage, looksLikeJsShell, isInternalUrl as isInternalTo, type ExtractedPage } from './extract/page.ts';
import { extractDates, extractListItems } from './extract/dates.ts';
import { fetchRobots, type RobotsRules } from './robots.ts';
import { TrapGuard, normaliseUrl, looksLikePage, isHtmlContentType, pagePriority, PRIORITY, type TrapKind } from './frontier.ts';
import { checkLink, LinkCache, SUSPECTED, softNotFound } from './links.ts';
// The keyword tables of the freshness checks: which pages V-03c judges as columns (pure data, no I/O).
import { classifyColumn, isExemptColumn } from '../checks/keywords.ts';

export interface CrawlProgress {
  pagesDone: number;
  pagesQueued: number;
  linksChecked: number;
  linksQueued: number;
  failures: number;
  currentUrl?: string;
}

export interface CrawlStats {
  pagesFetched: number;
  pagesFailed: number;
  linksChecked: number;
  linksFailed: number;
  rechecked: number;
  failuresByClass: Partial<Record<FailureClass, number>>;
  rendered: number;
  /** Why the crawl stopped early, when it did. */
  stoppedBy?: 'time' | 'signal';
  /** Human-readable reason for an early stop, for the run's note. */
  note?: string;
  durationMs: number;
}

/** Renders URLs in Chromium; provided by crawlers/render.ts, injectable for tests. */
export type RenderFn = (
  ctx: GatherContext,
  targets: Array<{ url: string; depth: number; referrer?: string; referrerText?: string }>,
) => Promise<{ pages: PageObservation[]; extracted: Map<string, ExtractedPage>; error?: string; cookies?: Array<{ name: string; value: string; domain: string }> }>;

export interface CrawlOptions {
  linkCache?: LinkCache;
  onProgress?: (p: CrawlProgress) => void;
  /** Chromium rendering; by default crawlers/render.ts is loaded when needed. */
  render?: RenderFn;
}

type TaskType = 'page' | 'link' | 'recheck';

interface Task {
  type: TaskType;
  url: string;
  depth: number;
  referrer?: string;
  referrerText?: string;
  attempt: number;
  external: boolean;
  /** Fetched as a page because we were told it is one (home, seed, frame, .html): a non-HTML answer is `not_html`. */
  expectPage: boolean;
  /** The host slot reserved by pick(); released by the worker. */
  slot?: HostGate;
  /** host[:port], computed once: pick() looks at it for every queued task it passes. */
  host?: string;
  /** Queue order of a page: depth × 4 + pagePriority (see PRIORITY in frontier.ts). */
  prio?: number;
}

/** What the linking page says about a link: list rows are articles, block 「更多」 targets columns. */
interface FromPage {
  url: string;
  depth: number;
  listRows?: ReadonlySet<string>;
  blockMores?: ReadonlySet<string>;
}

interface HostGate {
  active: number;
  nextAt: number;
  /** Consecutive timeouts / 5xx / resets from this host. */
  strain: number;
  /** Set once the host looked overloaded: one request at a time, a second apart. */
  throttled: boolean;
}

/** Failures that suggest the server is struggling (as opposed to a missing page). */
const STRAIN: ReadonlySet<string> = new Set(['timeout', 'http_5xx', 'reset']);
const STRAIN_LIMIT = 3;
const THROTTLED_DELAY_MS = 1000;

const PAGE_TAGS = new Set(['a', 'area', 'frame', 'iframe']);
const RESOURCE_LINK_REL = /stylesheet|icon|manifest|preload/i;
const MAX_SITEMAP_FILES = 10;
const MAX_RECHECKS = 500;
const MAX_RENDERED_PAGES = 20;
/** Of those, column pages whose static list is empty (V-03c needs to know whether a script fills it). */
const MAX_EMPTY_COLUMN_RENDERS = 10;
const EMPTY_MARKER_RE = /暂无(?:信息|数据|内容|记录|相关)|共\s*0\s*条|没有(?:找到)?(?:相关)?(?:信息|数据|记录)|本(?:机关|单位|部门)[^。]{0,30}(?:无|未)/;
const COLUMN_META = /^(?:columnname|column|lanmu|catalogname|channelname)$/i;

/**
 * A column page (栏目) whose static HTML lists nothing but loads scripts: on real portals the list
 * is often built in the browser (AJAX, JSON APIs, JCMS/JPaaS loaders), so freshness.empty-columns
 * (V-03c) cannot tell a blank column from a script-built one without a rendered copy. Mirrors what
 * that check counts as thin: no list items, no data table, fewer than three links of its own, no
 * article date, no 暂无信息 text (that one is decided without a browser).
 */
export function looksLikeEmptyColumn(obs: PageObservation, page: ExtractedPage, homeLinks: ReadonlySet<string>): boolean {
  if ((obs.items?.length ?? 0) > 0 || page.tables.length > 0) return false;
  // the check's "may be built by scripts" doubt rests on external scripts (an AJAX list loader)
  if (page.scriptSrcs.length === 0) return false;
  if ((obs.dates ?? []).some((d) => d.source === 'meta' || d.source === 'label')) return false;
  if (EMPTY_MARKER_RE.test(page.text)) return false;
  if (page.forms.some((f) => f.fields.filter((x) => x.type !== 'hidden').length >= 3)) return false; // a letter or search form
  let ownText = page.text.length - (page.footerText?.length ?? 0);
  for (const l of page.links) if (l.tag === 'a') ownText -= l.text.length;
  if (ownText > 200) return false; // prose of its own (联系我们, 网站地图 notes): not a list page
  const self = obs.finalUrl || obs.url;
  let own = 0;
  for (const l of page.links) if (l.tag === 'a' && l.internal && !l.inFooter && l.url !== self && !homeLinks.has(l.url)) own++;
  if (own >= 3) return false;
  if (pagePriority(obs.url, obs.referrerText ?? '') === PRIORITY.pager) return false;
  // only columns V-03c judges: named like a news, notice or required column (checks/keywords.ts)
  const metaName = Object.entries(page.meta).find(([k]) => COLUMN_META.test(k))?.[1];
  const names = [metaName, obs.referrerText, (obs.title ?? '').split(/\s*[_|｜—–-]{1,2}\s*/)[0]];
  return names.some((n) => {
    const k = n && n.trim().length <= 20 ? classifyColumn(n.trim()) : undefined;
    return !!k && k.cls !== 'interaction' && k.cls !== 'interaction_excluded' && !isExemptColumn(n);
  });
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((res) => {
    if (ms <= 0 || signal?.aborted) return res();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      res();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

function isCertFailure(f: { class: string; code?: string; message: string }): boolean {
  return f.class === 'tls' && /CERT|SELF_SIGNED|UNABLE_TO|ALTNAME|DEPTH_ZERO|HOSTNAME/i.test(`${f.code ?? ''} ${f.message}`);
}

function now(): string {
  return new Date().toISOString();
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/**
 * A copy of a string that shares no memory with the page it was cut from. V8 keeps substrings
 * of 13+ characters as slices of their parent, so a link text kept in a queued task would keep
 * the whole HTML of the page that linked to it alive until the end of the crawl.
 */
function detached(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}

function hostnameOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/** The folder of a site URL: /fgw/ for http://x/fgw/ and http://x/fgw/index.html, / for the root. */
function folderOf(url: string): string {
  try {
    const p = new URL(url).pathname;
    return p.slice(0, p.lastIndexOf('/') + 1) || '/';
  } catch {
    return '/';
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

class Crawl {
  readonly ctx: GatherContext;
  readonly opts: CrawlOptions;
  readonly limits: GatherContext['limits'];
  /** The site's home URL; moves when the registered home page redirects to another domain. */
  siteUrl: string;
  readonly start = Date.now();
  /** Stop taking new work at this time, leaving a reserve for re-checks and the final flush. */
  softDeadline: number;
  protocolWarned = false;
  readonly fetchOpts: FetchOptions;
  readonly traps: TrapGuard;
  readonly seen = new Set<string>();
  readonly pageQueue: Task[] = [];
  readonly linkQueue: Task[] = [];
  pageHead = 0;
  linkHead = 0;
  readonly gates = new Map<string, HostGate>();
  readonly robots = new Map<string, Promise<RobotsRules>>();
  readonly rechecks: Task[] = [];
  /** Re-checks run in the reserve at the end, from their own queue: the reserve is not for more pages. */
  readonly recheckQueue: Task[] = [];
  recheckHead = 0;
  phase: 'crawl' | 'recheck' = 'crawl';
  /** Inner pages that need Chromium (render: always for depth ≤ 1, or a script-only body). */
  readonly renderQueue: Array<{ url: string; depth: number; referrer?: string; referrerText?: string; why?: 'empty_column' }> = [];
  emptyColumnRenders = 0;
  /** Links of the home page: a column page's links beyond these are its own content. */
  homeLinks: ReadonlySet<string> = new Set();
  active = 0;
  private waiters: Array<() => void> = [];
  /**
   * Bumped by notify(), i.e. on every change that can make a queued task pickable (a task
   * queued, a host slot freed). A pick() that found nothing stays valid until the next bump, so
   * the idle workers one notify() wakes do not all rescan the same busy queue: on a single-host
   * site that rescan was ~9 % of the crawl's CPU.
   */
  private epoch = 0;
  private nothingAt = -1;
  private pollTimer: NodeJS.Timeout | undefined;
  readonly stats: CrawlStats = { pagesFetched: 0, pagesFailed: 0, linksChecked: 0, linksFailed: 0, rechecked: 0, failuresByClass: {}, rendered: 0, durationMs: 0 };
  pagesScheduled = 0;
  linksScheduled = 0;
  readonly maxLinkChecks: number;
  readonly counters = { depth: 0, pages: 0, links: 0, sessions: 0, robots: 0, unfetched: 0, pager: 0 };
  /** Folders whose script-pager pages beyond maxPagerPages were skipped (for the event). */
  readonly pagerFolders = new Set<string>();
  pagerSample = '';
  sessionSample = '';
  robotsSample = '';
  depthSample = '';
  pagesSample = '';
  readonly globalConcurrency: number;

  constructor(ctx: GatherContext, opts: CrawlOptions) {
    this.ctx = ctx;
    this.opts = opts;
    this.limits = ctx.limits;
    this.siteUrl = normaliseUrl(ctx.site.url)?.url ?? ctx.site.url;
    const budgetMs = this.limits.maxSeconds * 1000;
    const reserve = Math.min(30_000, Math.max(1_000, budgetMs * 0.1));
    this.softDeadline = this.start + budgetMs - reserve;
    this.fetchOpts = {
      timeoutMs: this.limits.timeoutSeconds * 1000,
      maxBodyBytes: this.limits.maxBodyBytes,
      userAgent: ctx.userAgent,
      resolve: ctx.registry.resolve,
      signal: ctx.signal,
      cookieJar: new CookieJar(),
    };
    this.traps = new TrapGuard({ maxQueryVariants: this.limits.maxQueryVariants });
    const own = hostnameOf(this.siteUrl);
    this.otherSites = new Set(ctx.registry.sites.filter((s) => s.id !== ctx.site.id).map((s) => hostnameOf(s.url)).filter((h) => h && h !== own));
    this.ownPrefix = folderOf(this.siteUrl);
    this.neighbourPrefixes = ctx.registry.sites
      .filter((s) => s.id !== ctx.site.id && hostnameOf(s.url) === own)
      .map((s) => folderOf(s.url))
      .filter((p) => p !== this.ownPrefix);
    this.maxLinkChecks = Math.max(200, this.limits.maxPages * 10);
    this.globalConcurrency = Math.max(2, Math.min(32, this.limits.perHostConcurrency + 4));
  }

  /** Hosts of the registry's other sites: never crawled as this site's pages, only link-checked. */
  readonly otherSites: ReadonlySet<string>;

  isInternal(url: string): boolean {
    return isInternalTo(url, this.siteUrl, this.otherSites);
  }

  /**
   * Sites of one host told apart by path (a county portal at / and its departments at
   * /fgw/, /jyj/ …, all registered): each crawls its own folder and link-checks the rest.
   * Only applies when the registry has such neighbours; a lone site crawls its whole host.
   */
  readonly ownPrefix: string;
  readonly neighbourPrefixes: string[];

  inPathScope(url: string): boolean {
    if (this.neighbourPrefixes.length === 0) return true;
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    if (u.hostname.toLowerCase() !== hostnameOf(this.siteUrl)) return true;
    const path = u.pathname;
    if (!path.startsWith(this.ownPrefix)) return false;
    return !this.neighbourPrefixes.some((p) => p.length > this.ownPrefix.length && path.startsWith(p));
  }

  emit(o: PageObservation | LinkCheckObservation | ResourceObservation | CrawlEventObservation): void {
    this.ctx.emit(o);
  }

  event(event: CrawlEventObservation['event'], url: string, detail: string, count?: number): void {
    this.emit({ kind: 'crawl_event', at: now(), url, event, detail, ...(count !== undefined ? { count } : {}) });
  }

  countFailure(c: FailureClass): void {
    this.stats.failuresByClass[c] = (this.stats.failuresByClass[c] ?? 0) + 1;
  }

  progress(currentUrl?: string): void {
    this.opts.onProgress?.({
      pagesDone: this.stats.pagesFetched,
      pagesQueued: this.pageQueue.length - this.pageHead,
      linksChecked: this.stats.linksChecked,
      linksQueued: this.linkQueue.length - this.linkHead,
      failures: this.stats.pagesFailed + this.stats.linksFailed,
      ...(currentUrl ? { currentUrl } : {}),
    });
  }

  get stopping(): boolean {
    return this.ctx.signal.aborted || Date.now() >= this.softDeadline;
  }

  /**
   * notify() for a task just queued, unless its host has no free slot: then nobody could take
   * it, and the worker that frees the slot notifies anyway. Waking the idle workers for every
   * link of a single-host site only made them rescan a queue they cannot take from.
   */
  queued(host: string): void {
    const g = this.gates.get(host);
    if (g && g.active >= this.limitFor(g)) return;
    this.notify();
  }

  notify(): void {
    this.epoch++;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /**
   * Parks an idle worker until something changes. Host slots also free up on timers (delay,
   * Retry-After), so one shared poll timer wakes everybody now and then; one, not one per
   * worker, or the wake-ups would multiply.
   */
  waitForWork(): Promise<void> {
    return new Promise<void>((res) => {
      this.waiters.push(res);
      if (!this.pollTimer) {
        this.pollTimer = setTimeout(() => {
          this.pollTimer = undefined;
          this.notify();
        }, 100);
      }
    });
  }

  // ---- robots ------------------------------------------------------------------------

  robotsFor(url: string): Promise<RobotsRules> {
    const origin = originOf(url);
    let p = this.robots.get(origin);
    if (!p) {
      p = fetchRobots(origin, this.ctx.userAgent, { ...this.fetchOpts }).then((r) => {
        if (!this.ctx.signal.aborted) {
          this.emit(r.observation);
          if (r.note) this.event('error', r.observation.url, r.note);
        }
        return r;
      });
      this.robots.set(origin, p);
    }
    return p;
  }

  async allowed(url: string): Promise<boolean> {
    if (!this.limits.respectRobots) return true;
    const r = await this.robotsFor(url);
    return r.isAllowed(url);
  }

  // ---- politeness --------------------------------------------------------------------

  gate(host: string): HostGate {
    let g = this.gates.get(host);
    if (!g) this.gates.set(host, (g = { active: 0, nextAt: 0, strain: 0, throttled: false }));
    return g;
  }

  limitFor(g: HostGate): number {
    return g.throttled ? 1 : this.limits.perHostConcurrency;
  }

  /**
   * Adaptive politeness: a host that keeps timing out or failing with 5xx is probably
   * overloaded (often by us, on a small county server). Slow down to one request a second
   * rather than hammer it, and say so, so its failures are not read as our doing.
   */
  observeHealth(url: string, failure: { class: string } | undefined): void {
    const g = this.gate(hostOf(url));
    if (failure && STRAIN.has(failure.class)) g.strain++;
    else g.strain = 0;
    if (!g.throttled && g.strain >= STRAIN_LIMIT) {
      g.throttled = true;
      this.event('backoff', url, `${g.strain} timeouts or server errors in a row from ${hostOf(url)}: slowing down to one request at a time, ${THROTTLED_DELAY_MS / 1000} s apart`);
    }
  }

  async delayFor(url: string): Promise<number> {
    let d = this.limits.delayMs;
    if (this.gates.get(hostOf(url))?.throttled) d = Math.max(d, THROTTLED_DELAY_MS);
    if (this.limits.respectRobots && this.robots.has(originOf(url))) {
      const r = await this.robots.get(originOf(url))!;
      if (r.crawlDelayMs) d = Math.max(d, r.crawlDelayMs);
    }
    return d;
  }

  /**
   * Waits for a slot on the task's host: at most perHostConcurrency at once, delayMs apart.
   * A task picked by a worker already holds its slot (reserved synchronously in pick(), so
   * two workers can never both see a free slot); it only waits for its turn.
   */
  async acquire(url: string, reserved?: HostGate): Promise<HostGate> {
    const g = reserved ?? this.gate(hostOf(url));
    if (!reserved) g.active++;
    const delay = await this.delayFor(url);
    const t = Date.now();
    const at = Math.max(t, g.nextAt);
    g.nextAt = at + delay;
    if (at > t) await sleep(at - t, this.ctx.signal);
    return g;
  }

  release(g: HostGate, reserved?: HostGate): void {
    if (reserved) return; // the worker releases it
    g.active--;
    this.notify();
  }

  /** Next task whose host has a free slot; pages first, link checks interleaved so neither starves. */
  pick(): Task | undefined {
    // Hosts found busy during this pick: a site's queue is mostly one host, so the scan must be
    // a string lookup per task, not a URL parse.
    const busy = new Set<string>();
    const fromQueue = (q: Task[], headKey: 'pageHead' | 'linkHead' | 'recheckHead'): Task | undefined => {
      const head = this[headKey];
      for (let i = head; i < q.length && i < head + 200; i++) {
        const t = q[i];
        const host = (t.host ??= hostOf(t.url));
        if (busy.has(host)) continue;
        const g = this.gate(host);
        if (g.active >= this.limitFor(g)) busy.add(host);
        else {
          g.active++;
          t.slot = g;
          if (i === head) {
            // Done tasks are dropped once they are half the array, or the queue would keep
            // every task of the crawl alive to its end (amortised O(1) per task).
            if (++this[headKey] >= 1024 && this[headKey] * 2 >= q.length) {
              q.splice(0, this[headKey]);
              this[headKey] = 0;
            }
          } else {
            q.splice(i, 1);
          }
          return t;
        }
      }
      return undefined;
    };
    if (this.nothingAt === this.epoch) return undefined;
    let t: Task | undefined;
    if (this.phase === 'recheck') t = fromQueue(this.recheckQueue, 'recheckHead');
    else {
      const preferLinks = this.stats.linksChecked < this.stats.pagesFetched * 2 && Math.random() < 0.5;
      if (preferLinks) t = fromQueue(this.linkQueue, 'linkHead') ?? fromQueue(this.pageQueue, 'pageHead');
      else t = fromQueue(this.pageQueue, 'pageHead') ?? fromQueue(this.linkQueue, 'linkHead');
    }
    if (!t) this.nothingAt = this.epoch;
    return t;
  }

  // ---- frontier ----------------------------------------------------------------------

  /** Adds a discovered URL as a page fetch or a link check, applying de-duplication, traps and budgets. */
  discover(link: Pick<Link, 'url' | 'tag' | 'text' | 'internal' | 'rel' | 'invalid'>, from: FromPage): void {
    if (link.invalid) {
      const key = `invalid|${link.url}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
      if (!link.internal && !/^https?:/i.test(link.url) && !/^(?:mailto|tel):/i.test(link.url)) return;
      this.emit({
        kind: 'link',
        at: now(),
        url: link.url,
        finalUrl: link.url,
        redirects: [],
        status: 0,
        failure: { class: 'invalid_url', message: `${link.invalid} on ${from.url} (link text「${link.text}」)` },
        method: 'GET',
        external: !link.internal,
        elapsedMs: 0,
      });
      this.stats.linksFailed++;
      this.countFailure('invalid_url');
      return;
    }
    if (!/^https?:/i.test(link.url)) return; // mailto:, tel: — kept on the page, never fetched
    const n = normaliseUrl(link.url);
    if (!n) return;
    if (n.hadSession) {
      if (!this.counters.sessions) this.sessionSample = link.url;
      this.counters.sessions++;
    }
    if (this.seen.has(n.url)) return;
    if (link.rel === 'pager') {
      // Script pagers (TRS createPageHTML) list every page of a column, up to 200 of them: only
      // the first few are followed (freshness reads page 1, V-03c needs one), the rest are skipped
      // outright — they are our reconstruction, not links a visitor sees, so not link-checked either.
      const nth = Number(/(\d+)/.exec(link.text)?.[1] ?? 1);
      if (nth > this.limits.maxPagerPages) {
        this.seen.add(n.url);
        if (!this.counters.pager) this.pagerSample = n.url;
        this.counters.pager++;
        if (this.pagerFolders.size < 1000) this.pagerFolders.add(n.url.slice(0, n.url.lastIndexOf('/') + 1));
        return;
      }
    }
    if (link.tag === 'link' && link.rel !== 'refresh' && !RESOURCE_LINK_REL.test(link.rel ?? '')) return; // canonical, preconnect …
    if (link.tag === 'form') return; // forms are recorded on the page, never submitted
    const trap = this.traps.check(n.url);
    if (trap) return; // counted in traps.stats, reported at the end
    const internal = this.isInternal(n.url);
    const pageLike =
      internal &&
      this.inPathScope(n.url) &&
      (PAGE_TAGS.has(link.tag) || link.rel === 'refresh' || link.rel === 'js-redirect') &&
      looksLikePage(n.url);
    this.seen.add(n.url);
    const depth = from.depth + 1;
    if (pageLike) {
      if (depth > this.limits.maxDepth) {
        if (!this.counters.depth) this.depthSample = n.url;
        this.counters.depth++;
      } else {
        const prio = depth * 4 + pagePriority(n.url, link.text, { rel: link.rel, listRow: from.listRows?.has(link.url), blockMore: from.blockMores?.has(link.url) });
        // A full budget gives way to a more useful page: the least useful queued one is link-checked instead.
        if (this.pagesScheduled >= this.limits.maxPages && !this.evictFor(prio)) {
          if (!this.counters.pages) this.pagesSample = n.url;
          this.counters.pages++;
        } else {
          const expect = link.tag === 'frame' || link.tag === 'iframe' || link.rel === 'refresh' || /\.s?html?$/i.test(new URL(n.url).pathname);
          if (this.pagesScheduled < this.limits.maxPages) this.pagesScheduled++;
          const host = hostOf(n.url);
          this.enqueuePage({ type: 'page', url: n.url, host, depth, referrer: from.url, referrerText: detached(link.text), attempt: 1, external: false, expectPage: expect, prio });
          this.queued(host);
          return;
        }
      }
      // Beyond the page budget the URL is still link-checked: a broken link is a defect wherever it sits.
    }
    if (!internal && !this.limits.checkExternalLinks) return;
    this.queueLinkCheck({ type: 'link', url: n.url, depth, referrer: from.url, referrerText: detached(link.text), attempt: 1, external: !internal, expectPage: false });
  }

  queueLinkCheck(t: Task): void {
    if (this.linksScheduled >= this.maxLinkChecks) {
      this.counters.links++;
      return;
    }
    this.linksScheduled++;
    const host = (t.host ??= hostOf(t.url));
    this.linkQueue.push(t);
    this.queued(host);
  }

  /**
   * Inserts a page task in priority order (FIFO among equals, so each tier stays breadth-first).
   * Binary search over the pending part of the queue; pick() keeps its order when it splices.
   */
  enqueuePage(t: Task): void {
    const q = this.pageQueue;
    const k = t.prio ?? 0;
    let lo = this.pageHead;
    let hi = q.length;
    if (hi === lo || (q[hi - 1].prio ?? 0) <= k) {
      q.push(t);
      return;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((q[mid].prio ?? 0) <= k) lo = mid + 1;
      else hi = mid;
    }
    q.splice(lo, 0, t);
  }

  /**
   * With the page budget spent, a page of priority `prio` may take the place of the least useful
   * page still queued (an article or pager page behind a column page): that one is link-checked
   * instead, as every page beyond the budget is, and counted in the budget_pages event.
   */
  evictFor(prio: number): boolean {
    const q = this.pageQueue;
    if (q.length <= this.pageHead) return false;
    const last = q[q.length - 1];
    if ((last.prio ?? 0) <= prio || last.attempt > 1 || last.referrer === '(registry)') return false;
    q.pop();
    if (!this.counters.pages) this.pagesSample = last.url;
    this.counters.pages++;
    this.queueLinkCheck({ ...last, type: 'link', slot: undefined, prio: undefined, expectPage: false });
    return true;
  }

  // ---- tasks -------------------------------------------------------------------------

  async runTask(t: Task): Promise<void> {
    if (t.type === 'page') await this.fetchPage(t);
    else await this.checkOne(t);
  }

  async checkOne(t: Task): Promise<void> {
    if (!t.external && !(await this.allowed(t.url))) {
      this.robotsSkip(t);
      return;
    }
    const g = await this.acquire(t.url, t.slot);
    let obs: LinkCheckObservation | undefined;
    try {
      if (this.ctx.signal.aborted) return;
      const run = () => checkLink(t.url, { external: t.external, fetch: this.fetchOpts, attempt: t.attempt });
      if (t.external && this.opts.linkCache) obs = await this.opts.linkCache.get(t.url, t.attempt, run);
      else {
        const r = await run();
        obs = r.aborted ? undefined : r.obs;
      }
    } finally {
      this.release(g, t.slot);
    }
    if (!obs || this.ctx.signal.aborted) return;
    if (!obs.cached && !t.external) this.observeHealth(t.url, obs.failure);
    this.emit(obs);
    if (t.type === 'recheck') this.stats.rechecked++;
    else this.stats.linksChecked++;
    if (obs.failure) {
      if (t.type !== 'recheck') {
        this.stats.linksFailed++;
        this.countFailure(obs.failure.class);
        // 429 on a link check: asked to come back later, which the re-check does.
        if (SUSPECTED.has(obs.failure.class) || obs.status === 429) this.rechecks.push({ ...t, slot: undefined, type: 'recheck', attempt: 2 });
      }
    }
    this.progress(t.url);
  }

  robotsSkip(t: Task): void {
    if (!this.counters.robots) this.robotsSample = t.url;
    this.counters.robots++;
    const failure = { class: 'robots_disallowed' as const, message: 'robots.txt disallows this URL for our User-Agent; not requested (override with --ignore-robots)' };
    if (t.type === 'page') {
      this.emit({
        kind: 'page',
        at: now(),
        url: t.url,
        finalUrl: t.url,
        redirects: [],
        status: 0,
        failure,
        timings: { startedAt: now(), totalMs: 0 },
        headers: {},
        setCookies: [],
        bytes: 0,
        depth: t.depth,
        ...(t.referrer ? { referrer: t.referrer, referrerText: t.referrerText ?? '' } : {}),
      });
    } else {
      this.emit({ kind: 'link', at: now(), url: t.url, finalUrl: t.url, redirects: [], status: 0, failure, method: 'HEAD', external: t.external, elapsedMs: 0 });
    }
    this.countFailure('robots_disallowed');
  }

  /** Fetches a page; returns the observation and extraction (also emitted unless `hold`). */
  async fetchPage(t: Task, hold = false): Promise<{ obs: PageObservation; page?: ExtractedPage } | undefined> {
    if (!(await this.allowed(t.url))) {
      this.robotsSkip(t);
      return undefined;
    }
    const g = await this.acquire(t.url, t.slot);
    let res: FetchResult;
    try {
      if (this.ctx.signal.aborted) return undefined;
      res = await fetchUrl(t.url, this.fetchOpts);
    } finally {
      this.release(g, t.slot);
    }
    if (res.aborted) return undefined;
    this.observeHealth(t.url, res.failure);
    if (res.protocolWarning && !this.protocolWarned) {
      this.protocolWarned = true;
      this.event('error', t.url, `the server breaks HTTP/1.1 (${res.protocolWarning}); its responses are read leniently, as browsers do`);
    }

    // 429 and 503 mean "not now": back off as told (Retry-After) and try again, at most twice.
    if ((res.status === 429 || res.status === 503) && t.attempt < 3) {
      const wait = Math.min(res.retryAfterMs ?? 2000 * t.attempt, 60_000, Math.max(0, this.softDeadline - Date.now()));
      if (wait > 0 || res.retryAfterMs === 0) {
        g.nextAt = Math.max(g.nextAt, Date.now() + wait);
        this.event('backoff', t.url, `HTTP ${res.status}; waiting ${Math.round(wait / 1000)} s before retry ${t.attempt} of 2${res.retryAfterMs !== undefined ? ' (Retry-After honoured)' : ''}`);
        const { slot: _slot, ...retry } = t;
        this.pageQueue.splice(this.pageHead, 0, { ...retry, attempt: t.attempt + 1 });
        this.notify();
        return undefined;
      }
    }

    const obs: PageObservation = {
      kind: 'page',
      at: res.timings.startedAt,
      url: t.url,
      finalUrl: res.finalUrl,
      redirects: res.redirects,
      status: res.status,
      timings: res.timings,
      headers: res.headers,
      setCookies: res.setCookies,
      bytes: res.bytes,
      depth: t.depth,
    };
    if (res.failure) obs.failure = res.failure;
    if (res.contentType) obs.contentType = res.contentType;
    if (res.truncated) obs.truncated = true;
    if (t.referrer) {
      obs.referrer = t.referrer;
      obs.referrerText = t.referrerText ?? '';
    }
    const finalNorm = normaliseUrl(res.finalUrl)?.url;
    if (finalNorm) this.seen.add(finalNorm);

    let page: ExtractedPage | undefined;
    const parseable = (!res.failure || res.failure.class === 'too_large') && res.body.length > 0;
    let offsite = !this.isInternal(res.finalUrl);
    if (offsite && t.depth === 0 && t.url === this.siteUrl && !res.failure) {
      // The registered home page now lives on another domain (a reorganised or merged portal):
      // crawl that domain as the site rather than stopping at one page.
      const moved = normaliseUrl(res.finalUrl)?.url;
      if (moved) {
        this.event('home_moved', t.url, `the registered home page redirects to ${moved}, another domain; crawling that site instead (update the registry)`);
        this.siteUrl = moved;
        this.seen.add(moved);
        offsite = false;
      }
    }
    if (parseable) {
      const html = isHtmlContentType(res.contentType) && (res.contentType || /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype|html|head|body|meta|title|script|div|table|frameset)/i.test(res.body.subarray(0, 1024).toString('latin1')));
      // A JCMS list group from dataproxy.jsp (see jcmsProxyPager): XML records, read like the datastore of a column page.
      const datastore = /dataproxy\.jsp/i.test(t.url) && /<datastore[\s>]/i.test(res.body.subarray(0, 4096).toString('latin1'));
      if (!html && !datastore) {
        if (t.expectPage) {
          obs.failure = { class: 'not_html', message: `expected an HTML page, got ${res.contentType ?? 'no content type'}` };
        } else {
          // A link that merely had no file extension (download.do?id=…) and served a file: that is a link, not a broken page.
          this.emitLinkFromPage(t, res);
          return undefined;
        }
      } else {
        const dec = decodeBody(res.body, res.contentType);
        obs.charset = dec.charset;
        obs.charsetSource = dec.charsetSource;
        try {
          const text = datastore ? `<html><body><script type="text/xml">${dec.text.replace(/^\s*<\?xml[^>]*>/i, '')}</script></body></html>` : dec.text;
          page = extractPage(text, res.finalUrl, { siteUrl: this.siteUrl, otherSites: this.otherSites });
          this.fillPage(obs, page, res.finalUrl);
          const soft = t.depth > 0 && !obs.failure ? softNotFound(page, res.finalUrl, res.redirects.length > 0) : undefined;
          if (soft) obs.failure = { class: 'http_4xx', message: soft };
        } catch (e) {
          this.event('error', t.url, `page could not be parsed: ${(e as Error).message}`);
        }
      }
    }
    this.stats.pagesFetched++;
    if (obs.failure) {
      this.stats.pagesFailed++;
      this.countFailure(obs.failure.class);
      if (SUSPECTED.has(obs.failure.class)) this.rechecks.push({ ...t, slot: undefined, type: 'recheck', attempt: 2 });
    }
    if (!hold) this.emit(obs);
    if (page && !offsite && !hold) {
      this.follow(obs, page);
      if (!obs.failure) this.considerRender(obs, page);
    }
    this.progress(t.url);
    return { obs, ...(page ? { page } : {}) };
  }

  emitLinkFromPage(t: Task, res: FetchResult): void {
    const obs: LinkCheckObservation = {
      kind: 'link',
      at: res.timings.startedAt,
      url: t.url,
      finalUrl: res.finalUrl,
      redirects: res.redirects,
      status: res.status,
      method: 'GET',
      external: false,
      elapsedMs: res.timings.totalMs,
    };
    if (res.contentType) obs.contentType = res.contentType;
    const len = Number(res.headers['content-length']);
    if (Number.isFinite(len) && res.headers['content-length'] !== undefined) obs.contentLength = len;
    this.emit(obs);
    this.stats.linksChecked++;
  }

  fillPage(obs: PageObservation, page: ExtractedPage, finalUrl: string): void {
    if (page.title !== undefined) obs.title = page.title;
    obs.text = page.text;
    if (page.footerText) obs.footerText = page.footerText;
    obs.meta = page.meta;
    obs.links = page.links;
    obs.forms = page.forms;
    obs.tables = page.tables;
    obs.navLinkCount = page.navLinkCount;
    obs.scriptSrcs = page.scriptSrcs;
    try {
      obs.dates = extractDates(page.doc, page.meta, finalUrl);
      obs.items = extractListItems(page.doc, finalUrl, { refDate: new Date(obs.at) });
    } catch (e) {
      this.ctx.log.warn({ url: finalUrl, err: (e as Error).message }, 'date extraction failed');
    }
  }

  follow(obs: PageObservation, page: ExtractedPage): void {
    const listRows = new Set<string>();
    const blockMores = new Set<string>();
    for (const it of obs.items ?? []) {
      listRows.add(it.url);
      if (it.blockUrl) blockMores.add(it.blockUrl);
    }
    const from: FromPage = { url: obs.finalUrl || obs.url, depth: obs.depth, listRows, blockMores };
    for (const l of page.links) this.discover(l, from);
  }

  // ---- sitemaps ----------------------------------------------------------------------

  async seedFromSitemaps(robots: RobotsRules | undefined): Promise<void> {
    const origin = originOf(this.siteUrl);
    const declared = (robots?.sitemaps ?? []).map((u) => {
      try {
        return new URL(u, origin).href;
      } catch {
        return '';
      }
    });
    const queue = [...new Set([...declared.filter(Boolean), new URL('/sitemap.xml', origin).href])];
    const done = new Set<string>();
    let seeded = 0;
    const seededFrom: string[] = [];
    while (queue.length && done.size < MAX_SITEMAP_FILES && !this.stopping) {
      const url = queue.shift()!;
      if (done.has(url)) continue;
      done.add(url);
      if (!this.isInternal(url)) continue;
      if (!(await this.allowed(url))) continue;
      const g = await this.acquire(url);
      let res: FetchResult;
      try {
        res = await fetchUrl(url, { ...this.fetchOpts, maxBodyBytes: Math.min(this.limits.maxBodyBytes, 20 * 1024 * 1024) });
      } finally {
        this.release(g);
      }
      if (res.aborted) return;
      let body = res.body;
      if (body.length > 2 && body[0] === 0x1f && body[1] === 0x8b) {
        try {
          body = gunzipSync(body, { maxOutputLength: 50 * 1024 * 1024 });
        } catch {
          /* a broken gzip stays as is; the observation shows the status */
        }
      }
      // A sitemap cut at the byte budget still lists the URLs it got to.
      const text = res.failure && res.failure.class !== 'too_large' ? '' : decodeBody(body, res.contentType).text;
      const obs: ResourceObservation = { kind: 'resource', role: 'sitemap', at: res.timings.startedAt, url, status: res.status };
      if (res.failure) obs.failure = res.failure;
      if (res.contentType) obs.contentType = res.contentType;
      if (text) obs.body = text.slice(0, 64 * 1024);
      // A missing /sitemap.xml that nobody declared is normal: store it only when it exists or robots named it.
      if (!res.failure || declared.includes(url)) this.emit(obs);
      if (!text || !/<(?:urlset|sitemapindex)\b/i.test(text)) continue;
      const isIndex = /<sitemapindex\b/i.test(text);
      let n = 0;
      for (const m of text.matchAll(/<loc>\s*(?:<!\[CDATA\[)?\s*([^<\]\s]+)\s*(?:\]\]>)?\s*<\/loc>/gi)) {
        const loc = m[1].replace(/&amp;/g, '&');
        if (isIndex) queue.push(loc);
        // A sitemap lists pages, it does not link them: past the page budget they are not link-checked either.
        else if (this.pagesScheduled >= this.limits.maxPages) break;
        else {
          const before = this.pagesScheduled;
          this.discover({ url: loc, tag: 'a', text: '(sitemap)', internal: true }, { url, depth: 0 });
          if (this.pagesScheduled > before) seeded++;
        }
        if (++n > 50_000) break;
      }
      if (!isIndex) seededFrom.push(url);
    }
    if (seeded > 0) this.event('sitemap_seeded', seededFrom[0] ?? origin, `${seeded} URLs seeded from ${seededFrom.length} sitemap file(s)`, seeded);
  }

  // ---- main --------------------------------------------------------------------------

  async worker(): Promise<void> {
    while (!this.stopping) {
      const t = this.pick();
      if (!t) {
        const empty =
          this.phase === 'recheck' ? this.recheckHead >= this.recheckQueue.length : this.pageHead >= this.pageQueue.length && this.linkHead >= this.linkQueue.length;
        if (this.active === 0 && empty) return;
        await this.waitForWork();
        continue;
      }
      this.active++;
      try {
        await this.runTask(t);
      } catch (e) {
        this.event('error', t.url, `internal error while handling this URL: ${(e as Error).message}`);
        this.ctx.log.error({ err: e, url: t.url }, 'crawl task failed');
      } finally {
        if (t.slot) t.slot.active--;
        this.active--;
        this.notify();
      }
    }
  }

  async drain(): Promise<void> {
    // Tasks queued between drains (seeds, re-checks) were queued without notify().
    this.nothingAt = -1;
    await Promise.all(Array.from({ length: this.globalConcurrency }, () => this.worker()));
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.notify();
  }

  async run(): Promise<CrawlStats> {
    const home: Task = { type: 'page', url: this.siteUrl, depth: 0, attempt: 1, external: false, expectPage: true };
    this.seen.add(this.siteUrl);
    this.pagesScheduled++;
    // A rejected certificate is the security checks' finding (N-02, from the security gatherer's
    // TLS observation); the content is still assessed, without verification, and we say so.
    if (this.siteUrl.startsWith('https:')) {
      const probe = await fetchUrl(this.siteUrl, { ...this.fetchOpts, method: 'HEAD', headersOnly: true, timeoutMs: Math.min(5000, this.fetchOpts.timeoutMs ?? 5000) });
      if (probe.failure && isCertFailure(probe.failure)) {
        this.event('error', home.url, `certificate rejected (${probe.failure.code ?? probe.failure.message}); continuing without certificate verification so the content can be assessed`);
        this.fetchOpts.insecureTls = true;
      }
    }
    const robots = await this.robotsFor(this.siteUrl);
    if (this.ctx.signal.aborted) return this.finish();

    let first = await this.fetchPage(home, true);
    // The same for an http:// home page that redirects to an https:// one with a bad certificate.
    if (first?.obs.failure && isCertFailure(first.obs.failure) && !this.fetchOpts.insecureTls) {
      this.event('error', home.url, `certificate rejected after redirect (${first.obs.failure.code ?? first.obs.failure.message}); continuing without certificate verification so the content can be assessed`);
      this.fetchOpts.insecureTls = true;
      this.stats.pagesFetched--;
      this.stats.pagesFailed--;
      this.stats.failuresByClass.tls = (this.stats.failuresByClass.tls ?? 1) - 1;
      if (!this.stats.failuresByClass.tls) delete this.stats.failuresByClass.tls;
      this.rechecks.length = 0;
      first = await this.fetchPage(home, true);
    }
    // An anti-bot challenge (加速乐, 创宇盾, a JS cookie check) on the home page: a real browser
    // usually passes it by itself. Then the static crawl goes on with the browser's cookies
    // (the same User-Agent, which such clearances are bound to).
    let challengePage: { obs: PageObservation; ex?: ExtractedPage } | undefined;
    if (first?.obs.failure?.class === 'blocked' && /challenge/i.test(first.obs.failure.message) && this.limits.render !== 'never') {
      challengePage = await this.passChallenge(home, first.obs);
      if (challengePage) {
        this.stats.pagesFetched--;
        this.stats.pagesFailed--;
        this.stats.failuresByClass.blocked = (this.stats.failuresByClass.blocked ?? 1) - 1;
        if (!this.stats.failuresByClass.blocked) delete this.stats.failuresByClass.blocked;
        const again = await this.fetchPage(home, true);
        if (again && !again.obs.failure) {
          this.event('render_fallback', home.url, 'anti-bot challenge passed in Chromium; the crawl continues with the browser\'s cookies');
          first = again;
          challengePage = undefined;
        } else {
          // Still refused without a browser: keep the rendered home page as the one checks read.
          this.emit(challengePage.obs);
          this.stats.rendered++;
          if (challengePage.ex) this.follow(challengePage.obs, challengePage.ex);
        }
      }
    }
    // Backed off on the home page (429/503): the retry is already queued; let the workers handle it.
    if (first) {
      // A rendered home page is stored first, so checks reading "the home page" see what visitors see.
      if (!challengePage) await this.maybeRender(first.obs, first.page);
      this.emit(first.obs);
      if (first.page) this.homeLinks = new Set(first.page.links.map((l) => l.url));
      if (first.page && this.isInternal(first.obs.finalUrl)) this.follow(first.obs, first.page);
      // The home page may redirect to another host of the same site (gov.cn → www.gov.cn).
    }

    // Entry points the registry names, then seeds: crawled even when the home page hides them.
    const extra = [...Object.values(this.ctx.site.entries ?? {}), ...(this.ctx.site.seeds ?? [])].filter((u): u is string => !!u);
    for (const u of extra) {
      const n = normaliseUrl(u);
      if (!n || this.seen.has(n.url)) continue;
      this.seen.add(n.url);
      this.pagesScheduled++;
      this.enqueuePage({ type: 'page', url: n.url, depth: 1, referrer: '(registry)', referrerText: '', attempt: 1, external: false, expectPage: true, prio: 4 + PRIORITY.column });
    }
    await this.seedFromSitemaps(robots);

    await this.drain();

    // Inner pages whose content only scripts can show, rendered in one browser session.
    if (this.renderQueue.length && !this.stopping && this.softDeadline - Date.now() > 20_000) {
      await this.renderInner();
      await this.drain();
    }

    // Re-check suspected failures once, so checks can tell confirmed from transient (attempt 2).
    if (!this.ctx.signal.aborted && this.rechecks.length) {
      this.recheckQueue.push(...this.rechecks.splice(0, MAX_RECHECKS));
      const wait = Math.min(3000, Math.max(0, this.start + this.limits.maxSeconds * 1000 - Date.now() - 5000));
      await sleep(wait, this.ctx.signal);
      const timeUp = Date.now() >= this.softDeadline;
      const saved = this.softDeadline;
      // The reserve before the hard budget is for exactly this.
      this.softDeadline = this.start + this.limits.maxSeconds * 1000 - 500;
      this.phase = 'recheck';
      await this.drain();
      this.phase = 'crawl';
      this.softDeadline = timeUp ? 0 : saved;
    }
    return this.finish();
  }

  /** Opens a challenged home page in Chromium; on success its cookies join the crawl's jar. */
  async passChallenge(home: Task, blocked: PageObservation): Promise<{ obs: PageObservation; ex?: ExtractedPage } | undefined> {
    this.event('render_fallback', home.url, `the home page answers with an anti-bot challenge (${blocked.failure?.message}); trying it in Chromium`);
    try {
      const render = this.opts.render ?? (await import('./render.ts')).renderPages;
      const r = await render(this.ctx, [{ url: home.url, depth: 0 }]);
      const rp = r.pages[0];
      if (!rp || rp.failure) {
        this.event('error', home.url, `the challenge was not passed in Chromium either (${rp?.failure?.message ?? r.error ?? 'no page'}); the site cannot be assessed`);
        return undefined;
      }
      for (const c of r.cookies ?? []) {
        const domain = c.domain.replace(/^\./, '');
        this.fetchOpts.cookieJar?.store(`http://${domain}/`, [`${c.name}=${c.value}; Domain=${domain}`]);
      }
      const ex = r.extracted.get(rp.url);
      return { obs: rp, ...(ex ? { ex } : {}) };
    } catch (e) {
      this.event('error', home.url, `Chromium unavailable to pass the challenge: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** Queues a statically fetched inner page for rendering when it needs it (see renderQueue). */
  considerRender(obs: PageObservation, page: ExtractedPage): void {
    const mode = this.limits.render;
    if (mode === 'never' || obs.depth === 0 || this.renderQueue.length >= MAX_RENDERED_PAGES) return;
    const internalAnchors = page.links.filter((l) => (l.tag === 'a' || l.tag === 'area') && l.internal).length;
    // Strict on purpose: a short notice with jQuery on the page is not a shell, and every false
    // positive costs a browser page load. A shell has (almost) no text and no links of its own.
    const scriptOnly = page.text.length < 80 && (page.scriptSrcs.length > 0 || page.inlineScripts > 0) && internalAnchors < 3 && (obs.items?.length ?? 0) === 0;
    const emptyColumn = !scriptOnly && this.emptyColumnRenders < MAX_EMPTY_COLUMN_RENDERS && looksLikeEmptyColumn(obs, page, this.homeLinks);
    if ((mode === 'always' && obs.depth <= 1) || scriptOnly || emptyColumn) {
      if (emptyColumn) this.emptyColumnRenders++;
      this.renderQueue.push({ url: obs.url, depth: obs.depth, ...(obs.referrer ? { referrer: obs.referrer, referrerText: obs.referrerText ?? '' } : {}), ...(emptyColumn ? { why: 'empty_column' as const } : {}) });
    }
  }

  async renderInner(): Promise<void> {
    const targets = this.renderQueue.splice(0, MAX_RENDERED_PAGES);
    const columns = targets.filter((t) => t.why === 'empty_column').length;
    const why = [
      this.limits.render === 'always' ? 'render: always (first-level pages)' : targets.length > columns ? 'their static HTML is an empty script-driven shell' : '',
      columns ? `${columns} column page(s) list nothing in their static HTML but load scripts (the list may be built in the browser; V-03c)` : '',
    ]
      .filter(Boolean)
      .join('; ');
    this.event('render_fallback', targets[0].url, `rendering ${targets.length} inner page(s) in Chromium: ${why}`, targets.length);
    try {
      const render = this.opts.render ?? (await import('./render.ts')).renderPages;
      const r = await render(this.ctx, targets);
      if (r.error) this.event('error', targets[0].url, `rendering failed, continuing with the static pages: ${r.error}`);
      let failed = 0;
      for (const rp of r.pages) {
        if (rp.failure) {
          failed++;
          continue;
        }
        this.emit(rp);
        this.stats.rendered++;
        const ex = r.extracted.get(rp.url);
        if (ex) this.follow(rp, ex);
      }
      if (failed) this.event('error', targets[0].url, `${failed} of ${targets.length} page(s) could not be rendered; their static versions are kept`, failed);
    } catch (e) {
      this.event('error', targets[0].url, `Chromium rendering unavailable, continuing with the static pages: ${(e as Error).message}`);
    }
  }

  async maybeRender(home: PageObservation, page: ExtractedPage | undefined): Promise<void> {
    const mode = this.limits.render;
    if (mode === 'never' || home.failure) return;
    const shell = page ? looksLikeJsShell(page) : false;
    if (mode === 'auto' && !shell) return;
    const reason =
      mode === 'always'
        ? 'rendering requested (render: always)'
        : `the static home page shows no usable navigation (${page?.navLinkCount ?? 0} nav links, ${page?.links.filter((l) => l.internal && l.tag === 'a').length ?? 0} internal links): rendering it in Chromium`;
    this.event('render_fallback', home.url, reason);
    try {
      const render = this.opts.render ?? (await import('./render.ts')).renderPages;
      const r = await render(this.ctx, [{ url: home.url, depth: 0 }]);
      if (r.error) this.event('error', home.url, `rendering failed, continuing with the static page: ${r.error}`);
      const rp = r.pages[0];
      if (!rp) return;
      if (rp.failure) {
        // A failed render must not shadow the static home page that did load.
        this.event('error', home.url, `rendering the home page failed (${rp.failure.class}: ${rp.failure.message}); continuing with the static page`);
        return;
      }
      this.emit(rp);
      this.stats.rendered++;
      const ex = r.extracted.get(rp.url);
      if (ex) this.follow(rp, ex);
    } catch (e) {
      this.event('error', home.url, `Chromium rendering unavailable, continuing with the static page: ${(e as Error).message}`);
    }
  }

  finish(): CrawlStats {
    const trapDetail: Record<TrapKind, string> = {
      trap_query_variants: `more than ${this.limits.maxQueryVariants} distinct query strings on one path; further variants skipped`,
      trap_path_repeat: 'URL path repeats the same segments (relative-link loop); skipped',
      trap_calendar: 'calendar-like URLs stepping far into the past or future, or too many dates on one pattern; skipped',
    };
    for (const [kind, s] of this.traps.stats) {
      const where = [...s.paths]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([p, n]) => `${p} ×${n}`)
        .join(', ');
      this.event(kind, s.sample, `${trapDetail[kind]}: ${s.count} URLs skipped (${where}); e.g. ${s.sample}`, s.count);
    }
    if (this.counters.sessions) this.event('trap_session_id', this.sessionSample, `session ids removed from ${this.counters.sessions} link(s) before de-duplication`, this.counters.sessions);
    if (this.counters.robots) this.event('robots_disallowed', this.robotsSample, `${this.counters.robots} URL(s) not requested because robots.txt disallows them`, this.counters.robots);
    if (this.counters.depth) this.event('budget_depth', this.depthSample, `${this.counters.depth} page(s) deeper than maxDepth ${this.limits.maxDepth} were link-checked but not crawled`, this.counters.depth);
    if (this.counters.pages) this.event('budget_pages', this.pagesSample, `page budget of ${this.limits.maxPages} reached; ${this.counters.pages} more page(s) were link-checked but not crawled`, this.counters.pages);
    if (this.counters.pager) {
      this.event(
        'budget_pages',
        this.pagerSample,
        `script pagers (TRS createPageHTML, JCMS dataproxy.jsp groups): only the first ${this.limits.maxPagerPages} list pages of each column were followed; ${this.counters.pager} later page(s) of ${this.pagerFolders.size} column(s) skipped (maxPagerPages), e.g. ${this.pagerSample}`,
        this.counters.pager,
      );
    }
    if (this.counters.links) this.event('budget_pages', this.siteUrl, `link-check budget of ${this.maxLinkChecks} reached; ${this.counters.links} link(s) not checked`, this.counters.links);
    const unfetchedPages = Math.max(0, this.pageQueue.length - this.pageHead);
    const unchecked = Math.max(0, this.linkQueue.length - this.linkHead);
    if (this.ctx.signal.aborted || Date.now() >= this.softDeadline) {
      const timeUp = !this.ctx.signal.aborted || String((this.ctx.signal.reason as Error | undefined)?.name) === 'TimeoutError';
      this.stats.stoppedBy = timeUp ? 'time' : 'signal';
      this.stats.note = timeUp
        ? `time budget of ${this.limits.maxSeconds} s reached after ${this.stats.pagesFetched} pages (${unfetchedPages} pages and ${unchecked} links still queued)`
        : `stopped on request after ${this.stats.pagesFetched} pages (${unfetchedPages} pages and ${unchecked} links still queued)`;
      if (!this.ctx.signal.aborted || timeUp) this.event('budget_time', this.siteUrl, this.stats.note, unfetchedPages + unchecked);
      else this.event('aborted', this.siteUrl, this.stats.note, unfetchedPages + unchecked);
    }
    this.stats.durationMs = Date.now() - this.start;
    this.progress();
    return this.stats;
  }
}

/** Crawls one site, streaming observations through ctx.emit; never throws for site problems. */
export async function crawlSite(ctx: GatherContext, opts: CrawlOptions = {}): Promise<CrawlStats> {
  return new Crawl(ctx, opts).run();
}

export function createCrawlGatherer(opts: CrawlOptions = {}): Gatherer & { lastStats?: CrawlStats } {
  const g: Gatherer & { lastStats?: CrawlStats } = {
    id: 'crawl',
    kind: 'crawl',
    description: 'static crawl: robots.txt, home page, seeds, sitemaps, internal pages breadth-first, link checks of attachments and external URLs',
    async gather(ctx) {
      g.lastStats = await crawlSite(ctx, opts);
    },
  };
  return g;
}
