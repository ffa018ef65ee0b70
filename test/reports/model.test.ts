import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from '../helpers/databases.ts';
import { buildFixture, HOME, BROKEN, OPEN_URL, FIXED_URL, HOSTILE, NOW, NEWS_PAGE, type Fixture } from './fixture.ts';
import { buildSiteReport } from '../../reports/model.ts';
import type { Finding } from '../../model/finding.ts';
import { writeSiteReport } from '../../reports/site-report.ts';
import { buildOverview, writeOverview } from '../../reports/overview.ts';
import { overviewCsv, overviewJson } from '../../reports/export.ts';

for (const target of testDatabases()) {
  describe(`report model on ${target.name}`, () => {
    let fx: Fixture;
    beforeAll(async () => {
      fx = await buildFixture(target.url());
    });
    afterAll(async () => {
      await target.cleanup?.(fx.store);
      await fx.close();
    });

    it('marks defects new / still open against the previous complete run and lists the fixed one', async () => {
      const m = await buildSiteReport(fx.store, fx.runId, { now: NOW });
      expect(m.previousRun?.id).toBe(fx.prevRunId);
      const broken = m.checks.find((c) => c.checkId === 'links.broken-home')!;
      expect(broken.defects.map((d) => [d.evidence[0].url, d.change])).toEqual([
        [BROKEN, 'new'],
        [OPEN_URL, 'open'],
      ]);
      expect(m.fixed.map((d) => d.evidence[0].url)).toEqual([FIXED_URL]);
      // First seen: the still-open defect dates from the previous run, the new one from this run.
      expect(broken.defects.map((d) => d.firstSeen)).toEqual(['2026-11-20T01:00:00.000Z', '2026-11-10T01:00:00.000Z']);
      expect(m.verdict).toMatchObject({ source: 'findings', veto: true, vetoRefs: ['V-02'], vetoCandidates: 1, newDefects: 4, openDefects: 1, fixedDefects: 1, cannotAssess: 2 });
      // The veto check that passed overall but lists a warning is not a veto candidate.
      expect(m.verdict).toMatchObject({ vetoReview: 0, defects: 5 });
      const stale = m.checks.find((c) => c.checkId === 'freshness.stale-news-columns')!;
      expect(stale.defects[0].evidence[0]).toMatchObject({ url: NEWS_PAGE, page: HOME, linkText: `要闻${HOSTILE.script}` });
      // The veto summary without individual defects is itself the defect.
      const v02 = m.checks.find((c) => c.checkId === 'freshness.home-not-updated')!;
      expect(v02.defects).toHaveLength(1);
      expect(v02.defects[0].rule?.zh).toBe('首页不更新');
    });

    it('keeps could-not-assess items apart from defects, with the reason', async () => {
      const m = await buildSiteReport(fx.store, fx.runId, { now: NOW });
      expect(m.cannotAssess.map((c) => c.checkId)).toEqual(['links.broken-other', 'security.https']);
      expect(m.cannotAssess.every((c) => /blocked/.test(c.reason.en))).toBe(true);
      expect(m.checks.some((c) => c.checkId === 'security.https')).toBe(false);
      // A check that passed overall keeps its individual could-not-assess items apart, not as defects.
      const other = m.checks.find((c) => c.checkId === 'links.broken-other')!;
      expect(other).toMatchObject({ status: 'pass', defects: [] });
      expect(m.cannotAssess[0].evidence[0]).toMatchObject({ url: 'https://www.demo-a.gov.cn/secret/', linkText: '内部' });
    });

    it('summarises the crawl: site failures vs could-not-assess, broken links with the linking page and text', async () => {
      const m = await buildSiteReport(fx.store, fx.runId, { now: NOW });
      const c = m.crawl;
      expect(c.pages).toBe(3);
      expect(c.failures.find((f) => f.class === 'blocked')).toMatchObject({ blame: 'cannot_assess', pages: 1 });
      expect(c.failures.find((f) => f.class === 'http_4xx')).toMatchObject({ blame: 'site', links: 2 });
      const b = c.broken.find((x) => x.url === BROKEN)!;
      expect(b.from).toEqual([{ page: HOME, text: HOSTILE.img }]);
      // Site-caused breaks come before could-not-assess ones.
      const blames = c.broken.map((x) => x.blame);
      expect(blames.indexOf('cannot_assess')).toBeGreaterThan(blames.lastIndexOf('site'));
      expect(c.events[0].event).toBe('budget_pages');
    });

    it('shows the home page availability of the 7 days before the run (V-01 window)', async () => {
      const m = await buildSiteReport(fx.store, fx.runId, { now: NOW });
      const a = m.availability!;
      expect(a).toMatchObject({ from: '2026-11-13T01:10:00.000Z', to: '2026-11-20T01:10:00.000Z', probes: 168, ok: 162 });
      expect(a.failureRatio).toBeCloseTo(6 / 168, 6);
      expect(a.failures).toEqual([{ class: 'timeout', count: 6 }]);
      expect(a.recentFailures).toHaveLength(6);
      expect(a.recentFailures[0].at).toBe('2026-11-17T21:05:00.000Z');
      expect(a.days.find((d) => d.day === '2026-11-18')).toEqual({ day: '2026-11-18', probes: 24, ok: 18 });
    });

    it('renders a run with no findings and no previous run', async () => {
      const m = await buildSiteReport(fx.store, fx.runB, { now: NOW });
      expect(m.checks).toEqual([]);
      expect(m.verdict).toMatchObject({ veto: false, defects: 0 });
      expect(m.run.status).toBe('incomplete');
      const out = mkdtempSync(join(tmpdir(), 'govmon-rep-'));
      const files = await writeSiteReport(fx.store, fx.runB, out, { now: NOW, dataDir: fx.dataDir, score: null });
      expect(readFileSync(files.html, 'utf8')).toContain('本次监测尚无检查结果');
      expect(readFileSync(files.markdown, 'utf8')).toContain('本次监测尚无检查结果');
      expect(JSON.parse(readFileSync(files.json, 'utf8')).schema).toBe('govmon.site-report/1');
    });

    it('ranks sites per group for the period, with availability from probes and links to reports', async () => {
      const m = await buildOverview(fx.store, { period: '2026-11', now: NOW, scoring: false });
      expect(m.totals).toMatchObject({ sites: 4, withRun: 3, vetoed: 1 });
      const rows = m.groups.flatMap((g) => g.rows);
      const a = rows.find((r) => r.site.id === 'demo-a')!;
      expect(a.veto).toBe(true);
      expect(a.defects).toBe(5);
      expect(a.availability?.probes).toBe(480);
      expect(a.availability?.ratio).toBeCloseTo(468 / 480, 5);
      expect(a.href).toBe('sites/demo-a/report.html');
      expect(a.trend.map((p) => p.value)).toEqual([2, 5]);
      const county = m.groups.find((g) => g.name === '县级政府')!;
      // The site without a run is listed last, unranked.
      expect(county.rows.map((r) => [r.site.id, r.rank ?? null])).toEqual([
        ['demo-b', 1],
        ['demo-c', null],
      ]);
      expect(county.stats).toEqual({ sites: 2, withRun: 1, vetoed: 0, meanScore: undefined, defects: 0 });
      expect(m.availability.days).toHaveLength(30);
      expect(m.availability.okPercent[4]).toBe(87.5); // 5 Nov: 6 of 48 probes failed
      expect(m.availability.okPercent[25]).toBeNull(); // no probes after 20 Nov
      expect(m.warnings.some((w) => w.siteId === 'demo-a' && w.level === 'red' && w.ref === 'V-02')).toBe(true);
      expect(m.warnings.some((w) => w.siteId === 'demo-c' && w.ruleId === 'no_run')).toBe(true);
    });

    it('folds a defect\'s raw check fields under technical details, without empty values', async () => {
      const out = mkdtempSync(join(tmpdir(), 'govmon-rep-'));
      const files = await writeSiteReport(fx.store, fx.runId, out, { now: NOW, dataDir: fx.dataDir, score: null });
      const page = readFileSync(files.html, 'utf8');
      const tech = page.match(/<details class="tech[^"]*"><summary>[\s\S]*?<\/details>/g) ?? [];
      expect(tech.length).toBeGreaterThan(0);
      const hostile = tech.find((d) => d.includes('host: '))!;
      expect(hostile).toContain('技术细节');
      expect(hostile).not.toContain('note: null');
      expect(hostile).not.toContain('<img');
      // English punctuation in English; a veto check below its line is not badged as a veto.
      expect(page).toContain('<span class="en" lang="en">: V-02</span>');
      const toc = page.slice(page.indexOf('<nav'), page.indexOf('</nav>'));
      expect(toc).toMatch(/\[V-03a\][\s\S]*?否决类指标，未达否决线/);
      expect(toc).toMatch(/\[V-02\][\s\S]*?badge sev-veto/);
      const v03a = page.slice(page.indexOf('id="c-freshness-stale-news-columns"'));
      const v03aSection = v03a.slice(0, v03a.indexOf('</section>'));
      expect(v03aSection).toContain('否决类指标，未达否决线');
      expect(v03aSection).not.toContain('badge sev-veto');
      // A maintainer never sees raw key: value lines outside the fold.
      expect(page.replace(/<details class="tech[\s\S]*?<\/details>/g, '')).not.toMatch(/<span>host: /);
    });

    it('exports the period as CSV with a BOM and as JSON', async () => {
      const m = await buildOverview(fx.store, { period: '2026-11', now: NOW, scoring: false });
      const csv = overviewCsv(m);
      expect(csv.startsWith('\uFEFFperiod,group,rank')).toBe(true);
      expect(csv).toContain('demo-a,示例市人民政府');
      expect(csv.split('\r\n').filter(Boolean)).toHaveLength(5);
      const json = JSON.parse(overviewJson(m));
      expect(json.sites).toHaveLength(4);
      expect(json.period.label).toBe('2026-11');
    });

    it('writes the overview with each site report next to it', async () => {
      const out = mkdtempSync(join(tmpdir(), 'govmon-ov-'));
      const files = await writeOverview(fx.store, { period: '2026-11', outDir: out, now: NOW, dataDir: fx.dataDir, scoring: false });
      expect(files.siteReports).toHaveLength(3);
      expect(existsSync(join(out, 'sites', 'demo-a', 'report.html'))).toBe(true);
      const index = readFileSync(files.html, 'utf8');
      expect(index).toContain('href="sites/demo-a/report.html"');
      expect((index.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4);
      const md = readFileSync(files.markdown, 'utf8');
      expect(md).toContain('[示例市人民政府](sites/demo-a/report.md)');
      expect(md).toContain('示例县人民政府&lt;script&gt;');
      expect(md).not.toContain('<script>');
      const a = readFileSync(join(out, 'sites', 'demo-a', 'report.html'), 'utf8');
      expect(a).toContain('href="../../index.html"');
      expect(a).toContain('src="data:image/png;base64,');
    });

    it('shows the assessment score when the methodology edition can score the run', async () => {
      const m = await buildOverview(fx.store, { period: '2026-11', now: NOW });
      expect(m.warningsSource).toBe('assessment');
      expect(m.edition).toMatch(/^gb-2019 /);
      const rows = m.groups.flatMap((g) => g.rows);
      for (const r of rows.filter((x) => x.state !== 'no_data')) {
        expect(r.state).toBe('scored');
        expect(typeof r.score).toBe('number');
        // 国办秘函〔2019〕19号: a veto makes the site fail with no further scoring.
        if (r.veto) expect(r.score).toBe(0);
      }
      // One scored period only (nothing cached for October): the trend falls back to defects per run.
      const a = rows.find((r) => r.site.id === 'demo-a')!;
      expect(a.trendKind).toBe('defects');
      expect(a.trend.map((p) => p.value)).toEqual([2, 5]);
      expect(m.warnings.some((w) => w.siteId === 'demo-c' && w.ruleId === 'no_run')).toBe(true);
      const out = mkdtempSync(join(tmpdir(), 'govmon-rep-'));
      const files = await writeSiteReport(fx.store, fx.runId, out, { now: NOW, dataDir: fx.dataDir });
      const json = JSON.parse(readFileSync(files.json, 'utf8'));
      expect(json.verdict.source).toBe('score');
      expect(json.verdict.indicators.length).toBeGreaterThan(10);
      expect(json.verdict.edition).toMatch(/^gb-2019 /);
      // The previous complete run was scored too, so the change is known.
      expect(typeof json.verdict.scoreChange).toBe('number');
      expect(readFileSync(files.html, 'utf8')).toContain('class="breakdown"');
    });

    it('dates a defect from the start of its unbroken series of runs (a fix in between resets it)', async () => {
      const key = 'links.broken-other|https://www.demo-e.gov.cn/x.html';
      const defect = { checkId: 'links.broken-other', ref: 'D-02', severity: 'deduct' as const, status: 'fail' as const, message: { zh: '断链', en: 'broken' }, evidence: [{ url: 'https://www.demo-e.gov.cn/x.html', data: { defect: true } }], key };
      const pass = { checkId: 'links.broken-other', ref: 'D-02', severity: 'deduct' as const, status: 'pass' as const, message: { zh: '无断链', en: 'none' }, evidence: [], key: 'links.broken-other' };
      await fx.store.upsertSites([{ id: 'demo-e', name: '示例镇', region: 'r', level: '县', kind: '部门网站', url: 'https://www.demo-e.gov.cn/', offersServices: false, entries: {}, seeds: [], limits: {}, tags: [] }]);
      const ids: string[] = [];
      for (const [day, has] of [[1, true], [3, false], [5, true], [7, true], [9, true]] as const) {
        const r = await fx.store.createRun({ siteId: 'demo-e', kind: 'audit', startedAt: `2026-10-0${day}T00:00:00.000Z` });
        await fx.store.finishRun(r.id, 'complete');
        await fx.store.replaceFindings(r.id, 'demo-e', has ? [defect] : [pass]);
        ids.push(r.id);
      }
      const m = await buildSiteReport(fx.store, ids[4], { now: NOW });
      const d = m.checks[0].defects[0];
      expect(d.change).toBe('open');
      expect(d.firstSeen).toBe('2026-10-05T00:00:00.000Z');
      const back = await buildSiteReport(fx.store, ids[2], { now: NOW });
      expect(back.checks[0].defects[0]).toMatchObject({ change: 'new', firstSeen: '2026-10-05T00:00:00.000Z' });
    });

    it('renders malformed stored findings without crashing, never counting them as defects', async () => {
      const r = await fx.store.createRun({ siteId: 'demo-d', kind: 'audit', startedAt: '2026-11-19T09:00:00.000Z' });
      await fx.store.finishRun(r.id, 'complete');
      const junk = [
        { checkId: 'links.broken-home', ref: 'D-02', status: 'exploded', severity: 'deduct', message: null, evidence: null },
        { checkId: 'identity.meta-tags', ref: 42, status: 'fail', severity: 'critical', message: 'plain string', evidence: [null, { url: 7, text: 12345 }], measure: 'NaN' },
      ] as unknown as Finding[];
      // Written around the store's typed API: old or foreign rows need not match today's Finding type.
      for (const f of junk) {
        await fx.store.db.run('INSERT INTO findings (run_id, site_id, check_id, status, severity, fkey, data) VALUES (?, ?, ?, ?, ?, ?, ?)', [r.id, 'demo-d', f.checkId, String(f.status), String(f.severity), f.checkId, JSON.stringify(f)]);
      }
      const m = await buildSiteReport(fx.store, r.id, { now: NOW });
      expect(m.cannotAssess.map((c) => [c.checkId, c.reason.en])).toEqual([['links.broken-home', 'Unknown finding status "exploded"']]);
      const meta = m.checks.find((c) => c.checkId === 'identity.meta-tags')!;
      expect(meta).toMatchObject({ status: 'fail', severity: 'advise', message: { zh: 'plain string', en: 'plain string' }, measure: undefined });
      const out = mkdtempSync(join(tmpdir(), 'govmon-junk-'));
      const files = await writeSiteReport(fx.store, r.id, out, { now: NOW, score: null });
      expect(readFileSync(files.html, 'utf8')).toContain('plain string');
      expect(readFileSync(files.markdown, 'utf8')).toContain('12345');
    });

    it('never shows an older run\'s score on a failed run', async () => {
      const r = await fx.store.createRun({ siteId: 'demo-a', kind: 'audit', startedAt: '2026-11-20T12:00:00.000Z' });
      await fx.store.finishRun(r.id, 'failed', {}, 'DNS failure');
      const out = mkdtempSync(join(tmpdir(), 'govmon-failed-'));
      const files = await writeSiteReport(fx.store, r.id, out, { now: NOW, dataDir: fx.dataDir });
      const json = JSON.parse(readFileSync(files.json, 'utf8'));
      expect(json.verdict.source).toBe('findings');
      expect(json.verdict.score).toBeUndefined();
      expect(json.run).toMatchObject({ status: 'failed', note: 'DNS failure' });
      await fx.store.db.run('DELETE FROM runs WHERE id = ?', [r.id]);
    });
  });
}

describe('screenshots in reports', () => {
  it('inlines within the per-file and per-report budgets, copies the rest, refuses paths outside the data dir', async () => {
    const { prepareAssets } = await import('../../reports/site-report.ts');
    const { writeFileSync, mkdirSync, existsSync } = await import('node:fs');
    const base = mkdtempSync(join(tmpdir(), 'govmon-shots-'));
    const data = join(base, 'data');
    mkdirSync(data);
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    mkdirSync(join(data, 's'));
    writeFileSync(join(data, 's', 'a.png'), png);
    writeFileSync(join(data, 's', 'b.png'), png);
    writeFileSync(join(data, 's', 'c.png'), '<svg onload="x">');
    writeFileSync(join(data, '..', 'outside.png'), png);
    const ev = ['s/a.png', 's/b.png', 's/c.png', '../outside.png', 's/missing.png'].map((screenshot) => ({ screenshot }));
    const model = { checks: [], fixed: [], cannotAssess: [{ evidence: ev }] } as unknown as Parameters<typeof prepareAssets>[0];
    const out = mkdtempSync(join(tmpdir(), 'govmon-shots-out-'));
    const assets = await prepareAssets(model, out, data, 1_000_000, png.length + 10);
    expect(assets.get('s/a.png')).toMatch(/^data:image\/png;base64,/);
    expect(assets.get('s/b.png')).toBe('assets/0-b.png');
    expect(existsSync(join(out, 'assets', '0-b.png'))).toBe(true);
    expect([...assets.keys()].sort()).toEqual(['s/a.png', 's/b.png']);
    // Served pages have no folder: over budget means not embedded, never an error.
    const served = await prepareAssets(model, null, data, 1_000_000, png.length + 10);
    expect([...served.keys()]).toEqual(['s/a.png']);
  });
});
