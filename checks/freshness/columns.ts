/**
 * Column discovery for the freshness checks (V-02, V-03a/b/c, D-03): which columns (栏目) a
 * site has, of what type, where their list page is, which page and link text lead there, and
 * the newest date each one shows.
 *
 * Sources, strongest first: the column page's own <meta name="ColumnName"> (the 国办 page
 * metadata standard), the blocks of the home page (ListItem.block + its 「更多」 link), the
 * home page's navigation links, and for pages deeper down the anchor text that led to them
 * or their title. Classification uses checks/keywords.ts; every column keeps the keyword
 * that decided its class, because a person may have to overrule it (cn-indicators §b.2).
 */
import type { CheckContext, Evidence } from '../../model/finding.ts';
import type { ListItem, PageObservation } from '../../model/observation.ts';
import { failureBlame } from '../../model/observation.ts';
import { classifyColumn, isExemptColumn, keywordTables, matchKeyword, type ColumnClass, type KeywordTables } from '../keywords.ts';
import { homePage } from '../util.ts';
import { getDomain } from 'tldts';

export interface Column {
  /** Normalised URL of the column's list page (or home URL + #block for a home block without a link). */
  key: string;
  url: string;
  name: string;
  cls?: ColumnClass;
  keyword?: string;
  /** 一级栏目: on the home page, in its navigation, or one click from it. */
  topLevel: boolean;
  exempt: boolean;
  /** The page that links to the column and the link text used (evidence). */
  page?: string;
  linkText?: string;
  /** The crawled list page, when it was crawled. */
  listPage?: PageObservation;
  /** Items seen for this column: its list page's list plus its home-page block. */
  items: ListItem[];
  onHome: boolean;
}

export interface Newest {
  date?: string;
  raw?: string;
  title?: string;
  url?: string;
  dated: number;
  undated: number;
  /** Dates after ctx.now + 1 day: ignored (a fabricated or mistyped date must not make a column look fresh; V-04). */
  future: number;
}

const INDEX_RE = /\/(?:index|default)\.(?:s?html?|jsp|aspx?|php)$/i;

export function normUrl(u: string): string {
  try {
    const x = new URL(u);
    x.hash = '';
    let p = x.pathname.replace(INDEX_RE, '/');
    if (p.length > 1) p = p.replace(/\/+$/, '');
    return `${x.protocol}//${x.host.toLowerCase()}${p}${x.search}`;
  } catch {
    return u;
  }
}

/** Today's calendar date in Beijing time, the calendar the sites print their dates in. */
export function cnDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Calendar days from date a to date b (b − a), both YYYY-MM-DD. */
export function dayDiff(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The date `months` calendar months before `date` (clamped to the month's last day). */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) - months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const pageIndex = new WeakMap<PageObservation[], Map<string, PageObservation>>();

function pagesByUrl(pages: PageObservation[]): Map<string, PageObservation> {
  let m = pageIndex.get(pages);
  if (!m) {
    m = new Map();
    for (const p of pages) {
      m.set(normUrl(p.url), p);
      if (p.finalUrl) m.set(normUrl(p.finalUrl), p);
    }
    pageIndex.set(pages, m);
  }
  return m;
}

/**
 * List dates printed without a year ([09-29]) were given the latest plausible year by the
 * extractor; the reference says to take the year from the detail page (cn-indicators §G). When
 * the item's page was crawled and states its own date (meta PubDate or a 发布日期 label), that
 * date wins, so a column that stopped in 2024 does not look fresh in 2026.
 */
export function withDetailDates(items: ListItem[], pages: PageObservation[]): ListItem[] {
  const index = pagesByUrl(pages);
  return items.map((it) => {
    if (!it.date || !it.rawDate || /(?:19|20)\d{2}|[〇零一二三四五六七八九]{4}/.test(it.rawDate)) return it;
    const page = index.get(normUrl(it.url));
    const own = page?.dates?.find((d) => d.source === 'meta' || d.source === 'label');
    if (!own || own.date.slice(5) !== it.date.slice(5) || own.date === it.date) return it;
    return { ...it, date: own.date, rawDate: `${it.rawDate} (${own.label ?? own.source}: ${own.raw})` };
  });
}

export function newestOf(items: ListItem[], now: Date): Newest {
  const limit = cnDate(new Date(now.getTime() + 86_400_000));
  const out: Newest = { dated: 0, undated: 0, future: 0 };
  const seen = new Set<string>();
  for (const it of items) {
    if (seen.has(it.url)) continue;
    seen.add(it.url);
    if (!it.date) {
      out.undated++;
      continue;
    }
    if (it.date > limit) {
      out.future++;
      continue;
    }
    out.dated++;
    if (!out.date || it.date > out.date) Object.assign(out, { date: it.date, raw: it.rawDate ?? it.date, title: it.title, url: it.url });
  }
  return out;
}

export function okPage(p: PageObservation): boolean {
  if (p.failure) return false;
  return p.status >= 200 && p.status < 400;
}

/** A page that could not be fetched for reasons that are not the site's fault. */
export function blockedPage(p: PageObservation): boolean {
  return !!p.failure && failureBlame(p.failure.class) === 'cannot_assess';
}

const PAGINATION_TEXT = /^(?:下一页|上一页|下页|上页|尾页|末页|首页|第\s*\d+\s*页|\d{1,4}|[<>«»‹›]+|next|prev(?:ious)?|last|first|›|»)$/i;
// startrecord: a later record group of a 大汉 JCMS column, fetched from dataproxy.jsp by the crawler
const PAGINATION_URL = /(?:\/index_\d+\.s?html?$|[?&](?:page|pagenum|pageno|pageindex|currentpage|curpage|p|pn)=\d+|[?&]startrecord=\d+)/i;

/** Page 2…n of a list: its items are older by construction and it is not a column of its own. */
export function isPaginationPage(p: PageObservation): boolean {
  if (p.referrerText !== undefined && PAGINATION_TEXT.test(p.referrerText.trim())) return true;
  return PAGINATION_URL.test(p.finalUrl || p.url) && !/[?&](?:page|pagenum|pageno|pageindex|currentpage|curpage|p|pn)=1(?:&|$)/i.test(p.finalUrl || p.url);
}

function hostOf(u: string | undefined): string | undefined {
  try {
    return u ? new URL(u).hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The hosts that are this site: its own host with and without www, and the hosts of its
 * registered entries and seeds. A department on fgw.example.gov.cn is not judged on the city
 * portal www.example.gov.cn that the crawler may have followed (same registrable domain).
 */
export function siteHosts(site: CheckContext['site']): Set<string> {
  const out = new Set<string>();
  const h = hostOf(site.url);
  if (h) {
    out.add(h);
    out.add(h.startsWith('www.') ? h.slice(4) : `www.${h}`);
  }
  for (const u of [...Object.values(site.entries ?? {}), ...(site.seeds ?? [])]) {
    const x = hostOf(u);
    if (x) out.add(x);
  }
  return out;
}

const shadowIndex = new WeakMap<PageObservation[], Set<PageObservation>>();

/**
 * Static observations of URLs that Chromium also rendered without error. The crawler renders a
 * column page whose static list is empty but which loads scripts; the rendered copy (stored after
 * the static one) is what a visitor sees, so it is the one checks read (V-03c: a list built by
 * scripts is not a blank column; still empty after rendering, it is).
 */
function shadowedByRendered(pages: PageObservation[]): Set<PageObservation> {
  let out = shadowIndex.get(pages);
  if (!out) {
    out = new Set();
    const rendered = new Set(pages.filter((p) => p.rendered && okPage(p)).map((p) => normUrl(p.url)));
    if (rendered.size) for (const p of pages) if (!p.rendered && rendered.has(normUrl(p.url))) out.add(p);
    shadowIndex.set(pages, out);
  }
  return out;
}

/** The crawled pages that belong to the site itself (a rendered copy of a URL replaces its static one). */
export function sitePages(ctx: Pick<CheckContext, 'pages' | 'site'>): PageObservation[] {
  const hosts = siteHosts(ctx.site);
  const shadowed = shadowedByRendered(ctx.pages);
  return ctx.pages.filter((p) => {
    if (shadowed.has(p)) return false;
    const h = hostOf(p.finalUrl || p.url);
    return !h || hosts.has(h) || p.depth === 0;
  });
}

/**
 * Items that are the site's own publications: links on its registrable domain (or its hosts).
 * Lists syndicated from 中国政府网 (www.gov.cn) or a provincial portal update by themselves and
 * say nothing about whether the unit publishes (V-02, D-03).
 */
export function ownSiteItems(items: ListItem[], site: CheckContext['site']): { own: ListItem[]; offsite: number } {
  const hosts = siteHosts(site);
  const dom = getDomain(site.url);
  const own: ListItem[] = [];
  let offsite = 0;
  for (const it of items) {
    const h = hostOf(it.url);
    if (!h || hosts.has(h) || (dom && getDomain(it.url) === dom)) own.push(it);
    else offsite++;
  }
  return { own, offsite };
}

/**
 * When no page of the site could be read (unreachable, refused, blocked), content checks have
 * nothing to judge: they say cannot_assess and why, never fail. V-01 judges the outage itself.
 */
export function unreadableSite(ctx: Pick<CheckContext, 'pages' | 'site'>): { zh: string; en: string; evidence: Evidence[] } | undefined {
  const own = sitePages(ctx);
  if (own.some(okPage)) return undefined;
  const home = homePage(ctx) ?? own[0];
  const why = home?.failure?.class ?? (home ? `HTTP ${home.status}` : 'no page');
  return {
    zh: `网站页面无法获取（${why}），无法评估`,
    en: `No page of the site could be fetched (${why}); this cannot be assessed`,
    evidence: home ? [{ url: home.url, status: home.status, failureClass: home.failure?.class, text: home.failure?.message }] : [],
  };
}

const COLUMN_META = ['columnname', 'column', 'lanmu', 'catalogname', 'channelname'];

function metaColumn(p: PageObservation): string | undefined {
  for (const [k, v] of Object.entries(p.meta ?? {})) if (COLUMN_META.includes(k.toLowerCase()) && v.trim()) return v.trim();
  return undefined;
}

/** The title without the site name (「政务要闻_福州市人民政府」 → 政务要闻). */
export function titleColumn(title: string | undefined): string | undefined {
  if (!title) return undefined;
  const first = title.split(/\s*[_|｜—–-]{1,2}\s*/)[0]?.trim();
  return first && first.length <= 20 ? first : undefined;
}

/** Picks a column page's own list: the largest block of items plus the items in blocks named like the column. */
function ownItems(p: PageObservation, name: string): ListItem[] {
  const items = p.items ?? [];
  if (items.length === 0) return [];
  const byBlock = new Map<string, ListItem[]>();
  for (const it of items) {
    const b = it.block ?? '';
    const g = byBlock.get(b);
    if (g) g.push(it);
    else byBlock.set(b, [it]);
  }
  let largest: ListItem[] = [];
  for (const g of byBlock.values()) if (g.length > largest.length) largest = g;
  const out = new Set(largest);
  for (const [b, g] of byBlock) if (b && (b.includes(name) || name.includes(b))) for (const it of g) out.add(it);
  return [...out];
}

export interface Discovery {
  home?: PageObservation;
  columns: Column[];
  tables: KeywordTables;
}

const cache = new WeakMap<PageObservation[], Map<string, Discovery>>();

/** Columns of a site, memoised per context (the four freshness checks share one discovery). */
export function discoverColumns(ctx: Pick<CheckContext, 'pages' | 'site' | 'options'>): Discovery {
  const tables = keywordTables(ctx.options.keywords);
  const exemptExtra = Array.isArray(ctx.options.exemptColumns) ? (ctx.options.exemptColumns as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  const memoKey = JSON.stringify([ctx.options.keywords ?? null, exemptExtra]);
  let byOpts = cache.get(ctx.pages);
  const hit = byOpts?.get(memoKey);
  if (hit) return hit;

  const home = homePage(ctx);
  const cols = new Map<string, Column>();
  const pagesByUrlMap = pagesByUrl(ctx.pages);
  const isExempt = (name: string, url: string) => isExemptColumn(name, tables) || exemptExtra.some((x) => x === name || normUrl(x) === normUrl(url));

  const add = (c: Omit<Column, 'cls' | 'keyword' | 'exempt' | 'key' | 'items' | 'onHome'> & { items?: ListItem[]; onHome?: boolean }) => {
    const key = normUrl(c.url);
    const existing = cols.get(key);
    if (existing) {
      existing.items.push(...(c.items ?? []));
      existing.topLevel ||= c.topLevel;
      existing.onHome ||= !!c.onHome;
      if (!existing.page && c.page) Object.assign(existing, { page: c.page, linkText: c.linkText });
      if (!existing.cls) {
        const k = classifyColumn(c.name, tables);
        if (k) Object.assign(existing, { name: c.name, cls: k.cls, keyword: k.keyword });
      }
      return existing;
    }
    const k = classifyColumn(c.name, tables);
    const col: Column = { ...c, key, items: c.items ?? [], onHome: !!c.onHome, exempt: isExempt(c.name, c.url), ...(k ? { cls: k.cls, keyword: k.keyword } : {}) };
    cols.set(key, col);
    return col;
  };

  if (home && okPage(home)) {
    const homeUrl = home.finalUrl || home.url;
    // home-page blocks: 政务要闻 / 通知公告 … with their 「更多」 links
    const blocks = new Map<string, { name: string; url?: string; items: ListItem[] }>();
    for (const it of home.items ?? []) {
      if (!it.block && !it.blockUrl) continue;
      const k = `${it.block ?? ''}|${it.blockUrl ?? ''}`;
      const b = blocks.get(k) ?? { name: it.block ?? '', url: it.blockUrl, items: [] };
      b.items.push(it);
      blocks.set(k, b);
    }
    for (const b of blocks.values()) {
      const name = b.name || linkTextTo(home, b.url) || '';
      if (!classifyColumn(name, tables)) continue;
      add({ url: b.url ?? `${homeUrl}#${encodeURIComponent(name)}`, name, topLevel: true, page: homeUrl, linkText: name, items: b.items, onHome: true });
    }
    // navigation links of the home page that name a column
    for (const l of home.links ?? []) {
      if (l.tag !== 'a' || !l.internal || !l.text || l.text.length > 14) continue;
      if (!classifyColumn(l.text, tables)) continue;
      if (normUrl(l.url) === normUrl(homeUrl)) continue;
      add({ url: l.url, name: l.text, topLevel: true, page: homeUrl, linkText: l.text });
    }
  }

  // crawled pages: a known column's list page, or a list page that names a column itself
  for (const p of sitePages(ctx)) {
    if (p === home || !okPage(p) || isPaginationPage(p)) continue;
    const key = normUrl(p.finalUrl || p.url);
    const known = cols.get(key) ?? cols.get(normUrl(p.url));
    const metaName = metaColumn(p);
    const listy = (p.items?.length ?? 0) >= 3;
    let name = metaName ?? known?.name;
    if (!name && listy) {
      const byRef = p.referrerText && p.referrerText.length <= 14 && classifyColumn(p.referrerText, tables) ? p.referrerText : undefined;
      const byTitle = titleColumn(p.title);
      name = byRef ?? (byTitle && classifyColumn(byTitle, tables) ? byTitle : undefined);
    }
    if (!name || (!known && !classifyColumn(name, tables))) continue;
    // a detail page that carries its column's ColumnName is not the column's list page
    if (!known && !listy && (p.dates ?? []).some((d) => d.source === 'meta' || d.source === 'label') && !hasEmptyMarker(p, tables)) continue;
    const col = known ?? add({ url: p.finalUrl || p.url, name, topLevel: p.depth <= 1, page: p.referrer, linkText: p.referrerText });
    if (!col.listPage) {
      col.listPage = p;
      col.items.push(...ownItems(p, col.name));
      if (!col.page && p.referrer) Object.assign(col, { page: p.referrer, linkText: p.referrerText });
    }
  }
  // columns named on the home page whose list page was crawled under another URL form
  for (const c of cols.values()) if (!c.listPage) c.listPage = pagesByUrlMap.get(c.key);
  for (const c of cols.values()) c.items = withDetailDates(c.items, ctx.pages);

  const out: Discovery = { home, columns: [...cols.values()], tables };
  if (!byOpts) cache.set(ctx.pages, (byOpts = new Map()));
  byOpts.set(memoKey, out);
  return out;
}

function linkTextTo(p: PageObservation, url: string | undefined): string | undefined {
  if (!url) return undefined;
  const n = normUrl(url);
  return p.links?.find((l) => normUrl(l.url) === n && l.text && !/更多|more/i.test(l.text))?.text;
}

export function hasEmptyMarker(p: PageObservation, tables: KeywordTables): string | undefined {
  const t = `${p.text ?? ''}`;
  return matchKeyword(t.length > 20_000 ? t.slice(0, 20_000) : t, tables.emptyMarkers);
}

/** Column evidence for a maintainer: the column page, the page and link text that lead there, the newest date seen. */
export function columnEvidence(c: Column, n: Newest, extra: Record<string, unknown> = {}): Evidence {
  return {
    url: c.url,
    ...(c.page ? { page: c.page } : {}),
    ...(c.linkText ? { linkText: c.linkText } : {}),
    ...(n.date ? { date: n.date, text: n.raw } : {}),
    ...(c.listPage?.screenshot ? { screenshot: c.listPage.screenshot } : {}),
    data: {
      column: c.name,
      class: c.cls,
      keyword: c.keyword,
      topLevel: c.topLevel,
      onHome: c.onHome,
      listPageCrawled: !!c.listPage,
      items: n.dated + n.undated,
      undated: n.undated,
      ...(n.future ? { futureDated: n.future } : {}),
      ...(n.title ? { newestTitle: n.title, newestUrl: n.url } : {}),
      ...extra,
    },
  };
}
