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
    const o = await p;
    if (!o) this.map.delete(key);
    return o;
  }
}
