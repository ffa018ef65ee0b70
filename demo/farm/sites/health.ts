/**
 * 闽江市卫生健康委员会 (https://wjw.minjiang.gov.cn): the one HTTPS portal of the farm. Its
 * certificate is self-signed (demo/farm/tls/, valid 2025–2035, SAN wjw.minjiang.gov.cn), so
 * the crawler must record the rejection and still assess the content; its home page loads a
 * statistics script and a pixel over plain http:// (mixed content). Headers and cookies are
 * otherwise exemplary (HSTS, Secure; HttpOnly).
 */
import type { BuildCtx, FarmSiteDef } from '../types.ts';
import type { FarmResponse, Handler } from '../server.ts';
import { PNG_1x1 } from '../server.ts';
import { addAssets, addColumn, blockHtml, htmlRoute, renderPage, esc, type Column, type PortalSpec } from '../cms.ts';
import { series } from '../content.ts';

export const HEALTH_ID = 'mj-wjw';

export const health: FarmSiteDef = {
  id: HEALTH_ID,
  name: '闽江市卫生健康委员会',
  host: 'wjw.minjiang.gov.cn',
  region: '福建省闽江市',
  level: '部门',
  kind: '部门网站',
  siteIdCode: '3507000026',
  offersServices: false,
  role: 'HTTPS网站：自签名证书、页面通过http加载统计脚本（混合内容）',
  tags: ['demo', 'https'],
  https: true,
  build(ctx: BuildCtx) {
    const now = ctx.now;
    const p: PortalSpec = {
      name: '闽江市卫生健康委员会',
      host: 'wjw.minjiang.gov.cn',
      style: 'trs',
      charset: 'utf-8',
      metaCharset: true,
      siteMeta: true,
      metaSiteIdCode: '3507000026',
      nav: [
        { text: '首页', href: '/' },
        { text: '卫健动态', href: '/wjdt/index.html' },
        { text: '通知公告', href: '/tzgg/index.html' },
      ],
      topLinks: [{ text: '无障碍', href: '/wza/index.html' }],
      footer: { sponsor: '闽江市卫生健康委员会', siteIdCode: '3507000026', icp: '闽ICP备05012345号-15', psb: { text: '闽公网安备 35070202000321号', code: '35070202000321' }, conac: { id: 'B1C2D3E4F5A6978695' } },
      external: ctx.ext,
    };
    const routes = new Map<string, FarmResponse | Handler>();
    addAssets(routes, PNG_1x1);
    const dt: Column = { name: '卫健动态', path: '/wjdt/index.html', dateStyle: 'iso', items: series({ pool: 'dept', place: '闽江市', now, count: 10, newest: 1, every: 3, dir: '/wjdt/', url: 'trs', serialBase: 9_500_000 }) };
    const tz: Column = { name: '通知公告', path: '/tzgg/index.html', dateStyle: 'iso', items: series({ pool: 'notice', place: '闽江市', now, count: 8, newest: 3, every: 10, dir: '/tzgg/', url: 'trs', serialBase: 9_600_000 }) };
    addColumn(routes, p, dt, 'WJW-DT');
    addColumn(routes, p, tz, 'WJW-TZ');
    routes.set('/wza/index.html', htmlRoute(p, renderPage(p, { title: `无障碍_${p.name}`, body: '<p>无障碍浏览工具条</p>' })));
    const stat = ctx.ext('tongji.minjiang.gov.cn');
    const home = renderPage(p, {
      title: '闽江市卫生健康委员会',
      columnName: '首页',
      extraHead: `<script src="${esc(stat)}/stat.js"></script>`,
      body: `<div class="row">${blockHtml(p.style, dt, 6)}${blockHtml(p.style, tz, 5)}</div><img src="${esc(stat)}/pixel.gif" width="1" height="1" alt="">`,
    });
    routes.set('/', htmlRoute(p, home));
    routes.set('/index.html', htmlRoute(p, home));
    routes.set('/.well-known/security.txt', { contentType: 'text/plain; charset=utf-8', body: 'Contact: mailto:security@minjiang.gov.cn\nExpires: 2030-12-31T00:00:00.000Z\n' });
    return {
      routes,
      headers: {
        Server: 'nginx',
        'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
        'X-Content-Type-Options': 'nosniff',
        'X-Frame-Options': 'SAMEORIGIN',
        'Content-Security-Policy': "frame-ancestors 'self'",
        'Referrer-Policy': 'strict-origin-when-cross-origin',
      },
      cookies: ['SESSION=8c1d2e3f; Path=/; Secure; HttpOnly; SameSite=Lax'],
      notFound: () => ({ status: 404, body: '<html><body><h1>404 Not Found</h1></body></html>' }),
    };
  },
};
