/**
 * Applies a methodology edition to one site and one period (国办秘函〔2019〕19号 附件1, cn-indicators §1):
 *
 * 1. pick the site's runs in the period (the latest audit, plus the latest render/lighthouse runs and
 *    the re-checks after that audit) and the availability probes of `probe_days` before it;
 * 2. re-run the pure checks over those stored observations with the edition's options
 *    (checks/run.ts), so a new edition re-scores history without re-crawling;
 * 3. turn findings into indicator results: vetoes, deductions capped at each indicator's points
 *    (「单项扣分不超过该指标分值」), N/A indicators removed and the deduction part rescaled to its
 *    total (a department without services: out of 75, × 4/3), indicators that could not be assessed
 *    kept apart from defects, bonus only above the bonus line and only for the kinds the edition names.
 *
 * Deterministic: the same observations and the same edition give the same SiteScore (the "as of"
 * instant is the audit run's own time, never the clock).
 */
import type { Store, RunRecord } from '../store/store.ts';
import type { Check, Finding, Text } from '../model/finding.ts';
import type { Site } from '../model/site.ts';
import type {
  FindingRef,
  Grade,
  IndicatorResult,
  IndicatorStatus,
  Period,
  ReviewDecision,
  SiteScore,
  VetoOutcome,
} from '../model/score.ts';
import { SCORE_SCHEMA_VERSION } from '../model/score.ts';
import { allChecks } from '../checks/registry.ts';
import { runChecks } from '../checks/run.ts';
import type { Edition, ResolvedIndicator } from '../config/methodology.ts';
import { applies, checkOptions, editionCheckIds, editionRef } from '../config/methodology.ts';
import { log } from '../lib/log.ts';
import { applyReview, reviewDecisions } from './reviews.ts';

/** Most defect findings listed per indicator in a score (the count is always exact). */
export const MAX_DEFECT_REFS = 100;

export interface ScoreOptions {
  /** The checks to run; defaults to every registered check (checks/registry.ts). */
  checks?: Check[];
}

export interface SelectedRuns {
  /** The audit run whose pages, links and TLS facts are scored (the latest in the period). */
  audit?: RunRecord;
  /** Other runs merged in: the latest render and lighthouse runs, and re-checks after the audit. */
  extra: RunRecord[];
}

const USABLE: RunRecord['status'][] = ['complete', 'incomplete'];

/** The runs of a site that a period's score is built from. */
export async function selectRuns(store: Store, siteId: string, period: Period): Promise<SelectedRuns> {
  const runs = await store.runs({ siteId, status: USABLE, from: period.from, to: period.to });
  const audit = runs.find((r) => r.kind === 'audit');
  const extra: RunRecord[] = [];
  for (const kind of ['render', 'lighthouse'] as const) {
    const r = runs.find((x) => x.kind === kind);
    if (r) extra.push(r);
  }
  if (audit) extra.push(...runs.filter((r) => r.kind === 'recheck' && r.startedAt >= audit.startedAt));
  return { audit, extra };
}

export function runTime(r: RunRecord): string {
  return r.finishedAt ?? r.heartbeatAt ?? r.startedAt;
}

export function siteGroup(site: Site): string {
  return site.group ?? (site.kind.startsWith(site.level) ? site.kind : `${site.level}${site.kind}`);
}

/**
 * Scores one site for one period under one edition, re-running the checks over the stored
 * observations. A period without an audit run gives `state: 'no_data'` and a null total.
 */
export async function scoreSite(store: Store, site: Site, period: Period, edition: Edition, opts: ScoreOptions = {}): Promise<SiteScore> {
  const { audit, extra } = await selectRuns(store, site.id, period);
  if (!audit) return noDataScore(site, period, edition);
  const asOf = new Date(runTime(audit));
  const runIds = [audit.id, ...extra.map((r) => r.id)];
  const ctx = await store.checkContext(site, runIds, asOf, edition.scoring.probe_days);
  // Lighthouse runs monthly (the browser job) while crawls are weekly: a crawl without Lighthouse
  // results borrows those of the latest audit within `browser_days` before it, so A-01 / S-08 are
  // judged on the newest measurement instead of "could not assess" three weeks out of four.
  if (ctx.lighthouse.length === 0 && edition.scoring.browser_days > 0) {
    const from = new Date(asOf.getTime() - edition.scoring.browser_days * 86_400_000).toISOString();
    const earlier = await store.runs({ siteId: site.id, kind: 'audit', status: USABLE, from, to: audit.startedAt });
    for (const r of earlier) {
      const lh = await store.observations(r.id, ['lighthouse']);
      if (lh.length === 0) continue;
      ctx.lighthouse.push(...lh);
      runIds.push(r.id);
      break;
    }
  }
  const findings = evaluateForEdition(ctx, edition, opts.checks ?? (await allChecks()));
  const reviews = await reviewDecisions(store, site.id, audit.id);
  const probeFrom = new Date(asOf.getTime() - edition.scoring.probe_days * 86_400_000).toISOString();
  const score = applyEdition(site, edition, findings, {
    period,
    asOf: asOf.toISOString(),
    runIds,
    primaryRunId: audit.id,
    probeWindow: { from: probeFrom, to: asOf.toISOString(), probes: ctx.probes.length },
    reviews,
  });
  log.debug({ siteId: site.id, runId: audit.id, edition: edition.id, period: period.label, total: score.total }, 'scored');
  return score;
}

/** Runs the edition's checks (with its options) over a check context. Pure. */
export function evaluateForEdition(ctx: Parameters<typeof runChecks>[1], edition: Edition, checks: Check[]): Finding[] {
  const wanted = new Set(editionCheckIds(edition));
  return runChecks(
    checks.filter((c) => wanted.has(c.id)),
    ctx,
    checkOptions(edition),
  );
}

export interface ApplyMeta {
  period: Period;
  asOf: string;
  runIds: string[];
  /** Run id recorded on finding references. */
  primaryRunId: string;
  probeWindow?: SiteScore['probeWindow'];
  /** Reviewer decisions for the scored run, by indicator id (assessment/reviews.ts). */
  reviews?: Map<string, ReviewDecision>;
}

/** A one-per-defect finding (data.defect in evidence[0]); never the summary, whose evidence may quote defects. */
export function isDefect(f: Finding): boolean {
  return findingKey(f) !== f.checkId && (f.evidence[0]?.data as { defect?: unknown } | undefined)?.defect === true;
}

export function findingKey(f: Finding): string {
  return f.key ?? `${f.checkId}|${f.evidence[0]?.url ?? ''}`;
}

function ref(f: Finding, runId: string): FindingRef {
  const r: FindingRef = { checkId: f.checkId, key: findingKey(f), status: f.status, runId };
  if (f.evidence[0]?.url) r.url = f.evidence[0].url;
  if (f.measure !== undefined) r.measure = f.measure;
  if (f.message?.zh) r.message = f.message.zh.length > 160 ? f.message.zh.slice(0, 159) + '…' : f.message.zh;
  if (isDefect(f)) r.defect = true;
  return r;
}

interface CheckOutcome {
  checkId: string;
  summary?: Finding;
  defects: Finding[];
  /** The summary status, or fail when only defects were emitted. */
  status: Finding['status'] | 'missing';
}

function outcomes(ind: ResolvedIndicator, byCheck: Map<string, Finding[]>): CheckOutcome[] {
  return ind.checks.map((cid) => {
    const fs = byCheck.get(cid) ?? [];
    if (fs.length === 0) return { checkId: cid, defects: [], status: 'missing' };
    const summary = fs.find((f) => findingKey(f) === cid) ?? fs.find((f) => !isDefect(f));
    const seen = new Set<string>();
    const defects = fs.filter((f) => {
      if (!isDefect(f) || f === summary) return false;
      const k = findingKey(f);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const status = summary?.status ?? (defects.some((d) => d.status === 'fail') ? 'fail' : defects.length ? 'warn' : 'pass');
    return { checkId: cid, summary, defects, status };
  });
}

const t = (zh: string, en: string): Text => ({ zh, en });

// Checks often say "…，无法评估" themselves; the indicator line already opens with 无法评估, and
// two checks of one indicator often give the same reason (it read 「无法评估：…，无法评估；…，无法评估」).
// Observation kinds (checks/run.ts names them raw) in words a maintainer knows.
const KIND_ZH: Record<string, string> = { probe: '首页可用性探测', lighthouse: '浏览器性能与无障碍检测（Lighthouse）', page: '网页抓取', link: '链接检测', tls: 'HTTPS证书检测', security: '安全配置检测' };
const reasonZh = (m: string) =>
  m
    .replace(/^无法评估[：:]\s*/, '')
    .replace(/[，,]\s*无法评估[。.]?$/, '')
    .replace(/缺少所需的监测数据（([a-z_、]+)）/, (_, kinds: string) => `缺少${kinds.split('、').map((k) => KIND_ZH[k] ?? k).join('、')}数据`);
const reasonEn = (m: string) => m.replace(/^(?:could not|cannot) (?:be )?assess(?:ed)?[:：]\s*/i, '').replace(/[;,.]?\s*(?:so (?:it|this) )?(?:could not|cannot) (?:be )?assess(?:ed)?\.?$/i, '');

/** The summary decides the indicator, so its flag counts; a defect flagged for review below the line does not. */
function needsPerson(outs: CheckOutcome[]): boolean {
  return outs.some((o) => (o.summary ? o.summary.requiresReview === true : o.defects.some((f) => f.requiresReview)));
}

function roundTo(n: number, p: number): number {
  const f = 10 ** p;
  return Math.round((n + Number.EPSILON) * f) / f;
}

function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}

/**
 * Evaluates one indicator. Pure. `alreadyDeducted` holds the URLs of defects an earlier indicator
 * of the edition has deducted; with the edition's `no_double_counting` they are not deducted again
 * (「已按其他指标扣分的，不在本指标项下重复扣分」) and the indicator adds its own.
 */
export function scoreIndicator(ind: ResolvedIndicator, site: Site, byCheck: Map<string, Finding[]>, runId: string, precision = 2, alreadyDeducted?: Set<string>): IndicatorResult {
  const base: IndicatorResult = {
    id: ind.id,
    ref: ind.ref,
    name: ind.name,
    family: ind.family,
    familyName: ind.familyName,
    part: ind.part,
    rule: ind.rule,
    points: roundTo(ind.points, 6),
    deduction: 0,
    awarded: 0,
    status: 'pass',
    checks: ind.checks,
    findings: [],
    explanation: t('', ''),
    source: ind.source,
  };
  if (ind.requires_review) base.requiresReview = true;
  if (!applies(ind, site)) {
    return { ...base, status: 'not_applicable', explanation: t('不适用于该网站（按适用分值折算）', 'Does not apply to this site (scored out of the applicable points)') };
  }
  const outs = outcomes(ind, byCheck);
  const refs: FindingRef[] = [];
  for (const o of outs) {
    if (o.summary) refs.push(ref(o.summary, runId));
    for (const d of o.defects.slice(0, MAX_DEFECT_REFS)) refs.push(ref(d, runId));
  }
  base.findings = refs;
  if (outs.some((o) => [o.summary, ...o.defects].some((f) => f?.requiresReview && f.status !== 'pass'))) base.requiresReview = true;

  const missing = outs.filter((o) => o.status === 'missing');
  const na = outs.filter((o) => o.status === 'not_applicable');
  const ca = outs.filter((o) => o.status === 'cannot_assess');
  const assessed = outs.filter((o) => o.status === 'pass' || o.status === 'fail' || o.status === 'warn');
  if (assessed.length === 0) {
    if (na.length > 0 && ca.length === 0 && missing.length === 0)
      return { ...base, status: 'not_applicable', explanation: t('检查结果为不适用', 'The checks found this not applicable') };
    const why = missing.length
      ? t(`未产生检查结果（${missing.map((o) => o.checkId).join('、')}）`, `No result from ${missing.map((o) => o.checkId).join(', ')}`)
      : t(
          `无法评估：${[...new Set(ca.map((o) => reasonZh(o.summary?.message.zh ?? o.checkId)))].join('；')}`,
          `Could not assess: ${[...new Set(ca.map((o) => reasonEn(o.summary?.message.en ?? o.checkId)))].join('; ')}`,
        );
    return { ...base, status: 'cannot_assess', explanation: why };
  }
  const partial = ca.length + missing.length > 0 ? t('（部分检查无法评估）', ' (some checks could not be assessed)') : t('', '');
  const pts = ind.points;
  const fmt = (n: number) => String(roundTo(n, precision));

  switch (ind.rule) {
    case 'veto': {
      const fired = assessed.filter((o) => o.status === 'fail');
      if (fired.length) {
        const m = fired.map((o) => o.summary?.message ?? t(o.checkId, o.checkId));
        return {
          ...base,
          status: 'vetoed',
          explanation: t(`单项否决：${m.map((x) => x.zh).join('；')}`, `Veto: ${m.map((x) => x.en).join('; ')}`),
        };
      }
      const warned = assessed.filter((o) => o.status === 'warn');
      if (warned.length) {
        const m = warned.map((o) => o.summary?.message ?? t(o.checkId, o.checkId));
        // A warn that asks for a person (e.g. a veto ratio on an incomplete probe window) waits for
        // confirmation; a plain warn is the check's own early-warning line, below the veto.
        if (needsPerson(warned))
          return { ...base, status: 'review', requiresReview: true, explanation: t(`待人工确认是否否决：${m.map((x) => x.zh).join('；')}`, `A person must confirm the veto: ${m.map((x) => x.en).join('; ')}`) };
        return { ...base, status: 'pass', explanation: t(`未触发否决（已达预警线）：${m.map((x) => x.zh).join('；')}${partial.zh}`, `Veto not triggered (warning line reached): ${m.map((x) => x.en).join('; ')}${partial.en}`) };
      }
      return { ...base, status: 'pass', explanation: t(`未触发否决${partial.zh}`, `Veto not triggered${partial.en}`) };
    }
    case 'deduct_per_defect': {
      let count = 0;
      let repeated = 0;
      const mine: string[] = [];
      for (const o of assessed) {
        let n: number;
        if (ind.count === 'defects' || (ind.count === 'auto' && o.defects.length > 0)) {
          n = 0;
          for (const d of o.defects) {
            if (!(ind.statuses as string[]).includes(d.status)) continue;
            const url = d.evidence[0]?.url;
            if (url && alreadyDeducted?.has(url)) {
              repeated++;
              continue;
            }
            if (url) mine.push(url);
            n++;
          }
        } else if (o.summary?.measure !== undefined) {
          n = Math.max(0, o.summary.measure);
        } else n = (ind.statuses as string[]).includes(o.status) ? 1 : 0;
        count += n;
      }
      for (const u of mine) alreadyDeducted?.add(u);
      const rep = repeated ? t(`；另有 ${repeated} 处已在其他指标扣分，不重复扣分`, `; ${repeated} more already deducted under another indicator, not deducted twice`) : t('', '');
      const raw = count * ind.per_defect;
      const deduction = roundTo(Math.min(pts, raw), precision);
      const capped = raw > pts;
      return {
        ...base,
        value: count,
        deduction,
        awarded: roundTo(pts - deduction, precision),
        status: deduction > 0 ? 'deducted' : 'pass',
        explanation: t(
          `${fmt(count)} 处 × ${ind.per_defect} 分 = ${fmt(raw)} 分${capped ? `，以本项分值 ${fmt(pts)} 分为上限` : ''}${rep.zh}${partial.zh}`,
          `${fmt(count)} × ${ind.per_defect} = ${fmt(raw)} points${capped ? `, capped at the indicator's ${fmt(pts)} points` : ''}${rep.en}${partial.en}`,
        ),
      };
    }
    case 'linear': {
      let best = 0;
      let value: number | undefined;
      for (const o of assessed) {
        const m = o.summary?.measure;
        const d = m !== undefined ? pts * clamp01((m - ind.from) / (ind.to - ind.from)) : o.status === 'fail' ? pts : 0;
        if (m !== undefined && (value === undefined || d >= best)) value = m;
        best = Math.max(best, d);
      }
      const deduction = roundTo(best, precision);
      return {
        ...base,
        ...(value !== undefined ? { value } : {}),
        deduction,
        awarded: roundTo(pts - deduction, precision),
        status: deduction > 0 ? 'deducted' : 'pass',
        explanation: t(
          `测量值 ${value ?? '—'}，在 ${ind.from}（不扣分）与 ${ind.to}（扣满 ${fmt(pts)} 分）之间线性扣 ${fmt(deduction)} 分${partial.zh}`,
          `Measure ${value ?? '—'}, linear between ${ind.from} (no deduction) and ${ind.to} (all ${fmt(pts)} points): −${fmt(deduction)}${partial.en}`,
        ),
      };
    }
    case 'pass_fail': {
      const failed = assessed.some((o) => o.status === 'fail');
      const warned = assessed.some((o) => o.status === 'warn');
      const d = failed ? (ind.deduction ?? pts) : warned ? ind.warn_deduction : 0;
      const deduction = roundTo(Math.min(pts, d), precision);
      const status: IndicatorStatus = deduction > 0 ? 'deducted' : warned && !failed && needsPerson(assessed.filter((o) => o.status === 'warn')) ? 'review' : 'pass';
      return {
        ...base,
        deduction,
        awarded: roundTo(pts - deduction, precision),
        status,
        explanation: failed
          ? t(`未通过，扣 ${fmt(deduction)} 分${partial.zh}`, `Failed: −${fmt(deduction)}${partial.en}`)
          : warned
            ? t(`存在警告，扣 ${fmt(deduction)} 分${partial.zh}`, `Warning: −${fmt(deduction)}${partial.en}`)
            : t(`通过${partial.zh}`, `Passed${partial.en}`),
      };
    }
    case 'bonus': {
      let award = 0;
      let value: number | undefined;
      if (ind.award === 'pass') {
        award = assessed.every((o) => o.status === 'pass') ? pts : 0;
      } else {
        for (const o of assessed) {
          const m = o.summary?.measure;
          if (m === undefined) continue;
          value = m;
          award = Math.max(award, pts * clamp01((m - ind.from!) / (ind.to! - ind.from!)));
        }
      }
      const awarded = roundTo(award, precision);
      return {
        ...base,
        ...(value !== undefined ? { value } : {}),
        awarded,
        status: awarded > 0 ? 'awarded' : 'pass',
        explanation:
          ind.award === 'pass'
            ? t(awarded > 0 ? `检查通过，加 ${fmt(awarded)} 分${partial.zh}` : `检查未通过，不加分${partial.zh}`, awarded > 0 ? `Checks passed: +${fmt(awarded)}${partial.en}` : `Checks not passed: no bonus${partial.en}`)
            : t(`测量值 ${value ?? '—'}，在 ${ind.from} 与 ${ind.to} 之间线性加 ${fmt(awarded)} 分${partial.zh}`, `Measure ${value ?? '—'}, linear between ${ind.from} and ${ind.to}: +${fmt(awarded)}${partial.en}`),
      };
    }
  }
}

/** Turns findings into a SiteScore under an edition. Pure and deterministic. */
export function applyEdition(site: Site, edition: Edition, findings: Finding[], meta: ApplyMeta): SiteScore {
  const p = edition.scoring.precision;
  const byCheck = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byCheck.get(f.checkId);
    if (list) list.push(f);
    else byCheck.set(f.checkId, [f]);
  }
  const deductedUrls = edition.scoring.no_double_counting ? new Set<string>() : undefined;
  const indicators = edition.indicators.map((ind) => {
    const r = scoreIndicator(ind, site, byCheck, meta.primaryRunId, p, ind.part === 'deduct' ? deductedUrls : undefined);
    const d = meta.reviews?.get(ind.id);
    return d ? applyReview(r, d) : r;
  });
  const byId = new Map(indicators.map((r) => [r.id, r]));
  edition.indicators.forEach((ind, k) => {
    const r = indicators[k];
    const pre = ind.requires ? byId.get(ind.requires) : undefined;
    // Not applicable by the checks (the site is in scope) because its prerequisite is missing.
    if (!pre || r.status !== 'not_applicable' || !applies(ind, site) || ind.part !== 'deduct') return;
    if (pre.status !== 'deducted' && pre.status !== 'vetoed') return;
    r.status = 'deducted';
    r.deduction = roundTo(r.points, p);
    r.awarded = 0;
    r.explanation = t(
      `前提指标 ${pre.id}（${pre.name.zh}）未通过，本项无从检查，按全部分值 ${r.points} 分扣分`,
      `Its prerequisite ${pre.id} (${pre.name.en}) failed, so there is nothing to check here: all ${r.points} points are deducted`,
    );
  });

  const veto: VetoOutcome = { vetoed: false, indicators: [], review: [] };
  for (const r of indicators.filter((i) => i.part === 'veto')) {
    if (r.status === 'vetoed') veto.indicators.push({ id: r.id, ref: r.ref, name: r.name, findings: r.findings.filter((f) => f.status === 'fail') });
    if (r.status === 'review') veto.review.push(r.id);
  }
  veto.vetoed = veto.indicators.length > 0;

  const treatment = edition.scoring.cannot_assess.treatment;
  const deduct = indicators.filter((i) => i.part === 'deduct');
  let applicable = 0;
  let deducted = 0;
  let unassessed = 0;
  let nonNa = 0;
  for (const i of deduct) {
    if (i.status === 'not_applicable') continue;
    nonNa += i.points;
    if (i.status === 'cannot_assess') {
      unassessed += i.points;
      if (treatment === 'full_points') {
        applicable += i.points;
        i.awarded = i.points;
      }
      continue;
    }
    applicable += i.points;
    deducted += i.deduction;
  }
  const total = edition.scoring.deduction_total;
  const factor = applicable > 0 ? total / applicable : 0;
  const deductionScore = applicable > 0 ? roundTo(Math.max(0, applicable - deducted) * factor, p) : 0;
  const provisional = nonNa === 0 || unassessed / nonNa > edition.scoring.cannot_assess.max_share + 1e-9;

  const isBonusKind = edition.scoring.bonus_kinds.includes(site.kind);
  const bonusInds = indicators.filter((i) => i.part === 'bonus');
  const eligible = !veto.vetoed && applicable > 0 && deductionScore > edition.scoring.bonus_line && isBonusKind;
  let bonusPoints = 0;
  for (const b of bonusInds) {
    if (!isBonusKind) {
      b.status = 'not_applicable';
      b.awarded = 0;
      b.explanation = t(`加分指标仅适用于${edition.scoring.bonus_kinds.join('、')}`, `Bonus indicators apply to ${edition.scoring.bonus_kinds.join(', ')} only`);
    } else if (!eligible && b.status !== 'not_applicable' && b.status !== 'cannot_assess') {
      if (b.awarded > 0) {
        b.explanation = t(`${b.explanation.zh}；未进入加分评分，不计入`, `${b.explanation.en}; not counted (bonus scoring not reached)`);
      }
      b.awarded = 0;
      b.status = 'pass';
    } else if (eligible) bonusPoints += b.awarded;
  }
  bonusPoints = roundTo(Math.min(edition.scoring.bonus_max, bonusPoints), p);
  const bonusReason = veto.vetoed
    ? t('单项否决，不进行加分评分', 'Vetoed: no bonus scoring')
    : !isBonusKind
      ? t(`加分指标仅适用于${edition.scoring.bonus_kinds.join('、')}`, `Bonus applies to ${edition.scoring.bonus_kinds.join(', ')} only`)
      : eligible
        ? t(`扣分部分得分 ${deductionScore} 分，高于 ${edition.scoring.bonus_line} 分，进行加分评分`, `Deduction score ${deductionScore} > ${edition.scoring.bonus_line}: bonus scored`)
        : t(`扣分部分得分 ${deductionScore} 分，未高于 ${edition.scoring.bonus_line} 分，不进行加分评分`, `Deduction score ${deductionScore} is not above ${edition.scoring.bonus_line}: no bonus`);

  const totalScore = applicable === 0 ? null : veto.vetoed ? 0 : roundTo(deductionScore + bonusPoints, p);
  const grade = gradeFor(edition, totalScore, veto.vetoed, provisional);

  return {
    ...scoreHeader(site, edition),
    period: meta.period,
    asOf: meta.asOf,
    state: 'scored',
    runIds: meta.runIds,
    ...(meta.probeWindow ? { probeWindow: meta.probeWindow } : {}),
    veto,
    deduction: { total, applicablePoints: roundTo(applicable, 6), deducted: roundTo(deducted, p), rescaleFactor: roundTo(factor, 6), score: deductionScore },
    bonus: { max: edition.scoring.bonus_max, eligible, reason: bonusReason, points: eligible ? bonusPoints : 0 },
    total: totalScore,
    grade,
    indicators,
    notApplicable: indicators.filter((i) => i.status === 'not_applicable').map((i) => i.id),
    cannotAssess: indicators.filter((i) => i.status === 'cannot_assess').map((i) => i.id),
    cannotAssessTreatment: treatment,
    provisional,
  };
}

/**
 * The grade for a total. A veto is definitive (不合格) whatever else could not be assessed; without
 * one, a provisional total (more than the edition's share of points unassessed: blocked, timed
 * out, not crawled) is not graded, so a site we could not see never "passes" on what it hid.
 */
export function gradeFor(edition: Edition, total: number | null, vetoed: boolean, provisional = false): Grade {
  if (total === null) return { code: 'no_data', name: t('无法评定', 'Not rated'), passed: false };
  if (provisional && !vetoed) return { code: 'provisional', name: t('暂不评定（待补测）', 'Not rated yet (too much could not be assessed)'), passed: false };
  const bands = edition.grades;
  const band = vetoed ? bands[0] : [...bands].reverse().find((g) => total >= g.min) ?? bands[0];
  return { code: band.code, name: band.name, passed: !vetoed && total >= edition.scoring.pass_line };
}

function noDataScore(site: Site, period: Period, edition: Edition): SiteScore {
  const indicators: IndicatorResult[] = edition.indicators.map((ind) => ({
    id: ind.id,
    ref: ind.ref,
    name: ind.name,
    family: ind.family,
    familyName: ind.familyName,
    part: ind.part,
    rule: ind.rule,
    points: ind.points,
    deduction: 0,
    awarded: 0,
    status: applies(ind, site) ? 'cannot_assess' : 'not_applicable',
    checks: ind.checks,
    findings: [],
    explanation: t('该周期内没有监测记录', 'No audit run in this period'),
    source: ind.source,
  }));
  return {
    ...scoreHeader(site, edition),
    period,
    asOf: period.to,
    state: 'no_data',
    runIds: [],
    veto: { vetoed: false, indicators: [], review: [] },
    deduction: { total: edition.scoring.deduction_total, applicablePoints: 0, deducted: 0, rescaleFactor: 0, score: 0 },
    bonus: { max: edition.scoring.bonus_max, eligible: false, reason: t('该周期内没有监测记录', 'No audit run in this period'), points: 0 },
    total: null,
    grade: gradeFor(edition, null, false),
    indicators,
    notApplicable: indicators.filter((i) => i.status === 'not_applicable').map((i) => i.id),
    cannotAssess: indicators.filter((i) => i.status === 'cannot_assess').map((i) => i.id),
    cannotAssessTreatment: edition.scoring.cannot_assess.treatment,
    provisional: true,
  };
}

/** Scores many sites; one site's failure is logged and recorded as no_data, never stops the batch. */
export async function scoreSites(store: Store, sites: Site[], period: Period, edition: Edition, opts: ScoreOptions = {}): Promise<SiteScore[]> {
  const checks = opts.checks ?? (await allChecks());
  const out: SiteScore[] = [];
  for (const s of sites) {
    try {
      out.push(await scoreSite(store, s, period, edition, { checks }));
    } catch (e) {
      log.error({ siteId: s.id, err: (e as Error).message, edition: edition.id, period: period.label }, 'scoring failed');
      const nd = noDataScore(s, period, edition);
      nd.error = t(`评分出错：${(e as Error).message}`, `Scoring failed: ${(e as Error).message}`);
      out.push(nd);
    }
  }
  return out;
}

/** Who and under which edition: the identity part every SiteScore starts with, scored or not. */
function scoreHeader(site: Site, edition: Edition): Pick<SiteScore, 'schemaVersion' | 'siteId' | 'siteName' | 'siteIdCode' | 'region' | 'level' | 'kind' | 'group' | 'edition'> {
  return {
    schemaVersion: SCORE_SCHEMA_VERSION,
    siteId: site.id,
    siteName: site.name,
    ...(site.siteIdCode ? { siteIdCode: site.siteIdCode } : {}),
    region: site.region,
    level: site.level,
    kind: site.kind,
    group: siteGroup(site),
    edition: editionRef(edition),
  };
}
