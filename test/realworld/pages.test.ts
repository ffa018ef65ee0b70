/**
 * Real-world page shapes (test/realworld/fixtures, each with its source) through the crawler's own
 * decode → extract → dates/lists pipeline. Every expectation is what an evaluator reading the page
 * would write down: the charset and 中文 text, each dated row with its date, title and block, the
 * publish/成文 dates of an article, and nothing invented from prose or page furniture.
 */
import { describe, expect, it } from 'vitest';
import { observe, observeFixture } from './pipeline.ts';
import type { ListItem } from '../../model/observation.ts';

const rows = (items: ListItem[] | undefined) => (items ?? []).map((i) => [i.date, i.block, i.title]);
const dateOf = (o: { dates?: Array<{ source: string; label?: string; date: string }> }, label: string) => o.dates?.find((d) => d.label === label)?.date;

describe('charsets as portals serve them', () => {
  it('a GB2312 page whose <meta> comes after a 1 KiB comment block is decoded as GB18030', () => {
    const o = observeFixture('gbk-county-home.html', 'http://www.example.gov.cn/', { encoding: 'gb18030' });
    expect(o.charset).toBe('gb18030');
    expect(o.charsetSource).toBe('meta');
    expect(o.title).toBe('某县人民政府门户网站');
    expect(o.text).toContain('县政府召开冬春农田水利建设动员会');
    expect(o.text).not.toMatch(/\uFFFD/);
  });

  it('GBK bytes behind a proxy that says charset=UTF-8 are still read as Chinese (the bytes overrule the header)', () => {
    const o = observeFixture('gbk-mislabelled-article.html', 'http://www.example.gov.cn/tzgg/202611/t20261116_1.htm', { encoding: 'gb18030', contentType: 'text/html; charset=UTF-8' });
    expect(o.charset).toBe('gb18030');
    expect(o.declaredCharset).toBe('utf-8');
    expect(o.title).toBe('关于做好2026年冬季供暖工作的通知');
    expect(dateOf(o, '发布时间')).toBe('2026-11-16');
  });

  it('the same GBK page with no declaration anywhere is detected, not decoded as Latin-1', () => {
    const html = observeFixture('gbk-mislabelled-article.html', 'http://x.gov.cn/', { encoding: 'gb18030' });
    expect(html.charset).toBe('gb18030');
    expect(html.text).toContain('各乡镇人民政府');
  });
});

describe('article pages: the dates an evaluator reads', () => {
  it('gov.cn 国务院文件: 成文日期 and 发布日期 from the metadata table, publishdate from <head>', () => {
    const o = observeFixture('govcn-zhengce-content.html', 'https://www.gov.cn/zhengce/content/2020-06/01/content_5516649.htm');
    expect(dateOf(o, '成文日期')).toBe('2020-05-26');
    expect(dateOf(o, '发布日期')).toBe('2020-06-01');
    expect(o.dates?.[0]).toMatchObject({ source: 'meta', date: '2020-06-01' });
    expect(o.footerText).toMatch(/网站标识码bm01000001/);
  });

  it('gov.cn firstpublishedtime written as YYYY-MM-DD-HH:mm:ss is a publication date', () => {
    const o = observeFixture('govcn-zhengce-content.html', 'https://www.gov.cn/zhengce/content/2020-06/01/content_5516649.htm');
    expect(o.dates?.find((d) => d.source === 'meta' && d.label === 'firstpublishedtime')?.date).toBe('2020-06-01');
  });

  it('TRS 信息公开 detail: PubDate meta, 生成日期 and 发布日期 labels, the date in the t2022…_ URL', () => {
    const o = observeFixture('trs-xxgk-article.shtml', 'https://www.example.gov.cn/zwgk/tzgg/202208/t20220812_2761252.shtml');
    expect(o.dates?.[0]).toMatchObject({ source: 'meta', label: 'PubDate', date: '2022-08-12' });
    expect(dateOf(o, '生成日期')).toBe('2022-08-12');
    expect(o.dates?.find((d) => d.source === 'url')?.date).toBe('2022-08-12');
    expect(o.meta?.ArticleTitle).toBe('关于开展2022年度城镇老旧小区改造项目申报工作的通知');
    expect(o.links?.find((l) => l.text === '申报表.docx')?.url).toBe('https://www.example.gov.cn/zwgk/tzgg/202208/W020220812351128417260.docx');
  });

  it('广东 gkmlpt: 成文日期 and 发布日期 from the classify table (no date in the post_ URL)', () => {
    const o = observeFixture('gkmlpt-content.html', 'http://fgw.sz.gov.cn/gkmlpt/content/10/10454/post_10454297.html');
    expect(dateOf(o, '成文日期')).toBe('2023-02-21');
    expect(dateOf(o, '发布日期')).toBe('2023-02-24');
    expect(o.dates?.some((d) => d.source === 'url')).toBe(false);
  });

  it('JCMS article: 发布日期 between <!--<$[发布日期]>begin--> markers, the art/2022/1/5 URL date', () => {
    const o = observeFixture('jcms-article.html', 'https://www.example.gov.cn/art/2022/1/5/art_2201_123.html');
    expect(dateOf(o, '发布日期')).toBe('2022-01-05');
    expect(o.dates?.find((d) => d.source === 'url')?.date).toBe('2022-01-05');
    expect(o.title).toBe('县农业农村局召开秋冬种生产工作推进会');
  });

  it('the header clock (当前时间：… / 北京时间：…) is not a labelled page date; 发布时间 is', () => {
    const o = observe(Buffer.from('<html><head><meta charset="utf-8"><title>t</title></head><body><div class="top">当前时间：2026年11月21日 星期六</div><div class="t2">北京时间: 2026-11-21</div><div class="info">发布时间：2026-10-01</div></body></html>'), 'http://www.example.gov.cn/a.html');
    expect(o.dates?.filter((d) => d.source === 'label' || d.source === 'meta').map((d) => [d.label, d.date])).toEqual([['发布时间', '2026-10-01']]);
  });

  it('an article is not a dated list: its attachment link, sign-off date or 「1月4日，…」 lead is never a list row', () => {
    for (const [f, url] of [
      ['trs-xxgk-article.shtml', 'https://www.example.gov.cn/zwgk/tzgg/202208/t20220812_2761252.shtml'],
      ['gkmlpt-content.html', 'http://fgw.sz.gov.cn/gkmlpt/content/10/10454/post_10454297.html'],
      ['jcms-article.html', 'https://www.example.gov.cn/art/2022/1/5/art_2201_123.html'],
    ] as const) {
      const o = observeFixture(f, url);
      expect(rows(o.items), f).toEqual([]);
    }
  });
});

describe('column lists as CMSs print them', () => {
  it('TRS table-layout 年报 column (鄂尔多斯): every row with its date, the column named by the breadcrumb', () => {
    const o = observeFixture('trs-ordos-annual-report-list.html', 'http://egb.ordos.gov.cn/xxgk/xxgknb/');
    expect(rows(o.items)).toEqual([
      ['2020-09-03', '信息公开年报', '鄂尔多斯市2019年政府信息公开工作年度报告'],
      ['2020-05-06', '信息公开年报', '恩格贝生态示范区召开2020年度工作会暨党风廉政建设会议'],
      ['2020-03-11', '信息公开年报', '鄂尔多斯市人民政府办公室2019年政府信息公开工作年度报告'],
      ['2019-05-30', '信息公开年报', '鄂尔多斯市2018年政府信息公开年度报告'],
      ['2018-03-26', '信息公开年报', '恩格贝生态示范区召开2018年度工作会议暨党风廉政建设会议'],
    ]);
    expect(o.items?.[0].url).toBe('http://egb.ordos.gov.cn/xxgk/xxgknb/202009/t20200903_2748784.html');
  });

  it('the TRS pager written by script (countPage / createPageHTML) still yields the link to index_1.html', () => {
    for (const [f, url] of [
      ['trs-ordos-annual-report-list.html', 'http://egb.ordos.gov.cn/xxgk/xxgknb/'],
      ['trs-column-page2.html', 'https://www.example.gov.cn/tzgg/'],
    ] as const) {
      const o = observeFixture(f, url);
      expect(o.links?.map((l) => l.url), f).toContain(`${url}index_1.html`);
    }
  });

  it('JPaaS column: the records inside <script type="text/xml"><datastore> are the list, with full titles', () => {
    const o = observeFixture('jpaas-column-datastore.html', 'https://www.example.gov.cn/col/col1229123456/index.html');
    expect(rows(o.items)).toEqual([
      ['2026-11-20', '通知公告', '关于2026年冬季森林防火期有关事项的通告'],
      ['2026-11-12', '通知公告', '某县2026年第三批城乡居民医保参保缴费的公告'],
      ['2026-10-30', '通知公告', '关于公开招聘社区专职工作者的公告'],
      ['2026-09-08', '通知公告', '某县人民政府关于调整部分行政事业性收费的通知'],
    ]);
  });

  it('Hanweb script arrays (urls[i]/headers[i]/year[i]…) are read as rows, markup stripped from titles', () => {
    const o = observeFixture('hanweb-script-list.html', 'https://www.example.gov.cn/col/col101/index.html');
    expect(rows(o.items)).toEqual([
      ['2026-11-19', '工作动态', '市政府召开第45次常务会议'],
      ['2026-11-06', '工作动态', '全市安全生产工作会议召开'],
      ['2026-10-28', '工作动态', '市领导督导秋冬季大气污染防治工作'],
    ]);
  });

  it('政府信息公开目录 table with 2022年08月12日 dates and a td header row; the clipped title comes from title=""', () => {
    const o = observeFixture('cn-date-table-list.html', 'https://www.example.gov.cn/xxgk/zcwj/');
    expect(rows(o.items)).toEqual([
      ['2022-08-12', '政策文件', '某市人民政府关于印发某市国土空间总体规划（2021—2035年）实施意见的通知'],
      ['2022-07-28', '政策文件', '某市人民政府办公室关于进一步加强安全生产工作的通知'],
      ['2022-07-06', '政策文件', '某市人民政府关于公布2022年市级权责清单的决定'],
    ]);
  });

  it('calendar tiles (<span>20</span><em>2026-11</em>) give the full date', () => {
    const o = observeFixture('calendar-tile-list.html', 'https://www.example.gov.cn/xwzx/gzdt/');
    expect(rows(o.items)).toEqual([
      ['2026-11-20', '工作动态', '局党组召开理论学习中心组学习会'],
      ['2026-11-06', '工作动态', '我局开展食品安全专项检查'],
      ['2026-10-29', '工作动态', '全市市场监管工作推进会召开'],
    ]);
  });
});

describe('home pages', () => {
  it('TRS home: each block named by its heading, [11-18] dates take the year of the crawl, 图片新闻 dates inside the link', () => {
    const o = observeFixture('trs-home-blocks.html', 'https://www.example.gov.cn/');
    expect(rows(o.items)).toEqual([
      ['2026-11-20', '政务要闻', '市委常委会召开会议 研究部署冬季安全生产工作'],
      ['2026-11-19', '政务要闻', '我市举行重大项目集中开工活动'],
      ['2026-11-17', '政务要闻', '市政府与某大学签署战略合作协议'],
      ['2026-11-18', '通知公告', '关于2026年度市级机关公开遴选公务员的公告'],
      ['2026-11-02', '通知公告', '关于做好今冬明春供暖保障工作的通知'],
      ['2026-10-25', '通知公告', '某市2026年第二批建设用地批准信息公示'],
      ['2026-11-16', '图片新闻', '古城墙修缮工程完工'],
      ['2026-11-10', '图片新闻', '运河步道全线贯通'],
    ]);
    expect(o.items?.[0].blockUrl).toBe('https://www.example.gov.cn/zwyw/');
  });

  it('开普云 tabs with a trailing 「更多」: each tab body is its own block; 12-31 seen in November is last year', () => {
    const o = observeFixture('ucap-home-tabs.html', 'http://www.wanzai.gov.cn/');
    expect(rows(o.items)).toEqual([
      ['2026-11-20', '万载要闻', '县委常委会召开扩大会议'],
      ['2026-11-18', '万载要闻', '我县开展冬季消防安全大检查'],
      ['2026-11-14', '部门动态', '县人社局开展根治欠薪冬季行动'],
      ['2026-10-30', '部门动态', '县卫健委开展义诊进乡村活动'],
      ['2025-12-31', '乡镇动态', '株潭镇召开年终工作总结会'],
    ]);
    expect(o.items?.find((i) => i.block === '部门动态')?.blockUrl).toBe('http://www.wanzai.gov.cn/zwdt/bmdt/');
  });

  it('TRS setTab block: the hidden second and third tab bodies (div#con_one_2/3) keep their tab names', () => {
    const o = observeFixture('trs-settab-home.html', 'http://www.example.gov.cn/');
    expect((o.items ?? []).map((i) => [i.block, i.blockUrl])).toEqual([
      ...Array(4).fill(['政务要闻', 'http://www.example.gov.cn/zwyw/']),
      ...Array(2).fill(['部门动态', 'http://www.example.gov.cn/bmdt/']),
      ['县区动态', 'http://www.example.gov.cn/xqdt/'],
    ]);
  });

  it('card rows (div.item > a + p.info 「来源：… 发布时间：…」) keep their dates; a welcome line with today\'s date is not a row', () => {
    const html = `<html><head><meta charset="utf-8"><title>t</title></head><body><h2>工作动态</h2><div class="list">
<div class="item"><a href="/a1.html">市场监管局开展冬季食品安全检查行动</a><p class="info">来源：县市场监管局 发布时间：2026-11-20</p></div>
<div class="item"><a href="/a2.html">县领导调研乡村振兴重点项目</a><p class="info">来源：县政府办 发布时间：2026-11-18</p></div></div>
<div class="top"><p>欢迎访问某县人民政府门户网站 2026年11月21日</p><a href="/en/">English</a></div></body></html>`;
    const o = observe(Buffer.from(html), 'http://www.example.gov.cn/');
    expect(rows(o.items)).toEqual([
      ['2026-11-20', '工作动态', '市场监管局开展冬季食品安全检查行动'],
      ['2026-11-18', '工作动态', '县领导调研乡村振兴重点项目'],
    ]);
  });

  it('two columns of entries in one table row (link cell, date cell, link cell, date cell) are four entries, not none', () => {
    const html = `<html><head><meta charset="utf-8"><title>t</title></head><body><table><tr><td class="lmmc">县内要闻</td></tr></table>
<table><tr><td>·<a href="/a1.htm">县政府召开冬春农田水利建设动员会</a></td><td>(11-19)</td><td>·<a href="/b1.htm">关于开展2026年度农村危房改造工作的通知</a></td><td>(11-15)</td></tr>
<tr><td>·<a href="/a2.htm">全县脱贫攻坚成果巩固工作推进会召开</a></td><td>(11-13)</td><td>·<a href="/b2.htm">某县2026年公开招聘教师拟聘用人员公示</a></td><td>(10-20)</td></tr></table></body></html>`;
    const o = observe(Buffer.from(html), 'http://www.example.gov.cn/');
    expect((o.items ?? []).map((i) => [i.date, i.title])).toEqual([
      ['2026-11-19', '县政府召开冬春农田水利建设动员会'],
      ['2026-11-15', '关于开展2026年度农村危房改造工作的通知'],
      ['2026-11-13', '全县脱贫攻坚成果巩固工作推进会召开'],
      ['2026-10-20', '某县2026年公开招聘教师拟聘用人员公示'],
    ]);
  });

  it('GBK table-layout home: column heads in td.lmmc, (2026-11-19) dates', () => {
    const o = observeFixture('gbk-county-home.html', 'http://www.example.gov.cn/', { encoding: 'gb18030' });
    expect(rows(o.items)).toEqual([
      ['2026-11-19', '县内要闻', '县政府召开冬春农田水利建设动员会'],
      ['2026-11-13', '县内要闻', '全县脱贫攻坚成果巩固工作推进会召开'],
      ['2026-11-01', '县内要闻', '县领导调研重点项目建设'],
      ['2026-11-15', '通知公告', '关于开展2026年度农村危房改造工作的通知'],
      ['2026-10-20', '通知公告', '某县2026年公开招聘教师拟聘用人员公示'],
    ]);
  });

  it("today's date in the page header (今天是2026年11月21日) next to a login link is not a news item", () => {
    const html = `<html><head><meta charset="utf-8"><title>某县人民政府</title></head><body>
<div class="topbar"><span class="today">今天是：2026年11月21日 星期六</span><a href="/user/login.html">用户登录</a></div>
<div class="welcome"><p>欢迎访问某县人民政府门户网站 2026年11月21日</p><a href="/english/">English</a></div>
<div class="tit"><h3>政务要闻</h3></div><ul><li><a href="/zwyw/202605/t20260501_1.html">县政府召开常务会议研究部署防汛工作</a><span>2026-05-01</span></li></ul>
</body></html>`;
    const o = observe(Buffer.from(html), 'http://www.example.gov.cn/');
    expect(rows(o.items)).toEqual([['2026-05-01', '政务要闻', '县政府召开常务会议研究部署防汛工作']]);
  });

  it('the table-layout top bar (今天是：… 星期六 | 设为首页 | 加入收藏) and a dated 无障碍 link are not news items', () => {
    const html = `<html><head><meta charset="utf-8"><title>某县人民政府门户网站</title></head><body>
<table width="980"><tr><td>今天是：2026年11月21日 星期六</td><td><a href="javascript:void(0)">设为首页</a></td><td><a href="/sc.html">加入收藏</a></td></tr></table>
<div class="d"><span>2026年11月21日 星期六</span><a href="/wza/">无障碍浏览</a></div>
<table><tr><td class="lmmc">县内要闻</td></tr></table><table><tr><td><a href="/xnyw/202601/t20260105_1.htm">全县经济工作会议召开</a></td><td>(2026-01-05)</td></tr>
<tr><td><a href="/xnyw/202512/t20251230_1.htm">县领导走访慰问困难群众</a></td><td>(2025-12-30)</td></tr></table></body></html>`;
    const o = observe(Buffer.from(html), 'http://www.example.gov.cn/');
    expect(rows(o.items)).toEqual([
      ['2026-01-05', '县内要闻', '全县经济工作会议召开'],
      ['2025-12-30', '县内要闻', '县领导走访慰问困难群众'],
    ]);
  });
});
