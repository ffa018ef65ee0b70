/**
 * Real stored runs for the report tests: sites, audit runs with observations and findings,
 * probes across the period, and a screenshot file. Crawled fields carry hostile markup and
 * URLs (HOSTILE) so every test that opens a report also proves nothing from a crawl runs.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import type { Finding } from '../../model/finding.ts';
import type { LinkCheckObservation, PageObservation, ProbeObservation, CrawlEventObservation } from '../../model/observation.ts';
import type { Site } from '../../model/site.ts';

export const HOSTILE = {
  script: '<script>window.__pwned=1</script>',
  img: '<img src=x onerror="window.__pwned=1">',
  jsUrl: 'javascript:window.__pwned=1',
  attrBreak: '"><svg onload="window.__pwned=1">',
  dataUrl: 'data:text/html,<script>window.__pwned=1</script>',
};

export const NOW = new Date('2026-11-21T02:00:00.000Z');
export const HOME = 'https://www.demo-a.gov.cn/';
export const BROKEN = 'https://www.demo-a.gov.cn/news/missing.html';
export const FIXED_URL = 'https://www.demo-a.gov.cn/old/gone.html';
export const OPEN_URL = 'https://www.demo-a.gov.cn/files/form.doc';
export const NEWS_PAGE = 'https://www.demo-a.gov.cn/news/index.html';

// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function site(id: string, name: string, url: string, extra: Partial<Site> = {}): Site {
  return { id, name, region: '示例省示例市', level: '市', kind: '门户网站', url, offersServices: true, entries: {}, seeds: [], limits: {}, tags: [], ...extra };
}

export const SITES: Site[] = [
  site('demo-a', '示例市人民政府', HOME, { siteIdCode: '3501000001' }),
  site('demo-b', `示例县人民政府${HOSTILE.script}`, 'https://www.demo-b.gov.cn/', { level: '县', group: '县级政府' }),
  site('demo-c', '示例区人民政府', 'https://www.demo-c.gov.cn/', { level: '县', group: '县级政府' }),
  site('demo-d', '示例市教育局', 'https://jyj.demo-a.gov.cn/', { level: '部门', kind: '部门网站' }),
];

function page(url: string, at: string, extra: Partial<PageObservation> = {}): PageObservation {
  return { kind: 'page', url, at, finalUrl: url, redirects: [], status: 200, timings: { startedAt: at, totalMs: 40 }, headers: {}, setCookies: [], bytes: 2048, depth: 1, ...extra };
}

function link(url: string, at: string, status: number, extra: Partial<LinkCheckObservation> = {}): LinkCheckObservation {
  return { kind: 'link', url, at, finalUrl: url, redirects: [], status, method: 'HEAD', external: false, elapsedMs: 12, ...extra };
}

const summary = (checkId: string, ref: string, severity: Finding['severity'], status: Finding['status'], message: Finding['message'], extra: Partial<Finding> = {}): Finding => ({
  checkId,
  ref,
  severity,
  status,
  message,
  evidence: [],
  key: checkId,
  ...extra,
});

function brokenDefect(url: string, pageUrl: string, linkText: string, status = 404): Finding {
  return {
    checkId: 'links.broken-home',
    ref: 'D-02',
    severity: 'deduct',
    status: 'fail',
    message: { zh: `首页链接无法访问（HTTP ${status}）`, en: `Home page link cannot be opened (HTTP ${status})` },
    fix: { zh: '修复或删除该链接，并检查栏目模板中的同类链接。', en: 'Fix or remove the link and check the column template for similar links.' },
    evidence: [{ url, page: pageUrl, linkText, status, failureClass: 'http_4xx', data: { defect: true } }],
    key: `links.broken-home|${url}`,
    measure: 1,
  };
}

export interface Fixture {
  store: Store;
  dbPath: string;
  dataDir: string;
  prevRunId: string;
  runId: string;
  runB: string;
  runD: string;
  close(): Promise<void>;
}

/** Opens a store at `target` (default: a fresh SQLite file) and fills it. */
export async function buildFixture(target?: string): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'govmon-reports-'));
  const dbPath = target ?? join(dir, 'govmon.db');
  const dataDir = join(dir, 'data');
  mkdirSync(join(dataDir, 'shots'), { recursive: true });
  writeFileSync(join(dataDir, 'shots', 'home.png'), PNG);
  const store = await Store.open(dbPath);
  await store.upsertSites(SITES);

  // ---- demo-a: previous run (10 Nov) ------------------------------------------------------
  const prev = await store.createRun({ siteId: 'demo-a', kind: 'audit', startedAt: '2026-11-10T01:00:00.000Z' });
  await store.appendObservations(prev.id, 'demo-a', [page(HOME, '2026-11-10T01:00:01.000Z', { depth: 0, title: '示例市人民政府' })]);
  await store.finishRun(prev.id, 'complete', { pages: 1 });
  await store.replaceFindings(prev.id, 'demo-a', [
    summary('links.broken-home', 'D-02', 'deduct', 'fail', { zh: '首页有 2 个链接无法访问', en: '2 broken links on the home page' }, { measure: 2 }),
    brokenDefect(FIXED_URL, HOME, '旧栏目'),
    brokenDefect(OPEN_URL, HOME, '申请表下载'),
    summary('freshness.home-not-updated', 'V-02', 'veto', 'pass', { zh: '首页近两周有更新', en: 'Home page updated in the last 14 days' }),
  ]);

  // ---- demo-a: current run (20 Nov) -------------------------------------------------------
  const run = await store.createRun({ siteId: 'demo-a', kind: 'audit', startedAt: '2026-11-20T01:00:00.000Z' });
  const at = (s: number) => new Date(Date.parse('2026-11-20T01:00:00.000Z') + s * 1000).toISOString();
  const homeLinks = [
    { url: BROKEN, raw: '/news/missing.html', tag: 'a' as const, text: HOSTILE.img, internal: true },
    { url: OPEN_URL, raw: '/files/form.doc', tag: 'a' as const, text: '申请表下载', internal: true },
    { url: NEWS_PAGE, raw: '/news/index.html', tag: 'a' as const, text: `要闻${HOSTILE.script}`, internal: true },
    { url: 'https://www.demo-a.gov.cn/secret/', raw: '/secret/', tag: 'a' as const, text: '内部', internal: true },
  ];
  const events: CrawlEventObservation[] = [{ kind: 'crawl_event', url: HOME, at: at(30), event: 'budget_pages', detail: `page budget 500 reached ${HOSTILE.img}`, count: 500 }];
  await store.appendObservations(run.id, 'demo-a', [
    page(HOME, at(1), { depth: 0, title: `示例市人民政府${HOSTILE.script}`, links: homeLinks, screenshot: 'shots/home.png' }),
    page(NEWS_PAGE, at(2), { title: HOSTILE.img, referrer: HOME, referrerText: '要闻' }),
    page('https://www.demo-a.gov.cn/secret/', at(3), { status: 403, failure: { class: 'blocked', message: `WAF challenge ${HOSTILE.script}` }, referrer: HOME, referrerText: '内部' }),
    link(BROKEN, at(4), 404, { failure: { class: 'http_4xx', message: 'Not Found' } }),
    link(OPEN_URL, at(5), 404, { failure: { class: 'http_4xx', message: 'Not Found' } }),
    link(HOSTILE.jsUrl, at(6), 0, { failure: { class: 'invalid_url', message: 'unsupported scheme' } }),
    ...events,
  ]);
  await store.finishRun(run.id, 'complete', { pages: 3 }, `budget reached ${HOSTILE.script}`);
  // A fixed finish time: the availability window (7 days before it) must not depend on the clock.
  await store.db.run('UPDATE runs SET finished_at = ? WHERE id = ?', ['2026-11-20T01:10:00.000Z', run.id]);
  await store.replaceFindings(run.id, 'demo-a', [
    summary('freshness.home-not-updated', 'V-02', 'veto', 'fail', { zh: '首页 16 天未更新（最新信息 2026-11-04）', en: 'Home page not updated for 16 days (newest item 2026-11-04)' }, {
      fix: { zh: '在首页要闻、通知公告栏目及时发布新信息。', en: 'Publish new items in the home page news and notice columns.' },
      evidence: [{ url: HOME, text: `最新：${HOSTILE.script} 2026-11-04`, date: '2026-11-04', screenshot: 'shots/home.png' }],
      measure: 16,
    }),
    summary('freshness.stale-news-columns', 'V-03a', 'veto', 'pass', { zh: '1 个动态类栏目超过 14 天未更新（未达 5 个）', en: '1 news column stale for over 14 days (below 5)' }, { measure: 1 }),
    {
      // A check that names only the column URL: the report finds the page and link text leading to it.
      checkId: 'freshness.stale-news-columns',
      ref: 'V-03a',
      severity: 'veto',
      status: 'warn',
      message: { zh: '栏目“要闻”超过 14 天未更新', en: 'Column 要闻 not updated for over 14 days' },
      fix: { zh: '及时更新该栏目。', en: 'Update the column.' },
      evidence: [{ url: NEWS_PAGE, date: '2026-10-30', data: { defect: true } }],
      key: `freshness.stale-news-columns|${NEWS_PAGE}`,
    },
    summary('links.broken-home', 'D-02', 'deduct', 'fail', { zh: '首页有 2 个链接无法访问', en: '2 broken links on the home page' }, { measure: 2 }),
    brokenDefect(BROKEN, HOME, HOSTILE.img),
    brokenDefect(OPEN_URL, HOME, '申请表下载'),
    summary('links.offsite', 'S-11', 'advise', 'warn', { zh: '发现 1 个可疑外链', en: '1 suspicious outbound link' }, { measure: 1 }),
    {
      checkId: 'links.offsite',
      ref: 'S-11',
      severity: 'advise',
      status: 'warn',
      message: { zh: '链接地址不是 gov.cn 域名', en: 'Link target is not on a gov.cn domain' },
      fix: { zh: '删除或替换为政府网站链接。', en: 'Remove it or link a government site instead.' },
      evidence: [{ url: HOSTILE.jsUrl, page: HOSTILE.dataUrl, linkText: HOSTILE.script, text: HOSTILE.attrBreak, data: { defect: true, note: null, host: HOSTILE.img, target: `https://www.demo-a.gov.cn/${'x'.repeat(300)}.html` } }],
      key: `links.offsite|${HOSTILE.jsUrl}`,
    },
    summary('security.https', 'N-02', 'deduct', 'cannot_assess', { zh: '网站拦截了监测请求（HTTP 403 防护页），无法评估', en: 'The site blocked the monitor (HTTP 403 challenge page); could not assess' }, {
      evidence: [{ url: HOME, status: 403, failureClass: 'blocked', text: `challenge ${HOSTILE.script}` }],
    }),
    summary('links.broken-other', 'D-02', 'deduct', 'pass', { zh: '其他页面未发现确认的断链', en: 'No confirmed broken links on other pages' }, { measure: 0 }),
    {
      checkId: 'links.broken-other',
      ref: 'D-02',
      severity: 'deduct',
      status: 'cannot_assess',
      message: { zh: '链接被网站拦截（403），无法确认是否可用', en: 'The link was blocked by the site (403); could not confirm it works' },
      evidence: [{ url: 'https://www.demo-a.gov.cn/secret/', page: HOME, linkText: '内部', status: 403, failureClass: 'blocked', data: { defect: true } }],
      key: 'links.broken-other|https://www.demo-a.gov.cn/secret/',
    },
    summary('identity.site-id-code', 'S-02', 'deduct', 'pass', { zh: '页脚展示网站标识码 3501000001', en: 'Footer shows site ID code 3501000001' }),
  ]);

  // Probes, 24 a day from 1 to 20 Nov; two bad mornings (5 and 18 Nov) for demo-a, a clean record for demo-d.
  const probes: ProbeObservation[] = [];
  const probesD: ProbeObservation[] = [];
  for (let d = 1; d <= 20; d++) {
    for (let h = 0; h < 24; h++) {
      const when = new Date(Date.UTC(2026, 10, d, h, 5) - 8 * 3600_000).toISOString();
      const bad = (d === 5 || d === 18) && h < 6;
      probes.push({ kind: 'probe', url: HOME, at: when, ok: !bad, status: bad ? 0 : 200, failure: bad ? { class: 'timeout', message: '15 s' } : undefined, timings: { startedAt: when, totalMs: bad ? 15000 : 120 }, bytes: bad ? 0 : 4096 });
      probesD.push({ kind: 'probe', url: 'https://jyj.demo-a.gov.cn/', at: when, ok: true, status: 200, timings: { startedAt: when, totalMs: 90 }, bytes: 2048 });
    }
  }
  const probeRun = await store.createRun({ siteId: 'demo-a', kind: 'probe', startedAt: '2026-11-01T00:00:00.000Z' });
  await store.appendObservations(probeRun.id, 'demo-a', probes);
  await store.finishRun(probeRun.id, 'complete');
  const probeRunD = await store.createRun({ siteId: 'demo-d', kind: 'probe', startedAt: '2026-11-01T00:00:00.000Z' });
  await store.appendObservations(probeRunD.id, 'demo-d', probesD);
  await store.finishRun(probeRunD.id, 'complete');

  // ---- demo-b: a run whose checks have not run yet (no findings) --------------------------
  const runB = await store.createRun({ siteId: 'demo-b', kind: 'audit', startedAt: '2026-11-18T03:00:00.000Z' });
  await store.appendObservations(runB.id, 'demo-b', [page('https://www.demo-b.gov.cn/', '2026-11-18T03:00:01.000Z', { depth: 0, title: HOSTILE.script })]);
  await store.finishRun(runB.id, 'incomplete', {}, 'process stopped before the run finished');

  // ---- demo-c: no run in the period ----------------------------------------------------------
  // ---- demo-d: a clean run --------------------------------------------------------------------
  const runD = await store.createRun({ siteId: 'demo-d', kind: 'audit', startedAt: '2026-11-19T03:00:00.000Z' });
  await store.appendObservations(runD.id, 'demo-d', [page('https://jyj.demo-a.gov.cn/', '2026-11-19T03:00:01.000Z', { depth: 0, title: '示例市教育局' })]);
  await store.finishRun(runD.id, 'complete', { pages: 1 });
  await store.replaceFindings(runD.id, 'demo-d', [
    summary('freshness.home-not-updated', 'V-02', 'veto', 'pass', { zh: '首页近两周有更新', en: 'Home page updated in the last 14 days' }),
    summary('links.broken-home', 'D-02', 'deduct', 'pass', { zh: '首页链接均可访问', en: 'All home page links open' }, { measure: 0 }),
  ]);

  return {
    store,
    dbPath,
    dataDir,
    prevRunId: prev.id,
    runId: run.id,
    runB: runB.id,
    runD: runD.id,
    close: () => store.close(),
  };
}
