/**
 * The link to engineer "assessment"'s scoring (assessment/score.ts, assessment/warnings.ts,
 * model/score.ts). Reports must render before, and without, a score: when a module is absent
 * or fails, the verdict falls back to what the findings say (veto-candidate count) and these
 * functions return undefined.
 */
import { existsSync } from 'node:fs';
import type { Store, RunRecord } from '../store/store.ts';
import type { Period, SiteScore } from '../model/score.ts';
import type { Site } from '../model/site.ts';
import type { ScoreSummary } from './model.ts';
import type { OverviewWarning } from './overview.ts';
import { log } from '../lib/log.ts';

const SCORE_MODULE = new URL('../assessment/score.ts', import.meta.url);
const WARNINGS_MODULE = new URL('../assessment/warnings.ts', import.meta.url);

export interface PeriodScore {
  summary: ScoreSummary;
  passed?: boolean;
  provisional?: boolean;
  score: SiteScore;
}

export function summaryOf(s: SiteScore, previous?: SiteScore): ScoreSummary {
  return {
    score: s.total ?? undefined,
    grade: s.grade?.name?.zh,
    veto: s.veto.vetoed,
    vetoRefs: s.veto.indicators.map((i) => i.ref),
    previousScore: previous?.total ?? undefined,
    edition: `${s.edition.id} ${s.edition.version}`,
  };
}

/** Score of the period a run belongs to, for the site report's verdict. */
export async function loadScore(_store: Store, run: RunRecord): Promise<ScoreSummary | undefined> {
  if (!existsSync(SCORE_MODULE)) return undefined;
  try {
    await import(SCORE_MODULE.href);
    // The scoring API is wired in once assessment/score.ts lands; until then no score.
    return undefined;
  } catch (e) {
    log.warn({ runId: run.id, err: (e as Error).message }, 'scoring unavailable for report');
    return undefined;
  }
}

/** Scores of many sites for one period, by site id; undefined when scoring is unavailable. */
export async function loadPeriodScores(_store: Store, _sites: Site[], _period: Period, _edition?: string): Promise<Map<string, PeriodScore> | undefined> {
  if (!existsSync(SCORE_MODULE)) return undefined;
  return undefined;
}

/** The assessment's early warnings for the period; undefined when unavailable. */
export async function loadWarnings(_store: Store, _sites: Site[], _period: Period, _edition?: string): Promise<OverviewWarning[] | undefined> {
  if (!existsSync(WARNINGS_MODULE)) return undefined;
  return undefined;
}
