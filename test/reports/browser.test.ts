/**
 * The reports in a real browser (system Chromium via playwright-core), opened from file://
 * (as mailed or published) and from the fastify routes (as `govmon serve` shows them). The
 * fixture plants script in titles, link texts, URLs and evidence; every page load asserts
 * that none of it ran. Screenshots are kept under test/artifacts/reports/.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildFixture, BROKEN, HOME, FIXED_URL, HOSTILE, NOW, type Fixture } from './fixture.ts';
import { writeOverview } from '../../reports/overview.ts';
import { writeSiteReport } from '../../reports/site-report.ts';
import { registerReportRoutes } from '../../reports/routes.ts';

const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts', 'reports');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let fx: Fixture;
let out: string;
let browser: Browser;
let app: FastifyInstance;
let base: string;

interface Watched {
  page: Page;
  context: BrowserContext;
  dialogs: string[];
  errors: string[];
}

/** A page that refuses any request leaving this machine and records dialogs and script errors. */
async function open(url: string, viewport = { width: 1280, height: 900 }): Promise<Watched> {
  const context = await browser.newContext({ viewport });
  await context.route('**/*', (route) => {
    const u = route.request().url();
    return u.startsWith('file:') || u.startsWith('data:') || u.startsWith(base) ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, context, dialogs, errors };
}

async function assertNothingRan(w: Watched): Promise<void> {
  expect(await w.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(w.dialogs).toEqual([]);
  // Planted markup must be text: no element it would have created exists.
  expect(await w.page.locator('img[src="x"], svg[onload], script').count()).toBe(0);
  expect(await w.page.locator('a[href^="javascript:" i], a[href^="data:text" i]').count()).toBe(0);
}

async function noHorizontalScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(client);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  fx = await buildFixture();
  out = mkdtempSync(join(tmpdir(), 'govmon-browser-'));
  await writeOverview(fx.store, { period: '2026-11', outDir: out, now: NOW, dataDir: fx.dataDir, scoring: false });
  app = Fastify();
  registerReportRoutes(app, fx.store, { dataDir: fx.dataDir });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await fx?.close();
});

describe('site report from file://', () => {
  const reportUrl = () => pathToFileURL(join(out, 'sites', 'demo-a', 'report.html')).href;

  it('opens with the verdict and shows each defect with URL, linking page, link text, rule and fix', async () => {
    const w = await open(reportUrl());
    const { page } = w;
    await expect(page.locator('#verdict .headline').innerText()).resolves.toContain('疑似单项否决问题');
    await expect(page.locator('#verdict').innerText()).resolves.toContain('V-02');
    const card = page.locator('article.defect', { has: page.locator(`a[href="${BROKEN}"]`) });
    await expect(card.count()).resolves.toBe(1);
    const text = await card.innerText();
    expect(text).toContain('新发现');
    expect(text).toContain(HOME);
    expect(text).toContain(HOSTILE.img); // the link text, shown literally
    expect(text).toContain('D-02');
    expect(text).toContain('链接可用性');
    expect(text).toContain('修复或删除该链接');
    expect(text).toContain('404');
    // The veto defect carries its screenshot inlined.
    const shot = page.locator('#c-freshness-home-not-updated img.shot');
    expect(await shot.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await shot.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    // The same page screenshot is embedded once; the could-not-assess row about that page links to it.
    await expect(page.locator('img.shot').count()).resolves.toBe(1);
    await expect(page.locator('#cannot-assess + p + .tablewrap a[href="#shot-1"]').count()).resolves.toBe(1);
    // Fixed since the previous run and could-not-assess are listed apart from defects.
    await expect(page.locator('#fixed ~ section.check').first().innerText()).resolves.toContain(FIXED_URL);
    const ca = await page.locator('#cannot-assess + p + .tablewrap').innerText();
    expect(ca).toContain('security.https');
    expect(ca).toContain('网站拦截了监测请求');
    // Defects by page: the home page carries four, each rule links to its first defect card.
    await page.locator('details.breakdown summary', { hasText: '按页面查看问题' }).click();
    const homeRow = page.locator('details.breakdown tr', { has: page.locator(`td.url a[href="${HOME}"]`) });
    await expect(homeRow.locator('td.num').innerText()).resolves.toBe('4');
    await homeRow.locator('a', { hasText: 'D-02' }).click();
    expect(page.url()).toMatch(/#d-[0-9a-f]{12}$/);
    await expect(page.locator('article.defect:target').innerText()).resolves.toContain('HTTP 404');
    // Availability of the 7 days before the run, with its chart.
    await expect(page.locator('#availability ~ .chart svg').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#availability ~ .kpis').first().innerText()).resolves.toContain('3.57%');
    // The unsafe offsite URL is shown as text, not as a link.
    await expect(page.locator('.nolink', { hasText: HOSTILE.jsUrl }).count()).resolves.toBeGreaterThan(0);
    await assertNothingRan(w);
    await page.screenshot({ path: join(ARTIFACTS, 'site-report-zh.png'), fullPage: true });
    await w.context.close();
  });

  it('switches to English without script and back', async () => {
    const w = await open(reportUrl());
    const { page } = w;
    await expect(page.locator('h2#defects .zh').isVisible()).resolves.toBe(true);
    await expect(page.locator('h2#defects .en').isVisible()).resolves.toBe(false);
    await page.locator('label.lang-switch').click();
    await expect(page.locator('h2#defects').innerText()).resolves.toMatch(/^Defects/);
    await expect(page.locator('#verdict .headline').innerText()).resolves.toContain('Veto-candidate findings');
    await expect(page.locator('article.defect', { has: page.locator(`a[href="${BROKEN}"]`) }).innerText()).resolves.toContain('Fix or remove the link');
    await page.screenshot({ path: join(ARTIFACTS, 'site-report-en.png'), fullPage: true });
    await page.locator('label.lang-switch').click();
    await expect(page.locator('h2#defects').innerText()).resolves.toMatch(/^问题清单/);
    await assertNothingRan(w);
    await w.context.close();
  });

  it('fits a phone screen without horizontal scrolling', async () => {
    const w = await open(reportUrl(), { width: 375, height: 812 });
    await noHorizontalScroll(w.page);
    await w.page.screenshot({ path: join(ARTIFACTS, 'site-report-phone.png'), fullPage: true });
    await assertNothingRan(w);
    await w.context.close();
  });

  it('links large screenshots copied next to the report, and they load under the CSP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'govmon-assets-'));
    const files = await writeSiteReport(fx.store, fx.runId, dir, { now: NOW, dataDir: fx.dataDir, inlineLimitBytes: 10, score: null });
    const w = await open(pathToFileURL(files.html).href);
    const shot = w.page.locator('img.shot').first();
    expect(await shot.getAttribute('src')).toMatch(/^assets\/0-home\.png$/);
    await shot.scrollIntoViewIfNeeded();
    await expect.poll(() => shot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    await assertNothingRan(w);
    await w.context.close();
  });

  it('renders a run without findings', async () => {
    const w = await open(pathToFileURL(join(out, 'sites', 'demo-b', 'report.html')).href);
    await expect(w.page.locator('#defects + p').innerText()).resolves.toContain('本次监测尚无检查结果');
    await expect(w.page.locator('h1').innerText()).resolves.toContain(HOSTILE.script);
    await assertNothingRan(w);
    await w.context.close();
  });
});

describe('accessibility of the reports themselves (axe-core)', () => {
  it('has no axe violations in the site report and the overview, in both languages', async () => {
    const axe = readFileSync(join(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    for (const file of [join(out, 'sites', 'demo-a', 'report.html'), join(out, 'index.html')]) {
      const w = await open(pathToFileURL(file).href);
      // page.evaluate runs over the DevTools protocol, outside the page's CSP (which forbids scripts).
      await w.page.evaluate(axe);
      for (const lang of ['zh', 'en']) {
        if (lang === 'en') await w.page.locator('label.lang-switch').click();
        const violations = await w.page.evaluate(async () => {
          const res = await (window as unknown as { axe: { run: (d: Document) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run(document);
          return res.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`);
        });
        expect(violations, `${file} ${lang}`).toEqual([]);
      }
      await w.context.close();
    }
  });
});

describe('overview from file://', () => {
  it('reaches a defect and its evidence from the overview in at most 3 clicks', async () => {
    const w = await open(pathToFileURL(join(out, 'index.html')).href);
    const { page } = w;
    await expect(page.locator('.chart svg').count()).resolves.toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });
    await assertNothingRan(w);
    // Click 1: the site in the ranking.
    await page.locator('#groups ~ .tablewrap a', { hasText: '示例市人民政府' }).first().click();
    await page.waitForURL(/sites\/demo-a\/report\.html/);
    // Click 2: the D-02 entry of the defect index.
    await page.locator('nav.toc a', { hasText: 'D-02' }).click();
    expect(page.url()).toMatch(/#c-links-broken-home$/);
    // The evidence (broken URL, linking page, link text) is on screen: 2 clicks.
    const evidence = page.locator('#c-links-broken-home .evidence', { has: page.locator(`a[href="${BROKEN}"]`) });
    await expect(evidence.isVisible()).resolves.toBe(true);
    expect(await evidence.innerText()).toContain(HOSTILE.img);
    await assertNothingRan(w);
    await w.context.close();
  });

  it('fits a phone screen without horizontal scrolling', async () => {
    const w = await open(pathToFileURL(join(out, 'index.html')).href, { width: 375, height: 812 });
    await noHorizontalScroll(w.page);
    await w.page.screenshot({ path: join(ARTIFACTS, 'overview-phone.png'), fullPage: true });
    await w.context.close();
  });
});

describe('served by fastify (govmon serve)', () => {
  it('serves the overview and site pages live from the store with a CSP header', async () => {
    const w = await open(`${base}/?period=2026-11`);
    const { page } = w;
    const res = await page.goto(`${base}/?period=2026-11`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'none'.*frame-ancestors 'none'/);
    await page.locator('#groups ~ .tablewrap a', { hasText: '示例市人民政府' }).first().click();
    await page.waitForURL(new RegExp(`/sites/demo-a/runs/${fx.runId}$`));
    // Served pages are scored by the methodology edition: the verdict carries its breakdown.
    await expect(page.locator('#verdict details.breakdown').count()).resolves.toBe(1);
    await page.locator('#verdict details.breakdown summary').click();
    await expect(page.locator('#verdict details.breakdown table').isVisible()).resolves.toBe(true);
    await expect(page.locator('article.defect', { has: page.locator(`a[href="${BROKEN}"]`) }).count()).resolves.toBe(1);
    await assertNothingRan(w);
    await page.screenshot({ path: join(ARTIFACTS, 'served-site.png') });
    // The run history links to the previous run's report, which shows the defect later fixed.
    await page.locator(`#history ~ .tablewrap a[href$="/runs/${fx.prevRunId}"]`).click();
    await page.waitForURL(new RegExp(`/runs/${fx.prevRunId}$`));
    await expect(page.locator('article.defect', { has: page.locator(`a[href="${FIXED_URL}"]`) }).count()).resolves.toBe(1);
    await w.context.close();
  });

  it('answers the latest report, formats, exports and bad requests', async () => {
    const latest = await fetch(`${base}/sites/demo-a?lang=en`);
    expect(latest.status).toBe(200);
    const body = await latest.text();
    expect(body).toContain(fx.runId);
    expect(body).toContain('id="lang-en" class="lang-toggle" checked');
    const md = await fetch(`${base}/sites/demo-a/runs/${fx.runId}?format=md`);
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(await md.text()).toContain('## 问题清单');
    const json = await (await fetch(`${base}/sites/demo-a/runs/${fx.runId}?format=json`)).json();
    expect(json.verdict.source).toBe('score');
    expect(typeof json.verdict.score).toBe('number');
    // The review export is the assessment's (assessment/export.ts): every site, with its score.
    const csv = await fetch(`${base}/api/export?format=csv&period=2026-11`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain('govmon-2026-11.csv');
    const csvText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(csvText.charCodeAt(0)).toBe(0xfeff);
    expect(csvText).toContain('示例市人民政府');
    expect(csvText.split('\r\n').filter(Boolean)).toHaveLength(5);
    const exp = await (await fetch(`${base}/api/export?period=2026-11`)).json();
    expect(exp.sites.map((s: { score: { siteId: string } }) => s.score.siteId).sort()).toEqual(['demo-a', 'demo-b', 'demo-c', 'demo-d']);
    const c = exp.sites.find((s: { score: { siteId: string } }) => s.score.siteId === 'demo-c');
    expect(c.score.state).toBe('no_data');
    const byInd = await (await fetch(`${base}/api/export?period=2026-11&by=indicator`)).json();
    expect(byInd.indicators.some((i: { siteId: string; indicator: { ref: string } }) => i.siteId === 'demo-a' && i.indicator.ref === 'D-02')).toBe(true);
    const ov = await (await fetch(`${base}/api/overview?period=2026-11`)).json();
    expect(ov.schema).toBe('govmon.overview/1');
    expect(ov.groups.flatMap((g: { rows: Array<{ href?: string }> }) => g.rows.map((r) => r.href)).filter(Boolean)).toContain(`/sites/demo-a/runs/${fx.runId}`);
    const badPeriod = await fetch(`${base}/api/export?period=2026-13`);
    expect(badPeriod.status).toBe(400);
    expect(await badPeriod.text()).toMatch(/invalid period/);
    expect((await fetch(`${base}/sites/demo-a/runs/${fx.runB}`)).status).toBe(404);
    expect((await fetch(`${base}/sites/demo-c`)).status).toBe(404);
    expect((await fetch(`${base}/sites/demo-a?format=exe`)).status).toBe(400);
    expect((await fetch(`${base}/sites/${encodeURIComponent('../etc')}`)).status).toBe(400);
  });

  it('rebuilds the served overview when a run is added, and reuses it otherwise', async () => {
    const first = await (await fetch(`${base}/?period=2026-11`)).text();
    expect(first).toMatch(/示例区人民政府[\s\S]*?本期无数据/);
    const again = await (await fetch(`${base}/?period=2026-11`)).text();
    // Same build: even the generation time is identical.
    const generated = (h: string) => /data-generated="([^"]+)"/.exec(h)?.[1];
    expect(generated(first)).toBeTruthy();
    expect(generated(again)).toBe(generated(first));
    const run = await fx.store.createRun({ siteId: 'demo-c', kind: 'audit', startedAt: '2026-11-20T05:00:00.000Z' });
    await fx.store.finishRun(run.id, 'complete');
    const after = await (await fetch(`${base}/?period=2026-11`)).text();
    expect(after).toContain(`/sites/demo-c/runs/${run.id}`);
  });
});
