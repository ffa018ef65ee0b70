import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import { parseEdition, type Edition } from '../../config/methodology.ts';
import { parsePeriod } from '../../assessment/period.ts';
import { scoreSite } from '../../assessment/score.ts';
import { importReviews } from '../../assessment/reviews.ts';
import { ImportError } from '../../assessment/import.ts';
import { exportCsv } from '../../assessment/export.ts';
import { parse } from 'csv-parse/sync';
import type { SiteScore } from '../../model/score.ts';
import { testDatabases } from '../helpers/databases.ts';
import { TEST_CHECKS, seed, site, testEditionYaml } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'govmon-review-'));
const period = parsePeriod('2026-11');
const ind = (s: SiteScore, id: string) => s.indicators.find((i) => i.id === id)!;

for (const target of testDatabases())
  describe(`reviewer decisions on ${target.name}`, () => {
    let store: Store;
    let ed: Edition;
    const pending = site({ id: 'pending', siteIdCode: '3501000011' });
    const vetoed = site({ id: 'vetoed' });
    const broken = site({ id: 'broken' });
    const sites = [pending, vetoed, broken];
    const runs: Record<string, string> = {};
    beforeAll(async () => {
      store = await Store.open(target.url());
      ed = parseEdition(testEditionYaml(), 'test-ed.yaml', { checks: TEST_CHECKS });
      runs.pending = await seed(store, { site: pending, at: '2026-11-10T02:00:00.000Z', https: true, pendingVeto: true });
      runs.vetoed = await seed(store, { site: vetoed, at: '2026-11-10T02:00:00.000Z', https: true, veto: true });
      runs.broken = await seed(store, { site: broken, at: '2026-11-10T02:00:00.000Z', https: true, broken: 2 });
    });
    afterAll(async () => {
      await target.cleanup?.(store);
      await store.close();
    });

    it('a pending veto waits for a person, and confirm / dismiss decide it; decisions are per run', async () => {
      const before = await scoreSite(store, pending, period, ed, { checks: TEST_CHECKS });
      expect(ind(before, 'V-T')).toMatchObject({ status: 'review', requiresReview: true });
      expect(before.veto).toMatchObject({ vetoed: false, review: ['V-T'] });
      expect(before.total).toBe(100);

      const file = join(dir, `decisions-${target.name}.csv`);
      writeFileSync(
        file,
        '\uFEFF网站标识码,站点ID,指标编号,监测批次,结论,审核人,备注\r\n' +
          `3501000011,,V-T,,确认,张三,栏目确属空白\r\n` +
          `,vetoed,V-T,${runs.vetoed},驳回,李四,页面标题系测试数据\r\n` +
          `,broken,D-BROKEN,${runs.broken},dismiss,王五,链接已恢复\r\n`,
      );
      const r = await importReviews(store, file, sites, ed);
      expect(r.rows.map((x) => [x.siteId, x.indicatorId, x.decision, x.runId])).toEqual([
        ['pending', 'V-T', 'confirm', runs.pending],
        ['vetoed', 'V-T', 'dismiss', runs.vetoed],
        ['broken', 'D-BROKEN', 'dismiss', runs.broken],
      ]);

      const p = await scoreSite(store, pending, period, ed, { checks: TEST_CHECKS });
      expect(ind(p, 'V-T')).toMatchObject({ status: 'vetoed', requiresReview: false, review: { reviewer: '张三', decision: 'confirm' } });
      expect(ind(p, 'V-T').explanation.zh).toContain('经人工确认，张三：栏目确属空白');
      expect(p.veto).toMatchObject({ vetoed: true, review: [] });
      expect(p.total).toBe(0);

      const v = await scoreSite(store, vetoed, period, ed, { checks: TEST_CHECKS });
      expect(ind(v, 'V-T').status).toBe('pass');
      expect(ind(v, 'V-T').explanation.zh).toMatch(/^人工复核驳回，不否决（李四：页面标题系测试数据）；机器结果：单项否决/);
      expect(v.veto.vetoed).toBe(false);
      expect(v.total).toBe(100);

      const b = await scoreSite(store, broken, period, ed, { checks: TEST_CHECKS });
      expect(ind(b, 'D-BROKEN')).toMatchObject({ status: 'pass', deduction: 0, awarded: 20, value: 2 });
      expect(b.total).toBe(100);
      const rows = parse(exportCsv({ scores: [before, b] }, 'indicator'), { bom: true, columns: true }) as Array<Record<string, string>>;
      expect(rows.find((x) => x['站点ID'] === 'broken' && x['指标编号'] === 'D-BROKEN')!['人工复核']).toBe('驳回（王五）');
      expect(rows.find((x) => x['站点ID'] === 'pending' && x['指标编号'] === 'V-T')!['人工复核']).toBe('待复核');

      // A later audit of the same site is a new result: the decision on the old run does not carry over.
      await seed(store, { site: broken, at: '2026-11-20T02:00:00.000Z', https: true, broken: 2 });
      const later = await scoreSite(store, broken, period, ed, { checks: TEST_CHECKS });
      expect(ind(later, 'D-BROKEN')).toMatchObject({ status: 'deducted', deduction: 10 });
      expect(ind(later, 'D-BROKEN').review).toBeUndefined();
    });

    it('rejects bad decision rows naming file, row, column and fix', async () => {
      const file = join(dir, `bad-${target.name}.csv`);
      writeFileSync(file, '站点ID,指标编号,监测批次,结论,审核人\nbroken,X-99,,确认,张三\nbroken,D-BROKEN,,也许,张三\nbroken,D-BROKEN,,确认,\nbroken,D-BROKEN,not-a-run,确认,张三\nnobody,D-BROKEN,,确认,张三\n');
      const err = await importReviews(store, file, sites, ed).catch((e) => e);
      expect(err).toBeInstanceOf(ImportError);
      const p = (err as ImportError).problems;
      expect(p[0]).toBe(`${file}:2: column 指标编号: "X-99" is not an indicator of test-ed; fix: use an id from govmon export --by indicator (e.g. V-03c)`);
      expect(p[1]).toContain(`${file}:3: column 结论: "也许" is not a decision; fix: write 确认 (confirm) or 驳回 (dismiss)`);
      expect(p[2]).toContain(`${file}:4: column 审核人: empty; fix: name the reviewer`);
      expect(p[3]).toContain(`${file}:5: column 监测批次: run "not-a-run" is not an audit run of broken`);
      expect(p[4]).toContain(`${file}:6: unknown site "nobody"`);
      expect(p.at(-1)).toContain('nothing was imported');
    });
  });
