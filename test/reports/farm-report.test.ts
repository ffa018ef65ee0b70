/**
 * The maintainer's report of a real audit of a demo portal (the county site: JCMS-style
 * pages, planted 404/410/5xx/403/redirect loop), written by the crawler at the end of the
 * audit exactly as in production, then opened in Chromium. Every broken URL the run recorded
 * must be in the report with the page and anchor text linking to it, and planted blocks
 * (403) must be listed as could-not-assess, never as the site's fault.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { startFarm, type Farm } from '../../demo/farm/index.ts';
import { plantedFor } from '../../demo/farm/planted.ts';
import { COUNTY_ID } from '../../demo/farm/sites/county.ts';
import { auditSite } from '../../crawlers/audit.ts';
import { Store } from '../../store/store.ts';
import { failureBlame, type LinkCheckObservation, type PageObservation } from '../../model/observation.ts';
import type { SiteReportModel } from '../../reports/model.ts';

const NOW = new Date('2026-11-20T08:00:00Z');
const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts', 'reports');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let farm: Farm;
let store: Store;
let browser: Browser;
let reportPath: string;
let runId: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Rendering off: this test is about the report, and Chromium is needed below for reading it.
  farm = await startFarm({ now: NOW, defaults: { maxSeconds: 120, render: 'never' } });
  const dir = mkdtempSync(join(tmpdir(), 'govmon-farm-report-'));
  store = await Store.open(join(dir, 'govmon.db'));
  const site = farm.registry.sites.find((s) => s.id === COUNTY_ID)!;
  await store.upsertSites(farm.registry.sites);
  const res = await auditSite({ store, registry: farm.registry, site, outDir: join(dir, 'out'), dataDir: join(dir, 'data') });
  expect(res.reportPath).toBeTruthy();
  reportPath = res.reportPath!;
  runId = res.runId;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await store?.close();
  await farm?.close();
});

describe('site report of a real audit of the county demo portal', () => {
  it('lists every broken URL of the run with the page and anchor text linking to it', async () => {
    const model = JSON.parse(readFileSync(reportPath.replace(/\.html$/, '.json'), 'utf8')) as SiteReportModel;
    expect(model.run.id).toBe(runId);
    const obs = await store.observations(runId, ['page', 'link']);
    const failed = new Set((obs as Array<PageObservation | LinkCheckObservation>).filter((o) => o.failure).map((o) => o.url));
    expect(failed.size).toBeGreaterThan(0);
    expect(new Set(model.crawl.broken.map((b) => b.url))).toEqual(failed);
    for (const b of model.crawl.broken) expect(b.blame).toBe(failureBlame(b.failureClass!));

    const planted404 = plantedFor(farm).filter((p) => p.site === COUNTY_ID && p.problem && p.observe?.failureClasses?.includes('http_4xx') && p.url && failed.has(p.url));
    expect(planted404.length).toBeGreaterThan(0);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.route('**/*', (r) => (r.request().url().startsWith('file:') || r.request().url().startsWith('data:') ? r.continue() : r.abort()));
    await page.goto(pathToFileURL(reportPath).href);
    for (const p of planted404) {
      const row = page.locator('#broken ~ .tablewrap tr', { has: page.locator(`a[href="${p.url}"]`) }).first();
      const text = await row.innerText();
      const b = model.crawl.broken.find((x) => x.url === p.url)!;
      expect(b.from.length, p.id).toBeGreaterThan(0);
      expect(text).toContain(b.from[0].page);
      if (b.from[0].text) expect(text).toContain(b.from[0].text);
    }
    await expect(page.locator('#verdict .headline').innerText()).resolves.not.toBe('');
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(scroll).toBeLessThanOrEqual(client);
    await page.screenshot({ path: join(ARTIFACTS, 'farm-county-report.png'), fullPage: true });
    await page.close();
  });

  it('counts the planted 403 as could-not-assess, apart from the site-caused failures', async () => {
    const model = JSON.parse(readFileSync(reportPath.replace(/\.html$/, '.json'), 'utf8')) as SiteReportModel;
    const blocked = plantedFor(farm).filter((p) => p.site === COUNTY_ID && p.problem && p.observe?.failureClasses?.includes('blocked'));
    for (const p of blocked) {
      const b = model.crawl.broken.find((x) => x.url === p.url);
      if (b) expect(b.blame, p.id).toBe('cannot_assess');
    }
    const site = model.crawl.failures.filter((f) => f.blame === 'site').map((f) => f.class);
    expect(site).not.toContain('blocked');
    expect(site).toContain('http_4xx');
  });
});
