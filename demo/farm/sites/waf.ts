/**
 * 闽江市公安局 (gaj.minjiang.gov.cn): a portal behind a 瑞数 (River Security) style dynamic
 * challenge, as many ministry and provincial portals are. Every page answers 412 with a
 * document that is only `$_ts` bootstrap code and a script; a browser would run it, set the
 * cookie and reload. We were refused, the site may be fine: everything about its content is
 * "cannot assess", never a defect.
 */
import type { BuildCtx, FarmSiteDef } from '../types.ts';
import type { FarmResponse, Handler } from '../server.ts';

export const WAF_ID = 'mj-gaj';
export const WAF_SCRIPT = '/ZmxhZ3M/mU9Jt8yQ.js';

export const waf: FarmSiteDef = {
  id: WAF_ID,
  name: '闽江市公安局',
  host: 'gaj.minjiang.gov.cn',
  region: '福建省闽江市',
  level: '部门',
  kind: '部门网站',
  siteIdCode: '3507000037',
  offersServices: true,
  role: '瑞数式动态防护：所有页面返回412挑战页（被拦截，只能判为无法评估）',
  tags: ['demo', 'waf'],
  build(_ctx: BuildCtx) {
    const challenge = (): FarmResponse => ({
      status: 412,
      bare: true,
      headers: { Server: 'nginx', 'Set-Cookie': 'FSSBBIl1UgzbN7N80S=Qp3Xz0fA2bH9; Path=/; HttpOnly', 'Cache-Control': 'no-cache' },
      body: `<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta id="9DhefwqGPrzGxEp9hPaoag" content="kZ2d0c2Vzc2lvbl9pZA"><script type="text/javascript" r="m">$_ts=window['$_ts'];if(!$_ts)$_ts=window['$_ts']={};$_ts.nsd=54871;$_ts.cd="qEprrAlrlGVrDqlFcAAqdqWqWqGcWsalcGxGDqVuWAlrrcaErsqrdsNbcsl";if($_ts.lcd)$_ts.lcd();</script><script type="text/javascript" charset="utf-8" src="${WAF_SCRIPT}" r="m"></script></head><body></body></html>`,
    });
    const routes = new Map<string, FarmResponse | Handler>();
    routes.set(WAF_SCRIPT, { body: '/* dynamic challenge */(function(){var a=window.$_ts||{};a.x=1;})();', contentType: 'application/javascript' });
    return { routes, headers: {}, fallback: () => challenge(), notFound: () => challenge() };
  },
};
