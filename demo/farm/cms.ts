/**
 * Page templates in the style of the CMSs Chinese government portals run on (TRS WCM,
 * 大汉 JCMS, 开普云): header with 适老化/无障碍 links, a nav bar, dated list blocks with 更多
 * links, column pages with pagination, article pages with the 索引号/发布机构/成文日期/发布日期/
 * 文号 metadata table and the 网页设计规范 meta tags, and the footer with 主办单位, 网站标识码,
 * ICP/公网安备 numbers and the 党政机关 mark. Everything is escaped: titles are data.
 */
import { posix } from 'node:path';
import type { FarmResponse, Handler, Charset } from './server.ts';
import { formatDate, isoDateTime, type DateStyle } from './time.ts';

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export type CmsStyle = 'trs' | 'jcms' | 'kpy';

export interface Item {
  title: string;
  /** Absent: the list shows no date (counts as not updated, V-02). */
  date?: Date;
  /** Site-relative path of the article, or an absolute URL. */
  href: string;
  docNo?: string;
  written?: Date;
  org?: string;
  /** Article body HTML (already safe); a generic text is used when absent. */
  bodyHtml?: string;
  /** Do not generate an article page (the link is planted as broken, or points elsewhere). */
  noPage?: boolean;
}

export interface Column {
  name: string;
  /** Column index path, e.g. /xwzx/ywdt/index.html */
  path: string;
  items: Item[];
  dateStyle: DateStyle;
  perPage?: number;
  /**
   * 大汉 JCMS "datastore" column: every record ships inside <script type="text/xml"> and a
   * jQuery paginator builds the visible list in the browser (one URL, no server-side pages).
   */
  datastore?: boolean;
  /** Shown instead of a list when there are no items: 「本栏目暂无信息」 or an explanatory note. */
  emptyText?: string;
  /** ColumnType meta (信息列表, 信息公开 …). */
  columnType?: string;
  /** Parent breadcrumb (name, path). */
  parent?: { name: string; path: string };
}

export interface FooterSpec {
  sponsor: string;
  organizer?: string;
  address?: string;
  phone?: string;
  /** 网站标识码 printed in the footer; may differ from the meta tag on purpose (S-02). */
  siteIdCode?: string;
  icp?: string;
  psb?: { text: string; code: string };
  conac?: { id: string };
  /** 政府网站工作年度报表 link shown in the footer area on the home page (S-10). */
  extraHtml?: string;
}

export interface PortalSpec {
  name: string;
  host: string;
  style: CmsStyle;
  charset: Charset;
  /** Declare the charset in <meta> (GBK sites often do only this). */
  metaCharset: boolean;
  /** Pages start with a UTF-8 byte-order mark (templates saved by Windows editors). */
  bom?: boolean;
  /** Meta tags of 网页设计规范 (S-06); missing on some sites on purpose. */
  siteMeta: boolean;
  /** 网站标识码 in <meta name="SiteIDCode">. */
  metaSiteIdCode?: string;
  nav: Array<{ text: string; href: string }>;
  topLinks: Array<{ text: string; href: string }>;
  footer: FooterSpec;
  /** Base URL of the farm's "external" server (conac, beian, partner sites), e.g. http://{host}:PORT */
  external: (host: string) => string;
}

export interface PageOpts {
  title: string;
  columnName?: string;
  columnType?: string;
  meta?: Record<string, string>;
  body: string;
  breadcrumb?: Array<{ name: string; path: string }>;
  extraHead?: string;
  /** Home pages carry the full header; inner pages a lighter one. */
  home?: boolean;
}

function metaTag(name: string, content: string): string {
  return `<meta name="${esc(name)}" content="${esc(content)}">`;
}

export function footerHtml(p: PortalSpec): string {
  const f = p.footer;
  const lines: string[] = [];
  lines.push(`<p>主办单位：${esc(f.sponsor)}${f.organizer ? `&nbsp;&nbsp;承办单位：${esc(f.organizer)}` : ''}</p>`);
  if (f.address || f.phone) lines.push(`<p>${f.address ? `地址：${esc(f.address)}` : ''}${f.phone ? `&nbsp;&nbsp;联系电话：${esc(f.phone)}` : ''}</p>`);
  const ids: string[] = [];
  if (f.siteIdCode) ids.push(`网站标识码：${esc(f.siteIdCode)}`);
  if (f.icp) ids.push(`<a href="${esc(p.external('beian.miit.gov.cn'))}/" target="_blank">${esc(f.icp)}</a>`);
  if (f.psb)
    ids.push(
      `<a href="${esc(p.external('www.beian.gov.cn'))}/portal/registerSystemInfo?recordcode=${esc(f.psb.code)}" target="_blank"><img src="/images/gaba.png" alt="">${esc(f.psb.text)}</a>`,
    );
  if (ids.length) lines.push(`<p>${ids.join('&nbsp;&nbsp;')}</p>`);
  const conac = f.conac
    ? `<span id="_ideConac"><a href="${esc(p.external('bszs.conac.cn'))}/sitename?method=show&amp;id=${esc(f.conac.id)}" target="_blank"><img src="${esc(p.external('dcs.conac.cn'))}/image/red.png" alt="党政机关" width="58" height="72" border="0"></a></span>`
    : '';
  return `<div class="footer" id="footer">
  <div class="footer-links"><a href="/wzdt/index.html">网站地图</a> | <a href="/lxwm/index.html">联系我们</a> | <a href="/sybz/index.html">使用帮助</a></div>
  <div class="footer-con">${conac}
  <div class="footer-text">${lines.join('\n  ')}</div>${f.extraHtml ?? ''}</div>
</div>`;
}

export function renderPage(p: PortalSpec, o: PageOpts): string {
  const head: string[] = [];
  if (p.metaCharset) head.push(p.style === 'jcms' ? `<meta http-equiv="Content-Type" content="text/html; charset=${p.charset === 'gbk' ? 'gb2312' : p.charset}">` : `<meta charset="${p.charset}">`);
  head.push(`<title>${esc(o.title)}</title>`);
  if (p.siteMeta) {
    head.push(metaTag('SiteName', p.name), metaTag('SiteDomain', p.host));
    if (p.metaSiteIdCode) head.push(metaTag('SiteIDCode', p.metaSiteIdCode));
    if (o.columnName) {
      head.push(metaTag('ColumnName', o.columnName), metaTag('ColumnDescription', `${p.name}${o.columnName}`), metaTag('ColumnKeywords', o.columnName));
      head.push(metaTag('ColumnType', o.columnType ?? '信息列表'));
    }
  }
  for (const [k, v] of Object.entries(o.meta ?? {})) head.push(metaTag(k, v));
  head.push(metaTag('viewport', 'width=device-width, initial-scale=1'));
  head.push(`<link rel="stylesheet" href="/css/common.css">`);
  if (o.extraHead) head.push(o.extraHead);
  const top = p.topLinks.map((l) => `<a href="${esc(l.href)}">${esc(l.text)}</a>`).join(' | ');
  const nav = p.nav.map((l) => `<li><a href="${esc(l.href)}">${esc(l.text)}</a></li>`).join('');
  const crumbs = o.breadcrumb?.length
    ? `<div class="position">当前位置：<a href="/">首页</a>${o.breadcrumb.map((c) => ` &gt; <a href="${esc(c.path)}">${esc(c.name)}</a>`).join('')}</div>`
    : '';
  const wrapperId = p.style === 'kpy' ? ' id="UCAP-CONTENT"' : '';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
${head.join('\n')}
</head>
<body>
<div class="topbar"><div class="w1200"><span class="welcome">欢迎访问${esc(p.name)}！</span><span class="tools">${top}</span></div></div>
<div class="header"><div class="w1200"><a href="/" class="logo"><img src="/images/logo.png" alt="${esc(p.name)}"></a>
<form class="search" action="/search/index.html" method="get"><input type="text" name="q" placeholder="请输入关键字"><button type="submit">搜索</button></form></div></div>
<div class="nav" id="nav"><ul class="w1200">${nav}</ul></div>
<div class="main w1200"${wrapperId}>
${crumbs}
${o.body}
</div>
${footerHtml(p)}
<script src="/js/common.js"></script>
</body>
</html>`;
}

/** One dated list as CMSs print it: TRS <ul><li>…<span>, JCMS tables, 开普云 <ul> with <em>. */
export function listHtml(style: CmsStyle, items: Item[], dateStyle: DateStyle): string {
  if (style === 'jcms') {
    const rows = items
      // JCMS cuts long titles in lists and keeps the full one in the title attribute.
      .map((i) => `<tr><td class="bt"><a href="${esc(i.href)}" title="${esc(i.title)}" target="_blank">${esc(clip(i.title, 22))}</a></td><td class="rq" width="90">${i.date ? formatDate(i.date, dateStyle) : ''}</td></tr>`)
      .join('\n');
    return `<table width="100%" border="0" cellspacing="0" cellpadding="0" class="list-table">\n${rows}\n</table>`;
  }
  const tag = style === 'kpy' ? 'em' : 'span';
  const lis = items.map((i) => `<li><a href="${esc(i.href)}" title="${esc(i.title)}" target="_blank">${esc(i.title)}</a><${tag} class="date">${i.date ? formatDate(i.date, dateStyle) : ''}</${tag}></li>`).join('\n');
  return `<ul class="list">\n${lis}\n</ul>`;
}

/** A home-page block: heading, 更多 link, the newest `n` items. */
/** How JCMS templates link back: a path relative to the article (../../../../index.html). */
export function relativeHref(from: string, to: string): string {
  const rel = posix.relative(posix.dirname(from), posix.dirname(to));
  return `${rel ? `${rel}/` : './'}${posix.basename(to)}`;
}

export function clip(title: string, max: number): string {
  return [...title].length > max ? `${[...title].slice(0, max).join('')}...` : title;
}

export function blockHtml(style: CmsStyle, c: Column, n: number, dateStyle = c.dateStyle): string {
  const body = c.items.length ? listHtml(style, c.items.slice(0, n), dateStyle) : `<p class="no-data">${esc(c.emptyText ?? '暂无信息')}</p>`;
  // JCMS templates put an image button for 更多; the others write it out.
  const more = style === 'jcms' ? `<a class="more" href="${esc(c.path)}"><img src="/images/more.gif" alt="更多" border="0"></a>` : `<a class="more" href="${esc(c.path)}">更多&gt;&gt;</a>`;
  return `<div class="block">
<div class="hd"><h3>${esc(c.name)}</h3>${more}</div>
<div class="bd">${body}</div>
</div>`;
}

/**
 * The classic TRS home tab block: a head of li with onmouseover="setTab('one',n,N)", then one
 * sibling div#con_one_n per tab, all but the first display:none.
 */
export function tabBlockHtml(style: CmsStyle, cols: Column[], n: number): string {
  const head = cols
    .map((c, k) => `<li id="one${k + 1}" onmouseover="setTab('one',${k + 1},${cols.length})"${k === 0 ? ' class="hover"' : ''}><a href="${esc(c.path)}">${esc(c.name)}</a></li>`)
    .join('');
  const bodies = cols
    .map((c, k) => `<div id="con_one_${k + 1}"${k === 0 ? ' class="hover"' : ' style="display:none"'}>${listHtml(style, c.items.slice(0, n), c.dateStyle)}</div>`)
    .join('\n');
  return `<div class="xwzx"><div class="tab"><ul>${head}</ul></div>\n${bodies}\n</div>`;
}

/** Page URL for page `k` (0-based) of a column, in the CMS's own scheme. */
export function pageHref(style: CmsStyle, c: Column, k: number): string {
  if (k === 0) return c.path;
  if (style === 'jcms') return `${c.path}?uid=${Math.abs(hash(c.path)) % 9000 + 1000}&pageNum=${k + 1}`;
  return c.path.replace(/index\.html$/, `index_${k}.html`);
}

export function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}

/**
 * TRS WCM writes its pager with JavaScript (createPageHTML): the page links exist only once
 * the script runs; a static crawler sees no index_1.html anywhere in the markup.
 */
function trsScriptPager(k: number, pages: number, total: number): string {
  return `<div class="page"><script language="JavaScript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  document.write("<span>共${total}条 第"+(nCurrIndex+1)+"/"+_nPageCount+"页</span> ");
  if(nCurrIndex == 0) document.write("<span>首页</span> <span>上一页</span> ");
  else if(nCurrIndex == 1) document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">首页</a> <a href=\\""+_sPageName+"."+_sPageExt+"\\">上一页</a> ");
  else document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">首页</a> <a href=\\""+_sPageName+"_" + (nCurrIndex-1) + "."+_sPageExt+"\\">上一页</a> ");
  if(nCurrIndex+1 < _nPageCount) document.write("<a href=\\""+_sPageName+"_" + (nCurrIndex+1) + "."+_sPageExt+"\\">下一页</a> <a href=\\""+_sPageName+"_" + (_nPageCount-1) + "."+_sPageExt+"\\">尾页</a>");
  else document.write("<span>下一页</span> <span>尾页</span>");
}
createPageHTML(${pages}, ${k}, "index", "html");
</script></div>`;
}

function pagerHtml(style: CmsStyle, c: Column, k: number, pages: number): string {
  if (pages <= 1) return '';
  if (style === 'trs') return trsScriptPager(k, pages, c.items.length);
  const parts: string[] = [`<span>共${c.items.length}条 第${k + 1}/${pages}页</span>`];
  parts.push(k > 0 ? `<a href="${esc(pageHref(style, c, 0))}">首页</a> <a href="${esc(pageHref(style, c, k - 1))}">上一页</a>` : '<span>首页</span> <span>上一页</span>');
  parts.push(k < pages - 1 ? `<a href="${esc(pageHref(style, c, k + 1))}">下一页</a> <a href="${esc(pageHref(style, c, pages - 1))}">尾页</a>` : '<span>下一页</span> <span>尾页</span>');
  return `<div class="page">${parts.join(' ')}</div>`;
}

/** The column page(s): list with pagination, or the empty text / explanatory note. */
function datastoreHtml(c: Column, col: string): string {
  const records = c.items
    .map((i) => `<record><![CDATA[
<li><a href="${esc(i.href)}" title="${esc(i.title)}" target="_blank">${esc(clip(i.title, 24))}</a><span class="bt-data-time">${i.date ? formatDate(i.date, c.dateStyle) : ''}</span></li>
]]></record>`)
    .join('\n');
  return `<div id="${col}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&columnid=${col}&unitid=5881&permissiontype=0"></a>]]></nextgroup>
<recordset>
${records}
</recordset>
</datastore></script>
<script language="javascript" src="/module/jslib/jquery/jpage/dataproxy.js"></script>
<script language="javascript">$(document).ready(function(){ $('#${col}').jpage({ dataStore: dataStore, containerId: '${col}', perPage: 15, totalRecord: ${c.items.length}, proxyUrl: '/module/web/jpage/dataproxy.jsp' }); });</script></div>`;
}

export function columnPages(p: PortalSpec, c: Column): Array<{ path: string; html: string }> {
  if (p.style === 'jcms' && c.datastore && c.items.length) {
    const col = /col(\d+)/.exec(c.path)?.[1] ?? '1';
    const crumbs = [...(c.parent ? [c.parent] : []), { name: c.name, path: c.path }];
    return [
      {
        path: c.path,
        html: renderPage(p, {
          title: `${c.name}_${p.name}`,
          columnName: c.name,
          columnType: c.columnType ?? '信息列表',
          breadcrumb: crumbs,
          body: `<div class="column"><div class="column-title"><h2>${esc(c.name)}</h2></div>
<div class="column-list">${datastoreHtml(c, col)}</div></div>`,
        }),
      },
    ];
  }
  const per = c.perPage ?? 20;
  const pages = Math.max(1, Math.ceil(c.items.length / per));
  const out: Array<{ path: string; html: string }> = [];
  const crumbs = [...(c.parent ? [c.parent] : []), { name: c.name, path: c.path }];
  for (let k = 0; k < pages; k++) {
    const slice = c.items.slice(k * per, (k + 1) * per);
    const list = slice.length ? listHtml(p.style, slice, c.dateStyle) : `<div class="no-data">${esc(c.emptyText ?? '本栏目暂无信息')}</div>`;
    out.push({
      path: pageHref(p.style, c, k),
      html: renderPage(p, {
        title: `${c.name}_${p.name}`,
        columnName: c.name,
        columnType: c.columnType ?? '信息列表',
        breadcrumb: crumbs,
        body: `<div class="column"><div class="column-title"><h2>${esc(c.name)}</h2></div>\n<div class="column-list">${list}</div>\n${pagerHtml(p.style, c, k, pages)}</div>`,
      }),
    });
  }
  return out;
}

const FILLER = [
  '会议强调，要坚持以人民为中心的发展思想，统筹发展和安全，扎实推进各项工作落地见效。',
  '会议要求，各地各部门要进一步提高政治站位，压实工作责任，细化工作措施，确保各项任务按时保质完成。',
  '下一步，将持续优化工作机制，加强督促检查，及时回应群众关切，不断提升人民群众的获得感、幸福感、安全感。',
  '相关负责同志参加会议。',
];

export function articleHtml(p: PortalSpec, c: Column | undefined, i: Item, indexNo: string): string {
  const pub = i.date;
  const rows: string[] = [];
  rows.push(`<tr><th>索引号：</th><td>${esc(indexNo)}</td><th>发布机构：</th><td>${esc(i.org ?? p.footer.sponsor)}</td></tr>`);
  rows.push(`<tr><th>成文日期：</th><td>${i.written ? formatDate(i.written, 'iso') : pub ? formatDate(pub, 'iso') : ''}</td><th>发布日期：</th><td>${pub ? formatDate(pub, 'iso') : ''}</td></tr>`);
  rows.push(`<tr><th>文号：</th><td>${esc(i.docNo ?? '')}</td><th>主题分类：</th><td>${esc(c?.name ?? '')}</td></tr>`);
  const meta: Record<string, string> = {};
  if (p.siteMeta) {
    meta.ArticleTitle = i.title;
    if (pub) meta.PubDate = isoDateTime(pub);
    meta.ContentSource = i.org ?? p.footer.sponsor;
    meta.Keywords = c?.name ?? '';
    meta.Author = i.org ?? p.footer.sponsor;
    meta.Description = i.title;
  }
  const body = i.bodyHtml ?? FILLER.map((t) => `<p>${t}</p>`).join('\n');
  return renderPage(p, {
    title: `${i.title}_${p.name}`,
    columnName: c?.name,
    columnType: '信息内容',
    meta,
    breadcrumb: c ? [...(c.parent ? [c.parent] : []), { name: c.name, path: c.path }] : [],
    body: `<div class="article">
<table class="xxgk-meta" border="1" cellspacing="0">${rows.join('\n')}</table>
<h1 class="article-title">${esc(i.title)}</h1>${p.style === 'jcms' && c ? `
<div class="back"><a href="${esc(relativeHref(i.href, c.path))}">返回列表</a></div>` : ''}
<div class="article-info"><span>发布时间：${pub ? esc(isoDateTime(pub)) : ''}</span><span>来源：${esc(i.org ?? p.footer.sponsor)}</span><span>字号：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a></span></div>
<div class="article-content" id="zoom">
${body}
</div>
</div>`,
  });
}

/** Adds a column (all its pages and its article pages) to a route table. */
export function addColumn(routes: Map<string, FarmResponse | Handler>, p: PortalSpec, c: Column, indexPrefix: string): void {
  const pages = columnPages(p, c);
  if (p.style === 'jcms' && pages.length > 1) {
    // JCMS pages by query (?uid=…&pageNum=N): one route answers them all.
    const byNum = new Map(pages.map((pg, k) => [k + 1, pg.html]));
    routes.set(c.path, ((_req, url) => {
      const n = Number(url.searchParams.get('pageNum') ?? '1');
      const html = byNum.get(n);
      return html ? htmlRoute(p, html) : undefined;
    }) as Handler);
  } else {
    for (const pg of pages) routes.set(pg.path, htmlRoute(p, pg.html));
  }
  c.items.forEach((i, k) => {
    if (i.noPage || /^https?:/.test(i.href) || routes.has(i.href)) return;
    const no = `${indexPrefix}-${String(k + 1).padStart(5, '0')}`;
    routes.set(i.href, htmlRoute(p, articleHtml(p, c, i, no)));
  });
}

/** GBK sites in the wild often send `text/html` with no charset and rely on the <meta>. */
export function contentTypeFor(p: PortalSpec): string {
  return p.metaCharset && p.charset !== 'utf-8' ? 'text/html' : `text/html; charset=${p.charset}`;
}

export function htmlRoute(p: PortalSpec, html: string, extra: Partial<FarmResponse> = {}): FarmResponse {
  return { body: p.bom ? `\uFEFF${html}` : html, encoding: p.charset, contentType: contentTypeFor(p), ...extra };
}

/** Static assets every site serves (CSS, JS, logos). */
export function addAssets(routes: Map<string, FarmResponse | Handler>, png: Buffer): void {
  routes.set('/css/common.css', { body: 'body{font:14px/1.6 "Microsoft YaHei",SimSun,sans-serif;margin:0}.w1200{width:1200px;margin:0 auto}.list li{display:flex;justify-content:space-between}', contentType: 'text/css' });
  routes.set('/js/common.js', { body: '/* 字号切换 */function setFont(s){document.getElementById("zoom").style.fontSize=s+"px"}', contentType: 'application/javascript' });
  routes.set('/favicon.ico', { body: png, contentType: 'image/x-icon' });
  for (const img of ['/images/logo.png', '/images/gaba.png', '/images/banner.png', '/images/ndbb.png', '/images/more.gif']) routes.set(img, { body: png, contentType: 'image/png' });
  // Every template links these from the header and footer; sites override them with their own.
  const plain = (t: string, body: string): FarmResponse => ({ body: `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${t}</title></head><body><h2>${t}</h2>${body}<p><a href="/">返回首页</a></p></body></html>` });
  routes.set('/search/index.html', plain('站内搜索', '<form action="/search/index.html"><input name="q"><button>搜索</button></form>'));
  routes.set('/wzdt/index.html', plain('网站地图', '<ul><li><a href="/">首页</a></li></ul>'));
  routes.set('/lxwm/index.html', plain('联系我们', '<p>联系电话请见页面底部。</p>'));
  routes.set('/sybz/index.html', plain('使用帮助', '<p>建议使用1280×800以上分辨率浏览。</p>'));
}
