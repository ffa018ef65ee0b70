/**
 * Review exports of the overview rows (JSON and CSV) for `/api/export` and
 * `govmon report --overview --format csv`, used until engineer "assessment"'s
 * assessment/export.ts provides the scored export. CSV carries the UTF-8 BOM so Excel and WPS
 * open the Chinese columns correctly, and cells that a spreadsheet would read as a formula
 * are neutralised.
 */
import { stringify } from 'csv-stringify/sync';
import type { OverviewModel } from './overview.ts';

export const CSV_COLUMNS = [
  'period',
  'group',
  'rank',
  'of',
  'site_id',
  'site_name',
  'region',
  'level',
  'kind',
  'url',
  'state',
  'score',
  'grade',
  'change',
  'veto',
  'veto_refs',
  'defects',
  'new_defects',
  'fixed_defects',
  'cannot_assess',
  'availability_ratio',
  'probes',
  'run_id',
  'run_status',
  'run_started_at',
] as const;

/** A cell starting with = + - @ (or tab/CR) is a formula in Excel/WPS: prefix it so it stays text. */
export function csvSafe(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
}

export function overviewRecords(m: OverviewModel): Array<Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null>> {
  return m.groups.flatMap((g) =>
    g.rows.map((r) => ({
      period: m.period.label,
      group: g.name,
      rank: r.rank ?? null,
      of: r.of ?? null,
      site_id: r.site.id,
      site_name: r.site.name,
      region: r.site.region,
      level: r.site.level,
      kind: r.site.kind,
      url: r.site.url,
      state: r.state,
      score: r.score ?? null,
      grade: r.grade ?? null,
      change: r.change ?? null,
      veto: r.veto,
      veto_refs: r.vetoRefs.join(' '),
      defects: r.defects,
      new_defects: r.newDefects,
      fixed_defects: r.fixedDefects,
      cannot_assess: r.cannotAssess,
      availability_ratio: r.availability ? Math.round(r.availability.ratio * 10000) / 10000 : null,
      probes: r.availability?.probes ?? 0,
      run_id: r.run?.id ?? null,
      run_status: r.run?.status ?? null,
      run_started_at: r.run?.startedAt ?? null,
    })),
  );
}

export function overviewCsv(m: OverviewModel): string {
  const records = overviewRecords(m).map((r) => CSV_COLUMNS.map((c) => csvSafe(r[c])));
  return '\uFEFF' + stringify([Array.from(CSV_COLUMNS), ...records], { record_delimiter: '\r\n' });
}

export function overviewJson(m: OverviewModel): string {
  return JSON.stringify({ schema: 'govmon.export/1', period: m.period, edition: m.edition ?? null, generatedAt: m.generatedAt, sites: overviewRecords(m), warnings: m.warnings }, null, 2);
}
