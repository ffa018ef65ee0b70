/**
 * A synthetic portal farm for the benchmarks: N sites × M pages, each site its own HTTP
 * server on 127.0.0.1, pages generated on request (deterministic, no disk). Pages look like
 * a government CMS's: navigation, dated news lists, article bodies in Chinese, a footer, and
 * ~25 links per page, so link and date extraction do real work.
 *
 * `portal` style (`node bench/synthetic-farm.ts N M portal`): pages the size and shape of real
 * portal pages instead (see portalPage).
 *
 * Runs in its own process (`node bench/synthetic-farm.ts N M [small|portal]`) so the server's CPU is not
 * charged to the crawler being measured; it prints one JSON line with the site URLs.
 */
import { createServer, type Server } from 'node:http';

const LOREM = '为深入贯彻落实党中央、国务院关于加强政府网站建设管理的决策部署，进一步提升政务公开和政务服务水平，现将有关事项通知如下。各单位要高度重视，明确责任分工，确保各项工作落到实处。';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function page(site: number, k: number, pages: number): string {
  const links: string[] = [];
  // A tree (children 2k+1, 2k+2) guarantees every page is reachable; a few cross links add realism.
  for (const c of [2 * k + 1, 2 * k + 2, (k * 7 + 3) % pages, (k * 13 + 5) % pages]) {
    if (c < pages) links.push(`<li><a href="/art/${c}.html">关于做好第${c}项重点工作的通知</a><span class="date">2026-${pad((c % 12) + 1)}-${pad((c % 28) + 1)}</span></li>`);
  }
  const nav = ['首页', '政务公开', '政府信息公开', '办事服务', '互动交流', '走进本市']
    .map((t, i) => `<a href="/art/${i % pages}.html">${t}</a>`)
    .join('');
  const body = Array.from({ length: 6 }, () => `<p>${LOREM}</p>`).join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>第${k}页 - 示例${site}市人民政府</title>
<meta name="SiteName" content="示例${site}市人民政府"><meta name="PubDate" content="2026-11-${pad((k % 28) + 1)} 10:00"></head>
<body><div class="header"><div class="nav">${nav}</div></div>
<div class="main"><h2>政务要闻</h2><ul class="list">${links.join('')}</ul>
<table class="meta"><tr><td>发布日期：</td><td>2026年11月${(k % 28) + 1}日</td></tr></table>${body}</div>
<div class="footer">主办单位：示例${site}市人民政府办公室 网站标识码：35010000${pad(site % 100)} 闽ICP备12345678号</div></body></html>`;
}

const COLUMNS = ['政务要闻', '部门动态', '通知公告', '政策文件', '政策解读', '人事信息', '财政资金', '重点项目'];
const NAV = ['首页', '走进本市', '政务公开', '政府信息公开', '政策文件', '政策解读', '办事服务', '互动交流', '数据开放', '专题专栏'];
const FOOTER = ['网站地图', '联系我们', '隐私声明', '使用帮助', '无障碍浏览', '长者模式', '国务院', '省政府', '发展改革委', '教育局', '公安局', '民政局', '司法局', '财政局', '人社局', '自然资源局', '生态环境局', '住建局', '交通运输局', '水利局', '农业农村局', '商务局', '文旅局', '卫健委', '应急局', '审计局', '市场监管局', '统计局', '医保局', '信访局'];

/**
 * A page the size and shape of a real portal page (~34 KB, ~140 links, 8 dated list blocks with
 * headings and 「更多」 links, a metadata table, a long article, a big footer), for measuring
 * the extraction cost that real portals bring. Most links repeat on every page (navigation,
 * footer, column heads), as on real portals; list entries point into the site. Links to other
 * sites point at 127.0.0.2:1, which refuses at once: nothing leaves the machine.
 */
export function portalPage(site: number, k: number, pages: number): string {
  const a = (href: string, text: string) => `<a href="${href}" target="_blank" title="${text}">${text}</a>`;
  const tree = [2 * k + 1, 2 * k + 2].filter((c) => c < pages);
  const nav = NAV.map((t, i) => `<li>${a(`/art/${i % pages}.html`, t)}</li>`).join('\n');
  const blocks = COLUMNS.map((col, b) => {
    const items = Array.from({ length: 10 }, (_, i) => {
      const c = b === 0 && i < tree.length ? tree[i] : (k * 31 + b * 10 + i * 17 + 7) % pages;
      return `<li>\n  <span class="date">2026-${pad((c % 12) + 1)}-${pad((c % 28) + 1)}</span>\n  ${a(`/art/${c}.html`, `关于做好第${c}项${col}相关工作的通知（${b}-${i}）`)}\n</li>`;
    }).join('\n');
    return `<div class="column"><div class="tit"><h3>${a(`/art/${(b + 10) % pages}.html`, col)}</h3><a class="more" href="/art/${(b + 10) % pages}.html">更多&gt;&gt;</a></div>\n<ul class="list">\n${items}\n</ul></div>`;
  }).join('\n');
  const rows = ['索引号', '发布机构', '主题分类', '成文日期', '发布日期', '文号', '有效性'].map((h, i) => `<tr><td class="label">${h}：</td><td>${i === 4 ? `2026年11月${(k % 28) + 1}日` : i === 3 ? `2026-11-${pad((k % 28) + 1)}` : `示例${site}-${k}-${i}`}</td></tr>`).join('\n');
  const article = Array.from({ length: 30 }, () => `<p style="text-indent:2em">${LOREM}</p>`).join('\n');
  const footer = FOOTER.map((t, i) => `<li>${i < 8 ? a(`/art/${(i + 20) % pages}.html`, t) : a(`http://127.0.0.2:1/gov/${i}/`, t)}</li>`).join('\n');
  return `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>第${k}页 - 示例${site}市人民政府</title>
<meta name="SiteName" content="示例${site}市人民政府"><meta name="SiteDomain" content="127.0.0.1"><meta name="SiteIDCode" content="35010000${pad(site % 100)}">
<meta name="ColumnName" content="政务要闻"><meta name="ArticleTitle" content="第${k}页"><meta name="PubDate" content="2026-11-${pad((k % 28) + 1)} 10:00">
<link rel="stylesheet" href="/css/main.css"><script src="/js/jquery.min.js"></script></head>
<body><div class="header"><div class="top">今天是2026年11月20日 星期五</div><ul class="nav">\n${nav}\n</ul></div>
<div class="main"><div class="position">当前位置：${a('/', '首页')} &gt; ${a('/art/1.html', '政务公开')}</div>
${blocks}
<div class="article"><h1>关于做好第${k}项重点工作的通知</h1><table class="meta">\n${rows}\n</table>
${article}</div></div>
<div class="footer"><ul class="links">\n${footer}\n</ul><p>主办单位：示例${site}市人民政府办公室 网站标识码：35010000${pad(site % 100)} 闽ICP备12345678号 闽公网安备 35010202000123号</p></div></body></html>`;
}

export interface Farm {
  urls: string[];
  close(): Promise<void>;
}

export type PageStyle = 'small' | 'portal';

export async function startSyntheticFarm(sites: number, pages: number, style: PageStyle = 'small'): Promise<Farm> {
  const render = style === 'portal' ? portalPage : page;
  const servers: Server[] = [];
  const urls: string[] = [];
  for (let s = 0; s < sites; s++) {
    const server = createServer((req, res) => {
      const m = /^\/art\/(\d+)\.html$/.exec(req.url ?? '');
      const k = req.url === '/' || req.url === '/index.html' ? 0 : m ? Number(m[1]) : -1;
      if (k < 0 || k >= pages) {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>404</h1>');
        return;
      }
      const html = render(s, k, pages);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
      res.end(req.method === 'HEAD' ? undefined : html);
    });
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    urls.push(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
  }
  return {
    urls,
    close: () => Promise.all(servers.map((s) => new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r()))))).then(() => {}),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [sites, pages] = [Number(process.argv[2] ?? 20), Number(process.argv[3] ?? 500)];
  const farm = await startSyntheticFarm(sites, pages, process.argv[4] === 'portal' ? 'portal' : 'small');
  process.stdout.write(JSON.stringify({ urls: farm.urls }) + '\n');
  process.on('SIGTERM', () => farm.close().then(() => process.exit(0)));
}
