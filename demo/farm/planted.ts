/**
 * Every planted problem and planted non-problem of the demo farm, with the outcome govmon
 * must produce. Tests are generated from this list (test/e2e/planted-*.test.ts), so adding a
 * line here adds a test; a check that does not exist yet shows up as a pending test.
 *
 * Two kinds of expectation:
 * - `observe` (issue "audit"): what the crawl must record for a URL: a failure class, a
 *   clean fetch, a crawl event. Read against the observations of one audit run.
 * - `check` (issue "checks"): the finding a check from the agreed catalogue must emit for
 *   the site, after `evaluateRun` with `ctx.now` = the farm's `now`.
 *
 * `problem: true` means the outcome MUST appear; `problem: false` (a planted non-problem)
 * means the outcome described must NOT appear (e.g. the note column must not be a `fail`
 * defect; the 429 page must not end up `blocked`).
 *
 * Matching rules (for engineers writing checks):
 * - A summary finding is the one with `key === checkId`. `check.status` without `url`
 *   matches the summary finding's status.
 * - `check.url` matches a defect finding (not the summary): `evidence[i].url === url` for
 *   some i, or `key` containing the url. Defect findings carry `data.defect = true` in
 *   evidence[0].data.
 * - `measureAtLeast` applies to the summary finding's `measure`.
 * - The county's dated paths depend on `now`; they are taken from `farm.paths`.
 *
 * `needsBrowser` (on the item or its `observe`) marks outcomes that exist only on a rendered
 * page; without Chromium the tests list them as todo.
 *
 * Dates: pages are dated relative to `farm.now`. Annual-report (G-08) and worksheet (S-10)
 * expectations assume `now` is after 31 March (the tests pin 2026-11-20); before that they
 * are left out.
 */
import type { FailureClass, CrawlEventObservation } from '../../model/observation.ts';
import type { FindingStatus } from '../../model/finding.ts';
import type { Farm } from './index.ts';
import { CITY_ID } from './sites/city.ts';
import { COUNTY_ID, COUNTY_PATHS } from './sites/county.ts';
import { DEPT_ID, DEPT_PATHS } from './sites/department.ts';
import { JS_ID, JS_PATHS } from './sites/jsonly.ts';
import { TRAP_ID, unreachable } from './sites/trap.ts';
import { HEALTH_ID } from './sites/health.ts';
import { WAF_ID } from './sites/waf.ts';

export interface ObserveExpectation {
  /** Which observation kinds may carry it: `page`, `link` or either (`any`). */
  kind: 'page' | 'link' | 'any';
  /** The fetch failed with one of these classes. */
  failureClasses?: FailureClass[];
  /** The fetch succeeded (no failure, status < 400). */
  ok?: boolean;
  /** Alternative proof: a crawl event of one of these kinds whose detail or url names the URL (or any such event when `url` is absent). */
  events?: CrawlEventObservation['event'][];
  /** Also accepted for `too_large`: the page was stored `truncated`. */
  truncatedOk?: boolean;
  /** The page's detected charset is one of these (lower-case). */
  charsets?: string[];
  /** The stored text contains this. */
  textIncludes?: string;
  /** The chain ends on this path after redirects. */
  finalPath?: string;
  /** The farm's server must never have been asked for the URL (robots.txt was honoured). */
  neverRequested?: boolean;
  /** Only meaningful when Chromium is available (/usr/bin/chromium). */
  needsBrowser?: boolean;
  /** Every page crawled belongs to the site's own host (links to other hosts are checked, not crawled). */
  ownHostOnly?: boolean;
}

export interface CheckExpectation {
  checkId: string;
  /** Any of these statuses; absent = any status. */
  status?: FindingStatus[];
  /** A defect finding about this URL (absolute). */
  url?: string;
  measureAtLeast?: number;
  requiresReview?: boolean;
}

export interface Planted {
  /** Stable id, used as the test name. */
  id: string;
  issue: 'audit' | 'checks';
  problem: boolean;
  site: string;
  /** Absolute URL the expectation is about, when it is about one. */
  url?: string;
  /** What is planted, in words (English, then Chinese). */
  what: string;
  zh: string;
  /** Indicator row in cn-indicators (checks) for readers. */
  ref?: string;
  observe?: ObserveExpectation;
  check?: CheckExpectation;
  /** The outcome depends on a rendered page: only meaningful when Chromium is available. */
  needsBrowser?: boolean;
}

function afterAnnualDeadlines(now: Date): boolean {
  return now.getUTCMonth() >= 3; // April or later: both the 31 Jan and the 31 Mar deadlines have passed
}

export function plantedFor(farm: Farm): Planted[] {
  // Normalised as a client sends them (Chinese file names percent-encoded), so plain string comparison works.
  const u = (site: string, path: string) => new URL(farm.url(site, path)).href;
  const c = (path: string) => u(COUNTY_ID, path);
  const cityPort = farm.sites.find((s) => s.id === CITY_ID)!.port;
  const countyPaths = farm.paths[COUNTY_ID] ?? {};
  const out: Planted[] = [];
  const audit = (p: Omit<Planted, 'issue'>) => out.push({ ...p, issue: 'audit' });
  const check = (p: Omit<Planted, 'issue'>) => out.push({ ...p, issue: 'checks' });

  // ---------------------------------------------------------------- crawl level (issue "audit")
  audit({ id: 'county.gbk-meta-charset', problem: true, site: COUNTY_ID, url: c('/'), what: 'GBK page, charset only in <meta> (header says text/html); text must decode to the right Chinese', zh: 'GBK编码，仅在meta中声明字符集', observe: { kind: 'page', ok: true, charsets: ['gbk', 'gb2312', 'gb18030'], textIncludes: '青溪县人民政府' } });
  audit({ id: 'dept.utf8-bom', problem: true, site: DEPT_ID, url: u(DEPT_ID, '/'), what: 'pages start with a UTF-8 byte-order mark and declare the charset only in the HTTP header (no <meta charset>)', zh: '页面以UTF-8 BOM开头，仅在HTTP头声明字符集', observe: { kind: 'page', ok: true, charsets: ['utf-8'], textIncludes: '工作动态' } });
  audit({ id: 'dept.soft-404', problem: true, site: DEPT_ID, url: u(DEPT_ID, DEPT_PATHS.soft404), what: 'home link 领导信息 to a deleted page the CMS answers with 200 and 「对不起，您访问的页面不存在」 (soft 404)', zh: '首页链接的页面已删除，但返回200和“页面不存在”模板（软404）', observe: { kind: 'any', failureClasses: ['http_4xx'] } });
  audit({ id: 'dept.soft-404-attachment', problem: true, site: DEPT_ID, url: u(DEPT_ID, DEPT_PATHS.bouncedPdf), what: 'a deleted PDF bounces (302) to /404.html, which answers 200', zh: '已删除的PDF附件302跳转到/404.html（返回200）', observe: { kind: 'any', failureClasses: ['http_4xx'] } });
  audit({ id: 'dept.js-redirect', problem: true, site: DEPT_ID, url: u(DEPT_ID, '/zwgk/index.html'), what: 'the nav links 政务公开 to /zwgk/, which only forwards by window.location.href: the target is crawled', zh: '政务公开栏目入口通过脚本跳转，目标页被抓取', observe: { kind: 'page', ok: true, textIncludes: '政策法规' } });
  audit({ id: 'county.popup-write-form', problem: true, site: COUNTY_ID, url: c('/hdjl/xx/write.html'), what: '我要写信 is javascript:void(0) with onclick="window.open(\'/hdjl/xx/write.html\')": the letter form is still found', zh: '我要写信通过onclick弹窗打开，写信页仍被抓取', observe: { kind: 'page', ok: true, textIncludes: '验证码' } });
  audit({ id: 'city.big5-page', problem: true, site: CITY_ID, url: u(CITY_ID, '/big5/index.html'), what: 'Big5-encoded 繁體 page (charset in header and meta)', zh: 'Big5编码的繁体页面', observe: { kind: 'page', ok: true, charsets: ['big5'], textIncludes: '閩江市人民政府' } });
  audit({ id: 'county.home-404-a', problem: true, site: COUNTY_ID, url: c(COUNTY_PATHS.home404a), what: 'home page links to a deleted topic (404)', zh: '首页链接的专题已删除（404）', observe: { kind: 'any', failureClasses: ['http_4xx'] } });
  audit({ id: 'county.home-404-b', problem: true, site: COUNTY_ID, url: c(COUNTY_PATHS.home404b), what: 'home page links to a second missing topic (404)', zh: '首页第二个失效专题链接（404）', observe: { kind: 'any', failureClasses: ['http_4xx'] } });
  audit({ id: 'county.image-404', problem: true, site: COUNTY_ID, url: c(COUNTY_PATHS.image404), what: 'home page banner image is missing (404)', zh: '首页横幅图片缺失（404）', observe: { kind: 'link', failureClasses: ['http_4xx'] } });
  if (countyPaths.deletedArticle)
    audit({ id: 'county.other-404', problem: true, site: COUNTY_ID, url: c(countyPaths.deletedArticle), what: 'a column page links to a deleted article (404)', zh: '栏目页链接的文章已删除（404）', observe: { kind: 'any', failureClasses: ['http_4xx'] } });
  if (countyPaths.goneArticle)
    audit({ id: 'county.410', problem: true, site: COUNTY_ID, url: c(countyPaths.goneArticle), what: 'an article answers 410 Gone', zh: '文章返回410', observe: { kind: 'any', failureClasses: ['http_4xx'] } });
  audit({ id: 'county.500', problem: true, site: COUNTY_ID, url: c(COUNTY_PATHS.error500), what: '信访服务 column answers 500 (JCMS NullPointerException)', zh: '信访服务栏目返回500', observe: { kind: 'any', failureClasses: ['http_5xx'] } });
  audit({ id: 'county.403', problem: true, site: COUNTY_ID, url: c(COUNTY_PATHS.forbidden), what: '内部资料 answers 403: we were refused, not a broken site', zh: '内部资料返回403（被拒绝访问）', observe: { kind: 'any', failureClasses: ['blocked'] } });
  audit({ id: 'county.slow', problem: true, site: COUNTY_ID, url: c(COUNTY_PATHS.slow), what: '县情数据库 answers after 8 s, past the site timeoutSeconds 3', zh: '县情数据库8秒后才响应，超过站点超时3秒', observe: { kind: 'any', failureClasses: ['timeout'] } });
  audit({ id: 'county.redirect-loop', problem: true, site: COUNTY_ID, url: c(COUNTY_PATHS.loop), what: '网上办事大厅 redirects in a loop', zh: '网上办事大厅重定向循环', observe: { kind: 'any', failureClasses: ['too_many_redirects'] } });
  audit({ id: 'county.broken-pdf', problem: true, site: COUNTY_ID, url: c(COUNTY_PATHS.brokenPdf), what: 'a service guide attachment (PDF) is missing (404)', zh: '办事指南附件PDF无法下载（404）', observe: { kind: 'link', failureClasses: ['http_4xx'] } });
  audit({ id: 'county.working-doc', problem: false, site: COUNTY_ID, url: c(COUNTY_PATHS.workingDoc), what: 'a working .doc attachment must not be reported broken', zh: '可正常下载的附件不应报错', observe: { kind: 'link', ok: true } });
  audit({ id: 'county.chinese-file-name', problem: false, site: COUNTY_ID, url: c(COUNTY_PATHS.chineseName), what: 'attachment linked by a raw Chinese file name on a GBK page (the path is UTF-8 percent-encoded by clients): must not be reported broken', zh: 'GBK页面中以中文文件名直接链接的附件可正常下载，不应报错', observe: { kind: 'link', ok: true } });
  audit({ id: 'county.working-pdf', problem: false, site: COUNTY_ID, url: c(COUNTY_PATHS.workingPdf), what: 'a working PDF attachment must not be reported broken', zh: '可正常下载的PDF附件不应报错', observe: { kind: 'link', ok: true } });
  audit({ id: 'county.external-broken', problem: true, site: COUNTY_ID, url: u('www.example-partner.com', '/gone.html'), what: 'friendly link to a partner page that is gone (404, external)', zh: '友情链接失效（外部，404）', observe: { kind: 'link', failureClasses: ['http_4xx'] } });
  audit({ id: 'county.raw-ip-link', problem: false, site: COUNTY_ID, url: `http://127.0.0.1:${cityPort}/`, what: 'raw-IP link (works; it is a links.raw-ip finding, not a broken link)', zh: 'IP地址形式的链接（可访问）', observe: { kind: 'any', ok: true } });
  audit({ id: 'city.external-ok', problem: false, site: CITY_ID, url: u('www.example-partner.com', '/ok.html'), what: 'working external partner link', zh: '可访问的外部合作媒体链接', observe: { kind: 'link', ok: true } });
  audit({ id: 'city.redirect-chain', problem: false, site: CITY_ID, url: u(CITY_ID, '/zwgk'), what: '/zwgk → 301 /zwgk/ → 302 /zwgk/index.html ends fine', zh: '重定向链最终正常', observe: { kind: 'any', ok: true, finalPath: '/zwgk/index.html' } });
  audit({ id: 'city.429-retry', problem: false, site: CITY_ID, url: u(CITY_ID, '/zwgk/zcwj/index.html'), what: '政策文件 answers 429 + Retry-After: 1 every other request; the retry succeeds, so it is neither blocked nor broken', zh: '429限流后重试成功，不应记为被拦截', observe: { kind: 'any', failureClasses: ['blocked', 'http_4xx'] } });
  audit({ id: 'city.429-fetched', problem: true, site: CITY_ID, url: u(CITY_ID, '/zwgk/zcwj/index.html'), what: 'the 429 page is fetched on retry', zh: '限流页面重试后获取成功', observe: { kind: 'any', ok: true } });
  audit({ id: 'city.trs-script-pager', problem: true, site: CITY_ID, url: u(CITY_ID, '/xwzx/ywdt/index_1.html'), what: 'page 2 of 要闻动态 is linked only by the TRS createPageHTML(2, 0, "index", "html") script, as on most TRS portals: the crawler must still reach it (know the TRS pager or render)', zh: 'TRS分页由createPageHTML脚本生成，第2页仍应被抓取', observe: { kind: 'page', ok: true } });
  audit({ id: 'city.robots-disallow', problem: true, site: CITY_ID, url: u(CITY_ID, '/search/index.html'), what: 'robots.txt disallows /search/, linked from the home page: recorded as robots_disallowed, never requested', zh: 'robots.txt禁止抓取首页链接的/search/', observe: { kind: 'any', failureClasses: ['robots_disallowed'], events: ['robots_disallowed'], neverRequested: true } });
  audit({ id: 'dept.too-large', problem: true, site: DEPT_ID, url: u(DEPT_ID, DEPT_PATHS.big), what: '1.9 MB statistics bulletin, site maxBodyBytes 262144', zh: '超过站点字节上限的超大页面', observe: { kind: 'page', failureClasses: ['too_large'], truncatedOk: true } });
  audit({ id: 'dept.crawl-scope', problem: false, site: DEPT_ID, what: 'the department links to the city portal (www.minjiang.gov.cn, another registered site on the same registrable domain): that portal is link-checked, not crawled as part of the department', zh: '部门网站链接到市政府门户（同一注册域名下的另一个网站）：只检查链接，不应作为部门网站的页面抓取', observe: { kind: 'page', ownHostOnly: true } });
  audit({ id: 'jsonly.render', problem: true, site: JS_ID, what: 'home page has no links without JavaScript: the crawler switches to rendering (or records that it needs to)', zh: '首页导航由脚本生成，需渲染', observe: { kind: 'page', events: ['render_fallback'] } });
  audit({ id: 'jsonly.column-found', problem: true, site: JS_ID, url: u(JS_ID, JS_PATHS.news), what: 'the 教育新闻 column, linked only from script-built navigation, is crawled', zh: '仅由脚本生成链接的栏目页被抓取', observe: { kind: 'page', ok: true, needsBrowser: true } });
  audit({ id: 'trap.meta-refresh', problem: true, site: TRAP_ID, url: u(TRAP_ID, '/index.html'), what: 'the root page only forwards with <meta http-equiv="refresh"> to /index.html: the real home page is crawled', zh: '根页面通过meta refresh跳转到首页，真实首页被抓取', observe: { kind: 'page', ok: true, textIncludes: '文旅动态' } });
  audit({ id: 'trap.guard', problem: true, site: TRAP_ID, what: 'infinite calendar, session ids, query explosion and nested relative paths: the trap guard or a budget stops the crawl', zh: '无限日历、会话ID、参数爆炸：陷阱防护或预算终止抓取', observe: { kind: 'any', events: ['trap_query_variants', 'trap_session_id', 'trap_path_repeat', 'budget_pages', 'budget_time', 'budget_depth'] } });
  audit({ id: 'https.self-signed-crawled', problem: true, site: HEALTH_ID, url: u(HEALTH_ID, '/'), what: 'HTTPS home page with a self-signed certificate: the rejection is recorded and the content is still fetched', zh: '自签名证书的HTTPS首页：记录证书问题并继续抓取内容', observe: { kind: 'page', ok: true, textIncludes: '卫健动态' } });
  audit({ id: 'waf.blocked', problem: true, site: WAF_ID, url: u(WAF_ID, '/'), what: 'home page answers 412 with a 瑞数-style $_ts challenge: we were refused (blocked), the portal is not broken', zh: '首页返回412瑞数式挑战页：被拦截，不是网站故障', observe: { kind: 'page', failureClasses: ['blocked'] } });
  audit({ id: 'unreachable.refused', problem: true, site: unreachable.id, url: u(unreachable.id, '/'), what: 'registered on a port nothing listens on', zh: '端口无人监听，无法访问', observe: { kind: 'page', failureClasses: ['refused'] } });

  // ---------------------------------------------------------------- check level (issue "checks")
  const ok = (id: string, site: string, checkId: string, ref: string, what: string, zh: string) =>
    check({ id, problem: false, site, what, zh, ref, check: { checkId, status: ['fail'] } });
  const bad = (id: string, site: string, checkId: string, ref: string, what: string, zh: string, extra: Partial<CheckExpectation> = {}) =>
    check({ id, problem: true, site, what, zh, ref, check: { checkId, status: ['fail'], ...extra } });

  // A script-built home page judged on what a visitor sees (needs the rendered page).
  for (const [checkId, ref, what] of [
    ['freshness.home-not-updated', 'V-02', 'its news list, built by script, shows an item from today'],
    ['identity.site-id-code', 'S-02', 'its footer, built by script, prints 网站标识码 3507000020 like the meta tag and the registry'],
  ] as const)
    check({ id: `jsonly.rendered.${checkId}`, problem: false, needsBrowser: true, site: JS_ID, ref, what: `JavaScript-only home: ${what}; judging the empty static shell would be a false defect`, zh: '纯脚本首页应按渲染后的内容判断，不能因静态页面为空而误判', check: { checkId, status: ['fail'] } });

  // freshness (V-02, V-03)
  check({ id: 'dept.soft-404-broken-home', problem: true, site: DEPT_ID, url: u(DEPT_ID, DEPT_PATHS.soft404), ref: 'D-02', what: 'the soft 404 on the home page is a broken link', zh: '首页软404链接计为断链', check: { checkId: 'links.broken-home', url: u(DEPT_ID, DEPT_PATHS.soft404), status: ['fail', 'warn'] } });
  bad('dept.home-not-updated', DEPT_ID, 'freshness.home-not-updated', 'V-02', 'newest dated item on the home page is 23 days old', '首页最新信息已23天未更新');
  bad('dept.home-update-volume', DEPT_ID, 'freshness.home-update-volume', 'D-03', 'no new home-page item in the last two weeks', '两周内首页无新增信息', { status: ['fail', 'warn'] });
  ok('city.home-update-volume', CITY_ID, 'freshness.home-update-volume', 'D-03', 'new home-page items every day or two', '首页持续更新');
  ok('city.home-fresh', CITY_ID, 'freshness.home-not-updated', 'V-02', 'home page updated today', '首页当日有更新');
  ok('county.home-fresh', COUNTY_ID, 'freshness.home-not-updated', 'V-02', 'home 县政要闻 updated yesterday (even though sub-columns are stale)', '首页要闻昨日更新');
  check({ id: 'unreachable.no-pass', problem: false, site: unreachable.id, what: 'an unreachable site never passes a content check', zh: '无法访问的网站不能判为合格', ref: 'V-02', check: { checkId: 'freshness.home-not-updated', status: ['pass'] } });
  // Nothing of an unreachable site was seen: its content cannot be judged (V-01 covers the outage).
  for (const [checkId, ref] of [['participation.channel', 'V-05a'], ['participation.surveys-interviews', 'D-05'], ['disclosure.section', 'G-01'], ['disclosure.request-channel', 'G-06'], ['freshness.home-not-updated', 'V-02']] as const)
    check({ id: `unreachable.no-content-fail.${checkId}`, problem: false, site: unreachable.id, what: `${checkId} on a site whose home page was refused: cannot_assess, not a defect`, zh: '首页无法访问时，内容类检查应为无法评估而非不合格', ref, check: { checkId, status: ['fail'] } });
  // A site that blocked us: every content check is cannot_assess, never a defect (failureBlame).
  for (const [checkId, ref] of [['freshness.home-not-updated', 'V-02'], ['participation.channel', 'V-05a'], ['services.entry', 'V-06a'], ['disclosure.section', 'G-01'], ['identity.icp-filing', 'S-03'], ['links.broken-home', 'D-02']] as const)
    check({ id: `waf.no-defect.${checkId}`, problem: false, site: WAF_ID, ref, what: `${checkId} on a portal whose every page is a WAF challenge: cannot_assess, not fail`, zh: '被防护拦截的网站，内容类检查应为无法评估而非不合格', check: { checkId, status: ['fail'] } });
  check({ id: 'unreachable.no-links-pass', problem: false, site: unreachable.id, what: 'links.broken-home on a site whose home page was refused: no page, so no "no broken links" pass', zh: '首页无法访问时不能判定首页无断链', ref: 'D-02', check: { checkId: 'links.broken-home', status: ['pass'] } });
  bad('county.stale-news-columns', COUNTY_ID, 'freshness.stale-news-columns', 'V-03a', '4 动态 columns older than 14 days + 通知公告 (240 d) and 政策文件 (200 d) older than 6 months = 6 ≥ 5', '6个动态/通知公告类栏目未按期更新', { measureAtLeast: 5 });
  COUNTY_PATHS.staleColumns.forEach((p, k) =>
    check({ id: `county.stale-column-${k + 1}`, problem: true, site: COUNTY_ID, url: c(p), ref: 'V-03a', what: `stale column ${p}`, zh: '未按期更新的栏目', check: { checkId: 'freshness.stale-news-columns', url: c(p), status: ['fail', 'warn'] } }),
  );
  ok('city.columns-fresh', CITY_ID, 'freshness.stale-news-columns', 'V-03a', 'every news and notice column updated within its window', '各动态、通知公告栏目均按期更新');
  ok('county.required-columns-below-veto', COUNTY_ID, 'freshness.stale-required-columns', 'V-03b', '人事任免 (420 d), 规划计划 (500 d), 统计信息 (380 d) and their 法定主动公开内容 twins are stale: 6, below the veto line of 10 (the 6 stale 动态/通知 columns are V-03a\'s, not counted twice)', '应更新未更新栏目6个，未达10个否决线（动态/通知类已在V-03a计算，不重复计算）');
  bad('county.empty-columns', COUNTY_ID, 'freshness.empty-columns', 'V-03c', '5 法定主动公开内容 columns show only 「本栏目暂无信息」', '5个空白栏目', { measureAtLeast: 5 });
  COUNTY_PATHS.emptyColumns.forEach((p, k) =>
    check({ id: `county.empty-column-${k + 1}`, problem: true, site: COUNTY_ID, url: c(p), ref: 'V-03c', what: `blank column ${p}`, zh: '空白栏目', check: { checkId: 'freshness.empty-columns', url: c(p), status: ['fail', 'warn'] } }),
  );
  check({ id: 'county.note-column-not-blank', problem: false, site: COUNTY_ID, url: c(COUNTY_PATHS.explanatoryNote), ref: 'V-03c', what: '行政强制 has an explanatory note 「…本机关…年度无行政强制类信息，特此说明」: not a blank column', zh: '有说明的栏目不算空白栏目', check: { checkId: 'freshness.empty-columns', url: c(COUNTY_PATHS.explanatoryNote), status: ['fail'] } });
  check({ id: 'county.note-column-review', problem: true, site: COUNTY_ID, url: c(COUNTY_PATHS.explanatoryNote), ref: 'V-03c', what: 'the column with an explanatory note is flagged for review', zh: '有说明的栏目标记为待人工复核', check: { checkId: 'freshness.empty-columns', url: c(COUNTY_PATHS.explanatoryNote), requiresReview: true } });
  ok('city.no-empty-columns', CITY_ID, 'freshness.empty-columns', 'V-03c', 'no blank columns', '无空白栏目');

  // disclosure (G-01…G-09)
  ok('city.disclosure-section', CITY_ID, 'disclosure.section', 'G-01', '政府信息公开 in the nav', '设有政府信息公开专栏');
  ok('city.standard-parts', CITY_ID, 'disclosure.standard-parts', 'G-02', 'all four standard parts present', '四个标准子栏目齐全');
  bad('dept.standard-parts', DEPT_ID, 'disclosure.standard-parts', 'G-02', '政府信息公开指南 and 政府信息公开制度 missing', '缺少政府信息公开指南和制度', { status: ['fail', 'warn'], measureAtLeast: 2 });
  ok('city.guide-contents', CITY_ID, 'disclosure.guide-contents', 'G-03', 'guide states 办公地址, 办公时间, 联系电话, 传真号码, 电子邮箱', '指南要素齐全');
  bad('county.guide-contents', COUNTY_ID, 'disclosure.guide-contents', 'G-03', 'guide lacks 办公地址 and 传真号码', '指南缺少办公地址和传真号码', { status: ['fail', 'warn'] });
  ok('city.statutory-categories', CITY_ID, 'disclosure.statutory-categories', 'G-04', 'all Art. 20 categories and the Art. 21 items for a 市 government', '法定主动公开内容齐全');
  bad('county.statutory-categories', COUNTY_ID, 'disclosure.statutory-categories', 'G-04', 'missing Art. 20 (8) 收费, (9) 政府采购, (14) 公务员招考 and Art. 21 土地征收, 房屋征收, 治安管理', '缺少收费、采购、招考及土地征收、房屋征收、治安管理', { status: ['fail', 'warn'], measureAtLeast: 3 });
  ok('city.request-channel', CITY_ID, 'disclosure.request-channel', 'G-06', '依申请公开 page with online form, 申请表 download and postal address', '依申请公开渠道完整');
  ok('city.publish-timeliness', CITY_ID, 'disclosure.publish-timeliness', 'G-05', '政策文件 published 5 days after 成文日期', '政策文件成文后5日内公开');
  bad('county.publish-timeliness', COUNTY_ID, 'disclosure.publish-timeliness', 'G-05', '政策文件 published 45 days after 成文日期 (> 20 working days)', '政策文件成文45天后才公开', { status: ['fail', 'warn'] });
  if (afterAnnualDeadlines(farm.now)) {
    const y = farm.now.getUTCFullYear() - 1;
    ok('city.annual-report-title', CITY_ID, 'disclosure.annual-report', 'G-08', `「闽江市人民政府办公室关于${y}年度政府信息公开工作年度报告」 published 20 March: a different but valid title, on time`, '年报标题不同但有效且按时发布');
    bad('county.annual-report-missing', COUNTY_ID, 'disclosure.annual-report', 'G-08', `no ${y} annual report (list stops at ${y - 1})`, `缺少${y}年度报告`);
    bad('dept.annual-report-late', DEPT_ID, 'disclosure.annual-report', 'G-08', `${y} report published 26 February, after the departments' 31 January deadline`, '部门年报逾期发布', { status: ['fail', 'warn'] });
    ok('city.annual-report-contents', CITY_ID, 'disclosure.annual-report-contents', 'G-09', 'report has all six headings', '年报内容完整');
    ok('city.annual-worksheet', CITY_ID, 'identity.annual-worksheet', 'S-10', `「${y}年度政府网站工作年度报表」 linked from the home page, dated 18 January`, '首页展示年度报表');
    bad('dept.annual-worksheet', DEPT_ID, 'identity.annual-worksheet', 'S-10', 'no 年度报表 on the home page', '首页未展示年度报表', { status: ['fail', 'warn'] });
    bad('county.annual-worksheet', COUNTY_ID, 'identity.annual-worksheet', 'S-10', 'no 年度报表 on the home page', '首页未展示年度报表', { status: ['fail', 'warn'] });
  }

  // services (V-06)
  ok('city.services-entry', CITY_ID, 'services.entry', 'V-06a', '办事服务 in the nav and a link to the zwfw hall', '设有办事服务入口');
  check({ id: 'dept.services-na', problem: true, site: DEPT_ID, what: 'offersServices: false → services checks are not applicable', zh: '无对外服务的部门，办事服务不适用', ref: 'V-06a', check: { checkId: 'services.entry', status: ['not_applicable'] } });
  ok('city.guide-elements', CITY_ID, 'services.guide-elements', 'V-06b', 'every guide has all ten elements', '办事指南要素齐全');
  check({ id: 'county.guide-missing-elements', problem: true, site: COUNTY_ID, url: c(COUNTY_PATHS.guideMissing), ref: 'V-06b', what: '生育登记服务 guide lacks 设定依据 and 办理材料', zh: '办事指南缺少设定依据和办理材料', check: { checkId: 'services.guide-elements', url: c(COUNTY_PATHS.guideMissing), status: ['fail', 'warn'] } });
  check({ id: 'county.attachment-broken', problem: true, site: COUNTY_ID, url: c(COUNTY_PATHS.brokenPdf), ref: 'V-06c', what: '申请材料清单.pdf cannot be downloaded', zh: '附件无法下载', check: { checkId: 'services.attachments-and-systems', url: c(COUNTY_PATHS.brokenPdf), status: ['fail', 'warn'] } });
  check({ id: 'county.hall-loop', problem: true, site: COUNTY_ID, url: c(COUNTY_PATHS.loop), ref: 'V-06c', what: 'the 网上办事大厅 (online system) redirects in a loop', zh: '网上办事大厅无法访问', check: { checkId: 'services.attachments-and-systems', url: c(COUNTY_PATHS.loop), status: ['fail', 'warn'] } });
  ok('city.attachments', CITY_ID, 'services.attachments-and-systems', 'V-06c', 'all attachments download, the hall answers', '附件和办事系统均可访问');

  // participation (V-05, D-05)
  ok('city.channel', CITY_ID, 'participation.channel', 'V-05a', '市长信箱 with a form and a letter list', '设有市长信箱');
  ok('county.channel', COUNTY_ID, 'participation.channel', 'V-05a', '县长信箱 with a form and a letter list', '设有县长信箱');
  bad('dept.no-channel', DEPT_ID, 'participation.channel', 'V-05a', 'only 网上信访 and 纪检举报, which do not count', '仅有网上信访和纪检举报，无有效咨询渠道');
  bad('county.unanswered-letter', COUNTY_ID, 'participation.unanswered-letters', 'V-05b', 'a letter sent 130 days ago is still 办理中', '来信130天未回复');
  check({ id: 'county.unanswered-letter-defect', problem: true, site: COUNTY_ID, url: c('/hdjl/xx/letter_1004.html'), ref: 'V-05b', what: 'the defect points at that letter (its row link)', zh: '指向未回复信件', check: { checkId: 'participation.unanswered-letters', url: c('/hdjl/xx/letter_1004.html'), status: ['fail', 'warn'] } });
  check({ id: 'county.recent-letter-ok', problem: false, site: COUNTY_ID, url: c('/hdjl/xx/letter_1002.html'), ref: 'V-05b', what: 'a letter sent 40 days ago without reply is not yet overdue', zh: '40天未回复的来信尚未超期', check: { checkId: 'participation.unanswered-letters', url: c('/hdjl/xx/letter_1002.html'), status: ['fail'] } });
  ok('city.letters-answered', CITY_ID, 'participation.unanswered-letters', 'V-05b', 'every letter answered within 20 days', '来信均及时回复');
  ok('city.surveys', CITY_ID, 'participation.surveys-interviews', 'D-05', 'interviews and surveys within the last 12 months', '一年内开展了访谈和征集');
  bad('county.surveys', COUNTY_ID, 'participation.surveys-interviews', 'D-05', 'last interview 500 days ago, last survey 420 days ago', '一年内无访谈和征集', { status: ['fail', 'warn'] });

  // links (D-02, S-11)
  bad('county.broken-home', COUNTY_ID, 'links.broken-home', 'D-02', 'two deleted topics and a missing banner image (404) on the home page', '首页3个链接不可用', { measureAtLeast: 3 });
  for (const [k, p] of [COUNTY_PATHS.home404a, COUNTY_PATHS.home404b, COUNTY_PATHS.image404].entries())
    check({ id: `county.broken-home-${k + 1}`, problem: true, site: COUNTY_ID, url: c(p), ref: 'D-02', what: `broken home link ${p}`, zh: '首页断链', check: { checkId: 'links.broken-home', url: c(p), status: ['fail', 'warn'] } });
  ok('city.no-broken-home', CITY_ID, 'links.broken-home', 'D-02', 'no broken links on the home page', '首页无断链');
  check({ id: 'city.429-not-broken', problem: false, site: CITY_ID, url: u(CITY_ID, '/zwgk/zcwj/index.html'), ref: 'D-02', what: 'the 429-then-200 page is not a broken link', zh: '限流页面不是断链', check: { checkId: 'links.broken-home', url: u(CITY_ID, '/zwgk/zcwj/index.html') } });
  check({ id: 'county.403-not-broken', problem: false, site: COUNTY_ID, url: c(COUNTY_PATHS.forbidden), ref: 'D-02', what: 'a 403 means we were refused: cannot_assess, never a confirmed broken link', zh: '403为被拒绝访问，不计为断链', check: { checkId: 'links.broken-other', url: c(COUNTY_PATHS.forbidden), status: ['fail'] } });
  if (countyPaths.deletedArticle)
    check({ id: 'county.broken-other', problem: true, site: COUNTY_ID, url: c(countyPaths.deletedArticle), ref: 'D-02', what: 'deleted article linked from 部门动态 (404)', zh: '其他页面断链', check: { checkId: 'links.broken-other', url: c(countyPaths.deletedArticle), status: ['fail', 'warn'] } });
  if (countyPaths.goneArticle)
    check({ id: 'county.broken-other-410', problem: true, site: COUNTY_ID, url: c(countyPaths.goneArticle), ref: 'D-02', what: 'article taken down with 410 Gone, linked from 图片新闻', zh: '文章返回410，计为其他页面断链', check: { checkId: 'links.broken-other', url: c(countyPaths.goneArticle), status: ['fail', 'warn'] } });
  check({ id: 'county.broken-other-loop', problem: true, site: COUNTY_ID, url: c(COUNTY_PATHS.loop), ref: 'D-02', what: 'the redirect loop is a broken link', zh: '重定向循环计为断链', check: { checkId: 'links.broken-other', url: c(COUNTY_PATHS.loop), status: ['fail', 'warn'] } });
  bad('county.raw-ip', COUNTY_ID, 'links.raw-ip', 'S-11', `友情链接 to http://127.0.0.1:${cityPort}/`, '链接使用IP地址', { status: ['fail', 'warn'] });
  ok('city.no-raw-ip', CITY_ID, 'links.raw-ip', 'S-11', 'no raw-IP links', '无IP地址链接');
  check({ id: 'city.offsite', problem: true, site: CITY_ID, ref: 'S-11', what: 'partner link to www.example-partner.com (not gov.cn) listed for review', zh: '非gov.cn外链列出待复核', check: { checkId: 'links.offsite', status: ['warn', 'fail'] } });

  // identity (S-02…S-06)
  ok('city.site-id-code', CITY_ID, 'identity.site-id-code', 'S-02', 'footer, meta and registry agree (3507000001)', '网站标识码一致');
  bad('dept.site-id-code', DEPT_ID, 'identity.site-id-code', 'S-02', 'footer prints 3507000015, meta and registry say 3507000012', '页脚网站标识码与注册及meta不一致', { status: ['fail', 'warn'] });
  ok('city.icp', CITY_ID, 'identity.icp-filing', 'S-03', '闽ICP备05012345号-1 linked to beian.miit.gov.cn', 'ICP备案号齐全');
  bad('county.icp', COUNTY_ID, 'identity.icp-filing', 'S-03', 'no ICP number in the footer', '页脚无ICP备案号', { status: ['fail', 'warn'] });
  ok('city.psb', CITY_ID, 'identity.psb-filing', 'S-04', '闽公网安备 35070202000123号 with the beian.gov.cn link', '公安备案号齐全');
  bad('county.psb', COUNTY_ID, 'identity.psb-filing', 'S-04', 'no 公网安备 number in the footer', '页脚无公网安备号', { status: ['fail', 'warn'] });
  ok('city.conac', CITY_ID, 'identity.conac-mark', 'S-05', '党政机关 mark: <a href=bszs.conac.cn> around <img src=dcs.conac.cn>', '党政机关标识齐全');
  ok('city.meta-tags', CITY_ID, 'identity.meta-tags', 'S-06', 'SiteName/SiteDomain/SiteIDCode/ColumnName/ArticleTitle/PubDate present', '网页标签齐全');
  bad('county.meta-tags', COUNTY_ID, 'identity.meta-tags', 'S-06', 'no 网页设计规范 meta tags at all', '缺少网页设计规范标签', { status: ['fail', 'warn'] });
  ok('city.domain', CITY_ID, 'identity.domain', 'S-01', 'www.minjiang.gov.cn', '域名规范');

  // security (N-02, N-03)
  bad('county.server-version', COUNTY_ID, 'security.disclosure', 'N-03', 'Server: Apache/2.2.15 (CentOS), X-Powered-By', '服务器版本泄露', { status: ['fail', 'warn'] });
  bad('dept.server-version', DEPT_ID, 'security.disclosure', 'N-03', 'Server: nginx/1.10.3, X-Powered-By: PHP/5.6.40', '服务器版本泄露', { status: ['fail', 'warn'] });
  ok('city.no-version', CITY_ID, 'security.disclosure', 'N-03', 'Server: nginx without version, security.txt present', '未泄露版本，有security.txt');
  bad('county.headers', COUNTY_ID, 'security.headers', 'N-03', 'no security headers at all', '缺少安全响应头', { status: ['fail', 'warn'] });
  ok('city.headers', CITY_ID, 'security.headers', 'N-03', 'X-Content-Type-Options, X-Frame-Options, CSP frame-ancestors, Referrer-Policy, Permissions-Policy', '安全响应头齐全');
  bad('county.cookies', COUNTY_ID, 'security.cookies', 'N-03', 'JSESSIONID without HttpOnly', 'Cookie未设置HttpOnly', { status: ['fail', 'warn'] });
  bad('dept.cookies', DEPT_ID, 'security.cookies', 'N-03', 'PHPSESSID without HttpOnly', 'Cookie未设置HttpOnly', { status: ['fail', 'warn'] });

  bad('city.http-only', CITY_ID, 'security.https', 'N-02', 'the portal is served over plain HTTP only', '仅提供HTTP访问', { status: ['fail', 'warn'] });
  ok('https.offered', HEALTH_ID, 'security.https', 'N-02', 'HTTPS only: nothing over plain HTTP', '仅提供HTTPS访问');
  bad('https.certificate', HEALTH_ID, 'security.certificate', 'N-02', 'self-signed certificate (not issued by a trusted CA)', '自签名证书', { status: ['fail', 'warn'] });
  bad('https.mixed-content', HEALTH_ID, 'security.mixed-content', 'N-02', 'HTTPS home page loads http://tongji.minjiang.gov.cn/stat.js and a pixel over plain HTTP', 'HTTPS页面通过HTTP加载脚本和图片', { status: ['fail', 'warn'] });
  ok('https.cookies', HEALTH_ID, 'security.cookies', 'N-03', 'SESSION cookie is Secure; HttpOnly; SameSite=Lax', 'Cookie安全属性齐全');

  // quality
  check({ id: 'city.elderly-entry', problem: true, site: CITY_ID, ref: 'A-02', what: '无障碍浏览 and 长者模式 links in the header', zh: '设有无障碍和长者模式入口', check: { checkId: 'quality.elderly-entry', status: ['pass'] } });
  bad('county.elderly-entry', COUNTY_ID, 'quality.elderly-entry', 'A-02', 'no 适老化/无障碍 entry', '无适老化无障碍入口', { status: ['fail', 'warn'] });

  return out;
}
