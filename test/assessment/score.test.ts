import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Store } from '../../store/store.ts';
import { testDatabases } from '../helpers/databases.ts';
import { parseEdition, type Edition } from '../../config/methodology.ts';
import { parsePeriod } from '../../assessment/period.ts';
import { scoreSite, scoreSites } from '../../assessment/score.ts';
import type { Check } from '../../model/finding.ts';
import type { SiteScore } from '../../model/score.ts';
import { TEST_CHECKS, seed, site, testEditionYaml } from './fixtures.ts';

const AT = '2026-11-15T02:00:00.000Z';
const period = parsePeriod('2026-11');

const ind = (s: SiteScore, id: string) => s.indicators.find((i) => i.id === id)!;

for (const target of testDatabases()) {
  describe(`scoring on ${target.name}`, () => {
    let store: Store;
    let ed: Edition;
    beforeAll(async () => {
      store = await Store.open(target.url());
      ed = parseEdition(testEditionYaml(), 'test-ed.yaml', { checks: TEST_CHECKS });
    });
    afterAll(async () => {
      await target.cleanup?.(store);
      await store.close();
    });

    it('caps deductions at the indicator points and scores a linear measure (hand-computed: 100 − 20 − 10 = 70)', async () => {
      const s = site({ id: 'capped' });
      const runId = await seed(store, { site: s, at: AT, https: true, broken: 6, probes: [19, 1] });
      const r = await scoreSite(store, s, period, ed, { checks: TEST_CHECKS });
      expect(r.state).toBe('scored');
      expect(r.runIds).toEqual([runId]);
      const broken = ind(r, 'D-BROKEN');
      expect(broken.value).toBe(6);
      expect(broken.deduction).toBe(20); // 6 × 5 = 30, capped at 20
      expect(broken.explanation.zh).toContain('上限');
      expect(broken.findings.filter((f) => f.defect)).toHaveLength(6);
      expect(broken.findings.every((f) => f.runId === runId)).toBe(true);
      const ratio = ind(r, 'D-RATIO');
      expect(ratio.value).toBeCloseTo(0.05);
      expect(ratio.deduction).toBe(10); // 0.05 of 0.1 → half of 20
      expect(r.probeWindow?.probes).toBe(20);
      expect(r.deduction).toMatchObject({ applicablePoints: 100, deducted: 30, rescaleFactor: 1, score: 70 });
      expect(r.bonus.eligible).toBe(false);
      expect(r.total).toBe(70);
      expect(r.grade).toMatchObject({ code: 'pass', passed: true });
      expect(r.veto.vetoed).toBe(false);
    });

    it('a veto makes the site 不合格 with total 0 and names the findings', async () => {
      const s = site({ id: 'vetoed' });
      await seed(store, { site: s, at: AT, https: true, veto: true, bonus: true });
      const r = await scoreSite(store, s, period, ed, { checks: TEST_CHECKS });
      expect(r.veto.vetoed).toBe(true);
      expect(r.veto.indicators.map((v) => v.id)).toEqual(['V-T']);
      expect(r.veto.indicators[0].findings[0]).toMatchObject({ checkId: 't.veto', status: 'fail' });
      expect(r.deduction.score).toBe(100); // still shown to the maintainer
      expect(r.bonus.eligible).toBe(false);
      expect(r.total).toBe(0);
      expect(r.grade).toMatchObject({ code: 'fail', passed: false });
    });

    it('rescales a department without services: (75 − 5) × 4/3 = 93.33, and gives no bonus to a non-portal', async () => {
      const s = site({ id: 'dept', kind: '部门网站', level: '部门', offersServices: false });
      await seed(store, { site: s, at: AT, https: true, broken: 1, services: false, bonus: true });
      const r = await scoreSite(store, s, period, ed, { checks: TEST_CHECKS });
      expect(r.notApplicable).toContain('V-SERV');
      expect(ind(r, 'V-SERV').status).toBe('not_applicable');
      expect(r.deduction.applicablePoints).toBe(75);
      expect(r.deduction.rescaleFactor).toBeCloseTo(4 / 3, 6);
      expect(r.deduction.score).toBe(93.33);
      expect(r.bonus.eligible).toBe(false);
      expect(ind(r, 'B-A11Y').status).toBe('not_applicable');
      expect(r.total).toBe(93.33);
      expect(r.grade.code).toBe('excellent');
    });

    it('gives the bonus to a portal above 80 (95 + 30 = 125) and not at exactly 80', async () => {
      const a = site({ id: 'bonus-95' });
      await seed(store, { site: a, at: AT, https: true, broken: 1, bonus: true });
      const ra = await scoreSite(store, a, period, ed, { checks: TEST_CHECKS });
      expect(ra.deduction.score).toBe(95);
      expect(ra.bonus).toMatchObject({ eligible: true, points: 30 });
      expect(ind(ra, 'B-A11Y')).toMatchObject({ status: 'awarded', awarded: 30 });
      expect(ra.total).toBe(125);

      const b = site({ id: 'bonus-80' });
      await seed(store, { site: b, at: AT, https: true, broken: 4, bonus: true });
      const rb = await scoreSite(store, b, period, ed, { checks: TEST_CHECKS });
      expect(rb.deduction.score).toBe(80);
      expect(rb.bonus.eligible).toBe(false);
      expect(rb.bonus.reason.zh).toContain('未高于 80');
      expect(ind(rb, 'B-A11Y').awarded).toBe(0);
      expect(rb.total).toBe(80);
    });

    it('keeps what could not be assessed apart from defects and marks the total provisional', async () => {
      const s = site({ id: 'blocked' });
      await seed(store, { site: s, at: AT, https: true, blocked: true });
      const r = await scoreSite(store, s, period, ed, { checks: TEST_CHECKS });
      const https = ind(r, 'N-HTTPS');
      expect(https.status).toBe('cannot_assess');
      expect(https.deduction).toBe(0);
      expect(r.cannotAssess).toEqual(['N-HTTPS']);
      expect(r.deduction.applicablePoints).toBe(65); // 35 excluded, not deducted
      expect(r.deduction.score).toBe(100);
      expect(r.provisional).toBe(true); // 35 % unassessed > 25 %
      expect(r.grade).toMatchObject({ code: 'provisional', passed: false }); // never "passes" on what we could not see
    });

    it('is deterministic, and a period without an audit run is no_data', async () => {
      const s = site({ id: 'capped' });
      const a = await scoreSite(store, s, period, ed, { checks: TEST_CHECKS });
      const b = await scoreSite(store, s, period, ed, { checks: TEST_CHECKS });
      expect(b).toEqual(a);
      const none = await scoreSite(store, s, parsePeriod('2026-10'), ed, { checks: TEST_CHECKS });
      expect(none.state).toBe('no_data');
      expect(none.total).toBeNull();
      expect(none.grade.code).toBe('no_data');
      const all = await scoreSites(store, [s, site({ id: 'never-audited' })], period, ed, { checks: TEST_CHECKS });
      expect(all.map((x) => x.state)).toEqual(['scored', 'no_data']);
    });

    it('a site whose stored data cannot be read is recorded with the error and the batch goes on', async () => {
      const bad = site({ id: 'corrupt' });
      const runId = await seed(store, { site: bad, at: AT, https: true });
      await store.db.run("UPDATE observations SET data = '{not json' WHERE run_id = ?", [runId]);
      const [a, b] = await scoreSites(store, [bad, site({ id: 'capped' })], period, ed, { checks: TEST_CHECKS });
      expect(a).toMatchObject({ siteId: 'corrupt', state: 'no_data', total: null });
      expect(a.error?.en).toMatch(/^Scoring failed: /);
      expect(b.total).toBe(70);
    });

    it('does not deduct the same defect URL twice (不重复扣分) unless the edition allows it', async () => {
      const twin: Check = { ...TEST_CHECKS.find((c) => c.id === 't.broken')!, id: 't.broken2' };
      const checks = [...TEST_CHECKS, twin];
      const src = '{ document: test, confidence: ❓, verified: false }';
      const yaml = (dbl: boolean) => `id: dbl
version: "1"
title: { zh: 测试, en: Test }
jurisdiction: 测试
source: ${src}
scoring: { deduction_total: 100, pass_line: 60, bonus_line: 80, bonus_max: 0, no_double_counting: ${dbl}, source: ${src} }
grades: [{ code: fail, min: 0, name: { zh: 不合格, en: Fail } }, { code: pass, min: 60, name: { zh: 合格, en: Pass } }]
families:
  - { id: a, part: deduct, name: { zh: 甲, en: A }, points: 50, source: ${src}, indicators: [{ id: A1, ref: D-02, name: { zh: 甲, en: A }, rule: deduct_per_defect, points: 50, per_defect: 5, checks: [t.broken], source: ${src} }] }
  - { id: b, part: deduct, name: { zh: 乙, en: B }, points: 50, source: ${src}, indicators: [{ id: B1, ref: V-06c, name: { zh: 乙, en: B }, rule: deduct_per_defect, points: 50, per_defect: 5, checks: [t.broken2], source: ${src} }] }
`;
      const s = site({ id: 'twice' });
      await seed(store, { site: s, at: AT, https: true, broken: 2 });
      const once = await scoreSite(store, s, period, parseEdition(yaml(true), 'dbl.yaml', { checks }), { checks });
      expect(ind(once, 'A1').deduction).toBe(10);
      expect(ind(once, 'B1')).toMatchObject({ deduction: 0, value: 0 });
      expect(ind(once, 'B1').explanation.zh).toContain('另有 2 处已在其他指标扣分，不重复扣分');
      expect(once.total).toBe(90);
      const twice = await scoreSite(store, s, period, parseEdition(yaml(false), 'dbl.yaml', { checks }), { checks });
      expect(twice.total).toBe(80);
    });

    it('re-scoring a stored period under another edition changes only what that edition changed', async () => {
      const s = site({ id: 'capped' });
      const ed2 = parseEdition(testEditionYaml({ id: 'test-ed2', perDefect: 3 }), 'test-ed2.yaml', { checks: TEST_CHECKS });
      const a = await scoreSite(store, s, period, ed, { checks: TEST_CHECKS });
      const b = await scoreSite(store, s, period, ed2, { checks: TEST_CHECKS });
      const changed = a.indicators.filter((x, i) => JSON.stringify(x) !== JSON.stringify(b.indicators[i])).map((x) => x.id);
      expect(changed).toEqual(['D-BROKEN']);
      expect(ind(b, 'D-BROKEN').deduction).toBe(18); // 6 × 3, under the cap
      expect(b.total).toBe(72);
      expect(b.edition.id).toBe('test-ed2');
    });
  });
}
