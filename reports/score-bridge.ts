/**
 * The link to engineer "assessment"'s scoring (assessment/score.ts, model/score.ts). Reports
 * must render before, and without, a score: when the module is absent or fails, the verdict
 * falls back to what the findings say (veto-candidate count), and this returns undefined.
 */
import { existsSync } from 'node:fs';
import type { Store, RunRecord } from '../store/store.ts';
import type { ScoreSummary } from './model.ts';
import { log } from '../lib/log.ts';

const SCORE_MODULE = new URL('../assessment/score.ts', import.meta.url);

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
