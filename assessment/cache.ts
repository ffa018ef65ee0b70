/**
 * A cache of computed scores (table `scores`, migration 2) so dashboards and reports can list
 * a period's results without re-running every check. It only ever holds what `scoreSite` can
 * recompute from the stored observations; `govmon score --save` fills it.
 */
import type { Store } from '../store/store.ts';
import type { SiteScore } from '../model/score.ts';

/** Cache key of a period: calendar labels as they are; relative ranges (last-7d) by their instants, so they never go stale. */
export function periodKey(p: { label: string; kind: string; from: string; to: string }): string {
  return p.kind === 'range' && !/^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/.test(p.label) ? `${p.from}..${p.to}` : p.label;
}

export async function saveScores(store: Store, scores: SiteScore[], computedAt = new Date().toISOString()): Promise<void> {
  await store.db.transaction(async (tx) => {
    for (const s of scores)
      await tx.run(
        `INSERT INTO scores (site_id, edition_id, edition_version, period, computed_at, total, data) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (site_id, edition_id, edition_version, period) DO UPDATE SET computed_at = excluded.computed_at, total = excluded.total, data = excluded.data`,
        [s.siteId, s.edition.id, s.edition.version, periodKey(s.period), computedAt, s.total, JSON.stringify(s)],
      );
  });
}

/** Cached scores of a period (its label, or `periodKey(period)` for relative ranges) under an edition (any version unless given), one per site. */
export async function cachedScores(store: Store, q: { editionId: string; period: string; editionVersion?: string; siteId?: string }): Promise<SiteScore[]> {
  const where = ['edition_id = ?', 'period = ?'];
  const params: unknown[] = [q.editionId, q.period];
  if (q.editionVersion) (where.push('edition_version = ?'), params.push(q.editionVersion));
  if (q.siteId) (where.push('site_id = ?'), params.push(q.siteId));
  const rows = await store.db.all<{ site_id: string; data: string }>(`SELECT site_id, data FROM scores WHERE ${where.join(' AND ')} ORDER BY site_id, computed_at DESC`, params);
  const seen = new Set<string>();
  const out: SiteScore[] = [];
  for (const r of rows) {
    if (seen.has(r.site_id)) continue;
    seen.add(r.site_id);
    out.push(JSON.parse(r.data) as SiteScore);
  }
  return out;
}
