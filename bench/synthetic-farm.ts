/**
 * A synthetic portal farm for the benchmarks: N sites × M pages, each site its own HTTP
 * server on 127.0.0.1, pages generated on request (deterministic, no disk). Pages look like
 * a government CMS's: navigation, dated news lists, article bodies in Chinese, a footer, and
 * ~25 links per page, so link and date extraction do real work.
 *
 * Runs in its own process (`node bench/synthetic-farm.ts N M`) so the server's CPU is not
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

export interface Farm {
  urls: string[];
  close(): Promise<void>;
}

export async function startSyntheticFarm(sites: number, pages: number): Promise<Farm> {
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
      const html = page(s, k, pages);
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
  const farm = await startSyntheticFarm(sites, pages);
  process.stdout.write(JSON.stringify({ urls: farm.urls }) + '\n');
  process.on('SIGTERM', () => farm.close().then(() => process.exit(0)));
}
