import { describe, expect, it } from 'vitest';
import type { Check, Finding } from '../../../model/finding.ts';
import { SiteSchema } from '../../../model/site.ts';
import { runCheck } from '../../../checks/run.ts';
import { checks } from '../../../checks/participation/index.ts';
import { context, list, pageObs, shell } from '../freshness/page-fixture.ts';

const now = new Date('2026-11-21T02:00:00Z');
const site = SiteSchema.parse({ id: 'mj', name: '闽江市人民政府', region: '福建省闽江市', level: '市', kind: '门户网站', url: 'https://www.minjiang.gov.cn/' });
const H = 'https://www.minjiang.gov.cn';
const byId = (id: string): Check => checks.find((c) => c.id === id)!;
const summary = (fs: Finding[]) => fs.find((f) => f.key === f.checkId)!;
const defects = (fs: Finding[]) => fs.filter((f) => f.key !== f.checkId);

// a header without the generic 互动交流 hub link, so each test decides which channels exist
const header = '<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/bsfw/">办事服务</a></div>';
const homeNav = (links: string) => pageObs(site, `${H}/`, shell('闽江市人民政府', `<div class="hdjl">${links}</div>`, { header }), { depth: 0 });
const sub = (path: string, name: string, body: string, depth = 1) =>
  pageObs(site, `${H}${path}`, shell(`${name}_闽江市人民政府`, body, { header, meta: `<meta name="ColumnName" content="${name}">` }), { depth, referrer: `${H}/`, referrerText: name });

const letterTable = (rows: Array<[string, string, string, string, string]>) =>
  `<table class="letters"><tr><th>信件标题</th><th>来信时间</th><th>回复时间</th><th>办理状态</th></tr>${rows
    .map(([href, t, s, r, st]) => `<tr><td><a href="${href}">${t}</a></td><td>${s}</td><td>${r}</td><td>${st}</td></tr>`)
    .join('')}</table>`;

function fixture() {
  return [
    homeNav('<a href="/hdjl/ldxx/">市长信箱</a><a href="/xf/">网上信访</a><a href="/jjjb/">纪检举报</a><a href="/ft/">在线访谈</a><a href="/yjzj/">意见征集</a>'),
    sub(
      '/hdjl/ldxx/',
      '市长信箱',
      `<p><a href="/hdjl/ldxx/write.html">我要写信</a></p>` +
        letterTable([
          ['/hdjl/ldxx/1.html', '关于小区停车难问题的咨询', '2026-09-01', '2026-09-05', '已回复'],
          ['/hdjl/ldxx/2.html', '关于某某路段道路维修的建议', '2026-05-10', '', '处理中'],
          ['/hdjl/ldxx/3.html', '关于学校招生政策的咨询', '2026-10-20', '', '办理中'],
          ['/hdjl/ldxx/4.html', '关于夜间施工噪音扰民的反映', '2026-02-01', '2026-06-15', '已办结'],
          ['/hdjl/ldxx/5.html', '关于去年一件旧事的咨询', '2025-03-01', '', '未回复'],
        ]),
    ),
    sub(
      '/hdjl/ldxx/write.html',
      '市长信箱',
      `<form action="/hdjl/submit" method="post"><input name="name" placeholder="姓名"><input name="title" placeholder="信件标题"><textarea name="content"></textarea><button type="submit">提交</button></form>`,
      2,
    ),
    // a letter detail page that the list did not show
    sub('/hdjl/ldxx/6.html', '市长信箱', '<h1>关于公交线路调整的建议</h1><p>来信时间：2026-06-01 办理状态：未回复</p><p>回复内容：暂无</p>', 2),
    // special channels: never counted, their unanswered letters do not matter for V-05b
    sub('/xf/', '网上信访', letterTable([['/xf/1.html', '信访事项一件反映情况', '2026-01-05', '', '未回复']])),
    sub('/ft/', '在线访谈', list([['/ft/1.html', '市教育局局长谈2026年招生政策', '2026-10-10'], ['/ft/2.html', '市卫健委主任谈医疗改革', '2026-06-18'], ['/ft/3.html', '市住建局局长谈保障性住房', '2026-01-20'], ['/ft/0.html', '2024年访谈回顾一则内容', '2024-12-01']])),
    sub('/yjzj/', '意见征集', list([['/yjzj/1.html', '关于《闽江市养犬管理规定（草案）》公开征求意见', '2026-09-01'], ['/yjzj/2.html', '2026年民生实事项目网上调查', '2026-03-15']])),
  ];
}

describe('participation.channel (V-05a)', () => {
  const c = byId('participation.channel');
  it('passes with a 市长信箱 whose 我要写信 form loads, and names channel and form in evidence', () => {
    const f = runCheck(c, context(site, now, fixture()));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ status: 'pass', severity: 'veto', ref: 'V-05a' });
    expect(f[0].evidence[0]).toMatchObject({ url: `${H}/hdjl/ldxx/`, page: `${H}/`, linkText: '市长信箱' });
    expect(f[0].evidence[0].data).toMatchObject({ state: 'form', formPage: `${H}/hdjl/ldxx/write.html`, formMethod: 'post' });
  });

  it('does not count 网上信访 and 纪检举报 as a consultation channel', () => {
    const pages = [homeNav('<a href="/xf/">网上信访</a><a href="/jjjb/">纪检举报</a><a href="/tsjb/">举报投诉</a>'), sub('/xf/', '网上信访', '<form><textarea name="c"></textarea></form>')];
    const f = runCheck(c, context(site, now, pages));
    expect(f[0]).toMatchObject({ status: 'fail' });
    expect(f[0].message.en).toMatch(/only special channels/);
  });

  it('a 互动交流 hub link that was not crawled is a warning to verify, not a pass', () => {
    const f = runCheck(c, context(site, now, [pageObs(site, `${H}/`, shell('闽江市人民政府', '<p>首页</p>'))]));
    expect(f[0]).toMatchObject({ status: 'warn', requiresReview: true });
    expect(f[0].evidence[0]).toMatchObject({ url: `${H}/hdjl/`, linkText: '互动交流' });
  });

  it('a 互动交流 hub that only leads to 网上信访 and has no form of its own is not a channel', () => {
    const pages = [homeNav('<a href="/hdjl/">互动交流</a>'), sub('/hdjl/', '互动交流', '<ul><li><a href="/xf/">网上信访</a></li><li><a href="/jjjb/">纪检举报</a></li></ul>')];
    const f = runCheck(c, context(site, now, pages));
    expect(f[0]).toMatchObject({ status: 'fail' });
    expect(f[0].evidence.map((e) => e.linkText)).toEqual(expect.arrayContaining(['网上信访', '互动交流']));
  });

  it('fails when there is no channel at all', () => {
    // an ICP number containing 12345 is not the 12345 hotline
    const f = runCheck(c, context(site, now, [homeNav('<a href="/zwgk/">政务公开</a><a href="https://beian.miit.gov.cn/">闽ICP备05012345号-6</a>')]));
    expect(f[0].status).toBe('fail');
  });

  it('warns (for a person) when the channel page has no form, and fails when it is broken', () => {
    const noForm = [homeNav('<a href="/hdjl/ldxx/">领导信箱</a>'), sub('/hdjl/ldxx/', '领导信箱', '<p>请登录后写信</p>')];
    expect(runCheck(c, context(site, now, noForm))[0]).toMatchObject({ status: 'warn', requiresReview: true });
    const broken = [homeNav('<a href="/hdjl/ldxx/">领导信箱</a>'), { ...sub('/hdjl/ldxx/', '领导信箱', ''), status: 500, failure: { class: 'http_5xx' as const, message: 'HTTP 500' } }];
    const f = runCheck(c, context(site, now, broken));
    expect(f[0]).toMatchObject({ status: 'fail' });
    expect(f[0].evidence[0]).toMatchObject({ status: 500, failureClass: 'http_5xx' });
  });
});

describe('participation.unanswered-letters (V-05b)', () => {
  const c = byId('participation.unanswered-letters');
  it('vetoes letters unanswered for over 3 months, warns on late replies, ignores pending ones, old ones and special channels', () => {
    const fs = runCheck(c, context(site, now, fixture()));
    const s = summary(fs);
    expect(s).toMatchObject({ status: 'fail', measure: 2, severity: 'veto' });
    const d = defects(fs);
    const overdue = d.filter((x) => x.status === 'fail');
    expect(overdue.map((x) => x.evidence[0].url).sort()).toEqual([`${H}/hdjl/ldxx/2.html`, `${H}/hdjl/ldxx/6.html`]);
    const road = overdue.find((x) => x.evidence[0].url!.endsWith('/2.html'))!;
    expect(road).toMatchObject({ key: `participation.unanswered-letters|${H}/hdjl/ldxx/2.html`, requiresReview: true });
    expect(road.evidence[0]).toMatchObject({ page: `${H}/hdjl/ldxx/`, linkText: '关于某某路段道路维修的建议', date: '2026-05-10' });
    expect(road.evidence[0].data).toMatchObject({ defect: true, status: 'pending', statusText: '处理中' });
    const late = d.filter((x) => x.status === 'warn');
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ requiresReview: true });
    expect(late[0].evidence[0].data).toMatchObject({ submitted: '2026-02-01', replied: '2026-06-15' });
    expect(d.some((x) => x.evidence[0].url!.includes('/xf/') || x.evidence[0].url!.endsWith('/5.html') || x.evidence[0].url!.endsWith('/3.html'))).toBe(false);
    expect((s.evidence[0].data as { excludedPages: string[] }).excludedPages).toContain(`${H}/xf/`);
  });

  it('reads th/td letter detail pages found without a list (no colons)', () => {
    const detail = sub(
      '/hdjl/xx/letter_9.html',
      '书记信箱',
      '<table class="letter-detail"><tr><th>信件标题</th><td>关于农村饮水安全问题的反映</td></tr><tr><th>来信时间</th><td>2026-07-01 09:12:00</td></tr><tr><th>办理状态</th><td>办理中</td></tr><tr><th>回复时间</th><td></td></tr><tr><th>回复内容</th><td></td></tr></table>',
      2,
    );
    const fs = runCheck(c, context(site, now, [detail]));
    expect(summary(fs)).toMatchObject({ status: 'fail', measure: 1 });
    expect(defects(fs)[0].evidence[0]).toMatchObject({ url: `${H}/hdjl/xx/letter_9.html`, date: '2026-07-01' });
    expect(defects(fs)[0].evidence[0].data).toMatchObject({ statusText: '办理中', status: 'pending' });
  });

  it('reads letter lists without a table when the status is printed in the row title', () => {
    const page = sub('/hdjl/zxzx/', '在线咨询', list([['/z/11.html', '【办理中】关于小区供暖不达标的咨询', '2026-06-20'], ['/z/12.html', '【已回复】关于医保报销比例的咨询', '2026-05-01']]));
    const fs = runCheck(c, context(site, now, [page]));
    expect(summary(fs)).toMatchObject({ status: 'fail', measure: 1 });
    expect(defects(fs)[0].evidence[0]).toMatchObject({ url: `${H}/z/11.html`, linkText: '关于小区供暖不达标的咨询', date: '2026-06-20' });
  });

  it('passes letters answered within 3 months', () => {
    const pages = [sub('/hdjl/zxzx/', '在线咨询', letterTable([['/z/1.html', '关于社保转移手续的咨询', '2026-08-01', '2026-08-03', '已答复'], ['/z/2.html', '关于公积金提取的咨询', '2026-11-01', '', '待回复']]))];
    expect(runCheck(c, context(site, now, pages))[0]).toMatchObject({ status: 'pass', measure: 0 });
  });

  it('warns for review when the letter list shows nothing in the last 12 months (V-05w)', () => {
    const pages = [sub('/hdjl/zxzx/', '在线咨询', letterTable([['/z/1.html', '关于社保转移手续的咨询', '2025-03-01', '2025-03-03', '已答复']]))];
    expect(runCheck(c, context(site, now, pages))[0]).toMatchObject({ status: 'warn', requiresReview: true, measure: 0 });
  });

  it('is cannot_assess when no letter list was published', () => {
    expect(runCheck(c, context(site, now, [homeNav('<a href="/x/">市长信箱</a>')]))[0].status).toBe('cannot_assess');
  });
});

describe('participation.surveys-interviews (D-05)', () => {
  const c = byId('participation.surveys-interviews');
  it('counts surveys and interviews of the last 12 months', () => {
    const f = runCheck(c, context(site, now, fixture()));
    expect(f[0]).toMatchObject({ ref: 'D-05', severity: 'deduct', measure: 5, status: 'warn' });
    expect(f[0].evidence[0].data).toMatchObject({ surveys: 2, interviews: 3 });
    expect(runCheck(c, context(site, now, fixture()), { minPerYear: 5 })[0].status).toBe('pass');
  });
  it('cannot count when the 在线访谈/意见征集 pages were never crawled', () => {
    const f = runCheck(c, context(site, now, [homeNav('<a href="/ft/">在线访谈</a><a href="/yjzj/">意见征集</a>')]));
    expect(f[0]).toMatchObject({ status: 'cannot_assess', requiresReview: true });
  });

  it('fails when neither channel exists', () => {
    expect(runCheck(c, context(site, now, [homeNav('<a href="/zwgk/">政务公开</a>')]))[0]).toMatchObject({ status: 'fail', measure: 0 });
  });
});

describe('an unreachable site', () => {
  it('gets cannot_assess, never a content failure, from every participation and freshness check', async () => {
    const { checks: freshness } = await import('../../../checks/freshness/index.ts');
    const home = { ...homeNav(''), status: 0, failure: { class: 'refused' as const, message: 'connect ECONNREFUSED' }, items: [], links: [], forms: [], tables: [] };
    for (const c of [...checks, ...freshness]) {
      const fs = runCheck(c, context(site, now, [home]));
      expect(fs.map((f) => [c.id, f.status])).toEqual([[c.id, 'cannot_assess']]);
    }
  });
});
