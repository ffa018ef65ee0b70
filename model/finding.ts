/**
 * Findings and the check contract. A check is a pure, self-describing module (Lighthouse's
 * audit model): static metadata plus `evaluate(ctx)` over stored observations. No network,
 * no clock except `ctx.now`, so history can be re-scored and tests need no server.
 */
import type {
  CrawlEventObservation,
  HttpRedirectObservation,
  LighthouseObservation,
  LinkCheckObservation,
  PageObservation,
  ProbeObservation,
  ResourceObservation,
  TlsObservation,
  ObservationKind,
} from './observation.ts';
import type { Site } from './site.ts';

export type FindingStatus = 'pass' | 'fail' | 'warn' | 'not_applicable' | 'cannot_assess';
export type Severity = 'veto' | 'deduct' | 'advise';

export type CheckFamily =
  | 'availability'
  | 'freshness'
  | 'disclosure'
  | 'services'
  | 'participation'
  | 'links'
  | 'identity'
  | 'security'
  | 'quality';

export interface Text {
  zh: string;
  en: string;
}

/** What decided a finding, so a maintainer can go and look. */
export interface Evidence {
  /** The URL the finding is about (the broken link, the stale column, the page missing a tag). */
  url?: string;
  /** The page that links to `url`, and the link text used there. */
  page?: string;
  linkText?: string;
  status?: number;
  failureClass?: string;
  /** The text, date or header value that decided it. */
  text?: string;
  date?: string;
  screenshot?: string;
  /** Anything else structured (counts, lists) a report may show. */
  data?: Record<string, unknown>;
}

export interface Finding {
  checkId: string;
  /** Row id in the indicator reference (V-01, G-08 …). */
  ref: string;
  status: FindingStatus;
  severity: Severity;
  message: Text;
  fix?: Text;
  evidence: Evidence[];
  /**
   * A number the methodology can score on: the defect count for deductions, the ratio for
   * availability, the grade points for security. Absent for plain pass/fail.
   */
  measure?: number;
  /**
   * A stable key for "the same defect" across runs (e.g. the broken URL), so reports can say
   * new / still open / fixed. Defaults to checkId + evidence url.
   */
  key?: string;
  /** Marks a machine finding that a person must confirm (cn-indicators §b). */
  requiresReview?: boolean;
}

/** Everything a check may read, assembled by the store from one run (and a window of probes). */
export interface CheckContext {
  site: Site;
  /** The moment the assessment is "as of". Checks must use this, never Date.now(). */
  now: Date;
  pages: PageObservation[];
  links: LinkCheckObservation[];
  probes: ProbeObservation[];
  tls: TlsObservation[];
  httpRedirects: HttpRedirectObservation[];
  resources: ResourceObservation[];
  lighthouse: LighthouseObservation[];
  events: CrawlEventObservation[];
  /**
   * The other registered sites (from the store's sites table), so a check can relate a site to
   * its portal (identity.domain, S-01: a 部门网站 should live under its portal's domain).
   * Optional: absent when the caller has no registry.
   */
  registrySites?: Site[];
  /** Methodology-supplied options for this check (thresholds, keyword lists), already defaulted. */
  options: Record<string, unknown>;
}

export interface CheckMeta {
  /** Stable id, `<family>.<name>`, e.g. `freshness.home-not-updated`. */
  id: string;
  /** Reference row(s) in cn-indicators.md; the first is the primary one. */
  ref: string;
  refs?: string[];
  family: CheckFamily;
  title: Text;
  description: Text;
  severity: Severity;
  /** Observation kinds the check reads; with none of them stored it reports cannot_assess. */
  needs: ObservationKind[];
  /** Default options, overridable per methodology edition. */
  defaults?: Record<string, unknown>;
}

export interface Check extends CheckMeta {
  evaluate(ctx: CheckContext): Finding[];
}
