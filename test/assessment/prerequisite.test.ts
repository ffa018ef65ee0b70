/**
 * A site with no 政府信息公开 section at all must not score better than one whose section misses a
 * sub-column. The disclosure checks answer "not applicable" for G-02…G-05 when there is no section
 * (they have nothing to look at); under gb-2019 those indicators name G-01 in `requires:` and are
 * deducted in full instead of being rescaled away. Hand-computed on the real shipped edition.
 */
import { describe, it, expect } from 'vitest';
import { loadEdition, parseEdition, MethodologyError } from '../../config/methodology.ts';
import { allChecks } from '../../checks/registry.ts';
import { applyEdition } from '../../assessment/score.ts';
import { parsePeriod } from '../../assessment/period.ts';
import type { Finding, FindingStatus } from '../../model/finding.ts';
import { readFileSync } from 'node:fs';
import { site } from './fixtures.ts';

const HOME_URL = 'http://www.example.gov.cn/';
const f = (checkId: string, ref: string, status: FindingStatus): Finding => ({
  checkId,
  ref,
  status,
  severity: 'deduct',
  key: checkId,
  message: { zh: `${checkId} ${status}`, en: `${checkId} ${status}` },
  evidence: [{ url: HOME_URL }],
});

/** Every check of the edition passes, except the overrides. */
async function findings(ed: ReturnType<typeof loadEdition>, over: Record<string, FindingStatus>): Promise<Finding[]> {
  const ids = new Set(ed.indicators.flatMap((i) => i.checks));
  return [...ids].map((id) => f(id, ed.indicators.find((i) => i.checks.includes(id))!.ref, over[id] ?? 'pass'));
}

const meta = { period: parsePeriod('2026-11'), asOf: '2026-11-20T00:00:00.000Z', runIds: ['r1'], primaryRunId: 'r1' };

describe('indicators that presuppose another (requires:)', async () => {
  const checks = await allChecks();
  const ed = loadEdition('gb-2019', { checks });
  const s = site({ id: 'city' });

  it('deducts G-02…G-05 in full when there is no disclosure section, instead of rescaling them away', async () => {
    const none = applyEdition(
      s,
      ed,
      await findings(ed, {
        'disclosure.section': 'fail',
        'disclosure.standard-parts': 'not_applicable',
        'disclosure.guide-contents': 'not_applicable',
        'disclosure.statutory-categories': 'not_applicable',
        'disclosure.publish-timeliness': 'not_applicable',
      }),
      meta,
    );
    const ind = (id: string) => none.indicators.find((i) => i.id === id)!;
    expect(['G-02', 'G-03', 'G-04', 'G-05'].map((id) => [id, ind(id).status, ind(id).deduction])).toEqual([
      ['G-02', 'deducted', 4],
      ['G-03', 'deducted', 3],
      ['G-04', 'deducted', 5],
      ['G-05', 'deducted', 3],
    ]);
    expect(ind('G-02').explanation.zh).toContain('G-01');
    // 4 (G-01) + 4 + 3 + 5 + 3 = 19 of 100 applicable points; nothing rescaled.
    expect(none.deduction).toMatchObject({ applicablePoints: 100, deducted: 19, score: 81 });

    // A section that merely lacks one sub-column (one G-02 defect) scores better than no section.
    const partial = applyEdition(s, ed, [...(await findings(ed, { 'disclosure.standard-parts': 'fail' })), { ...f('disclosure.standard-parts', 'G-02', 'fail'), key: 'disclosure.standard-parts|x', evidence: [{ url: HOME_URL + 'x', data: { defect: true } }] }], meta);
    expect(partial.deduction.score!).toBeGreaterThan(none.deduction.score!);
  });

  it('keeps not-applicable rescaling when the prerequisite passed (e.g. no guide found inside a section)', async () => {
    const r = applyEdition(s, ed, await findings(ed, { 'disclosure.guide-contents': 'not_applicable' }), meta);
    const g03 = r.indicators.find((i) => i.id === 'G-03')!;
    expect(g03.status).toBe('not_applicable');
    expect(r.deduction).toMatchObject({ applicablePoints: 97, deducted: 0, score: 100 });
  });

  it('G-09 (annual report contents) falls with G-08 (no annual report)', async () => {
    const r = applyEdition(s, ed, await findings(ed, { 'disclosure.annual-report': 'fail', 'disclosure.annual-report-contents': 'not_applicable' }), meta);
    expect(r.indicators.find((i) => i.id === 'G-09')).toMatchObject({ status: 'deducted', deduction: 1 });
  });

  it('rejects a requires: that names no earlier indicator, with file, field and fix', () => {
    const text = readFileSync(new URL('../../config/methodology/gb-2019.yaml', import.meta.url), 'utf8').replace('requires: G-01 #', 'requires: G-99 #');
    try {
      parseEdition(text, 'bad.yaml', { checks });
      expect.unreachable('the edition should be rejected');
    } catch (e) {
      expect(e).toBeInstanceOf(MethodologyError);
      expect((e as MethodologyError).problems.join('\n')).toMatch(/bad\.yaml:\d+: field `families\[\d+\]\.indicators\[1\]\.requires`: "G-99" is not an indicator listed before this one; fix:/);
    }
  });
});

describe('could-not-assess explanations', async () => {
  const checks = await allChecks();
  const ed = loadEdition('gb-2019', { checks });
  it('say 无法评估 once and give a reason shared by two checks once', async () => {
    const blocked = { zh: '网站页面无法获取（blocked），无法评估', en: 'Site pages could not be fetched (blocked), so this could not be assessed' };
    const fs = (await findings(ed, {})).map((x) =>
      x.checkId === 'freshness.stale-news-columns' || x.checkId === 'freshness.stale-required-columns' ? { ...x, status: 'cannot_assess' as const, message: blocked } : x,
    );
    const r = applyEdition(site({ id: 'blocked' }), ed, fs, meta);
    const d03 = r.indicators.find((i) => i.id === 'D-03-columns')!;
    expect(d03.status).toBe('cannot_assess');
    expect(d03.explanation).toEqual({ zh: '无法评估：网站页面无法获取（blocked）', en: 'Could not assess: Site pages could not be fetched (blocked)' });
    // checks/run.ts names the missing observation kinds raw ("probe"); the indicator says what they are.
    const noProbes = (await findings(ed, {})).map((x) =>
      x.checkId === 'availability.unreachable' ? { ...x, status: 'cannot_assess' as const, message: { zh: '缺少所需的监测数据（probe），无法评估', en: 'No probe observations were recorded for this run, so this could not be assessed' } } : x,
    );
    const v01 = applyEdition(site({ id: 'np' }), ed, noProbes, meta).indicators.find((i) => i.id === 'V-01')!;
    expect(v01.explanation).toEqual({ zh: '无法评估：缺少首页可用性探测数据', en: 'Could not assess: No probe observations were recorded for this run' });
  });
});
