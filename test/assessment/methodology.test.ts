import { describe, it, expect } from 'vitest';
import { parseEdition, loadEdition, listEditionFiles, MethodologyError, checkOptions } from '../../config/methodology.ts';
import { allChecks } from '../../checks/registry.ts';
import { TEST_CHECKS, testEditionYaml } from './fixtures.ts';

function problems(text: string, file = 'ed.yaml'): string[] {
  try {
    parseEdition(text, file, { checks: TEST_CHECKS });
  } catch (e) {
    expect(e).toBeInstanceOf(MethodologyError);
    return (e as MethodologyError).problems;
  }
  throw new Error('expected the edition to be rejected');
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('methodology edition validation', () => {
  it('accepts the test edition and resolves points', () => {
    const ed = parseEdition(testEditionYaml(), 'ed.yaml', { checks: TEST_CHECKS });
    expect(ed.indicators.map((i) => [i.id, i.points])).toEqual([
      ['V-T', 0],
      ['D-BROKEN', 20],
      ['D-RATIO', 20],
      ['N-HTTPS', 35],
      ['V-SERV', 25],
      ['B-A11Y', 30],
    ]);
  });

  it('names file, line and fix for an unknown check id', () => {
    const text = testEditionYaml().replace('checks: [t.https]', 'checks: [t.htps]');
    const p = problems(text, 'config/methodology/bad.yaml');
    expect(p).toHaveLength(1);
    expect(p[0]).toContain(`config/methodology/bad.yaml:${lineOf(text, 't.htps')}:`);
    expect(p[0]).toContain('unknown check id "t.htps"');
    expect(p[0]).toContain('fix: use an id listed by `govmon checks`');
  });

  it('rejects points that do not add up to the family and the deduction total', () => {
    const text = testEditionYaml({ httpsPoints: 30 }); // basics family 30 → deduct families add to 95
    const p = problems(text);
    expect(p.some((x) => x.includes('`scoring.deduction_total`') && x.includes('add up to 95, not 100') && x.includes(`:${lineOf(text, 'deduction_total')}:`))).toBe(true);
    const t2 = testEditionYaml({ linksPoints: 45 }).replace('deduction_total: 100', 'deduction_total: 105');
    const p2 = problems(t2);
    expect(p2.some((x) => x.includes('`families[1].points`') && x.includes("indicators' points add up to 40, not 45") && x.includes('fix: make the indicators of "links" add up to 45'))).toBe(true);
  });

  it('splits a family by weights that add up to 1, and rejects weights that do not', () => {
    const weighted = testEditionYaml().replace('rule: deduct_per_defect, points: 20,', 'rule: deduct_per_defect, weight: 0.75,').replace('rule: linear, points: 20,', 'rule: linear, weight: 0.25,');
    const ed = parseEdition(weighted, 'ed.yaml', { checks: TEST_CHECKS });
    expect(ed.indicators.find((i) => i.id === 'D-BROKEN')!.points).toBe(30);
    expect(ed.indicators.find((i) => i.id === 'D-RATIO')!.points).toBe(10);
    const off = weighted.replace('weight: 0.25', 'weight: 0.2');
    const p = problems(off);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^ed\.yaml:\d+: field `families\[1\]\.indicators`: the weights add up to 0\.95, not 1; fix: give the indicators of "links" weights that add up to 1/);
    const mixed = testEditionYaml().replace('rule: linear, points: 20,', 'rule: linear, weight: 0.5,');
    expect(problems(mixed).some((x) => x.includes('mixes `points` and `weight`'))).toBe(true);
  });

  it('rejects duplicate ids, unknown options, misplaced rules and a verified ❓ source', () => {
    let text = testEditionYaml().replace('id: D-RATIO', 'id: D-BROKEN');
    expect(problems(text).some((x) => x.includes('"D-BROKEN" is already used') && x.includes(`:${lineOf(text, 'id: D-BROKEN, ref: D-01')}:`))).toBe(true);
    text = testEditionYaml().replace('per_defect: 5, checks: [t.broken]', 'per_defect: 5, checks: [t.broken], options: { t.broken: { minStatuss: 404 } }');
    expect(problems(text).some((x) => x.includes('check t.broken has no option "minStatuss"') && x.includes('fix: use one of minStatus'))).toBe(true);
    text = testEditionYaml().replace('rule: pass_fail, points: 25', 'rule: veto, points: 25');
    expect(problems(text).some((x) => x.includes('families[3].indicators[0]'))).toBe(true);
    text = testEditionYaml().replace('source: { document: test, confidence: ❓, verified: false }\nscoring', 'source: { document: test, confidence: ❓, verified: true }\nscoring');
    expect(problems(text).some((x) => x.includes('verified: true is only allowed with confidence ✅'))).toBe(true);
    text = testEditionYaml().replace('rule: deduct_per_defect', 'rule: deduct_each');
    expect(problems(text).some((x) => x.includes('fix: use one of: veto, deduct_per_defect, linear, pass_fail, bonus'))).toBe(true);
  });

  it('reports YAML syntax errors with a line', () => {
    const p = problems('id: x\nfamilies: [\n');
    expect(p[0]).toMatch(/^ed\.yaml:\d+: YAML syntax/);
  });

  it('ships gb-2019 (verified veto thresholds, unverified deduction rows) and an example edition', () => {
    const files = listEditionFiles().map((f) => f.split('/').pop());
    expect(files).toEqual(expect.arrayContaining(['gb-2019.yaml', 'fj-2026-example.yaml']));
    const gb = loadEdition('gb-2019');
    expect(gb.scoring).toMatchObject({ deduction_total: 100, pass_line: 60, bonus_line: 80, bonus_max: 30, bonus_kinds: ['门户网站'] });
    expect(gb.example).toBe(false);
    expect(gb.indicators.filter((i) => i.part === 'veto').every((i) => i.source.confidence === '✅')).toBe(true);
    expect(gb.indicators.filter((i) => i.part === 'deduct' && i.family !== 'services').every((i) => i.source.verified === false)).toBe(true);
    expect(gb.indicators.filter((i) => i.family === 'services').reduce((s, i) => s + i.points, 0)).toBe(25);
    expect(checkOptions(gb)['availability.unreachable']).toEqual({ windowDays: 7, minProbesPerDay: 20, vetoRatio: 0.05 });
    const fj = loadEdition('fj-2026-example');
    expect(fj.example).toBe(true);
    expect(() => loadEdition('nope')).toThrow(/fix: use one of .*gb-2019/);
  });

  it('every shipped edition references only real checks and real options (allChecks)', async () => {
    const checks = await allChecks();
    for (const f of listEditionFiles()) expect(() => loadEdition(f, { checks })).not.toThrow();
  });
});
