/**
 * quality.accessibility (A-01): the axe-core violations Lighthouse found, mapped to GB/T
 * 37668-2019 levels through their WCAG 2.0 success criteria (./gbt37668.ts). The target level is
 * a policy choice (no national threshold for government sites, ❓): option `targetLevel`, 2
 * (二级, WCAG AA). Violations at or below the target fail; above it, or unmapped (WCAG 2.1+,
 * best practice), warn. Automated rules cover only part of GB/T 37668's 58 items, so even a
 * clean result is marked for human review (cn-indicators §b item 9).
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding, summaryExamples } from '../util.ts';
import { mapAxeRule } from './gbt37668.ts';

const meta: CheckMeta = {
  id: 'quality.accessibility',
  ref: 'A-01',
  family: 'quality',
  title: { zh: '无障碍（GB/T 37668-2019）', en: 'Accessibility (GB/T 37668-2019)' },
  description: {
    zh: '以axe-core自动检测结果为代理，按WCAG 2.0成功准则映射到GB/T 37668-2019的一级、二级、三级要求。',
    en: 'axe-core results, mapped through WCAG 2.0 success criteria to GB/T 37668-2019 levels 1/2/3.',
  },
  severity: 'advise',
  needs: ['lighthouse'],
  defaults: { targetLevel: 2 },
};

const LEVEL_ZH = { 1: '一级', 2: '二级', 3: '三级' } as const;

function evaluate(ctx: CheckContext): Finding[] {
  const target = Number(ctx.options.targetLevel ?? 2);
  const ok = ctx.lighthouse.filter((o) => !o.failure);
  if (ok.length === 0) return [finding(meta, 'cannot_assess', { zh: 'Lighthouse未能完成检测', en: 'Lighthouse did not complete on any page' }, { key: meta.id })];
  const rules = new Map<string, { impact?: string; tags: string[]; help: string; pages: Array<{ url: string; nodes: number; samples: string[] }> }>();
  for (const o of ok) {
    for (const v of o.axe) {
      const r = rules.get(v.id) ?? { impact: v.impact, tags: v.tags, help: v.help, pages: [] };
      r.pages.push({ url: o.url, nodes: v.nodes, samples: v.samples });
      rules.set(v.id, r);
    }
  }
  const byLevel: Record<string, number> = { '1': 0, '2': 0, '3': 0, unmapped: 0 };
  let atTarget = 0;
  const defects: Finding[] = [];
  for (const [id, r] of rules) {
    const m = mapAxeRule(r.tags);
    const key = m.level ? String(m.level) : 'unmapped';
    byLevel[key]++;
    const within = m.level !== undefined && m.level <= target;
    if (within) atTarget++;
    const nodes = r.pages.reduce((a, p) => a + p.nodes, 0);
    const levelText = m.level ? `GB/T 37668 ${LEVEL_ZH[m.level]}（WCAG ${m.wcagLevel} ${m.criteria.join(', ')}）` : m.outside.length ? `未映射（WCAG 2.1+ ${m.outside.join(', ')}，不在GB/T 37668范围）` : '未映射（最佳实践）';
    const levelEn = m.level ? `GB/T 37668 level ${m.level} (WCAG ${m.wcagLevel} ${m.criteria.join(', ')})` : m.outside.length ? `unmapped (WCAG 2.1+ ${m.outside.join(', ')}, outside GB/T 37668)` : 'unmapped (best practice)';
    defects.push(
      finding(meta, within ? 'fail' : 'warn', { zh: `无障碍问题 ${id}：${r.help}；${levelText}；${r.pages.length}个页面${nodes}处`, en: `Accessibility: ${id}: ${r.help}; ${levelEn}; ${nodes} element(s) on ${r.pages.length} page(s)` }, {
        key: `${meta.id}|${id}`,
        evidence: r.pages.slice(0, 5).map((p, i) => ({
          url: p.url,
          text: p.samples.slice(0, 3).join(' | '),
          ...(i === 0 ? { data: { defect: true, rule: id, impact: r.impact ?? null, gbtLevel: m.level ?? null, wcagLevel: m.wcagLevel ?? null, criteria: m.criteria, principles: m.principles, outside: m.outside, nodes } } : {}),
        })),
        fix: { zh: `按axe规则 ${id} 的说明修改页面模板：${r.help}`, en: `Fix the templates per axe rule ${id}: ${r.help}` },
      }),
    );
  }
  defects.sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1));
  const status = atTarget ? 'fail' : defects.length ? 'warn' : 'pass';
  return [
    finding(
      meta,
      status,
      status === 'pass'
        ? { zh: `${ok.length}个页面未发现自动可检的无障碍问题（仍需人工测试）`, en: `No automatically detectable accessibility issue on ${ok.length} pages (manual testing still needed)` }
        : { zh: `${rules.size}类无障碍问题，其中${atTarget}类不满足GB/T 37668${LEVEL_ZH[target as 1 | 2 | 3] ?? target}要求`, en: `${rules.size} accessibility rule(s) violated, ${atTarget} of them within GB/T 37668 level ${target}` },
      {
        key: meta.id,
        measure: atTarget,
        requiresReview: true,
        evidence: [...summaryExamples(defects), { data: { pages: ok.length, byLevel, targetLevel: target } }],
      },
    ),
    ...defects,
  ];
}

export const check: Check = { ...meta, evaluate };
