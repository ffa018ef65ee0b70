/**
 * The evaluator's overview of one period: every site ranked within its group with score (or,
 * until scoring is available, the findings-derived verdict), veto flags, trend, availability
 * from the probes, defects by family, early warnings, and a link to each site's report.
 * Static files by default (`govmon report --overview`), the same pages live in `govmon serve`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store, RunRecord } from '../store/store.ts';
import type { CheckFamily, Severity, Text } from '../model/finding.ts';
import type { Period } from '../model/score.ts';
import type { Site } from '../model/site.ts';
import { parsePeriod, previousPeriod } from '../assessment/period.ts';
import { buildSiteReport, defectsByKey, familyOf, normalizeFinding, type ScoreSummary, type SiteReportModel } from './model.ts';
import { scorePeriod, summaryOf } from './score-bridge.ts';
import { writeSiteReport } from './site-report.ts';
import { renderOverviewHtml } from './render/overview-html.ts';
import { renderOverviewMarkdown } from './render/overview-md.ts';
import type { Lang } from './i18n.ts';
import { log } from '../lib/log.ts';

export const OVERVIEW_SCHEMA = 'govmon.overview/1';

export interface OverviewWarning {
  level: 'red' | 'orange' | 'yellow';
  siteId: string;
  siteName: string;
  ruleId: string;
  ref: string;
  message: Text;
  value?: number;
  threshold?: number;
  at: string;
}

export interface OverviewRow {
  site: { id: string; name: string; url: string; group: string; level: string; kind: string; region: string };
  run?: { id: string; status: string; startedAt: string; finishedAt: string | null };
  /** `scored` when the assessment scored the site; `findings` when only findings exist; `no_data` without a run in the period. */
  state: 'scored' | 'findings' | 'no_data';
  score?: number;
  grade?: string;
  gradeName?: Text;
  passed?: boolean;
  provisional?: boolean;
  previousScore?: number;
  change?: number;
  veto: boolean;
  vetoRefs: string[];
  /** Veto items that need a person to confirm (warn on a veto check). */
  vetoReviewRefs: string[];
  defects: number;
  newDefects: number;
  fixedDefects: number;
  cannotAssess: number;
  defectsByFamily: Partial<Record<CheckFamily | 'other', Record<Severity, number>>>;
  /** Availability in the period from probe observations (V-01/D-01). */
  availability?: { probes: number; ok: number; ratio: number };
  /** Older → newer: score per period when scored, else defects per audit run. */
  trend: Array<{ label: string; value: number | null }>;
  trendKind: 'score' | 'defects';
  /** The deduction part's score (what a vetoed site would have scored without the veto): orders vetoed sites. */
  deductionScore?: number;
  rank?: number;
  of?: number;
  /** Link to the site's report (relative in static output, absolute path when served). */
  href?: string;
}

export interface GroupStats {
  sites: number;
  withRun: number;
  vetoed: number;
  /** Mean score of the scored sites (vetoed ones count with their 0), absent without scores. */
  meanScore?: number;
  defects: number;
}

export interface OverviewModel {
  schema: typeof OVERVIEW_SCHEMA;
  generatedAt: string;
  period: Period;
  edition?: string;
  groups: Array<{ name: string; rows: OverviewRow[]; stats: GroupStats }>;
  availability: { days: string[]; okPercent: Array<number | null>; probes: number };
  warnings: OverviewWarning[];
  warningsSource: 'assessment' | 'derived';
  totals: { sites: number; withRun: number; scored: number; vetoed: number; defects: number };
}

export interface OverviewOptions {
  period: string | Period;
  edition?: string;
  now?: Date;
  /** How each row links to its site report. Default: `sites/<id>/report.html` (static output). */
  siteHref?: (siteId: string, runId: string) => string;
  /** Number of earlier runs (or periods when scored) in the trend. */
  trendLength?: number;
  /** false: findings-derived verdicts only, no scoring (faster; also what tests of the layout use). */
  scoring?: boolean;
}

const CST = 8 * 3600_000;
function cstDay(iso: string): string {
  return new Date(Date.parse(iso) + CST).toISOString().slice(0, 10);
}

export function groupOf(site: Pick<Site, 'group' | 'level' | 'kind'>): string {
  return site.group ?? `${site.level}${site.kind}`;
}

/**
 * Probe success per site and per Beijing day in [from, to), counted by the database: a year
 * of hourly probes for thousands of sites is millions of rows, never loaded into memory.
 */
async function probeStats(store: Store, from: string, to: string): Promise<{ perSite: Map<string, { probes: number; ok: number }>; perDay: Map<string, { probes: number; ok: number }> }> {
  const pg = store.db.dialect === 'postgres';
  const okSum = pg ? `SUM(CASE WHEN (data::jsonb->>'ok') = 'true' THEN 1 ELSE 0 END)` : `SUM(CASE WHEN json_extract(data, '$.ok') THEN 1 ELSE 0 END)`;
  const dayExpr = pg ? `to_char(at::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')` : `substr(datetime(at, '+8 hours'), 1, 10)`;
  const where = `WHERE kind = 'probe' AND at >= ? AND at < ?`;
  const [sites, days] = await Promise.all([
    store.db.all<{ k: string; n: number; ok: number | null }>(`SELECT site_id AS k, COUNT(*) AS n, ${okSum} AS ok FROM observations ${where} GROUP BY site_id`, [from, to]),
    store.db.all<{ k: string; n: number; ok: number | null }>(`SELECT ${dayExpr} AS k, COUNT(*) AS n, ${okSum} AS ok FROM observations ${where} GROUP BY ${dayExpr}`, [from, to]),
  ]);
  const toMap = (rows: Array<{ k: string; n: number; ok: number | null }>) => new Map(rows.map((r) => [String(r.k), { probes: Number(r.n), ok: Number(r.ok ?? 0) }]));
  return { perSite: toMap(sites), perDay: toMap(days) };
}

function daysOf(period: Period): string[] {
  const out: string[] = [];
  const end = Date.parse(period.to);
  for (let t = Date.parse(period.from); t < end && out.length < 400; t += 86_400_000) out.push(cstDay(new Date(t).toISOString()));
  return out;
}

async function latestAuditIn(store: Store, siteId: string, period: Period): Promise<RunRecord | undefined> {
  return (await store.runs({ siteId, kind: 'audit', status: ['complete', 'incomplete'], from: period.from, to: period.to, limit: 1 }))[0];
}

/** Defect counts of the site's last audit runs up to the period's end (the trend without scores). */
async function defectTrend(store: Store, siteId: string, period: Period, n: number): Promise<Array<{ label: string; value: number | null }>> {
  const runs = await store.runs({ siteId, kind: 'audit', status: 'complete', to: period.to, limit: n });
  const out: Array<{ label: string; value: number | null }> = [];
  for (const r of runs.reverse()) out.push({ label: cstDay(r.startedAt), value: defectsByKey((await store.findings(r.id)).map(normalizeFinding)).size });
  return out;
}

function familyCounts(m: SiteReportModel): OverviewRow['defectsByFamily'] {
  const out: OverviewRow['defectsByFamily'] = {};
  for (const c of m.checks) {
    for (const d of c.defects) {
      const f = familyOf(d.checkId);
      const cur = (out[f] ??= { veto: 0, deduct: 0, advise: 0 });
      cur[d.severity]++;
    }
  }
  return out;
}

/** Warnings the overview can derive itself when the assessment's early warnings are absent. */
function deriveWarnings(rows: OverviewRow[], period: Period): OverviewWarning[] {
  const out: OverviewWarning[] = [];
  for (const r of rows) {
    const base = { siteId: r.site.id, siteName: r.site.name, at: r.run?.startedAt ?? period.to };
    if (r.veto) out.push({ ...base, level: 'red', ruleId: 'veto', ref: r.vetoRefs.join(','), message: { zh: `单项否决：${r.vetoRefs.join('、')}`, en: `Veto indicator triggered: ${r.vetoRefs.join(', ')}` } });
    if (r.availability && r.availability.probes >= 20) {
      const fail = 1 - r.availability.ratio;
      // V-01: failures/probes ≥ 5 % is a veto; V-01w: the vendors warn from 3 %.
      if (fail >= 0.05) out.push({ ...base, level: 'red', ruleId: 'V-01', ref: 'V-01', value: fail, threshold: 0.05, message: { zh: `首页访问失败率 ${(fail * 100).toFixed(1)}%（≥5%）`, en: `Home page failure rate ${(fail * 100).toFixed(1)}% (≥ 5 %)` } });
      else if (fail >= 0.03) out.push({ ...base, level: 'orange', ruleId: 'V-01w', ref: 'V-01', value: fail, threshold: 0.03, message: { zh: `首页访问失败率 ${(fail * 100).toFixed(1)}%（≥3% 预警）`, en: `Home page failure rate ${(fail * 100).toFixed(1)}% (≥ 3 % warning)` } });
    }
    if (r.state === 'no_data') out.push({ ...base, level: 'yellow', ruleId: 'no_run', ref: '', message: { zh: '本期无完整监测数据', en: 'No audit run in this period' } });
    else if (r.run && r.run.status !== 'complete') out.push({ ...base, level: 'yellow', ruleId: 'run_incomplete', ref: '', message: { zh: '最近一次监测未完成', en: 'The latest audit run did not complete' } });
    if (r.newDefects > 0) out.push({ ...base, level: 'yellow', ruleId: 'new_defects', ref: '', value: r.newDefects, message: { zh: `新发现问题 ${r.newDefects} 个`, en: `${r.newDefects} new defects` } });
  }
  const rank = { red: 0, orange: 1, yellow: 2 };
  return out.sort((a, b) => rank[a.level] - rank[b.level] || a.siteName.localeCompare(b.siteName));
}

/**
 * Ranks a group the way the assessment does (assessment/rank.ts), so the overview and `govmon
 * score` agree: by total; vetoed sites below the others, ordered by their deduction score; a
 * provisional total (too much could not be assessed) and a site without data are listed last,
 * unranked. Without scores: by veto, then defect count.
 */
export function rankGroup(rows: OverviewRow[]): void {
  const scored = rows.every((r) => r.state !== 'findings');
  const rankable = (r: OverviewRow) => r.state !== 'no_data' && !(scored && r.provisional && !r.veto);
  const tier = (r: OverviewRow) => (r.state === 'no_data' ? 2 : rankable(r) ? 0 : 1);
  const vetoKey = (r: OverviewRow) => (r.veto ? (r.deductionScore ?? 0) : Infinity);
  rows.sort((a, b) => {
    if (tier(a) !== tier(b)) return tier(a) - tier(b);
    if (tier(a) > 0) return a.site.name.localeCompare(b.site.name);
    if (scored && a.score !== undefined && b.score !== undefined) {
      if (b.score !== a.score) return b.score - a.score;
      if (a.veto !== b.veto) return a.veto ? 1 : -1;
      return (a.veto ? (b.deductionScore ?? 0) - (a.deductionScore ?? 0) : 0) || a.site.name.localeCompare(b.site.name);
    }
    return Number(a.veto) - Number(b.veto) || a.defects - b.defects || a.site.name.localeCompare(b.site.name);
  });
  const ranked = rows.filter(rankable);
  let prevKey: string | undefined;
  let prevRank = 0;
  ranked.forEach((r, i) => {
    const key = scored && r.score !== undefined ? `${r.score}|${r.veto}|${vetoKey(r)}` : `${r.veto}|${r.defects}`;
    r.rank = key === prevKey ? prevRank : i + 1;
    prevKey = key;
    prevRank = r.rank;
  });
  for (const r of rows) if (r.state !== 'no_data') r.of = ranked.length;
}

/** Reads the store for one period and builds the overview model (no files written). */
export async function buildOverview(store: Store, opts: OverviewOptions): Promise<OverviewModel> {
  return (await buildOverviewWithScores(store, opts)).model;
}

/** The overview plus each scored site's score summary, so the site reports written with it need not score again. */
async function buildOverviewWithScores(store: Store, opts: OverviewOptions): Promise<{ model: OverviewModel; summaries: Map<string, ScoreSummary> }> {
  const summaries = new Map<string, ScoreSummary>();
  const now = opts.now ?? new Date();
  const period = typeof opts.period === 'string' ? parsePeriod(opts.period, now) : opts.period;
  const prev = previousPeriod(period);
  const sites = await store.listSites();
  const probes = await probeStats(store, period.from, period.to);
  const href = opts.siteHref ?? ((id: string) => `sites/${encodeURIComponent(id)}/report.html`);
  const trendN = opts.trendLength ?? 6;
  const scoring = opts.scoring === false ? undefined : await scorePeriod(store, sites, period, prev, opts.edition);

  const rows: OverviewRow[] = [];
  // Older periods' scores come from the cache only (filled by `govmon score --save`), read once per period.
  const history: Array<Map<string, import('../model/score.ts').SiteScore>> = [];
  for (const site of sites) {
    const run = await latestAuditIn(store, site.id, period);
    const av = probes.perSite.get(site.id);
    const row: OverviewRow = {
      site: { id: site.id, name: site.name, url: site.url, group: groupOf(site), level: site.level, kind: site.kind, region: site.region },
      state: 'no_data',
      veto: false,
      vetoRefs: [],
      vetoReviewRefs: [],
      defects: 0,
      newDefects: 0,
      fixedDefects: 0,
      cannotAssess: 0,
      defectsByFamily: {},
      availability: av ? { ...av, ratio: av.ok / av.probes } : undefined,
      trend: [],
      trendKind: 'defects',
    };
    if (run) {
      try {
        const cur = scoring?.current.get(site.id);
        const summary = cur ? summaryOf(cur, scoring?.previous.get(site.id)) : undefined;
        if (summary) summaries.set(site.id, summary);
        const m = await buildSiteReport(store, run.id, { crawl: false, now, score: summary });
        row.run = { id: run.id, status: run.status, startedAt: run.startedAt, finishedAt: run.finishedAt };
        row.state = m.verdict.source === 'score' ? 'scored' : 'findings';
        row.score = m.verdict.score;
        if (summary?.deduction) row.deductionScore = summary.deduction.score;
        row.grade = m.verdict.grade;
        row.gradeName = m.verdict.gradeName;
        row.passed = m.verdict.passed;
        row.provisional = m.verdict.provisional;
        row.veto = m.verdict.veto;
        row.vetoRefs = m.verdict.vetoRefs;
        row.vetoReviewRefs = m.verdict.vetoReviewRefs;
        row.defects = m.verdict.defects;
        row.newDefects = m.verdict.newDefects;
        row.fixedDefects = m.verdict.fixedDefects;
        row.cannotAssess = m.verdict.cannotAssess;
        row.defectsByFamily = familyCounts(m);
        row.href = href(site.id, run.id);
        if (row.score !== undefined && summary?.previousScore !== undefined) {
          row.previousScore = summary.previousScore;
          row.change = Math.round((row.score - summary.previousScore) * 10) / 10;
        }
      } catch (e) {
        // One unreadable run must not take the whole overview down.
        log.warn({ siteId: site.id, runId: run.id, err: (e as Error).message }, 'overview: run skipped');
      }
    }
    if (row.state === 'scored' && scoring) {
      row.trendKind = 'score';
      const hist: Array<{ label: string; value: number | null }> = [];
      let p = period;
      for (let i = 0; i < trendN; i++) {
        const s = i === 0 ? scoring.current.get(site.id) : i === 1 ? scoring.previous.get(site.id) : (history[i] ??= await scoring.cached(p)).get(site.id);
        hist.unshift({ label: p.label, value: s?.total ?? null });
        p = previousPeriod(p);
      }
      row.trend = hist;
    }
    // Without a score history (nothing cached for earlier periods) the defect count per run
    // is the trend that can be shown.
    if (row.state !== 'no_data' && row.trend.filter((p) => p.value !== null).length < 2) {
      row.trendKind = 'defects';
      row.trend = await defectTrend(store, site.id, period, trendN);
    }
    rows.push(row);
  }

  const groupsMap = new Map<string, OverviewRow[]>();
  for (const r of rows) groupsMap.set(r.site.group, [...(groupsMap.get(r.site.group) ?? []), r]);
  const groups = [...groupsMap.entries()].sort((a, b) => a[0].localeCompare(b[0], 'zh-CN')).map(([name, rs]) => {
    rankGroup(rs);
    // A provisional total is not a measurement of the site; it would pull the mean either way.
    const scored = rs.filter((r) => r.score !== undefined && !r.provisional);
    const stats: GroupStats = {
      sites: rs.length,
      withRun: rs.filter((r) => r.state !== 'no_data').length,
      vetoed: rs.filter((r) => r.veto).length,
      meanScore: scored.length ? Math.round((scored.reduce((n, r) => n + r.score!, 0) / scored.length) * 10) / 10 : undefined,
      defects: rs.reduce((n, r) => n + r.defects, 0),
    };
    return { name, rows: rs, stats };
  });

  const days = daysOf(period);
  const okPercent = days.map((d) => {
    const s = probes.perDay.get(d);
    return s && s.probes ? Math.round((s.ok / s.probes) * 1000) / 10 : null;
  });
  const derived = deriveWarnings(rows, period);
  let warnings = derived;
  if (scoring) {
    // The assessment's warnings (veto, thresholds, score drops, new defects) plus the ones only
    // the overview knows about: sites without a usable run.
    const rank = { red: 0, orange: 1, yellow: 2 };
    const assessed: OverviewWarning[] = (await scoring.warnings(sites, now)).map((w) => ({
      level: w.level,
      siteId: w.siteId,
      siteName: w.siteName,
      ruleId: w.ruleId,
      ref: w.ref,
      message: w.message,
      value: w.value,
      threshold: w.threshold,
      at: w.at,
    }));
    warnings = [...assessed, ...derived.filter((w) => w.ruleId === 'no_run' || w.ruleId === 'run_incomplete')].sort(
      (a, b) => rank[a.level] - rank[b.level] || a.siteName.localeCompare(b.siteName),
    );
  }
  const model: OverviewModel = {
    schema: OVERVIEW_SCHEMA,
    generatedAt: now.toISOString(),
    period,
    edition: scoring ? `${scoring.edition.id} ${scoring.edition.version} · ${scoring.edition.title.zh}` : opts.edition,
    groups,
    availability: { days, okPercent, probes: [...probes.perDay.values()].reduce((n, s) => n + s.probes, 0) },
    warnings,
    warningsSource: scoring ? 'assessment' : 'derived',
    totals: {
      sites: rows.length,
      withRun: rows.filter((r) => r.state !== 'no_data').length,
      scored: rows.filter((r) => r.state === 'scored').length,
      vetoed: rows.filter((r) => r.veto).length,
      defects: rows.reduce((n, r) => n + r.defects, 0),
    },
  };
  return { model, summaries };
}

export interface OverviewFiles {
  html: string;
  json: string;
  markdown: string;
  siteReports: string[];
}

/**
 * Writes `index.html` and `overview.json` to outDir and, unless `siteReports` is false, each
 * site's report for its latest run of the period under `sites/<id>/`, linked from the table.
 */
export async function writeOverview(
  store: Store,
  opts: { period: string | Period; edition?: string; outDir: string; siteReports?: boolean; lang?: Lang; now?: Date; dataDir?: string; scoring?: boolean },
): Promise<OverviewFiles> {
  const { model, summaries } = await buildOverviewWithScores(store, { period: opts.period, edition: opts.edition, now: opts.now, scoring: opts.scoring });
  await mkdir(opts.outDir, { recursive: true });
  const siteReports: string[] = [];
  if (opts.siteReports !== false) {
    for (const g of model.groups) {
      for (const r of g.rows) {
        if (!r.run) continue;
        try {
          const files = await writeSiteReport(store, r.run.id, join(opts.outDir, 'sites', r.site.id), {
            lang: opts.lang,
            now: opts.now,
            dataDir: opts.dataDir,
            overviewHref: '../../index.html',
            edition: opts.edition,
            // The period's score, as ranked here; null keeps the site report from scoring again.
            score: summaries.get(r.site.id) ?? null,
          });
          siteReports.push(files.html);
        } catch (e) {
          log.warn({ siteId: r.site.id, runId: r.run.id, err: (e as Error).message }, 'overview: site report failed');
          r.href = undefined;
        }
      }
    }
  }
  const files = { html: join(opts.outDir, 'index.html'), json: join(opts.outDir, 'overview.json'), markdown: join(opts.outDir, 'overview.md'), siteReports };
  await writeFile(files.html, renderOverviewHtml(model, { lang: opts.lang }));
  const written = new Set(siteReports.map((f) => f.split(/[\\/]/).at(-2)));
  await writeFile(files.markdown, renderOverviewMarkdown(model, opts.lang ?? 'zh', (id) => (written.has(id) ? `sites/${encodeURIComponent(id)}/report.md` : undefined)));
  await writeFile(files.json, JSON.stringify(model, null, 2) + '\n');
  log.info({ period: model.period.label, sites: model.totals.sites, out: files.html }, 'overview written');
  return files;
}
