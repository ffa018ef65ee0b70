/**
 * Locating the 办事服务 part of a site (V-06a/b/c): the entry link, the pages under it, and the
 * 办事指南 pages with their element labels.
 */
import type { CheckContext } from '../../model/finding.ts';
import type { Link, PageObservation } from '../../model/observation.ts';
import { anchors, homePage, isOk, norm, PageIndex, pageState, pageUrl, sectionScope, urlKey } from '../disclosure/common.ts';

/** Anchor texts of a services column (V-06a). 「便民服务」 alone is too vague (weather, bus lines), so it needs a zwfw host. */
export const SERVICE_TEXT_RX = /^(?:办事服务|政务服务|网上办事|在线办事|网上服务大厅|网上办事大厅|政务服务大厅|我要办事|我要办|办事大厅|在线服务|办事|服务)$|政务服务网|办事服务|网上办事|在线办事|政务服务平台|一网通办|一网通|好差评/;
const SERVICE_URL_RX = /(?:^|[./])zwfw[.\d]|\/(?:bsfw|zwfw|wsbs|bmfw|ggfw)(?:\/|$)/i;

export interface ServiceEntry {
  url: string;
  text: string;
  page: string;
  /** The entry goes to a (provincial) 政务服务网 rather than a column of the site. */
  platform: boolean;
  via: 'registry' | 'home' | 'depth1';
}

/**
 * Provincial 政务服务网 hosts: zwfw.fujian.gov.cn, www.zjzwfw.gov.cn, www.gdzwfw.gov.cn,
 * www.jszwfw.gov.cn …, 上海 一网通办 zwdt.sh.gov.cn, 北京 banshi.beijing.gov.cn, 重庆 渝快办 zwykb.cq.gov.cn,
 * 海南 wssp.hainan.gov.cn (the 31 provincial platforms as listed in a public repository, search corpus id 71439118442).
 */
export function isServicePlatformHost(host: string, extra: string[] = []): boolean {
  // every provincial platform has zwfw in its host except 上海 一网通办, 北京 banshi, 重庆 渝快办 (zwykb) and 海南 (wssp)
  return /zwfw/.test(host) || /^zwdt\.sh\.gov\.cn$/.test(host) || /^banshi\./.test(host) || /^zwykb\.cq\.gov\.cn$/.test(host) || /^wssp\.hainan\.gov\.cn$/.test(host) || extra.some((h) => h && host.includes(h.toLowerCase()));
}

/** Local names a methodology edition adds (闽政通, 浙里办, 粤省事 …): texts and platform host fragments. */
export interface ServiceEntryExtras {
  texts?: string[];
  hosts?: string[];
}

function hostOf(u: string): string {
  try {
    return new URL(u).host.toLowerCase();
  } catch {
    return '';
  }
}

export function serviceLinkScore(l: Link, extra: ServiceEntryExtras = {}): number {
  const t = norm(l.text);
  const host = hostOf(l.url);
  if (!/^https?:/i.test(l.url)) return 0;
  let s = 0;
  if (t && (extra.texts ?? []).some((x) => x && t.includes(norm(x)))) s = 8;
  if (/^(?:办事服务|政务服务|网上办事|在线办事)$/.test(t)) s = 10;
  else if (t.length <= 16 && SERVICE_TEXT_RX.test(t)) s = 8;
  if (isServicePlatformHost(host, extra.hosts) || /政务服务网/.test(t)) s = Math.max(s, 7);
  else if (s === 0 && t.length <= 16 && SERVICE_URL_RX.test(l.url) && /服务|办事|便民/.test(t)) s = 5;
  return s;
}

function best(p: PageObservation, extra: ServiceEntryExtras): { link: Link; score: number } | undefined {
  let b: { link: Link; score: number } | undefined;
  for (const l of anchors(p)) {
    const score = serviceLinkScore(l, extra);
    if (score > 0 && (!b || score > b.score)) b = { link: l, score };
  }
  return b;
}

/** The services entry: the registry's `entries.services`, else the best link on the home page (then depth-1 pages). */
export function findServiceEntry(ctx: Pick<CheckContext, 'pages' | 'site'>, extra: ServiceEntryExtras = {}): ServiceEntry | undefined {
  const platform = (l: { url: string; text: string }) => isServicePlatformHost(hostOf(l.url), extra.hosts) || /政务服务网/.test(norm(l.text));
  const home = homePage(ctx);
  if (ctx.site.entries.services) {
    const u = ctx.site.entries.services;
    // The registry names the entry; the home page's link to it gives the anchor text for evidence.
    const l = home ? anchors(home).find((a) => urlKey(a.url) === urlKey(u)) : undefined;
    return { url: u, text: l?.text ?? '', page: ctx.site.url, platform: platform({ url: u, text: l?.text ?? '' }), via: 'registry' };
  }
  if (home && isOk(home)) {
    const b = best(home, extra);
    if (b) return { url: b.link.url, text: b.link.text, page: pageUrl(home), platform: platform(b.link), via: 'home' };
  }
  let b: { link: Link; score: number; page: PageObservation } | undefined;
  for (const p of ctx.pages.filter((x) => x.depth === 1 && isOk(x))) {
    const c = best(p, extra);
    if (c && (!b || c.score > b.score)) b = { ...c, page: p };
  }
  return b ? { url: b.link.url, text: b.link.text, page: pageUrl(b.page), platform: platform(b.link), via: 'depth1' } : undefined;
}

// ---------------------------------------------------------------------------------------------
// 办事指南 pages and their elements (V-06b)

export interface GuideElement {
  zh: string;
  en: string;
  /** Label variants, whitespace-free. */
  labels: string[];
  /** The 2019 text names it (✅); the others are ❓ in the reference. */
  confirmed: boolean;
}

export const GUIDE_ELEMENTS: Record<string, GuideElement> = {
  name: { zh: '事项名称', en: 'item name', confirmed: true, labels: ['事项名称', '服务事项名称', '项目名称', '服务名称', '审批事项名称', '事项名'] },
  basis: { zh: '设定依据', en: 'legal basis', confirmed: true, labels: ['设定依据', '法律依据', '办理依据', '实施依据', '设立依据', '法定依据', '政策依据', '依据'] },
  conditions: { zh: '申请条件', en: 'eligibility conditions', confirmed: true, labels: ['申请条件', '受理条件', '办理条件', '申报条件', '申办条件', '准予许可的条件'] },
  materials: { zh: '办理材料', en: 'required documents', confirmed: true, labels: ['办理材料', '申请材料', '申报材料', '所需材料', '提交材料', '材料目录', '申请材料目录', '办事材料', '材料清单'] },
  place: { zh: '办理地点', en: 'where to apply', confirmed: false, labels: ['办理地点', '受理地点', '办公地点', '窗口地址', '办理地址', '受理地址', '办事地点'] },
  office: { zh: '办理机构', en: 'handling office', confirmed: false, labels: ['办理机构', '实施机构', '受理机构', '办理部门', '实施主体', '受理部门', '实施部门', '承办机构'] },
  fees: { zh: '收费标准', en: 'fees', confirmed: false, labels: ['收费标准', '收费依据', '是否收费', '收费情况', '收费项目'] },
  hours: { zh: '办理时间', en: 'office hours', confirmed: false, labels: ['办理时间', '受理时间', '办公时间', '工作时间'] },
  phone: { zh: '联系电话', en: 'contact phone', confirmed: false, labels: ['联系电话', '咨询电话', '咨询方式', '联系方式', '咨询途径'] },
  process: { zh: '办理流程', en: 'procedure', confirmed: false, labels: ['办理流程', '办理程序', '办事流程', '办理环节', '流程图', '审批流程', '受理流程'] },
};

const GUIDE_TITLE_RX = /办事指南|服务指南|办理指南|申报指南/;

/**
 * Which element labels a page shows: a table cell or header that is the label (「设定依据」,
 * 「设定依据：」, 「【设定依据】」), or the label in the text followed by a colon or bracket, or
 * standing alone as a heading (「一、设定依据 《…》」). Prose such as 「办理时间较长」 does not count.
 */
export function elementsOnPage(p: PageObservation, keys = Object.keys(GUIDE_ELEMENTS)): Set<string> {
  const found = new Set<string>();
  const cells: string[] = [];
  for (const t of p.tables ?? []) {
    for (const h of t.headers) cells.push(cleanLabel(h));
    for (const r of t.rows) for (const c of r.cells.slice(0, 4)) cells.push(cleanLabel(c));
  }
  const shortCells = cells.filter((c) => c.length > 0 && c.length <= 12);
  // Keep spaces here: they mark where a heading ends in whitespace-collapsed text.
  const text = (p.text ?? '').normalize('NFKC');
  for (const k of keys) {
    const e = GUIDE_ELEMENTS[k];
    if (shortCells.some((c) => e.labels.some((l) => c === l || c.endsWith(l)))) {
      found.add(k);
      continue;
    }
    // Cheap substring test first: most crawled pages hold none of the labels.
    if (e.labels.some((l) => text.includes(l)) && labelRx(k).test(text)) found.add(k);
  }
  return found;
}

const LABEL_RX = new Map<string, RegExp>();

/**
 * The label in running text: after a delimiter or a numbering (「一、」「（一）」「1.」), with at most
 * a short qualifier in front (「提交材料目录：」, 「行政许可设定依据：」), and followed by a
 * colon, a closing bracket, a space or the end — so prose such as 「办理时间较长」 does not count.
 */
function labelRx(k: string): RegExp {
  let rx = LABEL_RX.get(k);
  if (!rx) {
    const alt = GUIDE_ELEMENTS[k].labels.join('|');
    rx = new RegExp(`(?:^|[\\s【\\[（(）)】\\]、.．:：|]|[一二三四五六七八九十\\d]+[、.．])[\\u4e00-\\u9fa5]{0,4}(?:${alt})(?:\\s*[】\\]）)]|\\s*[:：]|\\s|$)`);
    LABEL_RX.set(k, rx);
  }
  return rx;
}

function cleanLabel(s: string): string {
  return norm(s).replace(/^[【\[（(]|[】\]）)]$|[:：]$/g, '').replace(/^[一二三四五六七八九十\d]+[、.．]/, '');
}

export interface GuidePage {
  page: PageObservation;
  found: Set<string>;
  /** How it was recognised. */
  reason: 'title' | 'link' | 'labels';
}

/**
 * 办事指南 pages among the crawled ones: titled or linked as 办事指南, or showing at least
 * `minLabels` element labels. List pages of guides (many 指南 links, hardly any labels) and the
 * 政府信息公开指南 (G-03) are not guides.
 */
export function findGuidePages(ctx: Pick<CheckContext, 'pages'>, minLabels = 3): GuidePage[] {
  const out: GuidePage[] = [];
  const seen = new Set<string>();
  for (const p of ctx.pages) {
    if (!isOk(p)) continue;
    const k = urlKey(pageUrl(p));
    if (seen.has(k)) continue;
    seen.add(k);
    const title = norm(p.title);
    if (/信息公开指南/.test(title)) continue;
    const found = elementsOnPage(p);
    const byTitle = GUIDE_TITLE_RX.test(title);
    const byLink = GUIDE_TITLE_RX.test(norm(p.referrerText));
    const guideLinks = anchors(p).filter((l) => GUIDE_TITLE_RX.test(norm(l.text)) || /指南/.test(norm(l.text))).length;
    const listLike = found.size <= 1 && ((p.items?.length ?? 0) >= 3 || guideLinks >= 3);
    if (listLike) continue;
    // Found by labels alone, a page must show two of the four core labels: a 行政许可 result list
    // (事项名称 | 办理机构 | 办理时间) is not a guide.
    const core = [...found].filter((k) => GUIDE_ELEMENTS[k].confirmed).length;
    if (found.size >= minLabels && (byTitle || byLink || core >= 2)) out.push({ page: p, found, reason: byTitle ? 'title' : byLink ? 'link' : 'labels' });
    else if ((byTitle || byLink) && (p.text ?? '').length > 0) out.push({ page: p, found, reason: byTitle ? 'title' : 'link' });
  }
  return out;
}

/** The services column pages: the entry page and what it links to, plus any page under its directory. */
export function servicePages(ctx: Pick<CheckContext, 'pages' | 'site'>, index = new PageIndex(ctx.pages)): { entry?: ServiceEntry; pages: PageObservation[]; entryState: ReturnType<typeof pageState> } {
  const entry = findServiceEntry(ctx);
  if (!entry) return { pages: [], entryState: 'not_crawled' };
  const root = index.get(entry.url);
  const state = pageState(root);
  return { entry, pages: root && state === 'ok' ? sectionScope(ctx.pages, [root], index, 2) : [], entryState: state };
}
