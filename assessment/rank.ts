/**
 * Comparison for the review: rank sites within a group (level, kind, region or the site's own
 * `group`), the change since the previous period (vertical) and the position among peers
 * (horizontal), and the combined result 指标考核 + 公众评议 + 察访核验 weighted as the edition says.
 */
import type { CombinedScore, ExternalScore, RankEntry, SiteScore } from '../model/score.ts';
import type { Edition } from '../config/methodology.ts';
import { editionRef } from '../config/methodology.ts';

export const GROUP_BY = ['group', 'level', 'kind', 'region', 'all'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export function groupKey(s: Pick<SiteScore, 'group' | 'level' | 'kind' | 'region'>, by: GroupBy): string {
  switch (by) {
    case 'group':
      return s.group;
    case 'level':
      return s.level;
    case 'kind':
      return s.kind;
    case 'region':
      return s.region;
    case 'all':
      return '全部';
  }
}

function round2(n: number): number {
  return Math.round((n + Number.EPSILON) * 100) / 100;
}

/**
 * Vetoed sites all total 0: among them the deduction score (what the site would have scored
 * without the veto) decides, and a site that scored 0 without a veto ranks above them. Otherwise
 * every vetoed site of a group was 「1/4」, which read as first place.
 */
function vetoTieBreak(a: SiteScore, b: SiteScore): number {
  if (a.veto.vetoed !== b.veto.vetoed) return a.veto.vetoed ? 1 : -1;
  if (!a.veto.vetoed) return 0;
  return (b.deduction.score ?? 0) - (a.deduction.score ?? 0);
}

/**
 * Standard competition ranking (1, 2, 2, 4) by total within each group (vetoed sites ordered by
 * their deduction score); sites without a
 * total (no data) or with a provisional one get rank null and sit at the end. `previous` gives the vertical comparison.
 * Ties are listed in site id order so the output is stable.
 */
export function rankScores(scores: SiteScore[], by: GroupBy = 'group', previous: SiteScore[] = []): RankEntry[] {
  const prev = new Map(previous.map((p) => [p.siteId, p.total]));
  const groups = new Map<string, SiteScore[]>();
  for (const s of scores) {
    const k = groupKey(s, by);
    const list = groups.get(k);
    if (list) list.push(s);
    else groups.set(k, [s]);
  }
  const out: RankEntry[] = [];
  for (const [g, list] of [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0], 'zh'))) {
    // A provisional total (too much could not be assessed) is not ranked against fully assessed
    // peers; a veto is definitive and ranks (at 0) even when other parts were unassessed.
    const rankable = (s: SiteScore) => s.total !== null && (!s.provisional || s.veto.vetoed);
    const scored = list.filter(rankable).sort((a, b) => b.total! - a.total! || vetoTieBreak(a, b) || a.siteId.localeCompare(b.siteId));
    const unscored = list.filter((s) => !rankable(s)).sort((a, b) => a.siteId.localeCompare(b.siteId));
    const totals = scored.map((s) => s.total!);
    const mean = totals.length ? totals.reduce((x, y) => x + y, 0) / totals.length : null;
    scored.forEach((s, i) => {
      const rank = i > 0 && s.total === scored[i - 1].total && vetoTieBreak(s, scored[i - 1]) === 0 ? out[out.length - 1].rank : i + 1;
      const below = totals.filter((t) => t < s.total!).length;
      const equal = totals.filter((t) => t === s.total!).length - 1;
      const p = prev.get(s.siteId) ?? null;
      out.push({
        siteId: s.siteId,
        siteName: s.siteName,
        group: g,
        rank,
        of: scored.length,
        total: s.total,
        previousTotal: p,
        change: p === null ? null : round2(s.total! - p),
        vsGroupMean: mean === null ? null : round2(s.total! - mean),
        // Share of peers scoring lower (ties count half): 100 = best in group.
        percentile: scored.length > 1 ? round2(((below + equal / 2) / (scored.length - 1)) * 100) : 100,
      });
    });
    for (const s of unscored)
      out.push({
        siteId: s.siteId,
        siteName: s.siteName,
        group: g,
        rank: null,
        of: scored.length,
        total: s.total,
        previousTotal: prev.get(s.siteId) ?? null,
        change: null,
        vsGroupMean: null,
        percentile: null,
      });
  }
  return out;
}

/**
 * 指标考核 + 公众评议 + 察访核验. The indicator part is the total capped at 100 (bonus included:
 * the national table caps nothing, but a weighted combination needs one scale). Missing parts are
 * left out and the remaining weights rescaled, and the result says which were missing.
 */
export function combine(score: SiteScore, externals: ExternalScore[], edition: Edition): CombinedScore | undefined {
  const c = edition.combined;
  if (!c) return undefined;
  const pick = (src: ExternalScore['source']) => externals.find((e) => e.source === src && e.siteId === score.siteId)?.score ?? null;
  const parts = {
    // A provisional indicator score is left out like a missing part rather than weighted as if final.
    indicators: score.total === null || (score.provisional && !score.veto.vetoed) ? null : Math.min(100, score.total),
    public_review: pick('public_review'),
    inspection: pick('inspection'),
  };
  let wsum = 0;
  let acc = 0;
  const missing: CombinedScore['missing'] = [];
  for (const k of ['indicators', 'public_review', 'inspection'] as const) {
    const v = parts[k];
    if (v === null) {
      if (c.weights[k] > 0) missing.push(k);
      continue;
    }
    wsum += c.weights[k];
    acc += c.weights[k] * v;
  }
  return {
    siteId: score.siteId,
    period: score.period.label,
    edition: editionRef(edition),
    weights: c.weights,
    ...parts,
    total: wsum > 0 ? round2(acc / wsum) : null,
    missing,
  };
}
