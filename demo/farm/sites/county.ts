/**
 * 青溪县人民政府 (www.qingxi.gov.cn): a county portal with many problems, 大汉 JCMS style,
 * GBK-encoded with the charset only in <meta> (the HTTP header says just `text/html`).
 * Crawl-level: 404/410/500/403 pages, a slow page, a redirect loop, a broken PDF and image,
 * a raw-IP link and a broken external link. Check-level: stale and empty columns, an
 * incomplete guide, missing Art. 20/21 categories, no annual report for last year, an
 * incomplete 办事指南, an unanswered letter, no recent interviews or surveys, no ICP/公网安备
 * numbers, no 网页设计规范 meta tags, an old Apache that says its version.
 */
import type { BuildCtx, FarmSiteDef } from '../types.ts';
import type { FarmResponse, Handler } from '../server.ts';
import { PNG_1x1 } from '../server.ts';
import { addAssets, addColumn, blockHtml, esc, htmlRoute, renderPage, type Column, type PortalSpec } from '../cms.ts';
import { series } from '../content.ts';
import { addDisclosure, addParticipation, addServices, reportItems, type CategorySpec } from '../sections.ts';
import { daysAgo, on } from '../time.ts';
import { CITY_ID } from './city.ts';

export const COUNTY_ID = 'qx-county';

export const COUNTY_PATHS = {
  home404a: '/col/col2299/index.html',
  home404b: '/zt/shce/index.html',
  image404: '/images/banner_2025.jpg',
  slow: '/sjk/index.html',
  forbidden: '/col/col2250/index.html',
  error500: '/col/col2230/index.html',
  loop: '/bsfw/wsdt.jsp',
  brokenPdf: '/picture/0/2411201530123456789.pdf',
  workingDoc: '/picture/0/2411201530123450001.doc',
  /** An attachment whose href is a raw Chinese file name (UTF-8 in the path once a client encodes it). */
  chineseName: '/uploadfiles/2024/宅基地申请审批表（2024年版）.xls',
  workingPdf: '/picture/0/2411201530123450002.pdf',
  guideMissing: '/col/col2241/art/sydj.html',
  explanatoryNote: '/col/col2266/index.html',
  emptyColumns: ['/col/col2265/index.html', '/col/col2268/index.html', '/col/col2271/index.html', '/col/col2272/index.html', '/col/col2274/index.html'],
  staleColumns: ['/col/col2202/index.html', '/col/col2203/index.html', '/col/col2204/index.html', '/col/col2205/index.html', '/col/col2206/index.html', '/col/col2207/index.html'],
  mailbox: '/hdjl/xx/index.html',
  guide: '/zfxxgk/gkzn/index.html',
} as const;

export const county: FarmSiteDef = {
  id: COUNTY_ID,
  name: '青溪县人民政府',
  host: 'www.qingxi.gov.cn',
  region: '福建省闽江市青溪县',
  level: '县',
  kind: '门户网站',
  siteIdCode: '3507250001',
  offersServices: true,
  role: '问题较多的县级门户：GBK编码（仅meta声明）、断链、慢页面、重定向循环、栏目不更新、空白栏目、要素缺失',
  tags: ['demo', 'problems', 'gbk'],
  limits: { timeoutSeconds: 3, maxPages: 400 },
  entries: { disclosure: '/zfxxgk/index.html', services: '/bsfw/index.html', participation: '/hdjl/index.html' },
  build(ctx: BuildCtx) {
    const now = ctx.now;
    const place = '青溪县';
    const year = now.getUTCFullYear();
    const p: PortalSpec = {
      name: '青溪县人民政府',
      host: 'www.qingxi.gov.cn',
      style: 'jcms',
      charset: 'gbk',
      metaCharset: true,
      siteMeta: false,
      nav: [
        { text: '首页', href: '/' },
        { text: '政务公开', href: '/col/col2200/index.html' },
        { text: '政府信息公开', href: '/zfxxgk/index.html' },
        { text: '办事服务', href: '/bsfw/index.html' },
        { text: '互动交流', href: '/hdjl/index.html' },
        { text: '走进青溪', href: '/col/col2280/index.html' },
      ],
      topLinks: [{ text: '手机版', href: '/wap/index.html' }],
      footer: { sponsor: '青溪县人民政府办公室', address: '青溪县城关镇府前路1号', phone: '0599-7654321', siteIdCode: '3507250001', conac: { id: 'C17D2E8F90AB4C3D5E6F' } },
      external: ctx.ext,
    };
    const routes = new Map<string, FarmResponse | Handler>();
    addAssets(routes, PNG_1x1);
    routes.set('/module/jslib/jquery/jpage/dataproxy.js', { body: '/* jpage dataproxy */(function($){$.fn.jpage=function(o){return this;};})(window.jQuery||{fn:{}});', contentType: 'application/javascript' });
    const S = (pool: string, col: number, count: number, newest: number, every: number, extra: Partial<Parameters<typeof series>[0]> = {}) =>
      series({ pool, place, now, count, newest, every, dir: `/col/col${col}/`, url: 'jcms', col, serialBase: 3_000_000 + col * 100, ...extra });

    const cols: Record<string, Column> = {
      yw: { name: '县政要闻', path: '/col/col2201/index.html', dateStyle: 'iso', items: S('news', 2201, 24, 1, 2) },
      gz: { name: '工作动态', path: COUNTY_PATHS.staleColumns[0], dateStyle: 'cn', items: S('news', 2202, 14, 40, 7) },
      xz: { name: '乡镇动态', path: COUNTY_PATHS.staleColumns[1], dateStyle: 'iso', items: S('town', 2203, 12, 60, 6) },
      bm: { name: '部门动态', path: COUNTY_PATHS.staleColumns[2], dateStyle: 'iso', items: S('dept', 2204, 12, 35, 5) },
      tp: { name: '图片新闻', path: COUNTY_PATHS.staleColumns[3], dateStyle: 'iso', items: S('news', 2205, 8, 50, 10) },
      tz: { name: '通知公告', path: COUNTY_PATHS.staleColumns[4], dateStyle: 'slash', items: S('notice', 2206, 10, 240, 15) },
      zc: { name: '政策文件', path: COUNTY_PATHS.staleColumns[5], dateStyle: 'iso', items: S('policy', 2207, 10, 200, 20, { docNo: (k, y) => `青政〔${y}〕${30 - k}号`, writtenGap: 45 }) },
      rs: { name: '人事任免', path: '/col/col2210/index.html', dateStyle: 'iso', items: S('personnel', 2210, 6, 420, 60) },
      gh: { name: '规划计划', path: '/col/col2211/index.html', dateStyle: 'iso', items: S('plan', 2211, 4, 500, 120) },
      cz: { name: '财政信息', path: '/col/col2212/index.html', dateStyle: 'iso', items: S('finance', 2212, 6, 100, 60) },
      tj: { name: '统计信息', path: '/col/col2213/index.html', dateStyle: 'iso', items: S('stats', 2213, 8, 380, 45) },
    };
    // A deleted article still linked from its column (404), and an article taken down with 410.
    // The news and notice columns are JCMS datastore pages, as on real 大汉 sites.
    for (const k of ['yw', 'gz', 'xz', 'bm', 'tp', 'tz', 'zc']) cols[k].datastore = true;
    // Both sit beyond what the home page shows, so they count as "other pages" (D-02).
    const deleted = cols.bm.items[7];
    deleted.noPage = true;
    const gone = cols.tp.items[5];
    for (const [k, c] of Object.entries(cols)) addColumn(routes, p, c, `003507250-${k.toUpperCase()}`);
    routes.set(gone.href, { status: 410, body: '<html><head><title>410 Gone</title></head><body><h1>Gone</h1><p>The requested resource is no longer available on this server.</p><hr><address>Apache/2.2.15 (CentOS) Server</address></body></html>', bare: true, contentType: 'text/html; charset=iso-8859-1' });

    routes.set(
      '/col/col2200/index.html',
      htmlRoute(p, renderPage(p, { title: `政务公开_${p.name}`, body: [cols.tz, cols.zc, cols.rs, cols.gh, cols.cz, cols.tj].map((c) => blockHtml(p.style, c, 5)).join('\n') + `<div class="block"><a href="${COUNTY_PATHS.forbidden}">内部资料</a></div>` })),
    );

    const blank = '本栏目暂无信息';
    const C = (name: string, col: number, items?: Column['items'], emptyText?: string): CategorySpec => ({ name, path: `/col/col${col}/index.html`, items, emptyText });
    const categories: CategorySpec[] = [
      C('法规文件', 2260, cols.zc.items.slice(0, 8)),
      C('机构职能', 2261, S('generic', 2261, 3, 150, 200)),
      C('规划计划', 2262, cols.gh.items),
      C('统计信息', 2263, cols.tj.items),
      C('行政许可', 2264, S('notice', 2264, 4, 20, 30)),
      C('行政处罚', 2265, [], blank),
      C('行政强制', 2266, [], `根据《中华人民共和国政府信息公开条例》第二十条规定，本机关${year - 1}年度无行政强制类信息，特此说明。`),
      C('财政预决算', 2267, cols.cz.items),
      C('重大建设项目', 2268, [], blank),
      C('扶贫、教育、医疗、社会保障、促进就业', 2269, S('dept', 2269, 4, 30, 40)),
      C('突发公共事件应急', 2271, [], blank),
      C('环境保护、公共卫生、安全生产、食品药品、产品质量监督检查', 2272, [], blank),
      C('其他', 2273, S('generic', 2273, 2, 90, 100)),
      C('市政建设', 2274, [], blank),
      C('公共服务', 2275, S('dept', 2275, 3, 25, 50)),
      C('社会救助', 2276, S('dept', 2276, 3, 45, 60)),
    ];
    addDisclosure(routes, p, {
      place,
      base: '/zfxxgk/',
      parts: { guide: true, system: true, content: true, report: true },
      // The guide leaves out 办公地址 and 传真号码 (G-03).
      guide: { office: '青溪县人民政府办公室', hours: '工作日上午8:00—12:00，下午15:00—18:00', phone: '0599-7654321', email: 'qxxzfb@163.com', updated: daysAgo(now, 900) },
      systems: series({ pool: 'system', place, now, count: 2, newest: 700, every: 200, dir: '/zfxxgk/gkzd/', url: 'jcms', col: 2290, serialBase: 3_400_000 }),
      categories,
      // No report for last year (G-08).
      reports: reportItems('/zfxxgk/', [
        { title: `青溪县${year - 2}年政府信息公开工作年度报告`, date: on(year - 1, 3, 29), year: year - 2 },
        { title: `青溪县${year - 3}年政府信息公开工作年度报告`, date: on(year - 2, 3, 30), year: year - 3 },
      ], place),
      apply: false,
      indexPrefix: '003507250-XXGK',
    });

    addServices(routes, p, {
      base: '/bsfw/',
      place,
      hallUrl: COUNTY_PATHS.loop,
      hallText: '青溪县网上办事大厅',
      guides: [
        { name: '农村村民宅基地审批', path: '/col/col2241/art/zjdsp.html', attachments: [{ text: '宅基地申请审批表.doc', href: COUNTY_PATHS.workingDoc, kind: 'doc' }, { text: '申请材料清单.pdf', href: COUNTY_PATHS.brokenPdf, kind: 'pdf', broken: true }, { text: '宅基地申请审批表（2024年版）.xls', href: COUNTY_PATHS.chineseName, kind: 'xls' }] },
        // Missing 设定依据 and 办理材料 (V-06b).
        { name: '生育登记服务', path: COUNTY_PATHS.guideMissing, missing: ['设定依据', '办理材料'], attachments: [{ text: '生育登记表.pdf', href: COUNTY_PATHS.workingPdf, kind: 'pdf' }] },
        { name: '残疾人证办理', path: '/col/col2241/art/cjrz.html', attachments: [] },
      ],
    });
    // The 网上办事大厅 link loops between two URLs.
    routes.set(COUNTY_PATHS.loop, ((_req, url) => ({ status: 302, headers: { Location: url.searchParams.has('from') ? COUNTY_PATHS.loop : `${COUNTY_PATHS.loop}?from=sso` }, body: '', contentType: null })) as Handler);

    addParticipation(routes, p, {
      base: '/hdjl/',
      place,
      now,
      mailbox: {
        name: '县长信箱',
        replyOrg: '青溪县人民政府办公室',
        dateFormat: 'datetime',
        states: { done: '已办结', open: '处理中' },
        popupWrite: true,
        letters: [
          { title: '关于城关镇菜市场周边占道经营的问题', sent: 12, replied: 5 },
          { title: '咨询农村危房改造补助标准', sent: 40 }, // not answered yet, but under 3 months
          { title: '关于溪口乡自来水管网改造的建议', sent: 75, replied: 60 },
          { title: '反映白沙镇至县城客运班车停运问题', sent: 130 }, // unanswered for more than 3 months (V-05b)
          { title: '咨询新型农村合作医疗报销比例', sent: 170, replied: 160 },
          { title: '关于县城区停车难问题的建议', sent: 250, replied: 236 },
        ],
      },
      // Last interview and survey long ago (D-05).
      interviews: S('interview', 2235, 2, 500, 180),
      surveys: S('survey', 2236, 2, 420, 200),
      otherChannels: [{ name: '信访服务', href: COUNTY_PATHS.error500 }],
    });
    routes.set(COUNTY_PATHS.error500, { status: 500, body: '<html><head><title>500 Internal Server Error</title></head><body><h1>HTTP Status 500 - </h1><p>java.lang.NullPointerException</p><p>com.hanweb.jcms.servlet.ColumnServlet.doGet(ColumnServlet.java:128)</p></body></html>', bare: true });
    routes.set(COUNTY_PATHS.forbidden, { status: 403, body: '<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1><p>You don\'t have permission to access /col/col2250/index.html on this server.</p><hr><address>Apache/2.2.15 (CentOS) Server</address></body></html>', bare: true, contentType: 'text/html; charset=iso-8859-1' });
    // The 县情数据库 answers only after 8 s: past the site's 3 s timeout.
    routes.set(COUNTY_PATHS.slow, htmlRoute(p, renderPage(p, { title: `县情数据库_${p.name}`, body: '<p>县情数据库</p>' }), { delayMs: 8000 }));
    routes.set('/col/col2280/index.html', htmlRoute(p, renderPage(p, { title: `走进青溪_${p.name}`, body: '<h2>青溪概况</h2><p>青溪县位于闽江市东北部，辖8镇5乡，总面积1462平方公里，户籍人口31.2万人。</p>' })));
    routes.set('/wap/index.html', htmlRoute(p, renderPage(p, { title: `手机版_${p.name}`, body: '<p>请使用手机访问。</p>' })));
    for (const [path, t] of [['/wzdt/index.html', '网站地图'], ['/lxwm/index.html', '联系我们'], ['/sybz/index.html', '使用帮助']] as const)
      routes.set(path, htmlRoute(p, renderPage(p, { title: `${t}_${p.name}`, body: `<h2>${t}</h2><p>联系电话：0599-7654321</p>` })));

    const home = renderPage(p, {
      home: true,
      title: '青溪县人民政府',
      body: `<div class="banner"><img src="${COUNTY_PATHS.image404}" alt="青溪欢迎您" width="1200" height="200"></div>
<table width="100%"><tr><td width="50%" valign="top">
${blockHtml(p.style, cols.yw, 8)}
</td><td valign="top">
${blockHtml(p.style, cols.tz, 6)}
</td></tr><tr><td valign="top">
${blockHtml(p.style, cols.gz, 6)}
${blockHtml(p.style, cols.xz, 5)}
</td><td valign="top">
${blockHtml(p.style, cols.zc, 6)}
${blockHtml(p.style, cols.bm, 5)}
${blockHtml(p.style, cols.tp, 4)}
</td></tr></table>
<div class="zt"><h3>专题专栏</h3><ul>
<li><a href="${COUNTY_PATHS.home404a}">乡村振兴专题</a></li>
<li><a href="${COUNTY_PATHS.home404b}">扫黑除恶专项斗争</a></li>
<li><a href="${COUNTY_PATHS.slow}">县情数据库</a></li>
</ul></div>
<div class="yqlj"><h3>友情链接</h3><ul>
<li><a href="http://127.0.0.1:${ctx.port(CITY_ID)}/" target="_blank">闽江市人民政府</a></li>
<li><a href="${esc(ctx.ext('www.example-partner.com'))}/gone.html" target="_blank">青溪旅游网</a></li>
</ul></div>`,
    });
    routes.set('/', htmlRoute(p, home));
    routes.set('/index.html', htmlRoute(p, home));

    return {
      routes,
      paths: { deletedArticle: deleted.href, goneArticle: gone.href },
      headers: { Server: 'Apache/2.2.15 (CentOS)', 'X-Powered-By': 'Servlet/2.5 JSP/2.1' },
      // This JCMS answers HEAD with 405 on every working URL: a link checker must fall back to GET.
      rejectMethods: ['HEAD'],
      cookies: ['JSESSIONID=0B5E3C71D9A24F68B2E0C4A1; Path=/'],
      notFound: () => ({
        status: 404,
        bare: true,
        contentType: 'text/html; charset=iso-8859-1',
        body: '<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not found on this server.</p><hr><address>Apache/2.2.15 (CentOS) Server</address></body></html>',
      }),
    };
  },
};
