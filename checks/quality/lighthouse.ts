/**
 * quality.lighthouse (S-08, advise): Lighthouse category scores and load speed of the audited
 * pages. 网页设计规范 is quoted as 「页面加载时长不宜超过3秒」 (❓, secondary), so the target is an
 * option (`loadTargetMs`, 3000) measured on `loadMetric` (largest-contentful-paint by default,
 * the moment the main content shows); category floors (`minScores`) are options too. One defect
 * per slow or low-scoring page. Not part of the 2019 veto (that is the 15 s rule of V-01).
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { failureBlame } from '../../model/observation.ts';
import { finding } from '../util.ts';

const meta: CheckMeta = {
  id: 'quality.lighthouse',
  ref: 'S-08',
  family: 'quality',
  title: { zh: '页面性能与质量（Lighthouse）', en: 'Page speed and quality (Lighthouse)' },
  description: {
    zh: '首页及抽样栏目页、文章页的Lighthouse评分与加载时间（页面加载时长不宜超过3秒）。',
    en: 'Lighthouse scores and load time of the home page and sampled column and article pages (target: under 3 s).',
  },
  severity: 'advise',
  needs: ['lighthouse'],
  defaults: { loadTargetMs: 3000, loadMetric: 'largest-contentful-paint', minScores: { performance: 50, accessibility: 80, 'best-practices': 70, seo: 80 } },
};

function evaluate(ctx: CheckContext): Finding[] {
  const target = Number(ctx.options.loadTargetMs ?? 3000);
  const metric = String(ctx.options.loadMetric ?? 'largest-contentful-paint');
  const mins = (ctx.options.minScores as Record<string, number>) ?? {};
  const ok = ctx.lighthouse.filter((o) => !o.failure);
  const failed = ctx.lighthouse.filter((o) => o.failure);
  if (ok.length === 0) {
    const siteFault = failed.find((o) => failureBlame(o.failure!.class) === 'site' && o.failure!.class !== 'connection');
    return [
      finding(meta, 'cannot_assess', { zh: `Lighthouse未能完成任何页面的检测${siteFault ? `（${siteFault.failure!.class}）` : ''}`, en: `Lighthouse could not audit any page${siteFault ? ` (${siteFault.failure!.class})` : ''}` }, {
        key: meta.id,
        evidence: failed.slice(0, 20).map((o) => ({ url: o.url, failureClass: o.failure!.class, text: o.failure!.message })),
      }),
    ];
  }
  const defects: Finding[] = [];
  for (const o of ok) {
    const load = o.metrics[metric];
    const problems: string[] = [];
    if (typeof load === 'number' && load > target) problems.push(`${metric} ${(load / 1000).toFixed(1)} s > ${(target / 1000).toFixed(1)} s`);
    for (const [cat, min] of Object.entries(mins)) {
      const s = o.scores[cat];
      if (typeof s === 'number' && s < min) problems.push(`${cat} ${s} < ${min}`);
    }
    if (!problems.length) continue;
    defects.push(
      finding(meta, 'warn', { zh: `页面质量未达标：${problems.join('；')}`, en: `Page below target: ${problems.join('; ')}` }, {
        key: `${meta.id}|${o.url}`,
        evidence: [{ url: o.url, screenshot: o.screenshot, text: problems.join('; '), data: { defect: true, scores: o.scores, metrics: o.metrics } }],
        fix: { zh: '压缩图片、合并与延迟加载脚本、启用缓存和CDN，缩短首屏内容出现时间', en: 'Compress images, defer and bundle scripts, enable caching/CDN so the main content shows sooner' },
      }),
    );
  }
  const avg = (cat: string) => {
    const v = ok.map((o) => o.scores[cat]).filter((x): x is number => typeof x === 'number');
    return v.length ? Math.round(v.reduce((a, b) => a + b, 0) / v.length) : null;
  };
  const averages = Object.fromEntries(['performance', 'accessibility', 'best-practices', 'seo'].map((c) => [c, avg(c)]));
  const slow = ok.filter((o) => typeof o.metrics[metric] === 'number' && (o.metrics[metric] as number) > target).length;
  return [
    finding(
      meta,
      defects.length ? 'warn' : 'pass',
      {
        zh: `检测${ok.length}个页面：平均性能${averages.performance ?? '-'}、无障碍${averages.accessibility ?? '-'}、最佳实践${averages['best-practices'] ?? '-'}、SEO ${averages.seo ?? '-'}；${slow}个页面加载超过${target / 1000}秒`,
        en: `${ok.length} pages audited: performance ${averages.performance ?? '-'}, accessibility ${averages.accessibility ?? '-'}, best practices ${averages['best-practices'] ?? '-'}, SEO ${averages.seo ?? '-'}; ${slow} slower than ${target / 1000} s`,
      },
      {
        key: meta.id,
        measure: slow,
        evidence: [
          ...ok.slice(0, 20).map((o) => ({ url: o.url, screenshot: o.screenshot, data: { scores: o.scores, metrics: o.metrics } })),
          ...failed.slice(0, 5).map((o) => ({ url: o.url, failureClass: o.failure!.class, text: o.failure!.message })),
          { data: { averages, audited: ok.length, failed: failed.length, loadMetric: metric, loadTargetMs: target } },
        ],
      },
    ),
    ...defects,
  ];
}

export const check: Check = { ...meta, evaluate };
