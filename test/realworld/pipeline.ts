/**
 * Runs fixture bytes through the same pieces the crawler uses (crawlers/crawl.ts fillPage):
 * decodeBody on the raw bytes, extractPage on the decoded HTML, then the date and list
 * extractors, into a PageObservation the checks can read. No piece is mocked.
 */
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import type { CheckContext, Finding, Check } from '../../model/finding.ts';
import type { PageObservation, ResourceObservation } from '../../model/observation.ts';
import { SiteSchema, type Site } from '../../model/site.ts';
import { decodeBody } from '../../crawlers/decode.ts';
import { extractPage } from '../../crawlers/extract/page.ts';
import { extractDates, extractListItems } from '../../crawlers/extract/dates.ts';
import { runCheck } from '../../checks/run.ts';
import { inlineScriptText } from '../../crawlers/security.ts';

export const FIXTURES = new URL('./fixtures/', import.meta.url);

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** The fixture's bytes; `encoding` re-encodes the stored UTF-8 text the way the portal serves it (gb18030 for GBK portals). */
export function fixtureBytes(name: string, encoding = 'utf-8'): Buffer {
  const text = fixtureText(name);
  return encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, encoding);
}

export function site(url: string, extra: Record<string, unknown> = {}): Site {
  return SiteSchema.parse({ id: 'rw', name: '测试单位', region: '测试', level: '市', kind: '门户网站', url, ...extra });
}

export interface ObserveOpts {
  contentType?: string;
  at?: string;
  depth?: number;
  referrer?: string;
  referrerText?: string;
  siteUrl?: string;
}

export function observe(bytes: Buffer, url: string, o: ObserveOpts = {}): PageObservation & { declaredCharset?: string } {
  const at = o.at ?? '2026-11-21T02:00:00.000Z';
  const contentType = o.contentType ?? 'text/html';
  const dec = decodeBody(bytes, contentType);
  const page = extractPage(dec.text, url, { siteUrl: o.siteUrl ?? new URL('/', url).href });
  const obs: PageObservation & { declaredCharset?: string } = {
    kind: 'page',
    at,
    url,
    finalUrl: url,
    redirects: [],
    status: 200,
    timings: { startedAt: at, totalMs: 120 },
    headers: { 'content-type': contentType },
    setCookies: [],
    contentType,
    charset: dec.charset,
    charsetSource: dec.charsetSource,
    bytes: bytes.length,
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
  if (dec.declared) obs.declaredCharset = dec.declared;
  if (page.title !== undefined) obs.title = page.title;
  if (page.footerText) obs.footerText = page.footerText;
  obs.dates = extractDates(page.doc, page.meta, url);
  obs.items = extractListItems(page.doc, url, { refDate: new Date(at) });
  return obs;
}

/** A fixture file observed at `url` (UTF-8 unless `encoding` says how the portal serves it). */
export function observeFixture(name: string, url: string, o: ObserveOpts & { encoding?: string } = {}): PageObservation & { declaredCharset?: string } {
  return observe(fixtureBytes(name, o.encoding), url, o);
}

export function context(s: Site, now: Date, pages: PageObservation[], resources: ResourceObservation[] = []): Omit<CheckContext, 'options'> {
  return { site: s, now, pages, links: [], probes: [], tls: [], httpRedirects: [], resources, lighthouse: [], events: [] };
}

export function runOne(check: Check, ctx: Omit<CheckContext, 'options'>, options: Record<string, unknown> = {}): { summary: Finding; defects: Finding[]; all: Finding[] } {
  const all = runCheck(check, ctx, options);
  const summary = all.find((f) => f.key === check.id) ?? all[0];
  const defects = all.filter((f) => f !== summary);
  return { summary, defects, all };
}

/** The home page's inline scripts as the security gatherer stores them (role home_scripts), so script-written badges count. */
export function homeScripts(html: string, url: string): ResourceObservation {
  return { kind: 'resource', at: '2026-11-21T02:00:00.000Z', url, role: 'home_scripts', status: 200, contentType: 'text/html', body: inlineScriptText(html) };
}
