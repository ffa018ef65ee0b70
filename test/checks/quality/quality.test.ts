import { describe, it, expect } from 'vitest';
import { runCheck } from '../../../checks/run.ts';
import { checks } from '../../../checks/quality/index.ts';
import { mapAxeRule, scFromTag } from '../../../checks/quality/gbt37668.ts';
import type { Finding } from '../../../model/finding.ts';
import type { LighthouseObservation } from '../../../model/observation.ts';
import { AT, ctx, link, page } from '../links/build.ts';

const byId = (id: string) => checks.find((c) => c.id === id)!;
const summary = (fs: Finding[]) => fs.find((f) => f.key === f.checkId)!;
const H = 'https://www.fuzhou.gov.cn';

function lh(url: string, over: Partial<LighthouseObservation> = {}): LighthouseObservation {
  return {
    kind: 'lighthouse',
    at: AT,
    url,
    scores: { performance: 92, accessibility: 95, 'best-practices': 96, seo: 90 },
    metrics: { 'first-contentful-paint': 800, 'largest-contentful-paint': 1200, 'total-blocking-time': 20, 'cumulative-layout-shift': 0.01, 'speed-index': 1000 },
    axe: [],
    screenshot: 'artifacts/r/lighthouse/a.jpg',
    ...over,
  };
}

describe('GB/T 37668 mapping', () => {
  it('maps axe WCAG tags to success criteria and levels', () => {
    expect(scFromTag('wcag1410')).toBe('1.4.10');
    expect(scFromTag('wcag2aa')).toBeUndefined();
    expect(mapAxeRule(['cat.text-alternatives', 'wcag2a', 'wcag111'])).toMatchObject({ level: 1, wcagLevel: 'A', criteria: ['1.1.1'], principles: ['可感知'] });
    expect(mapAxeRule(['wcag2aa', 'wcag143'])).toMatchObject({ level: 2, criteria: ['1.4.3'] });
    expect(mapAxeRule(['wcag21aa', 'wcag1410']).level).toBeUndefined();
    expect(mapAxeRule(['wcag21aa', 'wcag1410']).outside).toEqual(['1.4.10']);
    expect(mapAxeRule(['best-practice']).level).toBeUndefined();
  });
});

describe('quality.lighthouse (S-08)', () => {
  it('passes fast pages and warns per page over the 3 s target or under a score floor', () => {
    const fs = runCheck(byId('quality.lighthouse'), ctx({ lighthouse: [lh(`${H}/`), lh(`${H}/xwdt/`, { metrics: { 'largest-contentful-paint': 5200 }, scores: { performance: 35, accessibility: 90, 'best-practices': 90, seo: 90 } })] }));
    const s = summary(fs);
    expect(s.status).toBe('warn');
    expect(s.measure).toBe(1);
    const d = fs.find((f) => f.key === `quality.lighthouse|${H}/xwdt/`)!;
    expect(d.message.en).toContain('5.2 s');
    expect(d.message.en).toContain('performance 35 < 50');
    expect(fs.find((f) => f.key === `quality.lighthouse|${H}/`)).toBeUndefined();
  });

  it('honours the load target option', () => {
    const fs = runCheck(byId('quality.lighthouse'), ctx({ lighthouse: [lh(`${H}/`, { metrics: { 'largest-contentful-paint': 4000 } })] }), { loadTargetMs: 5000 });
    expect(summary(fs).status).toBe('pass');
  });

  it('cannot assess when every run failed', () => {
    const fs = runCheck(byId('quality.lighthouse'), ctx({ lighthouse: [lh(`${H}/`, { scores: {}, metrics: {}, failure: { class: 'timeout', message: 'NO_FCP' } })] }));
    expect(summary(fs).status).toBe('cannot_assess');
  });
});

describe('quality.accessibility (A-01)', () => {
  const axe = [
    { id: 'image-alt', impact: 'critical', tags: ['wcag2a', 'wcag111'], nodes: 3, help: 'Images must have alternate text', samples: ['img.banner'] },
    { id: 'color-contrast', impact: 'serious', tags: ['wcag2aa', 'wcag143'], nodes: 12, help: 'Elements must meet minimum color contrast ratio thresholds', samples: ['p.date'] },
    { id: 'target-size', impact: 'serious', tags: ['wcag22aa', 'wcag258'], nodes: 2, help: 'Touch targets must be large enough', samples: ['a.x'] },
    { id: 'region', impact: 'moderate', tags: ['cat.keyboard', 'best-practice'], nodes: 1, help: 'All page content should be contained by landmarks', samples: ['div'] },
  ];
  it('fails rules within the target level, warns the rest, and counts per GB/T level', () => {
    const fs = runCheck(byId('quality.accessibility'), ctx({ lighthouse: [lh(`${H}/`, { axe }), lh(`${H}/a.html`, { axe: [axe[0]] })] }));
    const s = summary(fs);
    expect(s.status).toBe('fail');
    expect(s.measure).toBe(2);
    expect(s.requiresReview).toBe(true);
    expect(fs.find((f) => f.key === 'quality.accessibility|image-alt')).toMatchObject({ status: 'fail' });
    expect(fs.find((f) => f.key === 'quality.accessibility|image-alt')!.evidence[0].data).toMatchObject({ gbtLevel: 1, nodes: 6 });
    expect(fs.find((f) => f.key === 'quality.accessibility|target-size')!.status).toBe('warn');
    expect(fs.find((f) => f.key === 'quality.accessibility|region')!.status).toBe('warn');
    const lvl1 = runCheck(byId('quality.accessibility'), ctx({ lighthouse: [lh(`${H}/`, { axe })] }), { targetLevel: 1 });
    expect(summary(lvl1).measure).toBe(1);
  });

  it('passes (for review) when axe found nothing', () => {
    const s = summary(runCheck(byId('quality.accessibility'), ctx({ lighthouse: [lh(`${H}/`)] })));
    expect(s.status).toBe('pass');
    expect(s.requiresReview).toBe(true);
  });
});

describe('quality.elderly-entry (A-02)', () => {
  it('passes with a 关怀版 link or a toolbar script, fails without, warns when the entry is broken', () => {
    const withLink = ctx({ pages: [page(`${H}/`, { depth: 0, links: [link(`${H}/zt/ghb/`, '关怀版')] })] });
    expect(summary(runCheck(byId('quality.elderly-entry'), withLink)).status).toBe('pass');
    const withScript = ctx({ pages: [page(`${H}/`, { depth: 0, scriptSrcs: ['https://www.fuzhou.gov.cn/wza/aria.js?appid=123'] })] });
    expect(summary(runCheck(byId('quality.elderly-entry'), withScript)).status).toBe('pass');
    const none = ctx({ pages: [page(`${H}/`, { depth: 0, links: [link(`${H}/xwdt/`, '新闻动态')] })] });
    expect(summary(runCheck(byId('quality.elderly-entry'), none)).status).toBe('fail');
    const broken = ctx({
      pages: [page(`${H}/`, { depth: 0, links: [link(`${H}/wza/`, '无障碍浏览')] }), page(`${H}/wza/`, { status: 404, failure: { class: 'http_4xx', message: '404' } })],
    });
    expect(summary(runCheck(byId('quality.elderly-entry'), broken)).status).toBe('warn');
    const loader = { kind: 'resource' as const, at: AT, url: `${H}/`, role: 'home_scripts' as const, status: 200, body: "var s=document.createElement('script');s.src='https://www.fuzhou.gov.cn/wza/aria.js?appid=9';document.body.appendChild(s);" };
    expect(summary(runCheck(byId('quality.elderly-entry'), { ...none, resources: [loader] })).status).toBe('pass');
  });
});
