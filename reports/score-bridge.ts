/**
 * The link to engineer "assessment"'s scoring (assessment/score.ts, assessment/warnings.ts,
 * assessment/cache.ts, config/methodology.ts). Reports must render without a score: the
 * modules are imported lazily and any failure (module missing or broken, edition invalid,
 * scoring error) falls back to the findings-derived verdict. A report at the end of an
 * audit must never fail because scoring did.
 */
import type { Store, RunRecord } from '../store/store.ts';
import type { Check } from '../model/finding.ts';
import type { EarlyWarning, Period, SiteScore } from '../model/score.ts';
import type { Site } from '../model/site.ts';
import type { ScoreSummary } from './model.ts';
import { log } from '../lib/log.ts';

export const DEFAULT_EDITION = 'gb-2019';

type ScoreMod = typeof import('../assessment/score.ts');
type WarnMod = typeof import('../assessment/warnings.ts');
type CacheMod = typeof import('../assessment/cache.ts');
type MethMod = typeof import('../config/methodology.ts');
type RankMod = typeof import('../assessment/rank.ts');
type ExportMod = typeof import('../assessment/export.ts');
type ImportMod = typeof import('../assessment/import.ts');
type Edition = import('../config/methodology.ts').Edition;

interface Api {
  score: ScoreMod;
  warnings: WarnMod;
  cache: CacheMod;
  methodology: MethMod;
  rank: RankMod;
  exporter: ExportMod;
  importer: ImportMod;
  checks: Check[];
}

let apiPromise: Promise<Api | undefined> | undefined;

async function api(): Promise<Api | undefined> {
  apiPromise ??= (async () => {
    try {
      const [score, warnings, cache, methodology, rank, exporter, importer, registry] = await Promise.all([
        import('../assessment/score.ts'),
        import('../assessment/warnings.ts'),
        import('../assessment/cache.ts'),
        import('../config/methodology.ts'),
        import('../assessment/rank.ts'),
        import('../assessment/export.ts'),
        import('../assessment/import.ts'),
        import('../checks/registry.ts'),
      ]);
      return { score, warnings, cache, methodology, rank, exporter, importer, checks: await registry.allChecks() };
    } catch (e) {
      log.warn({ err: (e as Error).message }, 'scoring modules unavailable; reports show the findings-derived verdict');
      // Try again on the next report: a long-running `govmon serve` should pick scoring up
      // once the modules load.
      apiPromise = undefined;
      return undefined;
    }
  })();
  return apiPromise;
}

const editions = new Map<string, Edition>();
async function edition(a: Api, id: string): Promise<Edition> {
  let ed = editions.get(id);
  if (!ed) {
    ed = a.methodology.loadEdition(id, { checks: a.checks });
    editions.set(id, ed);
  }
  return ed;
}

export function summaryOf(s: SiteScore, previous?: SiteScore): ScoreSummary {
  return {
    score: s.total ?? undefined,
    grade: s.grade?.name?.zh,
    gradeName: s.grade?.name,
    passed: s.grade?.passed,
    veto: s.veto.vetoed,
    vetoRefs: s.veto.indicators.map((i) => i.ref),
    previousScore: previous?.total ?? undefined,
    edition: `${s.edition.id} ${s.edition.version}`,
    editionTitle: s.edition.title,
    provisional: s.provisional,
    indicators: s.indicators.map((i) => ({
      id: i.id,
      ref: i.ref,
      name: i.name,
      part: i.part,
      points: i.points,
      deduction: i.deduction,
      awarded: i.awarded,
      status: i.status,
      explanation: i.explanation,
    })),
    deduction: { score: s.deduction.score, rescaleFactor: s.deduction.rescaleFactor },
    bonus: { points: s.bonus.points, eligible: s.bonus.eligible },
  };
}

const CST = 8 * 3600_000;
function monthStart(iso: string): { label: string; from: string } {
  const t = new Date(Date.parse(iso) + CST);
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth();
  return { label: `${y}-${String(m + 1).padStart(2, '0')}`, from: new Date(Date.UTC(y, m, 1) - CST).toISOString() };
}

/**
 * The score "as of" a run: its month up to and including the run, so the scorer picks this
 * run as the period's audit (and the month's render/lighthouse runs before it).
 */
function asOfRun(run: RunRecord): Period {
  const m = monthStart(run.startedAt);
  return { label: m.label, kind: 'range', from: m.from, to: new Date(Date.parse(run.startedAt) + 1).toISOString() };
}

/** Score of one run and of the previous run (for the change), for the site report's verdict. */
export async function loadScore(store: Store, run: RunRecord, editionId = DEFAULT_EDITION): Promise<ScoreSummary | undefined> {
  if (run.kind !== 'audit') return undefined;
  const a = await api();
  if (!a) return undefined;
  try {
    const site = await store.getSite(run.siteId);
    if (!site) return undefined;
    const ed = await edition(a, editionId);
    const current = await a.score.scoreSite(store, site, asOfRun(run), ed, { checks: a.checks });
    // The scorer picks the period's latest usable audit: for a failed run that is an older one,
    // whose score must not be shown as this run's.
    if (current.state !== 'scored' || current.runIds[0] !== run.id) return undefined;
    const older = (await store.runs({ siteId: run.siteId, kind: 'audit', status: 'complete', to: run.startedAt, limit: 2 })).find((r) => r.id !== run.id);
    const previous = older ? await a.score.scoreSite(store, site, asOfRun(older), ed, { checks: a.checks }) : undefined;
    return summaryOf(current, previous?.state === 'scored' && previous.runIds[0] === older?.id ? previous : undefined);
  } catch (e) {
    log.warn({ runId: run.id, siteId: run.siteId, err: (e as Error).message }, 'scoring failed for report; showing findings-derived verdict');
    return undefined;
  }
}

export interface PeriodScoring {
  edition: { id: string; version: string; title: { zh: string; en: string } };
  current: Map<string, SiteScore>;
  previous: Map<string, SiteScore>;
  /** Cached scores of an earlier period (no recomputation: `govmon score --save` fills the cache). */
  cached(period: Period): Promise<Map<string, SiteScore>>;
  warnings(sites: Site[], now: Date): Promise<EarlyWarning[]>;
}

/**
 * Scores every site for a period and the one before, reusing cached scores whose audit run is
 * still the period's latest. Undefined when scoring is unavailable.
 */
export async function scorePeriod(store: Store, sites: Site[], period: Period, previousPeriod: Period, editionId = DEFAULT_EDITION): Promise<PeriodScoring | undefined> {
  const a = await api();
  if (!a) return undefined;
  let ed: Edition;
  try {
    ed = await edition(a, editionId);
  } catch (e) {
    log.warn({ edition: editionId, err: (e as Error).message }, 'methodology edition unavailable; overview shows findings only');
    return undefined;
  }
  const scoreAll = async (p: Period): Promise<Map<string, SiteScore>> => {
    const cache = new Map<string, SiteScore>();
    try {
      for (const s of await a.cache.cachedScores(store, { editionId: ed.id, editionVersion: ed.version, period: p.label })) cache.set(s.siteId, s);
    } catch {
      // No cache table yet (older store): compute everything.
    }
    const out = new Map<string, SiteScore>();
    const computed: SiteScore[] = [];
    for (const site of sites) {
      try {
        const { audit } = await a.score.selectRuns(store, site.id, p);
        if (!audit) continue;
        const hit = cache.get(site.id);
        let s: SiteScore;
        if (hit && hit.runIds[0] === audit.id) s = hit;
        else {
          s = await a.score.scoreSite(store, site, p, ed, { checks: a.checks });
          computed.push(s);
        }
        if (s.state === 'scored') out.set(site.id, s);
      } catch (e) {
        log.warn({ siteId: site.id, period: p.label, err: (e as Error).message }, 'overview: scoring failed for site');
      }
    }
    // Keep what was computed (the same cache `govmon score --save` fills) so the next overview
    // of this period only scores sites with a newer audit run.
    if (computed.length) await a.cache.saveScores(store, computed).catch((e: Error) => log.warn({ err: e.message }, 'score cache not written'));
    return out;
  };
  const current = await scoreAll(period);
  const previous = await scoreAll(previousPeriod);
  return {
    edition: { id: ed.id, version: ed.version, title: ed.title },
    current,
    previous,
    async cached(p: Period) {
      const m = new Map<string, SiteScore>();
      try {
        for (const s of await a.cache.cachedScores(store, { editionId: ed.id, editionVersion: ed.version, period: p.label })) if (s.state === 'scored') m.set(s.siteId, s);
      } catch {
        // no cache: no history
      }
      return m;
    },
    async warnings(list: Site[], now: Date) {
      const out: EarlyWarning[] = [];
      for (const site of list) {
        try {
          const cur = current.get(site.id);
          if (!cur) continue;
          out.push(...(await a.warnings.siteWarnings(store, site, period, ed, { checks: a.checks, current: cur, previous: previous.get(site.id), now })));
        } catch (e) {
          log.warn({ siteId: site.id, err: (e as Error).message }, 'overview: warnings failed for site');
        }
      }
      return out;
    },
  };
}

/**
 * The assessment's review export (assessment/export.ts: per site or per indicator, with ranks,
 * combined results and the finding keys behind every point) for a period; undefined when
 * scoring is unavailable, so the caller can fall back to the overview's own export.
 */
export async function exportPeriod(
  store: Store,
  period: Period,
  previous: Period,
  format: 'csv' | 'json',
  by: 'site' | 'indicator',
  editionId = DEFAULT_EDITION,
): Promise<string | undefined> {
  const a = await api();
  if (!a) return undefined;
  const sites = await store.listSites();
  const sc = await scorePeriod(store, sites, period, previous, editionId);
  if (!sc) return undefined;
  const ed = await edition(a, editionId);
  const scores: SiteScore[] = [];
  // Sites without a scored audit still get their (no_data) row, as `govmon export` gives them.
  for (const site of sites) scores.push(sc.current.get(site.id) ?? (await a.score.scoreSite(store, site, period, ed, { checks: a.checks })));
  const ranks = a.rank.rankScores(scores, 'group', [...sc.previous.values()]);
  const ext = await a.importer.externalScores(store, period.label).catch(() => []);
  const combined = ext.length ? scores.map((x) => a.rank.combine(x, ext, ed)).filter((c) => c !== undefined) : [];
  return a.exporter.exportScores({ scores, ranks, combined }, format, by);
}
