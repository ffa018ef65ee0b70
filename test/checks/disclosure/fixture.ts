/**
 * Builds check contexts from fixture HTML through the crawler's real extractor
 * (crawlers/extract/page.ts + dates.ts), the way crawlers/crawl.ts fills a PageObservation.
 * A fixture site is a map path → HTML; pages are "crawled" breadth-first from the home page
 * along internal anchors, so depth, referrer and anchor text are what a crawl would record.
 */
import type { CheckContext, Finding } from '../../../model/finding.ts';
import type { Failure, LinkCheckObservation, PageObservation } from '../../../model/observation.ts';
import type { Site } from '../../../model/site.ts';
import { extractPage } from '../../../crawlers/extract/page.ts';
import { extractDates, extractListItems } from '../../../crawlers/extract/dates.ts';
import { runCheck } from '../../../checks/run.ts';
import type { Check } from '../../../model/finding.ts';

export const ORIGIN = 'https://www.minhou.gov.cn';
export const NOW = new Date('2026-11-20T04:00:00Z');

export function site(over: Partial<Site> = {}): Site {
  return {
    id: 'minhou',
    name: '闽侯县人民政府',
    region: '福建省福州市闽侯县',
    level: '县',
    kind: '门户网站',
    url: `${ORIGIN}/`,
    offersServices: true,
    entries: {},
    seeds: [],
    limits: {},
    tags: [],
    ...over,
  };
}

/** A page in the style of a county portal: header navigation, body, footer with address and phone. */
export function layout(title: string, body: string, extraHead = ''): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title>${extraHead}</head><body>
<div class="header"><div class="nav"><ul>
<li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjmh/">走进闽侯</a></li></ul></div></div>
<div class="main">${body}</div>
<div class="footer"><p>主办单位：闽侯县人民政府办公室 地址：闽侯县甘蔗街道昙石山中大道1号 电话：0591-22981234</p>
<p>网站标识码：3501210001 闽ICP备05012345号</p></div></body></html>`;
}

export interface FixturePage {
  html?: string;
  status?: number;
  failure?: Failure;
  /** Served as a document (counts as a link check, not a page). */
  file?: boolean;
}

export interface Fixture {
  site?: Partial<Site>;
  pages: Record<string, string | FixturePage>;
  /** Link checks of non-page targets (attachments, systems): path or URL → status/failure. */
  links?: Record<string, { status: number; failure?: Failure; attempt?: number }>;
  now?: Date;
}

function abs(u: string): string {
  return /^https?:/.test(u) ? u : `${ORIGIN}${u}`;
}

export function buildContext(f: Fixture): Omit<CheckContext, 'options'> {
  const s = site(f.site);
  const at = new Date((f.now ?? NOW).getTime() - 3600_000).toISOString();
  const specs = new Map<string, FixturePage>();
  for (const [k, v] of Object.entries(f.pages)) specs.set(abs(k), typeof v === 'string' ? { html: v } : v);
  const pages: PageObservation[] = [];
  const links: LinkCheckObservation[] = [];
  const seen = new Set<string>();
  const queue: Array<{ url: string; depth: number; referrer?: string; referrerText?: string }> = [{ url: s.url, depth: 0 }];
  seen.add(s.url);
  // Like crawlers/crawl.ts: registry entries are seeded at depth 1.
  for (const u of Object.values(s.entries)) {
    if (u && !seen.has(u)) {
      seen.add(u);
      queue.push({ url: u, depth: 1, referrer: '(registry)', referrerText: '' });
    }
  }
  while (queue.length > 0) {
    const t = queue.shift()!;
    const spec = specs.get(t.url) ?? specs.get(t.url.replace(/\/$/, '')) ?? specs.get(t.url.replace(/\/index\.html$/, '/'));
    if (!spec) continue;
    if (spec.file) continue;
    const obs: PageObservation = {
      kind: 'page',
      at,
      url: t.url,
      finalUrl: t.url,
      redirects: [],
      status: spec.status ?? 200,
      timings: { startedAt: at, totalMs: 80 },
      headers: { 'content-type': 'text/html; charset=utf-8' },
      setCookies: [],
      contentType: 'text/html',
      bytes: spec.html?.length ?? 0,
      depth: t.depth,
      ...(t.referrer ? { referrer: t.referrer, referrerText: t.referrerText } : {}),
      ...(spec.failure ? { failure: spec.failure } : {}),
    };
    if (spec.html && !spec.failure) {
      const page = extractPage(spec.html, t.url, { siteUrl: s.url });
      if (page.title !== undefined) obs.title = page.title;
      obs.text = page.text;
      if (page.footerText) obs.footerText = page.footerText;
      obs.meta = page.meta;
      obs.links = page.links;
      obs.forms = page.forms;
      obs.tables = page.tables;
      obs.navLinkCount = page.navLinkCount;
      obs.dates = extractDates(page.doc, page.meta, t.url);
      obs.items = extractListItems(page.doc, t.url, { refDate: new Date(at) });
      for (const l of page.links) {
        if (l.tag !== 'a' || !l.internal || seen.has(l.url)) continue;
        seen.add(l.url);
        queue.push({ url: l.url, depth: t.depth + 1, referrer: t.url, referrerText: l.text });
      }
    }
    pages.push(obs);
  }
  for (const [k, v] of Object.entries(f.links ?? {})) {
    links.push({ kind: 'link', at, url: abs(k), finalUrl: abs(k), redirects: [], status: v.status, method: 'HEAD', external: !abs(k).startsWith(ORIGIN), elapsedMs: 40, ...(v.failure ? { failure: v.failure } : {}), ...(v.attempt ? { attempt: v.attempt } : {}) });
  }
  return { site: s, now: f.now ?? NOW, pages, links, probes: [], tls: [], httpRedirects: [], resources: [], lighthouse: [], events: [] };
}

export function run(check: Check, f: Fixture | Omit<CheckContext, 'options'>, options: Record<string, unknown> = {}): { summary: Finding; defects: Finding[]; all: Finding[] } {
  const ctx = 'pages' in f && Array.isArray(f.pages) ? (f as Omit<CheckContext, 'options'>) : buildContext(f as Fixture);
  const all = runCheck(check, ctx, options);
  const summary = all.find((x) => x.key === check.id) ?? all[0];
  const defects = all.filter((x) => x !== summary);
  for (const d of defects) {
    // The family convention: every defect carries its own key and data.defect in evidence[0].
    if (!d.key || d.key === check.id || d.evidence[0]?.data?.defect !== true) throw new Error(`defect finding without key/data.defect: ${JSON.stringify(d)}`);
  }
  return { summary, defects, all };
}
