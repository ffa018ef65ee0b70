/**
 * Disclosure checks (G-01…G-09) over fixture HTML run through the crawler's real extractor.
 * Each case plants one problem (or one non-problem that a naive check would flag) in an
 * otherwise complete county portal.
 */
import { describe, expect, it } from 'vitest';
import { sectionCheck } from '../../../checks/disclosure/section.ts';
import { standardPartsCheck } from '../../../checks/disclosure/standard-parts.ts';
import { guideContentsCheck } from '../../../checks/disclosure/guide-contents.ts';
import { statutoryCategoriesCheck } from '../../../checks/disclosure/statutory-categories.ts';
import { publishTimelinessCheck } from '../../../checks/disclosure/publish-timeliness.ts';
import { requestChannelCheck } from '../../../checks/disclosure/request-channel.ts';
import { annualReportCheck } from '../../../checks/disclosure/annual-report.ts';
import { annualReportContentsCheck } from '../../../checks/disclosure/annual-report-contents.ts';
import { checks } from '../../../checks/disclosure/index.ts';
import { isOwnReport, parseReportTitle } from '../../../checks/disclosure/annual-report-common.ts';
import { buildContext, layout, NOW, run, site } from './fixture.ts';
import { article, GUIDE_FULL, list, portal, REPORT_BODY, reportsPage } from './portal.ts';

const side = (links: Array<[string, string]>) => `<div class="xxgk-side"><ul>${links.map(([t, h]) => `<li><a href="${h}">${t}</a></li>`).join('')}</ul></div>`;

describe('the complete portal', () => {
  it('passes every disclosure check, with one summary keyed by check id each', () => {
    const ctx = buildContext({ pages: portal() });
    for (const c of checks) {
      const r = run(c, ctx);
      expect(r.summary.key, c.id).toBe(c.id);
      expect(r.summary.status, `${c.id}: ${r.summary.message.zh}`).toBe('pass');
      expect(r.defects, c.id).toHaveLength(0);
    }
  });
});

describe('disclosure.section (G-01)', () => {
  it('finds the section link on the home page, with its anchor text and page as evidence', () => {
    const r = run(sectionCheck, { pages: portal() });
    expect(r.summary.evidence[0]).toMatchObject({ url: 'https://www.minhou.gov.cn/zfxxgk/index.html', linkText: '政府信息公开', page: 'https://www.minhou.gov.cn/' });
  });

  it('follows 政务公开 → 政府信息公开 when the statutory section is one level down', () => {
    const pages = portal();
    pages['/'] = layout('闽侯县人民政府', '<p>欢迎访问</p>'); // only the nav's 政务公开 (/zwgk/)
    pages['/zwgk/'] = layout('政务公开_闽侯县人民政府', `<div>${list([['政府信息公开', '/zfxxgk/index.html'], ['政策解读', '/zwgk/zcjd/index.html']])}</div>`);
    const r = run(sectionCheck, { pages });
    expect(r.summary.status).toBe('pass');
    expect(r.summary.evidence[0]).toMatchObject({ url: 'https://www.minhou.gov.cn/zfxxgk/index.html', data: { via: 'nested' } });
    expect(run(standardPartsCheck, { pages }).summary.status).toBe('pass');
  });

  it('fails when nothing on the home page leads to a disclosure section', () => {
    const pages = portal();
    pages['/'] = `<html><head><title>闽侯县人民政府</title></head><body><a href="/xwzx/">新闻中心</a><a href="/lxwm/">联系我们</a></body></html>`;
    const r = run(sectionCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'fail', measure: 1 });
    expect(r.summary.evidence[0].url).toBe('https://www.minhou.gov.cn/');
    // Reachable only from a second-level page: found, but flagged for review.
    const deeper = { ...pages, '/': `<html><head><title>闽侯县人民政府</title></head><body><a href="/bsfw/index.html">办事服务</a></body></html>` };
    expect(run(sectionCheck, { pages: deeper }).summary).toMatchObject({ status: 'warn', requiresReview: true });
    // Sub-column checks do not pile more defects on the same missing section.
    expect(run(standardPartsCheck, { pages }).summary.status).toBe('not_applicable');
    expect(run(statutoryCategoriesCheck, { pages }).summary.status).toBe('not_applicable');
  });

  it('fails when the entry is broken, and cannot assess when the section blocked us', () => {
    const broken = portal();
    broken['/zfxxgk/index.html'] = { status: 404, failure: { class: 'http_4xx', message: 'HTTP 404' } };
    const b = run(sectionCheck, { pages: broken });
    expect(b.summary).toMatchObject({ status: 'fail' });
    expect(b.summary.evidence[0]).toMatchObject({ status: 404, failureClass: 'http_4xx', linkText: '政府信息公开' });

    const blocked = portal();
    blocked['/zfxxgk/index.html'] = { status: 403, failure: { class: 'blocked', message: 'anti-bot challenge' } };
    expect(run(sectionCheck, { pages: blocked }).summary.status).toBe('cannot_assess');
    // Nothing below a blocked section was reached: the annual report cannot be called missing.
    expect(run(annualReportCheck, { pages: blocked }).summary.status).toBe('cannot_assess');
  });

  it('uses the registry entry, but warns when the home page does not link to it', () => {
    const pages = portal();
    const entries = { disclosure: 'https://www.minhou.gov.cn/zfxxgk/index.html' };
    expect(run(sectionCheck, { pages, site: { entries } }).summary.status).toBe('pass');
    pages['/'] = layout('闽侯县人民政府', '<p>欢迎</p>').replace('<li><a href="/zwgk/">政务公开</a></li>', '');
    expect(run(sectionCheck, { pages, site: { entries } }).summary).toMatchObject({ status: 'warn', requiresReview: true });
    // The sub-column checks still work from the registered section.
    expect(run(standardPartsCheck, { pages, site: { entries } }).summary.status).toBe('pass');
  });

  it('cannot assess when the home page itself failed', () => {
    const pages = portal();
    pages['/'] = { status: 0, failure: { class: 'timeout', message: 'no response in 15 s' } };
    expect(run(sectionCheck, { pages }).summary.status).toBe('cannot_assess');
  });
});

describe('disclosure.standard-parts (G-02)', () => {
  it('reports one defect per missing sub-column (a department without 指南 and 制度)', () => {
    const pages = portal();
    delete pages['/zfxxgk/gkzn/index.html'];
    delete pages['/zfxxgk/gkzd/index.html'];
    for (const k of Object.keys(pages)) {
      if (typeof pages[k] !== 'string') continue;
      pages[k] = (pages[k] as string).replace('<li><a href="/zfxxgk/gkzn/index.html">政府信息公开指南</a></li>', '').replace('<li><a href="/zfxxgk/gkzd/index.html">政府信息公开制度</a></li>', '');
    }
    const r = run(standardPartsCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'fail', measure: 2 });
    expect(r.defects.map((d) => d.key).sort()).toEqual(['disclosure.standard-parts|guide', 'disclosure.standard-parts|rules']);
    expect(r.defects[0].evidence[0].url).toBe('https://www.minhou.gov.cn/zfxxgk/index.html');
  });

  it('accepts the pre-2019 name 信息公开目录 and 公开年报 variants', () => {
    const pages = portal();
    const sub = side([['公开指南', '/zfxxgk/gkzn/index.html'], ['公开制度', '/zfxxgk/gkzd/index.html'], ['政府信息公开目录', '/zfxxgk/fdzdgknr/index.html'], ['信息公开年度报告', '/zfxxgk/gknb/index.html']]);
    pages['/zfxxgk/index.html'] = layout('政府信息公开_闽侯县人民政府', sub);
    const r = run(standardPartsCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'pass', measure: 0 });
  });

  it('does not take the 政府网站工作年度报表 (S-10) for the 年报 sub-column', () => {
    const pages = portal();
    const sub = side([['政府信息公开指南', '/zfxxgk/gkzn/index.html'], ['政府信息公开制度', '/zfxxgk/gkzd/index.html'], ['法定主动公开内容', '/zfxxgk/fdzdgknr/index.html'], ['政府网站年度报表', '/zfxxgk/ndbb/index.html']]);
    pages['/zfxxgk/index.html'] = layout('政府信息公开_闽侯县人民政府', sub);
    pages['/zfxxgk/gknb/index.html'] = layout('栏目_闽侯县人民政府', '<p>-</p>');
    pages['/zfxxgk/ndbb/index.html'] = layout('政府网站年度报表_闽侯县人民政府', list([['2025年度闽侯县政府网站工作年度报表', '/zfxxgk/ndbb/t1.html', '2026-01-15']]));
    for (const k of Object.keys(pages)) if (k.startsWith('/zfxxgk/') && typeof pages[k] === 'string') pages[k] = (pages[k] as string).replaceAll('政府信息公开年报', '栏目');
    const r = run(standardPartsCheck, { pages });
    expect(r.defects.map((d) => d.key)).toEqual(['disclosure.standard-parts|annual']);
  });
});

describe('sections built by JavaScript or named by URL only', () => {
  it('cannot assess the sub-columns of a JavaScript shell section (广东 gkmlpt style), instead of calling them missing', () => {
    const pages = portal();
    pages['/zfxxgk/index.html'] = '<html><head><title>政府信息公开</title><script src="/gkmlpt/app.js"></script></head><body><div id="app"></div></body></html>';
    expect(run(standardPartsCheck, { pages }).summary).toMatchObject({ status: 'cannot_assess', requiresReview: true });
    expect(run(statutoryCategoriesCheck, { pages }).summary.status).toBe('cannot_assess');
  });

  it('recognises a 公开 link whose URL is a known section path (福州 /zfxxgkzl/)', () => {
    const pages = portal();
    pages['/'] = layout('闽侯县人民政府', '<a href="/zfxxgkzl/">公开</a>').replace('<li><a href="/zwgk/">政务公开</a></li>', '');
    pages['/zfxxgkzl/'] = pages['/zfxxgk/index.html'];
    const r = run(sectionCheck, { pages });
    expect(r.summary.evidence[0]).toMatchObject({ url: 'https://www.minhou.gov.cn/zfxxgkzl/', linkText: '公开' });
    // The link says only 公开, but the section page itself is titled 政府信息公开.
    expect(r.summary.status).toBe('pass');
    pages['/zfxxgkzl/'] = layout('公开专栏', '<p>-</p>');
    expect(run(sectionCheck, { pages }).summary).toMatchObject({ status: 'warn', requiresReview: true });
  });
});

describe('disclosure.guide-contents (G-03)', () => {
  it('finds a guide missing 传真 and 办公地址, though the site footer prints an address', () => {
    const pages = portal();
    const guide = GUIDE_FULL.replace(/<p>办公地址：[^<]*<\/p>/, '').replace(/<p>传真号码：[^<]*<\/p>/, '');
    pages['/zfxxgk/gkzn/index.html'] = layout('政府信息公开指南_闽侯县人民政府', guide);
    const r = run(guideContentsCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'fail', measure: 2 });
    expect(r.defects.map((d) => d.evidence[0].data?.element).sort()).toEqual(['address', 'fax']);
    expect(r.defects[0].key).toMatch(/^disclosure\.guide-contents\|https:\/\/www\.minhou\.gov\.cn\/zfxxgk\/gkzn\/index\.html\|/);
    expect(r.defects[0].evidence[0]).toMatchObject({ url: 'https://www.minhou.gov.cn/zfxxgk/gkzn/index.html', linkText: '政府信息公开指南' });
  });

  it('warns about a guide not updated for more than two years (❓ option), and not when disabled', () => {
    const pages = portal();
    pages['/zfxxgk/gkzn/index.html'] = layout('政府信息公开指南_闽侯县人民政府', GUIDE_FULL.replace('（2025年6月10日更新）', '（2023年6月10日更新）'));
    const r = run(guideContentsCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'warn', measure: 0 });
    expect(r.defects).toHaveLength(1);
    expect(r.defects[0]).toMatchObject({ status: 'warn', key: 'disclosure.guide-contents|https://www.minhou.gov.cn/zfxxgk/gkzn/index.html|outdated' });
    expect(r.defects[0].evidence[0].date).toBe('2023-06-10');
    expect(run(guideContentsCheck, { pages }, { maxAgeYears: null }).summary.status).toBe('pass');
  });

  it('follows a 指南 column listing guide versions to the guide itself', () => {
    const pages = portal();
    pages['/zfxxgk/gkzn/index.html'] = layout('政府信息公开指南_闽侯县人民政府', list([['闽侯县人民政府信息公开指南（2025年版）', '/zfxxgk/gkzn/202506/t20250610_1.html', '2025-06-10'], ['闽侯县人民政府信息公开指南（2019年版）', '/zfxxgk/gkzn/201912/t1.html', '2019-12-01']]));
    pages['/zfxxgk/gkzn/202506/t20250610_1.html'] = layout('闽侯县人民政府信息公开指南（2025年版）', GUIDE_FULL.replace(/<p>电子邮箱：[^<]*<\/p>/, ''));
    const r = run(guideContentsCheck, { pages });
    expect(r.summary.evidence[0].url).toBe('https://www.minhou.gov.cn/zfxxgk/gkzn/202506/t20250610_1.html');
    expect(r.defects.map((d) => d.evidence[0].data?.element)).toEqual(['internet']);
  });

  it('cannot assess a guide published only as a Word file', () => {
    const pages = portal();
    pages['/zfxxgk/gkzn/index.html'] = layout('政府信息公开指南_闽侯县人民政府', '<h2>政府信息公开指南</h2><p><a href="/zfxxgk/gkzn/P0201.docx">闽侯县人民政府信息公开指南.docx</a></p>');
    expect(run(guideContentsCheck, { pages }).summary).toMatchObject({ status: 'cannot_assess', requiresReview: true });
  });

  it('rejects a wrong option with a message naming the check and field', () => {
    const r = run(guideContentsCheck, { pages: portal() }, { maxAgeYears: 'two' });
    expect(r.summary.status).toBe('cannot_assess');
    expect(r.summary.message.en).toContain('disclosure.guide-contents');
    expect(r.summary.message.en).toContain('maxAgeYears');
  });
});

describe('disclosure.statutory-categories (G-04)', () => {
  it('reports each Art. 20/21 category a county government does not show', () => {
    const pages = portal();
    const html = pages['/zfxxgk/fdzdgknr/index.html'] as string;
    pages['/zfxxgk/fdzdgknr/index.html'] = html.replace(/<li><a href="[^"]*">(?:行政事业性收费|政府采购|土地征收)<\/a><\/li>/g, '');
    for (const p of ['/zfxxgk/xzsyxsf/index.html', '/zfxxgk/zfcg/index.html', '/zfxxgk/tdzs/index.html']) delete pages[p];
    const r = run(statutoryCategoriesCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'fail', measure: 3 });
    expect(r.defects.map((d) => d.key).sort()).toEqual(['disclosure.statutory-categories|fees', 'disclosure.statutory-categories|landExpropriation', 'disclosure.statutory-categories|procurement']);
    expect(r.defects.find((d) => d.key?.endsWith('landExpropriation'))?.evidence[0].data?.article).toBe(21);
  });

  it('does not expect Art. 21 items or function-specific categories from a department (configurable)', () => {
    const pages = portal();
    const keep = ['法规文件', '机构职能', '规划计划', '财政预决算', '政府采购', '突发公共事件应急'];
    pages['/zfxxgk/fdzdgknr/index.html'] = layout('法定主动公开内容_闽侯县发展和改革局', `<ul class="cat-list">${keep.map((n, i) => `<li><a href="/zfxxgk/c${i}/index.html">${n}</a></li>`).join('')}</ul>`);
    const dept = { name: '闽侯县发展和改革局', level: '部门' as const, kind: '部门网站' as const };
    const r = run(statutoryCategoriesCheck, { site: dept, pages });
    expect(r.summary).toMatchObject({ status: 'pass', measure: 0 });
    expect(r.summary.evidence[0].data?.checked).toHaveLength(6);
    const strict = run(statutoryCategoriesCheck, { site: dept, pages }, { departmentNotApplicable: [] });
    expect(strict.summary.measure).toBe(8);
  });

  it('does not read coverage from the unit’s own name in page titles (…_闽侯县应急管理局)', () => {
    const pages = portal();
    const keep = ['法规文件', '机构职能', '规划计划', '财政预决算', '政府采购'];
    pages['/zfxxgk/fdzdgknr/index.html'] = layout('法定主动公开内容_闽侯县应急管理局', `<ul class="cat-list">${keep.map((n, i) => `<li><a href="/zfxxgk/c${i}/index.html">${n}</a></li>`).join('')}</ul>`);
    const r = run(statutoryCategoriesCheck, { site: { name: '闽侯县应急管理局', level: '部门', kind: '部门网站' }, pages });
    expect(r.defects.map((d) => d.key)).toEqual(['disclosure.statutory-categories|emergency']);
  });

  it('does not count the site-wide navigation as coverage', () => {
    const pages = portal();
    pages['/zfxxgk/fdzdgknr/index.html'] = layout('法定主动公开内容_闽侯县人民政府', `<ul class="cat-list"><li><a href="/zfxxgk/fgwj/index.html">法规文件</a></li></ul>`);
    // Every page's header links 办事服务 and 互动交流; none of that is a statutory category.
    const r = run(statutoryCategoriesCheck, { pages });
    expect(r.summary.status).toBe('fail');
    expect(r.summary.measure).toBeGreaterThanOrEqual(15);
  });
});

describe('disclosure.publish-timeliness (G-05)', () => {
  it('flags a document published 31 working days after it was written, with both dates as evidence', () => {
    const pages = portal();
    pages['/zfxxgk/fgwj/index.html'] = layout('法规文件_闽侯县人民政府', list([['闽侯县2026年秋季森林防火实施方案', '/zfxxgk/fgwj/202610/t20261020_31.html', '2026-10-20']]));
    pages['/zfxxgk/fgwj/202610/t20261020_31.html'] = article('闽侯县2026年秋季森林防火实施方案', '2026-09-01', '2026-10-20');
    const r = run(publishTimelinessCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'fail', measure: 1 });
    expect(r.defects).toHaveLength(1);
    expect(r.defects[0]).toMatchObject({ key: 'disclosure.publish-timeliness|https://www.minhou.gov.cn/zfxxgk/fgwj/202610/t20261020_31.html' });
    expect(r.defects[0].evidence[0]).toMatchObject({ date: '2026-10-20', data: { written: '2026-09-01', published: '2026-10-20', workingDays: 31, calendar: 'notice' } });
  });

  it('counts 春节 as days off (19 working days is on time), ignores documents outside the window', () => {
    const pages = portal();
    pages['/zfxxgk/fgwj/index.html'] = layout('法规文件_闽侯县人民政府', list([['旧文件', '/zfxxgk/fgwj/2024/t1.html', '2024-06-01'], ['春耕通知', '/zfxxgk/fgwj/202602/t20260226_12.html', '2026-02-26']]));
    pages['/zfxxgk/fgwj/2024/t1.html'] = article('闽侯县2024年旧文件', '2024-01-02', '2024-06-01');
    const r = run(publishTimelinessCheck, { pages });
    expect(r.summary.status).toBe('pass');
    expect(run(publishTimelinessCheck, { pages }, { windowDays: null }).summary.measure).toBe(1);
  });

  it('does not call a document published before it was written late, but asks for review', () => {
    const pages = portal();
    pages['/zfxxgk/fgwj/index.html'] = layout('法规文件_闽侯县人民政府', list([['日期倒置', '/zfxxgk/fgwj/t9.html', '2026-05-01']]));
    pages['/zfxxgk/fgwj/t9.html'] = article('日期倒置的文件', '2026-06-01', '2026-05-01');
    const r = run(publishTimelinessCheck, { pages });
    expect(r.defects).toHaveLength(0);
    expect(r.summary.requiresReview).toBe(true);
  });

  it('is not applicable when no page shows both dates', () => {
    const r = run(publishTimelinessCheck, { pages: { '/': layout('闽侯县人民政府', '<p>首页</p>') } });
    expect(r.summary.status).toBe('not_applicable');
  });
});

describe('disclosure.request-channel (G-06)', () => {
  it('fails when there is no 依申请公开 page', () => {
    const pages = portal();
    delete pages['/zfxxgk/ysqgk/index.html'];
    for (const k of Object.keys(pages)) if (typeof pages[k] === 'string') pages[k] = (pages[k] as string).replace('<li><a href="/zfxxgk/ysqgk/index.html">依申请公开</a></li>', '');
    const r = run(requestChannelCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'fail', measure: 1 });
    expect(r.defects.map((d) => d.key)).toEqual(['disclosure.request-channel|page']);
  });

  it('accepts a downloadable form without an online one; reports a missing address (the footer does not count)', () => {
    const pages = portal();
    pages['/zfxxgk/ysqgk/index.html'] = layout('依申请公开_闽侯县人民政府', '<h2>依申请公开</h2><p>请下载申请表填写后提交。</p><p><a href="/zfxxgk/ysqgk/sqb.docx">政府信息公开申请表</a></p>');
    const strict = run(requestChannelCheck, { pages }, { addressFromGuide: false });
    expect(strict.summary).toMatchObject({ status: 'fail', measure: 1 });
    expect(strict.defects.map((d) => d.key)).toEqual(['disclosure.request-channel|address']);
    // By default the guide's 办公地址 is accepted as where to send a paper request.
    expect(run(requestChannelCheck, { pages }).summary.status).toBe('pass');
  });

  it('does not take a login box for an online application form', () => {
    const pages = portal();
    pages['/zfxxgk/ysqgk/index.html'] = layout('依申请公开_闽侯县人民政府', '<h2>依申请公开</h2><p>通信地址：闽侯县甘蔗街道昙石山中大道1号</p><form action="/login.do"><input name="u" type="text"><input name="p" type="password"><button>登录</button></form>');
    expect(run(requestChannelCheck, { pages }).defects.map((d) => d.key)).toEqual(['disclosure.request-channel|channel']);
  });

  it('reports a page with an address but neither form nor download', () => {
    const pages = portal();
    pages['/zfxxgk/ysqgk/index.html'] = layout('依申请公开_闽侯县人民政府', '<h2>依申请公开</h2><p>受理机构：闽侯县政务公开办公室，通信地址：闽侯县甘蔗街道昙石山中大道1号。</p>');
    const r = run(requestChannelCheck, { pages });
    expect(r.defects.map((d) => d.key)).toEqual(['disclosure.request-channel|channel']);
  });
});

describe('disclosure.annual-report (G-08)', () => {
  const withReports = (items: Array<[string, string, string?]>, extra: Record<string, string> = {}) => {
    const pages = portal();
    pages['/zfxxgk/gknb/index.html'] = reportsPage(items);
    delete pages['/zfxxgk/gknb/202603/t20260325_21.html'];
    return { ...pages, ...extra };
  };

  it('accepts a different but valid title (办公室关于…, 二〇二五年度…工作报告)', () => {
    const title = '闽侯县人民政府办公室关于二〇二五年度政府信息公开工作报告';
    const pages = withReports([[title, '/zfxxgk/gknb/202603/t20260330_9.html', '2026-03-30']], { '/zfxxgk/gknb/202603/t20260330_9.html': article(title, '2026-03-28', '2026-03-30', REPORT_BODY(2025)) });
    const r = run(annualReportCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'pass', measure: 0 });
    expect(r.summary.evidence[0]).toMatchObject({ date: '2026-03-30', text: title });
  });

  it('is not fooled by the year-before-last report, another unit’s report or the 网站工作年度报表', () => {
    const pages = withReports([
      ['闽侯县2024年政府信息公开工作年度报告', '/zfxxgk/gknb/202503/t20250328_22.html', '2025-03-28'],
      ['2025年度闽侯县政府网站工作年度报表', '/zfxxgk/gknb/202601/t20260115_24.html', '2026-01-15'],
    ]);
    const r = run(annualReportCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'fail', measure: 1 });
    expect(r.summary.message.zh).toContain('最新的是2024年度报告');
    expect(r.defects.map((d) => d.key)).toEqual(['disclosure.annual-report|missing|2025']);
    expect(r.defects[0].evidence[0].url).toBe('https://www.minhou.gov.cn/zfxxgk/gknb/202503/t20250328_22.html');

    const others = withReports([['闽侯县教育局2025年政府信息公开工作年度报告', '/zfxxgk/gknb/202601/t20260120_23.html', '2026-01-20']]);
    const o = run(annualReportCheck, { pages: others });
    expect(o.summary).toMatchObject({ status: 'warn', requiresReview: true });
  });

  it('says "not yet due" before 31 March for a county government', () => {
    const pages = withReports([['闽侯县2024年政府信息公开工作年度报告', '/zfxxgk/gknb/202503/t20250328_22.html', '2025-03-28']]);
    const r = run(annualReportCheck, { pages, now: new Date('2026-02-15T04:00:00Z') });
    expect(r.summary.status).toBe('not_applicable');
    expect(r.summary.message.en).toContain('not yet due');
    expect(r.defects).toHaveLength(0);
  });

  it('fails a department report published after 31 January as late, with the publish date', () => {
    const title = '闽侯县发展和改革局2025年政府信息公开工作年度报告';
    const pages = withReports([[title, '/zfxxgk/gknb/202602/t20260226_7.html', '2026-02-26']], { '/zfxxgk/gknb/202602/t20260226_7.html': article(title, '2026-02-20', '2026-02-26', REPORT_BODY(2025)) });
    const r = run(annualReportCheck, { site: { name: '闽侯县发展和改革局', level: '部门', kind: '部门网站' }, pages });
    expect(r.summary).toMatchObject({ status: 'fail', measure: 1 });
    expect(r.defects[0]).toMatchObject({ key: 'disclosure.annual-report|late|2025' });
    expect(r.defects[0].evidence[0].date).toBe('2026-02-26');
    // The same report on a county portal (deadline 31 March) would be on time, but it is not the county's own.
    expect(isOwnReport(parseReportTitle(title)!.unit, site())).toBe(false);
  });

  it('tells the government’s report issued by its office (关于) from the office’s own report', () => {
    const portalSite = site({ name: '上海市人民政府', region: '上海市', level: '省' });
    const own = parseReportTitle('上海市人民政府办公厅关于上海市2025年政府信息公开工作年度报告')!;
    expect(isOwnReport(own.unit, portalSite, own.about)).toBe(true);
    const office = parseReportTitle('2025年上海市人民政府办公厅政府信息公开工作年度报告')!;
    expect(isOwnReport(office.unit, portalSite, office.about)).toBe(false);
    const district = parseReportTitle('上海市黄浦区人民政府2025年政府信息公开工作年度报告')!;
    expect(isOwnReport(district.unit, portalSite, district.about)).toBe(false);
    expect(isOwnReport(district.unit, site({ name: '上海市黄浦区人民政府', region: '上海市黄浦区', level: '县' }), district.about)).toBe(true);
  });

  it('parses the title variants the reference lists', () => {
    expect(parseReportTitle('2025年政府信息公开工作年度报告')).toEqual({ year: 2025, unit: '' });
    expect(parseReportTitle('2025年度政府信息公开工作报告')?.year).toBe(2025);
    expect(parseReportTitle('福州市2025年政府信息公开年度报告')).toEqual({ year: 2025, unit: '福州市' });
    expect(parseReportTitle('关于二〇二五年政府信息公开工作年度报告')?.year).toBe(2025);
    expect(parseReportTitle('宿迁市 2025 年政府信息公开工作年度报告')).toEqual({ year: 2025, unit: '宿迁市' });
    expect(parseReportTitle('上海市黄浦区人民政府2022年政府信息公开工作年度报告（超链版）')?.unit).toBe('上海市黄浦区人民政府');
    expect(parseReportTitle('2025年度福州市政府网站工作年度报表')).toBeUndefined();
    expect(parseReportTitle('一图读懂2025年政府信息公开工作年度报告')).toBeUndefined();
  });
});

describe('disclosure.annual-report-contents (G-09)', () => {
  it('reports each missing block of the report', () => {
    const pages = portal();
    const body = REPORT_BODY(2025).replace(/<h3>四、[^<]*<\/h3><p>[^<]*<\/p>/, '').replace(/<h3>六、[^<]*<\/h3><p>[^<]*<\/p>/, '');
    pages['/zfxxgk/gknb/202603/t20260325_21.html'] = article('闽侯县2025年政府信息公开工作年度报告', '2026-03-20', '2026-03-25', body);
    const r = run(annualReportContentsCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'fail', measure: 2 });
    expect(r.defects.map((d) => d.key).sort()).toEqual(['disclosure.annual-report-contents|2025|appeals', 'disclosure.annual-report-contents|2025|other']);
  });

  it('tolerates numbering and wording variants', () => {
    const pages = portal();
    const body = REPORT_BODY(2025).replace('一、总体情况', '（一）总体情况').replace('四、政府信息公开行政复议、行政诉讼情况', '4.因政府信息公开工作被申请行政复议、提起行政诉讼情况').replace('六、其他需要报告的事项', '六、其他需报告的事项');
    pages['/zfxxgk/gknb/202603/t20260325_21.html'] = article('闽侯县2025年政府信息公开工作年度报告', '2026-03-20', '2026-03-25', body);
    expect(run(annualReportContentsCheck, { pages }).summary.status).toBe('pass');
  });

  it('cannot assess a report published only as a PDF attachment', () => {
    const pages = portal();
    pages['/zfxxgk/gknb/202603/t20260325_21.html'] = article('闽侯县2025年政府信息公开工作年度报告', '2026-03-20', '2026-03-25', '<p>附件：<a href="/zfxxgk/gknb/202603/P020260325.pdf">闽侯县2025年政府信息公开工作年度报告.pdf</a></p>');
    const r = run(annualReportContentsCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'cannot_assess', requiresReview: true });
  });

  it('cannot assess an image-only report (「图片版」) instead of calling every block missing', () => {
    const pages = portal();
    pages['/zfxxgk/gknb/202603/t20260325_21.html'] = article('闽侯县2025年政府信息公开工作年度报告（图片版）', '2026-03-20', '2026-03-25', '<p><img src="/zfxxgk/gknb/202603/nb1.jpg"><img src="/zfxxgk/gknb/202603/nb2.jpg"></p>');
    const r = run(annualReportContentsCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'cannot_assess', requiresReview: true });
  });

  it('cannot assess (review) a report linked straight to a PDF', () => {
    const pages = portal();
    pages['/zfxxgk/gknb/index.html'] = reportsPage([['闽侯县2025年政府信息公开工作年度报告', '/zfxxgk/gknb/P020260325.pdf', '2026-03-25']]);
    const r = run(annualReportContentsCheck, { pages });
    expect(r.summary).toMatchObject({ status: 'cannot_assess', requiresReview: true });
    expect(r.summary.message.en).toContain('attachment');
    // G-08 still finds it, dated from the list.
    expect(run(annualReportCheck, { pages }).summary).toMatchObject({ status: 'pass' });
  });

  it('judges last year’s report, not an older one, and is not applicable without any report', () => {
    const r = run(annualReportContentsCheck, { pages: portal() });
    expect(r.summary.evidence[0].data?.judgedYear).toBe(2025);
    const none = portal();
    none['/zfxxgk/gknb/index.html'] = reportsPage([]);
    expect(run(annualReportContentsCheck, { pages: none }).summary.status).toBe('not_applicable');
  });
});

it('uses the fixture clock', () => {
  expect(NOW.toISOString()).toBe('2026-11-20T04:00:00.000Z');
});
