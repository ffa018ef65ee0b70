/**
 * 闽江市人民政府 (www.minjiang.gov.cn): the healthy city portal, TRS WCM style, UTF-8.
 * Everything an inspector looks for is there and current. It still carries the crawl-level
 * situations a healthy site legitimately has: a redirect chain that ends fine, a 429 that
 * succeeds on retry, a robots.txt exclusion, a Big5 繁體 page, a partner link off gov.cn.
 */
import type { BuildCtx, FarmSiteDef } from '../types.ts';
import type { FarmResponse, Handler } from '../server.ts';
import { PNG_1x1 } from '../server.ts';
import { addAssets, addColumn, blockHtml, esc, htmlRoute, renderPage, tabBlockHtml, type Column, type PortalSpec } from '../cms.ts';
import { series } from '../content.ts';
import { addDisclosure, addParticipation, addServices, reportItems, type CategorySpec } from '../sections.ts';
import { daysAgo, on, formatDate } from '../time.ts';

export const CITY_ID = 'mj-city';

function notFound(p: PortalSpec) {
  return (_path: string): FarmResponse => ({
    status: 404,
    ...htmlRoute(p, renderPage(p, { title: `页面不存在_${p.name}`, body: '<div class="error-404"><h2>抱歉，您访问的页面不存在或已被删除！</h2><p><a href="/">返回首页</a></p></div>' })),
  });
}

export const city: FarmSiteDef = {
  id: CITY_ID,
  name: '闽江市人民政府',
  host: 'www.minjiang.gov.cn',
  region: '福建省闽江市',
  level: '市',
  kind: '门户网站',
  siteIdCode: '3507000001',
  offersServices: true,
  role: '健康的市级门户：要素齐全、更新及时（重定向链、429重试、robots排除、繁體Big5页面、外部合作链接）',
  tags: ['demo', 'healthy'],
  entries: { disclosure: '/zfxxgk/index.html', services: '/bsfw/index.html', participation: '/hdjl/index.html' },
  build(ctx: BuildCtx) {
    const now = ctx.now;
    const place = '闽江市';
    const year = now.getUTCFullYear();
    const p: PortalSpec = {
      name: '闽江市人民政府',
      host: 'www.minjiang.gov.cn',
      style: 'trs',
      charset: 'utf-8',
      metaCharset: true,
      siteMeta: true,
      metaSiteIdCode: '3507000001',
      nav: [
        { text: '首页', href: '/' },
        { text: '政务公开', href: '/zwgk' },
        { text: '政府信息公开', href: '/zfxxgk/index.html' },
        { text: '办事服务', href: '/bsfw/index.html' },
        { text: '互动交流', href: '/hdjl/index.html' },
        { text: '走进闽江', href: '/zjmj/index.html' },
      ],
      topLinks: [
        { text: '繁體', href: '/big5/index.html' },
        { text: '无障碍浏览', href: '/wza/index.html' },
        { text: '长者模式', href: '/zzms/index.html' },
        { text: '站内搜索', href: '/search/index.html' },
      ],
      footer: {
        sponsor: '闽江市人民政府办公室',
        organizer: '闽江市大数据管理中心',
        address: '闽江市滨江大道88号',
        phone: '0599-12345678',
        siteIdCode: '3507000001',
        icp: '闽ICP备05012345号-1',
        psb: { text: '闽公网安备 35070202000123号', code: '35070202000123' },
        conac: { id: 'E8B1C4D2A0F94C6B8A1D' },
      },
      external: ctx.ext,
    };
    const routes = new Map<string, FarmResponse | Handler>();
    addAssets(routes, PNG_1x1);

    const cols: Record<string, Column> = {
      yw: { name: '要闻动态', path: '/xwzx/ywdt/index.html', dateStyle: 'iso', items: series({ pool: 'news', place, now, count: 28, newest: 0, every: 2, dir: '/xwzx/ywdt/', url: 'trs', serialBase: 6_010_000 }) },
      bm: { name: '部门动态', path: '/xwzx/bmdt/index.html', dateStyle: 'cn', items: series({ pool: 'dept', place, now, count: 16, newest: 1, every: 3, dir: '/xwzx/bmdt/', url: 'trs', serialBase: 6_020_000 }) },
      qx: { name: '区县动态', path: '/xwzx/qxdt/index.html', dateStyle: 'iso', items: series({ pool: 'town', place, now, count: 12, newest: 2, every: 5, dir: '/xwzx/qxdt/', url: 'trs', serialBase: 6_030_000 }) },
      tz: { name: '通知公告', path: '/zwgk/tzgg/index.html', dateStyle: 'iso', items: series({ pool: 'notice', place, now, count: 16, newest: 1, every: 8, dir: '/zwgk/tzgg/', url: 'trs', serialBase: 6_040_000 }) },
      zc: {
        name: '政策文件',
        path: '/zwgk/zcwj/index.html',
        dateStyle: 'slash',
        items: series({ pool: 'policy', place, now, count: 14, newest: 4, every: 12, dir: '/zwgk/zcwj/', url: 'trs', serialBase: 6_050_000, writtenGap: 5, docNo: (k, y) => `闽江政〔${y}〕${40 - k}号` }),
      },
      rs: { name: '人事信息', path: '/zwgk/rsxx/index.html', dateStyle: 'iso', items: series({ pool: 'personnel', place, now, count: 8, newest: 12, every: 35, dir: '/zwgk/rsxx/', url: 'trs', serialBase: 6_060_000 }) },
      gh: { name: '规划计划', path: '/zwgk/ghjh/index.html', dateStyle: 'iso', items: series({ pool: 'plan', place, now, count: 6, newest: 40, every: 60, dir: '/zwgk/ghjh/', url: 'trs', serialBase: 6_070_000 }) },
      cz: { name: '财政信息', path: '/zwgk/czxx/index.html', dateStyle: 'iso', items: series({ pool: 'finance', place, now, count: 8, newest: 20, every: 40, dir: '/zwgk/czxx/', url: 'trs', serialBase: 6_080_000 }) },
      tj: { name: '统计信息', path: '/zwgk/tjxx/index.html', dateStyle: 'iso', items: series({ pool: 'stats', place, now, count: 10, newest: 6, every: 30, dir: '/zwgk/tjxx/', url: 'trs', serialBase: 6_090_000 }) },
    };
    for (const [k, c] of Object.entries(cols)) {
      if (k === 'zc') continue;
      addColumn(routes, p, c, `11350700MB0${k.toUpperCase()}`);
    }
    // 政策文件 is behind a rate limiter: every other request gets 429 + Retry-After, the retry succeeds.
    const zcRoutes = new Map<string, FarmResponse | Handler>();
    addColumn(zcRoutes, p, cols.zc, '11350700MB0ZC');
    for (const [path, r] of zcRoutes) {
      if (path !== cols.zc.path) {
        routes.set(path, r);
        continue;
      }
      let hits = 0;
      routes.set(path, (() => {
        hits++;
        if (hits % 2 === 1) return { status: 429, headers: { 'Retry-After': '1' }, body: '<html><body><h1>429 Too Many Requests</h1><p>访问过于频繁，请稍后再试。</p></body></html>', bare: true };
        return r as FarmResponse;
      }) as Handler);
    }

    // 政务公开: /zwgk → /zwgk/ → /zwgk/index.html (a redirect chain that ends fine).
    routes.set('/zwgk', { status: 301, headers: { Location: '/zwgk/' }, body: '', contentType: null });
    routes.set('/zwgk/', { status: 302, headers: { Location: '/zwgk/index.html' }, body: '', contentType: null });
    const zwgkCols = [cols.tz, cols.zc, cols.rs, cols.gh, cols.cz, cols.tj];
    routes.set(
      '/zwgk/index.html',
      htmlRoute(p, renderPage(p, { title: `政务公开_${p.name}`, columnName: '政务公开', breadcrumb: [{ name: '政务公开', path: '/zwgk/index.html' }], body: zwgkCols.map((c) => blockHtml(p.style, c, 6)).join('\n') })),
    );

    // 政府信息公开 with all four standard parts and every Art. 20 / Art. 21 category (G-01…G-04).
    const catItems = (pool: string, dir: string, newest: number, every: number, count = 4) => series({ pool, place, now, count, newest, every, dir, url: 'trs', serialBase: 7_000_000 + dir.length * 1000 });
    const categories: CategorySpec[] = [
      { name: '行政法规、规章和规范性文件', path: '/zfxxgk/fdzdgknr/gfxwj/index.html', items: cols.zc.items.slice(0, 10) },
      { name: '机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名', path: '/zfxxgk/fdzdgknr/jgzn/index.html', items: catItems('generic', '/zfxxgk/fdzdgknr/jgzn/', 30, 90, 3) },
      { name: '国民经济和社会发展规划、专项规划、区域规划及相关政策', path: '/zfxxgk/fdzdgknr/ghxx/index.html', items: cols.gh.items },
      { name: '国民经济和社会发展统计信息', path: '/zfxxgk/fdzdgknr/tjxx/index.html', items: cols.tj.items },
      { name: '行政许可、其他对外管理服务事项', path: '/zfxxgk/fdzdgknr/xzxk/index.html', items: catItems('notice', '/zfxxgk/fdzdgknr/xzxk/', 3, 10) },
      { name: '行政处罚、行政强制', path: '/zfxxgk/fdzdgknr/xzcf/index.html', items: catItems('notice', '/zfxxgk/fdzdgknr/xzcf/', 5, 15) },
      { name: '财政预算、决算', path: '/zfxxgk/fdzdgknr/czyjs/index.html', items: cols.cz.items },
      { name: '行政事业性收费项目及其依据、标准', path: '/zfxxgk/fdzdgknr/xzsyxsf/index.html', items: catItems('generic', '/zfxxgk/fdzdgknr/xzsyxsf/', 50, 120, 3) },
      { name: '政府集中采购项目的目录、标准及实施情况', path: '/zfxxgk/fdzdgknr/zfcg/index.html', items: catItems('notice', '/zfxxgk/fdzdgknr/zfcg/', 8, 20) },
      { name: '重大建设项目的批准和实施情况', path: '/zfxxgk/fdzdgknr/zdxm/index.html', items: catItems('news', '/zfxxgk/fdzdgknr/zdxm/', 10, 25) },
      { name: '扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况', path: '/zfxxgk/fdzdgknr/msbz/index.html', items: catItems('dept', '/zfxxgk/fdzdgknr/msbz/', 4, 12) },
      { name: '突发公共事件的应急预案、预警信息及应对情况', path: '/zfxxgk/fdzdgknr/yjgl/index.html', items: catItems('notice', '/zfxxgk/fdzdgknr/yjgl/', 9, 30) },
      { name: '环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况', path: '/zfxxgk/fdzdgknr/jdjc/index.html', items: catItems('dept', '/zfxxgk/fdzdgknr/jdjc/', 6, 14) },
      { name: '公务员招考的职位、名额、报考条件等事项以及录用结果', path: '/zfxxgk/fdzdgknr/gwyzk/index.html', items: catItems('personnel', '/zfxxgk/fdzdgknr/gwyzk/', 25, 60, 3) },
      { name: '其他法定主动公开信息', path: '/zfxxgk/fdzdgknr/qt/index.html', items: catItems('generic', '/zfxxgk/fdzdgknr/qt/', 15, 40, 3) },
      { name: '市政建设', path: '/zfxxgk/fdzdgknr/szjs/index.html', items: catItems('news', '/zfxxgk/fdzdgknr/szjs/', 7, 21) },
      { name: '公共服务', path: '/zfxxgk/fdzdgknr/ggfw/index.html', items: catItems('dept', '/zfxxgk/fdzdgknr/ggfw/', 3, 18) },
      { name: '公益事业', path: '/zfxxgk/fdzdgknr/gysy/index.html', items: catItems('dept', '/zfxxgk/fdzdgknr/gysy/', 11, 30) },
      { name: '土地征收', path: '/zfxxgk/fdzdgknr/tdzs/index.html', items: catItems('notice', '/zfxxgk/fdzdgknr/tdzs/', 13, 28) },
      { name: '房屋征收', path: '/zfxxgk/fdzdgknr/fwzs/index.html', items: catItems('notice', '/zfxxgk/fdzdgknr/fwzs/', 16, 33) },
      { name: '治安管理', path: '/zfxxgk/fdzdgknr/zagl/index.html', items: catItems('notice', '/zfxxgk/fdzdgknr/zagl/', 8, 26) },
      { name: '社会救助', path: '/zfxxgk/fdzdgknr/shjz/index.html', items: catItems('dept', '/zfxxgk/fdzdgknr/shjz/', 5, 19) },
    ];
    // The prior-year report under a different but valid title (non-problem for G-08).
    const reports = [
      { title: `闽江市人民政府办公室关于${year - 1}年度政府信息公开工作年度报告`, date: on(year, 3, 20), year: year - 1 },
      { title: `${year - 2}年闽江市政府信息公开工作年度报告`, date: on(year - 1, 3, 25), year: year - 2 },
      { title: `${year - 3}年闽江市政府信息公开工作年度报告`, date: on(year - 2, 3, 28), year: year - 3 },
    ].filter((r) => r.date < now);
    addDisclosure(routes, p, {
      place,
      base: '/zfxxgk/',
      parts: { guide: true, system: true, content: true, report: true },
      guide: { office: '闽江市人民政府办公室', address: '闽江市滨江大道88号市行政中心3号楼', hours: '工作日上午8:00—12:00，下午14:30—17:30', phone: '0599-12345678', fax: '0599-12345679', email: 'zfxxgk@minjiang.gov.cn', updated: daysAgo(now, 120) },
      systems: series({ pool: 'system', place, now, count: 4, newest: 200, every: 90, dir: '/zfxxgk/gkzd/', url: 'trs', serialBase: 7_500_000 }),
      categories,
      reports: reportItems('/zfxxgk/', reports, place),
      apply: true,
      indexPrefix: '11350700MB0XXGK',
    });

    // 办事服务: complete guides, working attachments, an online hall (V-06a/b/c).
    addServices(routes, p, {
      base: '/bsfw/',
      place,
      hallUrl: `${ctx.ext('zwfw.minjiang.gov.cn')}/index.html`,
      hallText: '闽江市网上办事大厅',
      guides: [
        { name: '企业投资项目备案', path: '/bsfw/bszn/qytzxmba.html', attachments: [{ text: '企业投资项目备案申请表.doc', href: '/bsfw/fj/qytzxmba_sqb.doc', kind: 'doc' }, { text: '备案材料清单.pdf', href: '/bsfw/fj/qytzxmba_qd.pdf', kind: 'pdf' }], online: { text: '在线办理', href: `${ctx.ext('zwfw.minjiang.gov.cn')}/apply/qytzxmba` } },
        { name: '建设工程规划许可证核发', path: '/bsfw/bszn/jsgcghxk.html', attachments: [{ text: '建设工程规划许可申请表.xls', href: '/bsfw/fj/jsgcghxk_sqb.xls', kind: 'xls' }] },
        { name: '城乡居民基本养老保险参保登记', path: '/bsfw/bszn/cxjmylbx.html', attachments: [{ text: '参保登记表.pdf', href: '/bsfw/fj/cxjmylbx_djb.pdf', kind: 'pdf' }] },
        { name: '个体工商户设立登记', path: '/bsfw/bszn/gtgshsl.html', attachments: [{ text: '个体工商户登记申请书.doc', href: '/bsfw/fj/gtgshsl_sqs.doc', kind: 'doc' }] },
      ],
    });

    // 互动交流: letters answered in time, interviews and surveys in the last 12 months (V-05, D-05).
    addParticipation(routes, p, {
      base: '/hdjl/',
      place,
      now,
      mailbox: {
        name: '市长信箱',
        replyOrg: '闽江市人民政府办公室',
        letters: [
          { title: '关于滨江路夜间施工噪音扰民的问题', sent: 6, replied: 2 },
          { title: '咨询城乡居民医保缴费时间', sent: 15, replied: 11 },
          { title: '关于增开12路公交车班次的建议', sent: 32, replied: 20 },
          { title: '小区周边道路积水问题', sent: 58, replied: 50 },
          { title: '咨询新生儿落户办理材料', sent: 90, replied: 86 },
          { title: '关于老旧小区加装电梯补贴政策的咨询', sent: 140, replied: 125 },
          { title: '建议在城东片区增设社区卫生服务站', sent: 200, replied: 181 },
          { title: '关于中心菜市场改造进度的咨询', sent: 300, replied: 290 },
        ],
      },
      interviews: series({ pool: 'interview', place, now, count: 4, newest: 20, every: 75, dir: '/hdjl/zxft/', url: 'trs', serialBase: 7_600_000 }),
      surveys: series({ pool: 'survey', place, now, count: 4, newest: 9, every: 60, dir: '/hdjl/yjzj/', url: 'trs', serialBase: 7_700_000 }),
      otherChannels: [{ name: '网上信访', href: '/hdjl/wsxf/index.html' }],
    });
    routes.set('/hdjl/wsxf/index.html', htmlRoute(p, renderPage(p, { title: `网上信访_${p.name}`, columnName: '网上信访', body: '<p>网上信访请登录福建省网上信访信息系统。</p>' })));

    // 政府网站工作年度报表 for last year, linked from the home page (S-10).
    const worksheetDate = on(year, 1, 18);
    const worksheetPath = `/zwgk/ndbb/${year}01/t${year}0118_6100001.html`;
    if (worksheetDate < now)
      routes.set(
        worksheetPath,
        htmlRoute(
          p,
          renderPage(p, {
            title: `闽江市人民政府门户网站${year - 1}年度政府网站工作年度报表_${p.name}`,
            columnName: '年度报表',
            meta: { ArticleTitle: `闽江市人民政府门户网站${year - 1}年度政府网站工作年度报表`, PubDate: `${formatDate(worksheetDate, 'iso')} 10:00`, ContentSource: '闽江市人民政府办公室', Keywords: '年度报表', Author: '闽江市人民政府办公室', Description: '政府网站工作年度报表' },
            body: `<h1>${year - 1}年度政府网站工作年度报表</h1><table border="1"><tr><th>网站名称</th><td>闽江市人民政府</td></tr><tr><th>首页网址</th><td>http://www.minjiang.gov.cn</td></tr><tr><th>网站标识码</th><td>3507000001</td></tr><tr><th>信息发布</th><td>总数 3127 条</td></tr><tr><th>专栏专题</th><td>维护数量 12 个</td></tr><tr><th>解读回应</th><td>解读信息 86 条</td></tr><tr><th>办事服务</th><td>是否发布服务事项目录：是</td></tr><tr><th>互动交流</th><td>收到留言 1203 条，办结 1203 条</td></tr><tr><th>安全防护</th><td>安全检测评估 4 次</td></tr><tr><th>移动新媒体</th><td>政务微信“闽江发布”</td></tr><tr><th>创新发展</th><td>智能问答</td></tr></table>`,
          }),
        ),
      );

    // 繁體 page in Big5 (charset in header and meta).
    routes.set('/big5/index.html', {
      encoding: 'big5',
      contentType: 'text/html; charset=big5',
      body: `<!DOCTYPE html><html lang="zh-Hant"><head><meta http-equiv="Content-Type" content="text/html; charset=big5"><title>閩江市人民政府（繁體版）</title>
<meta name="SiteName" content="閩江市人民政府"><meta name="SiteDomain" content="www.minjiang.gov.cn"><meta name="SiteIDCode" content="3507000001"></head>
<body><div class="header"><h1>閩江市人民政府</h1><p>歡迎訪問閩江市人民政府門戶網站繁體版</p></div>
<ul class="list"><li><a href="/xwzx/ywdt/index.html">要聞動態</a></li><li><a href="/zwgk/tzgg/index.html">通知公告</a></li><li><a href="/">返回簡體版</a></li></ul>
<p>地址：閩江市濱江大道88號　電話：0599-12345678</p></body></html>`,
    });
    routes.set('/wza/index.html', htmlRoute(p, renderPage(p, { title: `无障碍浏览_${p.name}`, body: '<p>无障碍浏览工具条：放大、缩小、高对比度、大鼠标、语音朗读、辅助线。</p>' })));
    routes.set('/zzms/index.html', htmlRoute(p, renderPage(p, { title: `长者模式_${p.name}`, body: '<div class="elder"><p>长者模式：特大字体、简洁界面，无广告、无弹窗。</p><p><a href="/">返回标准版</a></p></div>' })));
    routes.set('/search/index.html', htmlRoute(p, renderPage(p, { title: `站内搜索_${p.name}`, body: '<p>请输入检索关键词。</p>' })));
    routes.set('/zjmj/index.html', htmlRoute(p, renderPage(p, { title: `走进闽江_${p.name}`, columnName: '走进闽江', body: '<h2>市情概况</h2><p>闽江市位于福建省中北部，辖3区2市5县，总面积1.8万平方公里，常住人口约268万人。</p><ul><li><a href="/zjmj/lsyg.html">历史沿革</a></li><li><a href="/zjmj/xzqh.html">行政区划</a></li></ul>' })));
    routes.set('/zjmj/lsyg.html', htmlRoute(p, renderPage(p, { title: `历史沿革_${p.name}`, body: '<p>闽江建置始于东汉建安年间……</p>' })));
    routes.set('/zjmj/xzqh.html', htmlRoute(p, renderPage(p, { title: `行政区划_${p.name}`, body: '<p>闽江市辖延江区、建溪区、青溪县等。</p>' })));
    for (const [path, t] of [['/wzdt/index.html', '网站地图'], ['/lxwm/index.html', '联系我们'], ['/sybz/index.html', '使用帮助']] as const)
      routes.set(path, htmlRoute(p, renderPage(p, { title: `${t}_${p.name}`, body: `<h2>${t}</h2><p>联系电话：0599-12345678　电子邮箱：webmaster@minjiang.gov.cn</p>` })));

    routes.set('/.well-known/security.txt', { contentType: 'text/plain; charset=utf-8', body: `Contact: mailto:security@minjiang.gov.cn\nExpires: ${new Date(Date.UTC(year + 1, 11, 31)).toISOString()}\nPreferred-Languages: zh, en\nCanonical: ${ctx.siteUrl(CITY_ID)}/.well-known/security.txt\n` });
    routes.set('/robots.txt', { contentType: 'text/plain; charset=utf-8', body: 'User-agent: *\nDisallow: /search/\nDisallow: /cms/\n\nSitemap: /sitemap.xml\n' });
    routes.set('/sitemap.xml', {
      contentType: 'application/xml',
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${['/', '/zwgk/index.html', '/zfxxgk/index.html', '/bsfw/index.html', '/hdjl/index.html'].map((u) => `<url><loc>${ctx.siteUrl(CITY_ID)}${u}</loc></url>`).join('\n')}\n</urlset>\n`,
    });

    const worksheetBlock =
      worksheetDate < now
        ? `<div class="block ndbb"><a href="${worksheetPath}"><img src="/images/ndbb.png" alt="${year - 1}年度政府网站工作年度报表">${year - 1}年度政府网站工作年度报表</a></div>`
        : '';
    const home = renderPage(p, {
      home: true,
      title: '闽江市人民政府门户网站',
      columnName: '首页',
      columnType: '首页',
      meta: { keywords: '闽江市,闽江市人民政府,政务公开,办事服务', description: '闽江市人民政府门户网站' },
      body: `<div class="banner"><img src="/images/banner.png" alt="闽江欢迎您"></div>
<div class="row">
${tabBlockHtml(p.style, [cols.yw, cols.bm, cols.qx], 7)}
</div>
<div class="row">
${blockHtml(p.style, cols.tz, 6, 'md-bracket')}
${blockHtml(p.style, cols.zc, 6)}
</div>
<div class="row zt">
<div class="block"><div class="hd"><h3>专题专栏</h3></div><ul><li><a href="/zfxxgk/fdzdgknr/yjgl/index.html">应急管理</a></li><li><a href="/zfxxgk/fdzdgknr/msbz/index.html">民生保障</a></li></ul></div>
${worksheetBlock}
</div>
<div class="row links"><div class="block"><div class="hd"><h3>合作媒体</h3></div><ul><li><a href="${esc(ctx.ext('www.example-partner.com'))}/ok.html" target="_blank">闽江日报</a></li></ul></div></div>`,
    });
    routes.set('/', htmlRoute(p, home));
    routes.set('/index.html', htmlRoute(p, home));
    routes.set('/index.shtml', { status: 301, headers: { Location: '/' }, body: '', contentType: null });

    return {
      routes,
      headers: {
        Server: 'nginx',
        'X-Content-Type-Options': 'nosniff',
        'X-Frame-Options': 'SAMEORIGIN',
        'Content-Security-Policy': "default-src 'self'; img-src 'self' data: http:; frame-ancestors 'self'",
        'Referrer-Policy': 'strict-origin-when-cross-origin',
        'Permissions-Policy': 'geolocation=(), camera=()',
        'X-XSS-Protection': '1; mode=block',
      },
      cookies: ['JSESSIONID=6A1F0E9C2B8D4E37A5C1; Path=/; HttpOnly; SameSite=Lax'],
      gzip: true,
      notFound: notFound(p),
    };
  },
};
