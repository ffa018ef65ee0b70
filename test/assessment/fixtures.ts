/**
 * Fixtures for the assessment tests: a small test-only check set (registered through
 * scoreSite's `checks` parameter) that reads real stored observations, a test edition whose
 * numbers make hand computation easy, and helpers that write sites, runs and observations into
 * a real store.
 */
import type { Check, CheckContext, Finding } from '../../model/finding.ts';
import type { LinkCheckObservation, PageObservation, ProbeObservation } from '../../model/observation.ts';
import type { Site } from '../../model/site.ts';
import type { Store } from '../../store/store.ts';
import { finding, homePage } from '../../checks/util.ts';
import { runChecks } from '../../checks/run.ts';

export function site(over: Partial<Site> & Pick<Site, 'id'>): Site {
  return {
    name: `${over.id} 人民政府`,
    region: '福建省福州市',
    level: '市',
    kind: '门户网站',
    url: `http://${over.id}.example.gov.cn/`,
    offersServices: true,
    entries: {},
    seeds: [],
    limits: {},
    tags: [],
    ...over,
  };
}

export function page(url: string, at: string, extra: Partial<PageObservation> = {}): PageObservation {
  return {
    kind: 'page',
    url,
    at,
    finalUrl: url,
    redirects: [],
    status: 200,
    timings: { startedAt: at, totalMs: 5 },
    headers: {},
    setCookies: [],
    bytes: 100,
    depth: 0,
    title: '首页',
    text: '',
    ...extra,
  };
}

export function link(url: string, at: string, status: number): LinkCheckObservation {
  return { kind: 'link', url, at, finalUrl: url, redirects: [], status, method: 'HEAD', external: false, elapsedMs: 3 };
}

export function probe(url: string, at: string, ok: boolean): ProbeObservation {
  return {
    kind: 'probe',
    url,
    at,
    ok,
    status: ok ? 200 : 0,
    ...(ok ? {} : { failure: { class: 'timeout' as const, message: '15 s' } }),
    timings: { startedAt: at, totalMs: ok ? 100 : 15000 },
    bytes: ok ? 1000 : 0,
  };
}

const meta = (id: string, needs: Check['needs'], severity: Check['severity'], defaults: Record<string, unknown> = {}) => ({
  id,
  ref: 'D-02',
  family: 'links' as const,
  title: { zh: id, en: id },
  description: { zh: id, en: id },
  severity,
  needs,
  defaults,
});

/** Veto when a page title contains 否决; a title with 待定 is a warn a person must confirm (stands in for a real veto check). */
const vetoCheck: Check = {
  ...meta('t.veto', ['page'], 'veto'),
  evaluate(ctx) {
    const hit = ctx.pages.find((p) => p.title?.includes('否决'));
    const pending = ctx.pages.find((p) => p.title?.includes('待定'));
    if (!hit && pending)
      return [finding(this, 'warn', { zh: '疑似否决，待人工确认', en: 'possible veto, to be confirmed' }, { key: this.id, evidence: [{ url: pending.url }], requiresReview: true })];
    return [finding(this, hit ? 'fail' : 'pass', { zh: hit ? '触发否决' : '未触发', en: hit ? 'vetoed' : 'ok' }, { key: this.id, evidence: hit ? [{ url: hit.url }] : [] })];
  },
};

/** One defect per link answering ≥ 400; summary measure = their count; `minStatus` is an option. */
const brokenCheck: Check = {
  ...meta('t.broken', ['link'], 'deduct', { minStatus: 400 }),
  evaluate(ctx: CheckContext) {
    const min = Number(ctx.options.minStatus);
    const bad = ctx.links.filter((l) => l.status >= min);
    const defects: Finding[] = bad.map((l) =>
      finding(this, 'fail', { zh: `断链 ${l.url}`, en: `broken ${l.url}` }, { key: `${this.id}|${l.url}`, evidence: [{ url: l.url, status: l.status, data: { defect: true } }] }),
    );
    return [finding(this, bad.length ? 'fail' : 'pass', { zh: `${bad.length} 个断链`, en: `${bad.length} broken` }, { key: this.id, measure: bad.length }), ...defects];
  },
};

/** Failure ratio of the probes in the window. */
const ratioCheck: Check = {
  ...meta('t.ratio', ['probe'], 'deduct'),
  evaluate(ctx) {
    const fails = ctx.probes.filter((p) => !p.ok).length;
    const r = fails / ctx.probes.length;
    return [finding(this, r > 0 ? 'fail' : 'pass', { zh: `失败比例 ${r}`, en: `failure ratio ${r}` }, { key: this.id, measure: r })];
  },
};

/** The home page is served over HTTPS. Blocked home page → cannot_assess. */
const httpsCheck: Check = {
  ...meta('t.https', ['page'], 'deduct'),
  evaluate(ctx) {
    const home = homePage(ctx);
    if (!home || home.failure?.class === 'blocked')
      return [finding(this, 'cannot_assess', { zh: '首页被拦截，无法评估', en: 'home page blocked us' }, { key: this.id })];
    const ok = home.finalUrl.startsWith('https://');
    return [finding(this, ok ? 'pass' : 'fail', { zh: ok ? 'HTTPS' : '未启用HTTPS', en: ok ? 'https' : 'no https' }, { key: this.id })];
  },
};

/** Some page has 办事 in its title. */
const servicesCheck: Check = {
  ...meta('t.services', ['page'], 'deduct'),
  evaluate(ctx) {
    const ok = ctx.pages.some((p) => p.title?.includes('办事'));
    return [finding(this, ok ? 'pass' : 'fail', { zh: ok ? '有办事服务' : '无办事服务', en: ok ? 'services' : 'no services' }, { key: this.id })];
  },
};

/** Some page mentions 无障碍 (bonus). */
const bonusCheck: Check = {
  ...meta('t.bonus', ['page'], 'advise'),
  evaluate(ctx) {
    const ok = ctx.pages.some((p) => p.text?.includes('无障碍'));
    return [finding(this, ok ? 'pass' : 'fail', { zh: ok ? '有无障碍' : '无', en: ok ? 'yes' : 'no' }, { key: this.id })];
  },
};

export const TEST_CHECKS: Check[] = [vetoCheck, brokenCheck, ratioCheck, httpsCheck, servicesCheck, bonusCheck];

const src = '{ document: test, confidence: ❓, verified: false }';

/**
 * Deduction part 100 = links 40 (broken: 5 per defect, cap 20; ratio: linear 0 → 0.1, 20)
 * + basics 35 (https pass/fail) + services 25 (only when offersServices). Bonus 30, portals only.
 */
export function testEditionYaml(over: { perDefect?: number; bonusLine?: number; httpsPoints?: number; linksPoints?: number; id?: string } = {}): string {
  const https = over.httpsPoints ?? 35;
  const links = over.linksPoints ?? 40;
  return `id: ${over.id ?? 'test-ed'}
version: "1"
title: { zh: 测试版本, en: Test edition }
jurisdiction: 测试
example: true
source: ${src}
scoring:
  deduction_total: 100
  pass_line: 60
  bonus_line: ${over.bonusLine ?? 80}
  bonus_max: 30
  bonus_kinds: [门户网站]
  probe_days: 7
  source: ${src}
grades:
  - { code: fail, min: 0, name: { zh: 不合格, en: Fail } }
  - { code: pass, min: 60, name: { zh: 合格, en: Pass } }
  - { code: excellent, min: 90, name: { zh: 优秀, en: Excellent } }
combined:
  weights: { indicators: 0.7, public_review: 0.2, inspection: 0.1 }
  source: ${src}
warnings:
  score_drop: 5
  rules:
    - { id: W-ratio, ref: V-01, check: t.ratio, level: orange, message: { zh: 预警, en: warning }, source: ${src} }
    - { id: W-consec, ref: V-01, consecutive_probe_failures: 2, level: red, message: { zh: 连续失败, en: consecutive }, source: ${src} }
families:
  - id: veto
    part: veto
    name: { zh: 否决, en: Veto }
    indicators:
      - { id: V-T, ref: V-01, name: { zh: 测试否决, en: Test veto }, rule: veto, checks: [t.veto], source: ${src} }
  - id: links
    part: deduct
    name: { zh: 链接, en: Links }
    points: ${links}
    source: ${src}
    indicators:
      - { id: D-BROKEN, ref: D-02, name: { zh: 断链, en: Broken }, rule: deduct_per_defect, points: 20, per_defect: ${over.perDefect ?? 5}, checks: [t.broken], source: ${src} }
      - { id: D-RATIO, ref: D-01, name: { zh: 可用性, en: Ratio }, rule: linear, points: 20, from: 0, to: 0.1, checks: [t.ratio], source: ${src} }
  - id: basics
    part: deduct
    name: { zh: 基础, en: Basics }
    points: ${https}
    source: ${src}
    indicators:
      - { id: N-HTTPS, ref: N-02, name: { zh: HTTPS, en: HTTPS }, rule: pass_fail, points: ${https}, checks: [t.https], source: ${src} }
  - id: services
    part: deduct
    name: { zh: 办事服务, en: Services }
    points: 25
    applies_to: { offers_services: true }
    source: ${src}
    indicators:
      - { id: V-SERV, ref: V-06a, name: { zh: 办事, en: Services }, rule: pass_fail, points: 25, checks: [t.services], source: ${src} }
  - id: bonus
    part: bonus
    name: { zh: 加分, en: Bonus }
    points: 30
    source: ${src}
    indicators:
      - { id: B-A11Y, ref: A-01, name: { zh: 无障碍, en: Accessibility }, rule: bonus, points: 30, checks: [t.bonus], source: ${src} }
`;
}

export interface Scenario {
  site: Site;
  /** When the audit runs (ISO). */
  at: string;
  https?: boolean;
  broken?: number;
  services?: boolean;
  veto?: boolean;
  /** A veto finding that needs a person (warn + requiresReview). */
  pendingVeto?: boolean;
  bonus?: boolean;
  /** Probes: [ok, failed] counts, spread over the 7 days before the audit. */
  probes?: [number, number];
  blocked?: boolean;
}

/** Writes one audit run (and its probes) for a scenario; returns the audit run id. */
export async function seed(store: Store, s: Scenario): Promise<string> {
  await store.upsertSites([s.site]);
  const base = s.site.url.replace(/^http:/, s.https ? 'https:' : 'http:');
  const atMs = Date.parse(s.at);
  const [ok, bad] = s.probes ?? [20, 0];
  if (ok + bad > 0) {
    const pr = await store.createRun({ siteId: s.site.id, kind: 'probe', startedAt: new Date(atMs - 7 * 86400_000).toISOString() });
    const list: ProbeObservation[] = [];
    const n = ok + bad;
    for (let i = 0; i < n; i++) {
      const when = new Date(atMs - 6 * 86400_000 + Math.floor((i * 6 * 86400_000) / n)).toISOString();
      list.push(probe(s.site.url, when, i < ok));
    }
    await store.appendObservations(pr.id, s.site.id, list);
    await store.finishRun(pr.id, 'complete');
  }
  const run = await store.createRun({ siteId: s.site.id, kind: 'audit', startedAt: s.at });
  const pages: PageObservation[] = [
    page(s.site.url, s.at, {
      finalUrl: base,
      title: s.veto ? '首页 否决' : s.pendingVeto ? '首页 待定' : '首页',
      text: s.bonus ? '无障碍 长者模式' : '首页',
      ...(s.blocked ? { status: 403, failure: { class: 'blocked', message: 'WAF' } } : {}),
    }),
  ];
  if (s.services !== false) pages.push(page(`${base}bsfw/`, s.at, { depth: 1, title: '办事服务' }));
  const links: LinkCheckObservation[] = [];
  for (let i = 0; i < (s.broken ?? 0); i++) links.push(link(`${base}broken/${i}.html`, s.at, 404));
  links.push(link(`${base}ok.html`, s.at, 200));
  await store.appendObservations(run.id, s.site.id, [...pages, ...links]);
  // finishedAt is set to the wall clock by finishRun; pin it to the scenario time so "as of" is deterministic.
  await store.finishRun(run.id, 'complete');
  await store.db.run('UPDATE runs SET finished_at = ?, heartbeat_at = ? WHERE id = ?', [s.at, s.at, run.id]);
  // An audit stores its findings as it ends (the maintainer's report and new-defect warnings read them).
  const ctx = await store.checkContext(s.site, [run.id], new Date(s.at));
  await store.replaceFindings(run.id, s.site.id, runChecks(TEST_CHECKS, ctx, {}));
  return run.id;
}
