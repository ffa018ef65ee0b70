/**
 * A small loopback "portal" assembled from the real-world fixtures (a GBK table-layout home, a TRS
 * column whose page 2 is linked only by the createPageHTML script, a GBK article behind a proxy
 * that says UTF-8, a letter box, a 年报 column reached only through the sitemap that robots.txt names by a relative path, robots.txt with
 * the usual was5/module exclusions), crawled end to end by auditSite into a real SQLite store and
 * judged by evaluateRun. Nothing leaves 127.0.0.1: the fictitious host resolves through the registry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import { auditSite } from '../../crawlers/audit.ts';
import { closeAgents } from '../../crawlers/fetch.ts';
import { evaluateRun } from '../../checks/evaluate-run.ts';
import { RegistrySchema, SiteSchema, type Registry, type Site } from '../../model/site.ts';
import type { PageObservation } from '../../model/observation.ts';
import { fixtureBytes, fixtureText } from './pipeline.ts';

const HOST = 'www.rw-portal.gov.cn';
let server: Server;
let port = 0;
const requested: string[] = [];

type Route = { file: string; encoding?: string; type?: string } | (() => { body: Buffer; type: string });
const routes: Record<string, Route> = {
  '/': { file: 'gbk-county-home.html', encoding: 'gb18030', type: 'text/html' },
  '/tzgg/': { file: 'trs-column-page2.html' },
  '/tzgg/index.html': { file: 'trs-column-page2.html' },
  '/tzgg/index_1.html': { file: 'trs-column-page2-index_1.html' },
  '/tzgg/202611/t20261115_90950.htm': { file: 'gbk-mislabelled-article.html', encoding: 'gb18030', type: 'text/html; charset=UTF-8' },
  '/xnyw/': { file: 'calendar-tile-list.html' },
  '/xxgk/nb/': { file: 'trs-ordos-annual-report-list.html' },
  '/hdjl/szxx/': { file: 'letters-table.html' },
  '/robots.txt': { file: 'robots.txt', type: 'text/plain' },
  '/sitemap_gov.xml': () => ({ body: Buffer.from(fixtureText('sitemap.xml').replaceAll('<loc>/', `<loc>http://${HOST}:${port}/`)), type: 'application/xml' }),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requested.push(path);
    const r = routes[path];
    if (!r) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      return res.end('<html><body>404 页面不存在</body></html>');
    }
    const { body, type } = typeof r === 'function' ? r() : { body: fixtureBytes(r.file, r.encoding), type: r.type ?? 'text/html; charset=utf-8' };
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((ok) => server.close(() => ok()));
  await closeAgents();
});

describe('crawling a portal built from real-world markup', () => {
  let store: Store;
  let site: Site;
  let registry: Registry;
  let runId = '';
  let pages: PageObservation[] = [];
  const url = (p: string) => `http://${HOST}:${port}${p}`;

  beforeAll(async () => {
    store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-rw-')), 'govmon.db'));
    site = SiteSchema.parse({
      id: 'rw-portal',
      name: '某县人民政府',
      region: '贵州省某县',
      level: '县',
      kind: '门户网站',
      url: url('/'),
      siteIdCode: '5224220001',
      limits: { render: 'never', checkExternalLinks: false, maxSeconds: 60, perHostConcurrency: 2 },
    });
    registry = RegistrySchema.parse({ monitor: { name: 'govmon-test', contactUrl: 'https://example.org/contact' }, resolve: { [HOST]: '127.0.0.1' }, sites: [site] });
    await store.upsertSites([site]);
    const res = await auditSite({ store, registry, site, gatherers: [], outDir: null, evaluate: false });
    runId = res.runId;
    expect(res.status).toBe('complete');
    const ctx = await store.checkContext(site, [runId], new Date('2026-11-21T02:00:00Z'));
    pages = ctx.pages;
  }, 90_000);

  afterAll(async () => {
    await store.close();
  });

  const pageAt = (p: string) => pages.find((o) => o.url === url(p));

  it('decodes the GBK home page and reads its table-built blocks', () => {
    const home = pageAt('/')!;
    expect(home.charset).toBe('gb18030');
    expect(home.items?.filter((i) => i.block === '县内要闻').map((i) => i.date)).toEqual(['2026-11-19', '2026-11-13', '2026-11-01']);
    expect(home.footerText).toMatch(/网站标识码：5224220001/);
  });

  it('reaches page 2 of the TRS column through its script pager', () => {
    expect(requested).toContain('/tzgg/index_1.html');
    expect(pageAt('/tzgg/index_1.html')?.items?.map((i) => i.date)).toEqual(['2026-09-10', '2026-08-01']);
  });

  it('reads the GBK article served as charset=UTF-8 as Chinese, with its 发布时间', () => {
    const a = pageAt('/tzgg/202611/t20261115_90950.htm')!;
    expect(a.charset).toBe('gb18030');
    expect(a.title).toBe('关于做好2026年冬季供暖工作的通知');
    expect(a.dates?.find((d) => d.label === '发布时间')?.date).toBe('2026-11-16');
  });

  it('seeds the 年报 column and the letter box from the sitemap robots.txt names by a relative path, and keeps out of robots-excluded paths', () => {
    expect(pageAt('/xxgk/nb/')).toBeDefined();
    expect(pageAt('/hdjl/szxx/')?.tables?.[0]?.headers).toEqual(['信件编号', '信件标题', '来信时间', '回复时间', '处理状态']);
    expect(requested.some((p) => /^\/(?:was5|was40|module|jcms)\//.test(p))).toBe(false);
  });

  it('judges the crawled run as an evaluator would', async () => {
    const findings = await evaluateRun(store, site, runId, { now: new Date('2026-11-21T02:00:00Z') });
    const by = (id: string) => findings.find((f) => f.checkId === id && f.key === id);
    expect(by('freshness.home-not-updated')?.status).toBe('pass');
    expect(by('identity.site-id-code')?.status).toBe('fail'); // footer has it, no <meta name="SiteIDCode">
    expect(findings.find((f) => f.key === 'identity.site-id-code|meta-missing')).toBeDefined();
    expect(by('identity.psb-filing')?.status).toBe('pass');
    // the July letter 未回复 in the letter box is four months old
    expect(by('participation.unanswered-letters')?.status).toBe('fail');
  });
});
