/**
 * Dates and dated lists out of Chinese government pages, the raw material of every
 * freshness check (V-02, V-03a/b/c, D-03) and of the interaction checks (V-05b, D-05).
 *
 * Pure functions over an htmlparser2/domhandler Document. They run on every crawled page,
 * so the list extractor walks the DOM once and keeps text as slices of one array instead of
 * re-serialising sub-trees.
 *
 * Reference (cn-indicators §G "Date extraction order"): (1) meta PubDate, (2) labelled
 * metadata fields 发布日期/成文日期/发布时间, (3) list-item dates. A date without a year
 * ([09-29]) takes its year from context. No date = "未注明发布时间" = not updated (V-02 2015 note),
 * which is why undated list rows are still returned, with `date` absent.
 */
import type { ChildNode, Document, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { isTag, isText } from 'domhandler';
import type { DateHit, ListItem } from '../../model/observation.ts';

export interface ParsedDate {
  /** YYYY-MM-DD */
  date: string;
  /** The exact substring the date was read from. */
  raw: string;
}

export interface ParseDateOptions {
  /** Dates without a year resolve to the latest year that is not after refDate + 1 day (default: now). */
  refDate?: Date;
  /** Year to give dates printed without one (e.g. the year of the page they sit on). */
  contextYear?: number;
  /** Accept 8-digit compact dates (20261120). Default: only when the text looks like a URL. */
  compact?: boolean;
  /** Accept month-day dates without a year (default true). */
  yearless?: boolean;
}

const MIN_YEAR = 1949;
const MAX_YEAR = 2099;

const CN_DIGITS: Record<string, number> = {
  〇: 0, 零: 0, '○': 0, Ｏ: 0, O: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

const FULL_WIDTH = /[\uff10-\uff19－—–／．：［【］】\u3000]/g;
const HALF_OF: Record<string, string> = { '－': '-', '—': '-', '–': '-', '／': '/', '．': '.', '：': ':', '［': '[', '【': '[', '］': ']', '】': ']', '\u3000': ' ' };

/**
 * Full-width digits and date punctuation to ASCII, one char for one char (offsets stay valid).
 * One regex pass that returns the string itself when there is nothing to convert: it runs on
 * the whole text of every crawled page, where a char-by-char rebuild was half of extractDates.
 */
function halfWidth(s: string): string {
  return s.replace(FULL_WIDTH, (ch) => {
    const c = ch.charCodeAt(0);
    return c >= 0xff10 && c <= 0xff19 ? String.fromCharCode(c - 0xff10 + 48) : HALF_OF[ch];
  });
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function valid(y: number, m: number, d: number): boolean {
  return y >= MIN_YEAR && y <= MAX_YEAR && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 十一 → 11, 二十 → 20, 三十一 → 31, 九 → 9. */
function cnNumber(s: string): number | undefined {
  if (!s) return undefined;
  if (s === '十') return 10;
  const i = s.indexOf('十');
  if (i < 0) return s.length === 1 ? CN_DIGITS[s] : undefined;
  const tens = i === 0 ? 1 : CN_DIGITS[s.slice(0, i)];
  const unitStr = s.slice(i + 1);
  const units = unitStr === '' ? 0 : CN_DIGITS[unitStr];
  if (tens === undefined || units === undefined || unitStr.length > 1) return undefined;
  return tens * 10 + units;
}

// Each pattern guards against digits on both sides so 索引号 (11350100003591125L/2026-01234),
// phone numbers (0591-87654321) and long ids never yield a date.
const FULL_RE = /(?<![A-Za-z\d.])((?:19|20)\d{2})\s*(?:(年)\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?|([-/.])\s?(\d{1,2})\s?\5\s?(\d{1,2}))(?![\d.]|\s*[-/]\s*\d)/;
const CN_RE = /([〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*[日号]/;
const COMPACT_RE = /(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)/;
// Year-less: "11月20日", "[11-20]", "11-20", "11/20". Dots are excluded (3.14, v1.2 are not dates).
const MD_CN_RE = /(?<!\d|年\s*)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/;
const MD_RE = /(?<![\d\-/.:])(\d{1,2})([-/])(\d{1,2})(?![\d\-/.:])/;

function resolveYear(m: number, d: number, opts: ParseDateOptions): number | undefined {
  if (opts.contextYear) return valid(opts.contextYear, m, d) ? opts.contextYear : undefined;
  const ref = opts.refDate ?? new Date();
  const limit = ref.getTime() + 86_400_000;
  for (let y = ref.getUTCFullYear() + 1; y >= ref.getUTCFullYear() - 8; y--) {
    if (!valid(y, m, d)) continue;
    if (Date.UTC(y, m - 1, d) <= limit) return y;
  }
  return undefined;
}

function looksLikeUrl(s: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|\/)/i.test(s) || /\.s?html?\b|\.jsp\b|\.aspx?\b/i.test(s);
}

/**
 * Reads the first date in `raw`. Full dates (with a year) win over year-less ones anywhere
 * in the text, because a row like "2026年 11-20" must not be read as 11-20 of a guessed year.
 */
export function parseDateText(raw: string, opts: ParseDateOptions = {}): ParsedDate | undefined {
  if (!raw) return undefined;
  const s = halfWidth(raw);

  let m = FULL_RE.exec(s);
  while (m) {
    const y = Number(m[1]);
    const mo = Number(m[2] ? m[3] : m[6]);
    const d = Number(m[2] ? m[4] : m[7]);
    if (valid(y, mo, d)) return { date: iso(y, mo, d), raw: raw.slice(m.index, m.index + m[0].length).trim() };
    // an impossible date (2026-13-45) may hide a real one later in the text
    const next = m.index + m[0].length;
    const rest = FULL_RE.exec(s.slice(next));
    if (!rest) break;
    rest.index += next;
    m = rest;
  }

  const c = CN_RE.exec(s);
  if (c) {
    const y = Number([...c[1]].map((ch) => CN_DIGITS[ch]).join(''));
    const mo = cnNumber(c[2]);
    const d = cnNumber(c[3]);
    if (mo !== undefined && d !== undefined && valid(y, mo, d)) return { date: iso(y, mo, d), raw: raw.slice(c.index, c.index + c[0].length) };
  }

  if (opts.compact ?? looksLikeUrl(s)) {
    const k = COMPACT_RE.exec(s);
    if (k && valid(Number(k[1]), Number(k[2]), Number(k[3]))) return { date: iso(Number(k[1]), Number(k[2]), Number(k[3])), raw: k[0] };
  }

  if (opts.yearless === false) return undefined;
  for (const re of [MD_CN_RE, MD_RE]) {
    const x = re.exec(s);
    if (!x) continue;
    const mo = Number(x[1]);
    const d = Number(re === MD_RE ? x[3] : x[2]);
    if (mo < 1 || mo > 12 || d < 1 || d > 31) continue;
    const y = resolveYear(mo, d, opts);
    if (y === undefined) continue;
    return { date: iso(y, mo, d), raw: raw.slice(x.index, x.index + x[0].length) };
  }
  return undefined;
}

/**
 * The publication date CMSs encode in article URLs: TRS `t20221020_123.shtml`, JPaaS
 * `art/2021/12/29/art_…`, gov.cn `content/2026-11/20/content_…`, and plain `/20261120/`.
 */
export function dateFromUrl(url: string): ParsedDate | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url;
  }
  const pats: RegExp[] = [
    /\/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+/,
    /\/art\/((?:19|20)\d{2})\/(\d{1,2})\/(\d{1,2})\//,
    /\/((?:19|20)\d{2})-(\d{2})\/(\d{2})\//,
    /\/((?:19|20)\d{2})\/(\d{1,2})\/(\d{1,2})\//,
    /[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?=[/_.-])/,
  ];
  for (const re of pats) {
    const m = re.exec(path);
    if (m && valid(Number(m[1]), Number(m[2]), Number(m[3]))) return { date: iso(Number(m[1]), Number(m[2]), Number(m[3])), raw: m[0] };
  }
  return undefined;
}

// ---- page-level dates ------------------------------------------------------------------

/** Meta names that carry a publication date, in the order they are trusted (§G). */
export const DATE_META_NAMES = ['pubdate', 'publishdate', 'firstpublishedtime', 'og:published_time', 'article:published_time', 'publishtime', 'dc.date'];

/** Labels of metadata fields that introduce a date (detail pages of TRS/JCMS/开普云 and 信息公开 tables). */
export const DATE_LABELS = ['发布日期', '发布时间', '成文日期', '印发日期', '生成日期', '更新时间', '发文日期', '公开日期', '信息时间', '日期', '时间'];

// "时间" alone is too generic: these prefixes make it a different field (a letter's reply time, a deadline …).
// 「当前时间：」「北京时间：」 in page headers are the clock, not the page's date.
const OTHER_TIME_FIELDS = /(来信|回复|答复|办结|受理|截止|开始|结束|报名|会议|活动|访问|浏览|办理|留言|提交|咨询|征集|访谈|出生|任职|工作|当前|北京|系统|今天|今日)$/;

const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'head', 'select', 'option', 'textarea', 'svg', 'iframe']);

/** Visible text pieces of a document (one per text node, whitespace-collapsed, empty ones dropped). */
function textPieces(doc: Document): string[] {
  const out: string[] = [];
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (isText(n)) {
        const t = collapse(n.data); // same as replace(/\s+/g, ' ').trim(), without the copy when nothing changes
        if (t) out.push(t);
      } else if (isTag(n)) {
        if (SKIP_TAGS.has(n.name)) continue;
        walk(n.children);
      }
    }
  };
  walk(doc.children);
  return out;
}

function metaValue(meta: Record<string, string>, name: string): [string, string] | undefined {
  for (const [k, v] of Object.entries(meta)) if (k.toLowerCase() === name && v?.trim()) return [k, v];
  return undefined;
}

/**
 * Every date a page states about itself, in the reference order: meta first, then labelled
 * fields, then full dates in the text; with `url`, the date in the URL last. Year-less dates
 * in running text are ignored (too many false positives: scores, ranges, phone extensions).
 */
export function extractDates(doc: Document, meta: Record<string, string> = {}, url?: string, opts: ParseDateOptions = {}): DateHit[] {
  const hits: DateHit[] = [];
  const seen = new Set<string>();
  const push = (h: DateHit) => {
    const k = `${h.source}|${h.label ?? ''}|${h.date}`;
    if (seen.has(k)) return;
    seen.add(k);
    hits.push(h);
  };

  for (const name of DATE_META_NAMES) {
    const mv = metaValue(meta, name);
    if (!mv) continue;
    // gov.cn writes firstpublishedtime as 2020-06-01-16:42:09: the dash before the time is a separator
    const value = mv[1].replace(/^(\s*\d{4}-\d{1,2}-\d{1,2})-(?=\d{1,2}:\d{2})/, '$1 ');
    const p = parseDateText(value, { ...opts, compact: true, yearless: false });
    if (p) push({ date: p.date, source: 'meta', label: mv[0], raw: mv[1].trim() });
  }

  const text = textPieces(doc).join(' ');
  const labelRe = new RegExp(`(${DATE_LABELS.join('|')})\\s*([:：]?)\\s*`, 'g');
  for (let m = labelRe.exec(text); m; m = labelRe.exec(text)) {
    const label = m[1];
    const colon = m[2];
    if ((label === '时间' || label === '日期') && !colon) continue;
    if (label === '时间' || label === '日期') {
      const before = text.slice(Math.max(0, m.index - 4), m.index);
      if (OTHER_TIME_FIELDS.test(before)) continue;
    }
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 24);
    const p = parseDateText(after, { ...opts, yearless: false });
    // the date must follow the label directly, not somewhere later in the sentence
    if (p && after.indexOf(p.raw) <= 2) push({ date: p.date, source: 'label', label, raw: `${m[0]}${p.raw}`.trim() });
  }

  let count = 0;
  const fullRe = new RegExp(FULL_RE.source, 'g');
  const ht = halfWidth(text);
  for (let m = fullRe.exec(ht); m && count < 50; m = fullRe.exec(ht)) {
    const p = parseDateText(text.slice(m.index, m.index + m[0].length), { ...opts, yearless: false });
    if (p) {
      count++;
      push({ date: p.date, source: 'text', raw: p.raw });
    }
  }
  const cnRe = new RegExp(CN_RE.source, 'g');
  for (let m = cnRe.exec(ht); m && count < 50; m = cnRe.exec(ht)) {
    const p = parseDateText(m[0], { ...opts, yearless: false });
    if (p) {
      count++;
      push({ date: p.date, source: 'text', raw: p.raw });
    }
  }

  if (url) {
    const u = dateFromUrl(url);
    if (u) push({ date: u.date, source: 'url', raw: u.raw });
  }
  return hits;
}

// ---- dated lists -----------------------------------------------------------------------

export interface ExtractListOptions {
  /** For year-less list dates ([11-20]): the fetch time of the page (default now). */
  refDate?: Date;
}

interface LinkRec {
  el: Element;
  href: string;
  /** Range of text pieces inside the link. */
  p0: number;
  p1: number;
}

interface Span {
  p0: number;
  p1: number;
  l0: number;
  l1: number;
  rows: number;
}

const ROW_TAGS = new Set(['li', 'tr', 'dd', 'dt']);
const ROWISH_BLOCKS = new Set(['div', 'p', 'section', 'article']);
const NAV_RE = /(?:^|[\s_-])(?:nav|menu|navbar|topbar|header|footer|foot|breadcrumb|crumb|position|location|dh|daohang)(?:$|[\s_-]|\d)/i;
const MORE_RE = /^(?:[>》»+\s]*(?:更多|more|查看更多|更多信息|更多>>|更多\+)[>》»+\s.…]*|[>》»]{2,}|\+|＋|more\s*[>+»]*)$/i;
const HEADING_CLASS_RE = /(?:^|[\s_-])(?:tit|title|titles|hd|head|heading|tab|tabs|tabnav|name|lm|lmmc|bt|caption|column|channel|label)(?:$|[\s_-]|\d)/i;
const ELLIPSIS_RE = /(?:\.{2,}|…+)$/;
/** Link texts that are file names: attachments, not list entries. */
const FILE_NAME_RE = /^(?:附件\s*\d*\s*[:：]?\s*)?\S.*\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z|txt|jpe?g|png|gif)$/i;
const FULL_YEAR_RE = /(?:19|20)\d{2}|[〇零○Ｏ一二三四五六七八九]{4}/;
/** What may sit around a row's date: brackets, a 发布时间/日期 label, a weekday. */
const DATE_DECOR_RE = /[[\]()（）【】〔〕\s:：|·,，]|(?:发布|更新|发文|成文)?(?:时间|日期)|星期[一二三四五六日天]|周[一二三四五六日]/g;

const TODAY_RE = /今天|今日|当前时间|现在时间|星期[一二三四五六日天]|礼拜[一二三四五六日天]/;

/** The piece is the date and nothing else a reader would call content. */
function standaloneDate(piece: string, p: ParsedDate): boolean {
  const rest = piece.replace(p.raw, '').replace(DATE_DECOR_RE, '');
  // 「来源：县政府 发布时间：2026-11-20」 is a row's info line, not prose
  return rest.length <= 1 || (rest.length <= 30 && ROW_INFO_RE.test(rest));
}
const ROW_INFO_RE = /^(?:信息来源|来源|发布机构|发布单位|发文机关|作者|编辑|责任编辑|浏览次数|浏览|点击|阅读)/;

// Whitespace other than a single ASCII space: only then is there anything to collapse.
const NEEDS_COLLAPSE = /[^\S ]| {2}/;

/**
 * Whitespace runs to one space, ends trimmed. Trimming first is the same (trim() and \s strip
 * the same characters), and most text nodes need nothing more: this runs on every text node of
 * every page, where the unconditional replace was a fifth of extractListItems.
 */
function collapse(s: string): string {
  const t = s.trim();
  return NEEDS_COLLAPSE.test(t) ? t.replace(/\s+/g, ' ') : t;
}

function elText(el: Element, cap = 200): string {
  let out = '';
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (out.length > cap) return;
      if (isText(n)) out += ' ' + n.data;
      else if (isTag(n) && !SKIP_TAGS.has(n.name)) walk(n.children);
    }
  };
  walk(el.children);
  return collapse(out);
}

function isInside(el: Element, ancestor: Element): boolean {
  for (let p: Element | null = el; p; p = p.parent && isTag(p.parent) ? p.parent : null) if (p === ancestor) return true;
  return false;
}

function elementChildren(el: { children: ChildNode[] }): Element[] {
  return el.children.filter((c): c is Element => isTag(c) && !SKIP_TAGS.has(c.name));
}

function firstLink(el: Element): Element | undefined {
  if (el.name === 'a' && el.attribs.href) return el;
  for (const c of elementChildren(el)) {
    const l = firstLink(c);
    if (l) return l;
  }
  return undefined;
}

function allLinks(el: Element, out: Element[] = []): Element[] {
  if (el.name === 'a' && el.attribs.href) out.push(el);
  for (const c of elementChildren(el)) allLinks(c, out);
  return out;
}

function usableHref(href: string | undefined): boolean {
  if (!href) return false;
  const h = href.trim().toLowerCase();
  return !!h && !h.startsWith('javascript:') && !h.startsWith('#') && !h.startsWith('mailto:') && !h.startsWith('tel:');
}

function resolveUrl(href: string, base: string): string | undefined {
  try {
    const u = new URL(href.trim(), base);
    u.hash = '';
    return u.href;
  } catch {
    return undefined;
  }
}

function isHeadingLike(el: Element): boolean {
  if (/^h[1-6]$/.test(el.name)) return true;
  const cls = `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`;
  // a menu bar or breadcrumb just above a list is not its heading (breadcrumbs are read by crumbColumn)
  if (NAV_RE.test(cls) || el.name === 'nav') return false;
  if (HEADING_CLASS_RE.test(cls)) return true;
  // table-built portals put the column head in its own one-row table (<td class="lmmc">县内要闻</td><td>更多>></td>)
  if (['span', 'strong', 'b', 'em', 'p', 'div', 'dt', 'caption', 'legend', 'table', 'tbody', 'tr', 'td', 'th'].includes(el.name)) {
    const t = elText(el, 40);
    const links = allLinks(el);
    return t.length >= 2 && t.length <= 20 && links.length <= 3 && !parseDateText(t, { yearless: false });
  }
  return false;
}

interface Heading {
  text?: string;
  url?: string;
}

const CRUMB_LABEL_RE = /当前位置|您现在的位置|现在的位置|您的位置|所在位置|当前的位置/;
const CRUMB_SEP_RE = /[>＞»›→]|&gt;/;

/**
 * The column a breadcrumb ends on (「您现在的位置是：首页 >> 信息公开 >> 信息公开年报」): on a column
 * page that is the name of the list below it, where no heading of its own is printed.
 */
function crumbColumn(el: Element, base: string): Heading | undefined {
  const all = allLinks(el);
  const more = all.filter((a) => MORE_RE.test(collapse(elText(a, 30))));
  const links = all.filter((a) => usableHref(a.attribs.href) && !more.includes(a));
  if (links.length < 2) return undefined;
  let text = elText(el, 160);
  if (text.length > 150) return undefined;
  for (const a of more) text = text.replace(collapse(elText(a, 30)), '');
  // labelled (当前位置：…), or links chained by 「>」 with nothing else between them
  let rest = text;
  for (const a of links) rest = rest.replace(collapse(elText(a, 40)), '');
  const chained = CRUMB_SEP_RE.test(text) && rest.replace(/[>＞»›→\s]|&gt;/g, '').length <= 2;
  if (!CRUMB_LABEL_RE.test(text) && !chained) return undefined;
  const last = links[links.length - 1];
  const name = collapse(elText(last, 40));
  if (!name || name.length > 20 || /^(?:首页|网站首页|正文)$/.test(name)) return undefined;
  return { text: name, url: resolveUrl(last.attribs.href, base) };
}

/** Column name and 「更多」 link of the block a list sits in: a heading before it, tabs, or a more-link after it. */
function findHeading(container: Element, base: string): Heading {
  let node: Element = container;
  const out: Heading = {};
  for (let level = 0; level < 4 && node; level++) {
    // a 「更多」 right after the list belongs to it
    if (!out.url) {
      let nx = node.nextSibling;
      for (let i = 0; nx && i < 3; nx = nx.nextSibling) {
        if (!isTag(nx)) continue;
        i++;
        // one walk of the sibling's subtree for both questions: at the upper levels it is most of the page
        const nxLinks = allLinks(nx);
        const more = nxLinks.find((a) => MORE_RE.test(collapse(elText(a))) || /more/i.test(a.attribs.class ?? ''));
        if (more && usableHref(more.attribs.href)) {
          out.url = resolveUrl(more.attribs.href, base);
          break;
        }
        if (nxLinks.length > 3) break;
      }
    }
    let prev = node.previousSibling;
    // TRS setTab blocks: <div class="tab">…</div><div id="con_one_1"><ul>…</ul></div><div id="con_one_2">…:
    // the bodies before this one, between it and the tab head, give its tab index
    let bodiesBefore = 0;
    let bodyLinks = 0;
    for (let i = 0; prev && i < 4 + bodiesBefore; prev = prev.previousSibling) {
      if (!isTag(prev) || SKIP_TAGS.has(prev.name)) continue;
      i++;
      const crumb = crumbColumn(prev, base);
      if (crumb) {
        out.text = crumb.text;
        out.url ??= crumb.url;
        return out;
      }
      if (!isHeadingLike(prev)) {
        const n = allLinks(prev).length;
        if (prev.name === node.name && n > 0 && bodiesBefore < 20) {
          bodiesBefore++;
          bodyLinks = Math.max(bodyLinks, n);
          continue;
        }
        if (n > 3) break;
        continue;
      }
      // a plain heading above several sibling lists was never theirs unless they are tab bodies
      if (bodyLinks > 3 && tabItems(prev).length < 2) break;
      const links = allLinks(prev).filter((a) => usableHref(a.attribs.href));
      const moreLink = links.find((a) => MORE_RE.test(elText(a)) || /more/i.test(a.attribs.class ?? ''));
      if (moreLink && !out.url) out.url = resolveUrl(moreLink.attribs.href, base);
      // tabs: several short items, the n-th list under the tab body is the n-th tab
      const tabs = tabItems(prev);
      if (tabs.length >= 2) {
        const idx = bodiesBefore > 0 ? bodiesBefore : listIndex(container, node);
        const tab = tabs[Math.min(idx, tabs.length - 1)];
        out.text = elText(tab, 40).replace(/[>》»]+$/, '').trim();
        const tl = firstLink(tab);
        if (tl && usableHref(tl.attribs.href) && !MORE_RE.test(elText(tl))) out.url = resolveUrl(tl.attribs.href, base) ?? out.url;
        return out;
      }
      let text = '';
      for (const n of prev.children) text += isText(n) ? n.data : isTag(n) && n !== moreLink && !SKIP_TAGS.has(n.name) ? ' ' + elText(n, 60) : '';
      text = collapse(text).replace(/\s*(?:更多|more)\s*[>》»+]*$/i, '').replace(/[>》»]+$/, '').trim();
      if (text && text.length <= 30) {
        out.text = text;
        if (!out.url) {
          const own = links.find((a) => a !== moreLink);
          if (own) out.url = resolveUrl(own.attribs.href, base);
        }
        return out;
      }
    }
    const title = node.attribs.title ?? node.attribs['data-title'];
    if (title && title.length <= 30 && node !== container) {
      out.text = collapse(title);
      return out;
    }
    if (!node.parent || !isTag(node.parent)) break;
    node = node.parent;
  }
  return out;
}

function tabItems(el: Element): Element[] {
  // a lone 「更多」 beside the tab list (<div class="tab-hd"><ul>…</ul><a class="more">) is not a tab
  let kids = elementChildren(el).filter((k) => !(MORE_RE.test(elText(k, 30)) || /more/i.test(k.attribs.class ?? '')));
  // <div class="tabs"><ul><li>…</li><li>…</li></ul></div>
  while (kids.length === 1 && elementChildren(kids[0]).length >= 2) kids = elementChildren(kids[0]);
  const items = kids.filter((k) => {
    const t = elText(k, 30);
    return t.length >= 2 && t.length <= 14 && !MORE_RE.test(t);
  });
  return items.length >= 2 && items.length === kids.filter((k) => !MORE_RE.test(elText(k, 30))).length ? items : [];
}

/** Position of the list among list-like siblings under the tab body (0 when alone). */
function listIndex(container: Element, top: Element): number {
  let node: Element = container;
  while (node.parent && isTag(node.parent) && node !== top) {
    const sibs = elementChildren(node.parent).filter((s) => s.name === node.name);
    if (sibs.length >= 2) return sibs.indexOf(node);
    node = node.parent;
  }
  return 0;
}

function classOf(el: Element): string {
  return `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`;
}

const DAY_ONLY = /^(\d{1,2})\s*日?$/;
const YEAR_MONTH = /^((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*月?$/;

/** A date printed as a tile: the day in one element and the year-month in the next (either order). */
export function splitDate(a: string, b: string): ParsedDate | undefined {
  const x = halfWidth(a).trim();
  const y = halfWidth(b).trim();
  let d = DAY_ONLY.exec(x);
  let ym = YEAR_MONTH.exec(y);
  if (!d || !ym) {
    ym = YEAR_MONTH.exec(x);
    d = DAY_ONLY.exec(y);
  }
  if (!d || !ym) return undefined;
  const yr = Number(ym[1]);
  const mo = Number(ym[2]);
  const day = Number(d[1]);
  return valid(yr, mo, day) ? { date: iso(yr, mo, day), raw: `${a.trim()} ${b.trim()}` } : undefined;
}

interface RowCandidate {
  row: Element;
  container: Element;
  link: LinkRec;
  title: string;
  date?: ParsedDate;
}

/**
 * Dated list entries of a page (home-page blocks, column lists, search results): each row
 * holding one main link and, usually, a date. Handles `ul.list li a + span.date`, table rows,
 * `<li><a>…</a>[11-20]</li>`, div rows and dates inside the link. Rows without a date are
 * kept (V-02: undated items count as not updated) only in lists that look like news lists.
 */
export function extractListItems(doc: Document, pageUrl: string, opts: ExtractListOptions = {}): ListItem[] {
  const pieces: string[] = [];
  const links: LinkRec[] = [];
  const rows: RowCandidate[] = [];
  const navRows = new Set<Element>();
  const scriptLists: Array<{ el: Element; text: string }> = [];
  let base = pageUrl;
  const dateOpts: ParseDateOptions = { refDate: opts.refDate };

  const walk = (el: Element | Document, inNav: boolean): Span => {
    const span: Span = { p0: pieces.length, p1: 0, l0: links.length, l1: 0, rows: 0 };
    let linkRec: LinkRec | undefined;
    if (isTag(el as Element) && (el as Element).name === 'a') {
      const a = el as Element;
      if (usableHref(a.attribs.href)) {
        linkRec = { el: a, href: a.attribs.href, p0: pieces.length, p1: 0 };
        links.push(linkRec);
      }
    }
    for (const n of el.children) {
      if (isText(n)) {
        const t = collapse(n.data);
        if (t) pieces.push(t);
      } else if (isTag(n)) {
        if (n.name === 'base' && n.attribs.href) {
          base = resolveUrl(n.attribs.href, pageUrl) ?? base;
          continue;
        }
        if (n.name === 'script') {
          const t = n.children.map((c) => (isText(c) ? c.data : '')).join('');
          if (SCRIPT_LIST_RE.test(t)) scriptLists.push({ el: n, text: t });
          continue;
        }
        if (SKIP_TAGS.has(n.name) && n.name !== 'head') continue;
        const childNav = inNav || n.name === 'nav' || n.name === 'header' || n.name === 'footer' || NAV_RE.test(classOf(n));
        const s = walk(n, childNav);
        span.rows += s.rows;
      }
    }
    span.p1 = pieces.length;
    span.l1 = links.length;
    if (linkRec) linkRec.p1 = pieces.length;
    if (!isTag(el as Element)) return span;
    const e = el as Element;
    if (span.rows === 0 && (ROW_TAGS.has(e.name) || ROWISH_BLOCKS.has(e.name)) && span.l1 - span.l0 >= 1 && span.l1 - span.l0 <= 4) {
      const cand = evaluateRow(e, span);
      if (cand) {
        rows.push(cand);
        if (inNav) navRows.add(e);
        span.rows = 1;
      } else if (e.name === 'tr') {
        const pairs = cellPairs(e, span);
        for (const c of pairs) rows.push(c);
        if (pairs.length) span.rows = pairs.length;
      }
    }
    return span;
  };

  // Older table layouts put two columns' entries in one row: <tr><td><a>A</a></td><td>11-20</td><td><a>B</a></td><td>11-19</td></tr>.
  // Each link cell followed by a date-only cell is an entry of its own.
  const cellPairs = (tr: Element, span: Span): RowCandidate[] => {
    const cells = elementChildren(tr).filter((c) => c.name === 'td');
    if (cells.length < 4) return [];
    const out: RowCandidate[] = [];
    for (let i = 0; i + 1 < cells.length; i++) {
      const ls = links.slice(span.l0, span.l1).filter((l) => isInside(l.el, cells[i]));
      if (ls.length !== 1 || allLinks(cells[i + 1]).length > 0) continue;
      const dt = elText(cells[i + 1], 40);
      const date = dt.length <= 30 ? parseDateText(dt, dateOpts) : undefined;
      if (!date || !standaloneDate(dt, date) || TODAY_RE.test(dt)) continue;
      const title = collapse(pieces.slice(ls[0].p0, ls[0].p1).join(' ')) || collapse(ls[0].el.attribs.title ?? '');
      if (!title || MORE_RE.test(title) || FILE_NAME_RE.test(title)) continue;
      const attrTitle = collapse(ls[0].el.attribs.title ?? '');
      out.push({ row: cells[i], container: (tr.parent && isTag(tr.parent) ? tr.parent : tr) as Element, link: ls[0], title: attrTitle.length > title.length && ELLIPSIS_RE.test(title) ? attrTitle : title, date });
      i++;
    }
    return out.length >= 2 ? out : [];
  };

  const evaluateRow = (e: Element, span: Span): RowCandidate | undefined => {
    if (e.name === 'tr' && elementChildren(e).some((c) => c.name === 'th')) return undefined;
    const ls = links.slice(span.l0, span.l1).filter((l) => l.p1 > l.p0 || l.el.attribs.title);
    if (ls.length === 0) return undefined;
    const textOf = (l: LinkRec) => collapse(pieces.slice(l.p0, l.p1).join(' '));
    const texts = ls.map(textOf);
    let best = 0;
    for (let i = 1; i < ls.length; i++) if (texts[i].length > texts[best].length) best = i;
    const main = ls[best];
    const mainText = texts[best];
    if (MORE_RE.test(mainText)) return undefined;
    for (let i = 0; i < ls.length; i++) if (i !== best && texts[i].length > 8 && !MORE_RE.test(texts[i])) return undefined;

    // An attachment link (「申报表.docx」) under an article is not a list entry, whatever date sits near it.
    if (FILE_NAME_RE.test(mainText)) return undefined;
    const rowish = ROWISH_BLOCKS.has(e.name);
    let date: ParsedDate | undefined;
    let datePiece = -1;
    // outside the link, last piece first (dates sit at the end of a row)
    for (let i = span.p1 - 1; i >= span.p0 && !date; i--) {
      if (i >= main.p0 && i < main.p1) continue;
      if (pieces[i].length > 40) continue;
      const p = parseDateText(pieces[i], dateOpts);
      // Page furniture (「今天是：2026年11月21日 星期六」 beside a login link) and prose (「1月4日，…召开」)
      // are not a row's date: div/p rows and year-less dates need the piece to be the date alone.
      if (p && (rowish || !FULL_YEAR_RE.test(p.raw)) && !standaloneDate(pieces[i], p)) continue;
      // 「今天是2026年11月21日 星期六 | 设为首页 | 加入收藏」: list rows never print the weekday or 今天
      if (p && TODAY_RE.test(pieces[i])) continue;
      date = p;
      if (date) datePiece = i;
    }
    // calendar-tile dates split over two elements: <span>20</span><span>2026-11</span>
    for (let i = span.p0; i < span.p1 - 1 && !date; i++) {
      if ((i >= main.p0 && i < main.p1) || (i + 1 >= main.p0 && i + 1 < main.p1)) continue;
      date = splitDate(pieces[i], pieces[i + 1]);
    }
    // the date inside the link (<a><span>标题</span><span>2026-11-20</span></a>), never from the title itself
    if (!date && main.p1 - main.p0 >= 2) {
      for (let i = main.p1 - 1; i >= main.p0 && !date; i--) {
        if (pieces[i].length > 25) continue;
        const p = parseDateText(pieces[i], dateOpts);
        if (p && p.raw.length >= pieces[i].replace(/[[\]()（）\s]/g, '').length - 2) {
          date = p;
          datePiece = i;
        }
      }
    }
    // <dt><a>标题</a></dt><dd>2026-11-20</dd>: the date sits in the next sibling, which has no link
    if (!date && (e.name === 'dt' || e.name === 'dd' || e.name === 'li' || e.name === 'p')) {
      let nx = e.nextSibling;
      while (nx && !isTag(nx)) nx = nx.nextSibling;
      if (nx && isTag(nx) && (nx.name === 'dd' || nx.name === 'span' || nx.name === 'p' || nx.name === 'em') && allLinks(nx).length === 0) {
        const t = elText(nx, 40);
        if (t.length <= 30) date = parseDateText(t, dateOpts);
      }
    }
    let title = collapse(pieces.slice(main.p0, main.p1).filter((_, k) => main.p0 + k !== datePiece).join(' '));
    const attrTitle = collapse(main.el.attribs.title ?? '');
    if (attrTitle && (!title || (attrTitle.length > title.length && (ELLIPSIS_RE.test(title) || attrTitle.startsWith(title.slice(0, 4)))))) title = attrTitle;
    if (!title) return undefined;
    // a div is a row only when it carries a date; undated divs are layout, not list entries
    if (!date && ROWISH_BLOCKS.has(e.name)) return undefined;
    if (date && ROWISH_BLOCKS.has(e.name) && title.length < 4) return undefined;
    return { row: e, container: (e.parent && isTag(e.parent) ? e.parent : e) as Element, link: main, title, date };
  };

  walk(doc, false);

  // group rows by their container to decide on undated rows and to find each block's heading
  const groups = new Map<Element, RowCandidate[]>();
  for (const r of rows) {
    const g = groups.get(r.container);
    if (g) g.push(r);
    else groups.set(r.container, [r]);
  }
  const keep = new Set<RowCandidate>();
  const headings = new Map<Element, Heading>();
  for (const [container, g] of groups) {
    const dated = g.filter((r) => r.date).length;
    const nav = g.some((r) => navRows.has(r.row));
    const avgLen = g.reduce((s, r) => s + r.title.length, 0) / g.length;
    const newsLike = !nav && g.length >= 3 && avgLen >= 10;
    // A single dated row in a nav bar ("2026年11月20日 星期五") is not a list.
    const listy = dated >= 1 && (g.length >= 2 || !nav);
    for (const r of g) if ((r.date && listy) || (!r.date && (dated >= Math.max(1, g.length / 3) || newsLike) && !nav)) keep.add(r);
    if (g.some((r) => keep.has(r))) {
      const hc = container.name === 'tbody' && container.parent && isTag(container.parent) ? container.parent : container;
      headings.set(container, findHeading(hc, base));
    }
  }

  const out: ListItem[] = [];
  for (const r of rows) {
    if (!keep.has(r)) continue;
    const url = resolveUrl(r.link.href, base);
    if (!url) continue;
    const h = headings.get(r.container) ?? {};
    const item: ListItem = { title: r.title, url };
    if (r.date) {
      item.date = r.date.date;
      item.rawDate = r.date.raw;
    }
    if (h.text) item.block = h.text;
    if (h.url) item.blockUrl = h.url;
    out.push(item);
  }
  for (const s of scriptLists) {
    const html = scriptListHtml(s.text);
    if (!html) continue;
    const inner = extractListItems(parseDocument(`<ul>${html}</ul>`), base, opts);
    if (inner.length === 0) continue;
    const h = findHeading(s.el, base);
    for (const it of inner) {
      if (!it.block && h.text) it.block = h.text;
      if (!it.blockUrl && h.url) it.blockUrl = h.url;
      out.push(it);
    }
  }
  return out;
}

// Lists that CMSs ship inside scripts and build in the browser: 大汉 JCMS / 浙江 JPaaS
// `<script type="text/xml"><datastore><recordset><record><![CDATA[<li>…</li>]]></record>…`, and
// Hanweb `urls[i]='…';headers[i]="…";year[i]='2026';month[i]='11';day[i]='20';`.
const SCRIPT_LIST_RE = /<record[\s>]|<recordset|<datastore|urls\[i\]\s*=/i;
const RECORD_RE = /<record[^>]*>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/record>/gi;
const HANWEB_RE = /urls\[i\]\s*=\s*['"]([^'"]*)['"]\s*;\s*headers\[i\]\s*=\s*(["'])([\s\S]*?)\2\s*;\s*year\[i\]\s*=\s*['"]?(\d{4})['"]?\s*;\s*month\[i\]\s*=\s*['"]?(\d{1,2})['"]?\s*;\s*day\[i\]\s*=\s*['"]?(\d{1,2})['"]?/g;
const MAX_SCRIPT_RECORDS = 500;

function escAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function scriptListHtml(text: string): string | undefined {
  const parts: string[] = [];
  for (const m of text.matchAll(RECORD_RE)) {
    parts.push(/^\s*<li[\s>]/i.test(m[1]) ? m[1] : `<li>${m[1]}</li>`);
    if (parts.length >= MAX_SCRIPT_RECORDS) break;
  }
  if (parts.length === 0) {
    for (const m of text.matchAll(HANWEB_RE)) {
      const title = m[3].replace(/<[^>]*>/g, '').trim() || (/title\s*=\s*['"]([^'"]+)/i.exec(m[3])?.[1] ?? '');
      parts.push(`<li><a href="${escAttr(m[1])}">${escAttr(title)}</a><span>${m[4]}-${m[5]}-${m[6]}</span></li>`);
      if (parts.length >= MAX_SCRIPT_RECORDS) break;
    }
  }
  return parts.length ? parts.join('') : undefined;
}
