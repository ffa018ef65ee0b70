import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { Store } from '../../store/store.ts';
import { parseEdition, type Edition } from '../../config/methodology.ts';
import { parsePeriod, previousPeriod } from '../../assessment/period.ts';
import { scoreSites } from '../../assessment/score.ts';
import { rankScores, combine } from '../../assessment/rank.ts';
import { importExternalScores, externalScores, ImportError } from '../../assessment/import.ts';
import { exportCsv, exportJson, safeCell } from '../../assessment/export.ts';
import { saveScores, cachedScores, periodKey } from '../../assessment/cache.ts';
import type { SiteScore } from '../../model/score.ts';
import { TEST_CHECKS, seed, site, testEditionYaml } from './fixtures.ts';
import { testDatabases } from '../helpers/databases.ts';

const dir = mkdtempSync(join(tmpdir(), 'govmon-asmt-'));
const period = parsePeriod('2026-11');
const sites = [
  site({ id: 'fz', name: '福州市人民政府', siteIdCode: '3501000001', group: '设区市' }),
  site({ id: 'xm', name: '厦门市人民政府', siteIdCode: '3502000002', group: '设区市' }),
  site({ id: 'pt', name: '莆田市人民政府', siteIdCode: '3503000003', group: '设区市' }),
  site({ id: 'fgw', name: '福建省发展和改革委员会', kind: '部门网站', level: '部门', offersServices: false, group: '省直部门' }),
];

for (const target of testDatabases())
describe(`rankings, imports and exports on ${target.name}`, () => {
  let store: Store;
  let ed: Edition;
  let scores: SiteScore[];
  beforeAll(async () => {
    store = await Store.open(target.url());
    ed = parseEdition(testEditionYaml(), 'test-ed.yaml', { checks: TEST_CHECKS });
    // October: fz 100, xm 95 ; November: fz 70 (drop), xm 95, pt 95 (tie), fgw 93.33.
    await seed(store, { site: sites[0], at: '2026-10-10T02:00:00.000Z', https: true });
    await seed(store, { site: sites[1], at: '2026-10-10T02:00:00.000Z', https: true, broken: 1 });
    await seed(store, { site: sites[0], at: '2026-11-10T02:00:00.000Z', https: true, broken: 6, probes: [19, 1] });
    await seed(store, { site: sites[1], at: '2026-11-10T02:00:00.000Z', https: true, broken: 1 });
    await seed(store, { site: sites[2], at: '2026-11-10T02:00:00.000Z', https: true, broken: 1 });
    await seed(store, { site: sites[3], at: '2026-11-10T02:00:00.000Z', https: true, broken: 1, services: false });
    scores = await scoreSites(store, sites, period, ed, { checks: TEST_CHECKS });
  });
  afterAll(async () => {
    await target.cleanup?.(store);
    await store.close();
  });

  it('ranks within groups with shared ranks, change since the previous period and position among peers', async () => {
    const prev = await scoreSites(store, sites, previousPeriod(period), ed, { checks: TEST_CHECKS });
    const ranks = rankScores(scores, 'group', prev);
    const r = Object.fromEntries(ranks.map((x) => [x.siteId, x]));
    expect(r.xm).toMatchObject({ group: '设区市', rank: 1, of: 3, total: 95, previousTotal: 95, change: 0 });
    expect(r.pt).toMatchObject({ rank: 1, total: 95, previousTotal: null, change: null });
    expect(r.fz).toMatchObject({ rank: 3, total: 70, previousTotal: 100, change: -30, vsGroupMean: -16.67, percentile: 0 });
    expect(r.fgw).toMatchObject({ group: '省直部门', rank: 1, of: 1, total: 93.33 });
    // A provisional total is listed but not ranked against fully assessed peers.
    const prov = scores.map((x) => (x.siteId === 'xm' ? { ...x, provisional: true } : x));
    const rp = Object.fromEntries(rankScores(prov, 'group').map((x) => [x.siteId, x]));
    expect(rp.xm).toMatchObject({ rank: null, total: 95 });
    expect(rp.pt).toMatchObject({ rank: 1, of: 2 });
    // Vetoed sites (total 0) are ordered by their deduction score, below every site without a veto.
    const vetoed = scores.map((x) => (x.siteId === 'fz' || x.siteId === 'xm' ? { ...x, total: 0, veto: { ...x.veto, vetoed: true } } : x));
    const rv = Object.fromEntries(rankScores(vetoed, 'group').map((x) => [x.siteId, x]));
    expect([rv.pt.rank, rv.xm.rank, rv.fz.rank]).toEqual([1, 2, 3]); // xm 95 before fz 70 without the veto
    const bothSame = vetoed.map((x) => (x.siteId === 'fz' ? { ...x, deduction: { ...x.deduction, score: 95 } } : x));
    const rs = Object.fromEntries(rankScores(bothSame, 'group').map((x) => [x.siteId, x]));
    expect([rs.xm.rank, rs.fz.rank]).toEqual([2, 2]);
    const byLevel = rankScores(scores, 'level');
    expect(byLevel.find((x) => x.siteId === 'fgw')!.group).toBe('部门');
  });

  it('imports public review scores from a GBK CSV by 网站标识码 and combines them as the edition weights', async () => {
    const file = join(dir, 'review-gbk.csv');
    writeFileSync(file, iconv.encode('单位名称,网站标识码,得分,周期\r\n福州市人民政府,3501000001,90,2026-11\r\n厦门市人民政府,3502000002,80分,2026-11\r\n', 'gbk'));
    const r = await importExternalScores(store, file, 'public_review', sites);
    expect(r.encoding).toBe('gb18030');
    expect(r.rows.map((x) => [x.siteId, x.score, x.period])).toEqual([
      ['fz', 90, '2026-11'],
      ['xm', 80, '2026-11'],
    ]);
    const bom = join(dir, 'inspection.csv');
    writeFileSync(bom, '\uFEFFsite_id,score\nfz,60\n');
    await importExternalScores(store, bom, 'inspection', sites, { period: '2026-11' });
    const ext = await externalScores(store, '2026-11');
    expect(ext).toHaveLength(3);
    const fz = combine(scores.find((s) => s.siteId === 'fz')!, ext, ed)!;
    // 0.7 × 70 + 0.2 × 90 + 0.1 × 60 = 73
    expect(fz).toMatchObject({ indicators: 70, public_review: 90, inspection: 60, total: 73, missing: [] });
    const xm = combine(scores.find((s) => s.siteId === 'xm')!, ext, ed)!;
    // inspection missing: (0.7 × 95 + 0.2 × 80) / 0.9 = 91.67
    expect(xm).toMatchObject({ total: 91.67, missing: ['inspection'] });
  });

  it('rejects a bad CSV naming file, row, column and fix, and stores nothing', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, '网站标识码,得分,周期\n3501000001,101,2026-11\n9999999999,80,2026-11\n3502000002,75,2026-13\n3503000003,70,2026-11\n');
    const err = await importExternalScores(store, file, 'inspection', sites).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    const p = (err as ImportError).problems;
    expect(p[0]).toBe(`${file}:2: column 得分: score "101" is not a number from 0 to 100; fix: write the score as a plain number such as 86.5`);
    expect(p[1]).toContain(`${file}:3: column 网站标识码: no registered site has 网站标识码 "9999999999"`);
    expect(p[2]).toContain(`${file}:4: column 周期: invalid period "2026-13"`);
    expect((await externalScores(store, '2026-11', 'inspection')).map((x) => x.siteId)).toEqual(['fz']);
    const r = await importExternalScores(store, file, 'inspection', sites, { skipInvalid: true });
    expect(r.rows.map((x) => x.siteId)).toEqual(['pt']);
    const byName = join(dir, 'names.csv');
    writeFileSync(byName, '单位名称,得分\n莆田市人民政府,66\n不存在的单位,50\n');
    const named = await importExternalScores(store, byName, 'inspection', sites, { period: '2026-11', skipInvalid: true });
    expect(named.rows.map((x) => [x.siteId, x.score])).toEqual([['pt', 66]]);
    expect(named.problems[0]).toContain(`${byName}:3: column 单位名称: no registered site is named "不存在的单位"`);
    await expect(importExternalScores(store, byName, 'inspection', sites, { period: 'last-7d' })).rejects.toThrow(/period "last-7d" is relative; fix: use a calendar period/);
    const missing = join(dir, 'nocol.csv');
    writeFileSync(missing, 'unit,value\nx,1\n');
    await expect(importExternalScores(store, missing, 'inspection', sites)).rejects.toThrow(/:1: no site column .*fix: add a column named 网站标识码 or site_id/);
  });

  it('reads Excel/WPS 「Unicode 文本」 (UTF-16, tab-separated) and semicolon-separated sheets', async () => {
    const u16 = join(dir, 'unicode.txt');
    writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('单位名称\t得分\t周期\r\n莆田市人民政府\t77.5\t2026-10\r\n', 'utf16le')]));
    const r = await importExternalScores(store, u16, 'inspection', sites);
    expect(r.encoding).toBe('utf-16le');
    expect(r.rows.map((x) => [x.siteId, x.score, x.period])).toEqual([['pt', 77.5, '2026-10']]);
    const semi = join(dir, 'semi.csv');
    writeFileSync(semi, '\uFEFFsite_id;score\nfz;61\n');
    const s2 = await importExternalScores(store, semi, 'inspection', sites, { period: '2026-10' });
    expect(s2.rows.map((x) => [x.siteId, x.score])).toEqual([['fz', 61]]);
    // A file whose rows are all invalid does not suggest --skip-invalid for "0 valid rows".
    const allBad = join(dir, 'allbad.csv');
    writeFileSync(allBad, 'site_id,score\nfz,abc\n');
    const err = (await importExternalScores(store, allBad, 'inspection', sites, { period: '2026-10' }).catch((e) => e)) as ImportError;
    expect(err.problems.at(-1)).toBe('nothing was imported and no row is valid; fix the rows above');
  });

  it('exports CSV with BOM, CRLF and Chinese headers that parses back with the right text and numbers', () => {
    const ranks = rankScores(scores, 'group');
    const csv = exportCsv({ scores, ranks }, 'site');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('\r\n');
    const rows = parse(csv, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(4);
    const fz = rows.find((r) => r['站点ID'] === 'fz')!;
    expect(fz['单位名称']).toBe('福州市人民政府');
    expect(fz['网站标识码']).toBe('3501000001');
    expect(fz['方法版本']).toBe('test-ed@1');
    expect(fz['单项否决']).toBe('否');
    expect(Number(fz['扣分得分'])).toBe(70);
    expect(Number(fz['总分'])).toBe(70);
    expect(fz['等级']).toBe('合格');
    expect(fz['排名']).toBe('3');
    expect(Number(fz['D-BROKEN 断链（扣分）'])).toBe(20);
    expect(fz['监测批次']).toBe(scores.find((s) => s.siteId === 'fz')!.runIds[0]);
    const fgw = rows.find((r) => r['站点ID'] === 'fgw')!;
    expect(fgw['V-SERV 办事（扣分）']).toBe('不适用');
    expect(Number(fgw['总分'])).toBeCloseTo(93.33, 2);

    const ind = parse(exportCsv({ scores }, 'indicator'), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(ind).toHaveLength(4 * 6);
    const broken = ind.find((r) => r['站点ID'] === 'fz' && r['指标编号'] === 'D-BROKEN')!;
    expect(broken).toMatchObject({ 指标名称: '断链', 部分: '扣分指标', 计分规则: '按问题数扣分', 状态: '扣分', 问题数: '6', 已核实: '否' });
    expect(broken['问题标识'].split('\n')).toHaveLength(6);
    // 设区市 peers: fz −20, xm −5, pt −5 → mean 10
    expect(Number(broken['组内平均扣分或加分'])).toBe(10);
    expect(broken['证据链接'].split('\n')[0]).toMatch(/^https:\/\/fz\.example\.gov\.cn\/broken\/\d\.html$/);
  });

  it('neutralises formula cells from crawled text', () => {
    expect(safeCell('=HYPERLINK("http://evil")')).toBe(`'=HYPERLINK("http://evil")`);
    expect(safeCell('+1')).toBe("'+1");
    expect(safeCell(-3)).toBe(-3);
  });

  it('exports versioned JSON naming the edition and runs that validates against docs/export-schema.json, and caches scores', async () => {
    const doc = JSON.parse(exportJson({ scores, generatedAt: '2026-11-21T00:00:00.000Z' }, 'indicator'));
    expect(doc).toMatchObject({ schemaVersion: 1, kind: 'govmon.scores.by-indicator', edition: { id: 'test-ed', version: '1' }, period: { label: '2026-11' } });
    expect(doc.indicators[0]).toHaveProperty('runIds');
    expect(doc.indicators.find((x: { siteId: string; indicator: { id: string } }) => x.siteId === 'fz' && x.indicator.id === 'D-BROKEN').indicator.findings.length).toBe(7);
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../docs/export-schema.json', import.meta.url), 'utf8')));
    const prev = await scoreSites(store, sites, previousPeriod(period), ed, { checks: TEST_CHECKS });
    const ext = await externalScores(store, '2026-11');
    for (const by of ['site', 'indicator'] as const) {
      const d = JSON.parse(exportJson({ scores, ranks: rankScores(scores, 'group', prev), combined: scores.map((s) => combine(s, ext, ed)!) }, by));
      const ok = validate(d);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
    await saveScores(store, scores);
    await saveScores(store, scores); // upsert, not duplicate
    expect(periodKey(parsePeriod('last-7d', new Date('2026-11-21T00:00:00Z')))).toBe('2026-11-14T00:00:00.000Z..2026-11-21T00:00:00.000Z');
    expect(periodKey(parsePeriod('2026-11-01..2026-11-07'))).toBe('2026-11-01..2026-11-07');
    const cached = await cachedScores(store, { editionId: 'test-ed', period: '2026-11' });
    expect(cached.map((s) => [s.siteId, s.total])).toEqual(scores.map((s) => [s.siteId, s.total]).sort());
  });
});
