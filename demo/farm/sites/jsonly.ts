/**
 * 闽江市教育局 (jyj.minjiang.gov.cn): a single-page-app front page. The HTML has an empty
 * #app and two scripts; navigation, the news list and the footer are built by JavaScript,
 * so only a rendering browser sees the links. Column and article pages behind it are plain
 * server-rendered HTML, as on real sites that put a Vue shell in front of an old CMS.
 */
import type { BuildCtx, FarmSiteDef } from '../types.ts';
import type { FarmResponse, Handler } from '../server.ts';
import { PNG_1x1 } from '../server.ts';
import { addAssets, addColumn, type Column, type PortalSpec } from '../cms.ts';
import { series } from '../content.ts';
import { formatDate } from '../time.ts';

export const JS_ID = 'mj-jyj';
export const JS_PATHS = { news: '/jyxw/index.html', notices: '/tzgg/index.html' } as const;

export const jsonly: FarmSiteDef = {
  id: JS_ID,
  name: '闽江市教育局',
  host: 'jyj.minjiang.gov.cn',
  region: '福建省闽江市',
  level: '部门',
  kind: '部门网站',
  siteIdCode: '3507000020',
  offersServices: true,
  role: '纯JavaScript首页：导航和列表由脚本生成，只有浏览器渲染后才能看到链接',
  tags: ['demo', 'javascript'],
  build(ctx: BuildCtx) {
    const now = ctx.now;
    const p: PortalSpec = {
      name: '闽江市教育局',
      host: 'jyj.minjiang.gov.cn',
      style: 'trs',
      charset: 'utf-8',
      metaCharset: true,
      siteMeta: true,
      metaSiteIdCode: '3507000020',
      nav: [{ text: '首页', href: '/' }, { text: '教育新闻', href: JS_PATHS.news }, { text: '通知公告', href: JS_PATHS.notices }],
      topLinks: [],
      footer: { sponsor: '闽江市教育局', siteIdCode: '3507000020', icp: '闽ICP备05012345号-9', psb: { text: '闽公网安备 35070202000789号', code: '35070202000789' } },
      external: ctx.ext,
    };
    const routes = new Map<string, FarmResponse | Handler>();
    addAssets(routes, PNG_1x1);
    const news: Column = { name: '教育新闻', path: JS_PATHS.news, dateStyle: 'iso', items: series({ pool: 'dept', place: '闽江市', now, count: 12, newest: 0, every: 3, dir: '/jyxw/', url: 'trs', serialBase: 8_800_000 }) };
    const notices: Column = { name: '通知公告', path: JS_PATHS.notices, dateStyle: 'iso', items: series({ pool: 'notice', place: '闽江市', now, count: 8, newest: 2, every: 9, dir: '/tzgg/', url: 'trs', serialBase: 8_900_000 }) };
    addColumn(routes, p, news, 'JYJ-XW');
    addColumn(routes, p, notices, 'JYJ-TZ');
    const data = {
      nav: [
        ['首页', '/'],
        ['教育新闻', news.path],
        ['通知公告', notices.path],
      ],
      news: news.items.slice(0, 6).map((i) => [i.title, i.href, formatDate(i.date!, 'iso')]),
      notices: notices.items.slice(0, 5).map((i) => [i.title, i.href, formatDate(i.date!, 'iso')]),
    };
    const app = `(function(){
var D=${JSON.stringify(data)};
function el(t,c,h){var e=document.createElement(t);if(c)e.className=c;if(h!=null)e.textContent=h;return e}
function link(x){var a=el('a',null,x[0]);a.setAttribute('href',x[1]);return a}
function list(title,more,rows){var b=el('div','block');var hd=el('div','hd');hd.appendChild(el('h3',null,title));var m=link(['更多>>',more]);m.className='more';hd.appendChild(m);b.appendChild(hd);var ul=el('ul','list');rows.forEach(function(r){var li=el('li');li.appendChild(link(r));li.appendChild(el('span','date',r[2]));ul.appendChild(li)});b.appendChild(ul);return b}
var app=document.getElementById('app');app.innerHTML='';
var nav=el('div','nav');nav.id='nav';var ul=el('ul');D.nav.forEach(function(n){var li=el('li');li.appendChild(link(n));ul.appendChild(li)});nav.appendChild(ul);app.appendChild(nav);
app.appendChild(list('教育新闻',D.nav[1][1],D.news));app.appendChild(list('通知公告',D.nav[2][1],D.notices));
var f=el('div','footer');f.id='footer';f.appendChild(el('p',null,'主办单位：闽江市教育局  网站标识码：3507000020  闽ICP备05012345号-9'));app.appendChild(f);
document.title='闽江市教育局';
})();`;
    routes.set('/static/js/app.js', { body: app, contentType: 'application/javascript; charset=utf-8' });
    routes.set('/static/js/chunk-vendors.js', { body: '/*! vendor bundle */window.__VENDOR__=1;', contentType: 'application/javascript; charset=utf-8' });
    const home = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>闽江市教育局</title>
<meta name="SiteName" content="闽江市教育局"><meta name="SiteDomain" content="jyj.minjiang.gov.cn"><meta name="SiteIDCode" content="3507000020">
<meta name="viewport" content="width=device-width,initial-scale=1"><link rel="stylesheet" href="/css/common.css"></head>
<body><div id="app"><div class="loading">页面加载中……</div></div>
<noscript>您的浏览器禁用了JavaScript，请启用后访问本站。</noscript>
<script src="/static/js/chunk-vendors.js"></script><script src="/static/js/app.js"></script></body></html>`;
    routes.set('/', { body: home });
    routes.set('/index.html', { body: home });
    return {
      routes,
      headers: { Server: 'nginx', 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'SAMEORIGIN' },
      notFound: () => ({ status: 404, body: '<html><body><h1>404</h1><p>页面不存在</p></body></html>' }),
    };
  },
};
