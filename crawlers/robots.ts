/**
 * robots.txt per origin (RFC 9309) through robots-parser, matched with our own User-Agent.
 *
 * Deliberate choice for a monitor: a robots.txt that is missing (4xx) allows everything, as
 * the RFC says; one that errors (5xx) or cannot be fetched is treated as "allow all" too,
 * instead of the RFC's "disallow all", and the crawl records it. A government portal whose
 * robots.txt is broken must still be assessed; the failure itself stays in the evidence.
 */
import robotsParserModule from 'robots-parser';

interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
  getSitemaps(): string[];
}
// The package's typings declare an untyped module; its CommonJS export is the parser function.
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => Robot;
import type { ResourceObservation } from '../model/observation.ts';
import { fetchUrl, type FetchOptions } from './fetch.ts';
import { decodeBody } from './decode.ts';

export interface RobotsRules {
  origin: string;
  /** False when robots.txt forbids the URL for our User-Agent. */
  isAllowed(url: string): boolean;
  /** Crawl-delay for us, in ms, when the file sets one. */
  crawlDelayMs?: number;
  sitemaps: string[];
  /** The observation to store (status, body capped at 64 KiB). */
  observation: ResourceObservation;
  /** Present when the file could not be read and everything is allowed for that reason. */
  note?: string;
}

const BODY_CAP = 64 * 1024;

/**
 * The product token robots.txt groups are matched against: `govmon` for both `govmon/0.1 (+…)`
 * and `Mozilla/5.0 (compatible; govmon/0.1; +…)` — the first product/version token that is not
 * the generic Mozilla prefix.
 */
export function robotsToken(userAgent: string): string {
  for (const m of userAgent.matchAll(/([A-Za-z][\w.-]*)\/[\w.]+/g)) {
    if (m[1].toLowerCase() !== 'mozilla') return m[1];
  }
  return userAgent.split(/[\s/;()]/).find(Boolean) ?? userAgent;
}

export async function fetchRobots(origin: string, userAgent: string, fetchOpts: FetchOptions): Promise<RobotsRules> {
  const url = new URL('/robots.txt', origin).href;
  const res = await fetchUrl(url, { ...fetchOpts, userAgent, maxBodyBytes: 512 * 1024, headersOnly: false });
  const obs: ResourceObservation = {
    kind: 'resource',
    role: 'robots',
    at: res.timings.startedAt,
    url,
    status: res.status,
    ...(res.failure ? { failure: res.failure } : {}),
    ...(res.contentType ? { contentType: res.contentType } : {}),
  };
  const token = robotsToken(userAgent);
  if (res.status >= 200 && res.status < 300 && !res.failure) {
    const text = decodeBody(res.body, res.contentType).text;
    obs.body = text.slice(0, BODY_CAP);
    // An HTML page served at /robots.txt (a CMS's catch-all 200) is not a robots file.
    if (/^\s*<(?:!doctype|html)/i.test(text)) {
      return { origin, isAllowed: () => true, sitemaps: [], observation: obs, note: 'robots.txt answers with an HTML page; treated as absent' };
    }
    const robot = robotsParser(res.finalUrl || url, text);
    const delay = robot.getCrawlDelay(token);
    return {
      origin,
      // robots-parser returns undefined for URLs of another origin: those are judged by their own robots.txt.
      isAllowed: (u: string) => robot.isAllowed(u, token) !== false,
      ...(delay !== undefined && delay > 0 ? { crawlDelayMs: Math.min(delay, 30) * 1000 } : {}),
      sitemaps: robot.getSitemaps(),
      observation: obs,
    };
  }
  const note =
    res.status >= 400 && res.status < 500 && res.failure?.class !== 'blocked'
      ? undefined
      : `robots.txt could not be read (${res.failure?.class ?? res.status}: ${res.failure?.message ?? ''}); crawling as if it allowed everything`;
  return { origin, isAllowed: () => true, sitemaps: [], observation: obs, ...(note ? { note } : {}) };
}
