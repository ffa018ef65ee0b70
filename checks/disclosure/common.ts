/**
 * Helpers shared by the disclosure (G-01…G-09) and services (V-06a/b/c) checks: Chinese text
 * normalisation, locating crawled pages by URL, finding the 政府信息公开 section, reading
 * labelled dates, and validating methodology options.
 */
import type { z } from 'zod';
import type { CheckContext, CheckMeta, Evidence, Finding, FindingStatus, Text } from '../../model/finding.ts';
import type { Link, PageObservation } from '../../model/observation.ts';
import type { Site } from '../../model/site.ts';
import { failureBlame } from '../../model/observation.ts';
import { finding, homePage } from '../util.ts';
export { homePage };

/** NFKC (full-width → ASCII), drop every kind of whitespace: 「信 息 公 开」 and 「信息公开」 compare equal. */
export function norm(s: string | undefined): string {
  return (s ?? '').normalize('NFKC').replace(/[\s\u200b\u3000\u00a0]+/g, '');
}

const CN_DIGITS: Record<string, string> = { '〇': '0', '○': '0', 'О': '0', '零': '0', '一': '1', '二': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9' };

/** 「二〇二五年」 → 「2025年」: report titles write the year either way. */
export function arabicYears(s: string): string {
  return s.replace(/([〇○О零一二三四五六七八九]{4})(?=年)/g, (m) => [...m].map((c) => CN_DIGITS[c] ?? c).join(''));
}

export function pageUrl(p: PageObservation): string {
  return p.finalUrl || p.url;
}

/** Comparable form of a URL: no fragment, lower-case host, no trailing slash or index file. */
export function urlKey(u: string): string {
  try {
    const x = new URL(u);
    x.hash = '';
    const path = x.pathname.replace(/\/(?:index|default)\.(?:s?html?|jsp|php|aspx?)$/i, '/').replace(/\/+$/, '');
    return `${x.protocol}//${x.host.toLowerCase()}${path}${x.search}`;
  } catch {
    return u.trim();
  }
}

export class PageIndex {
  private readonly byKey = new Map<string, PageObservation>();
  constructor(pages: PageObservation[]) {
    for (const p of pages) {
      // A fetched copy beats a failed one when the crawler saw the URL twice.
      for (const u of [p.url, p.finalUrl]) {
        if (!u) continue;
        const k = urlKey(u);
        const prev = this.byKey.get(k);
        if (!prev || (!isOk(prev) && isOk(p))) this.byKey.set(k, p);
      }
    }
  }
  get(url: string): PageObservation | undefined {
    return this.byKey.get(urlKey(url));
  }
}

/** Page fetched and parsed: a 2xx/3xx response without a recorded failure. */
export function isOk(p: PageObservation): boolean {
  return !p.failure && p.status >= 200 && p.status < 400;
}

/** 'ok', 'site' (the unit's fault), 'cannot_assess' (blocked, budget, robots) for a crawled page. */
export function pageState(p: PageObservation | undefined): 'ok' | 'site' | 'cannot_assess' | 'not_crawled' {
  if (!p) return 'not_crawled';
  if (isOk(p)) return 'ok';
  if (p.failure) return failureBlame(p.failure.class);
  return 'site';
}

export function pageEvidence(p: PageObservation, extra: Partial<Evidence> = {}): Evidence {
  // The crawler marks registry seeds with the referrer 「(registry)」: not a page to show.
  return { url: pageUrl(p), status: p.status, ...(p.referrer && /^https?:/i.test(p.referrer) ? { page: p.referrer, linkText: p.referrerText } : {}), ...(p.screenshot ? { screenshot: p.screenshot } : {}), ...extra };
}

/**
 * The page's own text without its footer: a site-wide footer's 「地址：… 电话：…」 is not the
 * guide or the report stating them.
 */
export function bodyText(p: PageObservation): string {
  const t = p.text ?? '';
  const f = p.footerText?.trim();
  if (f && f.length > 10) {
    const i = t.lastIndexOf(f);
    if (i >= 0) return t.slice(0, i) + t.slice(i + f.length);
  }
  return t;
}

export function anchors(p: PageObservation): Link[] {
  return (p.links ?? []).filter((l) => l.tag === 'a' || l.tag === 'area');
}

/**
 * Validates the methodology-supplied options of one check. A wrong option is an operator
 * error: say which check and field, and let runCheck() record it as cannot_assess.
 */
export function parseOptions<T>(schema: z.ZodType<T>, ctx: Pick<CheckContext, 'options'>, checkId: string): T {
  const r = schema.safeParse(ctx.options);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`).join('; ');
  throw new Error(`invalid methodology options for ${checkId}: ${issues} — fix the check's options in the methodology edition`);
}

/** Whether this unit is a department (部门) rather than a people's government (本级政府). */
export function isDepartment(site: Site): boolean {
  return site.level === '部门' || site.kind === '部门网站';
}

// ---------------------------------------------------------------------------------------------
// Dates

/** Parses 2025-01-02, 2025/1/2, 2025.1.2, 2025年1月2日 (with or without spaces) to YYYY-MM-DD. */
export function parseCnDate(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const m = norm(arabicYears(raw)).match(/((?:19|20)\d{2})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})/);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const check = new Date(`${iso}T00:00:00Z`);
  return check.getUTCMonth() + 1 === mo ? iso : undefined;
}

export interface LabelledDate {
  label: string;
  date: string;
  raw: string;
  from: 'dates' | 'table' | 'text' | 'meta';
}

const DATE_RX = String.raw`((?:19|20)\d{2}\s*(?:[-/.]|年)\s*\d{1,2}\s*(?:[-/.]|月)\s*\d{1,2}\s*日?)`;

/**
 * Every labelled date on a page: the extractor's DateHits, label/value pairs in metadata
 * tables (索引号 | … | 成文日期 | 2025-01-02), 「发布日期：…」 in the text, and meta PubDate.
 */
export function labelledDates(p: PageObservation, labels: RegExp): LabelledDate[] {
  const out: LabelledDate[] = [];
  for (const d of p.dates ?? []) {
    if (d.label && labels.test(norm(d.label))) out.push({ label: d.label, date: d.date, raw: d.raw, from: 'dates' });
  }
  for (const t of p.tables ?? []) {
    const rows = [t.headers, ...t.rows.map((r) => r.cells)];
    for (const cells of rows) {
      for (let i = 0; i < cells.length; i++) {
        const cell = norm(cells[i]);
        const m = cell.match(/^([^:：]{2,8})[:：]?(.*)$/);
        if (!m || !labels.test(m[1])) continue;
        // Either "成文日期：2025-01-02" in one cell or the label cell followed by the value cell.
        const date = parseCnDate(m[2]) ?? parseCnDate(cells[i + 1]);
        if (date) out.push({ label: m[1], date, raw: m[2] || (cells[i + 1] ?? ''), from: 'table' });
      }
    }
  }
  const text = p.text ?? '';
  const rx = new RegExp(String.raw`([\u4e00-\u9fa5]{2,6})\s*[:：]\s*${DATE_RX}`, 'g');
  for (const m of text.matchAll(rx)) {
    const label = m[1];
    // The label is the tail of the Chinese run before the colon ("本文成文日期" → "成文日期").
    const hit = [...label].map((_, i) => label.slice(i)).find((s) => labels.test(s));
    const date = parseCnDate(m[2]);
    if (hit && date) out.push({ label: hit, date, raw: m[0], from: 'text' });
  }
  for (const [k, v] of Object.entries(p.meta ?? {})) {
    if (labels.test(k)) {
      const date = parseCnDate(v);
      if (date) out.push({ label: k, date, raw: v, from: 'meta' });
    }
  }
  return out;
}

/** The date in China (UTC+8) of an instant, YYYY-MM-DD: deadlines are Beijing calendar days. */
export function chinaDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// The 政府信息公开 section (G-01) and its scope

export interface SectionEntry {
  url: string;
  text: string;
  /** The page the link sits on (the home page, or a depth-1 page for a navigation hub). */
  page: string;
  via: 'registry' | 'home' | 'depth1' | 'nested';
}

export interface Section {
  /** The link chosen as the section entry; absent when none was found. */
  entry?: SectionEntry;
  /** The crawled section page, when it was fetched. */
  root?: PageObservation;
  /** The crawled section page and everything below it (sub-columns, lists, articles). */
  pages: PageObservation[];
  /** Why the entry was rejected or could not be verified. */
  rootState: ReturnType<typeof pageState>;
}

/** Sub-column words: a link titled 「政府信息公开指南」 is part of the section, not the section. */
const NOT_SECTION = /指南|制度|年报|年度报告|工作报告|报表|申请|规定|办法|条例|目录|平台说明|意见箱/;
// Seen on live portals: /xxgk/, /zwgk/, /zfxxgk/, 福州 /zfxxgkzl/, 广东 gkmlpt, 信息公开目录 /gkml/ …
const SECTION_URL = /\/(?:xxgk|zwgk|zfxxgk|gkml|gkmlpt|xxgkml|zfxxgkml|govinfo|zwxxgk|zfxxgkzl|xxgkzl|zwgkzl|xxgkpt|zfxxgkpt|openness)(?:\/(?:index\.\w+)?)?$/i;
const JPAAS_COL = /\/col\/col\d+\/(?:index\.\w+)?$/i;

function sectionScore(l: Link): number {
  const t = norm(l.text);
  let path = '';
  try {
    path = new URL(l.url).pathname;
  } catch {
    return 0;
  }
  if (!/^https?:/i.test(l.url)) return 0;
  let s = 0;
  if (t.length > 0 && t.length <= 12 && !NOT_SECTION.test(t)) {
    if (t === '政府信息公开' || t === '政府信息公开专栏') s = 10;
    else if (t === '信息公开' || t === '政务公开' || t === '政府公开') s = 8;
    else if (t.includes('政府信息公开')) s = 6;
    else if (t.includes('信息公开') || t.includes('政务公开')) s = 4;
  }
  if (SECTION_URL.test(path) || (JPAAS_COL.test(path) && t.includes('公开'))) s += s > 0 ? 2 : t.includes('公开') ? 5 : 0;
  if (s > 0 && !l.internal) s -= 1; // a provincial platform elsewhere still counts, but prefer the unit's own
  return s;
}

function bestLink(p: PageObservation): { link: Link; score: number } | undefined {
  let best: { link: Link; score: number } | undefined;
  for (const l of anchors(p)) {
    const score = sectionScore(l);
    if (score > 0 && (!best || score > best.score)) best = { link: l, score };
  }
  return best;
}

/**
 * Finds the 政府信息公开 section: the registry's `entries.disclosure`, else the best link on
 * the home page (then on depth-1 pages, for home pages that are only a navigation hub). When
 * the entry is a 政务公开 column that holds a 政府信息公开 sub-section, the section is that.
 */
export function findSection(ctx: Pick<CheckContext, 'pages' | 'site'>, index = new PageIndex(ctx.pages)): Section {
  const home = homePage(ctx);
  let entry: SectionEntry | undefined;
  if (ctx.site.entries.disclosure) {
    entry = { url: ctx.site.entries.disclosure, text: '', page: ctx.site.url, via: 'registry' };
    if (home) {
      const l = anchors(home).find((a) => urlKey(a.url) === urlKey(ctx.site.entries.disclosure!));
      if (l) entry.text = l.text;
    }
  } else if (home && isOk(home)) {
    const b = bestLink(home);
    if (b) entry = { url: b.link.url, text: b.link.text, page: pageUrl(home), via: 'home' };
    else {
      let best: { link: Link; score: number; page: PageObservation } | undefined;
      for (const p of ctx.pages.filter((x) => x.depth === 1 && isOk(x))) {
        const c = bestLink(p);
        if (c && (!best || c.score > best.score)) best = { ...c, page: p };
      }
      if (best) entry = { url: best.link.url, text: best.link.text, page: pageUrl(best.page), via: 'depth1' };
    }
  }
  if (!entry) return { pages: [], rootState: 'not_crawled' };
  const first = index.get(entry.url);
  let root = first;
  const roots: PageObservation[] = first && isOk(first) ? [first] : [];
  // 政务公开 → 政府信息公开: the statutory section is often one level down.
  if (first && isOk(first) && !norm(entry.text).includes('政府信息公开')) {
    const inner = anchors(first).find((l) => {
      const t = norm(l.text);
      return t.includes('政府信息公开') && t.length <= 12 && !NOT_SECTION.test(t) && urlKey(l.url) !== urlKey(pageUrl(first));
    });
    const innerPage = inner ? index.get(inner.url) : undefined;
    if (inner && innerPage && isOk(innerPage)) {
      entry = { url: inner.url, text: inner.text, page: pageUrl(first), via: 'nested' };
      root = innerPage;
      roots.push(innerPage);
    }
  }
  return { entry, root, pages: sectionScope(ctx.pages, roots, index), rootState: pageState(root) };
}

/**
 * The section's pages: its roots, the crawled pages they link to (up to three hops:
 * section → sub-column → list → article), and any page under a root's directory.
 */
export function sectionScope(all: PageObservation[], roots: PageObservation[], index: PageIndex, hops = 3): PageObservation[] {
  const prefixes = roots
    .map((r) => {
      try {
        const u = new URL(pageUrl(r));
        const dir = u.pathname.replace(/[^/]*$/, '');
        return dir.length > 1 ? `${u.protocol}//${u.host.toLowerCase()}${dir}` : undefined;
      } catch {
        return undefined;
      }
    })
    .filter((x): x is string => !!x);
  const under = (p: PageObservation) => {
    try {
      const u = new URL(pageUrl(p));
      const k = `${u.protocol}//${u.host.toLowerCase()}${u.pathname}`;
      return prefixes.some((pre) => k.startsWith(pre));
    } catch {
      return false;
    }
  };
  const rootSet = new Set(roots);
  // The site template (main menu, footer) links everywhere; following it would pull the
  // whole site into the section.
  const template = templateLinks(all, (p) => rootSet.has(p) || under(p));
  const seen = new Set<PageObservation>();
  let frontier = roots.filter(isOk);
  for (const r of frontier) seen.add(r);
  for (let h = 0; h < hops && frontier.length > 0; h++) {
    const next: PageObservation[] = [];
    for (const p of frontier) {
      for (const l of anchors(p)) {
        if (template.has(urlKey(l.url))) continue;
        const q = index.get(l.url);
        if (q && !seen.has(q) && q.depth > 0) {
          seen.add(q);
          next.push(q);
        }
      }
    }
    frontier = next.filter(isOk);
  }
  if (prefixes.length > 0) for (const p of all) if (!seen.has(p) && under(p)) seen.add(p);
  return [...seen];
}

/**
 * Links of the site-wide template (main navigation, footer): present on at least half of the
 * fetched pages that are not `inside` (at least three such pages). A 「公共服务」 item in the
 * main menu says nothing about what the disclosure section publishes.
 */
export function templateLinks(all: PageObservation[], inside: (p: PageObservation) => boolean): Set<string> {
  const outside = all.filter((p) => isOk(p) && !inside(p));
  const out = new Set<string>();
  if (outside.length < 3) return out;
  const count = new Map<string, number>();
  for (const p of outside) for (const k of new Set(anchors(p).map((l) => urlKey(l.url)))) count.set(k, (count.get(k) ?? 0) + 1);
  for (const [k, n] of count) if (n >= outside.length / 2) out.add(k);
  return out;
}

/** A link somewhere in `pages` whose anchor text matches, with the page it sits on. */
export interface FoundLink {
  link: Link;
  page: PageObservation;
}

export function findLinks(pages: PageObservation[], test: (text: string, l: Link) => boolean): FoundLink[] {
  const out: FoundLink[] = [];
  const seen = new Set<string>();
  for (const p of pages) {
    for (const l of anchors(p)) {
      const t = norm(l.text);
      if (!t || !test(t, l)) continue;
      const k = urlKey(l.url) + '|' + t;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ link: l, page: p });
    }
  }
  return out;
}

/**
 * A section page that shows almost nothing: a JavaScript application shell (广东 gkmlpt is a
 * single-page app) or an error page served with 200. Its missing sub-columns are unknown, not absent.
 */
export function looksEmpty(p: PageObservation): boolean {
  return anchors(p).filter((l) => l.internal).length < 3 && bodyText(p).length < 200;
}

/** Pretty host+path for messages. */
export function shortUrl(u: string): string {
  try {
    const x = new URL(u);
    return x.host + x.pathname + x.search;
  } catch {
    return u;
  }
}

// ---------------------------------------------------------------------------------------------
// Findings: one summary per check (key = check id) and one finding per defect (own stable key,
// `data.defect = true` in evidence[0].data), as agreed across families.


export function summary(meta: CheckMeta, status: FindingStatus, message: Text, extra: Partial<Finding> = {}): Finding {
  return finding(meta, status, message, { key: meta.id, ...extra, evidence: (extra.evidence ?? []).slice(0, 20) });
}

export function defect(meta: CheckMeta, keyPart: string, status: 'fail' | 'warn', message: Text, evidence: Evidence, extra: Partial<Finding> = {}): Finding {
  const ev: Evidence = { ...evidence, data: { ...(evidence.data ?? {}), defect: true } };
  return finding(meta, status, message, { key: `${meta.id}|${keyPart}`, measure: 1, ...extra, evidence: [ev] });
}

/**
 * When not one page of the run was fetched (the site was down, blocked us, or robots forbade
 * it), a content check has nothing to judge: cannot_assess, with the home page's failure.
 */
export function nothingFetched(meta: CheckMeta, ctx: Pick<CheckContext, 'pages' | 'site'>): Finding | undefined {
  if (ctx.pages.some(isOk)) return undefined;
  const home = homePage(ctx);
  return summary(
    meta,
    'cannot_assess',
    { zh: `本次未能获取网站页面${home?.failure ? `（${home.failure.class}）` : ''}，无法评估`, en: `No page of the site was fetched in this run${home?.failure ? ` (${home.failure.class})` : ''}, so this could not be assessed` },
    { evidence: home ? [pageEvidence(home, { failureClass: home.failure?.class, text: home.failure?.message })] : [] },
  );
}

/** Status for a page we needed but could not read: whose fault decides fail vs cannot_assess. */
export function cannotRead(meta: CheckMeta, what: Text, p: PageObservation | undefined, state: ReturnType<typeof pageState>): Finding {
  const ev: Evidence[] = p ? [pageEvidence(p, { failureClass: p.failure?.class, text: p.failure?.message })] : [];
  if (state === 'not_crawled') {
    return summary(meta, 'cannot_assess', { zh: `${what.zh}未被抓取（可能超出抓取预算），无法评估`, en: `${what.en} was not fetched in this run (crawl budget?), so this could not be assessed` }, { evidence: ev });
  }
  return summary(meta, 'cannot_assess', { zh: `${what.zh}拒绝或阻止了访问（${p?.failure?.class ?? p?.status}），无法评估`, en: `${what.en} refused or blocked us (${p?.failure?.class ?? p?.status}), so this could not be assessed` }, { evidence: ev });
}
