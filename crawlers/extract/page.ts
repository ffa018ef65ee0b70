/**
 * Everything the checks read from one HTML page, from a single htmlparser2 parse and a single
 * tree walk: title, visible text, footer text, meta tags, links of every kind with their
 * anchor text, forms, data tables, navigation size and script sources.
 *
 * The walk appends visible text fragments to one array; an element's text is the slice of
 * fragments produced while inside it, so anchor texts, cell texts and the footer cost nothing
 * extra. Pages are hostile input: every cap is applied here, nothing throws.
 */
import { parseDocument } from 'htmlparser2';
import { Element } from 'domhandler';
import type { Document, ChildNode } from 'domhandler';
import { getDomain, getHostname } from 'tldts';
import type { Form, FormField, Link, LinkTag, Table } from '../../model/observation.ts';

export interface ExtractOptions {
  /** The site's home page URL: links on its registrable domain (or its exact host) are internal. */
  siteUrl: string;
  /** Hosts of the registry's other sites: on the same registrable domain, yet not this site's pages. */
  otherSites?: ReadonlySet<string>;
  maxTextChars?: number;
  maxTables?: number;
  maxRowsPerTable?: number;
  maxLinks?: number;
}

export interface ExtractedPage {
  title?: string;
  text: string;
  footerText?: string;
  meta: Record<string, string>;
  links: Link[];
  forms: Form[];
  tables: Table[];
  navLinkCount: number;
  scriptSrcs: string[];
  inlineScripts: number;
  /** The parsed document, for extractors that walk it themselves (dates, list items). */
  doc: Document;
}

const SKIP_TEXT = new Set(['script', 'style', 'template', 'head', 'noembed', 'svg', 'math']);
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'td', 'tfoot',
  'th', 'thead', 'tr', 'ul', 'option', 'center', 'caption', 'title',
]);
const NAV_RE = /(?:^|[\s_-])(?:nav|navs|navbar|menu|menus|mainnav|topnav|daohang|dh|lanmu)(?:$|[\s_\d-])/i;
const FOOT_RE = /foot|copyright|bottom|dibu|banquan/i;
const FOOTER_FALLBACK_RE = /版权所有|主办单位|主办：|主办:|网站标识码|ICP备|ICP证|公网安备/;
/** window.open('…') / location.href='…' in an onclick: many CMS lists link their articles this way. */
const ONCLICK_URL_RE = /(?:window\.open|location\.(?:replace|assign))\(\s*["']([^"']+)["']|location(?:\.href)?\s*=\s*["']([^"']+)["']/;
const JS_REDIRECT_RE = /(?:window\.|document\.|top\.|self\.|parent\.)?location(?:\.href)?\s*=\s*["']([^"']+)["']|location\.(?:replace|assign)\(\s*["']([^"']+)["']\s*\)/;

const domainCache = new Map<string, string | null>();
function registrable(host: string): string | null {
  let d = domainCache.get(host);
  if (d === undefined) {
    d = getDomain(host, { allowPrivateDomains: false }) ?? null;
    if (domainCache.size > 10_000) domainCache.clear();
    domainCache.set(host, d);
  }
  return d;
}

/**
 * Same registrable domain as the site (sub-domains count: fgw.xx.gov.cn belongs to
 * www.xx.gov.cn), or the same host for IPs and single-label hosts — except the hosts of other
 * registered sites (the city portal linked from one of its departments is another site).
 */
export function isInternalUrl(url: string, siteUrl: string, otherSites?: ReadonlySet<string>): boolean {
  const h = getHostname(url);
  const s = getHostname(siteUrl);
  if (!h || !s) return false;
  return isInternalHost(h, s, otherSites);
}

/** isInternalUrl for host names already parsed (the extractor has them from its URL parse). */
export function isInternalHost(host: string, siteHost: string, otherSites?: ReadonlySet<string>): boolean {
  // URL host names are lower-case already; IPv6 literals come bracketed from URL, bare from tldts.
  const h = host.charCodeAt(0) === 91 ? host.slice(1, -1) : host;
  const s = siteHost;
  if (!h || !s) return false;
  if (h === s) return true;
  if (otherSites?.has(h)) return false;
  const dh = registrable(h);
  const ds = registrable(s);
  return !!dh && dh === ds;
}

function collapse(s: string): string {
  return s.replace(/[\s\u00a0\u3000\u200b]+/g, ' ').trim();
}

function attr(el: Element, name: string): string | undefined {
  const v = el.attribs[name];
  return v === undefined ? undefined : v.trim();
}

interface WalkState {
  parts: string[];
  base: string;
  siteUrl: string;
  /** Host name of siteUrl, as tldts reads it. */
  siteHost: string;
  otherSites: ReadonlySet<string> | undefined;
  links: Link[];
  linkIndex: Map<string, number>;
  maxLinks: number;
  meta: Record<string, string>;
  forms: Form[];
  tables: Table[];
  maxTables: number;
  maxRows: number;
  navDepth: number;
  navLinks: number;
  footerDepth: number;
  footerStarts: Array<[number, number]>;
  inA: Element | null;
  depth: number;
  scriptSrcs: string[];
  inlineScripts: number;
  title?: string;
  lastHeading?: string;
  form: Form | null;
  baseSet: boolean;
  /** The last JCMS datastore seen: its next-group proxy URL and how many records it shipped. */
  datastore?: { proxy: string; records: number; pagesLinked: boolean };
}

function resolveHref(raw: string, base: string): { url?: string; host?: string; invalid?: string; skip?: boolean } {
  const v = raw.replace(/[\t\n\r]/g, '').trim();
  if (!v || v === '#' || v.startsWith('#')) return { skip: true };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(v)?.[1]?.toLowerCase();
  if (scheme === 'javascript' || scheme === 'data' || scheme === 'about' || scheme === 'blob') return { skip: true };
  if (scheme === 'mailto') return /^mailto:[^@\s]+@[^@\s]+\.[^@\s]+/i.test(v) ? { url: v } : { url: v, invalid: 'mailto: without a valid address' };
  if (scheme === 'tel') return /\d{3,}/.test(v) ? { url: v } : { url: v, invalid: 'tel: without a number' };
  if (scheme && scheme !== 'http' && scheme !== 'https') return { skip: true };
  try {
    const u = new URL(v, base);
    if (!u.hostname) return { url: v, invalid: 'URL without a host' };
    u.hash = '';
    return { url: u.href, host: u.hostname };
  } catch {
    return { url: v, invalid: 'unparseable URL' };
  }
}

function addLink(st: WalkState, raw: string | undefined, tag: LinkTag, text: string, el: Element, rel?: string): number {
  if (raw === undefined) return -1;
  const r = resolveHref(raw, st.base);
  if (r.skip || !r.url) return -1;
  const key = `${tag}|${r.url}`;
  const existing = st.linkIndex.get(key);
  if (existing !== undefined) {
    if (st.footerDepth > 0) st.links[existing].inFooter = true;
    return existing;
  }
  if (st.links.length >= st.maxLinks) return -1;
  const isHttp = r.host !== undefined && !r.invalid && /^https?:/i.test(r.url);
  const link: Link = { url: r.url, raw: raw.slice(0, 500), tag, text: text.slice(0, 200), internal: isHttp && isInternalHost(r.host!, st.siteHost, st.otherSites) };
  if (st.footerDepth > 0) link.inFooter = true;
  const relAttr = rel ?? attr(el, 'rel');
  if (relAttr) link.rel = relAttr;
  if (r.invalid) link.invalid = r.invalid;
  // Subresource Integrity on scripts and stylesheets (N-03, Observatory's sri test).
  if ((tag === 'script' || tag === 'link') && el.attribs.integrity) link.integrity = el.attribs.integrity.trim().slice(0, 300);
  st.linkIndex.set(key, st.links.length);
  st.links.push(link);
  return st.links.length - 1;
}

function textSince(st: WalkState, start: number): string {
  return collapse(st.parts.slice(start).join(''));
}

function isFooterEl(el: Element): boolean {
  if (el.name === 'footer') return true;
  const { id, class: cls } = el.attribs;
  return (id !== undefined && FOOT_RE.test(id)) || (cls !== undefined && FOOT_RE.test(cls));
}

function isNavEl(el: Element): boolean {
  if (el.name === 'nav' || el.name === 'header') return true;
  const { id, class: cls, role } = el.attribs;
  return (id !== undefined && NAV_RE.test(id)) || (cls !== undefined && NAV_RE.test(cls)) || role === 'navigation';
}

/** Texts of an <img> that stand in for anchor text when a link wraps only an image. */
function imgText(el: Element): string {
  return collapse(el.attribs.alt ?? el.attribs.title ?? '');
}

/**
 * Descendants in document order without recursion: hostile pages nest elements tens of
 * thousands deep, which would overflow the stack of a recursive walk.
 */
function* descendants(root: { children: ChildNode[] }, skip?: (el: Element) => boolean): Generator<ChildNode> {
  const stack: ChildNode[] = [];
  for (let i = root.children.length - 1; i >= 0; i--) stack.push(root.children[i]);
  while (stack.length) {
    const n = stack.pop()!;
    yield n;
    if (n.type === 'tag' || n.type === 'script' || n.type === 'style') {
      const el = n as Element;
      if (skip?.(el)) continue;
      for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]);
    }
  }
}

function firstImgAlt(el: Element): string {
  for (const n of descendants(el)) {
    if (n.type === 'tag' && (n as Element).name === 'img') {
      const t = imgText(n as Element);
      if (t) return t;
    }
  }
  return '';
}

function walkTable(st: WalkState, table: Element, visit: (n: ChildNode) => void): void {
  // A layout table (the skeleton of many older portals) holds other tables; only leaf tables are data.
  const start = st.parts.length;
  const rows: Array<{ cells: string[]; url?: string; header: boolean }> = [];
  let nested = false;
  const linksBefore = st.links.length;
  const visitRows = (n: ChildNode): void => {
    if (n.type !== 'tag') {
      visit(n);
      return;
    }
    const el = n as Element;
    if (el.name === 'table') nested = true;
    if (el.name === 'tr') {
      const cells: string[] = [];
      let header = true;
      const rowLinkStart = st.links.length;
      for (const c of el.children) {
        if (c.type === 'tag' && ((c as Element).name === 'td' || (c as Element).name === 'th')) {
          const s = st.parts.length;
          if ((c as Element).name === 'td') header = false;
          visit(c);
          cells.push(textSince(st, s).slice(0, 300));
        } else visit(c);
      }
      let url: string | undefined;
      for (let i = rowLinkStart; i < st.links.length; i++) {
        if (st.links[i].tag === 'a') {
          url = st.links[i].url;
          break;
        }
      }
      // A link seen earlier on the page is deduplicated, so look for the row's first <a> in the DOM too.
      if (!url) {
        const a = findFirst(el, 'a');
        const r = a?.attribs.href ? resolveHref(a.attribs.href, st.base) : undefined;
        if (r?.url && !r.invalid) url = r.url;
      }
      rows.push({ cells, url, header: header && cells.length > 0 });
      return;
    }
    if (el.name === 'caption') {
      visit(el);
      return;
    }
    // thead/tbody/tfoot
    if (el.name === 'thead' || el.name === 'tbody' || el.name === 'tfoot') {
      for (const c of el.children) visitRows(c);
      return;
    }
    visit(el);
  };
  for (const c of table.children) visitRows(c);
  void linksBefore;
  if (nested || st.tables.length >= st.maxTables) return;
  const dataRows = rows.filter((r) => !r.header && r.cells.some((c) => c));
  if (dataRows.length === 0) return;
  const headerRow = rows.find((r) => r.header);
  const captionEl = findFirst(table, 'caption');
  const caption = captionEl ? collapse(textOfEl(captionEl)) : st.lastHeading;
  const t: Table = {
    headers: headerRow?.cells ?? [],
    rows: dataRows.slice(0, st.maxRows).map((r) => (r.url ? { cells: r.cells, url: r.url } : { cells: r.cells })),
  };
  if (caption) t.caption = caption.slice(0, 200);
  st.tables.push(t);
  void start;
}

function findFirst(el: Element, name: string): Element | undefined {
  // Nested tables are not searched (their captions and links are their own).
  for (const n of descendants(el, (e) => e.name === 'table' && name !== 'table')) {
    if ((n.type === 'tag' || n.type === 'script' || n.type === 'style') && (n as Element).name === name) return n as Element;
  }
  return undefined;
}

function textOfEl(el: Element): string {
  const parts: string[] = [];
  for (const n of descendants(el, (e) => e.name === 'script' || e.name === 'style')) {
    if (n.type === 'text') parts.push((n as unknown as { data: string }).data);
    else if (n.type === 'tag') parts.push(' ');
  }
  return parts.join('');
}

const MAX_DEPTH = 250;

/**
 * TRS WCM (the most common CMS of Chinese government portals) writes its list pager with
 * JavaScript: `createPageHTML(10, 0, "index", "shtml")` (or, in newer templates,
 * `createPageHTML('page_div', 10, 0, 'index', 'shtml', 200)`). The pages are index.shtml,
 * index_1.shtml … next to the current page; without this a static crawl sees only page 1.
 */
function trsPager(st: WalkState, el: Element, code: string): void {
  for (const m of code.matchAll(/createPageHTML\s*\(([^()]*)\)/g)) {
    // the standard TRS snippet passes variables: `var countPage = 7; createPageHTML(countPage, currentPage, "index", "html")`
    const args = m[1].split(',').map((x) => x.trim()).map((x) => (/^[A-Za-z_$][\w$]*$/.test(x) ? (new RegExp(`\\b${x.replace(/\$/g, '\\$')}\\s*=\\s*(\\d+)`).exec(code)?.[1] ?? x) : x));
    const nums = args.filter((x) => /^\d+$/.test(x)).map(Number);
    const strs = args.filter((x) => /^["'][^"']*["']$/.test(x)).map((x) => x.slice(1, -1));
    if (nums.length < 2 || strs.length < 2) continue; // the function's own definition has names, not values
    const [count] = nums;
    const [name, ext] = strs.slice(-2);
    if (!/^[\w-]+$/.test(name) || !/^[a-z]{2,6}$/i.test(ext)) continue;
    for (let i = 0; i < Math.min(count, 200); i++) addLink(st, i === 0 ? `${name}.${ext}` : `${name}_${i}.${ext}`, 'a', `第${i + 1}页`, el, 'pager');
  }
}

/**
 * Older TRS templates inline the pager instead of calling createPageHTML: `var countPage = 2`
 * and `document.write("<a href=\"index"+"_" + nextPage + "."+"html\">下一页</a>")`.
 */
function trsInlinePager(st: WalkState, el: Element, code: string): void {
  const n = /\bcountPage\s*=\s*(\d+)/.exec(code);
  const m = /([\w-]+)["']\s*\+\s*["']_["']\s*\+\s*\(?\s*[\w.]+(?:\s*[-+]\s*\d+)?\s*\)?\s*\+\s*["']\.["']\s*\+\s*["']([a-z]{2,6})\b/i.exec(code);
  if (!n || !m) return;
  for (let i = 0; i < Math.min(Number(n[1]), 200); i++) addLink(st, i === 0 ? `${m[1]}.${m[2]}` : `${m[1]}_${i}.${m[2]}`, 'a', `第${i + 1}页`, el, 'pager');
}

/**
 * 大汉 JCMS ships the first group of a column's records in the page's datastore (typically three
 * pages' worth) and fetches later groups from `/module/web/jpage/dataproxy.jsp` with
 * startrecord/endrecord/perpage plus the nextgroup link's parameters (webid, columnid, unitid …),
 * read by the JSP from the query string as well as a POST body. The jpage call that follows the
 * datastore gives perPage and totalRecord: one pager link per later group, named by the first page
 * it covers (第4页 …), so the crawl's maxPagerPages applies to it as to TRS pagers.
 */
function jcmsProxyPager(st: WalkState, el: Element, code: string): void {
  const ds = st.datastore!;
  ds.pagesLinked = true;
  const perPage = Number(/perPage\s*[:=]\s*['"]?(\d+)/.exec(code)?.[1] ?? 15) || 15;
  const total = Number(/totalRecord\s*[:=]\s*['"]?(\d+)/.exec(code)?.[1] ?? 0);
  if (!total || total <= ds.records) return;
  let base: URL;
  try {
    base = new URL(ds.proxy, st.base);
  } catch {
    return;
  }
  base.searchParams.delete('page');
  const group = Math.max(perPage, ds.records - (ds.records % perPage));
  for (let start = ds.records + 1, n = 0; start <= total && n < 60; start += group, n++) {
    const u = new URL(base.href);
    u.searchParams.set('startrecord', String(start));
    u.searchParams.set('endrecord', String(Math.min(total, start + group - 1)));
    u.searchParams.set('perpage', String(perPage));
    addLink(st, u.href, 'a', `第${Math.floor((start - 1) / perPage) + 1}页`, el, 'pager');
  }
}

const PARSE_OPTS = { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true };

/**
 * 大汉 JCMS (and CMSs copying it) ship column lists as `<script type="text/xml"><datastore>
 * <recordset><record><![CDATA[<li><a …>…</a><span>date</span></li>]]></record>…` and build the
 * list with JavaScript. The records are plain HTML: they replace the script in the tree, so the
 * links, the text and the dated-list extractor see what a visitor sees, without a browser.
 */
function expandDatastore(script: Element, st?: WalkState): Element | undefined {
  const type = (script.attribs.type ?? '').toLowerCase();
  const first = script.children[0] as unknown as { data?: string } | undefined;
  const code = first?.data;
  if (!code || !(type.includes('xml') || code.includes('<datastore')) || !code.includes('<record')) return undefined;
  const records: string[] = [];
  for (const m of code.matchAll(/<record>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/record>/g)) {
    records.push(m[1]);
    if (records.length >= 500) break;
  }
  const next = /<nextgroup>\s*<!\[CDATA\[[\s\S]*?href=["']([^"']*dataproxy\.jsp[^"']*)["']/i.exec(code)?.[1];
  if (st && next && records.length) st.datastore = { proxy: next.replace(/&amp;/g, '&'), records: records.length, pagesLinked: false };
  if (!records.length) return undefined;
  const frag = parseDocument(records.join('\n'), PARSE_OPTS);
  const kids = frag.children as ChildNode[];
  const div = new Element('div', { class: 'govmon-datastore' }, kids);
  for (const k of kids) k.parent = div;
  const parent = script.parent;
  if (parent) {
    const i = parent.children.indexOf(script);
    if (i >= 0) parent.children[i] = div;
    div.parent = parent;
    div.prev = script.prev;
    div.next = script.next;
    if (script.prev) script.prev.next = div;
    if (script.next) script.next.prev = div;
  }
  return div;
}

/** Below MAX_DEPTH the structure is not walked any more: text and anchors are still collected, iteratively. */
function flatWalk(st: WalkState, el: Element): void {
  for (const n of descendants(el, (e) => SKIP_TEXT.has(e.name))) {
    if (n.type === 'text') st.parts.push((n as unknown as { data: string }).data);
    else if (n.type === 'tag') {
      const e = n as Element;
      st.parts.push(' ');
      if ((e.name === 'a' || e.name === 'area') && e.attribs.href !== undefined) addLink(st, e.attribs.href, e.name, collapse(textOfEl(e)), e);
      else if (e.name === 'img') addLink(st, e.attribs.src, 'img', imgText(e), e);
    }
  }
}

function formFields(st: WalkState, form: Form, el: Element): void {
  const type = (attr(el, 'type') ?? (el.name === 'input' ? 'text' : el.name)).toLowerCase();
  if (el.name === 'button' || type === 'submit' || type === 'image') return;
  const name = attr(el, 'name') ?? attr(el, 'id') ?? '';
  if (type === 'hidden' && !name) return;
  const f: FormField = { name, type };
  const label = attr(el, 'placeholder') ?? attr(el, 'aria-label') ?? attr(el, 'title');
  if (label) f.label = collapse(label).slice(0, 100);
  if (form.fields.length < 50) form.fields.push(f);
  void st;
}

function walk(st: WalkState, node: ChildNode): void {
  switch (node.type) {
    case 'text': {
      st.parts.push((node as unknown as { data: string }).data);
      return;
    }
    case 'tag':
    case 'script':
    case 'style':
      break;
    default:
      return;
  }
  const el = node as Element;
  if (st.depth >= MAX_DEPTH) {
    flatWalk(st, el);
    return;
  }
  st.depth++;
  try {
    walkElement(st, el);
  } finally {
    st.depth--;
  }
}

function walkElement(st: WalkState, el: Element): void {
  const name = el.name;
  const a = el.attribs;

  // Elements whose content is not visible text.
  if (name === 'script') {
    const store = !a.src && expandDatastore(el, st);
    if (store) {
      walkElement(st, store);
      return;
    }
    if (a.src) {
      const idx = addLink(st, a.src, 'script', '', el);
      if (idx >= 0 && st.scriptSrcs.length < 200) st.scriptSrcs.push(st.links[idx].url);
    } else {
      st.inlineScripts++;
      const first = el.children[0] as unknown as { data?: string } | undefined;
      const code = first?.data;
      if (code && st.datastore && !st.datastore.pagesLinked && /\bjpage\s*\(|totalRecord|perPage/.test(code)) jcmsProxyPager(st, el, code);
      if (code && code.length < 50_000 && code.includes('createPageHTML')) trsPager(st, el, code);
      else if (code && code.length < 50_000 && code.includes('countPage')) trsInlinePager(st, el, code);
      if (code && code.length < 4000) {
        const m = JS_REDIRECT_RE.exec(code);
        const target = m?.[1] ?? m?.[2];
        if (target && !/^javascript:/i.test(target)) addLink(st, target, 'script', '', el, 'js-redirect');
      }
    }
    return;
  }
  if (name === 'style' || name === 'template') return;
  if (name === 'title') {
    if (st.title === undefined) st.title = collapse(textOfEl(el)).slice(0, 500);
    return;
  }
  if (name === 'base') {
    if (!st.baseSet && a.href) {
      try {
        st.base = new URL(a.href.trim(), st.base).href;
        st.baseSet = true;
      } catch {
        /* an unparseable <base> is ignored, as browsers do */
      }
    }
    return;
  }
  if (name === 'meta') {
    const key = a.name ?? a.property ?? a['http-equiv'] ?? a.itemprop;
    if (key && a.content !== undefined && st.meta[key] === undefined) st.meta[key] = a.content.trim().slice(0, 2000);
    if (a['http-equiv']?.toLowerCase() === 'refresh' && a.content) {
      const m = /url\s*=\s*['"]?([^'";]+)/i.exec(a.content);
      if (m) addLink(st, m[1], 'link', '', el, 'refresh');
    }
    return;
  }

  const nav = isNavEl(el);
  const foot = isFooterEl(el);
  if (nav) st.navDepth++;
  const footStart = st.parts.length;
  if (foot) {
    if (st.footerDepth === 0) st.footerStarts.push([footStart, -1]);
    st.footerDepth++;
  }
  if (BLOCK.has(name)) st.parts.push(' ');

  const start = st.parts.length;
  const linksStart = st.links.length;
  let prevA: Element | null = null;
  if (name === 'a') {
    prevA = st.inA;
    st.inA = el;
  }
  let prevForm: Form | null = null;
  if (name === 'form') {
    prevForm = st.form;
    const action = a.action !== undefined ? resolveHref(a.action || st.base, st.base).url ?? a.action : st.base;
    st.form = { action, method: (a.method ?? 'get').toLowerCase(), fields: [] };
  }

  if (name === 'table') {
    walkTable(st, el, (c) => walk(st, c));
  } else if (!SKIP_TEXT.has(name) || name === 'head') {
    for (const c of el.children) walk(st, c);
  }

  switch (name) {
    case 'a':
    case 'area': {
      st.inA = prevA;
      const onclick = a.onclick ? ONCLICK_URL_RE.exec(a.onclick) : null;
      const jsHref = !a.href || /^\s*(?:javascript:|#)/i.test(a.href);
      const href = jsHref && onclick ? (onclick[1] ?? onclick[2]) : a.href;
      if (href !== undefined) {
        let text = textSince(st, start);
        if (!text) text = firstImgAlt(el) || collapse(a.title ?? a.alt ?? '');
        const idx = addLink(st, href, name, text, el);
        if (idx >= 0 && st.navDepth > 0) st.navLinks++;
      }
      break;
    }
    case 'img': {
      const src = a.src && !/^data:/i.test(a.src) ? a.src : (a['data-src'] ?? a['data-original'] ?? a.src);
      addLink(st, src, 'img', imgText(el), el);
      break;
    }
    case 'link':
      addLink(st, a.href, 'link', collapse(a.title ?? ''), el);
      break;
    case 'iframe':
    case 'frame':
      addLink(st, a.src, name, collapse(a.title ?? a.name ?? ''), el);
      break;
    case 'embed':
    case 'source':
      addLink(st, a.src, name, collapse(a.title ?? ''), el);
      break;
    case 'object':
      addLink(st, a.data, 'object', collapse(a.title ?? ''), el);
      break;
    case 'input':
    case 'select':
    case 'textarea':
    case 'button': {
      if (st.form) {
        formFields(st, st.form, el);
        const type = (a.type ?? '').toLowerCase();
        if (name === 'button' && type !== 'reset' && type !== 'button') {
          const t = textSince(st, start);
          if (t) st.form.submitText = st.form.submitText ? `${st.form.submitText} / ${t}` : t;
        } else if (name === 'input' && (type === 'submit' || type === 'image')) {
          const t = collapse(a.value ?? a.alt ?? '提交');
          st.form.submitText = st.form.submitText ? `${st.form.submitText} / ${t}` : t;
        }
      }
      break;
    }
    case 'form': {
      const f = st.form!;
      st.form = prevForm;
      if (st.forms.length < 30) st.forms.push(f);
      // The form's action is a link too (G-06 request channel, V-05a letter box): keep it with the submit label.
      if (a.action) addLink(st, a.action, 'form', f.submitText ?? '', el);
      break;
    }
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6': {
      const t = textSince(st, start);
      if (t) st.lastHeading = t.slice(0, 200);
      break;
    }
    default:
      // <li onclick="window.open('/art/1.html')">, <div onclick="location.href='…'">: a link in all but name.
      if (a.onclick && name !== 'input' && name !== 'button' && name !== 'form') {
        const m = ONCLICK_URL_RE.exec(a.onclick);
        const target = m?.[1] ?? m?.[2];
        if (target && !/^javascript:/i.test(target) && st.links.length === linksStart) addLink(st, target, 'a', textSince(st, start).slice(0, 200), el, 'onclick');
      }
      break;
  }
  void linksStart;

  // Separate adjacent links and blocks so 「首页」「发改委」 do not read as one word.
  if (BLOCK.has(name) || name === 'a' || name === 'button') st.parts.push(' ');
  if (foot) {
    st.footerDepth--;
    if (st.footerDepth === 0) st.footerStarts[st.footerStarts.length - 1][1] = st.parts.length;
  }
  if (nav) st.navDepth--;
}

/**
 * The footer when no element is marked as one: the smallest element holding the last run of
 * copyright / 主办 / 标识码 / ICP lines (their lowest common ancestor, kept under 1500 chars).
 */
function footerFallback(doc: Document): string | undefined {
  const hits: ChildNode[] = [];
  for (const n of descendants(doc, (e) => e.name === 'head' || e.name === 'script' || e.name === 'style')) {
    if (n.type === 'text' && FOOTER_FALLBACK_RE.test((n as unknown as { data: string }).data)) hits.push(n);
  }
  if (hits.length === 0) return undefined;
  const ancestors = (n: ChildNode): Element[] => {
    const out: Element[] = [];
    for (let p = n.parent; p && p.type === 'tag'; p = p.parent) out.push(p as Element);
    return out;
  };
  const last = hits[hits.length - 1];
  let block: Element | undefined = last.parent && last.parent.type === 'tag' ? (last.parent as Element) : undefined;
  if (!block) return undefined;
  // Widen to include earlier footer lines, as long as the block stays footer-sized.
  for (let i = hits.length - 2; i >= 0; i--) {
    const mine = new Set(ancestors(hits[i]));
    const lca = ancestors(last).find((a) => mine.has(a));
    if (!lca || lca.name === 'body' || lca.name === 'html') break;
    if (collapse(textOfEl(lca)).length > 1500) break;
    block = lca;
  }
  // A lone line (<span>ICP备…</span>) reads better with its siblings.
  let text = collapse(textOfEl(block));
  while (text.length < 20 && block.parent && block.parent.type === 'tag' && !/^(?:body|html)$/.test((block.parent as Element).name)) {
    const up = collapse(textOfEl(block.parent as Element));
    if (up.length > 600) break;
    block = block.parent as Element;
    text = up;
  }
  return text.slice(0, 3000) || undefined;
}

/** Parses and extracts a page. `html` is already decoded text. */
export function extractPage(html: string, pageUrl: string, opts: ExtractOptions): ExtractedPage {
  const doc = parseDocument(html, PARSE_OPTS);
  const st: WalkState = {
    parts: [],
    base: pageUrl,
    siteUrl: opts.siteUrl,
    siteHost: getHostname(opts.siteUrl) ?? '',
    otherSites: opts.otherSites,
    links: [],
    linkIndex: new Map(),
    maxLinks: opts.maxLinks ?? 3000,
    meta: {},
    forms: [],
    tables: [],
    maxTables: opts.maxTables ?? 30,
    maxRows: opts.maxRowsPerTable ?? 200,
    navDepth: 0,
    navLinks: 0,
    footerDepth: 0,
    footerStarts: [],
    inA: null,
    depth: 0,
    scriptSrcs: [],
    inlineScripts: 0,
    form: null,
    baseSet: false,
  };
  for (const c of doc.children) walk(st, c);

  let footerText: string | undefined;
  if (st.footerStarts.length) {
    // Several footer-looking regions (a links bar, then the copyright block): keep them all, in order.
    footerText = collapse(st.footerStarts.map(([s, e]) => st.parts.slice(s, e < 0 ? undefined : e).join('')).join(' ')).slice(0, 5000) || undefined;
  }
  if (!footerText || !FOOTER_FALLBACK_RE.test(footerText)) {
    const fb = footerFallback(doc);
    if (fb) footerText = footerText ? `${footerText} ${fb}`.slice(0, 5000) : fb;
  }
  const maxText = opts.maxTextChars ?? 30_000;
  const text = collapse(st.parts.join('')).slice(0, maxText);
  const out: ExtractedPage = {
    text,
    meta: st.meta,
    links: st.links,
    forms: st.forms,
    tables: st.tables,
    navLinkCount: st.navLinks,
    scriptSrcs: st.scriptSrcs,
    inlineScripts: st.inlineScripts,
    doc,
  };
  if (st.title !== undefined) out.title = st.title;
  if (footerText) out.footerText = footerText;
  return out;
}

/**
 * A static page that needs JavaScript to show its navigation: no nav links and almost no
 * internal links, or a body that is a framework mount point with little text.
 */
export function looksLikeJsShell(p: Pick<ExtractedPage, 'links' | 'navLinkCount' | 'text' | 'scriptSrcs' | 'inlineScripts'>): boolean {
  const internalAnchors = p.links.filter((l) => (l.tag === 'a' || l.tag === 'area') && l.internal).length;
  const frames = p.links.some((l) => l.tag === 'frame' || l.tag === 'iframe' || l.rel === 'refresh' || l.rel === 'js-redirect');
  if (frames) return false;
  if (p.navLinkCount === 0 && internalAnchors < 5) return true;
  return p.text.length < 200 && (p.scriptSrcs.length > 0 || p.inlineScripts > 0) && internalAnchors < 10;
}
