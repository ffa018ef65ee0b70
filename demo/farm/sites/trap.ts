/**
 * 闽江市文化和旅游局 (wlj.minjiang.gov.cn): a site that never ends. Tomcat URL rewriting
 * puts a fresh `;jsessionid=` on every link, the 活动日历 pages link to the previous and next
 * month forever, the 旅游资讯 list multiplies query variants (page × sort × type), and a
 * relative link without a leading slash nests /whdt/whdt/whdt/… without end. A crawler
 * must stop on its trap guards and budgets and still finish the run.
 */
import { randomBytes } from 'node:crypto';
import type { BuildCtx, FarmSiteDef } from '../types.ts';
import type { FarmResponse, Handler } from '../server.ts';
import { PNG_1x1 } from '../server.ts';
import { addAssets, esc, renderPage, type PortalSpec } from '../cms.ts';
import { series } from '../content.ts';
import { formatDate } from '../time.ts';

export const TRAP_ID = 'mj-wlj';

export const trap: FarmSiteDef = {
  id: TRAP_ID,
  name: '闽江市文化和旅游局',
  host: 'wlj.minjiang.gov.cn',
  region: '福建省闽江市',
  level: '部门',
  kind: '部门网站',
  siteIdCode: '3507000031',
  offersServices: false,
  role: '永不结束的网站：无限日历、会话ID网址、查询参数爆炸、相对路径嵌套',
  tags: ['demo', 'trap'],
  limits: { maxPages: 150, maxSeconds: 30, maxQueryVariants: 10, maxDepth: 12 },
  build(ctx: BuildCtx) {
    const now = ctx.now;
    const p: PortalSpec = {
      name: '闽江市文化和旅游局',
      host: 'wlj.minjiang.gov.cn',
      style: 'trs',
      charset: 'utf-8',
      metaCharset: true,
      siteMeta: true,
      metaSiteIdCode: '3507000031',
      nav: [
        { text: '首页', href: '/' },
        { text: '文旅动态', href: '/whdt/index.html' },
        { text: '活动日历', href: `/hdrl/index.html?month=${formatDate(now, 'iso').slice(0, 7)}` },
        { text: '旅游资讯', href: '/lyzx/list.html?page=1&sort=time&type=1' },
      ],
      topLinks: [],
      footer: { sponsor: '闽江市文化和旅游局', siteIdCode: '3507000031', icp: '闽ICP备05012345号-12', psb: { text: '闽公网安备 35070202000999号', code: '35070202000999' }, conac: { id: 'F0E1D2C3B4A5968778695' } },
      external: ctx.ext,
    };
    const routes = new Map<string, FarmResponse | Handler>();
    addAssets(routes, PNG_1x1);
    const news = series({ pool: 'dept', place: '闽江市', now, count: 10, newest: 1, every: 4, dir: '/whdt/', url: 'trs', serialBase: 9_100_000 });

    // Every internal link in every answer gets a fresh session id, like Tomcat without cookies.
    const withSession = (html: string) => html.replace(/href="(\/[^"#?;]*)([^"]*)"/g, (_m, path: string, rest: string) => `href="${path};jsessionid=${randomBytes(16).toString('hex').toUpperCase()}${rest}"`);
    const page = (title: string, body: string): FarmResponse => ({ body: withSession(renderPage(p, { title: `${title}_${p.name}`, columnName: title, body })) });
    const list = news.map((i) => `<li><a href="${esc(i.href)}">${esc(i.title)}</a><span class="date">${formatDate(i.date!, 'iso')}</span></li>`).join('\n');

    const home = (): FarmResponse => page('首页', `<div class="block"><div class="hd"><h3>文旅动态</h3><a class="more" href="/whdt/index.html">更多&gt;&gt;</a></div><ul class="list">${list}</ul></div>`);
    // The root only forwards, by <meta http-equiv="refresh">, as many portals' index pages do.
    routes.set('/', { body: '<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=/index.html"><title>闽江市文化和旅游局</title></head><body>正在跳转……</body></html>' });
    routes.set('/index.html', home as Handler);
    for (const i of news) routes.set(i.href, (() => page(i.title, `<h1>${esc(i.title)}</h1><p>发布日期：${formatDate(i.date!, 'iso')}</p><p>详见附件。</p>`)) as Handler);

    // Calendar without end: each month links to its neighbours and to each of its days.
    routes.set('/hdrl/index.html', ((_req, url) => {
      const m = /^(\d{4})-(\d{2})$/.exec(url.searchParams.get('month') ?? '') ?? ['', String(now.getUTCFullYear()), String(now.getUTCMonth() + 1)];
      const y = Number(m[1]);
      const mo = Number(m[2]);
      const key = (yy: number, mm: number) => `${yy}-${String(mm).padStart(2, '0')}`;
      const prev = mo === 1 ? key(y - 1, 12) : key(y, mo - 1);
      const next = mo === 12 ? key(y + 1, 1) : key(y, mo + 1);
      const days = Array.from({ length: 28 }, (_, d) => `<td><a href="/hdrl/index.html?month=${key(y, mo)}&amp;day=${d + 1}">${d + 1}</a></td>`).join('');
      return page(`活动日历 ${key(y, mo)}`, `<div class="calendar"><a href="/hdrl/index.html?month=${prev}">&lt; 上个月</a> <b>${y}年${mo}月</b> <a href="/hdrl/index.html?month=${next}">下个月 &gt;</a><table><tr>${days}</tr></table></div>`);
    }) as Handler);

    // 旅游资讯: page × sort × type variants, pages without end.
    routes.set('/lyzx/list.html', ((_req, url) => {
      const n = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
      const type = url.searchParams.get('type') ?? '1';
      const links = [`<a href="/lyzx/list.html?page=${n + 1}&amp;sort=time&amp;type=${type}">下一页</a>`];
      for (const s of ['time', 'hot', 'name']) for (let t = 1; t <= 6; t++) links.push(`<a href="/lyzx/list.html?page=${n}&amp;sort=${s}&amp;type=${t}">${s}-${t}</a>`);
      const items = Array.from({ length: 10 }, (_, k) => `<li><a href="/lyzx/content.html?id=${n * 10 + k}">旅游资讯第${n * 10 + k}条</a></li>`).join('');
      return page(`旅游资讯 第${n}页`, `<ul class="list">${items}</ul><div class="page">${links.join(' ')}</div>`);
    }) as Handler);
    routes.set('/lyzx/content.html', ((_req, url) => page('旅游资讯', `<h1>旅游资讯 ${esc(url.searchParams.get('id') ?? '')}</h1><p><a href="/lyzx/list.html?page=1&amp;sort=hot&amp;type=1">返回列表</a></p>`)) as Handler);

    return {
      routes,
      // /whdt/index.html links to "whdt/index.html" (no leading slash): /whdt/whdt/whdt/… forever.
      fallback: (_req, url) =>
        /^(\/whdt)+\/index\.html$/.test(url.pathname.replace(/;.*$/, ''))
          ? page('文旅动态', `<ul class="list">${list}</ul><p class="related"><a href="whdt/index.html">相关动态</a></p>`)
          : undefined,
      headers: { Server: 'Apache-Coyote/1.1' },
      cookies: [],
      notFound: () => ({ status: 404, body: '<html><body><h1>HTTP Status 404 – Not Found</h1></body></html>', bare: true }),
    };
  },
};

/** Registered on a port that nothing listens on. */
export const unreachable: FarmSiteDef = {
  id: 'mj-lyj',
  name: '闽江市林业局',
  host: 'lyj.minjiang.gov.cn',
  region: '福建省闽江市',
  level: '部门',
  kind: '部门网站',
  siteIdCode: '3507000044',
  offersServices: false,
  role: '无法访问的网站（端口无人监听）',
  tags: ['demo', 'unreachable'],
  unreachable: true,
};
