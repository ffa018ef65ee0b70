/**
 * Link checking of targets that are not crawled as pages: attachments (PDF, DOC, XLS, WPS,
 * ZIP …), images, scripts, stylesheets, and external URLs. Never downloads a body: HEAD
 * first, then a GET with `Range: bytes=0-0` whose body is aborted after the headers, because
 * many government servers (IIS, old WebSphere, .do/.action apps) answer HEAD wrongly.
 *
 * External URLs are checked once per run, for all sites of the run, through a LinkCache.
 */
import type { FailureClass, LinkCheckObservation } from '../model/observation.ts';
import { fetchUrl, type FetchOptions, type FetchResult } from './fetch.ts';

/** Failures that may be transient: re-checked once near the end of the site's crawl (attempt 2). */
export const SUSPECTED: ReadonlySet<FailureClass> = new Set<FailureClass>(['timeout', 'http_5xx', 'dns', 'reset', 'connection', 'refused']);

const NOT_FOUND_TITLE = /(?:^|[^\d])404(?:[^\d]|$)|页面不存在|页面未找到|找不到(?:该|您要的)?页面|网页不存在|信息不存在|文章不存在|已被删除|not found/i;
const ERROR_PATH = /\/(?:404|notfound|not_found|error|errorpage|error_page)(?:\.[a-z]+)?$|\/404\//i;

/**
 * A "soft 404": the CMS answers 200 with its 页面不存在 template, or redirects a dead link to
 * /404.html. Browsers show an error page, so for a broken-link check (D-02) it is broken.
 * Only short pages count, so an article that mentions 404 is never taken for one.
 */
export function redirectedToErrorPage(finalUrl: string): string | undefined {
  let path = '';
  try {
    path = new URL(finalUrl).pathname;
  } catch {
    return undefined;
  }
  return ERROR_PATH.test(path) ? `soft 404: redirected to the error page ${path} (answered 200)` : undefined;
}

export function softNotFound(page: { title?: string; text: string }, finalUrl: string, redirected: boolean): string | undefined {
  const bounced = redirected ? redirectedToErrorPage(finalUrl) : undefined;
  if (bounced) return bounced;
  if (page.text.length < 600 && NOT_FOUND_TITLE.test(page.title ?? '')) return `soft 404: page titled 「${page.title}」 answered 200`;
  if (page.text.length < 300 && /页面不存在|您访问的页面不存在|您要访问的页面不存在|页面已删除|信息已删除|信息不存在/.test(page.text)) return 'soft 404: 「页面不存在」 page answered 200';
  return undefined;
}

/** HEAD outcomes that do not say anything about the target, so a GET must decide. */
function headInconclusive(r: FetchResult): boolean {
  if (!r.failure) return false;
  const c = r.failure.class;
  // DNS, refused and TLS fail the same way for GET: no point asking twice.
  return c !== 'dns' && c !== 'refused' && c !== 'tls' && c !== 'invalid_url' && !r.aborted;
}

export interface LinkCheckOptions {
  external: boolean;
  fetch: FetchOptions;
  attempt?: number;
}

function toObservation(url: string, r: FetchResult, method: 'HEAD' | 'GET', external: boolean, elapsedMs: number, attempt?: number): LinkCheckObservation {
  const obs: LinkCheckObservation = {
    kind: 'link',
    at: r.timings.startedAt,
    url,
    finalUrl: r.finalUrl,
    redirects: r.redirects,
    status: r.status,
    method,
    external,
    elapsedMs,
  };
  if (r.failure) obs.failure = r.failure;
  else if (r.status === 200 && r.redirects.length > 0) {
    // An attachment link the server bounces to its error page is as broken as a 404.
    const soft = redirectedToErrorPage(r.finalUrl);
    if (soft) obs.failure = { class: 'http_4xx', message: soft };
  }
  if (r.contentType) obs.contentType = r.contentType;
  const range = r.headers['content-range']?.match(/\/(\d+)\s*$/);
  const len = range ? Number(range[1]) : r.headers['content-length'] !== undefined ? Number(r.headers['content-length']) : undefined;
  if (len !== undefined && Number.isFinite(len)) obs.contentLength = len;
  if (attempt && attempt > 1) obs.attempt = attempt;
  return obs;
}

/** Checks one URL; never throws. `aborted` results (crawl stopped) are returned with `failure.class` timeout and must not be stored. */
export async function checkLink(url: string, opts: LinkCheckOptions): Promise<{ obs: LinkCheckObservation; aborted: boolean }> {
  const t0 = performance.now();
  const head = await fetchUrl(url, { ...opts.fetch, method: 'HEAD', headersOnly: true });
  if (head.aborted) return { obs: toObservation(url, head, 'HEAD', opts.external, Math.round(performance.now() - t0), opts.attempt), aborted: true };
  if (!headInconclusive(head)) return { obs: toObservation(url, head, 'HEAD', opts.external, Math.round(performance.now() - t0), opts.attempt), aborted: false };
  const get = await fetchUrl(url, { ...opts.fetch, method: 'GET', headersOnly: true, headers: { ...opts.fetch.headers, range: 'bytes=0-0' } });
  return { obs: toObservation(url, get, 'GET', opts.external, Math.round(performance.now() - t0), opts.attempt), aborted: !!get.aborted };
}

/**
 * Run-wide cache of external link checks: the first site to meet a URL checks it, later sites
 * reuse the result (marked `cached: true`). Concurrent askers share one in-flight check.
 */
export class LinkCache {
  private readonly map = new Map<string, Promise<LinkCheckObservation | undefined>>();
  hits = 0;
  misses = 0;
  /**
   * Entries kept at most: `audit --all` over thousands of sites meets hundreds of thousands of
   * external URLs, and an unbounded cache would grow for the whole batch. Past the bound the
   * oldest entry goes (a Map iterates in insertion order); a later site meeting it checks again.
   */
  readonly maxEntries: number;

  constructor(maxEntries = 50_000) {
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.map.size;
  }

  /**
   * The observation for `url` (attempt 1 or 2): fresh from `run` the first time, a cached copy
   * afterwards. Undefined when the check was aborted (the next asker checks again).
   */
  async get(url: string, attempt: number, run: () => Promise<{ obs: LinkCheckObservation; aborted: boolean }>): Promise<LinkCheckObservation | undefined> {
    const key = `${attempt}|${url}`;
    const existing = this.map.get(key);
    if (existing) {
      const o = await existing;
      if (o) {
        this.hits++;
        return { ...o, cached: true, at: new Date().toISOString() };
      }
    }
    this.misses++;
    const p = run().then((r) => (r.aborted ? undefined : r.obs));
    this.map.set(key, p);
    if (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value!);
    const o = await p;
    if (!o) this.map.delete(key);
    return o;
  }
}
