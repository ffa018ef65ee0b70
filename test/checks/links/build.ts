/** Hand-built observations for the checks-b tests: small, explicit, one planted problem each. */
import type { CheckContext } from '../../../model/finding.ts';
import type { Link, LinkCheckObservation, PageObservation } from '../../../model/observation.ts';
import type { Site } from '../../../model/site.ts';

export const AT = '2026-11-20T08:00:00.000Z';
export const NOW = new Date('2026-11-20T12:00:00.000Z');

export function site(over: Partial<Site> = {}): Site {
  return {
    id: 'fz',
    name: '福州市人民政府',
    region: '福建省福州市',
    level: '市',
    kind: '门户网站',
    url: 'https://www.fuzhou.gov.cn/',
    siteIdCode: '3501000001',
    offersServices: true,
    entries: {},
    seeds: [],
    limits: {},
    tags: [],
    ...over,
  };
}

export function link(url: string, text = '', over: Partial<Link> = {}): Link {
  let internal = false;
  try {
    internal = new URL(url).hostname.endsWith('fuzhou.gov.cn');
  } catch {
    internal = false;
  }
  return { url, raw: url, tag: 'a', text, internal, ...over };
}

export function page(url: string, over: Partial<PageObservation> = {}): PageObservation {
  return {
    kind: 'page',
    at: AT,
    url,
    finalUrl: url,
    redirects: [],
    status: 200,
    timings: { startedAt: AT, totalMs: 120 },
    headers: { 'content-type': 'text/html; charset=utf-8' },
    setCookies: [],
    contentType: 'text/html',
    bytes: 2000,
    depth: 1,
    links: [],
    ...over,
  };
}

export function linkObs(url: string, status: number, over: Partial<LinkCheckObservation> = {}): LinkCheckObservation {
  return { kind: 'link', at: AT, url, finalUrl: url, redirects: [], status, method: 'HEAD', external: !url.includes('fuzhou.gov.cn'), elapsedMs: 30, ...over };
}

export function ctx(over: Partial<Omit<CheckContext, 'options'>> = {}): Omit<CheckContext, 'options'> {
  return { site: site(), now: NOW, pages: [], links: [], probes: [], tls: [], httpRedirects: [], resources: [], lighthouse: [], events: [], ...over };
}
