/**
 * The whole pipeline on a demo-farm portal: crawl (real loopback HTTP), store, re-run the real
 * checks under gb-2019, score, export. The department (闽江市发展和改革委员会) offers no public
 * services and has a home page planted 23 days stale (V-02).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { parse } from 'csv-parse/sync';
import { startFarm, type Farm } from '../../demo/farm/index.ts';
import { DEPT_ID } from '../../demo/farm/sites/department.ts';
import { auditSite } from '../../crawlers/audit.ts';
import { Store } from '../../store/store.ts';
import { allChecks } from '../../checks/registry.ts';
import { loadEdition } from '../../config/methodology.ts';
import { scoreSite } from '../../assessment/score.ts';
import { exportCsv } from '../../assessment/export.ts';
import type { SiteScore } from '../../model/score.ts';

const NOW = new Date();

describe('scoring a crawled demo portal', () => {
  let farm: Farm;
  let store: Store;
  let score: SiteScore;
  let runId: string;
  beforeAll(async () => {
    farm = await startFarm({ now: NOW, defaults: { maxPages: 60, maxSeconds: 60, render: 'never' } });
    store = await Store.open(':memory:');
    const site = farm.registry.sites.find((s) => s.id === DEPT_ID)!;
    await store.upsertSites([site]);
    const r = await auditSite({ store, registry: farm.registry, site, outDir: null, evaluate: false });
    runId = r.runId;
    const checks = await allChecks();
    const run = (await store.getRun(runId))!;
    // A period that ends just after the run: the run is the period's latest audit.
    const period = { label: 'test', kind: 'range' as const, from: new Date(Date.parse(run.startedAt) - 86_400_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    score = await scoreSite(store, site, period, loadEdition('gb-2019', { checks }), { checks });
  }, 240_000);
  afterAll(async () => {
    await store?.close();
    await farm?.close();
  });

  it('vetoes the stale home page with its evidence, rescales without services and gives no bonus', () => {
    expect(score.state).toBe('scored');
    expect(score.runIds[0]).toBe(runId);
    const v02 = score.veto.indicators.find((v) => v.id === 'V-02');
    expect(v02?.findings[0]).toMatchObject({ checkId: 'freshness.home-not-updated', status: 'fail', runId });
    expect(score.total).toBe(0);
    expect(score.grade).toMatchObject({ code: 'fail', passed: false });
    expect(score.notApplicable).toEqual(expect.arrayContaining(['V-06a', 'V-06b', 'V-06a-entry', 'V-06b-deduct', 'V-06c']));
    expect(score.deduction.applicablePoints).toBeLessThanOrEqual(75);
    expect(score.deduction.rescaleFactor).toBeGreaterThanOrEqual(4 / 3 - 1e-6);
    expect(score.bonus.eligible).toBe(false);
    // Without probes, availability is "could not assess", never a defect.
    expect(score.cannotAssess).toEqual(expect.arrayContaining(['V-01', 'D-01']));
    for (const id of score.cannotAssess) expect(score.indicators.find((i) => i.id === id)!.deduction).toBe(0);
  });

  it('exports the crawled site to CSV with its Chinese name and veto', () => {
    const rows = parse(exportCsv({ scores: [score] }, 'site'), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows[0]['单位名称']).toBe(score.siteName);
    expect(rows[0]['单位名称']).toMatch(/[\u4e00-\u9fff]/);
    expect(rows[0]['单项否决']).toBe('是');
    expect(rows[0]['否决指标']).toContain('V-02');
  });
});
