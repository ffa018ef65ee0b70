import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import { auditSite } from '../../crawlers/audit.ts';
import { closeAgents } from '../../crawlers/fetch.ts';
import { CHROMIUM_PATH } from '../../crawlers/render.ts';
import type { CrawlEventObservation, PageObservation } from '../../model/observation.ts';
import { serve, page, makeSite, makeRegistry, type TestServer } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'govmon-render-'));
const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await closeAgents();
});

describe.skipIf(!existsSync(CHROMIUM_PATH))('rendering a JavaScript-only portal in Chromium', () => {
  it('renders the shell home page, stores a screenshot and crawls the links the scripts built', async () => {
    const s = await serve({
      '/': page('<div id="app">加载中…</div><script src="/static/app.js"></script>'),
      '/static/app.js': (_q, res) => {
        res.setHeader('content-type', 'application/javascript');
        res.end(
          `document.getElementById('app').innerHTML = '<nav class="nav"><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a></nav>' +
           '<div class="footer">版权所有：渲染市人民政府 网站标识码1234567890</div>';`,
        );
      },
      // A column whose list is filled by a script: its static HTML is an empty shell.
      '/zwgk/': page('<div id="list"></div><script src="/static/list.js"></script>'),
      '/static/list.js': (_q, res) => {
        res.setHeader('content-type', 'application/javascript');
        res.end(`document.getElementById('list').innerHTML = '<ul><li><a href="/zwgk/art1.html">关于印发实施方案的通知</a><span>2026-11-18</span></li></ul>';`);
      },
      '/zwgk/art1.html': page('<p>正文</p>'),
      '/hdjl/': page('<p>互动交流</p>'),
    });
    servers.push(s);
    const store = await Store.open(join(tmp, 'render.db'));
    const dataDir = join(tmp, 'data');
    // A fictitious .gov.cn host reaches the loopback server through --host-resolver-rules.
    const st = makeSite(`http://www.render-city.gov.cn:${s.port}/`, { maxSeconds: 90 });
    const r = await auditSite({ store, registry: makeRegistry([st], { 'www.render-city.gov.cn': '127.0.0.1' }), site: st, gatherers: [], outDir: null, evaluate: false, dataDir });
    expect(r.status).toBe('complete');
    expect(r.stats.rendered).toBe(2);
    const obs = await store.observations(r.runId);
    const events = obs.filter((o): o is CrawlEventObservation => o.kind === 'crawl_event');
    expect(events.find((e) => e.event === 'render_fallback')?.detail).toMatch(/no usable navigation/);
    const pages = obs.filter((o): o is PageObservation => o.kind === 'page');
    const roots = pages.filter((p) => p.depth === 0);
    // The rendered home page comes first, so "the home page" is what visitors see.
    expect(roots[0].rendered).toBe(true);
    expect(roots[0].status).toBe(200);
    expect(roots[0].navLinkCount).toBe(2);
    expect(roots[0].footerText).toContain('网站标识码1234567890');
    expect(roots[0].screenshot).toMatch(/^artifacts\/.+\.png$/);
    expect(existsSync(join(dataDir, roots[0].screenshot!))).toBe(true);
    expect(roots[1].rendered).toBeUndefined();
    expect(pages.map((p) => new URL(p.url).pathname)).toEqual(expect.arrayContaining(['/zwgk/', '/hdjl/']));
    expect(s.requests.filter((q) => q.path === '/static/app.js').length).toBeGreaterThan(0);
    // The script-filled column was rendered too, and the article only its script links to was crawled.
    const column = pages.find((p) => p.rendered && p.url.endsWith('/zwgk/'));
    expect(column?.depth).toBe(1);
    expect(column?.links?.map((l) => l.text)).toContain('关于印发实施方案的通知');
    expect(events.find((e) => e.event === 'render_fallback' && e.count === 1)?.detail).toMatch(/inner page/);
    expect(pages.some((p) => p.url.endsWith('/zwgk/art1.html') && !p.rendered && p.status === 200)).toBe(true);
    expect(s.requests.every((q) => q.host === 'www.render-city.gov.cn')).toBe(true);
    await store.close();
  });

  it('passes a 加速乐-style JavaScript cookie challenge in Chromium and crawls on with its cookie', async () => {
    const s = await serve((req, res, url) => {
      // Every page demands the clearance cookie that only a browser running the script obtains.
      if (!/__jsl_clearance=ok/.test(req.headers.cookie ?? '')) {
        res.statusCode = 521;
        res.setHeader('content-type', 'text/html');
        return res.end('<script>document.cookie="__jsl_clearance=ok;path=/";location.href=location.pathname+location.search</script>');
      }
      res.setHeader('content-type', 'text/html; charset=utf-8');
      if (url.pathname === '/') return res.end('<html><body><div class="nav"><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a></div><div class="footer">版权所有 挑战市人民政府</div></body></html>');
      res.end('<html><body><p>栏目页</p></body></html>');
    });
    servers.push(s);
    const store = await Store.open(join(tmp, 'challenge.db'));
    const st = makeSite(`http://www.challenge-city.gov.cn:${s.port}/`, { maxSeconds: 90 });
    const r = await auditSite({ store, registry: makeRegistry([st], { 'www.challenge-city.gov.cn': '127.0.0.1' }), site: st, gatherers: [], outDir: null, evaluate: false, dataDir: join(tmp, 'data') });
    expect(r.status).toBe('complete');
    const obs = await store.observations(r.runId);
    const events = obs.filter((o): o is CrawlEventObservation => o.kind === 'crawl_event');
    expect(events.some((e) => e.event === 'render_fallback' && /challenge passed/.test(e.detail))).toBe(true);
    const pages = obs.filter((o): o is PageObservation => o.kind === 'page' && !o.rendered);
    expect(pages.map((p) => [new URL(p.url).pathname, p.status, p.failure?.class])).toEqual(
      expect.arrayContaining([
        ['/', 200, undefined],
        ['/zwgk/', 200, undefined],
        ['/hdjl/', 200, undefined],
      ]),
    );
    expect(r.stats.failuresByClass.blocked).toBeUndefined();
    await store.close();
  });
});
