import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import { parseEdition, type Edition } from '../../config/methodology.ts';
import { parsePeriod } from '../../assessment/period.ts';
import { siteWarnings } from '../../assessment/warnings.ts';
import { buildSiteReport } from '../../reports/model.ts';
import { TEST_CHECKS, seed, site, testEditionYaml } from './fixtures.ts';

const period = parsePeriod('2026-11');
const now = new Date('2026-11-11T00:00:00.000Z');

describe('early warnings', () => {
  let store: Store;
  let ed: Edition;
  beforeAll(async () => {
    store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-warn-')), 'govmon.db'));
    ed = parseEdition(testEditionYaml(), 'test-ed.yaml', { checks: TEST_CHECKS });
  });
  afterAll(async () => {
    await store.close();
  });

  it('warns on 2 consecutive probe failures, a lower threshold, a score drop and new defects, with evidence', async () => {
    const s = site({ id: 'drop' });
    await seed(store, { site: s, at: '2026-10-10T02:00:00.000Z', https: true });
    const latestRun = await seed(store, { site: s, at: '2026-11-10T02:00:00.000Z', https: true, broken: 3, probes: [18, 2] });
    const w = await siteWarnings(store, s, period, ed, { checks: TEST_CHECKS, now });
    const by = Object.fromEntries(w.map((x) => [x.ruleId, x]));
    expect(Object.keys(by).sort()).toEqual(['W-consec', 'W-ratio', 'new_defects', 'score_drop']);
    expect(w[0].level).toBe('red'); // most severe first
    expect(by['W-consec']).toMatchObject({ kind: 'threshold', level: 'red', value: 2 });
    expect(by['W-consec'].findings).toHaveLength(2);
    expect(by['W-ratio']).toMatchObject({ kind: 'threshold', level: 'orange', value: 0.1 });
    // 100 → 100 − 15 (3 × 5) − 20 (ratio 0.1) = 65
    expect(by.score_drop).toMatchObject({ kind: 'score_drop', value: 35, threshold: 5 });
    expect(by.score_drop.message.zh).toContain('D-BROKEN');
    const nd = by.new_defects;
    expect(nd.runIds).toHaveLength(2);
    // The warning names every row its new problems fall under, not just the first finding's.
    expect(nd.ref).toBe('D-02');
    // The same count as the maintainer's report of that run (新发现).
    const report = await buildSiteReport(store, latestRun);
    expect(nd.value).toBe(report.verdict.newDefects);
    expect(nd.level).toBe('yellow');
    expect(nd.message.zh).toBe(`较上次监测新增 ${nd.value} 个问题（${nd.ref.split(',').join('、')}）`);
    const urls = nd.findings.map((f) => f.url).filter(Boolean);
    expect(urls).toEqual(expect.arrayContaining(['https://drop.example.gov.cn/broken/0.html', 'https://drop.example.gov.cn/broken/2.html']));
    expect(nd.findings.find((f) => f.key === 't.broken|https://drop.example.gov.cn/broken/1.html')).toBeDefined();
  });

  it('raises a red veto warning and skips threshold rules of vetoed checks; a quiet site has none', async () => {
    const v = site({ id: 'veto-w' });
    await seed(store, { site: v, at: '2026-11-10T02:00:00.000Z', https: true, veto: true });
    const w = await siteWarnings(store, v, period, ed, { checks: TEST_CHECKS, now });
    expect(w.map((x) => [x.kind, x.ruleId, x.level])).toEqual([['veto', 'V-T', 'red']]);
    expect(w[0].findings[0].url).toBe('http://veto-w.example.gov.cn/');
    const q = site({ id: 'quiet' });
    await seed(store, { site: q, at: '2026-11-10T02:00:00.000Z', https: true });
    expect(await siteWarnings(store, q, period, ed, { checks: TEST_CHECKS, now })).toEqual([]);
  });
});
