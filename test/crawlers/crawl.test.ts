import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import { auditSite, LinkCache, type AuditOptions } from '../../crawlers/audit.ts';
import { closeAgents } from '../../crawlers/fetch.ts';
import { serve, page, html, makeSite, makeRegistry, serverPool, observationsOf, type TestServer } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'govmon-crawl-'));
let store: Store;
const pool = serverPool();
const site = pool.site;

beforeAll(async () => {
  store = await Store.open(join(tmp, 'crawl.db'));
});
afterAll(async () => {
  await pool.closeAll();
  await store.close();
  await closeAgents();
});

const obsOf = (runId: string) => observationsOf(store, runId);

// The security gatherer belongs to another engineer; these tests exercise the crawl alone.
const base: Pick<AuditOptions, 'gatherers' | 'outDir' | 'dataDir' | 'evaluate'> = { gatherers: [], outDir: null, dataDir: join(tmp, 'data'), evaluate: false };

describe('crawl of a small portal', () => {
  let s: TestServer;
  let runId: string;
  let status: string;
  beforeAll(async () => {
    const nav = `<div class="nav"><a href="/">首页</a><a href="/zwgk/index.html">政务公开</a><a href="/tzgg/index.html">通知公告</a><a href="/hdjl/">互动交流</a><a href="/bsfw/">办事服务</a></div>`;
    s = await site({
      '/robots.txt': (_q, res) => res.end(`User-agent: *\nDisallow: /private/\nSitemap: http://127.0.0.1:${s.port}/sitemap_index.xml\n`),
      '/sitemap_index.xml': (_q, res) => res.end(`<?xml version="1.0"?><sitemapindex><sitemap><loc>http://127.0.0.1:${s.port}/sitemap-news.xml</loc></sitemap></sitemapindex>`),
      '/sitemap-news.xml': (_q, res) => res.end(`<?xml version="1.0"?><urlset><url><loc>http://127.0.0.1:${s.port}/only-in-sitemap.html</loc></url></urlset>`),
      '/': page(`${nav}
        <a href="/files/ok.pdf">办事指南</a><a href="/files/missing.pdf">申请表下载</a><a href="/old.html">旧栏目</a>
        <a href="/loop.html">循环</a><a href="/download.do?id=7">附件下载</a><a href="/private/secret.html">内部</a>
        <a href="http://dead-host.invalid/">外部死链</a><img src="/img/logo.png" alt="标志"><frameset></frameset>
        <iframe src="/embedded.html"></iframe>
        <div class="footer">版权所有 网站标识码1234567890</div>`),
      '/zwgk/index.html': page(`${nav}<a href="/zwgk/a.html">公开文件</a>`),
      '/zwgk/a.html': page(`${nav}<p>发布日期：2026-11-01</p>`),
      '/tzgg/index.html': page(nav),
      '/hdjl/': page(nav),
      '/bsfw/': page(nav),
      '/only-in-sitemap.html': page('<p>sitemap</p>'),
      '/files/ok.pdf': (_q, res) => {
        res.setHeader('content-type', 'application/pdf');
        res.end('%PDF-1.4');
      },
      '/img/logo.png': (_q, res) => {
        res.setHeader('content-type', 'image/png');
        res.end('png');
      },
      '/loop.html': (_q, res) => {
        res.statusCode = 302;
        res.setHeader('location', '/loop.html');
        res.end();
      },
      '/download.do': (_q, res) => {
        res.setHeader('content-type', 'application/msword');
        res.end('doc');
      },
      '/embedded.html': (_q, res) => {
        res.setHeader('content-type', 'application/pdf');
        res.end('%PDF');
      },
    });
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { maxSeconds: 30, checkExternalLinks: true, render: 'never' });
    const r = await auditSite({ ...base, store, registry: makeRegistry([st]), site: st });
    runId = r.runId;
    status = r.status;
  });

  it('finishes complete and records robots.txt, sitemaps and the pages', async () => {
    expect(status).toBe('complete');
    const { pages, resources, events } = await obsOf(runId);
    expect(resources.find((r) => r.role === 'robots')?.body).toContain('Disallow: /private/');
    expect(resources.filter((r) => r.role === 'sitemap').map((r) => r.url.replace(/^http:\/\/[^/]+/, ''))).toEqual(['/sitemap_index.xml', '/sitemap-news.xml']);
    expect(events.find((e) => e.event === 'sitemap_seeded')?.count).toBe(1);
    const urls = pages.map((p) => new URL(p.url).pathname);
    for (const u of ['/', '/zwgk/index.html', '/zwgk/a.html', '/tzgg/index.html', '/hdjl/', '/bsfw/', '/only-in-sitemap.html']) expect(urls).toContain(u);
    const home = pages.find((p) => p.depth === 0)!;
    expect(home.title).toBe('测试页面');
    expect(home.charset).toBe('utf-8');
    expect(home.footerText).toContain('网站标识码1234567890');
    const a = pages.find((p) => p.url.endsWith('/zwgk/a.html'))!;
    expect(a.depth).toBe(2);
    expect(a.referrerText).toBe('公开文件');
    expect(a.dates?.[0]?.date).toBe('2026-11-01');
  });

  it('records robots-disallowed pages without requesting them', async () => {
    const { pages, events } = await obsOf(runId);
    const p = pages.find((x) => x.url.endsWith('/private/secret.html'))!;
    expect(p.failure?.class).toBe('robots_disallowed');
    expect(p.status).toBe(0);
    expect(s.requests.some((r) => r.path.startsWith('/private/'))).toBe(false);
    expect(events.find((e) => e.event === 'robots_disallowed')?.count).toBe(1);
  });

  it('link-checks attachments and images with HEAD, never as pages', async () => {
    const { links, pages } = await obsOf(runId);
    const ok = links.find((l) => l.url.endsWith('/files/ok.pdf'))!;
    expect(ok).toMatchObject({ status: 200, method: 'HEAD', external: false });
    expect(ok.failure).toBeUndefined();
    expect(links.find((l) => l.url.endsWith('/files/missing.pdf'))?.failure?.class).toBe('http_4xx');
    expect(links.find((l) => l.url.endsWith('/img/logo.png'))?.status).toBe(200);
    expect(pages.some((p) => p.url.endsWith('.pdf'))).toBe(false);
    expect(s.requests.filter((r) => r.path === '/files/ok.pdf').every((r) => r.method === 'HEAD')).toBe(true);
  });

  it('classifies page failures: 404, redirect loop, not_html only where a page was expected', async () => {
    const { pages, links } = await obsOf(runId);
    expect(pages.find((p) => p.url.endsWith('/old.html'))?.failure?.class).toBe('http_4xx');
    const loop = pages.find((p) => p.url.endsWith('/loop.html'))!;
    expect(loop.failure?.class).toBe('too_many_redirects');
    expect(pages.find((p) => p.url.endsWith('/embedded.html'))?.failure?.class).toBe('not_html');
    // download.do served a Word file: a link, not a broken page.
    expect(pages.some((p) => p.url.includes('/download.do'))).toBe(false);
    expect(links.find((l) => l.url.includes('/download.do'))).toMatchObject({ status: 200, contentType: 'application/msword' });
  });

  it('re-checks suspected failures once (attempt 2) so checks can tell confirmed from transient', async () => {
    const { links } = await obsOf(runId);
    const dead = links.filter((l) => l.url === 'http://dead-host.invalid/');
    expect(dead.map((l) => [l.failure?.class, l.attempt ?? 1, l.external])).toEqual([
      ['dns', 1, true],
      ['dns', 2, true],
    ]);
  });

  it('keeps the store consistent: every page of the run was fetched once', async () => {
    const { pages } = await obsOf(runId);
    const urls = pages.map((p) => p.url);
    expect(new Set(urls).size).toBe(urls.length);
    const gets = s.requests.filter((r) => r.method === 'GET' && r.path === '/zwgk/index.html');
    expect(gets).toHaveLength(1);
  });
});

describe('soft 404s', () => {
  it('treats 页面不存在 pages served with 200, and attachments bounced to /404.html, as broken', async () => {
    const long = '<p>' + '本站于2026年对404个村居开展调查。'.repeat(60) + '</p>';
    const s = await site({
      '/': page('<div class="nav"><a href="/old.html">旧文章</a><a href="/files/gone.pdf">附件</a><a href="/survey.html">调查报告</a></div>'),
      '/old.html': page('<p>对不起，您访问的页面不存在！</p><a href="/">返回首页</a>', { title: '404 页面不存在' }),
      '/files/gone.pdf': (_q, res) => {
        res.statusCode = 302;
        res.setHeader('location', '/404.html');
        res.end();
      },
      '/404.html': page('<p>页面不存在</p>', { title: '出错了' }),
      '/survey.html': page(long, { title: '关于404个村居调查的报告' }),
    });
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { render: 'never' });
    const r = await auditSite({ ...base, store, registry: makeRegistry([st]), site: st });
    const { pages, links } = await obsOf(r.runId);
    expect(pages.find((p) => p.url.endsWith('/old.html'))?.failure).toMatchObject({ class: 'http_4xx', message: expect.stringMatching(/soft 404/) });
    expect(links.find((l) => l.url.endsWith('/files/gone.pdf'))?.failure).toMatchObject({ class: 'http_4xx', message: expect.stringMatching(/error page \/404\.html/) });
    expect(pages.find((p) => p.url.endsWith('/survey.html'))?.failure).toBeUndefined();
  });
});

describe('trap guards', () => {
  it('stops pagination explosions, relative-link loops and calendars, each with an event', async () => {
    const s = await site({}, (_req, res, url) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      const p = url.pathname;
      if (p === '/') return res.end(html('<div class="nav"><a href="/list.jsp?page=1">列表</a><a href="/loop/">循环目录</a><a href="/cal/2026/01/">日历</a></div>'));
      if (p === '/list.jsp') {
        const n = Number(url.searchParams.get('page'));
        return res.end(html(`<a href="/list.jsp?page=${n + 1}">下一页</a>`));
      }
      if (p.startsWith('/loop/')) return res.end(html('<a href="loop/">更深</a><a href="x/loop/">更深2</a>'));
      const cal = /^\/cal\/(\d{4})\/(\d{2})\/$/.exec(p);
      if (cal) {
        // A month view linking the next and previous month, forever.
        const m = Number(cal[1]) * 12 + Number(cal[2]) - 1;
        const fmt = (k: number) => `/cal/${Math.floor(k / 12)}/${String((k % 12) + 1).padStart(2, '0')}/`;
        return res.end(html(`<a href="${fmt(m + 1)}">下月</a><a href="${fmt(m - 1)}">上月</a>`));
      }
      res.statusCode = 404;
      res.end();
    });
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { maxPages: 300, maxDepth: 100, maxQueryVariants: 8, maxSeconds: 60, render: 'never', checkExternalLinks: false });
    const t0 = Date.now();
    const r = await auditSite({ ...base, store, registry: makeRegistry([st]), site: st });
    expect(r.status).toBe('complete');
    expect(Date.now() - t0).toBeLessThan(30_000);
    const { events, pages } = await obsOf(r.runId);
    const kinds = new Map(events.map((e) => [e.event, e]));
    expect(kinds.get('trap_query_variants')?.detail).toMatch(/list\.jsp/);
    expect(kinds.get('trap_path_repeat')?.count).toBeGreaterThan(0);
    expect(kinds.get('trap_calendar')?.count).toBeGreaterThan(0);
    expect(pages.filter((p) => p.url.includes('list.jsp')).length).toBeLessThanOrEqual(8);
    expect(pages.length).toBeLessThan(120);
  });
});

describe('politeness', () => {
  it('never exceeds perHostConcurrency, measured on the server', async () => {
    const links = Array.from({ length: 24 }, (_, i) => `<a href="/p${i}.html">第${i}页</a>`).join('');
    const s = await site({ '/': page(`<div class="nav">${links}</div>`) }, async (_q, res) => {
      await new Promise((r) => setTimeout(r, 60));
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(html('<p>正文</p>'));
    });
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { perHostConcurrency: 2, maxSeconds: 60, render: 'never' });
    const r = await auditSite({ ...base, store, registry: makeRegistry([st]), site: st });
    expect(r.stats.pagesFetched).toBe(25);
    expect(s.maxInFlight.get('127.0.0.1')).toBe(2);
  });

  it('spaces requests to one host by delayMs', async () => {
    const links = Array.from({ length: 6 }, (_, i) => `<a href="/p${i}.html">第${i}页</a>`).join('');
    const s = await site({ '/': page(`<div class="nav">${links}</div>`) }, page('<p>正文</p>'));
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { perHostConcurrency: 4, delayMs: 150, maxSeconds: 60, render: 'never' });
    await auditSite({ ...base, store, registry: makeRegistry([st]), site: st });
    const starts = s.requests.filter((q) => q.path.startsWith('/p')).map((q) => q.at).sort((a, b) => a - b);
    expect(starts).toHaveLength(6);
    // Slots are 150 ms apart; arrival times jitter with the load of a shared machine.
    expect((starts.at(-1)! - starts[0]) / (starts.length - 1)).toBeGreaterThanOrEqual(140);
    // The crawler can never get ahead of its schedule: request i starts at least i slots after
    // the first. Checked cumulatively because one late arrival (a loaded machine delaying the
    // server's accept) shortens the next single gap without the crawler breaking its delay.
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[0]).toBeGreaterThanOrEqual(i * 150 - 100);
  });

  it('slows down to one request a second when a host keeps failing with server errors', async () => {
    const links = Array.from({ length: 6 }, (_, i) => `<a href="/p${i}.html">第${i}页</a>`).join('');
    const s = await site({ '/': page(`<div class="nav">${links}</div>`) }, async (_q, res) => {
      await new Promise((r) => setTimeout(r, 30));
      res.statusCode = 500;
      res.end('overloaded');
    });
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { perHostConcurrency: 4, maxSeconds: 60, render: 'never' });
    const r = await auditSite({ ...base, store, registry: makeRegistry([st]), site: st });
    const { events } = await obsOf(r.runId);
    expect(events.find((e) => e.event === 'backoff')?.detail).toMatch(/slowing down to one request at a time/);
    // Once throttled (after the first failures), requests start at least ~1 s apart.
    const starts = s.requests.filter((q) => q.path.startsWith('/p')).map((q) => q.at);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    expect(gaps.filter((g) => g >= 900).length).toBeGreaterThanOrEqual(3);
    expect(s.maxInFlight.get('127.0.0.1')).toBeLessThanOrEqual(4);
  });

  it('backs off on 429 honouring Retry-After, and gives up on a persistent 503 after two retries', async () => {
    let hits429 = 0;
    const s = await site({
      '/': page('<div class="nav"><a href="/busy.html">繁忙</a><a href="/down.html">维护</a></div>'),
      '/busy.html': (_q, res) => {
        if (hits429++ === 0) {
          res.statusCode = 429;
          res.setHeader('retry-after', '1');
          return res.end('slow down');
        }
        res.setHeader('content-type', 'text/html');
        res.end(html('<p>好了</p>'));
      },
      '/down.html': (_q, res) => {
        res.statusCode = 503;
        res.setHeader('retry-after', '0');
        res.end('maintenance');
      },
    });
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { maxSeconds: 60, render: 'never' });
    const r = await auditSite({ ...base, store, registry: makeRegistry([st]), site: st });
    const busy = s.requests.filter((q) => q.path === '/busy.html');
    expect(busy).toHaveLength(2);
    expect(busy[1].at - busy[0].at).toBeGreaterThanOrEqual(950);
    const { pages, events } = await obsOf(r.runId);
    expect(pages.find((p) => p.url.endsWith('/busy.html'))?.status).toBe(200);
    // Three page fetches (first try + two retries), then the end-of-crawl re-check with a ranged GET.
    expect(s.requests.filter((q) => q.path === '/down.html' && q.method === 'GET' && !q.headers.range)).toHaveLength(3);
    expect(pages.find((p) => p.url.endsWith('/down.html'))?.failure?.class).toBe('http_5xx');
    expect(events.filter((e) => e.event === 'backoff' && /^HTTP (?:429|503)/.test(e.detail)).length).toBe(3);
    expect(events.find((e) => e.event === 'backoff')?.detail).toMatch(/Retry-After/);
  });
});

describe('budgets and stopping', () => {
  // Every page links to five new ones: a site that never ends.
  const endless = (delay: number) => async (_q: unknown, res: import('node:http').ServerResponse, url: URL) => {
    await new Promise((r) => setTimeout(r, delay));
    res.setHeader('content-type', 'text/html; charset=utf-8');
    const id = url.pathname.replace(/\W/g, '') || 'root';
    res.end(html(`<div class="nav">${Array.from({ length: 5 }, (_, i) => `<a href="/n/${id}${i}.html">${i}</a>`).join('')}</div>`));
  };

  it('ends an endless site at the time budget as incomplete with a clear note', async () => {
    const s = await site({}, endless(30));
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { maxSeconds: 3, maxPages: 100000, maxDepth: 1000, render: 'never' });
    const t0 = Date.now();
    const r = await auditSite({ ...base, store, registry: makeRegistry([st]), site: st });
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(r.status).toBe('incomplete');
    expect(r.note).toMatch(/time budget of 3 s reached after \d+ pages/);
    const run = await store.getRun(r.runId);
    expect(run?.status).toBe('incomplete');
    expect(run?.note).toBe(r.note);
    const { events } = await obsOf(r.runId);
    expect(events.some((e) => e.event === 'budget_time')).toBe(true);
  });

  it('stops at maxPages and maxDepth and says so, still complete', async () => {
    const s = await site({}, endless(0));
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { maxSeconds: 60, maxPages: 12, maxDepth: 5, render: 'never' });
    const r = await auditSite({ ...base, store, registry: makeRegistry([st]), site: st });
    expect(r.status).toBe('complete');
    const { pages, events } = await obsOf(r.runId);
    expect(pages).toHaveLength(12);
    expect(events.find((e) => e.event === 'budget_pages')?.detail).toMatch(/page budget of 12 reached/);
    const s2 = await site({}, endless(0));
    const st2 = makeSite(`http://127.0.0.1:${s2.port}/`, { maxSeconds: 60, maxPages: 1000, maxDepth: 1, render: 'never' });
    const r2 = await auditSite({ ...base, store, registry: makeRegistry([st2]), site: st2 });
    const o2 = await obsOf(r2.runId);
    expect(o2.pages).toHaveLength(6);
    expect(o2.events.find((e) => e.event === 'budget_depth')?.count).toBe(25);
  });

  it('a stop signal ends the run incomplete, keeping what was gathered', async () => {
    const s = await site({}, endless(50));
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { maxSeconds: 120, maxPages: 100000, maxDepth: 1000, render: 'never' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('SIGINT')), 1500);
    const r = await auditSite({ ...base, store, registry: makeRegistry([st]), site: st, signal: ac.signal });
    expect(r.status).toBe('incomplete');
    expect(r.note).toMatch(/stopped on request/);
    const { pages, events } = await obsOf(r.runId);
    expect(pages.length).toBeGreaterThan(3);
    expect(events.some((e) => e.event === 'aborted')).toBe(true);
  });

  it('streams observations to the store while the crawl is still running', async () => {
    const s = await site({}, endless(150));
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { maxSeconds: 4, maxPages: 100000, maxDepth: 1000, render: 'never', perHostConcurrency: 2 });
    let seenDuring = 0;
    let runId = '';
    const p = auditSite({ ...base, store, registry: makeRegistry([st]), site: st, onProgress: (x) => (runId = x.runId) });
    await new Promise((r) => setTimeout(r, 2000));
    const running = await store.getRun(runId);
    expect(running?.status).toBe('running');
    seenDuring = (await store.observations(runId)).length;
    const r = await p;
    expect(seenDuring).toBeGreaterThan(2);
    expect((await store.observations(r.runId)).length).toBeGreaterThan(seenDuring);
  });
});

describe('a home page that moved to another domain', () => {
  it('follows the move, crawls the new domain as the site and records home_moved', async () => {
    const s = await site((req, res) => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (host === 'www.old-county.gov.cn') {
        res.statusCode = 301;
        res.setHeader('location', `http://www.new-county.gov.cn:${s.port}/`);
        return res.end();
      }
      res.setHeader('content-type', 'text/html; charset=utf-8');
      if (path === '/') return res.end(html('<div class="nav"><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a></div>'));
      res.end(html('<p>内容</p>'));
    });
    const st = makeSite(`http://www.old-county.gov.cn:${s.port}/`, { render: 'never' });
    const reg = makeRegistry([st], { 'www.old-county.gov.cn': '127.0.0.1', 'www.new-county.gov.cn': '127.0.0.1' });
    const r = await auditSite({ ...base, store, registry: reg, site: st });
    const { pages, events } = await obsOf(r.runId);
    expect(events.find((e) => e.event === 'home_moved')?.detail).toContain('www.new-county.gov.cn');
    expect(pages.map((p) => new URL(p.url).host.split(':')[0]).sort()).toEqual(['www.new-county.gov.cn', 'www.new-county.gov.cn', 'www.old-county.gov.cn']);
    const home = pages.find((p) => p.depth === 0)!;
    expect(home.links?.every((l) => l.internal)).toBe(true);
  });
});

describe('sites that share a host, told apart by path', () => {
  it('each crawls its own folder and only link-checks its neighbours', async () => {
    const s = await site({
      '/': page('<div class="nav"><a href="/news/">新闻</a><a href="/fgw/">发改委</a></div>'),
      '/news/': page('<p>新闻</p>'),
      '/fgw/': page('<div class="nav"><a href="/fgw/zcwj.html">政策文件</a><a href="/">市政府门户</a><a href="/news/">市新闻</a></div>'),
      '/fgw/zcwj.html': page('<p>文件</p>'),
    });
    const portal = makeSite(`http://127.0.0.1:${s.port}/`, { render: 'never' }, { id: 'portal' });
    const dept = makeSite(`http://127.0.0.1:${s.port}/fgw/`, { render: 'never' }, { id: 'dept', kind: '部门网站', level: '部门' });
    const reg = makeRegistry([portal, dept]);
    const rp = await auditSite({ ...base, store, registry: reg, site: portal });
    const rd = await auditSite({ ...base, store, registry: reg, site: dept });
    const p = await obsOf(rp.runId);
    const d = await obsOf(rd.runId);
    const paths = (xs: Array<{ url: string }>) => xs.map((x) => new URL(x.url).pathname).sort();
    expect(paths(p.pages)).toEqual(['/', '/news/']);
    expect(paths(p.links)).toContain('/fgw/');
    expect(paths(d.pages)).toEqual(['/fgw/', '/fgw/zcwj.html']);
    expect(paths(d.links)).toEqual(expect.arrayContaining(['/', '/news/']));
  });
});

describe('run-wide link cache', () => {
  it('checks an external URL once for all sites of a run and marks later ones cached', async () => {
    const ext = await site({ '/policy.html': page('<p>外部</p>') });
    const extUrl = `http://www.partner.gov.cn:${ext.port}/policy.html`;
    const a = await site({ '/': page(`<div class="nav"><a href="${extUrl}">政策链接</a></div>`) });
    const b = await site({ '/': page(`<div class="nav"><a href="${extUrl}">政策链接</a></div>`) });
    const sa = makeSite(`http://127.0.0.1:${a.port}/`, { render: 'never' }, { id: 'site-a' });
    const sb = makeSite(`http://127.0.0.1:${b.port}/`, { render: 'never' }, { id: 'site-b' });
    const reg = makeRegistry([sa, sb], { 'www.partner.gov.cn': '127.0.0.1' });
    const cache = new LinkCache();
    const ra = await auditSite({ ...base, store, registry: reg, site: sa, linkCache: cache });
    const rb = await auditSite({ ...base, store, registry: reg, site: sb, linkCache: cache });
    const la = (await obsOf(ra.runId)).links.find((l) => l.url === extUrl)!;
    const lb = (await obsOf(rb.runId)).links.find((l) => l.url === extUrl)!;
    expect(la).toMatchObject({ status: 200, external: true });
    expect(la.cached).toBeUndefined();
    expect(lb).toMatchObject({ status: 200, external: true, cached: true });
    expect(ext.requests.filter((q) => q.path === '/policy.html')).toHaveLength(1);
    expect(ext.requests.find((q) => q.path === '/policy.html')?.host).toBe('www.partner.gov.cn');
  });
});

describe('rendering fallback', () => {
  it('records a render failure as an event and carries on with the static crawl', async () => {
    const s = await site({ '/': page('<div id="app"></div><script src="/app.js"></script>'), '/app.js': (_q, res) => res.end('') });
    const st = makeSite(`http://127.0.0.1:${s.port}/`, { render: 'auto' });
    const r = await auditSite({
      ...base,
      store,
      registry: makeRegistry([st]),
      site: st,
      render: async () => {
        throw new Error('chromium exploded');
      },
    });
    expect(r.status).toBe('complete');
    const { events, pages } = await obsOf(r.runId);
    expect(events.find((e) => e.event === 'render_fallback')?.detail).toMatch(/no usable navigation/);
    expect(events.find((e) => e.event === 'error')?.detail).toMatch(/chromium exploded/);
    expect(pages.find((p) => p.depth === 0)?.rendered).toBeUndefined();
  });
});
