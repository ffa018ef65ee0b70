/**
 * The typed result of scoring: one site, one period, one methodology edition. Everything a
 * reviewer needs to trace a point back to its evidence is in here (edition id+version, the
 * runs used, and for every indicator the findings — checkId + key — that produced it), so
 * reports render a SiteScore and never re-judge.
 *
 * Scoring follows 国办秘函〔2019〕19号 附件1 (cn-indicators §1): Part 1 单项否决 (any veto →
 * 不合格, no further scoring), Part 2 扣分指标 out of 100 (deductions within one indicator
 * never exceed its points), Part 3 加分指标 (portals only, only when Part 2 > 80). Indicators
 * that do not apply (a department without public services: 办事服务) are removed and the
 * deduction part is rescaled to 100 (75 → × 4/3). Indicators we could not assess (the site
 * blocked us, a timeout, no data) are kept apart from defects and are never scored as defects;
 * the edition says how they are treated (`CannotAssessTreatment`).
 */
import type { FindingStatus, Text } from './finding.ts';

/** Bump when a field is renamed or removed; additions keep the version. */
export const SCORE_SCHEMA_VERSION = 1;

// ---- edition and period ------------------------------------------------------------------

/** Confidence tags as in the indicator reference: ✅ official text, 🟡 secondary, ❓ unverified. */
export type Confidence = '✅' | '🟡' | '❓';

/** Where a number (points, threshold, weight) comes from. Every number in an edition has one. */
export interface Source {
  /** Document, e.g. 国办秘函〔2019〕19号 附件1. */
  document: string;
  /** Article, row or part, e.g. 单项否决 第1项. */
  article?: string;
  confidence: Confidence;
  /** false = a configurable default we could not verify against the official table. */
  verified: boolean;
  note?: string;
}

export interface EditionRef {
  id: string;
  version: string;
  title: Text;
  /** Jurisdiction the edition belongs to: 全国, 福建省 … */
  jurisdiction: string;
  /** True when the edition is an illustrative example, not a rule anyone published. */
  example: boolean;
}

export type PeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'half' | 'year' | 'range';

/** A scoring period: [from, to) in UTC ISO 8601; `label` is what the user typed, normalised (2026-11, 2026-Q4, 2026-W47 …). */
export interface Period {
  label: string;
  kind: PeriodKind;
  from: string;
  to: string;
}

// ---- per-indicator results ---------------------------------------------------------------

/** Part of the national table an indicator belongs to. */
export type IndicatorPart = 'veto' | 'deduct' | 'bonus';

/**
 * How an indicator turns findings into points:
 * - `veto`: a `fail` of any listed check = 单项否决;
 * - `deduct_per_defect`: points per defect, capped at the indicator's points (「单项扣分不超过该指标分值」);
 * - `linear`: deduction grows linearly with a measure between two thresholds;
 * - `pass_fail`: the whole indicator's points (or a set deduction) are lost on fail;
 * - `bonus`: points awarded when the listed checks pass (or per measure unit), capped.
 */
export type ScoringRule = 'veto' | 'deduct_per_defect' | 'linear' | 'pass_fail' | 'bonus';

/**
 * Outcome of one indicator:
 * - `pass`: nothing deducted / veto not triggered / no bonus earned;
 * - `deducted`: points lost (deduction > 0);
 * - `vetoed`: the veto fired;
 * - `awarded`: bonus points earned;
 * - `review`: a machine finding a person must confirm (warn on a veto check, requiresReview); not scored until confirmed;
 * - `not_applicable`: removed from the applicable points (rescaled);
 * - `cannot_assess`: we could not judge it (blocked, timeout, no data) — never a defect.
 */
export type IndicatorStatus = 'pass' | 'deducted' | 'vetoed' | 'awarded' | 'review' | 'not_applicable' | 'cannot_assess';

/** A finding as referenced from a score: enough to find it again and show it. */
export interface FindingRef {
  checkId: string;
  /** Stable defect key (checkId for the summary finding, checkId|url for defects). */
  key: string;
  status: FindingStatus;
  /** The run whose observations produced it. */
  runId: string;
  url?: string;
  measure?: number;
  /** Short text for a table cell (zh). */
  message?: string;
  /** true for one-per-defect findings (evidence[0].data.defect). */
  defect?: boolean;
}

export interface IndicatorResult {
  /** Indicator id in the edition (e.g. `D-02-home`). */
  id: string;
  /** Row id(s) in the indicator reference (V-01, G-08 …). */
  ref: string;
  name: Text;
  family: string;
  familyName: Text;
  part: IndicatorPart;
  rule: ScoringRule;
  /** Points the indicator is worth (deduct: its weight in the 100; bonus: its cap; veto: 0). */
  points: number;
  /** The measure scored: defect count, ratio, grade points. Absent for pass/fail. */
  value?: number;
  /** Points lost (deduct part), 0 ≤ deduction ≤ points. */
  deduction: number;
  /** Points kept (deduct: points − deduction) or earned (bonus). 0 for veto, N/A and cannot_assess. */
  awarded: number;
  status: IndicatorStatus;
  /** Check ids that feed it. */
  checks: string[];
  /** The findings that produced the outcome (the summaries and, capped, the defects). */
  findings: FindingRef[];
  /** One line a reviewer can check by hand: "3 处 × 1 分 = 3 分（上限 5 分）". */
  explanation: Text;
  source: Source;
  requiresReview?: boolean;
  /** A reviewer's decision on this indicator for the scored run, when one was recorded. */
  review?: ReviewDecision;
}

/** A person's decision on a machine result (cn-indicators §b), recorded per audit run and indicator. */
export interface ReviewDecision {
  siteId: string;
  runId: string;
  indicatorId: string;
  /** confirm: the machine was right (a pending veto becomes a veto); dismiss: no veto and no deduction. */
  decision: 'confirm' | 'dismiss';
  reviewer: string;
  note?: string;
  decidedAt: string;
  /** File and row it was imported from. */
  origin: string;
}

export interface VetoOutcome {
  vetoed: boolean;
  /** Veto indicators that fired, with the findings that fired them. */
  indicators: Array<{ id: string; ref: string; name: Text; findings: FindingRef[] }>;
  /** Veto indicators with a machine finding that needs a person (not counted as a veto until confirmed). */
  review: string[];
}

/** How indicators that could not be assessed are treated; the edition says which. */
export type CannotAssessTreatment =
  /** Removed from the applicable points like N/A, so the rest is rescaled; listed apart. */
  | 'exclude'
  /** Kept at full points (benefit of the doubt); listed apart. */
  | 'full_points';

export interface DeductionPart {
  /** Nominal total of the part (100 in gb-2019). */
  total: number;
  /** Points of the indicators that applied and were assessed. */
  applicablePoints: number;
  /** Sum of deductions (after per-indicator caps). */
  deducted: number;
  /** total / applicablePoints (4/3 for a department without services). */
  rescaleFactor: number;
  /** (applicablePoints − deducted) × rescaleFactor, rounded to the edition's precision: 0–total. */
  score: number;
}

export interface BonusPart {
  /** Cap of the bonus part (30 in gb-2019). */
  max: number;
  /** Whether bonus scoring happened: no veto, deduction score > the bonus line, and the site is a portal. */
  eligible: boolean;
  /** Why (not) eligible, for the report. */
  reason: Text;
  /** Bonus points earned (0 when not eligible), capped at `max`. */
  points: number;
}

export interface Grade {
  /** Stable code from the edition's grade bands (`fail`, `pass`, `good`, `excellent` …), or `provisional` / `no_data`. */
  code: string;
  name: Text;
  /** At or above the pass line (合格) and not vetoed. */
  passed: boolean;
}

export interface SiteScore {
  schemaVersion: typeof SCORE_SCHEMA_VERSION;
  siteId: string;
  siteName: string;
  siteIdCode?: string;
  region: string;
  level: string;
  kind: string;
  /** Ranking group (site.group, or level + kind). */
  group: string;
  edition: EditionRef;
  period: Period;
  /** The "as of" instant the checks were run at (end of the period, or the last run when earlier). */
  asOf: string;
  /** `scored`, or `no_data` when no run of the site falls in the period (total is then null). */
  state: 'scored' | 'no_data';
  /** Audit runs whose observations were scored (ids), newest first. */
  runIds: string[];
  /** The probe window used for availability (V-01, D-01) and how many probes it held. */
  probeWindow?: { from: string; to: string; probes: number };
  veto: VetoOutcome;
  deduction: DeductionPart;
  bonus: BonusPart;
  /** deduction.score + bonus.points; 0 when vetoed (不合格); null when `no_data`. */
  total: number | null;
  grade: Grade;
  /** Every indicator of the edition, in edition order. */
  indicators: IndicatorResult[];
  /** Ids of indicators that did not apply (e.g. 办事服务 for a department without services). */
  notApplicable: string[];
  /** Ids of indicators we could not assess, and how the edition treated them. */
  cannotAssess: string[];
  cannotAssessTreatment: CannotAssessTreatment;
  /** More than the edition's tolerated share of points could not be assessed: the total is provisional. */
  provisional: boolean;
  /** Set when scoring this site failed (unreadable stored data …); state is then `no_data`. */
  error?: Text;
}

// ---- comparison: rankings, trends, combined results --------------------------------------

export interface RankEntry {
  siteId: string;
  siteName: string;
  group: string;
  /** 1-based rank within the group (ties share a rank: 1, 2, 2, 4); null when not scored or provisional. */
  rank: number | null;
  /** Number of scored sites in the group. */
  of: number;
  total: number | null;
  /** Vertical: total in the previous period and the change (null when either is missing). */
  previousTotal: number | null;
  change: number | null;
  /** Horizontal: difference from the group's mean and the percentile (0–100, higher is better). */
  vsGroupMean: number | null;
  percentile: number | null;
}

/** An externally supplied score (公众评议 or 察访核验), imported from CSV. */
export interface ExternalScore {
  source: 'public_review' | 'inspection';
  siteId: string;
  period: string;
  /** 0–100. */
  score: number;
  /** File and row it came from, for tracing. */
  origin: string;
  importedAt: string;
}

/** 指标考核 + 公众评议 + 察访核验, weighted as the edition says. */
export interface CombinedScore {
  siteId: string;
  period: string;
  edition: EditionRef;
  weights: { indicators: number; public_review: number; inspection: number };
  indicators: number | null;
  public_review: number | null;
  inspection: number | null;
  /** Weighted total over the parts present, rescaled by their weights; null when none is present. */
  total: number | null;
  /** Parts that were missing and left out of the weighting. */
  missing: Array<'indicators' | 'public_review' | 'inspection'>;
}

// ---- early warnings ----------------------------------------------------------------------

export type WarningKind =
  /** A veto indicator fired. */
  | 'veto'
  /** An indicator crossed its warning threshold (V-01w, V-02w, V-03c ≥ 3 …) before the veto. */
  | 'threshold'
  /** The site's total dropped by more than the edition's option since the previous period. */
  | 'score_drop'
  /** Defects present in the latest run and absent from the one before. */
  | 'new_defects';

export interface EarlyWarning {
  kind: WarningKind;
  /** red = veto fired or imminent; orange = threshold crossed; yellow = informational. */
  level: 'red' | 'orange' | 'yellow';
  siteId: string;
  siteName: string;
  /** Warning rule id from the edition (V-01w …) or the kind for drops and new defects. */
  ruleId: string;
  ref: string;
  message: Text;
  /** The measured value and the threshold it crossed. */
  value?: number;
  threshold?: number;
  /** Runs compared or used. */
  runIds: string[];
  findings: FindingRef[];
  at: string;
}
