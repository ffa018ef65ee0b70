/**
 * The one server behind every host outside the registered portals: a partner site with a
 * working and a broken page, the 党政机关 (conac) certificate and logo hosts, the ICP and
 * 公网安备 lookup sites and the city's online service hall. It routes by Host header, so
 * footer links keep their real host names while nothing leaves 127.0.0.1.
 */
import type { FarmResponse, Handler, SiteServerSpec } from './server.ts';
import { PNG_1x1 } from './server.ts';

export const EXTERNAL_HOSTS = ['www.example-partner.com', 'bszs.conac.cn', 'dcs.conac.cn', 'beian.miit.gov.cn', 'www.beian.gov.cn', 'zwfw.minjiang.gov.cn', 'tongji.minjiang.gov.cn'] as const;

const page = (title: string, body: string): FarmResponse => ({ body: `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>` });

export function externalSpec(): SiteServerSpec {
  const byHost: Record<string, Record<string, FarmResponse>> = {
    'www.example-partner.com': {
      '/': page('闽江日报', '<h1>闽江日报</h1><p><a href="/ok.html">今日要闻</a></p>'),
      '/ok.html': page('闽江日报·今日要闻', '<h1>今日要闻</h1><p>闽江日报社主办。</p>'),
    },
    'bszs.conac.cn': { '/sitename': page('党政机关网站标识', '<h1>党政机关网站开办单位信息</h1><p>本网站已在中央机构编制委员会办公室事业单位登记管理局注册。</p>') },
    'dcs.conac.cn': { '/image/red.png': { body: PNG_1x1, contentType: 'image/png' } },
    'beian.miit.gov.cn': { '/': page('ICP/IP地址/域名信息备案管理系统', '<h1>ICP/IP地址/域名信息备案管理系统</h1>') },
    'www.beian.gov.cn': { '/portal/registerSystemInfo': page('全国互联网安全管理服务平台', '<h1>联网备案信息</h1>') },
    'tongji.minjiang.gov.cn': {
      '/stat.js': { body: '/* 网站访问统计 */(function(){var i=new Image();i.src="/pixel.gif?r="+Math.random()})();', contentType: 'application/javascript' },
      '/pixel.gif': { body: PNG_1x1, contentType: 'image/png' },
    },
    'zwfw.minjiang.gov.cn': {
      '/index.html': page('闽江市网上办事大厅', '<h1>闽江市网上办事大厅</h1><p>个人办事 · 法人办事 · 部门服务</p>'),
    },
  };
  const handler: Handler = (req, url) => {
    const host = String(req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const routes = byHost[host];
    if (!routes) return undefined;
    if (host === 'zwfw.minjiang.gov.cn' && url.pathname.startsWith('/apply/')) return page('在线申报', '<h1>在线申报</h1><form method="post"><input name="sqr"><button>提交</button></form>');
    return routes[url.pathname];
  };
  return {
    headers: { Server: 'nginx' },
    routes: new Map(),
    fallback: handler,
    notFound: () => ({ ...page('404 Not Found', '<h1>404 Not Found</h1>'), status: 404 }),
  };
}
