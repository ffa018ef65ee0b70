import { describe, expect, it } from 'vitest';
import type { Check, Finding } from '../../../model/finding.ts';
import { SiteSchema } from '../../../model/site.ts';
import { runCheck } from '../../../checks/run.ts';
import { checks } from '../../../checks/freshness/index.ts';
import { discoverColumns } from '../../../checks/freshness/columns.ts';
import { context, list, pageObs, shell } from './page-fixture.ts';

const now = new Date('2026-11-21T02:00:00Z');
const site = SiteSchema.parse({ id: 'mj', name: '闽江市人民政府', region: '福建省闽江市', level: '市', kind: '门户网站', url: 'https://www.minjiang.gov.cn/' });
const H = 'https://www.minjiang.gov.cn';
const byId = (id: string): Check => checks.find((c) => c.id === id)!;
const summary = (fs: Finding[]) => fs.find((f) => f.key === f.checkId)!;
const defects = (fs: Finding[]) => fs.filter((f) => f.key !== f.checkId);

const block = (cls: string, name: string, more: string, items: Array<[string, string, string?]>) =>
  `<div class="${cls}"><div class="hd"><h3>${name}</h3><a class="more" href="${more}">更多&gt;&gt;</a></div>${list(items)}</div>`;

const homeHtml = shell(
  '闽江市人民政府',
  [
    block('box', '政务要闻', '/zwyw/', [
      ['/zwyw/202611/t20261120_1.html', '市政府召开常务会议研究部署冬季安全生产工作', '2026-11-20'],
      ['/zwyw/202611/t20261112_2.html', '市领导调研重点项目建设推进情况', '2026-11-12'],
    ]),
    block('box', '通知公告', '/tzgg/', [['/tzgg/202610/t20261001_1.html', '关于2026年国庆节放假安排的通知', '2026-10-01']]),
    block('box', '部门动态', '/bmdt/', [['/bmdt/202610/t20261015_1.html', '市住建局开展燃气安全专项检查', '2026-10-15']]),
    block('box', '区县动态', '/qxdt/', [['/qxdt/202609/t20260930_1.html', '某某区召开乡村振兴推进会', '2026-09-30']]),
    block('box', '政策文件', '/zcwj/', [['/zcwj/202512/t20251201_1.html', '闽江市人民政府关于印发某某办法的通知', '2025-12-01']]),
  ].join('\n'),
  {
    nav: `<div class="subnav"><a href="/rsxx/">人事信息</a><a href="/ghjh/">规划计划</a><a href="/tjxx/">统计信息</a><a href="/czyjs/">财政预决算</a><a href="/zdxm/">重大项目</a><a href="/kyzt/">疫情防控动态（历史专题）</a><a href="/hdjl/ldxx/">领导信箱</a></div>`,
  },
);

function columnPage(path: string, name: string, body: string) {
  return pageObs(site, `${H}${path}`, shell(`${name}_闽江市人民政府`, `<h2>${name}</h2>${body}`, { meta: `<meta name="ColumnName" content="${name}">` }), {
    depth: 1,
    referrer: `${H}/`,
    referrerText: name,
  });
}

function fixturePages() {
  return [
    pageObs(site, `${H}/`, homeHtml, { depth: 0 }),
    columnPage('/zwyw/', '政务要闻', list([['/zwyw/202611/t20261120_1.html', '市政府召开常务会议研究部署冬季安全生产工作', '2026-11-20'], ['/zwyw/a.html', '旧闻一则关于某某工作', '2026-10-01']])),
    columnPage('/bmdt/', '部门动态', list([['/bmdt/202610/t20261015_1.html', '市住建局开展燃气安全专项检查', '2026-10-15'], ['/bmdt/b.html', '市教育局召开会议部署工作', '2026-09-01']])),
    // stale past its one-year maximum age (V-03b)
    columnPage('/rsxx/', '人事信息', list([['/rsxx/1.html', '关于张某某等同志任职的通知', '2025-06-01'], ['/rsxx/2.html', '关于李某某同志免职的通知', '2025-03-02']])),
    columnPage('/ghjh/', '规划计划', list([['/ghjh/1.html', '闽江市2026年国民经济和社会发展计划', '2026-03-01']])),
    // blank (V-03c): a 暂无信息 page, and a page with an empty list and nothing of its own
    columnPage('/tjxx/', '统计信息', '<ul class="list"></ul><p>暂无信息</p>'),
    columnPage('/zdxm/', '重大项目', '<ul class="list"></ul>'),
    // blank but explained: not counted, flagged for review
    columnPage('/czyjs/', '财政预决算', '<p>暂无信息</p><p>特此说明：本机关为市政府派出机构，无单独的部门预决算，2026年无此类信息。</p>'),
    // historical topic: exempt from freshness
    columnPage('/kyzt/', '疫情防控动态（历史专题）', list([['/kyzt/1.html', '疫情防控工作新闻发布会', '2022-12-01'], ['/kyzt/2.html', '关于调整疫情防控措施的通告', '2022-11-20']])),
    // an article page that names its column: not a column page, never blank
    pageObs(
      site,
      `${H}/zwyw/202611/t20261120_1.html`,
      shell('市政府召开常务会议_政务要闻_闽江市人民政府', '<h1>市政府召开常务会议</h1><div class="info">发布时间：2026-11-20 来源：市政府办公室</div><p>会议内容很长……</p>', {
        meta: '<meta name="ColumnName" content="政务要闻"><meta name="PubDate" content="2026-11-20 10:00">',
      }),
      { depth: 2, referrer: `${H}/zwyw/`, referrerText: '市政府召开常务会议研究部署冬季安全生产工作' },
    ),
  ];
}

describe('column discovery', () => {
  it('finds the home blocks, the navigation columns and their list pages, with classes and levels', () => {
    const { columns } = discoverColumns({ ...context(site, now, fixturePages()), options: {} });
    const by = Object.fromEntries(columns.map((c) => [c.name, c]));
    expect(by['政务要闻']).toMatchObject({ cls: 'news', topLevel: true, onHome: true, url: `${H}/zwyw/` });
    expect(by['政务要闻'].listPage?.url).toBe(`${H}/zwyw/`);
    expect(by['通知公告']).toMatchObject({ cls: 'notice', topLevel: true });
    expect(by['人事信息']).toMatchObject({ cls: 'required', page: `${H}/`, linkText: '人事信息' });
    expect(by['疫情防控动态（历史专题）'].exempt).toBe(true);
    expect(columns.some((c) => c.url.includes('t20261120_1'))).toBe(false);
  });
});

describe('freshness.home-not-updated (V-02)', () => {
  const c = byId('freshness.home-not-updated');
  it('passes when the newest home item is 1 day old', () => {
    const f = runCheck(c, context(site, now, fixturePages()));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ status: 'pass', measure: 1, severity: 'veto', ref: 'V-02' });
    expect(f[0].evidence[0]).toMatchObject({ date: '2026-11-20', text: '2026-11-20' });
  });

  const homeWith = (dates: Array<string | undefined>) =>
    pageObs(site, `${H}/`, shell('闽江市人民政府', block('box', '政务要闻', '/zwyw/', dates.map((d, i) => [`/zwyw/${i}.html`, `第${i}条政务要闻的标题内容`, d] as [string, string, string?]))));

  it('vetoes after 14 days without a new item, warns from 10 days (V-02w)', () => {
    expect(runCheck(c, context(site, now, [homeWith(['2026-11-06', '2026-10-01'])]))[0]).toMatchObject({ status: 'fail', measure: 15 });
    expect(runCheck(c, context(site, now, [homeWith(['2026-11-07'])]))[0]).toMatchObject({ status: 'warn', measure: 14 });
    // 14 days is the window edge; the option moves the warning line
    expect(runCheck(c, context(site, now, [homeWith(['2026-11-10'])]))[0]).toMatchObject({ status: 'warn', measure: 11 });
    expect(runCheck(c, context(site, now, [homeWith(['2026-11-10'])]), { warnDays: 12 })[0].status).toBe('pass');
  });

  it('counts undated items as not updated (未注明发布时间的视为不更新)', () => {
    const f = runCheck(c, context(site, now, [homeWith([undefined, undefined, undefined])]));
    expect(f[0].status).toBe('fail');
    expect(f[0].message.en).toMatch(/None of the 3 items/);
  });

  it('does not veto when every home item is dated after the check: a person verifies the dates (V-04)', () => {
    const f = runCheck(c, context(site, now, [homeWith(['2027-01-01', '2027-02-01'])]));
    expect(f[0]).toMatchObject({ status: 'warn', requiresReview: true });
    expect(f[0].message.zh).toMatch(/2条信息日期晚于监测日期/);
    expect(f[0].message.zh).not.toMatch(/0条/);
  });

  it('does not let a future date make the home page look fresh', () => {
    const f = runCheck(c, context(site, now, [homeWith(['2027-01-01', '2026-10-01'])]));
    expect(f[0]).toMatchObject({ status: 'fail' });
    expect((f[0].evidence[0].data as Record<string, unknown>).futureDated).toBe(1);
  });

  it('does not count items syndicated from other sites (国务院要闻 from www.gov.cn) as the site\'s own update', () => {
    const html = shell(
      '闽江市人民政府',
      block('box', '国务院信息', 'https://www.gov.cn/yaowen/', [['https://www.gov.cn/yaowen/liebiao/202611/content_1.htm', '国务院常务会议研究部署有关工作', '2026-11-20']]) +
        block('box', '政务要闻', '/zwyw/', [['/zwyw/1.html', '市政府召开常务会议研究部署工作', '2026-10-01']]),
    );
    const f = runCheck(c, context(site, now, [pageObs(site, `${H}/`, html)]));
    expect(f[0]).toMatchObject({ status: 'fail', measure: 51 });
    expect((f[0].evidence[0].data as Record<string, unknown>).offsiteItems).toBe(1);
    expect(runCheck(c, context(site, now, [pageObs(site, `${H}/`, html)]), { countOffsiteItems: true })[0].status).toBe('pass');
  });

  it('judges a navigation-hub home page on its second-level pages', () => {
    const hub = pageObs(site, `${H}/`, shell('闽江市人民政府', '<div class="portal"><a href="/zwgk/">政务公开</a><a href="/bsfw/">办事服务</a><a href="/hdjl/">互动交流</a></div>'));
    const stale = columnPage('/zwgk/', '政务公开', list([['/zwgk/1.html', '某某某某工作情况的报告', '2026-08-01']]));
    const fresh = columnPage('/bsfw/', '办事服务', list([['/bsfw/1.html', '关于优化营商环境的若干措施', '2026-11-18']]));
    const f1 = runCheck(c, context(site, now, [hub, stale]));
    expect(f1[0]).toMatchObject({ status: 'fail' });
    expect((f1[0].evidence[0].data as Record<string, unknown>).scope).toBe('second-level');
    expect(runCheck(c, context(site, now, [hub, stale, fresh]))[0]).toMatchObject({ status: 'pass', measure: 3 });
  });

  it('a home page of undated department links is a navigation hub; an undated 要闻 list is not', () => {
    const depts = Array.from({ length: 4 }, (_, i) => [`/bm/${i}/`, `闽江市第${i}个市直部门网站入口`] as [string, string]);
    const hubHome = pageObs(site, `${H}/`, shell('闽江市人民政府', `<div class="links"><h3>部门网站</h3>${list(depts)}</div>`));
    const fresh = columnPage('/zwgk/', '政务公开', list([['/zwgk/1.html', '关于优化营商环境的若干措施', '2026-11-18']]));
    const f = runCheck(c, context(site, now, [hubHome, fresh]));
    expect(f[0]).toMatchObject({ status: 'pass', measure: 3 });
    expect((f[0].evidence[0].data as Record<string, unknown>).scope).toBe('second-level');
    const undatedNews = pageObs(site, `${H}/`, shell('闽江市人民政府', block('box', '政务要闻', '/zwyw/', [['/zwyw/1.html', '市政府召开常务会议研究部署工作'], ['/zwyw/2.html', '市领导调研重点项目建设推进情况'], ['/zwyw/3.html', '全市安全生产工作会议召开情况']])));
    expect(runCheck(c, context(site, now, [undatedNews, fresh]))[0].status).toBe('fail');
  });

  it('is cannot_assess when the home page was blocked, not a failure', () => {
    const home = homeWith(['2026-11-20']);
    const blocked = { ...home, status: 403, failure: { class: 'blocked' as const, message: 'HTTP 403' }, items: [] };
    expect(runCheck(c, context(site, now, [blocked]))[0].status).toBe('cannot_assess');
  });
});

describe('freshness.stale-news-columns (V-03a)', () => {
  const c = byId('freshness.stale-news-columns');
  it('lists each stale 动态 column (14 d) and 一级 通知/政策文件 column (6 months) as its own defect; the historical topic is exempt', () => {
    const fs = runCheck(c, context(site, now, fixturePages()));
    const s = summary(fs);
    expect(s).toMatchObject({ status: 'warn', measure: 3 });
    const d = defects(fs);
    expect(d.map((x) => x.key).sort()).toEqual([`freshness.stale-news-columns|${H}/bmdt`, `freshness.stale-news-columns|${H}/qxdt`, `freshness.stale-news-columns|${H}/zcwj`]);
    const bmdt = d.find((x) => x.key!.endsWith('/bmdt'))!;
    expect(bmdt.status).toBe('fail');
    expect(bmdt.evidence[0]).toMatchObject({ url: `${H}/bmdt/`, page: `${H}/`, linkText: '部门动态', date: '2026-10-15', text: '2026-10-15' });
    expect(bmdt.evidence[0].data).toMatchObject({ defect: true, column: '部门动态', class: 'news' });
    expect((s.evidence[0].data as { exempt: string[] }).exempt).toEqual(['疫情防控动态（历史专题）']);
    // 通知公告 (2026-10-01) is within 6 months; 政务要闻 within 14 days
    expect(d.some((x) => x.key!.endsWith('/tzgg') || x.key!.endsWith('/zwyw'))).toBe(false);
  });

  it('takes the year of a year-less list date ([11-20]) from the crawled detail page', () => {
    const col = pageObs(
      site,
      `${H}/xzdt/`,
      shell('乡镇动态_闽江市人民政府', `<h2>乡镇动态</h2><ul class="list"><li><a href="/xzdt/1.html">某某镇召开乡村振兴推进会议</a>[11-20]</li><li><a href="/xzdt/2.html">某某乡开展防汛应急演练活动</a>[10-08]</li></ul>`, { meta: '<meta name="ColumnName" content="乡镇动态">' }),
      { depth: 1, referrer: `${H}/`, referrerText: '乡镇动态' },
    );
    expect(col.items![0].date).toBe('2026-11-20'); // the extractor's best guess
    const detail = pageObs(site, `${H}/xzdt/1.html`, shell('某某镇召开乡村振兴推进会议', '<div class="info">发布日期：2024-11-20</div><p>正文……</p>', { meta: '<meta name="PubDate" content="2024-11-20 09:00">' }), { depth: 2, referrer: `${H}/xzdt/`, referrerText: '某某镇召开乡村振兴推进会议' });
    const detail2 = pageObs(site, `${H}/xzdt/2.html`, shell('某某乡开展防汛应急演练活动', '<div class="info">发布日期：2024-10-08</div><p>正文……</p>'), { depth: 2, referrer: `${H}/xzdt/`, referrerText: '某某乡开展防汛应急演练活动' });
    const fs = runCheck(c, context(site, now, [pageObs(site, `${H}/`, homeHtml), col, detail, detail2]));
    const d = defects(fs).find((x) => x.evidence[0].data!.column === '乡镇动态')!;
    expect(d).toMatchObject({ status: 'fail' });
    expect(d.evidence[0]).toMatchObject({ date: '2024-11-20' });
    expect(d.evidence[0].text).toMatch(/11-20 \(PubDate: 2024-11-20 09:00\)/);
  });

  it('vetoes at the configured count (超过（含）5个)', () => {
    expect(summary(runCheck(c, context(site, now, fixturePages()), { vetoCount: 3 })).status).toBe('fail');
  });
});

describe('freshness.stale-required-columns (V-03b)', () => {
  const c = byId('freshness.stale-required-columns');
  it('flags 应更新 columns older than a year; blank ones are left to V-03c', () => {
    const fs = runCheck(c, context(site, now, fixturePages()));
    const s = summary(fs);
    expect(s).toMatchObject({ status: 'warn', measure: 1 });
    expect(defects(fs).map((d) => d.evidence[0].data!.column)).toEqual(['人事信息']);
    const data = s.evidence[0].data as { exempt: string[]; notSeen: string[] };
    expect(data.notSeen).toEqual(expect.arrayContaining(['统计信息', '重大项目', '财政预决算']));
  });

  it('has nothing to count on a site without should-update columns (pass, measure 0), while V-03a wants news columns', () => {
    const home = pageObs(site, `${H}/`, shell('闽江市人民政府', '<p>欢迎</p>', { header: '<div class="nav"><a href="/">首页</a></div>' }));
    expect(summary(runCheck(c, context(site, now, [home])))).toMatchObject({ status: 'pass', measure: 0 });
    expect(summary(runCheck(byId('freshness.stale-news-columns'), context(site, now, [home])))).toMatchObject({ status: 'cannot_assess', requiresReview: true });
  });

  it('honours a per-type maximum age', () => {
    const fs = runCheck(c, context(site, now, fixturePages()), { maxAgeByKeyword: { 规划计划: 180 } });
    expect(defects(fs).map((d) => d.evidence[0].data!.column).sort()).toEqual(['人事信息', '规划计划']);
  });
});

describe('freshness.empty-columns (V-03c)', () => {
  const c = byId('freshness.empty-columns');
  it('counts blank column pages, and flags an explained one for review without counting it', () => {
    const fs = runCheck(c, context(site, now, fixturePages()));
    const s = summary(fs);
    expect(s).toMatchObject({ status: 'warn', measure: 2 });
    const d = defects(fs);
    const tj = d.find((x) => x.evidence[0].data!.column === '统计信息')!;
    expect(tj).toMatchObject({ status: 'fail', key: `freshness.empty-columns|${H}/tjxx` });
    expect(tj.evidence[0]).toMatchObject({ url: `${H}/tjxx/`, page: `${H}/`, linkText: '统计信息', text: '暂无信息' });
    expect(d.find((x) => x.evidence[0].data!.column === '重大项目')!.status).toBe('fail');
    const cz = d.find((x) => x.evidence[0].data!.column === '财政预决算')!;
    expect(cz).toMatchObject({ status: 'warn', requiresReview: true });
    expect(cz.message.zh).toMatch(/无单独的部门预决算|无此类信息|特此说明/);
    expect(d).toHaveLength(3);
  });

  it('a hub page that only links to its sub-columns is not blank', () => {
    const hub = columnPage('/zcwj/', '政策文件', '<ul class="sub"><li><a href="/zcwj/szfwj/">市政府文件</a></li><li><a href="/zcwj/szfbwj/">市政府办公室文件</a></li><li><a href="/zcwj/bmwj/">部门文件</a></li></ul>');
    const fs = runCheck(c, context(site, now, [pageObs(site, `${H}/`, homeHtml), hub]));
    expect(summary(fs)).toMatchObject({ status: 'pass', measure: 0 });
  });

  it('an empty static page that loads scripts is for review, not counted (its list may be built by JavaScript)', () => {
    const p = columnPage('/ajax/', '工作动态', '<ul id="list"></ul>');
    p.scriptSrcs = ['https://www.minjiang.gov.cn/js/jquery.min.js', 'https://www.minjiang.gov.cn/js/list.js'];
    const fs = runCheck(c, context(site, now, [pageObs(site, `${H}/`, homeHtml), p]));
    expect(summary(fs)).toMatchObject({ status: 'warn', measure: 0 });
    expect(defects(fs)[0]).toMatchObject({ status: 'warn', requiresReview: true });
    // the same page rendered in Chromium and still empty is a blank column
    const rendered = { ...p, rendered: true };
    expect(summary(runCheck(c, context(site, now, [pageObs(site, `${H}/`, homeHtml), rendered])))).toMatchObject({ status: 'warn', measure: 1 });
  });

  it('vetoes at 5 blank columns', () => {
    const blanks = ['人事任免', '机构职能', '统计数据', '发展规划', '重大项目'].map((n, i) => columnPage(`/c${i}/`, n, '<div class="list"></div><p>暂无数据</p>'));
    const fs = runCheck(c, context(site, now, [pageObs(site, `${H}/`, homeHtml), ...blanks]));
    expect(summary(fs)).toMatchObject({ status: 'fail', measure: 5 });
  });
});

describe('freshness.home-update-volume (D-03)', () => {
  const c = byId('freshness.home-update-volume');
  it('counts distinct home items of the last 14 days', () => {
    const f = runCheck(c, context(site, now, fixturePages()));
    expect(f[0]).toMatchObject({ status: 'pass', measure: 2, ref: 'D-03', severity: 'deduct' });
    expect(f[0].evidence.slice(1).map((e) => e.date)).toEqual(['2026-11-20', '2026-11-12']);
  });
  it('fails at zero', () => {
    const old = pageObs(site, `${H}/`, shell('闽江市人民政府', block('box', '政务要闻', '/zwyw/', [['/zwyw/1.html', '旧的政务要闻标题内容', '2026-09-01']])));
    expect(runCheck(c, context(site, now, [old]))[0]).toMatchObject({ status: 'fail', measure: 0 });
  });
});
