/**
 * security.observatory-grade (N-03): the MDN HTTP Observatory score and grade, computed from
 * stored observations with the Observatory's own tests, modifiers and grade chart
 * (./observatory.ts). measure = the score (0–135); the grade and every test's result and
 * modifier are in the evidence. Status: pass at grade B or better (option `passScore`, 70),
 * warn down to `warnScore` (40, grade D+), fail below.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding } from '../util.ts';
import { observatoryInputFrom } from './common.ts';
import { observatoryScan, OBSERVATORY_ALGORITHM } from './observatory.ts';

const meta: CheckMeta = {
  id: 'security.observatory-grade',
  ref: 'N-03',
  family: 'security',
  title: { zh: 'HTTP安全评级（MDN Observatory方法）', en: 'HTTP security grade (MDN Observatory method)' },
  description: {
    zh: '按MDN HTTP Observatory评分方法（基础分100，各项加减分，A+至F）对首页的HTTP安全配置评分。',
    en: 'Scores the home page HTTP security configuration with the MDN HTTP Observatory method (base 100, per-test modifiers, A+ … F).',
  },
  severity: 'advise',
  needs: ['page', 'http_redirect', 'tls'],
  defaults: { passScore: 70, warnScore: 40 },
};

function evaluate(ctx: CheckContext): Finding[] {
  const input = observatoryInputFrom(ctx);
  if (!input.auto) return [finding(meta, 'cannot_assess', { zh: '首页无响应，无法评级', en: 'The home page gave no response; no grade' })];
  const home = input.auto;
  if (home.status === 403 || home.status === 429) return [finding(meta, 'cannot_assess', { zh: '首页访问被拦截，无法评级', en: 'The home page blocked us; no grade' })];
  const r = observatoryScan(input);
  const passScore = Number(ctx.options.passScore ?? 70);
  const warnScore = Number(ctx.options.warnScore ?? 40);
  const status = r.score >= passScore ? 'pass' : r.score >= warnScore ? 'warn' : 'fail';
  const failing = r.tests.filter((t) => t.scoreModifier < 0);
  return [
    finding(meta, status, { zh: `HTTP安全评级 ${r.grade}（${r.score}分，${r.testsPassed}/${r.tests.length}项通过）`, en: `HTTP security grade ${r.grade} (score ${r.score}, ${r.testsPassed}/${r.tests.length} tests passed)` }, {
      key: meta.id,
      measure: r.score,
      evidence: [
        { url: home.url, text: `${r.grade} ${r.score}`, data: { grade: r.grade, score: r.score, algorithm: OBSERVATORY_ALGORITHM, testsPassed: r.testsPassed, testsFailed: r.testsFailed } },
        ...r.tests.map((t) => ({ url: home.url, text: `${t.name}: ${t.result} (${t.scoreModifier >= 0 ? '+' : ''}${t.scoreModifier})`, data: { test: t.name, result: t.result, pass: t.pass, modifier: t.scoreModifier } })),
      ],
      ...(failing.length
        ? { fix: { zh: `优先处理扣分项：${failing.map((t) => t.result).join('、')}`, en: `Fix the penalised tests first: ${failing.map((t) => t.result).join(', ')}` } }
        : {}),
    }),
  ];
}

export const check: Check = { ...meta, evaluate };
