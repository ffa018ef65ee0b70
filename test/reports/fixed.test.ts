/**
 * "已整改" must mean govmon looked again and the defect was gone. A late-published document that
 * rolled out of the crawl, or a broken link on a page the crawl did not reach this time, is listed
 * apart as "not checked again", not as fixed; a broken link removed from a page that was fetched
 * again is fixed.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import { buildSiteReport } from '../../reports/model.ts';
import { writeSiteReport } from '../../reports/site-report.ts';
import type { Finding } from '../../model/finding.ts';
import { page, link, site } from '../assessment/fixtures.ts';

const HOME = 'https://fx.example.gov.cn/';
const LATE = 'https://fx.example.gov.cn/zfxxgk/art/2026/5/4/1.html';
const OLD_COL = 'https://fx.example.gov.cn/old/index.html';
const GONE_LINK = 'https://fx.example.gov.cn/files/removed.doc';
const DEAD_ON_OLD = 'https://fx.example.gov.cn/files/dead.doc';

const sum = (checkId: string, ref: string, status: Finding['status']): Finding => ({ checkId, ref, severity: 'deduct', status, key: checkId, message: { zh: `${checkId} ${status}`, en: `${checkId} ${status}` }, evidence: [] });
const broken = (url: string, from: string): Finding => ({
  checkId: 'links.broken-other',
  ref: 'D-02',
  severity: 'deduct',
  status: 'fail',
  key: `links.broken-other|${url}`,
  message: { zh: `链接无法访问 ${url}`, en: `Broken link ${url}` },
  evidence: [{ url, page: from, linkText: '下载', status: 404, failureClass: 'http_4xx', data: { defect: true } }],
});

let store: Store | undefined;
afterAll(async () => {
  await store?.close();
});

describe('fixed versus not checked again', () => {
  it('counts as fixed only what was looked at again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'govmon-fixed-'));
    store = await Store.open(join(dir, 'govmon.db'));
    const s = site({ id: 'fx', url: HOME });
    await store.upsertSites([s]);

    const prev = await store.createRun({ siteId: 'fx', kind: 'audit', startedAt: '2026-11-10T01:00:00.000Z' });
    await store.appendObservations(prev.id, 'fx', [
      page(HOME, '2026-11-10T01:00:01.000Z', { depth: 0 }),
      page(LATE, '2026-11-10T01:00:02.000Z'),
      page(OLD_COL, '2026-11-10T01:00:03.000Z'),
      link(GONE_LINK, '2026-11-10T01:00:04.000Z', 404),
      link(DEAD_ON_OLD, '2026-11-10T01:00:05.000Z', 404),
    ]);
    await store.finishRun(prev.id, 'complete', { pages: 3 });
    await store.replaceFindings(prev.id, 'fx', [
      sum('disclosure.publish-timeliness', 'G-05', 'fail'),
      { ...sum('disclosure.publish-timeliness', 'G-05', 'fail'), key: `disclosure.publish-timeliness|${LATE}`, message: { zh: '成文后 28 个工作日才发布', en: 'Published 28 working days after signing' }, evidence: [{ url: LATE, text: '成文日期 2026-03-20，发布日期 2026-05-04', data: { defect: true } }] },
      sum('links.broken-other', 'D-02', 'fail'),
      broken(GONE_LINK, HOME),
      broken(DEAD_ON_OLD, OLD_COL),
    ]);

    const run = await store.createRun({ siteId: 'fx', kind: 'audit', startedAt: '2026-11-20T01:00:00.000Z' });
    await store.appendObservations(run.id, 'fx', [page(HOME, '2026-11-20T01:00:01.000Z', { depth: 0 })]);
    await store.finishRun(run.id, 'complete', { pages: 1 });
    await store.replaceFindings(run.id, 'fx', [sum('disclosure.publish-timeliness', 'G-05', 'pass'), sum('links.broken-other', 'D-02', 'pass')]);

    const m = await buildSiteReport(store, run.id, { now: new Date('2026-11-21T00:00:00Z') });
    expect(m.fixed.map((d) => d.evidence[0].url)).toEqual([GONE_LINK]);
    expect(m.notRechecked.map((d) => d.evidence[0].url).sort()).toEqual([DEAD_ON_OLD, LATE].sort());
    expect(m.verdict.fixedDefects).toBe(1);

    const files = await writeSiteReport(store, run.id, join(dir, 'out'), { now: new Date('2026-11-21T00:00:00Z'), score: null });
    const page1 = readFileSync(files.html, 'utf8');
    expect(page1).toContain('上次监测发现、本次未再检查');
    expect(page1).toContain(LATE);
    // The verdict counts all three: new, still open, fixed.
    expect(page1).toMatch(/<div class="kpi"><b>0<\/b><span><span class="zh" lang="zh-CN">仍未整改<\/span>/);
    expect(page1).toMatch(/<div class="kpi"><b>1<\/b><span><span class="zh" lang="zh-CN">已整改<\/span>/);
    expect(readFileSync(files.markdown, 'utf8')).toMatch(/## 上次监测发现、本次未再检查 \(2\)/);
  });
});
