/**
 * Builds PageObservations the way the crawler does (crawlers/crawl.ts fillPage): the real
 * page extractor, then the real date and list extractors, over fixture HTML. Shared by the
 * freshness and participation tests.
 */
import type { CheckContext } from '../../../model/finding.ts';
import type { PageObservation } from '../../../model/observation.ts';
import type { Site } from '../../../model/site.ts';
import { extractPage } from '../../../crawlers/extract/page.ts';
import { extractDates, extractListItems } from '../../../crawlers/extract/dates.ts';

export interface PageOpts {
  depth?: number;
  referrer?: string;
  referrerText?: string;
  status?: number;
  at?: string;
}

export function pageObs(site: Site, url: string, html: string, o: PageOpts = {}): PageObservation {
  const at = o.at ?? '2026-11-21T01:00:00.000Z';
  const page = extractPage(html, url, { siteUrl: site.url });
  const obs: PageObservation = {
    kind: 'page',
    at,
    url,
    finalUrl: url,
    redirects: [],
    status: o.status ?? 200,
    timings: { startedAt: at, totalMs: 100 },
    headers: { 'content-type': 'text/html; charset=utf-8' },
    setCookies: [],
    contentType: 'text/html',
    bytes: html.length,
    depth: o.depth ?? 0,
    ...(o.referrer ? { referrer: o.referrer, referrerText: o.referrerText ?? '' } : {}),
    text: page.text,
    meta: page.meta,
    links: page.links,
    forms: page.forms,
    tables: page.tables,
    navLinkCount: page.navLinkCount,
    scriptSrcs: page.scriptSrcs,
  };
  if (page.title !== undefined) obs.title = page.title;
  if (page.footerText) obs.footerText = page.footerText;
  obs.dates = extractDates(page.doc, page.meta, url);
  obs.items = extractListItems(page.doc, url, { refDate: new Date(at) });
  return obs;
}

export function context(site: Site, now: Date, pages: PageObservation[]): Omit<CheckContext, 'options'> {
  return { site, now, pages, links: [], probes: [], tls: [], httpRedirects: [], resources: [], lighthouse: [], events: [] };
}

/** A gov-portal page shell: header nav, body, footer with the usual identity lines. */
export function shell(title: string, body: string, opts: { meta?: string; nav?: string; header?: string } = {}): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title>${opts.meta ?? ''}</head><body>
<div class="header">${opts.header ?? '<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>'}${opts.nav ?? ''}</div>
<div class="main">${body}</div>
<div class="footer"><p>主办单位：某某市人民政府办公室 网站标识码：3501000001 闽ICP备05012345号 闽公网安备 35010202000123号</p></div>
</body></html>`;
}

export function list(items: Array<[string, string, string?]>, cls = 'list'): string {
  return `<ul class="${cls}">${items.map(([href, title, date]) => `<li><a href="${href}" title="${title}">${title}</a>${date ? `<span class="date">${date}</span>` : ''}</li>`).join('')}</ul>`;
}
