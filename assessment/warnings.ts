/**
 * 预警 (early warnings) for evaluators and maintainers, each with its evidence:
 * - a veto indicator fired (red);
 * - an indicator crossed a warning threshold below its veto: the edition's `warnings.rules`
 *   re-run a check with lower thresholds (V-01w ≥ 3 %, V-02w 10 days, V-03c ≥ 3 empty columns) or
 *   look at the last N probes (V-01w: 2 consecutive failures);
 * - the total dropped by more than `warnings.score_drop` since the previous period;
 * - defects present in the latest audit run and absent from the one before (finding keys compared).
 *
 * Everything is computed from stored observations with the edition's checks, like the score.
 */
import type { Store, RunRecord } from '../store/store.ts';
import type { Check, Finding } from '../model/finding.ts';
import type { Site } from '../model/site.ts';
import type { EarlyWarning, FindingRef, Period, SiteScore } from '../model/score.ts';
import { failureBlame } from '../model/observation.ts';
import type { Edition } from '../config/methodology.ts';
import { checkOptions } from '../config/methodology.ts';
import { allChecks } from '../checks/registry.ts';
import { runCheck } from '../checks/run.ts';
import { findingKey, isDefect, runTime, scoreSite, selectRuns } from './score.ts';
import { previousPeriod } from './period.ts';

export interface WarningOptions {
  checks?: Check[];
  /** Scores already computed for this period and the previous one (saves re-scoring). */
  current?: SiteScore;
  previous?: SiteScore;
  /** The instant the consecutive-probe rule looks back from (default: now, capped at the period end). */
  now?: Date;
}

const LEVEL_ORDER = { red: 0, orange: 1, yellow: 2 } as const;

function fref(f: Finding, runId: string): FindingRef {
  const r: FindingRef = { checkId: f.checkId, key: findingKey(f), status: f.status, runId };
  if (f.evidence[0]?.url) r.url = f.evidence[0].url;
  if (f.measure !== undefined) r.measure = f.measure;
  if (f.message?.zh) r.message = f.message.zh.slice(0, 160);
  if (isDefect(f)) r.defect = true;
  return r;
}

/** The defects a report lists for a run: each check's individual defects, or its failing summary when it lists none. */
function reportedDefects(findings: Finding[]): Finding[] {
  const byCheck = new Map<string, Finding[]>();
  for (const f of findings) byCheck.set(f.checkId, [...(byCheck.get(f.checkId) ?? []), f]);
  const out: Finding[] = [];
  for (const list of byCheck.values()) {
    const defects = list.filter((f) => isDefect(f) && (f.status === 'fail' || f.status === 'warn'));
    if (defects.length) out.push(...defects);
    else out.push(...list.filter((f) => !isDefect(f) && (f.status === 'fail' || f.status === 'warn')));
  }
  return out;
}

async function runContext(store: Store, site: Site, run: RunRecord, edition: Edition) {
  return store.checkContext(site, [run.id], new Date(runTime(run)), edition.scoring.probe_days);
}

/** Early warnings for one site in a period under an edition. */
export async function siteWarnings(store: Store, site: Site, period: Period, edition: Edition, opts: WarningOptions = {}): Promise<EarlyWarning[]> {
  const checks = opts.checks ?? (await allChecks());
  const byId = new Map(checks.map((c) => [c.id, c]));
  const out: EarlyWarning[] = [];
  const current = opts.current ?? (await scoreSite(store, site, period, edition, { checks }));
  const base = { siteId: site.id, siteName: site.name };

  // 1. vetoes that fired
  for (const v of current.veto.indicators)
    out.push({
      ...base,
      kind: 'veto',
      level: 'red',
      ruleId: v.id,
      ref: v.ref,
      message: { zh: `单项否决：${v.name.zh}`, en: `Veto: ${v.name.en}` },
      runIds: current.runIds,
      findings: v.findings,
      at: current.asOf,
    });
  const vetoedChecks = new Set(current.indicators.filter((i) => i.status === 'vetoed').flatMap((i) => i.checks));

  // 2. warning thresholds
  const { audit } = await selectRuns(store, site.id, period);
  const ctx = audit ? await runContext(store, site, audit, edition) : undefined;
  const editionOpts = checkOptions(edition);
  for (const rule of edition.warnings.rules) {
    if (rule.consecutive_probe_failures) {
      const n = rule.consecutive_probe_failures;
      const nowIso = (opts.now ?? new Date()).toISOString();
      const to = period.to < nowIso ? period.to : nowIso;
      const from = new Date(Date.parse(to) - edition.scoring.probe_days * 86_400_000).toISOString();
      const probes = await store.observationsInWindow(site.id, ['probe'], from, to);
      const last = probes.slice(-n);
      // Probes we were blocked on say nothing about the site: they break the run of failures.
      if (last.length === n && last.every((p) => !p.ok && p.failure && failureBlame(p.failure.class) === 'site'))
        out.push({
          ...base,
          kind: 'threshold',
          level: rule.level,
          ruleId: rule.id,
          ref: rule.ref,
          message: rule.message,
          value: n,
          threshold: n,
          runIds: [],
          findings: last.map((p) => ({ checkId: 'probe', key: `probe|${p.at}`, status: 'fail', runId: '', url: p.url, message: `${p.at} ${p.failure?.class}: ${p.failure?.message}` })),
          at: last[last.length - 1].at,
        });
      continue;
    }
    const check = rule.check ? byId.get(rule.check) : undefined;
    if (!check || !ctx || !audit || vetoedChecks.has(check.id)) continue;
    const fs = runCheck(check, ctx, { ...(editionOpts[check.id] ?? {}), ...rule.options });
    const summary = fs.find((f) => findingKey(f) === check.id) ?? fs[0];
    // warn counts too: a veto check re-run with a lower threshold that says "warn" (e.g. an
    // incomplete probe window already over the line) is exactly what an early warning is for.
    if (summary?.status === 'fail' || summary?.status === 'warn')
      out.push({
        ...base,
        kind: 'threshold',
        level: rule.level,
        ruleId: rule.id,
        ref: rule.ref,
        message: rule.message,
        ...(summary.measure !== undefined ? { value: summary.measure } : {}),
        ...(firstNumber(rule.options) !== undefined ? { threshold: firstNumber(rule.options) } : {}),
        runIds: [audit.id],
        findings: fs.filter((f) => f.status === 'fail' || f.status === 'warn').slice(0, 20).map((f) => fref(f, audit.id)),
        at: runTime(audit),
      });
  }

  // 3. score drop since the previous period
  const prev = opts.previous ?? (await scoreSite(store, site, previousPeriod(period), edition, { checks }));
  if (current.total !== null && prev.total !== null && prev.total - current.total > edition.warnings.score_drop) {
    const drop = Math.round((prev.total - current.total) * 100) / 100;
    const worse = current.indicators.filter((i) => {
      const p = prev.indicators.find((x) => x.id === i.id);
      return p && (i.deduction > p.deduction || (i.status === 'vetoed' && p.status !== 'vetoed'));
    });
    out.push({
      ...base,
      kind: 'score_drop',
      level: 'orange',
      ruleId: 'score_drop',
      ref: worse[0]?.ref ?? '',
      message: {
        zh: `总分由 ${prev.total} 降至 ${current.total}（下降 ${drop} 分），变化指标：${worse.map((i) => i.id).join('、') || '—'}`,
        en: `Total fell from ${prev.total} to ${current.total} (−${drop}); indicators that got worse: ${worse.map((i) => i.id).join(', ') || '—'}`,
      },
      value: drop,
      threshold: edition.warnings.score_drop,
      runIds: [...current.runIds, ...prev.runIds],
      findings: worse.flatMap((i) => i.findings.filter((f) => f.status === 'fail')).slice(0, 20),
      at: current.asOf,
    });
  }

  // 4. defects new since the previous audit run. Counted from the findings stored with each run,
  // as the maintainer's report counts them (individual defects, or the summary of a check that
  // lists none; previous = the latest complete audit before), so "N new" here is the report's
  // 新发现 N; and no run is evaluated again (this was two full check runs per site).
  const latest = (await store.runs({ siteId: site.id, kind: 'audit', status: ['complete', 'incomplete'], to: period.to, limit: 1 }))[0];
  const before = latest ? (await store.runs({ siteId: site.id, kind: 'audit', status: 'complete', to: latest.startedAt, limit: 5 })).find((r) => r.id !== latest.id) : undefined;
  if (latest && before) {
    const [nowF, prevF] = await Promise.all([store.findings(latest.id), store.findings(before.id)]);
    const prevKeys = new Set(reportedDefects(prevF).map(findingKey));
    const fresh = reportedDefects(nowF).filter((f) => !prevKeys.has(findingKey(f)) && f.severity !== 'advise');
    if (fresh.length) {
      // Red only for new defects of a veto check that fired: a 应更新未更新 column below the line of 10 is a veto-class defect, not a veto.
      const fired = new Set(nowF.filter((f) => f.severity === 'veto' && f.status === 'fail' && !isDefect(f)).map((f) => f.checkId));
      const vetoFresh = fresh.filter((f) => f.severity === 'veto' && f.status === 'fail' && fired.has(f.checkId));
      // The rows the new problems fall under, veto rows first: the first finding's row alone
      // (e.g. G-03) made a red warning look like it was about that one indicator.
      const refs = [...new Set([...vetoFresh, ...fresh].map((f) => f.ref).filter(Boolean))];
      const shown = refs.slice(0, 4).join(',') + (refs.length > 4 ? ',…' : '');
      out.push({
        ...base,
        kind: 'new_defects',
        level: vetoFresh.length ? 'red' : 'yellow',
        ruleId: 'new_defects',
        ref: shown,
        message: vetoFresh.length
          ? { zh: `较上次监测新增 ${fresh.length} 个问题，其中 ${vetoFresh.length} 个属单项否决指标（${[...new Set(vetoFresh.map((f) => f.ref))].join('、')}）`, en: `${fresh.length} new problem(s) since the previous audit, ${vetoFresh.length} under veto indicators (${[...new Set(vetoFresh.map((f) => f.ref))].join(', ')})` }
          : { zh: `较上次监测新增 ${fresh.length} 个问题（${refs.join('、')}）`, en: `${fresh.length} new problem(s) since the previous audit (${refs.join(', ')})` },
        value: fresh.length,
        runIds: [latest.id, before.id],
        findings: fresh.slice(0, 50).map((f) => fref(f, latest.id)),
        at: runTime(latest),
      });
    }
  }
  return out.sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.ruleId.localeCompare(b.ruleId));
}

function firstNumber(o: Record<string, unknown>): number | undefined {
  for (const v of Object.values(o)) if (typeof v === 'number') return v;
  return undefined;
}

/** Warnings for many sites, most severe first; a site that fails to evaluate is logged by the caller. */
export async function warningsFor(store: Store, sites: Site[], period: Period, edition: Edition, opts: { checks?: Check[]; now?: Date } = {}): Promise<EarlyWarning[]> {
  const checks = opts.checks ?? (await allChecks());
  const all: EarlyWarning[] = [];
  for (const s of sites) all.push(...(await siteWarnings(store, s, period, edition, { checks, now: opts.now })));
  return all.sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.siteId.localeCompare(b.siteId));
}
