/**
 * Re-scoring under another edition, side by side: the same stored runs scored under two
 * editions, and the indicators whose result differs. What a provincial office looks at before
 * adopting its own edition, and a check that an edition changes only what it meant to change.
 */
import type { IndicatorResult, SiteScore } from '../model/score.ts';

export interface IndicatorChange {
  id: string;
  name: string;
  /** Fields that differ: points, deduction, awarded, status. */
  a: Pick<IndicatorResult, 'points' | 'deduction' | 'awarded' | 'status'> | null;
  b: Pick<IndicatorResult, 'points' | 'deduction' | 'awarded' | 'status'> | null;
}

export interface EditionComparison {
  siteId: string;
  siteName: string;
  a: { edition: string; total: number | null; grade: string };
  b: { edition: string; total: number | null; grade: string };
  delta: number | null;
  changed: IndicatorChange[];
}

const pick = (i: IndicatorResult) => ({ points: i.points, deduction: i.deduction, awarded: i.awarded, status: i.status });

export function compareEditions(as: SiteScore[], bs: SiteScore[]): EditionComparison[] {
  return as.map((a) => {
    const b = bs.find((x) => x.siteId === a.siteId);
    const changed: IndicatorChange[] = [];
    const ids = [...new Set([...a.indicators.map((i) => i.id), ...(b?.indicators ?? []).map((i) => i.id)])];
    for (const id of ids) {
      const x = a.indicators.find((i) => i.id === id);
      const y = b?.indicators.find((i) => i.id === id);
      const px = x ? pick(x) : null;
      const py = y ? pick(y) : null;
      // Rows that do not apply, or could not be assessed, under both editions only differ in
      // nominal points: not a change (a site without data listed every bonus row as changed).
      if (px && py && px.status === py.status && (px.status === 'not_applicable' || px.status === 'cannot_assess')) continue;
      if (JSON.stringify(px) !== JSON.stringify(py)) changed.push({ id, name: (x ?? y)!.name.zh, a: px, b: py });
    }
    const ta = a.total;
    const tb = b?.total ?? null;
    return {
      siteId: a.siteId,
      siteName: a.siteName,
      a: { edition: `${a.edition.id}@${a.edition.version}`, total: ta, grade: a.grade.name.zh },
      b: { edition: b ? `${b.edition.id}@${b.edition.version}` : '—', total: tb, grade: b?.grade.name.zh ?? '—' },
      delta: ta === null || tb === null ? null : Math.round((tb - ta) * 100) / 100,
      changed,
    };
  });
}
