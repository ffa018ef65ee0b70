/**
 * Small helpers shared by checks: building findings from a check's metadata, finding the
 * home page, and tracing a URL back to the pages and anchor texts that link to it.
 */
import type { Check, CheckContext, CheckMeta, Evidence, Finding, FindingStatus, Text } from '../model/finding.ts';
import type { PageObservation } from '../model/observation.ts';

export function finding(meta: CheckMeta, status: FindingStatus, message: Text, extra: Partial<Omit<Finding, 'checkId' | 'ref' | 'status' | 'message'>> = {}): Finding {
  return {
    checkId: meta.id,
    ref: meta.ref,
    status,
    severity: extra.severity ?? meta.severity,
    message,
    evidence: extra.evidence ?? [],
    ...extra,
  };
}

/** The home page observation: depth 0 and the site's URL (or the first depth-0 page). */
export function homePage(ctx: Pick<CheckContext, 'pages' | 'site'>): PageObservation | undefined {
  const roots = ctx.pages.filter((p) => p.depth === 0);
  const norm = (u: string) => u.replace(/\/+$/, '');
  return roots.find((p) => norm(p.url) === norm(ctx.site.url)) ?? roots[0];
}

/** Every page that links to `url`, with the anchor text used there (evidence for a maintainer). */
export function linkedFrom(ctx: Pick<CheckContext, 'pages'>, url: string, limit = 5): Evidence[] {
  const out: Evidence[] = [];
  for (const p of ctx.pages) {
    for (const l of p.links ?? []) {
      if (l.url === url) {
        out.push({ url, page: p.finalUrl || p.url, linkText: l.text });
        break;
      }
    }
    if (out.length >= limit) break;
  }
  return out;
}

/** Whole days between two instants (a − b), for freshness windows. */
export function daysBetween(a: Date, b: Date): number {
  return Math.floor((a.getTime() - b.getTime()) / 86_400_000);
}

/**
 * Example evidence for a summary finding: the first evidence of each defect finding, without
 * the `data.defect` marker (a summary must not look like a defect to reports and verifiers).
 */
export function summaryExamples(defects: Finding[], limit = 20): Evidence[] {
  return defects.slice(0, limit).map((d) => {
    const e = d.evidence[0] ?? {};
    if (!e.data || !('defect' in e.data)) return e;
    const { defect: _d, ...rest } = e.data;
    return { ...e, data: rest };
  });
}

/** Gives every finding of a check without a `key` the summary key (`key` = check id), per the finding convention. */
export function withSummaryKey(check: Check): Check {
  return { ...check, evaluate: (ctx) => check.evaluate(ctx).map((f) => (f.key === undefined ? { ...f, key: check.id } : f)) };
}
