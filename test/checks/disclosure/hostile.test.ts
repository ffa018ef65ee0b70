/**
 * Hostile and broken input never makes a disclosure or services check throw: odd URLs, missing
 * fields, empty pages, huge texts and failures of every class give a judgement or cannot_assess
 * with a reason, never the runner's "the check failed on this data".
 */
import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../../../model/finding.ts';
import type { PageObservation } from '../../../model/observation.ts';
import { FAILURE_CLASSES } from '../../../model/observation.ts';
import { runCheck } from '../../../checks/run.ts';
import { checks as disclosure } from '../../../checks/disclosure/index.ts';
import { checks as services } from '../../../checks/services/index.ts';
import { NOW, site } from './fixture.ts';

const AT = '2026-11-20T03:00:00Z';

function page(url: string, over: Partial<PageObservation> = {}): PageObservation {
  return { kind: 'page', at: AT, url, finalUrl: url, redirects: [], status: 200, timings: { startedAt: AT, totalMs: 1 }, headers: {}, setCookies: [], bytes: 0, depth: 1, ...over };
}

describe('hostile input', () => {
  it('never throws', () => {
    const long = '政府信息公开'.repeat(6000) + '成文日期：2026-13-45 发布日期：0000-00-00';
    const pages: PageObservation[] = [
      page('https://www.minhou.gov.cn/', {
        depth: 0,
        links: [
          { url: 'javascript:void(0)', raw: 'javascript:void(0)', tag: 'a', text: '政府信息公开', internal: false },
          { url: 'not a url', raw: 'x', tag: 'a', text: '办事服务', internal: true },
          { url: 'https://www.minhou.gov.cn/zfxxgk/', raw: '/zfxxgk/', tag: 'a', text: '', internal: true },
          { url: 'https://www.minhou.gov.cn/zfxxgk/index.html', raw: '/zfxxgk/', tag: 'a', text: '政府信息公开', internal: true },
        ],
        title: undefined,
      }),
      page('https://www.minhou.gov.cn/zfxxgk/index.html', {
        text: long,
        title: '政府信息公开指南2025年政府信息公开工作年度报告',
        tables: [{ headers: [], rows: [{ cells: [] }, { cells: ['成文日期', ''] }, { cells: ['发布日期：', '二〇二五年十三月'] }] }],
        dates: [{ date: 'garbage', source: 'label', label: '发布日期', raw: '?' }],
        items: [{ title: '', url: '' }, { title: '2025年政府信息公开工作年度报告', url: '::' }],
        forms: [{ action: '', method: 'post', fields: [] }],
        links: [{ url: 'https://www.minhou.gov.cn/a.pdf?x=<script>', raw: '', tag: 'a', text: '申请表', internal: true }],
        meta: { PubDate: 'yesterday' },
      }),
      ...FAILURE_CLASSES.map((c, k) => page(`https://www.minhou.gov.cn/f${k}.html`, { status: c === 'http_4xx' ? 404 : 0, failure: { class: c, message: c } })),
    ];
    const ctx: Omit<CheckContext, 'options'> = {
      site: site({ entries: { disclosure: 'https://www.minhou.gov.cn/zfxxgk/index.html', services: 'https://www.minhou.gov.cn/f3.html' } }),
      now: NOW,
      pages,
      links: [{ kind: 'link', at: AT, url: 'https://www.minhou.gov.cn/a.pdf?x=<script>', finalUrl: '', redirects: [], status: 0, method: 'HEAD', external: false, elapsedMs: 0 }],
      probes: [],
      tls: [],
      httpRedirects: [],
      resources: [],
      lighthouse: [],
      events: [],
    };
    for (const c of [...disclosure, ...services]) {
      const fs = runCheck(c, ctx);
      expect(fs.length, c.id).toBeGreaterThan(0);
      for (const f of fs) {
        expect(f.message.en, c.id).not.toMatch(/The check failed on this data/);
        expect(['pass', 'fail', 'warn', 'not_applicable', 'cannot_assess']).toContain(f.status);
      }
    }
  });

  it('reports cannot_assess when the site blocked us, for every check that has something to judge', () => {
    const home = page('https://www.minhou.gov.cn/', { depth: 0, status: 403, failure: { class: 'blocked', message: 'WAF challenge' } });
    const ctx: Omit<CheckContext, 'options'> = { site: site(), now: NOW, pages: [home], links: [], probes: [], tls: [], httpRedirects: [], resources: [], lighthouse: [], events: [] };
    for (const c of [...disclosure, ...services]) {
      const [f] = runCheck(c, ctx);
      expect(f.status, `${c.id}: ${f.message.en}`).toBe('cannot_assess');
    }
  });

  it('reports cannot_assess, not fail, when nothing was fetched at all', () => {
    const ctx: Omit<CheckContext, 'options'> = { site: site(), now: NOW, pages: [], links: [], probes: [], tls: [], httpRedirects: [], resources: [], lighthouse: [], events: [] };
    for (const c of [...disclosure, ...services]) {
      const [f] = runCheck(c, ctx);
      expect(f.status, c.id).toBe('cannot_assess');
    }
  });
});
