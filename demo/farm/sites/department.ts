/**
 * 闽江市发展和改革委员会 (fgw.minjiang.gov.cn): a department site (no public services,
 * offersServices: false), 开普云 style, UTF-8 declared only in the HTTP header. Its home page
 * has not been updated for more than two weeks; the disclosure section lacks 指南 and 制度;
 * last year's annual report came after the 31 January deadline; the footer's 网站标识码
 * differs from the registry and the meta tag; the only 互动 channels are 网上信访 and 纪检举报;
 * the server discloses nginx and PHP versions, sets a cookie without HttpOnly, and serves a
 * statistics bulletin bigger than the site's byte budget.
 */
import type { BuildCtx, FarmSiteDef } from '../types.ts';
import type { FarmResponse, Handler } from '../server.ts';
import { PNG_1x1 } from '../server.ts';
import { addAssets, addColumn, blockHtml, htmlRoute, renderPage, type Column, type PortalSpec } from '../cms.ts';
import { series } from '../content.ts';
import { addDisclosure, addParticipation, reportItems, type CategorySpec } from '../sections.ts';
import { on } from '../time.ts';

export const DEPT_ID = 'mj-fgw';
export const DEPT_PATHS = {
  big: '/tjxx/tjgb_full.html',
  /** A deleted page: the CMS answers 200 with its 页面不存在 template (soft 404). */
  soft404: '/zjfg/ldxx/index.html',
  /** A deleted attachment: 302 to /404.html, which answers 200. */
  bouncedPdf: '/uploadfile/2025/bmys2025.pdf',
  mailboxLess: '/hdjl/index.html',
} as const;
export const DEPT_MAX_BODY = 262_144;

export const department: FarmSiteDef = {
  id: DEPT_ID,
  name: '闽江市发展和改革委员会',
  host: 'fgw.minjiang.gov.cn',
  region: '福建省闽江市',
  level: '部门',
  kind: '部门网站',
  siteIdCode: '3507000012',
  offersServices: false,
  role: '部门网站：首页超两周未更新、信息公开专栏缺指南和制度、年报逾期、标识码不一致、仅有网上信访渠道、超大页面',
  tags: ['demo', 'department'],
  limits: { maxBodyBytes: DEPT_MAX_BODY },
  entries: { disclosure: '/zfxxgk/index.html', participation: '/hdjl/index.html' },
  build(ctx: BuildCtx) {
    const now = ctx.now;
    const place = '闽江市发改委';
    const year = now.getUTCFullYear();
    const p: PortalSpec = {
      name: '闽江市发展和改革委员会',
      host: 'fgw.minjiang.gov.cn',
      style: 'kpy',
      charset: 'utf-8',
      metaCharset: false,
      bom: true,
      siteMeta: true,
      metaSiteIdCode: '3507000012',
      nav: [
        { text: '首页', href: '/' },
        { text: '政务公开', href: '/zwgk/' },
        { text: '政府信息公开', href: '/zfxxgk/index.html' },
        { text: '互动交流', href: '/hdjl/index.html' },
        { text: '走进发改', href: '/zjfg/index.html' },
      ],
      topLinks: [{ text: '闽江市人民政府', href: `${ctx.siteUrl('mj-city')}/` }],
      footer: {
        sponsor: '闽江市发展和改革委员会',
        address: '闽江市滨江大道88号市行政中心5号楼',
        phone: '0599-12340001',
        siteIdCode: '3507000015', // differs from the registry and <meta name="SiteIDCode"> (S-02)
        icp: '闽ICP备05012345号-6',
        psb: { text: '闽公网安备 35070202000456号', code: '35070202000456' },
        conac: { id: 'A0B1C2D3E4F5061728394' },
      },
      external: ctx.ext,
    };
    const routes = new Map<string, FarmResponse | Handler>();
    addAssets(routes, PNG_1x1);
    const S = (pool: string, dir: string, count: number, newest: number, every: number, extra: Partial<Parameters<typeof series>[0]> = {}) =>
      series({ pool, place: '闽江市', now, count, newest, every, dir, url: 'kpy', serialBase: 5_000_000 + dir.length * 10_000, org: p.name, ...extra });
    // Newest item everywhere on the home page is 23 days old (V-02).
    const cols: Record<string, Column> = {
      gz: { name: '工作动态', path: '/xwzx/gzdt/index.html', dateStyle: 'iso', items: S('dept', '/xwzx/gzdt/', 24, 23, 6) },
      tz: { name: '通知公告', path: '/zwgk/tzgg/index.html', dateStyle: 'iso', items: S('notice', '/zwgk/tzgg/', 14, 30, 12) },
      zc: { name: '政策法规', path: '/zwgk/zcfg/index.html', dateStyle: 'cn', items: S('policy', '/zwgk/zcfg/', 10, 45, 25, { docNo: (k, y) => `闽江发改〔${y}〕${20 - k}号`, writtenGap: 6 }) },
      tj: { name: '统计数据', path: '/tjxx/index.html', dateStyle: 'iso', items: S('stats', '/tjxx/', 8, 27, 30) },
      gh: { name: '发展规划', path: '/zwgk/fzgh/index.html', dateStyle: 'iso', items: S('plan', '/zwgk/fzgh/', 4, 60, 150) },
    };
    cols.tj.items.unshift({ title: `闽江市${year - 1}年国民经济和社会发展统计公报（全文）`, date: cols.tj.items[0].date, href: DEPT_PATHS.big, noPage: true });
    for (const [k, c] of Object.entries(cols)) addColumn(routes, p, c, `11350700MB1FG${k.toUpperCase()}`);
    // A bulletin with embedded tables far past the site's maxBodyBytes.
    const row = '<tr><td>地区生产总值</td><td>亿元</td><td>2683.45</td><td>5.6%</td></tr>\n';
    routes.set(DEPT_PATHS.big, htmlRoute(p, renderPage(p, { title: `统计公报（全文）_${p.name}`, body: `<h1>统计公报</h1><table>${row.repeat(Math.ceil((DEPT_MAX_BODY * 6) / row.length))}</table>` }), { chunked: true }));

    // The directory index only forwards by script, as many 开普云 column roots do.
    routes.set('/zwgk/', htmlRoute(p, '<!DOCTYPE html><html><head><title>政务公开</title><script type="text/javascript">window.location.href = "/zwgk/index.html";</script></head><body></body></html>'));
    routes.set('/zwgk/index.html', htmlRoute(p, renderPage(p, { title: `政务公开_${p.name}`, columnName: '政务公开', body: [cols.tz, cols.zc, cols.gh, cols.tj].map((c) => blockHtml(p.style, c, 5)).join('\n') })));
    const categories: CategorySpec[] = [
      { name: '机构职能', path: '/zfxxgk/fdzdgknr/jgzn/index.html', items: S('generic', '/zfxxgk/fdzdgknr/jgzn/', 2, 200, 100) },
      { name: '政策文件', path: '/zfxxgk/fdzdgknr/zcwj/index.html', items: cols.zc.items },
      { name: '规划信息', path: '/zfxxgk/fdzdgknr/ghxx/index.html', items: cols.gh.items },
      { name: '统计信息', path: '/zfxxgk/fdzdgknr/tjxx/index.html', items: cols.tj.items.slice(1) },
      { name: '行政许可', path: '/zfxxgk/fdzdgknr/xzxk/index.html', items: S('notice', '/zfxxgk/fdzdgknr/xzxk/', 3, 40, 30) },
      { name: '行政处罚', path: '/zfxxgk/fdzdgknr/xzcf/index.html', items: S('notice', '/zfxxgk/fdzdgknr/xzcf/', 2, 80, 60) },
      { name: '财政预决算', path: '/zfxxgk/fdzdgknr/czyjs/index.html', items: S('finance', '/zfxxgk/fdzdgknr/czyjs/', 4, 160, 120) },
      { name: '价格收费', path: '/zfxxgk/fdzdgknr/jgsf/index.html', items: S('notice', '/zfxxgk/fdzdgknr/jgsf/', 3, 70, 50) },
      { name: '重大建设项目', path: '/zfxxgk/fdzdgknr/zdxm/index.html', items: S('news', '/zfxxgk/fdzdgknr/zdxm/', 5, 25, 20) },
    ];
    addDisclosure(routes, p, {
      place: '闽江市发展和改革委员会',
      base: '/zfxxgk/',
      // No 政府信息公开指南 and no 政府信息公开制度 (G-02).
      parts: { guide: false, system: false, content: true, report: true },
      guide: { office: '闽江市发展和改革委员会办公室', address: '闽江市滨江大道88号', hours: '工作日', phone: '0599-12340001', email: 'fgw@minjiang.gov.cn', updated: on(year - 2, 1, 1) },
      systems: [],
      categories,
      // Last year's report published 26 February: after the departments' 31 January deadline (G-08).
      reports: reportItems(
        '/zfxxgk/',
        [
          { title: `闽江市发展和改革委员会${year - 1}年政府信息公开工作年度报告`, date: on(year, 2, 26), year: year - 1 },
          { title: `闽江市发展和改革委员会${year - 2}年政府信息公开工作年度报告`, date: on(year - 1, 1, 22), year: year - 2 },
        ].filter((r) => r.date < now),
        '闽江市发展和改革委员会',
      ),
      apply: true,
      indexPrefix: '11350700MB1FG-XXGK',
    });
    // Only 网上信访 and 纪检举报: no valid consultation channel (V-05a).
    addParticipation(routes, p, {
      base: '/hdjl/',
      place: '闽江市',
      now,
      interviews: [],
      surveys: S('survey', '/hdjl/yjzj/', 2, 70, 120),
      otherChannels: [
        { name: '网上信访', href: '/hdjl/wsxf/index.html' },
        { name: '纪检举报', href: '/hdjl/jjjb/index.html' },
      ],
    });
    routes.set('/hdjl/wsxf/index.html', htmlRoute(p, renderPage(p, { title: `网上信访_${p.name}`, columnName: '网上信访', body: '<p>网上信访请登录福建省网上信访信息系统，按照《信访工作条例》依法逐级走访。</p>' })));
    routes.set('/hdjl/jjjb/index.html', htmlRoute(p, renderPage(p, { title: `纪检举报_${p.name}`, columnName: '纪检举报', body: '<p>派驻纪检监察组举报电话：0599-12340099。</p>' })));
    routes.set('/zjfg/index.html', htmlRoute(p, renderPage(p, { title: `走进发改_${p.name}`, body: '<h2>机构职能</h2><p>闽江市发展和改革委员会是市政府工作部门，为正处级。</p>' })));
    for (const [path, t] of [['/wzdt/index.html', '网站地图'], ['/lxwm/index.html', '联系我们'], ['/sybz/index.html', '使用帮助']] as const)
      routes.set(path, htmlRoute(p, renderPage(p, { title: `${t}_${p.name}`, body: `<h2>${t}</h2>` })));
    routes.set('/robots.txt', { contentType: 'text/plain', body: 'User-agent: *\nAllow: /\n' });

    const softPage = renderPage(p, { title: `页面不存在_${p.name}`, body: '<div class="error"><h2>对不起，您访问的页面不存在或已被删除！</h2><p><a href="/">返回首页</a></p></div>' });
    routes.set('/404.html', htmlRoute(p, softPage));
    routes.set(DEPT_PATHS.bouncedPdf, { status: 302, headers: { Location: '/404.html' }, body: '', contentType: null });
    const home = renderPage(p, {
      home: true,
      title: '闽江市发展和改革委员会',
      columnName: '首页',
      body: `<div class="row">${blockHtml(p.style, cols.gz, 8)}${blockHtml(p.style, cols.tz, 6)}</div>
<div class="row">${blockHtml(p.style, cols.zc, 6)}${blockHtml(p.style, cols.tj, 5)}</div>
<div class="row quick"><a href="${DEPT_PATHS.soft404}">领导信息</a> <a href="${DEPT_PATHS.bouncedPdf}">${year - 1}年部门预算公开（PDF）</a></div>`,
    });
    routes.set('/', htmlRoute(p, home));
    routes.set('/index.html', htmlRoute(p, home));
    return {
      routes,
      headers: { Server: 'nginx/1.10.3', 'X-Powered-By': 'PHP/5.6.40', 'X-Frame-Options': 'SAMEORIGIN' },
      cookies: ['PHPSESSID=q3k9v1m2n8b7c6x5z4a0s1d2f3; path=/'],
      // The CMS answers every unknown path with its error template and a 200 (soft 404).
      notFound: () => htmlRoute(p, softPage),
    };
  },
};
