/**
 * The assessment commands as a user runs them: `node bin/govmon.js score|warnings|export|import`
 * against a real SQLite store and a registry file, with the shipped gb-2019 edition and the
 * real checks.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { parse } from 'csv-parse/sync';
import { Store } from '../../store/store.ts';
import { seed, site } from './fixtures.ts';

const BIN = fileURLToPath(new URL('../../bin/govmon.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'govmon-cli-'));
const db = join(dir, 'govmon.db');
const config = join(dir, 'sites.yaml');
const sites = [
  site({ id: 'fz', name: '福州市人民政府', siteIdCode: '3501000001' }),
  site({ id: 'mzj', name: '福州市民政局', kind: '部门网站', level: '部门', offersServices: false, siteIdCode: '3501000002' }),
];

function govmon(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args, '--db', db], { encoding: 'utf8', env: { ...process.env, GOVMON_LOG_LEVEL: 'silent' }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('govmon score | warnings | export | import', () => {
  beforeAll(async () => {
    writeFileSync(config, stringify({ monitor: { contactUrl: 'https://monitor.example.org/' }, sites: sites.map(({ offersServices, entries, seeds, limits, tags, ...s }) => ({ ...s, offersServices })) }));
    const store = await Store.open(db);
    await seed(store, { site: sites[0], at: '2026-11-10T02:00:00.000Z', https: true, broken: 2 });
    await seed(store, { site: sites[1], at: '2026-11-10T02:00:00.000Z', https: true, services: false });
    await store.close();
  });

  it('score prints the table and --json the scores, ranks and edition', () => {
    const t = govmon('score', '--period', '2026-11', '--config', config);
    expect(t.err).toBe('');
    expect(t.code).toBe(0);
    expect(t.out).toContain('gb-2019@');
    expect(t.out).toMatch(/fz\s+福州市人民政府\s+市门户网站/);
    const j = govmon('score', 'fz', '3501000002', '--period', '2026-11', '--json', '--config', config);
    const doc = JSON.parse(j.out);
    expect(doc.edition.id).toBe('gb-2019');
    expect(doc.scores.map((s: { siteId: string }) => s.siteId)).toEqual(['fz', 'mzj']);
    expect(doc.scores[1].notApplicable).toContain('V-06a-entry');
    expect(doc.ranks).toHaveLength(2);
    const other = govmon('score', '--period', '2026-11', '--edition', 'fj-2026-example', '--json', '--config', config);
    expect(JSON.parse(other.out).edition).toMatchObject({ id: 'fj-2026-example', example: true });
  });

  it('rejects a bad period, an unknown site and an unknown edition with a fix', () => {
    expect(govmon('score', '--period', '2026-13', '--config', config)).toMatchObject({ code: 2 });
    expect(govmon('score', '--period', '2026-13', '--config', config).err).toContain('fix: use 2026, 2026-H2');
    expect(govmon('score', 'nope', '--config', config).err).toContain('unknown site "nope"');
    expect(govmon('score', '--edition', 'gb-2099', '--config', config).err).toContain('no methodology edition "gb-2099"; fix: use one of');
  });

  it('import then export: the CSV carries the combined score and parses back', () => {
    const csv = join(dir, 'review.csv');
    writeFileSync(csv, '\uFEFF网站标识码,得分\r\n3501000001,90\r\n');
    const imp = govmon('import', 'public-review', csv, '--period', '2026-11', '--config', config);
    expect(imp.out).toContain('imported 1 public-review scores');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, '网站标识码,得分,周期\n3501000001,abc,2026-11\n');
    const r = govmon('import', 'inspection', bad, '--config', config);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}:2: column 得分: score "abc" is not a number from 0 to 100`);
    const out = join(dir, 'out', 'scores.csv');
    const e = govmon('export', '--period', '2026-11', '--out', out, '--config', config);
    expect(e.code).toBe(0);
    const buf = readFileSync(out);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(buf, { bom: true, columns: true }) as Array<Record<string, string>>;
    const fz = rows.find((x) => x['站点ID'] === 'fz')!;
    expect(fz['单位名称']).toBe('福州市人民政府');
    expect(Number(fz['公众评议'])).toBe(90);
    expect(Number(fz['综合得分'])).toBeGreaterThan(0);
    const js = JSON.parse(govmon('export', '--format', 'json', '--by', 'indicator', '--period', '2026-11', '--config', config).out);
    expect(js).toMatchObject({ schemaVersion: 1, kind: 'govmon.scores.by-indicator' });
  });

  it('warnings lists vetoes with evidence, --fail-on sets the exit code, and a dismissed veto drops out', () => {
    const w = govmon('warnings', '--period', '2026-11', '--json', '--config', config);
    expect(w.code).toBe(0);
    const doc = JSON.parse(w.out);
    expect(Array.isArray(doc.warnings)).toBe(true);
    // The seeded home pages carry no dated items: V-02 (home page not updated) fires on both.
    const v02 = doc.warnings.filter((x: { ruleId: string; level: string }) => x.ruleId === 'V-02' && x.level === 'red');
    expect(v02.map((x: { siteId: string }) => x.siteId).sort()).toEqual(['fz', 'mzj']);
    expect(v02[0].findings[0].url).toMatch(/^https:\/\/(fz|mzj)\.example\.gov\.cn\/$/);
    const f = govmon('warnings', '--period', '2026-11', '--fail-on', 'red', '--config', config);
    expect(f.code).toBe(1);
    expect(f.out).toContain('单项否决：首页不更新');
    // A reviewer dismisses mzj's V-02: the veto warning goes away for that run.
    const rev = join(dir, 'reviews.csv');
    writeFileSync(rev, '站点ID,指标编号,结论,审核人,备注\nmzj,V-02,驳回,张三,首页为导航页，二级页面有更新\n');
    expect(govmon('import', 'reviews', rev, '--config', config).out).toContain('imported 1 review decisions');
    const after = JSON.parse(govmon('warnings', '--period', '2026-11', '--json', '--config', config).out);
    expect(after.warnings.filter((x: { ruleId: string }) => x.ruleId === 'V-02').map((x: { siteId: string }) => x.siteId)).toEqual(['fz']);
  });
});
