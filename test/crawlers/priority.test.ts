/**
 * The crawl budget on real-portal shapes: TRS script pagers of 150-page columns, and home pages
 * that list dozens of articles before their column navigation. Loopback servers, real crawl.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import { auditSite, type AuditOptions } from '../../crawlers/audit.ts';
import { closeAgents } from '../../crawlers/fetch.ts';
import { pagePriority, PRIORITY } from '../../crawlers/frontier.ts';
import { serve, page, makeSite, makeRegistry, serverPool, observationsOf } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'govmon-prio-'));
let store: Store;
const pool = serverPool();
const site = pool.site;
const base: Pick<AuditOptions, 'gatherers' | 'outDir' | 'dataDir' | 'evaluate'> = { gatherers: [], outDir: null, dataDir: join(tmp, 'data'), evaluate: false };

beforeAll(async () => {
  store = await Store.open(join(tmp, 'prio.db'));
});
afterAll(async () => {
  await pool.closeAll();
  await store.close();
  await closeAgents();
});

const obsOf = (runId: string) => observationsOf(store, runId);

const TRS_PAGER = (count: number, current: number) => `<div class="page"><script>
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){ if(_nPageCount == null || _nPageCount<=1){ return; } document.write("…"); }
var countPage = ${count};
createPageHTML(countPage, ${current}, "index", "html");
</script></div>`;

describe('pagePriority', () => {
  it('puts column pages before other pages, articles after them and pager pages last', () => {
    expect(pagePriority('http://www.x.gov.cn/col/col1229/index.html', '通知公告')).toBe(PRIORITY.column);
    expect(pagePriority('http://www.x.gov.cn/xxgk/', '政府信息公开')).toBe(PRIORITY.column);
    expect(pagePriority('http://www.x.gov.cn/about.html', '网站地图')).toBe(PRIORITY.column);
    expect(pagePriority('http://www.x.gov.cn/a/b.html', '更多')).toBe(PRIORITY.column);
    expect(pagePriority('http://www.x.gov.cn/a/b.html', '关于开展冬季安全生产大检查的通知', { blockMore: true })).toBe(PRIORITY.column);
    expect(pagePriority('http://www.x.gov.cn/xwzx/ywdt/202611/t20261120_123.html', '市政府召开常务会议研究部署冬季安全生产工作')).toBe(PRIORITY.article);
    expect(pagePriority('http://www.x.gov.cn/art/2026/11/20/art_1229_55.html', '关于公布')).toBe(PRIORITY.article);
    expect(pagePriority('http://www.x.gov.cn/news/show.jsp?id=5', '某某')).toBe(PRIORITY.article);
    expect(pagePriority('http://www.x.gov.cn/zwgk/zcwj/', '政策文件', { listRow: true })).toBe(PRIORITY.article);
    expect(pagePriority('http://www.x.gov.cn/xwzx/ywdt/index_1.html', '第2页')).toBe(PRIORITY.pager);
    expect(pagePriority('http://www.x.gov.cn/list.jsp?page=3', '下一页')).toBe(PRIORITY.pager);
    expect(pagePriority('http://www.x.gov.cn/list.jsp', '7')).toBe(PRIORITY.pager);
    expect(pagePriority('http://www.x.gov.cn/rx/', '12345')).toBe(PRIORITY.column);
    expect(pagePriority('http://www.x.gov.cn/misc/contact.html', 'Contact the webmaster of this site')).toBe(PRIORITY.other);
  });
});

describe('TRS script pagers under the page budget', () => {
  it('follows only the first maxPagerPages list pages of a 150-page column and records what it skipped', async () => {
    const list = (k: number, count = 150) =>
      page(`<h2>要闻动态</h2><ul>${Array.from({ length: 3 }, (_, i) => `<li><a href="/xwzx/ywdt/202611/t2026111${i}_${k * 10 + i}.html">第${k + 1}页新闻${i}</a><span>2026-11-1${i}</span></li>`).join('')}</ul>${TRS_PAGER(count, k)}`, { title: '要闻动态' });
    const s = await site(
      {
        '/': page('<div class="nav"><a href="/xwzx/ywdt/index.html">要闻动态</a><a href="/tzgg/index.html">通知公告</a></div>'),
        '/xwzx/ywdt/index.html': list(0),
        '/tzgg/index.html': page(`<ul><li><a href="/tzgg/t20261101_1.html">通知一</a><span>2026-11-01</span></li></ul>${TRS_PAGER(120, 0)}`),
      },
      (_q, res, url) => {
        const m = /index_(\d+)\.html$/.exec(url.pathname);
        res.setHeader('content-type', 'text/html; charset=utf-8');
        if (m) return list(Number(m[1]), url.pathname.startsWith('/tzgg/') ? 120 : 150)(_q, res, url);
        res.end('<html><body><p>发布日期：2026-11-10</p>正文</body></html>');
      },
    );
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { maxSeconds: 60, maxPages: 500, render: 'never', checkExternalLinks: false });
    const r = await auditSite({ ...base, store, registry: makeRegistry([st]), site: st });
    expect(r.status).toBe('complete');
    const { pages, links, events } = await obsOf(r.runId);
    const listPages = pages.map((p) => new URL(p.url).pathname).filter((p) => /index(?:_\d+)?\.html$/.test(p)).sort();
    expect(listPages).toEqual(['/tzgg/index.html', '/tzgg/index_1.html', '/tzgg/index_2.html', '/xwzx/ywdt/index.html', '/xwzx/ywdt/index_1.html', '/xwzx/ywdt/index_2.html']);
    // skipped, not link-checked: the pager URLs are our reconstruction, not links on the page
    expect(s.requests.some((q) => /index_(?:[3-9]|\d\d+)\.html/.test(q.path))).toBe(false);
    expect(links.some((l) => /index_\d+\.html/.test(l.url))).toBe(false);
    const ev = events.find((e) => e.event === 'budget_pages' && /createPageHTML/.test(e.detail));
    expect(ev?.count).toBe(147 + 117);
    expect(ev?.detail).toMatch(/first 3 list pages of each column.*264 later page\(s\) of 2 column\(s\)/);
  });

  it('maxPagerPages is a site limit', async () => {
    const s = await site({ '/': page(`<ul><li><a href="/a/t20261101_1.html">一</a><span>2026-11-01</span></li></ul>${TRS_PAGER(40, 0)}`) }, page('<p>列表</p>'));
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { maxSeconds: 60, maxPagerPages: 6, render: 'never', checkExternalLinks: false });
    const r = await auditSite({ ...base, store, registry: makeRegistry([st]), site: st });
    const { pages, events } = await obsOf(r.runId);
    expect(pages.filter((p) => /index_\d+\.html$/.test(p.url))).toHaveLength(5); // pages 2–6
    expect(events.find((e) => /createPageHTML/.test(e.detail))?.count).toBe(34);
  });
});

describe('columns first under a small page budget', () => {
  it('reaches every column page even when the home page lists 40 articles before its navigation', async () => {
    const columns = ['政务公开', '通知公告', '政策文件', '领导信箱', '办事服务', '人事信息'];
    const articles = Array.from({ length: 40 }, (_, i) => `<li><a href="/xwzx/202611/t202611${String(i % 28 + 1).padStart(2, '0')}_${i}.html">市政府召开第${i}次常务会议研究部署有关工作</a><span>2026-11-${String(i % 28 + 1).padStart(2, '0')}</span></li>`);
    const s = await site(
      {
        '/': page(`<div class="news"><h2>要闻动态</h2><ul>${articles.join('')}</ul></div><div class="menu">${columns.map((c, i) => `<a href="/col${i}/">${c}</a>`).join('')}</div>`),
      },
      (_q, res, url) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        if (/^\/col\d\/$/.test(url.pathname)) {
          // a column lists ten more articles: they must not push sibling columns out of the budget
          res.end(`<html><body><ul>${Array.from({ length: 10 }, (_, i) => `<li><a href="${url.pathname}t2026110${i % 9 + 1}_${i}.html">文章${i}标题足够长不像栏目名称</a><span>2026-11-0${i % 9 + 1}</span></li>`).join('')}</ul></body></html>`);
          return;
        }
        res.end('<html><body><p>发布日期：2026-11-10</p>正文</body></html>');
      },
    );
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { maxSeconds: 60, maxPages: 15, render: 'never', checkExternalLinks: false, perHostConcurrency: 1 });
    const r = await auditSite({ ...base, store, registry: makeRegistry([st]), site: st });
    expect(r.status).toBe('complete');
    const { pages, links, events } = await obsOf(r.runId);
    expect(pages).toHaveLength(15);
    const fetched = new Set(pages.map((p) => new URL(p.url).pathname));
    for (let i = 0; i < columns.length; i++) expect(fetched.has(`/col${i}/`)).toBe(true);
    // the columns were fetched before any article of the same depth
    const order = s.requests.filter((q) => q.method === 'GET' && q.path !== '/robots.txt' && q.path !== '/sitemap.xml').map((q) => q.path);
    const lastColumn = Math.max(...columns.map((_, i) => order.indexOf(`/col${i}/`)));
    const firstArticle = order.findIndex((p) => /^\/xwzx\//.test(p));
    expect(lastColumn).toBeLessThan(firstArticle);
    // the pages that gave way were still link-checked, and counted
    const ev = events.find((e) => e.event === 'budget_pages' && /page budget of 15/.test(e.detail));
    expect(ev?.count).toBeGreaterThanOrEqual(40 - 8);
    expect(links.filter((l) => /^\/xwzx\//.test(new URL(l.url).pathname)).length).toBeGreaterThanOrEqual(30);
  });
});

describe('信息公开 categories behind article lists', () => {
  it('reaches depth-3 category columns before the depth-2 articles of a long list', async () => {
    const cats = ['政策文件', '人事信息', '规划计划', '财政信息', '统计信息'];
    const s = await site(
      {
        '/': page('<div class="nav"><a href="/xxgk/">政府信息公开</a></div>'),
        '/xxgk/': page(
          `<div class="menu"><a href="/xxgk/fdzdgknr/">法定主动公开内容</a></div><ul>${Array.from({ length: 20 }, (_, i) => `<li><a href="/xxgk/2026/t202611${String(i + 1).padStart(2, '0')}_${i}.html">关于第${i}批政府信息公开事项的公告内容</a><span>2026-11-${String(i + 1).padStart(2, '0')}</span></li>`).join('')}</ul>`,
        ),
        '/xxgk/fdzdgknr/': page(`<div class="menu">${cats.map((c, i) => `<a href="/xxgk/fdzdgknr/c${i}/">${c}</a>`).join('')}</div>`),
      },
      page('<p>发布日期：2026-11-10</p><p>正文</p>'),
    );
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { maxSeconds: 60, maxPages: 12, render: 'never', checkExternalLinks: false, perHostConcurrency: 1 });
    const r = await auditSite({ ...base, store, registry: makeRegistry([st]), site: st });
    const { pages } = await obsOf(r.runId);
    const fetched = new Set(pages.map((p) => new URL(p.url).pathname));
    for (let i = 0; i < cats.length; i++) expect(fetched.has(`/xxgk/fdzdgknr/c${i}/`)).toBe(true);
    expect(pages.filter((p) => /\/t2026/.test(p.url)).length).toBe(12 - 8);
  });
});

describe('大汉 JCMS list groups from dataproxy.jsp', () => {
  const record = (i: number, col: string) =>
    `<record><![CDATA[<li><a href="/art/2026/11/${String((i % 28) + 1).padStart(2, '0')}/art_${col}_${i}.html" title="第${i}条信息标题">第${i}条信息标题</a><span class="bt_time">[2026-${String(12 - Math.ceil(i / 3)).padStart(2, '0')}-01]</span></li>]]></record>`;
  const datastore = (col: string, from: number, to: number) =>
    `<datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=3163&path=/&columnid=${col}&unitid=4001&permissiontype=0"></a>]]></nextgroup><recordset>${Array.from({ length: to - from + 1 }, (_, k) => record(from + k, col)).join('')}</recordset></datastore>`;
  const column = (col: string, shipped: number, total: number, perPage: number) =>
    `<div class="nav"><a href="/">首页</a></div><h2>通知公告</h2><div id="4001"><script type="text/xml">${datastore(col, 1, shipped)}</script>
<script language="javascript" src="/module/jslib/jquery/jpage/dataproxy.js"></script>
<script language="javascript">$(document).ready(function(){ $('#4001').jpage({ dataStore: dataStore, containerId: '4001', perPage: ${perPage}, totalRecord: ${total}, proxyUrl: '/module/web/jpage/dataproxy.jsp' }); });</script></div>`;

  it('the extractor links every later record group as a pager page named by its first page', async () => {
    const { extractPage } = await import('../../crawlers/extract/page.ts');
    const p = extractPage(`<html><body>${column('1229', 15, 40, 5)}</body></html>`, 'http://www.x.gov.cn/col/col1229/index.html', { siteUrl: 'http://www.x.gov.cn/' });
    const pager = p.links.filter((l) => l.rel === 'pager');
    expect(pager.map((l) => l.text)).toEqual(['第4页', '第7页']);
    const u = new URL(pager[0].url);
    expect(u.pathname).toBe('/module/web/jpage/dataproxy.jsp');
    expect(Object.fromEntries(u.searchParams)).toMatchObject({ webid: '3163', columnid: '1229', unitid: '4001', startrecord: '16', endrecord: '30', perpage: '5' });
    expect(u.searchParams.has('page')).toBe(false);
    expect(new URL(pager[1].url).searchParams.get('endrecord')).toBe('40');
    // every record is shipped: nothing to fetch
    expect(extractPage(`<html><body>${column('1229', 12, 12, 5)}</body></html>`, 'http://www.x.gov.cn/col/col1229/', { siteUrl: 'http://www.x.gov.cn/' }).links.some((l) => l.rel === 'pager')).toBe(false);
  });

  it('the crawl fetches the first groups by GET, reads their XML records as a list and follows their articles', async () => {
    const s = await site(
      {
        '/': page('<div class="nav"><a href="/col/col1229/index.html">通知公告</a></div>'),
        '/col/col1229/index.html': page(column('1229', 5, 30, 5)),
        '/module/web/jpage/dataproxy.jsp': (_q, res, url) => {
          const a = Number(url.searchParams.get('startrecord'));
          const b = Number(url.searchParams.get('endrecord'));
          if (url.searchParams.get('columnid') !== '1229' || !a || !b) {
            res.statusCode = 400;
            return res.end('bad request');
          }
          res.setHeader('content-type', 'text/xml;charset=UTF-8');
          res.end(`<?xml version="1.0" encoding="UTF-8"?>${datastore('1229', a, b)}`);
        },
      },
      (_q, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end('<html><body><p>发布日期：2026-11-01</p>正文</body></html>');
      },
    );
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { maxSeconds: 60, render: 'never', checkExternalLinks: false });
    const r = await auditSite({ ...base, store, registry: makeRegistry([st]), site: st });
    expect(r.status).toBe('complete');
    const { pages, events } = await obsOf(r.runId);
    const groups = pages.filter((p) => p.url.includes('dataproxy.jsp')).sort((x, y) => x.url.localeCompare(y.url));
    expect(groups.map((g) => [new URL(g.url).searchParams.get('startrecord'), g.referrerText, g.status])).toEqual([
      ['11', '第3页', 200],
      ['6', '第2页', 200],
    ]);
    expect(groups.every((g) => !g.failure && (g.items?.length ?? 0) === 5)).toBe(true);
    expect(groups.find((g) => g.referrerText === '第2页')?.items?.[0].title).toBe('第6条信息标题');
    // page 4 onwards (records 16–30) is beyond maxPagerPages: skipped and counted
    expect(events.find((e) => /pagers/.test(e.detail))?.count).toBe(3);
    expect(pages.some((p) => /art_1229_7\.html$/.test(p.url) && p.status === 200)).toBe(true);
    expect(s.requests.filter((q) => q.path.startsWith('/module/web/jpage/dataproxy.jsp')).every((q) => q.method === 'GET')).toBe(true);
  });
});
