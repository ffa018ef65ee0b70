/**
 * URL normalisation and the trap guards that keep a crawl finite: session ids stripped,
 * a cap on distinct query strings per path, repeated path segments, and calendars that step
 * into far years. Every refusal is counted per reason with a sample URL, so the crawl can say
 * exactly what it skipped and why.
 */

const SESSION_PARAMS = /^(?:jsessionid|phpsessid|sid|sessionid|session_id|aspsessionid\w*|cfid|cftoken)$/i;
const TRACKING_PARAMS = /^utm_[a-z]+$/i;

export interface Normalised {
  url: string;
  /** A session id was stripped (counted for the trap_session_id event). */
  hadSession: boolean;
}

/**
 * Canonical form used for de-duplication: lower-case scheme and host, default port dropped
 * (URL does both), fragment removed, session ids and utm_* removed; the remaining query
 * parameters keep their order because some CMSs route on it.
 */
export function normaliseUrl(raw: string, base?: string): Normalised | undefined {
  let u: URL;
  try {
    u = new URL(raw, base);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  u.hash = '';
  let hadSession = false;
  if (/;jsessionid=/i.test(u.pathname)) {
    u.pathname = u.pathname.replace(/;jsessionid=[^/?;]*/gi, '');
    hadSession = true;
  }
  if (u.search) {
    const kept: string[] = [];
    for (const part of u.search.slice(1).split('&')) {
      if (!part) continue;
      const name = decodeSafe(part.split('=')[0]);
      if (SESSION_PARAMS.test(name)) {
        hadSession = true;
        continue;
      }
      if (TRACKING_PARAMS.test(name)) continue;
      kept.push(part);
    }
    u.search = kept.length ? `?${kept.join('&')}` : '';
  }
  return { url: u.href, hadSession };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export type TrapKind = 'trap_query_variants' | 'trap_path_repeat' | 'trap_calendar';

export interface TrapStat {
  count: number;
  sample: string;
  /** Refusals per host+path, so the event can name every offending list or calendar. */
  paths: Map<string, number>;
}

export interface TrapGuardOptions {
  maxQueryVariants: number;
  /** Years outside [now - pastYears, now + futureYears] in a path or query look like a calendar walking away. */
  pastYears?: number;
  futureYears?: number;
  /** Distinct date values per URL pattern before the pattern counts as a calendar. */
  maxDateVariants?: number;
  maxPathSegments?: number;
  now?: Date;
}

const DATE_IN_URL = /(?:^|[^\d])((?:19|20|21)\d{2})[-/_.]?(0[1-9]|1[0-2])(?:[-/_.]?(0[1-9]|[12]\d|3[01]))?(?!\d)/g;
const YEAR_PARAM = /^(?:y|year|yyyy|nian|nd)$/i;

/** Decides whether a new URL may enter the frontier; keeps per-path counters. */
export class TrapGuard {
  private queryVariants = new Map<string, Set<string>>();
  private datePatterns = new Map<string, Set<string>>();
  readonly stats = new Map<TrapKind, TrapStat>();
  private readonly opts: Required<TrapGuardOptions>;

  constructor(opts: TrapGuardOptions) {
    this.opts = { pastYears: 30, futureYears: 2, maxDateVariants: 60, maxPathSegments: 20, now: new Date(), ...opts };
  }

  private hit(kind: TrapKind, url: string): TrapKind {
    let s = this.stats.get(kind);
    if (s) s.count++;
    else this.stats.set(kind, (s = { count: 1, sample: url, paths: new Map() }));
    let path = url;
    try {
      const u = new URL(url);
      path = u.host + u.pathname;
    } catch {
      /* keep the raw URL */
    }
    if (s.paths.size < 100 || s.paths.has(path)) s.paths.set(path, (s.paths.get(path) ?? 0) + 1);
    return kind;
  }

  /** undefined when the URL is fine, otherwise the trap it looks like. */
  check(url: string): TrapKind | undefined {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return undefined;
    }
    const segs = u.pathname.split('/').filter(Boolean);
    if (segs.length > this.opts.maxPathSegments || repeatsSegments(segs)) return this.hit('trap_path_repeat', url);

    // Calendar: a year far from now, or too many distinct dates on one URL pattern.
    const year = this.opts.now.getUTCFullYear();
    const target = decodeSafe(u.pathname + u.search);
    let dates = 0;
    for (const m of target.matchAll(DATE_IN_URL)) {
      const y = Number(m[1]);
      if (y < year - this.opts.pastYears || y > year + this.opts.futureYears) return this.hit('trap_calendar', url);
      dates++;
    }
    for (const [k, v] of u.searchParams) {
      if (YEAR_PARAM.test(k) && /^\d{4}$/.test(v)) {
        const y = Number(v);
        if (y < year - this.opts.pastYears || y > year + this.opts.futureYears) return this.hit('trap_calendar', url);
        dates++;
      }
    }
    if (dates > 0) {
      // Only the date parts are generalised: article URLs such as /202401/t20240115_123.html keep
      // their ids and stay distinct, while ?date=2024-01-05 stepping day by day collapses to one pattern.
      const key = u.host + target.replace(DATE_IN_URL, (s: string) => (/^\d/.test(s) ? '' : s[0]) + '{date}').replace(/\b(y|m|d|year|month|day|nian|yue|ri)=\d+/gi, '$1={n}');
      let set = this.datePatterns.get(key);
      if (!set) this.datePatterns.set(key, (set = new Set()));
      if (!set.has(target)) {
        if (set.size >= this.opts.maxDateVariants) return this.hit('trap_calendar', url);
        set.add(target);
      }
    }

    if (u.search) {
      const path = `${u.host}${u.pathname}`;
      let set = this.queryVariants.get(path);
      if (!set) this.queryVariants.set(path, (set = new Set()));
      if (!set.has(u.search)) {
        if (set.size >= this.opts.maxQueryVariants) return this.hit('trap_query_variants', url);
        set.add(u.search);
      }
    }
    return undefined;
  }
}

/** /a/b/a/b/a/b or /x/x/x: a run of segments repeated three times in a row (relative-link loops). */
export function repeatsSegments(segs: string[]): boolean {
  const n = segs.length;
  if (n < 3) return false;
  for (let len = 1; len * 3 <= n; len++) {
    for (let start = 0; start + len * 3 <= n; start++) {
      let ok = true;
      for (let k = 0; k < len && ok; k++) {
        const a = segs[start + k];
        if (a !== segs[start + len + k] || a !== segs[start + 2 * len + k]) ok = false;
      }
      if (ok) return true;
    }
  }
  return false;
}

const PAGE_EXT = /\.(?:s?html?|xhtml|jsp|jspx|asp|aspx|php|php\d|do|action|jhtml|cgi|cfm|htmls|shtm|nsf)$/i;
const NON_PAGE_EXT =
  /\.(?:pdf|docx?|xlsx?|pptx?|wps|et|dps|ofd|ceb|txt|rtf|csv|xml|json|zip|rar|7z|gz|tgz|tar|bz2|jpe?g|png|gif|bmp|webp|svg|ico|tiff?|mp[34]|m4a|avi|mov|wmv|flv|swf|wav|apk|exe|msi|dmg|iso|css|js|woff2?|ttf|eot|otf)$/i;

/** Whether a URL should be fetched as a page (by its path) rather than link-checked. */
export function looksLikePage(url: string): boolean {
  let p: string;
  try {
    p = new URL(url).pathname;
  } catch {
    return false;
  }
  if (NON_PAGE_EXT.test(p)) return false;
  if (PAGE_EXT.test(p)) return true;
  const last = p.slice(p.lastIndexOf('/') + 1);
  // No extension (/zwgk/, /article/123): most likely a page.
  return !/\.[a-z0-9]{1,5}$/i.test(last);
}

export function isHtmlContentType(ct: string | undefined): boolean {
  if (!ct) return true; // many old servers send none for .html; the body decides
  return /text\/html|application\/xhtml\+xml/i.test(ct);
}

/**
 * Rank offsets added to depth × 4 (lowest fetched first). Under a page budget the crawl must
 * reach the columns (栏目) before the articles they list: freshness (V-03a/b/c), letters (V-05b)
 * and disclosure (G-01…) are judged on column pages, while one more article adds little. An
 * article ranks after the column and other pages one level deeper (it is a leaf: 信息公开
 * categories sit at depth 3 behind depth-2 article lists) but before those two levels deeper;
 * pager pages (page 2…n of a list) come after the articles: their items are older by construction.
 */
export const PRIORITY = { column: 0, other: 1, article: 6, pager: 7 } as const;
export type PagePriority = (typeof PRIORITY)[keyof typeof PRIORITY];

/** Article URLs of the CMSs that run most government portals: TRS t20240115_123, JCMS art_1_2, gkmlpt post_1, content_1 … */
const ARTICLE_URL =
  /(?:\/t\d{8}_\d+|\/art_\d+_\d+|\/art\/\d{4}\/|\/post_\d+|\/content_\d+|\/(?:detail|details|show|view|article|info|news|content|doc)[_-]?\d+|\/\d{4}-?\d{2}\/\d{1,2}\/?[\w-]*\d{4,}|\/\d{6,}\.s?html?$|\/(?:show|detail|view|content|article|info)\w*\.(?:jsp|do|aspx?|php)\?(?:.*&)?id=)|[?&](?:articleid|infoid|newsid|docid|contentid|artid|aid)=/i;
/** Column URLs: JCMS /col/col123/, folders, index pages, list pages and the usual column folders. */
const COLUMN_URL = /(?:\/col\/col\d+|\/col\d+\/|\/(?:xxgk|zwgk|gkml|xxgkml|zfxxgk|zfxxgkml|xwzx|xwdt|tzgg|zcwj|hdjl|zmhd|bsfw|zwfw|ztzl)(?:\/|$|\.s?html?$)|\/(?:index|default|list|lists)(?:_\d+)?\.(?:s?html?|jsp|aspx?|php)$|\/$|[/_](?:list|channel|lanmu|column|catalog)(?:[_\d]*\.\w+$|\/)|[?&](?:channelid|columnid|catid|classid|colid|lmid|nodeid)=)/i;
const PAGER_URL = /(?:\/(?:index|default|list)_\d+\.s?html?$|[?&](?:page|pagenum|pageno|pageindex|currentpage|curpage|pn)=\d+)/i;
// bare numbers up to 3 digits: 12345 is the citizens' hotline (政务服务便民热线), not page 12345
const PAGER_TEXT = /^(?:下一页|上一页|下页|上页|尾页|末页|第\s*\d+\s*页|\d{1,3}|[<>«»‹›]+|next|prev(?:ious)?|last|›|»)$/i;
/** Menu-sized anchor texts (政务公开, 通知公告, 领导信箱): column names, not article titles. */
const MENU_TEXT = /^[\u3400-\u9fff（）()·、]{2,8}$/;

export interface PriorityHints {
  /** The link is a list row of the linking page (ListItem.url): an article. */
  listRow?: boolean;
  /** The link is a block's 「更多」 target on the linking page (ListItem.blockUrl): a column. */
  blockMore?: boolean;
  rel?: string;
}

export function pagePriority(url: string, text: string, hints: PriorityHints = {}): PagePriority {
  const t = text.trim();
  if (hints.rel === 'pager' || PAGER_TEXT.test(t) || PAGER_URL.test(url)) return PRIORITY.pager;
  if (hints.blockMore || /^(?:更多|more|查看更多|更多>+|>>|more>+)$/i.test(t)) return PRIORITY.column;
  if (hints.listRow || ARTICLE_URL.test(url)) return PRIORITY.article;
  if (COLUMN_URL.test(url) || MENU_TEXT.test(t)) return PRIORITY.column;
  return PRIORITY.other;
}
