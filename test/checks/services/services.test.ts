/**
 * Services checks (V-06a/b/c) over fixture HTML run through the crawler's real extractor,
 * with link-check observations for attachments and online systems.
 */
import { describe, expect, it } from 'vitest';
import { entryCheck } from '../../../checks/services/entry.ts';
import { guideElementsCheck } from '../../../checks/services/guide-elements.ts';
import { attachmentsAndSystemsCheck } from '../../../checks/services/attachments-and-systems.ts';
import { checks } from '../../../checks/services/index.ts';
import { elementsOnPage } from '../../../checks/services/common.ts';
import { buildContext, layout, run } from '../disclosure/fixture.ts';
import { GUIDE_ROWS, list, portal, serviceGuide } from '../disclosure/portal.ts';

const OK_LINKS = { '/bsfw/files/zjdsqb.doc': { status: 200 }, 'https://zwfw.fujian.gov.cn/apply?id=1': { status: 200 } };

function guidesPortal(guides: Array<{ name: string; rows: Array<[string, string]>; extra?: string; raw?: string }>) {
  const pages = portal();
  pages['/bsfw/index.html'] = layout('办事服务_闽侯县人民政府', `<div class="bsfw"><h3>办事指南</h3>${list(guides.map((g, i) => [g.name, `/bsfw/bszn/g${i}.html`]))}</div>`);
  for (const k of ['/bsfw/bszn/zjdsp.html', '/bsfw/bszn/sydj.html', '/bsfw/bszn/cjrz.html']) delete pages[k];
  guides.forEach((g, i) => (pages[`/bsfw/bszn/g${i}.html`] = g.raw ?? serviceGuide(g.name, g.rows, g.extra)));
  return pages;
}
const without = (...labels: string[]) => GUIDE_ROWS.filter(([k]) => !labels.includes(k));

describe('services.entry (V-06a)', () => {
  it('passes with a 办事服务 column and evidence of the link', () => {
    const r = run(entryCheck, { pages: portal() });
    expect(r.summary).toMatchObject({ status: 'pass', severity: 'veto' });
    expect(r.summary.evidence[0]).toMatchObject({ linkText: '办事服务', page: 'https://www.minhou.gov.cn/' });
    expect(r.summary.evidence[0].url).toMatch(/^https:\/\/www\.minhou\.gov\.cn\/bsfw\//);
  });

  it('accepts a link to the provincial 政务服务网 alone', () => {
    const pages = portal();
    pages['/'] = `<html><head><title>闽侯县人民政府</title></head><body><div class="nav"><a href="/zfxxgk/index.html">政府信息公开</a><a href="https://zwfw.fujian.gov.cn/county/minhou">闽侯县网上办事</a></div></body></html>`;
    const r = run(entryCheck, { pages });
    expect(r.summary.status).toBe('pass');
    expect(r.summary.evidence[0]).toMatchObject({ url: 'https://zwfw.fujian.gov.cn/county/minhou', data: { platform: true } });
  });

  it('knows provincial platforms whose host only contains zwfw (浙江 www.zjzwfw.gov.cn)', () => {
    const pages = portal();
    pages['/'] = `<html><head><title>闽侯县人民政府</title></head><body><a href="https://www.zjzwfw.gov.cn/zjservice/front/index/page.do?webId=1">浙里办</a></body></html>`;
    expect(run(entryCheck, { pages }).summary.evidence[0].data).toMatchObject({ platform: true });
  });

  it('accepts local entry names and platform hosts given as options (闽政通)', () => {
    const pages = portal();
    pages['/'] = `<html><head><title>闽侯县人民政府</title></head><body><a href="https://mztapp.fujian.gov.cn/">闽政通</a></body></html>`;
    expect(run(entryCheck, { pages }).summary.status).toBe('fail');
    expect(run(entryCheck, { pages }, { extraEntryTexts: ['闽政通'] }).summary.status).toBe('pass');
    expect(run(entryCheck, { pages }, { extraPlatformHosts: ['mztapp.fujian'] }).summary.evidence[0].data).toMatchObject({ platform: true });
  });

  it('fails (veto) when the home page offers no services at all', () => {
    const pages = portal();
    // 便民服务 alone (weather, bus lines) is not an online-services entry.
    pages['/'] = `<html><head><title>闽侯县人民政府</title></head><body><a href="/xwzx/">新闻中心</a><a href="/tqyb/">便民服务</a></body></html>`;
    const r = run(entryCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'fail', measure: 1, severity: 'veto' });
    // A services link only on a second-level page still counts, flagged for review.
    pages['/'] = `<html><head><title>闽侯县人民政府</title></head><body><a href="/zfxxgk/index.html">政府信息公开</a></body></html>`;
    expect(run(entryCheck, { pages }).summary).toMatchObject({ status: 'pass', requiresReview: true });
  });

  it('is not applicable to a department that offers no services, for all three checks', () => {
    const pages = portal();
    for (const c of checks) {
      const r = run(c, { site: { name: '闽侯县发展和改革局', level: '部门', kind: '部门网站', offersServices: false }, pages, links: OK_LINKS });
      expect(r.summary.status, c.id).toBe('not_applicable');
      expect(r.defects).toHaveLength(0);
    }
  });

  it('cannot assess when the home page was not fetched', () => {
    const pages = portal();
    pages['/'] = { status: 403, failure: { class: 'blocked', message: 'WAF challenge' } };
    expect(run(entryCheck, { pages }).summary.status).toBe('cannot_assess');
  });
});

describe('services.guide-elements (V-06b)', () => {
  it('reads labels from tables, 【】 headings and 「：」 text, but not from prose', () => {
    const ctx = buildContext({
      pages: {
        '/': layout('闽侯县人民政府', '<a href="/g.html">办事指南</a>'),
        '/g.html': layout('某事项办事指南', '<p>【事项名称】某事项</p><p>设定依据：《某条例》</p><p>一、申请条件 符合条件的申请人</p><p>办理材料 ：身份证</p><p>本事项办理时间较长，请耐心等待。</p>'),
      },
    });
    const found = elementsOnPage(ctx.pages.find((p) => p.url.endsWith('/g.html'))!);
    expect([...found].sort()).toEqual(['basis', 'conditions', 'materials', 'name']);
  });

  it('reports a guide missing 设定依据 and 办理材料 (below the veto threshold: warn)', () => {
    const pages = guidesPortal([
      { name: '农村村民宅基地审批', rows: GUIDE_ROWS },
      { name: '生育登记服务', rows: without('设定依据', '办理材料') },
    ]);
    const r = run(guideElementsCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'warn', measure: 1 });
    expect(r.defects).toHaveLength(1);
    expect(r.defects[0]).toMatchObject({ status: 'warn', key: 'services.guide-elements|https://www.minhou.gov.cn/bsfw/bszn/g1.html', measure: 2 });
    expect(r.defects[0].evidence[0].data?.missing).toEqual(['basis', 'materials']);
    expect(r.defects[0].evidence[0]).toMatchObject({ linkText: '生育登记服务', page: 'https://www.minhou.gov.cn/bsfw/index.html' });
  });

  it('vetoes when five guides each miss five or more elements (❓ thresholds are options)', () => {
    const poor = without('设定依据', '申请条件', '办理材料', '收费标准', '办理流程');
    const guides = ['一', '二', '三', '四', '五'].map((n) => ({ name: `事项${n}`, rows: poor }));
    const pages = guidesPortal([...guides, { name: '完整事项', rows: GUIDE_ROWS }]);
    const r = run(guideElementsCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'fail', measure: 5, severity: 'veto' });
    expect(r.defects.every((d) => d.status === 'fail')).toBe(true);
    expect(r.summary.evidence[0].data).toMatchObject({ guides: 6, severe: 5 });
    expect(run(guideElementsCheck, { pages }, { minGuides: 6 }).summary.status).toBe('warn');
    // Checking only the four confirmed elements: each guide misses three, not a veto.
    expect(run(guideElementsCheck, { pages }, { elements: ['name', 'basis', 'conditions', 'materials'] }).summary).toMatchObject({ status: 'warn', measure: 5 });
  });

  it('reads labels with a short qualifier in front (「提交材料目录：」) and in longer table cells', () => {
    const ctx = buildContext({
      pages: {
        '/': layout('闽侯县人民政府', '<a href="/g.html">办事指南</a>'),
        '/g.html': layout('某事项办事指南', '<table><tr><td>行政许可事项名称</td><td>某事项</td></tr></table><p>提交材料目录：身份证</p><p>法定依据：《某条例》</p><p>（一）申请条件</p><p>年满18周岁</p>'),
      },
    });
    const found = elementsOnPage(ctx.pages.find((p) => p.url.endsWith('/g.html'))!);
    expect([...found].sort()).toEqual(['basis', 'conditions', 'materials', 'name']);
  });

  it('never counts a label-less page taken for a guide by its title towards the veto (news about a 服务指南)', () => {
    const news = (n: string) => ({ name: n, rows: [] as Array<[string, string]>, raw: layout(`我县发布${n}服务指南_闽侯县人民政府`, `<h1>我县发布${n}服务指南</h1><p>近日，县人社局发布${n}服务指南，方便群众办事。</p>`) });
    const pages = guidesPortal(['就业', '社保', '医保', '养老', '助残'].map(news));
    const r = run(guideElementsCheck, { pages });
    expect(r.summary.status).not.toBe('fail');
    expect(r.summary.evidence[0].data).toMatchObject({ severe: 0 });
    expect(r.defects.every((d) => d.requiresReview === true)).toBe(true);
  });

  it('does not take a 行政许可 result table for a guide', () => {
    const pages = portal();
    pages['/bsfw/index.html'] = (pages['/bsfw/index.html'] as string).replace('</div>', '<a href="/zfxxgk/xzxk/jg.html">许可结果公示</a></div>');
    pages['/zfxxgk/xzxk/jg.html'] = layout('行政许可结果公示_闽侯县人民政府', '<table><tr><th>事项名称</th><th>办理机构</th><th>办理时间</th></tr><tr><td>宅基地审批</td><td>县自然资源局</td><td>2026-10-09</td></tr></table>');
    const r = run(guideElementsCheck, { pages });
    expect(r.summary.evidence[0].data?.guides).toBe(3);
  });

  it('does not take the guide list page or the 政府信息公开指南 for a service guide', () => {
    const r = run(guideElementsCheck, { pages: portal() });
    const urls = (r.summary.evidence.slice(1) as Array<{ url?: string }>).map((e) => e.url);
    expect(urls).not.toContain('https://www.minhou.gov.cn/bsfw/index.html');
    expect(urls).not.toContain('https://www.minhou.gov.cn/zfxxgk/gkzn/index.html');
    expect(r.summary.evidence[0].data?.guides).toBe(3);
  });

  it('cannot assess (for review) when services live only on the 政务服务网', () => {
    const pages = portal();
    pages['/'] = `<html><head><title>闽侯县人民政府</title></head><body><a href="https://zwfw.fujian.gov.cn/county/minhou">政务服务网</a></body></html>`;
    const r = run(guideElementsCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'cannot_assess', requiresReview: true });
  });
});

describe('services.attachments-and-systems (V-06c)', () => {
  it('passes when attachments and systems answer', () => {
    const r = run(attachmentsAndSystemsCheck, { pages: portal(), links: OK_LINKS });
    expect(r.summary).toMatchObject({ status: 'pass', measure: 0 });
  });

  it('fails a confirmed broken attachment with page, link text and status as evidence', () => {
    const r = run(attachmentsAndSystemsCheck, { pages: portal(), links: { ...OK_LINKS, '/bsfw/files/zjdsqb.doc': { status: 404, failure: { class: 'http_4xx', message: 'HTTP 404' } } } });
    expect(r.summary).toMatchObject({ status: 'fail', measure: 1 });
    expect(r.defects).toHaveLength(1);
    expect(r.defects[0]).toMatchObject({ status: 'fail', key: 'services.attachments-and-systems|https://www.minhou.gov.cn/bsfw/files/zjdsqb.doc' });
    expect(r.defects[0].evidence[0]).toMatchObject({ status: 404, failureClass: 'http_4xx', data: { kind: 'attachment', state: 'confirmed' } });
    expect(r.defects[0].evidence[0].page).toMatch(/\/bsfw\//);
  });

  it('warns on a system that timed out once, fails it when the re-check failed too', () => {
    const timeout = { status: 0, failure: { class: 'timeout' as const, message: 'no response in 15 s' } };
    const once = run(attachmentsAndSystemsCheck, { pages: portal(), links: { ...OK_LINKS, 'https://zwfw.fujian.gov.cn/apply?id=1': timeout } });
    expect(once.summary).toMatchObject({ status: 'warn', measure: 0 });
    expect(once.defects[0]).toMatchObject({ status: 'warn' });
    expect(once.defects[0].evidence[0].data).toMatchObject({ kind: 'system', state: 'suspected' });
    const twice = run(attachmentsAndSystemsCheck, { pages: portal(), links: { ...OK_LINKS, 'https://zwfw.fujian.gov.cn/apply?id=1': { ...timeout, attempt: 2 } } });
    expect(twice.summary).toMatchObject({ status: 'fail', measure: 1 });
  });

  it('does not take 「APP下载」 for a 办事 attachment', () => {
    const pages = portal();
    pages['/bsfw/index.html'] = (pages['/bsfw/index.html'] as string).replace('</div>', '<a href="https://app.example.com/minhou">闽侯APP下载</a></div>');
    const r = run(attachmentsAndSystemsCheck, { pages, links: { ...OK_LINKS, 'https://app.example.com/minhou': { status: 404, failure: { class: 'http_4xx', message: 'HTTP 404' } } } });
    expect(r.summary.status).toBe('pass');
  });

  it('does not count targets that blocked us, and cannot assess when nothing could be checked', () => {
    const blocked = { status: 403, failure: { class: 'blocked' as const, message: 'WAF challenge' } };
    const r = run(attachmentsAndSystemsCheck, { pages: portal(), links: { '/bsfw/files/zjdsqb.doc': blocked, 'https://zwfw.fujian.gov.cn/apply?id=1': blocked } });
    expect(r.summary.status).toBe('cannot_assess');
    expect(r.defects).toHaveLength(0);
  });
});
