/**
 * The report model: everything a site report shows, read from the store for one run and
 * nothing else (never re-crawled, never re-judged). HTML, Markdown and JSON are three
 * renderings of this one object, so they always agree; the JSON file is this object.
 */
import type { Store, RunRecord, StoredFinding } from '../store/store.ts';
import type { CheckFamily, Evidence, Finding, FindingStatus, Severity, Text } from '../model/finding.ts';
import type { FailureClass, LinkCheckObservation, PageObservation, ProbeObservation, CrawlEventObservation, Observation } from '../model/observation.ts';
import { failureBlame, FAILURE_CLASSES } from '../model/observation.ts';
import type { Site } from '../model/site.ts';
import { FAMILY_ORDER, ruleName } from './i18n.ts';
import { allChecks } from '../checks/registry.ts';
import { log } from '../lib/log.ts';

export const REPORT_SCHEMA = 'govmon.site-report/1';

export type Change = 'new' | 'open' | 'first';

export interface DefectItem {
  key: string;
  checkId: string;
  ref: string;
  rule?: Text;
  family: CheckFamily | 'other';
  severity: Severity;
  status: FindingStatus;
  message: Text;
  fix?: Text;
  evidence: Evidence[];
  measure?: number;
  requiresReview?: boolean;
  /** new / still open since the previous complete run of the same site; `first` when there is none. */
  change: Change;
  /** Start of the earliest run of an unbroken series of complete runs that had this defect (up to FIRST_SEEN_RUNS back). */
  firstSeen: string;
}

export interface CheckResult {
  checkId: string;
  title: Text;
  ref: string;
  rule?: Text;
  family: CheckFamily | 'other';
  severity: Severity;
  /** Status of the check's summary finding (or the worst of its findings when it has none). */
  status: FindingStatus;
  message: Text;
  fix?: Text;
  measure?: number;
  evidence: Evidence[];
  requiresReview?: boolean;
  defects: DefectItem[];
}

export interface FailureCount {
  class: FailureClass;
  blame: 'site' | 'cannot_assess';
  pages: number;
  links: number;
  probes: number;
}

export interface BrokenLink {
  url: string;
  status: number;
  failureClass?: FailureClass;
  failureMessage?: string;
  blame: 'site' | 'cannot_assess';
  kind: 'page' | 'link';
  external: boolean;
  /** Pages linking to it, with the anchor text used there. */
  from: Array<{ page: string; text: string }>;
}

/** Home-page availability probes of the days before the run (V-01 judges a 7-day window). */
export interface AvailabilitySummary {
  from: string;
  to: string;
  probes: number;
  ok: number;
  /** failures / probes; V-01 vetoes at ≥ 5 % with ≥ 20 probes a day. */
  failureRatio: number | null;
  days: Array<{ day: string; probes: number; ok: number }>;
  failures: Array<{ class: string; count: number }>;
  /** The latest failed probes, newest first (up to 10). */
  recentFailures: Array<{ at: string; status: number; failureClass?: string; message?: string; totalMs: number }>;
}

export interface CrawlSummary {
  pages: number;
  pagesOk: number;
  rendered: number;
  links: number;
  linksOk: number;
  probes: number;
  probesOk: number;
  failures: FailureCount[];
  broken: BrokenLink[];
  brokenTotal: number;
  events: Array<{ event: string; detail: string; count?: number; url: string; at: string }>;
  observationCounts: Record<string, number>;
}

export interface Verdict {
  /** `score`: from the assessment (methodology edition); `findings`: derived from findings only. */
  source: 'score' | 'findings';
  veto: boolean;
  vetoRefs: string[];
  vetoCandidates: number;
  /** Veto-severity checks that only warn (a person must confirm before it counts, cn-indicators §b). */
  vetoReview: number;
  vetoReviewRefs: string[];
  defects: number;
  cannotAssess: number;
  score?: number;
  grade?: string;
  gradeName?: Text;
  passed?: boolean;
  provisional?: boolean;
  scoreChange?: number;
  edition?: string;
  editionTitle?: Text;
  /** Per-indicator points from the assessment (absent without a score). */
  indicators?: ScoreSummary['indicators'];
  /** Defect counts by change since the previous run. */
  newDefects: number;
  openDefects: number;
  fixedDefects: number;
}

/** What the site report shows of the assessment's SiteScore (model/score.ts). */
export interface ScoreSummary {
  score?: number;
  grade?: string;
  gradeName?: Text;
  passed?: boolean;
  veto?: boolean;
  vetoRefs?: string[];
  previousScore?: number;
  edition?: string;
  editionTitle?: Text;
  provisional?: boolean;
  indicators?: Array<{
    id: string;
    ref: string;
    name: Text;
    part: 'veto' | 'deduct' | 'bonus';
    points: number;
    deduction: number;
    awarded: number;
    status: string;
    explanation: Text;
  }>;
  deduction?: { score: number; rescaleFactor: number };
  bonus?: { points: number; eligible: boolean };
}

export interface SiteReportModel {
  schema: typeof REPORT_SCHEMA;
  generatedAt: string;
  /** From the registry; only id, name and url are certain when the site was removed from it since. */
  site: { id: string; name: string; url: string; level?: string; kind?: string; region?: string; group?: string; siteIdCode?: string };
  run: {
    id: string;
    kind: string;
    status: string;
    note: string | null;
    startedAt: string;
    finishedAt: string | null;
    durationMs: number | null;
    stats: Record<string, unknown>;
  };
  previousRun?: { id: string; startedAt: string; finishedAt: string | null; status: string };
  /** The site's recent runs of the same kind, newest first, this one included, with their defect counts. */
  history: Array<{ id: string; startedAt: string; status: string; defects: number | null }>;
  verdict: Verdict;
  checks: CheckResult[];
  fixed: DefectItem[];
  /**
   * Defects of the previous run on a page or link that run fetched and this one did not (page
   * budget, removed from the site's links, out of the monitoring window): gone from the findings,
   * but nothing shows they were fixed, so they are not counted as fixed.
   */
  notRechecked: DefectItem[];
  cannotAssess: Array<{ checkId: string; title: Text; ref: string; rule?: Text; family: CheckFamily | 'other'; severity: Severity; reason: Text; evidence: Evidence[] }>;
  crawl: CrawlSummary;
  availability?: AvailabilitySummary;
}

const FAMILY_SET = new Set<string>(FAMILY_ORDER);

export function familyOf(checkId: string): CheckFamily | 'other' {
  const f = checkId.split('.')[0];
  return FAMILY_SET.has(f) ? (f as CheckFamily) : 'other';
}

const STATUS_SET = new Set<string>(['pass', 'fail', 'warn', 'not_applicable', 'cannot_assess']);
const SEVERITY_SET = new Set<string>(['veto', 'deduct', 'advise']);

function asText(v: unknown, fallback: string): Text {
  if (v && typeof v === 'object') {
    const o = v as { zh?: unknown; en?: unknown };
    const zh = typeof o.zh === 'string' ? o.zh : typeof o.en === 'string' ? o.en : fallback;
    const en = typeof o.en === 'string' ? o.en : zh;
    return { zh, en };
  }
  return typeof v === 'string' ? { zh: v, en: v } : { zh: fallback, en: fallback };
}

/**
 * Stored findings come from many check versions over years: a report takes them as they are
 * but never crashes on a malformed one. Missing evidence becomes [], a missing message the
 * check id, an unknown severity `advise`, and an unknown status `cannot_assess` (we cannot
 * tell what it meant, so it is not counted as a defect).
 */
export function normalizeFinding<F extends Finding>(f: F): F {
  const checkId = typeof f.checkId === 'string' && f.checkId ? f.checkId : 'unknown.check';
  const evidence = Array.isArray(f.evidence) ? f.evidence.filter((e) => e && typeof e === 'object') : [];
  const known = STATUS_SET.has(f.status as string);
  return {
    ...f,
    checkId,
    ref: typeof f.ref === 'string' ? f.ref : '',
    status: known ? f.status : 'cannot_assess',
    severity: SEVERITY_SET.has(f.severity as string) ? f.severity : 'advise',
    message: known ? asText(f.message, checkId) : { zh: `未知的检查结果状态“${String(f.status)}”`, en: `Unknown finding status "${String(f.status)}"` },
    fix: f.fix === undefined || f.fix === null ? undefined : asText(f.fix, ''),
    evidence,
    measure: typeof f.measure === 'number' && Number.isFinite(f.measure) ? f.measure : undefined,
    key: typeof f.key === 'string' ? f.key : undefined,
  };
}

/** The same key the store writes (store.replaceFindings), so "the same defect" matches across runs. */
export function findingKey(f: Finding): string {
  return f.key ?? `${f.checkId}|${f.evidence[0]?.url ?? ''}`;
}

export function isDefectFinding(f: Finding): boolean {
  return (f.status === 'fail' || f.status === 'warn') && f.evidence[0]?.data?.defect === true;
}

const STATUS_RANK: Record<FindingStatus, number> = { fail: 4, warn: 3, cannot_assess: 2, pass: 1, not_applicable: 0 };
const SEVERITY_RANK: Record<Severity, number> = { veto: 0, deduct: 1, advise: 2 };
const CHANGE_RANK: Record<Change, number> = { new: 0, first: 1, open: 2 };

interface GroupedCheck {
  summary: Finding;
  defects: Finding[];
  /** Individual items the check could not judge (besides its summary). */
  unassessed: Finding[];
  all: Finding[];
}

/**
 * Splits one run's findings per check into the summary finding and the individual defects,
 * following the catalogue convention (summary key = checkId; defects carry data.defect).
 * Checks that do not follow it still render: a lone failing finding is its own defect.
 */
function groupByCheck(findings: Finding[]): Map<string, GroupedCheck> {
  const by = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = by.get(f.checkId) ?? [];
    list.push(f);
    by.set(f.checkId, list);
  }
  const out = new Map<string, GroupedCheck>();
  for (const [id, list] of by) {
    const defects = list.filter(isDefectFinding);
    const rest = list.filter((f) => !isDefectFinding(f));
    let summary = rest.find((f) => f.key === id) ?? rest[0];
    const extra = rest.filter((f) => f !== summary && (f.status === 'fail' || f.status === 'warn'));
    if (!summary) {
      // Only defects were emitted: synthesise the summary from the worst of them.
      const worst = [...defects].sort((a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status])[0];
      summary = { ...worst, key: id, evidence: defects.slice(0, 20).flatMap((d) => d.evidence.slice(0, 1)), measure: defects.length };
    }
    const unassessed = list.filter((f) => f !== summary && f.status === 'cannot_assess');
    out.set(id, { summary, defects: [...defects, ...extra], unassessed, all: list });
  }
  return out;
}

/** Defect findings of a run as key → finding: the individual defects, or the failing summary when a check lists none. */
export function defectsByKey(findings: Finding[]): Map<string, Finding> {
  const m = new Map<string, Finding>();
  for (const [, g] of groupByCheck(findings)) {
    const list = g.defects.length ? g.defects : g.summary.status === 'fail' || g.summary.status === 'warn' ? [g.summary] : [];
    for (const f of list) m.set(findingKey(f), f);
  }
  return m;
}

/** How many earlier complete runs are searched for a defect's first appearance. */
export const FIRST_SEEN_RUNS = 12;

/**
 * For every defect of the previous run: when the defect was first seen, walking back through
 * complete runs for as long as each of them still had it (a gap means it was fixed and came back).
 */
async function firstSeenDates(store: Store, run: RunRecord, prev: RunRecord | undefined, prevDefects: Map<string, Finding>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!prev || prevDefects.size === 0) return out;
  let open = new Set(prevDefects.keys());
  for (const k of open) out.set(k, prev.startedAt);
  const older = (await store.runs({ siteId: run.siteId, kind: run.kind, status: 'complete', to: prev.startedAt, limit: FIRST_SEEN_RUNS })).filter((r) => r.id !== prev.id);
  for (const r of older) {
    if (open.size === 0) break;
    const keys = defectsByKey((await store.findings(r.id)).map(normalizeFinding));
    const still = new Set<string>();
    for (const k of open) {
      if (keys.has(k)) {
        out.set(k, r.startedAt);
        still.add(k);
      }
    }
    open = still;
  }
  return out;
}

export const AVAILABILITY_DAYS = 7;

async function availabilitySummary(store: Store, run: RunRecord): Promise<AvailabilitySummary | undefined> {
  const to = run.finishedAt ?? run.heartbeatAt ?? run.startedAt;
  const from = new Date(Date.parse(to) - AVAILABILITY_DAYS * 86_400_000).toISOString();
  const probes = (await store.observationsInWindow(run.siteId, ['probe'], from, to)).filter((p) => p && typeof p.at === 'string');
  if (!probes.length) return undefined;
  const day = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
  const days = new Map<string, { day: string; probes: number; ok: number }>();
  const classes = new Map<string, number>();
  for (const p of probes) {
    const d = days.get(day(p.at)) ?? { day: day(p.at), probes: 0, ok: 0 };
    d.probes++;
    if (p.ok) d.ok++;
    else classes.set(p.failure?.class ?? 'unknown', (classes.get(p.failure?.class ?? 'unknown') ?? 0) + 1);
    days.set(d.day, d);
  }
  const ok = probes.filter((p) => p.ok).length;
  return {
    from,
    to,
    probes: probes.length,
    ok,
    failureRatio: probes.length ? (probes.length - ok) / probes.length : null,
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    failures: [...classes.entries()].map(([c, n]) => ({ class: c, count: n })).sort((a, b) => b.count - a.count),
    recentFailures: probes
      .filter((p) => !p.ok)
      .slice(-10)
      .reverse()
      .map((p) => ({ at: p.at, status: p.status, failureClass: p.failure?.class, message: p.failure?.message, totalMs: p.timings?.totalMs ?? 0 })),
  };
}

export const HISTORY_RUNS = 10;

async function runHistory(store: Store, run: RunRecord, findings: Finding[]): Promise<SiteReportModel['history']> {
  const around = await store.runs({ siteId: run.siteId, kind: run.kind, limit: HISTORY_RUNS * 3 });
  // The runs up to this one (a report of an older run does not show the future).
  const upTo = around.filter((r) => r.startedAt <= run.startedAt).slice(0, HISTORY_RUNS);
  const out: SiteReportModel['history'] = [];
  for (const r of upTo) {
    const list = r.id === run.id ? findings : (await store.findings(r.id)).map(normalizeFinding);
    out.push({ id: r.id, startedAt: r.startedAt, status: r.status, defects: list.length ? defectsByKey(list).size : null });
  }
  return out;
}

/** The previous finished run of the same site and kind that has findings to compare with. */
export async function previousRun(store: Store, run: RunRecord): Promise<RunRecord | undefined> {
  const older = await store.runs({ siteId: run.siteId, kind: run.kind, status: 'complete', to: run.startedAt, limit: 5 });
  return older.find((r) => r.id !== run.id);
}

function evidenceUrl(e: Evidence[]): string | undefined {
  return e.find((x) => x.url)?.url;
}

/** Who links where: url → the pages (up to 10) linking to it, with the anchor text used. */
function inboundLinks(pages: PageObservation[]): Map<string, Array<{ page: string; text: string }>> {
  const inbound = new Map<string, Array<{ page: string; text: string }>>();
  for (const p of pages) {
    for (const l of Array.isArray(p.links) ? p.links : []) {
      if (!l || typeof l.url !== 'string') continue;
      const list = inbound.get(l.url) ?? [];
      if (list.length < 10 && !list.some((x) => x.page === (p.finalUrl || p.url))) list.push({ page: p.finalUrl || p.url, text: typeof l.text === 'string' ? l.text : '' });
      inbound.set(l.url, list);
    }
  }
  return inbound;
}

function crawlSummary(obs: Observation[]): CrawlSummary {
  const pages = obs.filter((o): o is PageObservation => o.kind === 'page');
  const links = obs.filter((o): o is LinkCheckObservation => o.kind === 'link');
  const probes = obs.filter((o): o is ProbeObservation => o.kind === 'probe');
  const events = obs.filter((o): o is CrawlEventObservation => o.kind === 'crawl_event');
  const counts = new Map<FailureClass, FailureCount>();
  const bump = (c: FailureClass, field: 'pages' | 'links' | 'probes') => {
    const cur = counts.get(c) ?? { class: c, blame: failureBlame(c), pages: 0, links: 0, probes: 0 };
    cur[field]++;
    counts.set(c, cur);
  };
  for (const p of pages) if (p.failure) bump(p.failure.class, 'pages');
  for (const l of links) if (l.failure) bump(l.failure.class, 'links');
  for (const p of probes) if (p.failure) bump(p.failure.class, 'probes');

  const inbound = inboundLinks(pages);
  // A link re-checked later (attempt 2) supersedes the first check of the same URL.
  const latestLink = new Map<string, LinkCheckObservation>();
  for (const l of links) {
    const prev = latestLink.get(l.url);
    if (!prev || (l.attempt ?? 1) >= (prev.attempt ?? 1)) latestLink.set(l.url, l);
  }
  const broken: BrokenLink[] = [];
  const seen = new Set<string>();
  for (const p of pages) {
    if (!p.failure || seen.has(p.url)) continue;
    seen.add(p.url);
    const from = inbound.get(p.url) ?? (p.referrer ? [{ page: p.referrer, text: p.referrerText ?? '' }] : []);
    broken.push({ url: p.url, status: p.status, failureClass: p.failure.class, failureMessage: p.failure.message, blame: failureBlame(p.failure.class), kind: 'page', external: false, from });
  }
  for (const l of latestLink.values()) {
    if (!l.failure || seen.has(l.url)) continue;
    seen.add(l.url);
    broken.push({
      url: l.url,
      status: l.status,
      failureClass: l.failure.class,
      failureMessage: l.failure.message,
      blame: failureBlame(l.failure.class),
      kind: 'link',
      external: l.external,
      from: inbound.get(l.url) ?? [],
    });
  }
  // Site-caused breaks first (the maintainer's to-do list), then could-not-assess.
  broken.sort((a, b) => (a.blame === b.blame ? 0 : a.blame === 'site' ? -1 : 1) || Number(a.external) - Number(b.external) || a.url.localeCompare(b.url));
  const observationCounts: Record<string, number> = {};
  for (const o of obs) observationCounts[o.kind] = (observationCounts[o.kind] ?? 0) + 1;
  return {
    pages: pages.length,
    pagesOk: pages.filter((p) => !p.failure && p.status > 0 && p.status < 400).length,
    rendered: pages.filter((p) => p.rendered).length,
    links: latestLink.size,
    linksOk: [...latestLink.values()].filter((l) => !l.failure && l.status > 0 && l.status < 400).length,
    probes: probes.length,
    probesOk: probes.filter((p) => p.ok).length,
    failures: [...counts.values()].sort((a, b) => FAILURE_CLASSES.indexOf(a.class) - FAILURE_CLASSES.indexOf(b.class)),
    broken,
    brokenTotal: broken.length,
    events: events.map((e) => ({ event: e.event, detail: e.detail, count: e.count, url: e.url, at: e.at })),
    observationCounts,
  };
}

async function checkTitles(): Promise<Map<string, { title: Text; ref: string; severity: Severity }>> {
  try {
    return new Map((await allChecks()).map((c) => [c.id, { title: c.title, ref: c.ref, severity: c.severity }]));
  } catch (e) {
    // A family being edited must not stop a report: fall back to check ids as titles.
    log.warn({ err: (e as Error).message }, 'check registry unavailable for report titles');
    return new Map();
  }
}

export interface BuildOptions {
  /** A score computed by the assessment for this run, when available. */
  score?: ScoreSummary;
  now?: Date;
  /** Skip reading observations (the crawl summary stays empty): the overview needs findings only. */
  crawl?: boolean;
}

/** URLs a run fetched (pages and checked links), for telling a fixed defect from one not looked at again. */
async function fetchedUrls(store: Store, runId: string): Promise<Set<string>> {
  const rows = await store.db.all<{ url: string }>("SELECT DISTINCT url FROM observations WHERE run_id = ? AND kind IN ('page', 'link')", [runId]);
  return new Set(rows.map((r) => r.url));
}

/** Reads one run and its previous run from the store and builds the report model. */
export async function buildSiteReport(store: Store, runId: string, opts: BuildOptions = {}): Promise<SiteReportModel> {
  const run = await store.getRun(runId);
  if (!run) throw new Error(`no run ${runId} in ${store.db.description}`);
  const site: Site | undefined = await store.getSite(run.siteId);
  const prev = await previousRun(store, run);
  const [findings, prevFindings, obs, titles] = await Promise.all([
    store.findings(run.id).then((l) => l.map(normalizeFinding)),
    prev ? store.findings(prev.id).then((l) => l.map(normalizeFinding)) : Promise.resolve([] as StoredFinding[]),
    opts.crawl === false ? Promise.resolve([] as Observation[]) : store.observations(run.id),
    checkTitles(),
  ]);

  const prevDefects = defectsByKey(prevFindings);
  const firstSeen = await firstSeenDates(store, run, prev, prevDefects);
  const groups = groupByCheck(findings);
  const meta = (id: string, f: Finding) => {
    const t = titles.get(id);
    return { title: t?.title ?? { zh: id, en: id }, ref: f.ref || t?.ref || '', rule: ruleName(f.ref || t?.ref || '') };
  };
  // A page rendered in Chromium has a screenshot: show it with the findings about that page.
  const pageShots = new Map<string, string>();
  for (const o of obs) {
    if (o.kind !== 'page' || typeof o.screenshot !== 'string' || !o.screenshot) continue;
    pageShots.set(o.url, o.screenshot);
    if (o.finalUrl) pageShots.set(o.finalUrl, o.screenshot);
  }
  // Where a check named only the URL, say which page links to it and with what text (the
  // maintainer needs the place to edit, not only the broken target).
  const inbound = inboundLinks(obs.filter((o): o is PageObservation => o.kind === 'page'));
  const withShots = (ev: Evidence[] | undefined): Evidence[] =>
    (ev ?? []).map((e) => {
      let out = e;
      if (!e.screenshot && e.url && pageShots.has(e.url)) out = { ...out, screenshot: pageShots.get(e.url) };
      if (!e.page && e.url) {
        const from = inbound.get(e.url)?.find((x) => x.page !== e.url);
        if (from) out = { ...out, page: from.page, linkText: e.linkText ?? from.text };
      }
      return out;
    });
  const toItem = (f: Finding): DefectItem => {
    const key = findingKey(f);
    return {
      key,
      checkId: f.checkId,
      ref: f.ref,
      rule: ruleName(f.ref),
      family: familyOf(f.checkId),
      severity: f.severity,
      status: f.status,
      message: f.message,
      fix: f.fix,
      evidence: withShots(f.evidence),
      measure: f.measure,
      requiresReview: f.requiresReview,
      change: !prev ? 'first' : prevDefects.has(key) ? 'open' : 'new',
      firstSeen: firstSeen.get(key) ?? run.startedAt,
    };
  };

  const checks: CheckResult[] = [];
  const cannotAssess: SiteReportModel['cannotAssess'] = [];
  const assessed = new Set<string>();
  for (const [id, g] of groups) {
    const m = meta(id, g.summary);
    const s = g.summary;
    for (const u of g.unassessed) {
      cannotAssess.push({ checkId: id, ...m, family: familyOf(id), severity: u.severity, reason: u.message, evidence: withShots(u.evidence) });
    }
    if (s.status === 'cannot_assess') {
      cannotAssess.push({ checkId: id, ...m, family: familyOf(id), severity: s.severity, reason: s.message, evidence: withShots(s.evidence) });
      continue;
    }
    assessed.add(id);
    const defectFindings = g.defects.length ? g.defects : s.status === 'fail' || s.status === 'warn' ? [s] : [];
    checks.push({
      checkId: id,
      ...m,
      family: familyOf(id),
      severity: s.severity,
      status: s.status,
      message: s.message,
      fix: s.fix,
      measure: s.measure,
      evidence: s.evidence ?? [],
      requiresReview: s.requiresReview,
      // New defects first: they are what changed since the maintainer last looked.
      // Checks may put the fix text on their summary only: every defect gets one.
      defects: defectFindings.map((f) => toItem(f.fix ? f : { ...f, fix: s.fix })).sort((a, b) => CHANGE_RANK[a.change] - CHANGE_RANK[b.change] || (evidenceUrl(a.evidence) ?? '').localeCompare(evidenceUrl(b.evidence) ?? '')),
    });
  }
  checks.sort(
    (a, b) =>
      FAMILY_ORDER.indexOf(a.family as CheckFamily) - FAMILY_ORDER.indexOf(b.family as CheckFamily) ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      STATUS_RANK[b.status] - STATUS_RANK[a.status] ||
      a.checkId.localeCompare(b.checkId),
  );
  cannotAssess.sort((a, b) => a.checkId.localeCompare(b.checkId));

  const currentKeys = new Set(checks.flatMap((c) => c.defects.map((d) => d.key)));
  // Fixed = a defect of the previous run that is gone now, from a check that was assessed
  // this time. A check that could not run this time proves nothing either way.
  const fixed: DefectItem[] = [];
  const notRechecked: DefectItem[] = [];
  const gone = [...prevDefects].filter(([key, f]) => !currentKeys.has(key) && assessed.has(f.checkId));
  const [prevUrls, curUrls] = gone.length && prev ? await Promise.all([fetchedUrls(store, prev.id), fetchedUrls(store, run.id)]) : [new Set<string>(), new Set<string>()];
  for (const [, f] of gone) {
    const e = f.evidence[0];
    const u = e?.url;
    // A broken link is fixed when the page that carried it was fetched again and the link is gone
    // or works; a defect about a page's own content needs that page fetched again.
    const linkDefect = e !== undefined && (e.failureClass !== undefined || (e.status !== undefined && (e.status === 0 || e.status >= 400)));
    const unchecked = !u || curUrls.has(u) ? false : linkDefect ? e.page !== undefined && prevUrls.has(e.page) && !curUrls.has(e.page) : prevUrls.has(u);
    (unchecked ? notRechecked : fixed).push({ ...toItem(f), change: 'open' });
  }
  const allDefects = checks.flatMap((c) => c.defects);
  const vetoFails = checks.filter((c) => c.severity === 'veto' && c.status === 'fail');
  const vetoWarns = checks.filter((c) => c.severity === 'veto' && c.status === 'warn');
  const score = opts.score;
  const verdict: Verdict = {
    source: score?.score !== undefined || score?.veto !== undefined ? 'score' : 'findings',
    veto: score?.veto ?? vetoFails.length > 0,
    vetoRefs: score?.vetoRefs ?? [...new Set(vetoFails.map((c) => c.ref))],
    vetoCandidates: vetoFails.length,
    vetoReview: vetoWarns.length,
    vetoReviewRefs: [...new Set(vetoWarns.map((c) => c.ref))],
    defects: allDefects.length,
    cannotAssess: cannotAssess.length,
    score: score?.score,
    grade: score?.grade,
    scoreChange: score?.score !== undefined && score.previousScore !== undefined ? Math.round((score.score - score.previousScore) * 10) / 10 : undefined,
    edition: score?.edition,
    gradeName: score?.gradeName,
    passed: score?.passed,
    provisional: score?.provisional,
    editionTitle: score?.editionTitle,
    indicators: score?.indicators,
    newDefects: allDefects.filter((d) => d.change === 'new').length,
    openDefects: allDefects.filter((d) => d.change === 'open').length,
    fixedDefects: fixed.length,
  };

  const started = Date.parse(run.startedAt);
  const finished = run.finishedAt ? Date.parse(run.finishedAt) : NaN;
  return {
    schema: REPORT_SCHEMA,
    generatedAt: (opts.now ?? new Date()).toISOString(),
    site: site
      ? { id: site.id, name: site.name, url: site.url, level: site.level, kind: site.kind, region: site.region, group: site.group, siteIdCode: site.siteIdCode }
      : { id: run.siteId, name: run.siteId, url: evidenceUrl(findings.flatMap((f) => f.evidence)) ?? '' },
    run: {
      id: run.id,
      kind: run.kind,
      status: run.status,
      note: run.note,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      durationMs: Number.isFinite(finished) && Number.isFinite(started) ? finished - started : null,
      stats: run.stats,
    },
    previousRun: prev ? { id: prev.id, startedAt: prev.startedAt, finishedAt: prev.finishedAt, status: prev.status } : undefined,
    history: opts.crawl === false ? [] : await runHistory(store, run, findings),
    verdict,
    checks,
    fixed,
    notRechecked,
    cannotAssess,
    crawl: crawlSummary(obs),
    availability: opts.crawl === false ? undefined : await availabilitySummary(store, run),
  };
}
