/**
 * The shipped editions over the real check catalogue: a stored run scored under gb-2019 and
 * re-scored under fj-2026-example differs exactly where the example edition differs.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import { loadEdition, type Edition } from '../../config/methodology.ts';
import { allChecks } from '../../checks/registry.ts';
import { parsePeriod } from '../../assessment/period.ts';
import { scoreSite } from '../../assessment/score.ts';
import type { Check } from '../../model/finding.ts';
import type { Link } from '../../model/observation.ts';
import { link, page, site } from './fixtures.ts';

const AT = '2026-11-15T02:00:00.000Z';

describe('shipped editions on the real checks', () => {
  let store: Store;
  let gb: Edition;
  let fj: Edition;
  let checks: Check[];
  const dept = site({ id: 'mz-dept', name: '示例市民政局', kind: '部门网站', level: '部门', offersServices: false, url: 'http://mzj.example.gov.cn/' });
  beforeAll(async () => {
    checks = await allChecks();
    gb = loadEdition('gb-2019', { checks });
    fj = loadEdition('fj-2026-example', { checks });
    store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-ed-')), 'govmon.db'));
    await store.upsertSites([dept]);
    const run = await store.createRun({ siteId: dept.id, kind: 'audit', startedAt: AT });
    const base = dept.url;
    const targets = ['about.html', 'broken/0.html', 'broken/1.html', 'broken/2.html'];
    const links: Link[] = targets.map((p, i) => ({ url: base + p, raw: p, tag: 'a', text: `链接${i}`, internal: true }));
    await store.appendObservations(run.id, dept.id, [
      page(base, AT, { title: '示例市民政局', text: '示例市民政局 首页', links }),
      page(base + 'about.html', AT, { depth: 1, title: '机构概况' }),
      ...targets.slice(1).map((p) => link(base + p, AT, 404)),
    ]);
    await store.finishRun(run.id, 'complete');
    await store.db.run('UPDATE runs SET finished_at = ?, heartbeat_at = ? WHERE id = ?', [AT, AT, run.id]);
  });
  afterAll(async () => {
    await store.close();
  });

  it('re-scoring under fj-2026-example changes only D-02-home (2 per broken home link, same cap) and the bonus rows\' points', async () => {
    const period = parsePeriod('2026-11');
    const a = await scoreSite(store, dept, period, gb, { checks });
    const b = await scoreSite(store, dept, period, fj, { checks });
    const home = a.indicators.find((i) => i.id === 'D-02-home')!;
    expect(home).toMatchObject({ status: 'deducted', value: 3, deduction: 3 });
    expect(home.findings.filter((f) => f.defect).map((f) => f.url).sort()).toEqual(['broken/0.html', 'broken/1.html', 'broken/2.html'].map((p) => dept.url + p));
    expect(b.indicators.find((i) => i.id === 'D-02-home')).toMatchObject({ value: 3, deduction: 5 }); // 6, capped at 5
    const changed = a.indicators.filter((x, i) => JSON.stringify(x) !== JSON.stringify(b.indicators[i])).map((x) => x.id);
    // The bonus rows are worth 4 instead of 6 in the example edition; for a department they stay N/A.
    expect(changed).toEqual(['D-02-home', 'B-A01', 'B-A02', 'B-N03', 'B-D05', 'B-S08']);
    for (const id of changed.slice(1)) {
      const x = a.indicators.find((i) => i.id === id)!;
      const y = b.indicators.find((i) => i.id === id)!;
      expect({ ...y, points: x.points }).toEqual(x);
      expect([x.points, y.points, y.status]).toEqual([6, 4, 'not_applicable']);
    }
    // A department without services: 办事服务 is N/A on both, scored out of 75 and rescaled.
    expect(a.notApplicable).toEqual(expect.arrayContaining(['V-06a', 'V-06b', 'V-06b-deduct', 'V-06c', 'V-06a-entry']));
    const factor = a.deduction.rescaleFactor;
    expect(a.deduction.applicablePoints).toBeLessThanOrEqual(75);
    expect(b.deduction.score).toBeCloseTo(a.deduction.score - 2 * factor, 1);
    expect(a.edition).toMatchObject({ id: 'gb-2019', example: false });
    expect(b.edition).toMatchObject({ id: 'fj-2026-example', example: true });
  });

  it('borrows Lighthouse results from the latest audit within browser_days (monthly browser job)', async () => {
    const lhDept = site({ id: 'lh-dept', kind: '部门网站', level: '部门', offersServices: false, url: 'http://lh.example.gov.cn/' });
    await store.upsertSites([lhDept]);
    const mk = async (at: string, withLh: boolean) => {
      const r = await store.createRun({ siteId: lhDept.id, kind: 'audit', startedAt: at });
      await store.appendObservations(r.id, lhDept.id, [
        page(lhDept.url, at, { title: '首页' }),
        ...(withLh ? [{ kind: 'lighthouse' as const, at, url: lhDept.url, scores: { performance: 91, accessibility: 97 }, metrics: {}, axe: [] }] : []),
      ]);
      await store.finishRun(r.id, 'complete');
      await store.db.run('UPDATE runs SET finished_at = ?, heartbeat_at = ? WHERE id = ?', [at, at, r.id]);
      return r.id;
    };
    const monthly = await mk('2026-10-20T02:00:00.000Z', true); // previous month, 26 days before
    const weekly = await mk('2026-11-15T02:00:00.000Z', false);
    const a = await scoreSite(store, lhDept, parsePeriod('2026-11'), gb, { checks });
    expect(a.runIds).toEqual([weekly, monthly]);
    expect(a.indicators.find((i) => i.id === 'A-01')!.status).not.toBe('cannot_assess');
    const noBorrow = { ...gb, scoring: { ...gb.scoring, browser_days: 0 } };
    const b = await scoreSite(store, lhDept, parsePeriod('2026-11'), noBorrow, { checks });
    expect(b.runIds).toEqual([weekly]);
    expect(b.indicators.find((i) => i.id === 'A-01')!.status).toBe('cannot_assess');
  });

  it('never counts what could not be assessed as a defect', async () => {
    const a = await scoreSite(store, dept, parsePeriod('2026-11'), gb, { checks });
    for (const id of a.cannotAssess) {
      const i = a.indicators.find((x) => x.id === id)!;
      expect(i.deduction).toBe(0);
      expect(i.awarded).toBe(0);
    }
    // No probes were stored: availability cannot be assessed and V-01 does not veto.
    expect(a.indicators.find((i) => i.id === 'V-01')!.status).toBe('cannot_assess');
    expect(a.indicators.find((i) => i.id === 'D-01')!.status).toBe('cannot_assess');
  });
});

describe('edition comparison', () => {
  it('lists per site the indicators whose result differs, ignoring rows N/A under both', async () => {
    const { compareEditions } = await import('../../assessment/compare.ts');
    const checks = await allChecks();
    const store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-cmp-')), 'govmon.db'));
    try {
      const s = site({ id: 'cmp', kind: '部门网站', level: '部门', offersServices: false, url: 'http://cmp.example.gov.cn/' });
      await store.upsertSites([s]);
      const run = await store.createRun({ siteId: s.id, kind: 'audit', startedAt: AT });
      const links: Link[] = ['broken/a.html', 'broken/b.html'].map((p) => ({ url: s.url + p, raw: p, tag: 'a' as const, text: p, internal: true }));
      await store.appendObservations(run.id, s.id, [page(s.url, AT, { links }), ...links.map((l) => link(l.url, AT, 404))]);
      await store.finishRun(run.id, 'complete');
      const period = parsePeriod('2026-11');
      const [c] = compareEditions(
        [await scoreSite(store, s, period, loadEdition('gb-2019', { checks }), { checks })],
        [await scoreSite(store, s, period, loadEdition('fj-2026-example', { checks }), { checks })],
      );
      expect(c.changed.map((x) => x.id)).toEqual(['D-02-home']);
      expect(c.changed[0]).toMatchObject({ a: { deduction: 2 }, b: { deduction: 4 } });
      expect(c.a.edition).toMatch(/^gb-2019@/);
      // A portal that was never audited: every row is could-not-assess under both, so nothing changed
      // (the bonus rows' nominal 6 → 4 points were listed as changes).
      const none = site({ id: 'never', url: 'http://never.example.gov.cn/' });
      const [n] = compareEditions(
        [await scoreSite(store, none, period, loadEdition('gb-2019', { checks }), { checks })],
        [await scoreSite(store, none, period, loadEdition('fj-2026-example', { checks }), { checks })],
      );
      expect(n.changed).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
