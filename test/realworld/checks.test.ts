/**
 * The checks over observations built from real-world markup (fixtures/, through the crawler's own
 * decode → extract pipeline): what an evaluator reading these pages would conclude.
 */
import { describe, expect, it } from 'vitest';
import { context, fixtureText, homeScripts, observe, observeFixture, runOne, site } from './pipeline.ts';
import { scanLetters } from '../../checks/participation/letters.ts';
import { unansweredLetters } from '../../checks/participation/unanswered-letters.ts';
import { DEFAULT_KEYWORDS as DEFAULT_TABLES } from '../../checks/keywords.ts';
import { check as siteIdCodeCheck } from '../../checks/identity/site-id-code.ts';
import { check as icpFilingCheck } from '../../checks/identity/icp-filing.ts';
import { check as psbFilingCheck } from '../../checks/identity/psb-filing.ts';
import { check as conacMarkCheck } from '../../checks/identity/conac-mark.ts';
import { elementsOnPage } from '../../checks/services/common.ts';
import { GUIDE_ELEMENTS as DISCLOSURE_GUIDE } from '../../checks/disclosure/guide-contents.ts';
import { bodyText } from '../../checks/disclosure/common.ts';
import { guideContentsCheck } from '../../checks/disclosure/guide-contents.ts';
import { homeNotUpdated } from '../../checks/freshness/home-not-updated.ts';

const NOW = new Date('2026-11-21T02:00:00Z');

describe('letters (V-05b) as letter boxes print them', () => {
  const list = () => observeFixture('letters-table.html', 'https://www.example.gov.cn/hdjl/szxx/', { depth: 2 });
  const detail = () => observeFixture('letter-detail.html', 'https://www.example.gov.cn/hdjl/szxx/detail.html?id=20261118001', { depth: 3 });

  it('a 信件编号|信件标题|来信时间|回复时间|处理状态 table: each letter with its dates and status', () => {
    const { letters } = scanLetters([list()], DEFAULT_TABLES);
    expect(letters.map((l) => [l.title, l.submitted, l.replied, l.status])).toEqual([
      ['关于某小区周边道路夜间施工噪音扰民的反映', '2026-11-18', '2026-11-20', 'answered'],
      ['咨询灵活就业人员参加职工医保的办理流程', '2026-11-15', '2026-11-17', 'answered'],
      ['建议在老城区增设公共停车位', '2026-10-20', undefined, 'pending'],
      ['反映某村自来水水压不足的问题', '2026-07-10', undefined, 'pending'],
    ]);
  });

  it('a th/td detail page gives 来信时间 and 回复时间 with the time of day dropped', () => {
    const { letters } = scanLetters([detail()], DEFAULT_TABLES);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ submitted: '2026-11-18', replied: '2026-11-20', status: 'answered', column: '市长信箱' });
  });

  it('the letter unanswered since July fails V-05b; the one from October is still within the time limit', () => {
    const s = site('https://www.example.gov.cn/');
    const r = runOne(unansweredLetters, context(s, NOW, [list(), detail()]));
    expect(r.summary.status).toBe('fail');
    expect(r.defects.map((d) => d.evidence[0]?.url)).toEqual(['https://www.example.gov.cn/hdjl/szxx/detail.html?id=20260710004']);
  });

  it('a detail page in two sections, each with a bare 时间：, gives both dates', () => {
    const o = observeFixture('letter-detail-sections.html', 'http://www.example.gov.cn/hdjl/zx/1.html', { depth: 2 });
    expect(scanLetters([o], DEFAULT_TABLES).letters.map((l) => [l.submitted, l.replied, l.status])).toEqual([['2026-11-18', '2026-11-20', 'answered']]);
  });

  it('a ul/li letter list whose status sits in its own span (not in the title) is still read', () => {
    const o = observeFixture('letters-ul.html', 'http://www.wanzai.gov.cn/hdjl/zxts/', { depth: 2 });
    const { letters } = scanLetters([o], DEFAULT_TABLES);
    expect(letters.map((l) => [l.title, l.submitted, l.status])).toEqual([
      ['关于新生儿医保参保登记的咨询', '2026-11-16', 'answered'],
      ['镇区农贸市场占道经营问题', '2026-11-09', 'answered'],
      ['咨询公租房申请条件及流程', '2026-10-12', 'pending'],
    ]);
  });
});

describe('footer identity (S-02 … S-05) on real footers', () => {
  const trsHome = () => observeFixture('trs-home-blocks.html', 'https://www.example.gov.cn/');

  it('TRS home: 网站标识码, 苏ICP备, 苏公网安备 linked; the conac badge written by document.write(unescape(…)) counts', () => {
    const s = site('https://www.example.gov.cn/', { siteIdCode: '3205000001' });
    const ctx = context(s, NOW, [trsHome()], [homeScripts(fixtureText('trs-home-blocks.html'), 'https://www.example.gov.cn/')]);
    expect(runOne(siteIdCodeCheck, ctx).summary.status).toBe('pass');
    expect(runOne(icpFilingCheck, ctx).summary).toMatchObject({ status: 'pass' });
    expect(runOne(psbFilingCheck, ctx).summary.status).toBe('pass');
    expect(runOne(conacMarkCheck, ctx).summary.status).toBe('pass');
  });

  it('鄂尔多斯 table-layout footer (no footer class): 网站标识码 and both filings read; no SiteIDCode meta is a defect', () => {
    const o = observeFixture('trs-ordos-annual-report-list.html', 'http://egb.ordos.gov.cn/');
    expect(o.footerText).toMatch(/网站标识码：1506000140/);
    expect(o.footerText).toMatch(/蒙ICP备13001412号-2/);
    expect(o.footerText).toMatch(/蒙公网安备 15062102000168号/);
    const s = site('http://egb.ordos.gov.cn/', { siteIdCode: '1506000140' });
    const ctx = context(s, NOW, [o], [homeScripts(fixtureText('trs-ordos-annual-report-list.html'), 'http://egb.ordos.gov.cn/')]);
    const sid = runOne(siteIdCodeCheck, ctx);
    expect(sid.summary.status).toBe('fail');
    expect(sid.defects.map((d) => d.key)).toEqual(['identity.site-id-code|meta-missing']);
    expect(runOne(psbFilingCheck, ctx).summary.status).toBe('pass');
    expect(runOne(conacMarkCheck, ctx).summary.status).toBe('pass');
  });

  it('万载 (开普云): the code only in the 纠错 script sitecode="…" is not a footer 网站标识码; unlinked ICP; no 公网安备', () => {
    const o = observeFixture('ucap-home-tabs.html', 'http://www.wanzai.gov.cn/');
    const s = site('http://www.wanzai.gov.cn/', { siteIdCode: '3609220011' });
    const ctx = context(s, NOW, [o], [homeScripts(fixtureText('ucap-home-tabs.html'), 'http://www.wanzai.gov.cn/')]);
    expect(runOne(siteIdCodeCheck, ctx).defects.map((d) => d.key)).toEqual(['identity.site-id-code|footer-missing']);
    expect(runOne(icpFilingCheck, ctx).summary.status).toBe('warn');
    expect(runOne(psbFilingCheck, ctx).summary.status).toBe('fail');
    expect(runOne(conacMarkCheck, ctx).summary.status).toBe('pass');
  });

  it('邯郸 信息公开 column: the footer_bg footer gives all three identity lines', () => {
    const o = observeFixture('trs-handan-xxgk-guide-column.html', 'http://hdzfxxgk.hd.gov.cn/zfxxgkzn/');
    expect(o.footerText).toMatch(/冀ICP备05029117号-1.*冀公网安备 13042002000523号.*网站标识码 1304000009/);
    expect(o.meta?.SiteIDCode).toBe('1304000009');
    // the side menu's broken nested comment leaves 应急管理 visible, as in a browser
    expect(o.links?.some((l) => l.text === '应急管理')).toBe(true);
  });
});

describe('guides', () => {
  it('邯郸 指南 column that only lists the departments\' guides: not a guide missing nine elements, a case for review', () => {
    const col = observeFixture('trs-handan-xxgk-guide-column.html', 'http://hdzfxxgk.hd.gov.cn/zfxxgkzn/', { depth: 1 });
    const home = observeFixture('trs-handan-xxgk-guide-column.html', 'http://hdzfxxgk.hd.gov.cn/');
    const r = runOne(guideContentsCheck, context(site('http://hdzfxxgk.hd.gov.cn/'), NOW, [home, col]));
    expect(r.summary).toMatchObject({ status: 'cannot_assess', requiresReview: true });
    expect(r.defects).toEqual([]);
  });

  it('a full 信息公开指南 page through the G-03 check: one defect, the missing internet contact', () => {
    const g = observeFixture('xxgk-guide-content.html', 'https://www.example.gov.cn/zwgk/xxgkzn/202602/t20260210_1.html', { depth: 2 });
    const home = observeFixture('trs-home-blocks.html', 'https://www.example.gov.cn/');
    const r = runOne(guideContentsCheck, context(site('https://www.example.gov.cn/'), NOW, [home, g]));
    expect(r.summary).toMatchObject({ status: 'fail', measure: 1 });
    expect(r.defects.map((d) => d.key)).toEqual(['disclosure.guide-contents|https://www.example.gov.cn/zwgk/xxgkzn/202602/t20260210_1.html|internet']);
  });

  it('办事指南 table: all ten V-06b elements are found', () => {
    const o = observeFixture('service-guide-table.html', 'https://www.example.gov.cn/bsfw/bszn/cbdj.html');
    expect([...elementsOnPage(o)].sort()).toEqual(['basis', 'conditions', 'fees', 'hours', 'materials', 'name', 'office', 'phone', 'place', 'process']);
  });

  it('信息公开指南 (G-03): every Art. 12 element but the internet contact, which this guide omits', () => {
    const o = observeFixture('xxgk-guide-content.html', 'https://www.example.gov.cn/zwgk/xxgkzn/202602/t20260210_1.html');
    const text = bodyText(o);
    const missing = Object.entries(DISCLOSURE_GUIDE).filter(([, e]) => !e.pattern.test(text)).map(([k]) => k);
    expect(missing).toEqual(['internet']);
  });
});

describe('home freshness (V-02) on real home pages', () => {
  it('a home page whose only dated things are the header date and old news is not updated', () => {
    const html = `<html><head><meta charset="utf-8"><title>某县人民政府</title></head><body>
<div class="topbar"><span>今天是：2026年11月21日 星期六</span><a href="/user/login.html">用户登录</a></div>
<div class="tit"><h3>政务要闻</h3><a class="more" href="/zwyw/">更多</a></div>
<ul><li><a href="/zwyw/202605/t20260501_1.html">县政府召开常务会议研究部署防汛工作</a><span>2026-05-01</span></li>
<li><a href="/zwyw/202604/t20260420_1.html">县领导督导春耕生产工作情况</a><span>2026-04-20</span></li></ul>
<div class="footer">主办：某县人民政府</div></body></html>`;
    const s = site('http://www.example.gov.cn/');
    const home = observe(Buffer.from(html), 'http://www.example.gov.cn/');
    expect(runOne(homeNotUpdated, context(s, NOW, [home])).summary.status).toBe('fail');
  });

  it('TRS and 开普云 home pages updated this week pass V-02', () => {
    for (const [f, url] of [
      ['trs-home-blocks.html', 'https://www.example.gov.cn/'],
      ['ucap-home-tabs.html', 'http://www.wanzai.gov.cn/'],
    ] as const) {
      const s = site(url);
      expect(runOne(homeNotUpdated, context(s, NOW, [observeFixture(f, url)])).summary.status, f).toBe('pass');
    }
  });
});

describe('filing numbers of every province', () => {
  it('蜀ICP备 (四川, as on the 巴中 page in search corpus id 23254188576), 黔/滇 filings and 川公网安备 are read', () => {
    const footer = (line: string) =>
      observe(Buffer.from(`<html><head><meta charset="utf-8"><title>t</title></head><body><div class="nav"><a href="/">首页</a></div><div class="footer">${line}</div></body></html>`), 'http://www.example.gov.cn/');
    const cases: Array<[string, string, string]> = [
      ['巴中市土地储备中心 备案序号：<a href="https://beian.miit.gov.cn/">蜀ICP备10004916号</a>', 'icp', 'pass'],
      ['<a href="https://beian.miit.gov.cn/">黔ICP备05004321号-1</a>', 'icp', 'pass'],
      ['<a href="https://beian.miit.gov.cn/">滇ICP备05000394号</a>', 'icp', 'pass'],
      ['<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=52242202000001">黔公网安备 52242202000001号</a>', 'psb', 'pass'],
      ['<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=51190202000012">川公网安备 51190202000012号</a>', 'psb', 'pass'],
    ];
    for (const [line, which, status] of cases) {
      const ctx = context(site('http://www.example.gov.cn/'), NOW, [footer(line)]);
      expect(runOne(which === 'icp' ? icpFilingCheck : psbFilingCheck, ctx).summary.status, line).toBe(status);
    }
  });
});

describe('网站标识码 under another label', () => {
  it('「网站识别码：3501000010」 (福州, search corpus id 25788357117) is the code shown under the wrong label, not a missing code', () => {
    const o = observe(Buffer.from('<html><head><meta charset="utf-8"><meta name="SiteIDCode" content="3501000010"><title>t</title></head><body><div class="nav"><a href="/">首页</a></div><ul class="foot"><li>Copyright 2001-2013 网站识别码：3501000010 闽ICP备07501520号 福州住房公积金管理中心</li></ul></body></html>'), 'http://www.example.gov.cn/');
    const r = runOne(siteIdCodeCheck, context(site('http://www.example.gov.cn/', { siteIdCode: '3501000010' }), NOW, [o]));
    expect(r.defects.map((d) => d.key)).toEqual(['identity.site-id-code|footer-label']);
    expect(r.defects[0].message.zh).toContain('网站识别码');
  });
});

describe('适老化 entry (A-02) as portals implement it', () => {
  it('a 长者模式 button that is a javascript: link with a toolbar script of its own name still counts', async () => {
    const { check: elderly } = await import('../../checks/quality/elderly-entry.ts');
    const o = observe(Buffer.from('<html><head><meta charset="utf-8"><title>某市人民政府</title><script src="/plugins/ylmode/ylmode.min.js"></script></head><body><div class="topbar"><a href="/">首页</a> | <a href="javascript:void(0)" onclick="ylmode.open()">长者模式</a> | <a href="/english/">English</a></div><div class="main"><p>欢迎访问</p></div></body></html>'), 'http://www.example.gov.cn/');
    const r = runOne(elderly, context(site('http://www.example.gov.cn/'), NOW, [o]));
    expect(r.summary.status).toBe('pass');
  });

  it('a page that only mentions 无障碍 inside a news title does not pass', async () => {
    const { check: elderly } = await import('../../checks/quality/elderly-entry.ts');
    const o = observe(Buffer.from('<html><head><meta charset="utf-8"><title>t</title></head><body><ul><li><a href="/a.html">我市推进信息无障碍环境建设</a><span>2026-11-20</span></li></ul></body></html>'), 'http://www.example.gov.cn/');
    expect(runOne(elderly, context(site('http://www.example.gov.cn/'), NOW, [o])).summary.status).toBe('fail');
  });
});

describe('provincial 政务服务网 hosts', () => {
  it('all 31 provincial platforms (as listed in a public repository, search corpus id 71439118442) are recognised', async () => {
    const { isServicePlatformHost } = await import('../../checks/services/common.ts');
    const hosts = ['banshi.beijing.gov.cn', 'zwdt.sh.gov.cn', 'www.gdzwfw.gov.cn', 'zwfw.zj.gov.cn', 'www.jszwfw.gov.cn', 'www.sczwfw.gov.cn', 'zwykb.cq.gov.cn', 'zwfw.sd.gov.cn', 'www.hnzwfw.gov.cn', 'zwfw.tj.gov.cn', 'zwfw.hebei.gov.cn', 'www.sxzwfw.gov.cn', 'zwfw.nmg.gov.cn', 'www.lnzwfw.gov.cn', 'zwfw.jl.gov.cn', 'www.zwfw.hlj.gov.cn', 'www.ahzwfw.gov.cn', 'zwfw.fujian.gov.cn', 'www.jxzwfww.gov.cn', 'zwfw.hubei.gov.cn', 'zwfw-new.hunan.gov.cn', 'zwfw.gxzf.gov.cn', 'wssp.hainan.gov.cn', 'zwfw.guizhou.gov.cn', 'zwfw.yn.gov.cn', 'www.xzzwfw.gov.cn', 'zwfw.shaanxi.gov.cn', 'zwfw.gansu.gov.cn', 'www.qhzwfw.gov.cn', 'zwfw.nx.gov.cn', 'zwfw.xinjiang.gov.cn'];
    expect(hosts.filter((h) => !isServicePlatformHost(h))).toEqual([]);
    expect(isServicePlatformHost('www.cq.gov.cn')).toBe(false);
  });
});

describe('政府网站工作年度报表 (S-10) as portals link it', () => {
  it('the standing home link 「政府网站年度工作报表」 (邯郸 专题专栏, search corpus id 3228589627) leading to this year\'s worksheet passes', async () => {
    const { check: worksheet } = await import('../../checks/identity/annual-worksheet.ts');
    const home = observe(Buffer.from('<html><head><meta charset="utf-8"><title>某市人民政府</title></head><body><div class="nav"><a href="/">首页</a></div><ul class="ztzl"><li><a href="/ztzl/ndgzbb/">政府网站年度工作报表</a></li><li><a href="/ztzl/czyjs/">财政预决算</a></li></ul><div class="footer">主办：某市人民政府办公室</div></body></html>'), 'http://www.example.gov.cn/');
    const col = observe(Buffer.from('<html><head><meta charset="utf-8"><title>政府网站年度工作报表</title></head><body><div class="nav"><a href="/">首页</a></div><ul class="list"><li><a href="/ztzl/ndgzbb/202601/t20260120_1.html">某市人民政府门户网站2025年度工作报表</a><span>2026-01-20</span></li><li><a href="/ztzl/ndgzbb/202501/t20250122_1.html">某市人民政府门户网站2024年度工作报表</a><span>2025-01-22</span></li></ul></body></html>'), 'http://www.example.gov.cn/ztzl/ndgzbb/', { depth: 1 });
    const r = runOne(worksheet, context(site('http://www.example.gov.cn/'), NOW, [home, col]));
    expect(r.summary.status).toBe('pass');
    expect(r.summary.evidence[0].url).toBe('http://www.example.gov.cn/ztzl/ndgzbb/202601/t20260120_1.html');
  });

  it('the same entry leading only to last year\'s worksheet does not pass', async () => {
    const { check: worksheet } = await import('../../checks/identity/annual-worksheet.ts');
    const home = observe(Buffer.from('<html><head><meta charset="utf-8"><title>t</title></head><body><div class="nav"><a href="/">首页</a></div><a href="/ztzl/ndgzbb/">政府网站工作年度报表</a></body></html>'), 'http://www.example.gov.cn/');
    const col = observe(Buffer.from('<html><head><meta charset="utf-8"><title>报表</title></head><body><ul><li><a href="/ztzl/ndgzbb/202501/t20250122_1.html">某市人民政府门户网站2024年度工作报表</a><span>2025-01-22</span></li></ul></body></html>'), 'http://www.example.gov.cn/ztzl/ndgzbb/', { depth: 1 });
    expect(runOne(worksheet, context(site('http://www.example.gov.cn/'), NOW, [home, col])).summary.status).toBe('fail');
  });
});
