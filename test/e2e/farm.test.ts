/**
 * The farm serves what planted.ts promises, checked over real HTTP on loopback: encodings
 * byte for byte, statuses, redirects, headers, dates relative to a pinned `now`, the trap
 * site's endless URLs, and host routing of the external server.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request } from 'node:http';
import iconv from 'iconv-lite';
import { startFarm, type Farm } from '../../demo/farm/index.ts';
import { plantedFor } from '../../demo/farm/planted.ts';
import { COUNTY_ID, COUNTY_PATHS } from '../../demo/farm/sites/county.ts';
import { CITY_ID } from '../../demo/farm/sites/city.ts';
import { DEPT_ID, DEPT_PATHS, DEPT_MAX_BODY } from '../../demo/farm/sites/department.ts';
import { JS_ID } from '../../demo/farm/sites/jsonly.ts';
import { TRAP_ID } from '../../demo/farm/sites/trap.ts';
import { parseRegistry } from '../../config/sites.ts';
import { formatDate, daysAgo } from '../../demo/farm/time.ts';

/** The agreed check catalogue (ids are contracts between checks, methodology and reports). */
const CATALOGUE = [
  'availability.unreachable', 'availability.home-failure-ratio',
  'freshness.home-not-updated', 'freshness.stale-news-columns', 'freshness.stale-required-columns', 'freshness.empty-columns', 'freshness.home-update-volume',
  'disclosure.section', 'disclosure.standard-parts', 'disclosure.guide-contents', 'disclosure.statutory-categories', 'disclosure.publish-timeliness', 'disclosure.request-channel', 'disclosure.annual-report', 'disclosure.annual-report-contents',
  'services.entry', 'services.guide-elements', 'services.attachments-and-systems',
  'participation.channel', 'participation.unanswered-letters', 'participation.surveys-interviews',
  'links.broken-home', 'links.broken-other', 'links.offsite', 'links.raw-ip',
  'identity.domain', 'identity.site-id-code', 'identity.icp-filing', 'identity.psb-filing', 'identity.conac-mark', 'identity.meta-tags', 'identity.annual-worksheet',
  'security.https', 'security.certificate', 'security.headers', 'security.mixed-content', 'security.cookies', 'security.disclosure', 'security.observatory-grade',
  'quality.lighthouse', 'quality.accessibility', 'quality.elderly-entry',
];

const NOW = new Date('2026-11-20T08:00:00Z');
let farm: Farm;

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request to a farm host on 127.0.0.1, with the fictitious Host header a crawler would send. */
function raw(url: string, opts: { method?: string; timeoutMs?: number } = {}): Promise<Raw> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(u.port), path: u.pathname + u.search, method: opts.method ?? 'GET', headers: { host: u.host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (opts.timeoutMs) req.setTimeout(opts.timeoutMs, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

beforeAll(async () => {
  farm = await startFarm({ now: NOW });
});
afterAll(async () => {
  await farm?.close();
});

describe('farm registry', () => {
  it('round-trips through the registry loader and resolves every host to loopback', () => {
    const reg = parseRegistry(farm.registryYaml, 'farm.yaml');
    expect(reg.sites.map((s) => s.id)).toEqual(farm.sites.map((s) => s.id));
    for (const s of reg.sites) expect(reg.resolve[new URL(s.url).hostname]).toBe('127.0.0.1');
    for (const h of ['www.example-partner.com', 'bszs.conac.cn', 'dcs.conac.cn', 'beian.miit.gov.cn', 'www.beian.gov.cn']) expect(reg.resolve[h]).toBe('127.0.0.1');
    expect(reg.sites.find((s) => s.id === DEPT_ID)).toMatchObject({ level: '部门', kind: '部门网站', offersServices: false });
    expect(reg.sites.find((s) => s.id === CITY_ID)).toMatchObject({ name: '闽江市人民政府', level: '市', kind: '门户网站' });
  });

  it('the health commission speaks HTTPS with the self-signed farm certificate', async () => {
    const { get } = await import('node:https');
    const url = new URL(farm.url('mj-wjw', '/'));
    const cert = await new Promise<{ subject: string; authorized: boolean }>((resolve, reject) => {
      const req = get({ host: '127.0.0.1', port: Number(url.port), path: '/', servername: url.hostname, headers: { host: url.host }, rejectUnauthorized: false }, (res) => {
        const sock = res.socket as import('node:tls').TLSSocket;
        resolve({ subject: String(sock.getPeerCertificate().subject?.CN), authorized: sock.authorized });
        res.resume();
      });
      req.on('error', reject);
    });
    expect(cert).toEqual({ subject: 'wjw.minjiang.gov.cn', authorized: false });
    expect(farm.registry.sites.find((s) => s.id === 'mj-wjw')!.url).toMatch(/^https:\/\/wjw\.minjiang\.gov\.cn:\d+\/$/);
  });

  it('the unreachable site sits on a port that refuses connections', async () => {
    const s = farm.sites.find((x) => x.unreachable)!;
    await expect(raw(s.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('every planted check id is in the agreed catalogue and every planted id is unique', () => {
    const planted = plantedFor(farm);
    expect(new Set(planted.map((p) => p.id)).size).toBe(planted.length);
    for (const p of planted) if (p.check) expect(CATALOGUE, p.id).toContain(p.check.checkId);
    expect(planted.filter((p) => p.issue === 'audit').length).toBeGreaterThanOrEqual(20);
    expect(planted.filter((p) => p.issue === 'checks' && !p.problem).length).toBeGreaterThanOrEqual(15);
  });
});

describe('encodings', () => {
  it('the county pages are GBK with the charset only in <meta>', async () => {
    const r = await raw(farm.url(COUNTY_ID, '/'));
    expect(r.headers['content-type']).toBe('text/html');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(r.body)).toThrow();
    const text = iconv.decode(r.body, 'gbk');
    expect(text).toContain('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">');
    expect(text).toContain('青溪县人民政府');
    expect(r.body.includes(iconv.encode('县政要闻', 'gbk'))).toBe(true);
  });

  it('the department pages start with a UTF-8 BOM and have no <meta charset>', async () => {
    const r = await raw(farm.url(DEPT_ID, '/'));
    expect([...r.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body.toString('utf8')).not.toMatch(/<meta[^>]+charset/i);
  });

  it('the 繁體 page is Big5', async () => {
    const r = await raw(farm.url(CITY_ID, '/big5/index.html'));
    expect(r.headers['content-type']).toBe('text/html; charset=big5');
    expect(iconv.decode(r.body, 'big5')).toContain('歡迎訪問閩江市人民政府門戶網站繁體版');
    expect(r.body.toString('utf8')).not.toContain('閩江');
  });
});

describe('dates follow the pinned now', () => {
  it('the city home shows today in ISO and [MM-DD] forms, the department nothing newer than 23 days', async () => {
    const city = (await raw(farm.url(CITY_ID, '/'))).body.toString('utf8');
    expect(city).toContain(formatDate(NOW, 'iso'));
    expect(city).toContain(formatDate(daysAgo(NOW, 1), 'md-bracket'));
    expect(city).toContain(formatDate(daysAgo(NOW, 1), 'cn'));
    const dept = (await raw(farm.url(DEPT_ID, '/'))).body.toString('utf8');
    const dates = [...dept.matchAll(/(\d{4})-(\d{2})-(\d{2})/g)].map((m) => Date.UTC(+m[1], +m[2] - 1, +m[3]));
    expect(dates.length).toBeGreaterThan(5);
    expect(Math.max(...dates)).toBe(Date.UTC(2026, 9, 28)); // 23 days before 2026-11-20
  });

  it('a stale county column has nothing newer than 40 days', async () => {
    const html = iconv.decode((await raw(farm.url(COUNTY_ID, COUNTY_PATHS.staleColumns[0]))).body, 'gbk');
    const dates = [...html.matchAll(/(\d{4})年(\d{2})月(\d{2})日/g)].map((m) => Date.UTC(+m[1], +m[2] - 1, +m[3]));
    expect(Math.max(...dates)).toBe(Date.UTC(2026, 9, 11));
  });

  it('blank columns say 「本栏目暂无信息」 and the note column explains itself', async () => {
    for (const p of COUNTY_PATHS.emptyColumns) expect(iconv.decode((await raw(farm.url(COUNTY_ID, p))).body, 'gbk')).toContain('本栏目暂无信息');
    const note = iconv.decode((await raw(farm.url(COUNTY_ID, COUNTY_PATHS.explanatoryNote))).body, 'gbk');
    expect(note).toContain('本机关2025年度无行政强制类信息，特此说明');
  });
});

describe('crawl-level plantings answer as planted', () => {
  it('statuses of the broken, refused and erroring URLs', async () => {
    const c = (p: string) => farm.url(COUNTY_ID, p);
    expect((await raw(c(COUNTY_PATHS.home404a))).status).toBe(404);
    expect((await raw(c(COUNTY_PATHS.image404))).status).toBe(404);
    expect((await raw(c(COUNTY_PATHS.brokenPdf))).status).toBe(404);
    expect((await raw(c(farm.paths[COUNTY_ID].deletedArticle))).status).toBe(404);
    expect((await raw(c(farm.paths[COUNTY_ID].goneArticle))).status).toBe(410);
    expect((await raw(c(COUNTY_PATHS.error500))).status).toBe(500);
    expect((await raw(c(COUNTY_PATHS.forbidden))).status).toBe(403);
    const pdf = await raw(c(COUNTY_PATHS.workingPdf));
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the redirect loop never ends and the redirect chain does', async () => {
    const first = await raw(farm.url(COUNTY_ID, COUNTY_PATHS.loop));
    expect(first.status).toBe(302);
    const second = await raw(farm.url(COUNTY_ID, String(first.headers.location)));
    expect(second.headers.location).toBe(COUNTY_PATHS.loop);
    const a = await raw(farm.url(CITY_ID, '/zwgk'));
    expect([a.status, a.headers.location]).toEqual([301, '/zwgk/']);
    const b = await raw(farm.url(CITY_ID, '/zwgk/'));
    expect([b.status, b.headers.location]).toEqual([302, '/zwgk/index.html']);
    expect((await raw(farm.url(CITY_ID, '/zwgk/index.html'))).status).toBe(200);
  });

  it('429 with Retry-After, then 200 on the retry', async () => {
    const url = farm.url(CITY_ID, '/zwgk/zcwj/index.html');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await raw(url)).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses[0] === 429 ? statuses[1] : statuses[2]).toBe(200);
  });

  it('the slow page does not answer within the county timeout', async () => {
    const t = Date.now();
    await expect(raw(farm.url(COUNTY_ID, COUNTY_PATHS.slow), { timeoutMs: 3500 })).rejects.toThrow('timeout');
    expect(Date.now() - t).toBeGreaterThanOrEqual(3400);
  });

  it('the bulletin is larger than the department byte budget', async () => {
    const r = await raw(farm.url(DEPT_ID, DEPT_PATHS.big));
    expect(r.status).toBe(200);
    expect(r.body.length).toBeGreaterThan(DEPT_MAX_BODY * 4);
  });

  it('the city gzips for clients that ask, the bulletin streams chunked, the county refuses HEAD', async () => {
    const { gunzipSync } = await import('node:zlib');
    const gz = await new Promise<Raw>((resolve, reject) => {
      const u = new URL(farm.url(CITY_ID, '/'));
      const req = request({ host: '127.0.0.1', port: Number(u.port), path: '/', headers: { host: u.host, 'accept-encoding': 'gzip, deflate' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toContain('闽江市人民政府');
    expect((await raw(farm.url(CITY_ID, '/'))).headers['content-encoding']).toBeUndefined();
    const big = await raw(farm.url(DEPT_ID, DEPT_PATHS.big));
    expect(big.headers['transfer-encoding']).toBe('chunked');
    expect(big.headers['content-length']).toBeUndefined();
    expect((await raw(farm.url(COUNTY_ID, COUNTY_PATHS.workingDoc), { method: 'HEAD' })).status).toBe(405);
    expect((await raw(farm.url(COUNTY_ID, COUNTY_PATHS.workingDoc))).status).toBe(200);
    expect((await raw(farm.url(COUNTY_ID, COUNTY_PATHS.forbidden), { method: 'HEAD' })).status).toBe(403);
  });

  it('robots.txt disallows the search page linked from the city home', async () => {
    const robots = (await raw(farm.url(CITY_ID, '/robots.txt'))).body.toString();
    expect(robots).toMatch(/^Disallow: \/search\/$/m);
    expect((await raw(farm.url(CITY_ID, '/'))).body.toString()).toContain('href="/search/index.html"');
  });

  it('the JS-only home has no links without JavaScript; its script builds them', async () => {
    const home = (await raw(farm.url(JS_ID, '/'))).body.toString();
    expect(home).not.toMatch(/<a\s/);
    const app = (await raw(farm.url(JS_ID, '/static/js/app.js'))).body.toString();
    expect(app).toContain('/jyxw/index.html');
    expect((await raw(farm.url(JS_ID, '/jyxw/index.html'))).status).toBe(200);
  });

  it('the trap site hands out fresh session ids and endless months, queries and nested paths', async () => {
    expect((await raw(farm.url(TRAP_ID, '/'))).body.toString()).toContain('<meta http-equiv="refresh" content="0; url=/index.html">');
    const a = (await raw(farm.url(TRAP_ID, '/index.html'))).body.toString();
    const b = (await raw(farm.url(TRAP_ID, '/index.html'))).body.toString();
    const sid = (s: string) => /jsessionid=([0-9A-F]{32})/.exec(s)?.[1];
    expect(sid(a)).toBeDefined();
    expect(sid(a)).not.toBe(sid(b));
    const cal = (await raw(farm.url(TRAP_ID, '/hdrl/index.html?month=2391-07'))).body.toString();
    expect(cal).toContain('month=2391-08');
    expect(cal).toContain('month=2391-06');
    const list = (await raw(farm.url(TRAP_ID, '/lyzx/list.html?page=999&sort=hot&type=6'))).body.toString();
    expect(list).toContain('page=1000');
    expect((await raw(farm.url(TRAP_ID, '/whdt/whdt/whdt/whdt/index.html;jsessionid=ABC'))).status).toBe(200);
  });

  it('the external server routes by Host: partner pages, conac, beian', async () => {
    expect((await raw(farm.url('www.example-partner.com', '/ok.html'))).status).toBe(200);
    expect((await raw(farm.url('www.example-partner.com', '/gone.html'))).status).toBe(404);
    expect((await raw(farm.url('dcs.conac.cn', '/image/red.png'))).headers['content-type']).toBe('image/png');
    expect((await raw(farm.url('bszs.conac.cn', '/sitename?method=show&id=1'))).body.toString()).toContain('党政机关网站开办单位信息');
    expect((await raw(farm.url('no-such-host.example', '/ok.html'))).status).toBe(404);
  });
});

describe('check-level plantings are in the markup', () => {
  it('headers and cookies differ per site as planted', async () => {
    const county = await raw(farm.url(COUNTY_ID, '/'));
    expect(county.headers.server).toBe('Apache/2.2.15 (CentOS)');
    expect(county.headers['x-frame-options']).toBeUndefined();
    expect(String(county.headers['set-cookie'])).not.toMatch(/HttpOnly/i);
    const city = await raw(farm.url(CITY_ID, '/'));
    expect(city.headers.server).toBe('nginx');
    expect(city.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(city.headers['x-content-type-options']).toBe('nosniff');
    expect(String(city.headers['set-cookie'])).toMatch(/HttpOnly/);
    const dept = await raw(farm.url(DEPT_ID, '/'));
    expect(dept.headers['x-powered-by']).toBe('PHP/5.6.40');
  });

  it('footers: the city has every mark, the county lacks ICP/公网安备, the department prints another 网站标识码', async () => {
    const city = (await raw(farm.url(CITY_ID, '/'))).body.toString();
    expect(city).toMatch(/网站标识码：3507000001/);
    expect(city).toContain('闽ICP备05012345号-1');
    expect(city).toContain('闽公网安备 35070202000123号');
    expect(city).toMatch(/<a href="http:\/\/bszs\.conac\.cn:\d+\/sitename\?method=show&amp;id=[^"]+" target="_blank"><img src="http:\/\/dcs\.conac\.cn:\d+\/image\/red\.png"/);
    expect(city).toContain('<meta name="SiteIDCode" content="3507000001">');
    expect(city).toContain('2025年度政府网站工作年度报表');
    expect(city).toMatch(/长者模式/);
    const county = iconv.decode((await raw(farm.url(COUNTY_ID, '/'))).body, 'gbk');
    expect(county).not.toMatch(/ICP备|公网安备|name="SiteName"|年度报表|无障碍|长者/);
    expect(county).toContain(`http://127.0.0.1:${farm.sites.find((s) => s.id === CITY_ID)!.port}/`);
    const dept = (await raw(farm.url(DEPT_ID, '/'))).body.toString();
    expect(dept).toContain('网站标识码：3507000015');
    expect(dept).toContain('<meta name="SiteIDCode" content="3507000012">');
  });

  it('service guides, guide contents, letters and disclosure parts as planted', async () => {
    const guide = iconv.decode((await raw(farm.url(COUNTY_ID, COUNTY_PATHS.guideMissing))).body, 'gbk');
    expect(guide).toContain('申请条件');
    expect(guide).not.toMatch(/设定依据|办理材料/);
    const xxgkGuide = iconv.decode((await raw(farm.url(COUNTY_ID, COUNTY_PATHS.guide))).body, 'gbk');
    expect(xxgkGuide).toContain('办公时间');
    expect(xxgkGuide).not.toMatch(/办公地址|传真/);
    const letters = iconv.decode((await raw(farm.url(COUNTY_ID, COUNTY_PATHS.mailbox))).body, 'gbk');
    expect(letters).toContain('<th>标题</th><th>来信时间</th><th>回复时间</th><th>状态</th>');
    expect(letters).toMatch(/反映白沙镇至县城客运班车停运问题<\/a><\/td><td>2026-07-13 \d{2}:\d{2}<\/td><td><\/td><td>处理中/);
    const xxgk = (await raw(farm.url(DEPT_ID, '/zfxxgk/index.html'))).body.toString();
    expect(xxgk).toContain('法定主动公开内容');
    expect(xxgk).not.toMatch(/政府信息公开指南|政府信息公开制度/);
    const reports = (await raw(farm.url(CITY_ID, '/zfxxgk/gknb/index.html'))).body.toString();
    expect(reports).toContain('闽江市人民政府办公室关于2025年度政府信息公开工作年度报告');
  });
});
