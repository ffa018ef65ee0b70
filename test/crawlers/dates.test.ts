import { describe, expect, it } from 'vitest';
import { parseDocument } from 'htmlparser2';
import { dateFromUrl, extractDates, extractListItems, parseDateText } from '../../crawlers/extract/dates.ts';

const ref = new Date('2026-11-21T03:00:00Z');
const d = (s: string, opts: Parameters<typeof parseDateText>[1] = {}) => parseDateText(s, { refDate: ref, ...opts })?.date;

describe('parseDateText', () => {
  it.each([
    ['2026-11-20', '2026-11-20'],
    ['2026-11-20 10:30', '2026-11-20'],
    ['2026-11-20 10:30:59', '2026-11-20'],
    ['2026年11月20日', '2026-11-20'],
    ['2026 年 11 月 20 日', '2026-11-20'],
    ['2026年11月20号', '2026-11-20'],
    ['2026年1月5日 星期一', '2026-01-05'],
    ['2026/11/20', '2026-11-20'],
    ['2026.11.20', '2026-11-20'],
    ['2026-1-5', '2026-01-05'],
    ['发布时间：2026-11-20 09:00:00', '2026-11-20'],
    ['（2026-11-20）', '2026-11-20'],
    ['２０２６－１１－２０', '2026-11-20'],
    ['２０２６年１１月２０日', '2026-11-20'],
    ['二〇二六年十一月二十日', '2026-11-20'],
    ['二〇二五年一月三十一日', '2025-01-31'],
    ['二○二六年三月九日', '2026-03-09'],
    ['[11-20]', '2026-11-20'],
    ['11-20', '2026-11-20'],
    ['【11-20】', '2026-11-20'],
    ['11月20日', '2026-11-20'],
    ['11/20', '2026-11-20'],
    ['１１－２０', '2026-11-20'],
  ])('%s → %s', (raw, want) => {
    expect(d(raw)).toBe(want);
  });

  it('keeps the exact raw text for evidence', () => {
    expect(parseDateText('发布日期：2026年11月20日 来源：办公厅', { refDate: ref })).toEqual({ date: '2026-11-20', raw: '2026年11月20日' });
    expect(parseDateText('[11-20]', { refDate: ref })?.raw).toBe('11-20');
  });

  it('gives a year-less date the latest year not after the reference day + 1', () => {
    expect(d('12-30')).toBe('2025-12-30');
    expect(d('11-22')).toBe('2026-11-22'); // tomorrow is tolerated (time zones)
    expect(d('11-23')).toBe('2025-11-23');
    expect(d('02-29')).toBe('2024-02-29'); // only leap years have it
    expect(d('12-30', { contextYear: 2024 })).toBe('2024-12-30');
  });

  it('reads compact 8-digit dates only in URLs (or when asked)', () => {
    expect(d('/xxgk/202208/t20220812_2761252.shtml')).toBe('2022-08-12');
    expect(d('20261120')).toBeUndefined();
    expect(d('20261120', { compact: true })).toBe('2026-11-20');
  });

  it.each([
    ['2026-02-30'],
    ['2026-13-01'],
    ['2025年2月29日'],
    ['11350100003591125L/2026-01234'], // 索引号
    ['索引号：000014349/2026-00123'],
    ['0591-87654321'], // landline
    ['电话：0591-8765 4321'],
    ['13859012345'], // mobile
    ['版本 1.2.3'],
    ['v2026.1.2'],
    ['3.14'],
    ['10:30'],
    ['第1-2页'.replace('1-2', '13-45')],
    ['闽ICP备12345678号-1'],
    ['1800-01-01'],
    ['共 2026 条'],
    [''],
  ])('rejects %s', (raw) => {
    expect(d(raw)).toBeUndefined();
  });

  it('does not take a year-less date when asked not to', () => {
    expect(d('11-20', { yearless: false })).toBeUndefined();
  });

  it('skips an impossible full date and finds the real one after it', () => {
    expect(d('2026-02-30 更正为 2026-03-02')).toBe('2026-03-02');
  });
});

describe('dateFromUrl', () => {
  it.each([
    ['https://www.fz.gov.cn/zwgk/gzdt/202611/t20261120_4981234.htm', '2026-11-20'],
    ['https://www.zj.gov.cn/art/2021/12/29/art_1229040099_2386585.html', '2021-12-29'],
    ['https://www.gov.cn/zhengce/content/2026-11/20/content_6912345.htm', '2026-11-20'],
    ['https://x.gov.cn/jcms_files/jcms1/web1/site/art/2018/2/7/art_2201_123.html', '2018-02-07'],
    ['https://x.gov.cn/news/20261120/123.html', '2026-11-20'],
  ])('%s', (url, want) => {
    expect(dateFromUrl(url)?.date).toBe(want);
  });
  it('finds nothing in id-only URLs', () => {
    expect(dateFromUrl('https://www.gd.gov.cn/gkmlpt/content/0/508/post_508890.html')).toBeUndefined();
    expect(dateFromUrl('https://x.gov.cn/col/col1229214366/index.html')).toBeUndefined();
  });
});

describe('extractDates', () => {
  const html = `<html><head><meta name="PubDate" content="2026-11-18 10:00"><title>t</title>
    <script>var d = "2020-01-01";</script></head><body>
    <table class="xxgk"><tr><td>索引号：</td><td>11350100003591125L/2026-01234</td><td>发布机构：</td><td>市政府办公厅</td></tr>
    <tr><td>成文日期：</td><td>2026年11月15日</td><td>发布日期：</td><td>2026-11-17</td></tr></table>
    <div class="info"><span>来信时间：2026-01-02</span><span>时间：2026-11-16 08:00</span> 电话：0591-87654321</div>
    <p>根据2026年10月8日会议精神……</p><p>二〇二六年十一月十四日</p></body></html>`;
  const hits = extractDates(parseDocument(html), { PubDate: '2026-11-18 10:00' }, 'https://x.gov.cn/art/2026/11/18/art_1_2.html', { refDate: ref });

  it('lists meta first, then labelled fields, then text dates, then the URL', () => {
    expect(hits[0]).toMatchObject({ date: '2026-11-18', source: 'meta', label: 'PubDate', raw: '2026-11-18 10:00' });
    const labels = hits.filter((h) => h.source === 'label');
    expect(labels.map((h) => [h.label, h.date])).toEqual([
      ['成文日期', '2026-11-15'],
      ['发布日期', '2026-11-17'],
      ['时间', '2026-11-16'],
    ]);
    expect(hits.findIndex((h) => h.source === 'label')).toBeGreaterThan(0);
    const text = hits.filter((h) => h.source === 'text').map((h) => h.date);
    expect(text).toContain('2026-10-08');
    expect(text).toContain('2026-11-14');
    expect(hits.at(-1)).toMatchObject({ source: 'url', date: '2026-11-18' });
  });

  it('ignores script text, 索引号 and phone numbers, and does not read 来信时间 as the page date', () => {
    const all = hits.map((h) => h.date);
    expect(all).not.toContain('2020-01-01');
    expect(hits.some((h) => h.source === 'label' && h.date === '2026-01-02')).toBe(false);
    expect(all.every((x) => /^\d{4}-\d{2}-\d{2}$/.test(x))).toBe(true);
  });

  it('accepts the other common meta names', () => {
    for (const name of ['publishdate', 'firstpublishedtime', 'article:published_time', 'og:published_time']) {
      const h = extractDates(parseDocument('<p>x</p>'), { [name]: '2026-11-19T08:00:00+08:00' });
      expect(h[0]).toMatchObject({ source: 'meta', label: name, date: '2026-11-19' });
    }
  });
});

function items(html: string, url = 'https://www.fz.gov.cn/index.html') {
  return extractListItems(parseDocument(html), url, { refDate: ref });
}

describe('extractListItems', () => {
  it('TRS style: ul.list li a + span.date, heading with 更多, truncated titles from title=', () => {
    const out = items(`<div class="box"><div class="hd"><h3><a href="/zwyw/">政务要闻</a></h3><a class="more" href="/zwyw/index.html">更多>></a></div>
      <ul class="list">
        <li><a href="./202611/t20261120_1.html" title="市政府召开常务会议研究部署冬季安全生产工作" target="_blank">市政府召开常务会议研究部署…</a><span class="date">2026-11-20</span></li>
        <li><a href="./202611/t20261118_2.html">市领导调研重点项目建设情况</a><span class="date">2026-11-18</span></li>
      </ul></div>`);
    expect(out).toEqual([
      { title: '市政府召开常务会议研究部署冬季安全生产工作', url: 'https://www.fz.gov.cn/202611/t20261120_1.html', date: '2026-11-20', rawDate: '2026-11-20', block: '政务要闻', blockUrl: 'https://www.fz.gov.cn/zwyw/index.html' },
      { title: '市领导调研重点项目建设情况', url: 'https://www.fz.gov.cn/202611/t20261118_2.html', date: '2026-11-18', rawDate: '2026-11-18', block: '政务要闻', blockUrl: 'https://www.fz.gov.cn/zwyw/index.html' },
    ]);
  });

  it('bare bracketed dates after the link: <li><a>…</a>[11-20]</li>', () => {
    const out = items(`<h2>通知公告</h2><ul><li><a href="/tzgg/1.html">关于2026年元旦放假安排的通知</a>[11-20]</li><li><a href="/tzgg/2.html">关于公开招聘工作人员的公告</a>[12-30]</li></ul>`);
    expect(out.map((i) => [i.title, i.date, i.block])).toEqual([
      ['关于2026年元旦放假安排的通知', '2026-11-20', '通知公告'],
      ['关于公开招聘工作人员的公告', '2025-12-30', '通知公告'],
    ]);
  });

  it('does not take a date that is part of the title', () => {
    const out = items(`<ul><li><a href="/a.html">2026年10月1日起施行的新规解读</a><span>2026-11-02</span></li><li><a href="/b.html">另一条新闻标题很长很长</a><span>2026-11-01</span></li></ul>`);
    expect(out[0]).toMatchObject({ title: '2026年10月1日起施行的新规解读', date: '2026-11-02' });
  });

  it('table rows (信息公开目录 style) skip the header row', () => {
    const out = items(`<div class="title">政策文件</div><table><tr><th>序号</th><th>标题</th><th>发布日期</th></tr>
      <tr><td>1</td><td><a href="/zcwj/1.html">福州市人民政府关于印发某某办法的通知</a></td><td>2025年06月01日</td></tr>
      <tr><td>2</td><td><a href="/zcwj/2.html">福州市人民政府关于某某工作的意见</a></td><td>2025年05月02日</td></tr></table>`);
    expect(out.map((i) => [i.date, i.block])).toEqual([
      ['2025-06-01', '政策文件'],
      ['2025-05-02', '政策文件'],
    ]);
  });

  it('JCMS/开普云 div rows and dates inside the link', () => {
    const out = items(`<div class="lm-title"><span>部门动态</span></div><div class="list">
      <div class="item"><a href="/bmdt/1.html"><span class="t">市住建局开展燃气安全专项检查</span><span class="time">2026-11-19</span></a></div>
      <div class="item"><a href="/bmdt/2.html"><span class="t">市教育局召开全市教育工作会议</span><span class="time">2026-11-12</span></a></div></div>`);
    expect(out.map((i) => [i.title, i.date, i.block])).toEqual([
      ['市住建局开展燃气安全专项检查', '2026-11-19', '部门动态'],
      ['市教育局召开全市教育工作会议', '2026-11-12', '部门动态'],
    ]);
  });

  it('tabs: each list under the tab body gets its own tab name', () => {
    const out = items(`<div class="tab"><ul class="tabs"><li class="on"><a href="/tzgg/">通知公告</a></li><li><a href="/zcwj/">政策文件</a></li></ul>
      <div class="bd"><ul><li><a href="/tzgg/1.html">关于2026年元旦放假安排的通知</a><span>2026-10-01</span></li></ul>
      <ul style="display:none"><li><a href="/zcwj/1.html">福州市人民政府关于印发某某办法的通知</a><span>2025-06-01</span></li></ul></div></div>`);
    expect(out.map((i) => [i.block, i.blockUrl])).toEqual([
      ['通知公告', 'https://www.fz.gov.cn/tzgg/'],
      ['政策文件', 'https://www.fz.gov.cn/zcwj/'],
    ]);
  });

  it('keeps undated rows of a news list (V-02: they count as not updated) but not nav menus', () => {
    const out = items(`<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li></ul>
      <span>2026年11月21日 星期六</span></div>
      <h3>工作动态</h3><ul><li><a href="/gzdt/1.html">市政府召开第一次全体会议部署工作</a></li>
      <li><a href="/gzdt/2.html">市领导走访慰问困难群众送去温暖</a></li><li><a href="/gzdt/3.html">全市安全生产工作会议召开情况通报</a></li></ul>
      <div class="footer"><ul><li><a href="http://www.gov.cn/">中国政府网</a></li><li><a href="http://www.fujian.gov.cn/">福建省人民政府</a></li></ul></div>`);
    expect(out).toHaveLength(3);
    expect(out.every((i) => i.date === undefined && i.block === '工作动态')).toBe(true);
  });

  it('a list with some dated rows keeps the undated ones', () => {
    const out = items(`<ul><li><a href="/1.html">第一条新闻标题内容</a><span>2026-11-01</span></li><li><a href="/2.html">第二条新闻标题内容</a></li></ul>`);
    expect(out.map((i) => i.date)).toEqual(['2026-11-01', undefined]);
  });

  it('honours <base href> and skips javascript: links and 更多 rows', () => {
    const out = items(
      `<html><head><base href="https://www.fz.gov.cn/site/"></head><body><ul><li><a href="a.html">某某某新闻标题一</a><span>2026-11-01</span></li>
      <li><a href="javascript:void(0)">脚本链接不应出现</a><span>2026-11-01</span></li><li><a href="/more/">更多>></a><span>2026-11-01</span></li></ul></body></html>`,
    );
    expect(out.map((i) => i.url)).toEqual(['https://www.fz.gov.cn/site/a.html']);
  });

  it('dd rows and a 更多 link after the list', () => {
    const out = items(`<dl><dt>公示公告</dt><dd><a href="/gsgg/1.html">关于某某项目环评的公示</a><i>11-02</i></dd><dd><a href="/gsgg/2.html">关于某某拟任职人选的公示</a><i>10-28</i></dd></dl><div class="more"><a href="/gsgg/">更多</a></div>`);
    expect(out.map((i) => [i.date, i.blockUrl])).toEqual([
      ['2026-11-02', 'https://www.fz.gov.cn/gsgg/'],
      ['2026-10-28', 'https://www.fz.gov.cn/gsgg/'],
    ]);
  });

  it('calendar-tile dates split over two elements (day, then year-month, or the reverse)', () => {
    const out = items(`<h3>工作动态</h3><ul class="news">
      <li><div class="date"><span class="d">20</span><span class="ym">2026-11</span></div><a href="/gzdt/1.html">市政府召开第一次全体会议部署工作</a></li>
      <li><div class="date"><span class="ym">2026.10</span><span class="d">08</span></div><a href="/gzdt/2.html">市领导走访慰问困难群众送去温暖</a></li></ul>`);
    expect(out.map((i) => [i.date, i.rawDate])).toEqual([
      ['2026-11-20', '20 2026-11'],
      ['2026-10-08', '2026.10 08'],
    ]);
  });

  it('reads lists shipped inside scripts: JCMS/JPaaS datastore records and Hanweb arrays', () => {
    const jcms = items(
      `<div class="lm-title"><h3>工作动态</h3></div><div id="4436287"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1"></a>]]></nextgroup><recordset>
      <record><![CDATA[<li><a href="/art/2026/11/19/art_1229_100.html" title="市政府召开专题会议研究部署工作" target="_blank">市政府召开专题会议研究部署工作</a><span class="bt-data-time">[2026-11-19]</span></li>]]></record>
      <record><![CDATA[<li><a href="/art/2026/11/02/art_1229_99.html" target="_blank">市领导督导检查安全生产工作</a><span>2026-11-02</span></li>]]></record>
      </recordset></datastore></script></div>`,
      'https://www.zj-city.gov.cn/col/col1229/index.html',
    );
    expect(jcms.map((i) => [i.url, i.date, i.block])).toEqual([
      ['https://www.zj-city.gov.cn/art/2026/11/19/art_1229_100.html', '2026-11-19', '工作动态'],
      ['https://www.zj-city.gov.cn/art/2026/11/02/art_1229_99.html', '2026-11-02', '工作动态'],
    ]);
    const hanweb = items(
      `<script language="javascript">var urls=new Array();var headers=new Array();var year=new Array();var month=new Array();var day=new Array();
      i=0;urls[i]='/art/2026/11/18/art_736_1.html';headers[i]="<a title='关于开展科技项目申报的通知'>关于开展科技项目申报的通知</a>";year[i]='2026';month[i]='11';day[i]='18';i++;
      urls[i]='/art/2026/10/08/art_736_2.html';headers[i]="关于公布认定结果的公示";year[i]='2026';month[i]='10';day[i]='8';i++;</script>`,
      'https://kw.example.gov.cn/col/col736/index.html',
    );
    expect(hanweb.map((i) => [i.title, i.date])).toEqual([
      ['关于开展科技项目申报的通知', '2026-11-18'],
      ['关于公布认定结果的公示', '2026-10-08'],
    ]);
  });

  it('dt title rows with the date in the following dd', () => {
    const out = items(`<h3>通知公告</h3><dl class="news"><dt><a href="/tzgg/1.html">关于开展安全生产大检查的通知</a></dt><dd>2026-11-18</dd><dt><a href="/tzgg/2.html">关于做好冬季防火工作的通知</a></dt><dd>2026-11-02</dd></dl>`);
    expect(out.map((i) => [i.title, i.date, i.block])).toEqual([
      ['关于开展安全生产大检查的通知', '2026-11-18', '通知公告'],
      ['关于做好冬季防火工作的通知', '2026-11-02', '通知公告'],
    ]);
  });

  it('handles a large page quickly', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `<li><a href="/n/${i}.html">第${i}条政务要闻标题内容示例</a><span>2026-${String((i % 12) + 1).padStart(2, '0')}-15</span></li>`).join('');
    const html = `<div><h3>政务要闻</h3><ul>${rows}</ul></div>`.repeat(3);
    const t0 = performance.now();
    const out = items(html);
    const ms = performance.now() - t0;
    expect(out).toHaveLength(6000);
    expect(ms).toBeLessThan(2000);
  });
});
