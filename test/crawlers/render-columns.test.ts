/**
 * Column pages whose static HTML lists nothing but loads scripts (AJAX lists on real portals):
 * the crawl renders them (capped), stores the rendered PageObservation, and
 * freshness.empty-columns (V-03c) judges the rendered copy — a script-built list is not blank,
 * a column still empty in the browser is.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import { auditSite } from '../../crawlers/audit.ts';
import { closeAgents } from '../../crawlers/fetch.ts';
import { CHROMIUM_PATH } from '../../crawlers/render.ts';
import { extractPage } from '../../crawlers/extract/page.ts';
import { looksLikeEmptyColumn } from '../../crawlers/crawl.ts';
import { evaluateRun } from '../../checks/evaluate-run.ts';
import type { CrawlEventObservation, PageObservation } from '../../model/observation.ts';
import { serve, page, makeSite, makeRegistry, type TestServer } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'govmon-rendercol-'));
const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await closeAgents();
});

const NAV = ['通知公告', '政策文件', '工作动态', '人事信息', '规划计划', '财政信息'];
/** The list script of a real column: it asks a JSON endpoint and writes the rows (or nothing). */
const LIST_JS = `fetch(location.pathname + 'data.json').then(r => r.json()).then(rows => {
  document.getElementById('list').innerHTML = '<ul>' + rows.map(r => '<li><a href="' + r.u + '">' + r.t + '</a><span>' + r.d + '</span></li>').join('') + '</ul>';
});`;

function columnPage(name: string): string {
  return `<div class="nav">${NAV.map((n, i) => `<a href="/c${i}/">${n}</a>`).join('')}</div><div class="crumb">当前位置：首页 &gt; ${name}</div><h2>${name}</h2><div id="list"></div><script src="/static/list.js"></script>`;
}

describe('looksLikeEmptyColumn', () => {
  const homeLinks = new Set(NAV.map((_, i) => `http://x.gov.cn/c${i}/`));
  const obsOf = (html: string, url: string, extra: Partial<PageObservation> = {}): [PageObservation, ReturnType<typeof extractPage>] => {
    const ex = extractPage(html, url, { siteUrl: 'http://x.gov.cn/' });
    const obs = { kind: 'page', at: '', url, finalUrl: url, redirects: [], status: 200, timings: { startedAt: '', totalMs: 0 }, headers: {}, setCookies: [], bytes: 0, depth: 1, title: ex.title, items: [], dates: [], referrerText: '通知公告', ...extra } as PageObservation;
    return [obs, ex];
  };
  it('takes a column page with no list, no table and a script', () => {
    expect(looksLikeEmptyColumn(...obsOf(`<html><head><title>通知公告_x市</title></head><body>${columnPage('通知公告')}</body></html>`, 'http://x.gov.cn/c0/'), homeLinks)).toBe(true);
  });
  it('leaves pages that already decide without a browser, or are not columns', () => {
    const html = (body: string) => `<html><head><title>通知公告</title></head><body>${body}<script src="/a.js"></script></body></html>`;
    expect(looksLikeEmptyColumn(...obsOf(html('<p>暂无信息</p>'), 'http://x.gov.cn/c0/'), homeLinks)).toBe(false);
    expect(looksLikeEmptyColumn(...obsOf(html('<p>空</p>').replace('<script src="/a.js"></script>', ''), 'http://x.gov.cn/c0/'), homeLinks)).toBe(false);
    expect(looksLikeEmptyColumn(...obsOf(html('<a href="/s1/">子栏目一</a><a href="/s2/">子栏目二</a><a href="/s3/">子栏目三</a>'), 'http://x.gov.cn/c0/'), homeLinks)).toBe(false);
    expect(looksLikeEmptyColumn(...obsOf(html('<table><tr><td>a</td><td>b</td></tr></table>'), 'http://x.gov.cn/c0/'), homeLinks)).toBe(false);
    const article = obsOf(html('<p>正文</p>'), 'http://x.gov.cn/c0/t20261101_1.html', { referrerText: '关于开展冬季安全生产大检查工作的通知', title: '关于开展冬季安全生产大检查工作的通知_x市', dates: [{ date: '2026-11-01', source: 'label', raw: '发布日期：2026-11-01' }] });
    expect(looksLikeEmptyColumn(...article, homeLinks)).toBe(false);
    expect(looksLikeEmptyColumn(...obsOf(html('<p>空</p>'), 'http://x.gov.cn/c0/index_1.html', { referrerText: '第2页' }), homeLinks)).toBe(false);
    // pages V-03c does not judge as columns: 联系我们 prose, a letter form, a name outside the keyword tables
    const prose = `<p>${'地址：某某市某某路1号，邮编350000，办公时间：工作日上午8:30至12:00，下午14:30至17:30。'.repeat(5)}</p>`;
    expect(looksLikeEmptyColumn(...obsOf(html(prose), 'http://x.gov.cn/lxwm/', { referrerText: '通知公告' }), homeLinks)).toBe(false);
    const form = '<form action="/hdjl/save.do"><input name="title"><input name="name"><textarea name="content"></textarea><input type="submit" value="提交"></form>';
    expect(looksLikeEmptyColumn(...obsOf(html(form), 'http://x.gov.cn/c0/', { referrerText: '通知公告' }), homeLinks)).toBe(false);
    expect(looksLikeEmptyColumn(...obsOf(html('<p>空</p>').replace('<title>通知公告</title>', '<title>网站地图</title>'), 'http://x.gov.cn/misc/', { referrerText: '网站地图' }), homeLinks)).toBe(false);
    expect(looksLikeEmptyColumn(...obsOf(html('<p>空</p>').replace('<title>通知公告</title>', '<title>领导信箱</title>'), 'http://x.gov.cn/misc/', { referrerText: '领导信箱' }), homeLinks)).toBe(false);
  });
});

describe.skipIf(!existsSync(CHROMIUM_PATH))('empty-looking column pages rendered in Chromium', () => {
  it('renders them, stores the rendered copy, and V-03c counts only the columns still empty in the browser', async () => {
    const filled = new Set([0, 1, 2, 3]); // four columns list articles through the script; 规划计划 and 财政信息 stay empty
    const s = await serve(
      {
        '/': page(`<div class="nav">${NAV.map((n, i) => `<a href="/c${i}/">${n}</a>`).join('')}</div><div class="footer">版权所有 渲染市人民政府</div>`, { title: '渲染市人民政府' }),
        '/static/list.js': (_q, res) => {
          res.setHeader('content-type', 'application/javascript');
          res.end(LIST_JS);
        },
      },
      (req, res, url) => {
        const m = /^\/c(\d)\/(data\.json)?$/.exec(url.pathname);
        if (!m) return page('<p>发布日期：2026-11-18</p><p>正文内容</p>')(req, res, url);
        const i = Number(m[1]);
        if (m[2]) {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(filled.has(i) ? [{ u: `/c${i}/t20261118_${i}.html`, t: `${NAV[i]}第一篇文章标题`, d: '2026-11-18' }, { u: `/c${i}/t20261110_${i}.html`, t: `${NAV[i]}第二篇文章标题`, d: '2026-11-10' }] : []));
          return;
        }
        return page(columnPage(NAV[i]), { title: `${NAV[i]}_渲染市人民政府` })(req, res, url);
      },
    );
    servers.push(s);
    const store = await Store.open(join(tmp, 'rc.db'));
    const st = makeSite(`http://www.render-col.gov.cn:${s.port}/`, { maxSeconds: 120, checkExternalLinks: false });
    const registry = makeRegistry([st], { 'www.render-col.gov.cn': '127.0.0.1' });
    await store.upsertSites([st]);
    const r = await auditSite({ store, registry, site: st, gatherers: [], outDir: null, evaluate: false, dataDir: join(tmp, 'data') });
    expect(r.status).toBe('complete');
    expect(r.stats.rendered).toBe(6);
    const obs = await store.observations(r.runId);
    const events = obs.filter((o): o is CrawlEventObservation => o.kind === 'crawl_event');
    expect(events.find((e) => e.event === 'render_fallback')?.detail).toMatch(/6 column page\(s\) list nothing in their static HTML/);
    const pages = obs.filter((o): o is PageObservation => o.kind === 'page');
    for (let i = 0; i < NAV.length; i++) {
      const copies = pages.filter((p) => new URL(p.url).pathname === `/c${i}/`);
      expect(copies.map((p) => !!p.rendered)).toEqual([false, true]);
      expect(copies[1].items?.length ?? 0).toBe(filled.has(i) ? 2 : 0);
      expect(copies[1].screenshot).toMatch(/\.png$/);
    }
    // articles that only the rendered lists link to were crawled
    expect(pages.some((p) => p.url.endsWith('/c0/t20261118_0.html') && p.status === 200)).toBe(true);

    const findings = await evaluateRun(store, st, r.runId, { only: ['freshness.empty-columns'], now: new Date(), persist: false });
    const summary = findings.find((f) => f.key === 'freshness.empty-columns');
    expect(summary?.measure).toBe(2);
    const defects = findings.filter((f) => f.key !== 'freshness.empty-columns');
    expect(defects).toHaveLength(2);
    expect(defects.map((d) => [d.status, d.evidence[0].data?.column])).toEqual(expect.arrayContaining([
      ['fail', '财政信息'],
      ['fail', '规划计划'],
    ]));
    expect(defects.every((d) => !d.requiresReview && typeof d.evidence[0].screenshot === 'string')).toBe(true);
    await store.close();
  }, 120_000);
});
