/**
 * Turns one stored run into findings: builds the check context from the store, runs every
 * registered check (or the ones a methodology edition selects, with its options) and stores
 * the findings with the run. Pure checks make this repeatable on any stored run.
 */
import type { Store } from '../store/store.ts';
import type { Finding } from '../model/finding.ts';
import type { Site } from '../model/site.ts';
import { allChecks } from './registry.ts';
import { runChecks } from './run.ts';

export interface EvaluateOptions {
  /** "As of" time for the checks; defaults to the run's finish (or start) time. */
  now?: Date;
  /** Restrict to these check ids. */
  only?: string[];
  optionsById?: Record<string, Record<string, unknown>>;
  /** Store the findings with the run (default true). */
  persist?: boolean;
}

export async function evaluateRun(store: Store, site: Site, runId: string, opts: EvaluateOptions = {}): Promise<Finding[]> {
  const run = await store.getRun(runId);
  if (!run) throw new Error(`no run ${runId}`);
  const now = opts.now ?? new Date(run.finishedAt ?? run.heartbeatAt ?? run.startedAt);
  const ctx = await store.checkContext(site, [runId], now);
  let checks = await allChecks();
  if (opts.only) checks = checks.filter((c) => opts.only!.includes(c.id));
  const findings = runChecks(checks, ctx, opts.optionsById);
  if (opts.persist !== false) await store.replaceFindings(runId, site.id, findings);
  return findings;
}
