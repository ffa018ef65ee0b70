import { describe, it, expect } from 'vitest';
import { extractPage, isInternalUrl, looksLikeJsShell } from '../../crawlers/extract/page.ts';

const SITE = 'http://www.fz.gov.cn/';

const PAGE = `<!DOCTYPE html><html><head>
<title> 福州市人民政府
  门户网站 </title>
<meta name="SiteName" content="福州市人民政府">
<meta name="SiteIDCode" content="3501000001">
<meta property="og:title" content="福州">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<link rel="stylesheet" href="/css/main.css">
<link rel="canonical" href="http://www.fz.gov.cn/index.html">
<script src="/js/jquery.js"></script>
<script src="https://hm.baidu.com/hm.js?abc"></script>
<style>.x{color:red}</style>
</head><body>
<div id="header"><div class="nav"><ul>
  <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="http://fgw.fz.gov.cn/">发改委</a></li>
</ul></div></div>
<div class="main">
  <h2>通知公告</h2>
  <table><tr><th>标题</th><th>发布日期</th></tr>
    <tr><td><a href="/tzgg/1.html">关于开展检查的通知</a></td><td>2026-11-02</td></tr>
    <tr><td><a href="/tzgg/2.html">关于放假的通知</a></td><td>2026-10-01</td></tr>
  </table>
  <map name="m"><area href="/map/area.html" alt="地图区域"></map>
  <img src="/img/banner.png" alt="横幅">
  <img src="data:image/gif;base64,R0lGOD" data-src="/img/lazy.jpg" alt="懒加载">
  <a href="/files/guide.pdf"><img src="/img/pdf.png" alt="办事指南下载"></a>
  <a href="#top">回到顶部</a>
  <a href="javascript:void(0)">无效</a>
  <a href="mailto:">写信</a>
  <a href="mailto:zfb@fz.gov.cn">联系我们</a>
  <a href="tel:0591-12345">电话</a>
  <a href="http://exa mple.com:99999/">坏链接</a>
  <a href="http://www.gov.cn/">中国政府网</a>
  <a href="page.html#section">相对链接</a>
  <iframe src="/video/player.html" title="视频"></iframe>
  <embed src="/flash/intro.swf">
  <video><source src="/media/clip.mp4"></video>
  <object data="/docs/file.pdf"></object>
  <form action="/search/search.do" method="POST">
    <input type="text" name="keyword" placeholder="请输入关键词">
    <input type="hidden" name="siteid" value="1">
    <select name="scope"><option>全站</option></select>
    <input type="submit" value="搜索">
  </form>
</div>
<script>var inline = 1;</script>
<div class="footer-wrap">
  <p>主办单位：福州市人民政府办公厅 版权所有</p>
  <p>网站标识码：3501000001 <a href="https://beian.miit.gov.cn/">闽ICP备05000001号</a></p>
  <a href="http://bszs.conac.cn/sitename?method=show&id=1"><img src="/img/dzjg.png" alt="党政机关"></a>
</div>
</body></html>`;

describe('extractPage', () => {
  const p = extractPage(PAGE, 'http://www.fz.gov.cn/sub/index.html', { siteUrl: SITE });
  const byUrl = (u: string) => p.links.find((l) => l.url === u);

  it('reads title, meta as written, visible text without scripts or styles', () => {
    expect(p.title).toBe('福州市人民政府 门户网站');
    expect(p.meta.SiteIDCode).toBe('3501000001');
    expect(p.meta['og:title']).toBe('福州');
    expect(p.meta['X-UA-Compatible']).toBe('IE=edge');
    expect(p.text).toContain('关于开展检查的通知');
    expect(p.text).not.toContain('var inline');
    expect(p.text).not.toContain('color:red');
    expect(p.text).not.toMatch(/\s{2,}/);
  });

  it('extracts links of every tag with their anchor text, resolved and without fragments', () => {
    expect(byUrl('http://www.fz.gov.cn/zwgk/')).toMatchObject({ tag: 'a', text: '政务公开', internal: true });
    expect(byUrl('http://www.fz.gov.cn/map/area.html')).toMatchObject({ tag: 'area', text: '地图区域' });
    expect(byUrl('http://www.fz.gov.cn/img/banner.png')).toMatchObject({ tag: 'img', text: '横幅' });
    expect(byUrl('http://www.fz.gov.cn/img/lazy.jpg')).toMatchObject({ tag: 'img', text: '懒加载' });
    expect(byUrl('http://www.fz.gov.cn/files/guide.pdf')).toMatchObject({ tag: 'a', text: '办事指南下载' });
    expect(byUrl('http://www.fz.gov.cn/js/jquery.js')).toMatchObject({ tag: 'script' });
    expect(byUrl('http://www.fz.gov.cn/css/main.css')).toMatchObject({ tag: 'link', rel: 'stylesheet' });
    expect(byUrl('http://www.fz.gov.cn/video/player.html')).toMatchObject({ tag: 'iframe', text: '视频' });
    expect(byUrl('http://www.fz.gov.cn/flash/intro.swf')).toMatchObject({ tag: 'embed' });
    expect(byUrl('http://www.fz.gov.cn/media/clip.mp4')).toMatchObject({ tag: 'source' });
    expect(byUrl('http://www.fz.gov.cn/docs/file.pdf')).toMatchObject({ tag: 'object' });
    expect(byUrl('http://www.fz.gov.cn/search/search.do')).toMatchObject({ tag: 'form', text: '搜索' });
    expect(byUrl('http://www.fz.gov.cn/sub/page.html')).toMatchObject({ raw: 'page.html#section' });
    expect(p.links.some((l) => l.url.includes('#'))).toBe(false);
    expect(p.links.some((l) => l.url.startsWith('javascript:'))).toBe(false);
  });

  it('marks sub-domains internal and other domains external', () => {
    expect(byUrl('http://fgw.fz.gov.cn/')?.internal).toBe(true);
    expect(byUrl('http://www.gov.cn/')?.internal).toBe(false);
    expect(byUrl('https://hm.baidu.com/hm.js?abc')?.internal).toBe(false);
    expect(isInternalUrl('https://www.fz.gov.cn:8443/x', SITE)).toBe(true);
    expect(isInternalUrl('http://www.xm.gov.cn/', SITE)).toBe(false);
  });

  it('keeps mailto/tel and notes the invalid ones', () => {
    expect(byUrl('mailto:zfb@fz.gov.cn')?.invalid).toBeUndefined();
    expect(byUrl('mailto:')?.invalid).toMatch(/mailto/);
    expect(byUrl('tel:0591-12345')).toBeDefined();
    expect(p.links.find((l) => l.text === '坏链接')?.invalid).toMatch(/unparseable/);
  });

  it('finds the footer with its links, and counts navigation links', () => {
    expect(p.footerText).toContain('网站标识码：3501000001');
    expect(p.footerText).toContain('闽ICP备05000001号');
    expect(byUrl('https://beian.miit.gov.cn/')?.inFooter).toBe(true);
    expect(p.links.find((l) => l.url.startsWith('http://bszs.conac.cn/'))).toMatchObject({ inFooter: true, text: '党政机关' });
    expect(byUrl('http://www.fz.gov.cn/zwgk/')?.inFooter).toBeUndefined();
    expect(p.navLinkCount).toBe(4);
  });

  it('extracts forms, data tables and script sources', () => {
    expect(p.forms).toHaveLength(1);
    expect(p.forms[0]).toMatchObject({ action: 'http://www.fz.gov.cn/search/search.do', method: 'post', submitText: '搜索' });
    expect(p.forms[0].fields.map((f) => f.name)).toEqual(['keyword', 'siteid', 'scope']);
    expect(p.forms[0].fields[0].label).toBe('请输入关键词');
    expect(p.tables).toHaveLength(1);
    expect(p.tables[0]).toMatchObject({ headers: ['标题', '发布日期'], caption: '通知公告' });
    expect(p.tables[0].rows[0]).toEqual({ cells: ['关于开展检查的通知', '2026-11-02'], url: 'http://www.fz.gov.cn/tzgg/1.html' });
    expect(p.scriptSrcs).toEqual(['http://www.fz.gov.cn/js/jquery.js', 'https://hm.baidu.com/hm.js?abc']);
    expect(p.inlineScripts).toBe(1);
  });

  it('resolves against <base href>', () => {
    const b = extractPage('<html><head><base href="http://www.fz.gov.cn/col/col123/"></head><body><a href="art_1.html">文章</a><img src="../../img/a.png"></body></html>', 'http://www.fz.gov.cn/index.jsp', { siteUrl: SITE });
    expect(b.links.map((l) => l.url)).toEqual(['http://www.fz.gov.cn/col/col123/art_1.html', 'http://www.fz.gov.cn/img/a.png']);
  });

  it('follows meta refresh and script redirects of entry pages', () => {
    const r = extractPage('<html><head><meta http-equiv="refresh" content="0; URL=\'/site/index.html\'"></head><body><script>window.location.href="/portal/";</script></body></html>', SITE, { siteUrl: SITE });
    expect(r.links.map((l) => [l.url, l.rel])).toEqual([
      ['http://www.fz.gov.cn/site/index.html', 'refresh'],
      ['http://www.fz.gov.cn/portal/', 'js-redirect'],
    ]);
  });

  it('falls back to the block holding 版权所有/ICP when no element is marked as footer', () => {
    const r = extractPage(`<html><body><table><tr><td>正文${'内容'.repeat(50)}</td></tr></table><table><tr><td><p>版权所有：某县人民政府</p><p>网站标识码1234567890 某ICP备123号</p></td></tr></table></body></html>`, SITE, { siteUrl: SITE });
    expect(r.footerText).toContain('版权所有：某县人民政府');
    expect(r.footerText).toContain('网站标识码1234567890');
    expect(r.footerText).not.toContain('正文');
  });

  it('treats an SPA mount point as a JavaScript shell and a normal portal as not', () => {
    const shell = extractPage('<html><body><div id="app"></div><script src="/static/js/app.js"></script></body></html>', SITE, { siteUrl: SITE });
    expect(looksLikeJsShell(shell)).toBe(true);
    expect(looksLikeJsShell(p)).toBe(false);
  });

  it('caps text, tables and links on hostile pages and never throws', () => {
    const huge = '<html><body>' + '<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>'.repeat(10) + '<p>字'.repeat(50_000) + '<a href="/x?'.repeat(10) + '</body>';
    const r = extractPage(huge, SITE, { siteUrl: SITE, maxTextChars: 1000 });
    expect(r.text.length).toBeLessThanOrEqual(1000);
    // 100 000 nested elements would overflow a recursive walk.
    const deep = extractPage('<html><body>' + '<div>'.repeat(100_000) + '<a href="/deep.html">深处的链接</a>' + '</div>'.repeat(100_000) + '</body></html>', SITE, { siteUrl: SITE });
    expect(deep.text).toBe('深处的链接');
    expect(deep.links.map((l) => [l.url, l.text])).toEqual([['http://www.fz.gov.cn/deep.html', '深处的链接']]);
    const many = extractPage('<html><body>' + Array.from({ length: 5000 }, (_, i) => `<a href="/p${i}.html">${i}</a>`).join('') + '</body></html>', SITE, { siteUrl: SITE, maxLinks: 100 });
    expect(many.links).toHaveLength(100);
  });
});

describe('script-driven links', () => {
  it('follows window.open and location.href in onclick handlers', () => {
    const r = extractPage(
      `<html><body><ul>
        <li><a href="javascript:void(0)" onclick="window.open('/art/2026/11/1.html')">关于印发方案的通知</a></li>
        <li onclick="location.href='/art/2026/11/2.html'">关于开展工作的通知</li>
        <li><a href="#" onclick="javascript:window.open('http://www.fz.gov.cn/art/3.html','_blank')">第三条</a></li>
        <li><button onclick="location.href='/x.html'">按钮</button></li>
      </ul></body></html>`,
      SITE,
      { siteUrl: SITE },
    );
    expect(r.links.map((l) => [l.url, l.text])).toEqual([
      ['http://www.fz.gov.cn/art/2026/11/1.html', '关于印发方案的通知'],
      ['http://www.fz.gov.cn/art/2026/11/2.html', '关于开展工作的通知'],
      ['http://www.fz.gov.cn/art/3.html', '第三条'],
    ]);
  });
});

describe('subresource integrity', () => {
  it('keeps the integrity attribute of scripts and stylesheets', () => {
    const r = extractPage(
      '<html><head><link rel="stylesheet" href="https://cdn.example.com/a.css" integrity="sha384-AAA" crossorigin="anonymous"><script src="https://cdn.example.com/a.js" integrity="sha384-BBB"></script><script src="/local.js"></script></head><body></body></html>',
      SITE,
      { siteUrl: SITE },
    );
    expect(r.links.map((l) => [l.tag, l.integrity])).toEqual([
      ['link', 'sha384-AAA'],
      ['script', 'sha384-BBB'],
      ['script', undefined],
    ]);
  });
});

describe('大汉 JCMS datastore lists', () => {
  it('expands <script type="text/xml"> records into the page, for links, text and dated lists', async () => {
    const { extractListItems } = await import('../../crawlers/extract/dates.ts');
    const html = `<html><body><div class="nav"><a href="/">首页</a></div><h3>通知公告</h3><div id="3245371"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&columnid=1229"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="/art/2026/11/18/art_1229_101.html" title="关于开展安全生产检查的通知">关于开展安全生产检查的通知</a><span>2026-11-18</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2026/11/02/art_1229_100.html">关于调整办公时间的公告</a><span>2026-11-02</span></li>]]></record>
</recordset></datastore></script></div></body></html>`;
    const p = extractPage(html, SITE, { siteUrl: SITE });
    expect(p.links.filter((l) => l.url.includes('/art/')).map((l) => [l.url, l.text])).toEqual([
      ['http://www.fz.gov.cn/art/2026/11/18/art_1229_101.html', '关于开展安全生产检查的通知'],
      ['http://www.fz.gov.cn/art/2026/11/02/art_1229_100.html', '关于调整办公时间的公告'],
    ]);
    expect(p.text).toContain('关于调整办公时间的公告 2026-11-02');
    expect(p.text).not.toContain('CDATA');
    const items = extractListItems(p.doc, SITE, { refDate: new Date('2026-11-20T00:00:00Z') });
    expect(items.map((i) => [i.title, i.date])).toEqual(
      expect.arrayContaining([
        ['关于开展安全生产检查的通知', '2026-11-18'],
        ['关于调整办公时间的公告', '2026-11-02'],
      ]),
    );
  });
});

describe('TRS script pager', () => {
  it('turns createPageHTML(…) calls into links to every list page', () => {
    const page = (call: string) =>
      extractPage(
        `<html><body><div class="page"><script language="JavaScript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){ document.write("…"); }
${call}
</script></div></body></html>`,
        'http://www.fz.gov.cn/xwzx/ywdt/index.html',
        { siteUrl: SITE },
      ).links.map((l) => [l.url, l.text, l.rel]);
    expect(page('createPageHTML(3, 0, "index", "html");')).toEqual([
      ['http://www.fz.gov.cn/xwzx/ywdt/index.html', '第1页', 'pager'],
      ['http://www.fz.gov.cn/xwzx/ywdt/index_1.html', '第2页', 'pager'],
      ['http://www.fz.gov.cn/xwzx/ywdt/index_2.html', '第3页', 'pager'],
    ]);
    expect(page("createPageHTML('page_div',2, 1,'index','shtml',35);").map((x) => x[0])).toEqual([
      'http://www.fz.gov.cn/xwzx/ywdt/index.shtml',
      'http://www.fz.gov.cn/xwzx/ywdt/index_1.shtml',
    ]);
    expect(page('')).toEqual([]);
  });
});

describe('other registered sites', () => {
  it('a link to another registered site on the same registrable domain is not internal', () => {
    const others = new Set(['www.fz.gov.cn']);
    const r = extractPage('<html><body><a href="http://www.fz.gov.cn/">市政府门户</a><a href="/zcfg/">政策法规</a><a href="http://tjj.fz.gov.cn/">统计局</a></body></html>', 'http://fgw.fz.gov.cn/', { siteUrl: 'http://fgw.fz.gov.cn/', otherSites: others });
    expect(r.links.map((l) => [l.url, l.internal])).toEqual([
      ['http://www.fz.gov.cn/', false],
      ['http://fgw.fz.gov.cn/zcfg/', true],
      ['http://tjj.fz.gov.cn/', true],
    ]);
    expect(isInternalUrl('http://www.fz.gov.cn/a.html', 'http://www.fz.gov.cn/', others)).toBe(true);
  });
});
