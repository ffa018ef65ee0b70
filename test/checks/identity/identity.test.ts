import { describe, it, expect } from 'vitest';
import { runCheck } from '../../../checks/run.ts';
import { checks } from '../../../checks/identity/index.ts';
import type { Finding } from '../../../model/finding.ts';
import type { PageObservation } from '../../../model/observation.ts';
import { ctx, link, page, site, AT } from '../links/build.ts';
import { inlineScriptText } from '../../../crawlers/security.ts';
import { worksheetYear } from '../../../checks/identity/annual-worksheet.ts';

const byId = (id: string) => checks.find((c) => c.id === id)!;
const summary = (fs: Finding[]) => fs.find((f) => f.key === f.checkId || f.key === undefined)!;
const H = 'https://www.fuzhou.gov.cn';

const goodFooter = '主办单位：福州市人民政府办公厅 网站标识码：3501000001 闽ICP备05012345号-1 闽公网安备 35010202000123号';

function goodHome(over: Partial<PageObservation> = {}): PageObservation {
  return page(`${H}/`, {
    depth: 0,
    footerText: goodFooter,
    text: `首页 新闻 ${goodFooter}`,
    meta: { SiteName: '福州市人民政府', SiteDomain: 'www.fuzhou.gov.cn', SiteIDCode: '3501000001' },
    links: [
      link('https://beian.miit.gov.cn/', '闽ICP备05012345号-1', { inFooter: true }),
      link('http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=35010202000123', '闽公网安备 35010202000123号', { inFooter: true }),
      link('https://bszs.conac.cn/sitename?method=show&id=ABC123', '', { inFooter: true }),
      link('https://dcs.conac.cn/image/red.png', '党政机关', { tag: 'img', inFooter: true }),
      link(`${H}/ndbb/2025.html`, '2025年度政府网站工作年度报表'),
    ],
    ...over,
  });
}

describe('identity.domain (S-01)', () => {
  it('passes a .gov.cn portal and a .政务 site, fails a .com site', () => {
    expect(summary(runCheck(byId('identity.domain'), ctx())).status).toBe('pass');
    expect(summary(runCheck(byId('identity.domain'), ctx({ site: site({ url: 'http://北京.政务/' }) }))).status).toBe('pass');
    const f = summary(runCheck(byId('identity.domain'), ctx({ site: site({ url: 'http://www.fuzhou-gov.com/' }) })));
    expect(f.status).toBe('fail');
  });

  it('checks a department site against its portal among the registered sites of the region', () => {
    const portal = site({ id: 'fz', url: 'https://www.fuzhou.gov.cn/' });
    const good = site({ id: 'fz-slj', kind: '部门网站', level: '部门', url: 'http://slj.fuzhou.gov.cn/' });
    const bad = site({ id: 'fz-jyj', kind: '部门网站', level: '部门', url: 'http://www.fzjyj.gov.cn/' });
    expect(summary(runCheck(byId('identity.domain'), { ...ctx({ site: good }), registrySites: [portal] })).status).toBe('pass');
    const f = summary(runCheck(byId('identity.domain'), { ...ctx({ site: bad }), registrySites: [portal] }));
    expect(f.status).toBe('fail');
    expect(f.message.zh).toContain('fuzhou.gov.cn');
    // Without a registered portal the same site is only flagged for review.
    const r = summary(runCheck(byId('identity.domain'), ctx({ site: bad })));
    expect(r.status).toBe('warn');
    expect(r.requiresReview).toBe(true);
  });
});

describe('identity.site-id-code (S-02)', () => {
  it('passes when footer, meta and registry agree', () => {
    const fs = runCheck(byId('identity.site-id-code'), ctx({ pages: [goodHome()] }));
    expect(summary(fs).status).toBe('pass');
  });

  it('reports footer/meta/registry mismatches as separate defects', () => {
    const h = goodHome({ footerText: '网站标识码：3501000015', meta: { SiteIDCode: '3501000001' } });
    const fs = runCheck(byId('identity.site-id-code'), ctx({ pages: [h] }));
    expect(summary(fs).status).toBe('fail');
    const keys = fs.filter((f) => f.evidence[0]?.data?.defect).map((f) => f.key);
    expect(keys).toEqual(expect.arrayContaining(['identity.site-id-code|footer-meta-mismatch', 'identity.site-id-code|footer-registry-mismatch']));
    expect(keys).not.toContain('identity.site-id-code|meta-registry-mismatch');
  });

  it('reports a missing footer code and a missing meta tag', () => {
    const h = goodHome({ footerText: '主办单位：福州市人民政府', text: '首页', meta: {} });
    const fs = runCheck(byId('identity.site-id-code'), ctx({ pages: [h] }));
    const keys = fs.map((f) => f.key);
    expect(keys).toContain('identity.site-id-code|footer-missing');
    expect(keys).toContain('identity.site-id-code|meta-missing');
    expect(summary(fs).measure).toBe(2);
  });

  it('accepts the bm + 8 digits form of State Council departments', () => {
    const h = goodHome({ footerText: '网站标识码bm55000001', meta: { SiteIDCode: 'bm55000001' } });
    const fs = runCheck(byId('identity.site-id-code'), ctx({ site: site({ siteIdCode: 'bm55000001' }), pages: [h] }));
    expect(summary(fs).status).toBe('pass');
  });
});

describe('identity.icp-filing (S-03) and psb-filing (S-04)', () => {
  it('pass with numbers linked to their filing systems', () => {
    expect(summary(runCheck(byId('identity.icp-filing'), ctx({ pages: [goodHome()] }))).status).toBe('pass');
    expect(summary(runCheck(byId('identity.psb-filing'), ctx({ pages: [goodHome()] }))).status).toBe('pass');
  });

  it('fail without numbers, warn when not linked or linked to another record', () => {
    const bare = goodHome({ footerText: '主办单位：福州市人民政府', text: '首页', links: [] });
    expect(summary(runCheck(byId('identity.icp-filing'), ctx({ pages: [bare] }))).status).toBe('fail');
    expect(summary(runCheck(byId('identity.psb-filing'), ctx({ pages: [bare] }))).status).toBe('fail');
    const unlinked = goodHome({ links: [link('http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=35010202000999', '公安备案')] });
    expect(summary(runCheck(byId('identity.icp-filing'), ctx({ pages: [unlinked] }))).status).toBe('warn');
    const psb = summary(runCheck(byId('identity.psb-filing'), ctx({ pages: [unlinked] })));
    expect(psb.status).toBe('warn');
    expect(psb.evidence[0].data?.linkedCode).toBe('35010202000999');
  });
});

describe('identity.conac-mark (S-05)', () => {
  it('passes with the mark and certificate link, fails without, warns on a dead certificate link', () => {
    expect(summary(runCheck(byId('identity.conac-mark'), ctx({ pages: [goodHome()] }))).status).toBe('pass');
    expect(summary(runCheck(byId('identity.conac-mark'), ctx({ pages: [goodHome({ links: [] })] }))).status).toBe('fail');
    const dead = ctx({
      pages: [goodHome()],
      links: [{ kind: 'link', at: '2026-11-20T08:00:00Z', url: 'https://bszs.conac.cn/sitename?method=show&id=ABC123', finalUrl: 'https://bszs.conac.cn/sitename?method=show&id=ABC123', redirects: [], status: 404, failure: { class: 'http_4xx', message: 'HTTP 404' }, method: 'GET', external: true, elapsedMs: 5 }],
    });
    expect(summary(runCheck(byId('identity.conac-mark'), dead)).status).toBe('warn');
    const imgOnly = goodHome({ links: [link('https://dcs.conac.cn/image/red.png', '党政机关', { tag: 'img' })] });
    expect(summary(runCheck(byId('identity.conac-mark'), ctx({ pages: [imgOnly] }))).status).toBe('warn');
  });
});

describe('script-written identity marks', () => {
  const html = `<html><body><div id="footer"><script type="text/javascript">var a=1;</script>
<script type="text/javascript">document.write(unescape("%3Cspan id='_ideConac' %3E%3C/span%3E%3Cscript src='https://dcs.conac.cn/js/33/000/0000/60433479/CA330000000604334790002.js' type='text/javascript'%3E%3C/script%3E"));</script>
<script>document.write('<p>\\u7f51\\u7ad9\\u6807\\u8bc6\\u7801\\uff1a3501000001 <a href="https://beian.miit.gov.cn/">闽ICP备05012345号-1</a></p>');</script>
<script src="/js/common.js"></script></div></body></html>`;

  it('decodes inline scripts, mark-bearing blocks first', () => {
    const t = inlineScriptText(html);
    expect(t.indexOf('dcs.conac.cn')).toBeLessThan(t.indexOf('var a=1'));
    expect(t).toContain('网站标识码：3501000001');
    expect(t).not.toContain('common.js');
  });

  it('finds the conac badge, ICP number and site ID code written by document.write', () => {
    const bare = goodHome({ footerText: '主办单位：福州市人民政府', text: '首页', links: [] });
    const resources = [{ kind: 'resource' as const, at: AT, url: `${H}/`, role: 'home_scripts' as const, status: 200, body: inlineScriptText(html) }];
    const c = ctx({ pages: [bare], resources });
    const conac = summary(runCheck(byId('identity.conac-mark'), c));
    expect(conac.status).toBe('pass');
    expect(conac.evidence[0].data?.script).toContain('dcs.conac.cn/js/33');
    expect(summary(runCheck(byId('identity.icp-filing'), c)).status).toBe('pass');
    expect(summary(runCheck(byId('identity.site-id-code'), c)).status).toBe('pass');
    // Without the script text the same page has no badge at all.
    expect(summary(runCheck(byId('identity.conac-mark'), ctx({ pages: [bare] }))).status).toBe('fail');
  });
});

describe('identity.meta-tags (S-06)', () => {
  it('counts pages missing each tag by page type', () => {
    const site3 = { SiteName: '福州市人民政府', SiteDomain: 'www.fuzhou.gov.cn', SiteIDCode: '3501000001' };
    const pages = [
      goodHome(),
      page(`${H}/xwdt/index.html`, { meta: { ...site3, ColumnName: '新闻动态', ColumnDescription: '本地新闻', ColumnKeywords: '新闻', ColumnType: '信息列表' }, items: [1, 2, 3].map((i) => ({ title: `新闻${i}`, url: `${H}/xwdt/t20261101_${i}.html`, date: '2026-11-01' })) }),
      page(`${H}/tzgg/index.html`, { meta: { ...site3, ColumnName: '通知公告' }, items: [1, 2, 3].map((i) => ({ title: `通知${i}`, url: `${H}/tzgg/t${i}.html` })) }),
      page(`${H}/xwdt/202611/t20261101_1.html`, { meta: { ...site3, ArticleTitle: '新闻1', PubDate: '2026-11-01 10:00', ContentSource: '市政府办' } }),
      page(`${H}/xwdt/202611/t20261101_2.html`, { meta: { SiteName: '福州市人民政府' } }),
      page(`${H}/old.html`, { status: 404, failure: { class: 'http_4xx', message: '404' } }),
    ];
    const fs = runCheck(byId('identity.meta-tags'), ctx({ pages }));
    const s = summary(fs);
    expect(s.status).toBe('fail');
    expect(s.measure).toBe(1);
    const d = (tag: string) => fs.find((f) => f.key === `identity.meta-tags|${tag}`);
    // ColumnDescription is recommended (❓ in the reference): reported, not counted.
    expect(d('ColumnDescription')).toMatchObject({ status: 'warn' });
    expect(d('ColumnDescription')?.evidence[0].data?.pages).toBe(1);
    expect(d('ArticleTitle')?.status).toBe('fail');
    expect(d('ArticleTitle')?.evidence[0].data?.pages).toBe(1);
    expect(d('SiteDomain')?.evidence[0].url).toBe(`${H}/xwdt/202611/t20261101_2.html`);
    expect(d('ColumnName')).toBeUndefined();
    // A tolerated share of pages missing required tags warns instead of failing.
    expect(summary(runCheck(byId('identity.meta-tags'), ctx({ pages }), { failShare: 0.5 }))).toMatchObject({ status: 'warn', measure: 1 });
    // Only recommended tags missing: the summary warns instead of failing.
    const fs2 = runCheck(byId('identity.meta-tags'), ctx({ pages: pages.slice(0, 3) }));
    expect(summary(fs2)).toMatchObject({ status: 'warn', measure: 0 });
  });
});

describe('identity.annual-worksheet (S-10)', () => {
  const now = new Date('2026-11-20T12:00:00Z');
  it('passes when last year’s worksheet is linked from the home page before the deadline', () => {
    const report = page(`${H}/ndbb/2025.html`, { meta: { PubDate: '2026-01-20 10:00' } });
    const f = summary(runCheck(byId('identity.annual-worksheet'), ctx({ now, pages: [goodHome(), report] })));
    expect(f.status).toBe('pass');
    expect(f.evidence[0].date).toBe('2026-01-20');
  });

  it('warns when it came late, fails when only found off the home page or missing', () => {
    const late = page(`${H}/ndbb/2025.html`, { meta: { PubDate: '2026-03-02' } });
    expect(summary(runCheck(byId('identity.annual-worksheet'), ctx({ now, pages: [goodHome(), late] }))).status).toBe('warn');
    const col = page(`${H}/gzbb/index.html`, { links: [link(`${H}/ndbb/2025.html`, '2025年度政府网站工作年度报表')] });
    const noLink = goodHome({ links: [] });
    expect(summary(runCheck(byId('identity.annual-worksheet'), ctx({ now, pages: [noLink, col] }))).message.en).toContain('not on the home page');
    expect(summary(runCheck(byId('identity.annual-worksheet'), ctx({ now, pages: [noLink] }))).status).toBe('fail');
    // An older year's worksheet does not satisfy this year's requirement.
    const old = goodHome({ links: [link(`${H}/ndbb/2024.html`, '2024年度政府网站工作年度报表')] });
    expect(summary(runCheck(byId('identity.annual-worksheet'), ctx({ now, pages: [old] }))).status).toBe('fail');
  });

  it('reads the title variants sites print, and never the 信息公开 annual report', () => {
    expect(worksheetYear('闽江市人民政府门户网站2025年度政府网站工作年度报表')).toBe(2025);
    expect(worksheetYear('2025年政府网站年度工作报表')).toBe(2025);
    expect(worksheetYear('政府网站工作年度报表（2025年度）')).toBe(2025);
    expect(worksheetYear('福州市人民政府2025年政府信息公开工作年度报告')).toBeUndefined();
  });

  it('is not yet due in January', () => {
    const f = summary(runCheck(byId('identity.annual-worksheet'), ctx({ now: new Date('2027-01-10T00:00:00Z'), pages: [goodHome({ links: [] })] })));
    expect(f.status).toBe('not_applicable');
  });
});
