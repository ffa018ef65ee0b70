/**
 * Reviewer decisions on machine results (cn-indicators §b: column classification, blank columns
 * with a note, validity of letters, V-04 …). A decision is recorded per audit run and indicator,
 * so every period that scores that run applies it, and re-scoring stays deterministic: the
 * decisions are stored inputs like the observations.
 *
 * CSV (`govmon import reviews FILE.csv`): 站点ID or 网站标识码, 指标编号, 监测批次 (run id; empty =
 * the site's latest audit run), 结论 (确认/驳回, confirm/dismiss), 审核人, 备注.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Store } from '../store/store.ts';
import type { Site } from '../model/site.ts';
import type { IndicatorResult, ReviewDecision } from '../model/score.ts';
import type { Edition } from '../config/methodology.ts';
import { decodeCsv, ImportError, nothingImported, sniffDelimiter } from './import.ts';
import { UserError } from '../lib/errors.ts';

const HEADERS = {
  site: ['site', 'site_id', 'siteid', '站点id', '站点'],
  code: ['网站标识码', 'site_id_code', 'siteidcode', '标识码'],
  indicator: ['indicator', 'indicator_id', '指标编号', '指标'],
  run: ['run', 'run_id', 'runid', '监测批次', '批次'],
  decision: ['decision', '结论', '审核结论', '复核结论'],
  reviewer: ['reviewer', '审核人', '复核人'],
  note: ['note', '备注', '说明'],
};

const DECISIONS: Record<string, ReviewDecision['decision']> = {
  confirm: 'confirm',
  confirmed: 'confirm',
  确认: 'confirm',
  属实: 'confirm',
  dismiss: 'dismiss',
  dismissed: 'dismiss',
  驳回: 'dismiss',
  不属实: 'dismiss',
};

const norm = (h: string) => h.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/\s+/g, '');

/** Parses and validates review decisions; `latestRun` resolves an empty run column. */
export async function parseReviewCsv(
  text: string,
  file: string,
  sites: Site[],
  edition: Edition,
  latestRun: (siteId: string) => Promise<string | undefined>,
  runExists: (siteId: string, runId: string) => Promise<boolean>,
  now = new Date(),
): Promise<{ rows: ReviewDecision[]; problems: string[] }> {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true, delimiter: sniffDelimiter(text) }) as unknown as typeof records;
  } catch (e) {
    throw new ImportError(file, [`${file}: not a readable CSV: ${(e as Error).message}; fix: save the sheet as CSV (UTF-8) from Excel or WPS`]);
  }
  if (records.length === 0) throw new ImportError(file, [`${file}: the file is empty; fix: a header row, then one row per decision`]);
  const header = records[0].record.map(norm);
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const c = Object.fromEntries(Object.entries(HEADERS).map(([k, v]) => [k, col(v)])) as Record<keyof typeof HEADERS, number>;
  const missing: string[] = [];
  if (c.site < 0 && c.code < 0) missing.push(`${file}:1: no site column; fix: add 站点ID or 网站标识码`);
  if (c.indicator < 0) missing.push(`${file}:1: no indicator column; fix: add 指标编号 (e.g. V-03c, as in govmon export)`);
  if (c.decision < 0) missing.push(`${file}:1: no decision column; fix: add 结论 with 确认 or 驳回`);
  if (c.reviewer < 0) missing.push(`${file}:1: no reviewer column; fix: add 审核人`);
  if (missing.length) throw new ImportError(file, missing);
  const byId = new Map(sites.map((s) => [s.id, s]));
  const byCode = new Map(sites.filter((s) => s.siteIdCode).map((s) => [s.siteIdCode!, s]));
  const indicators = new Set(edition.indicators.map((i) => i.id));
  const rows: ReviewDecision[] = [];
  const problems: string[] = [];
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const cell = (i: number) => (i >= 0 ? (record[i] ?? '').trim() : '');
    const at = (i: number) => `${file}:${line}: column ${records[0].record[i]}`;
    const site = (c.site >= 0 && cell(c.site) && byId.get(cell(c.site))) || (c.code >= 0 && cell(c.code) && byCode.get(cell(c.code))) || undefined;
    if (!site) {
      problems.push(`${file}:${line}: unknown site "${cell(c.site) || cell(c.code)}"; fix: use a site id or 网站标识码 from the registry`);
      continue;
    }
    const ind = cell(c.indicator);
    if (!indicators.has(ind)) {
      problems.push(`${at(c.indicator)}: "${ind}" is not an indicator of ${edition.id}; fix: use an id from govmon export --by indicator (e.g. V-03c)`);
      continue;
    }
    const decision = DECISIONS[cell(c.decision).toLowerCase()];
    if (!decision) {
      problems.push(`${at(c.decision)}: "${cell(c.decision)}" is not a decision; fix: write 确认 (confirm) or 驳回 (dismiss)`);
      continue;
    }
    const reviewer = cell(c.reviewer);
    if (!reviewer) {
      problems.push(`${at(c.reviewer)}: empty; fix: name the reviewer (decisions must be attributable)`);
      continue;
    }
    let runId = cell(c.run);
    if (!runId) {
      const latest = await latestRun(site.id);
      if (!latest) {
        problems.push(`${file}:${line}: site ${site.id} has no audit run to attach the decision to; fix: audit it first or give 监测批次`);
        continue;
      }
      runId = latest;
    } else if (!(await runExists(site.id, runId))) {
      problems.push(`${at(c.run)}: run "${runId}" is not an audit run of ${site.id}; fix: copy 监测批次 from govmon export`);
      continue;
    }
    const note = cell(c.note);
    rows.push({ siteId: site.id, runId, indicatorId: ind, decision, reviewer, ...(note ? { note } : {}), decidedAt: now.toISOString(), origin: `${file}:${line}` });
  }
  return { rows, problems };
}

export async function importReviews(store: Store, file: string, sites: Site[], edition: Edition, opts: { skipInvalid?: boolean; now?: Date } = {}) {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; fix: pass an existing CSV file`);
  }
  const { text, encoding } = decodeCsv(buf);
  const { rows, problems } = await parseReviewCsv(
    text,
    file,
    sites,
    edition,
    async (siteId) => (await store.latestRun(siteId, 'audit'))?.id,
    async (siteId, runId) => {
      const r = await store.getRun(runId);
      return !!r && r.siteId === siteId && r.kind === 'audit';
    },
    opts.now,
  );
  if (problems.length && !opts.skipInvalid) throw new ImportError(file, [...problems, nothingImported(rows.length)]);
  await store.db.transaction(async (tx) => {
    for (const r of rows)
      await tx.run(
        `INSERT INTO review_decisions (site_id, run_id, indicator_id, decision, reviewer, note, decided_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (site_id, run_id, indicator_id) DO UPDATE SET decision = excluded.decision, reviewer = excluded.reviewer, note = excluded.note, decided_at = excluded.decided_at, origin = excluded.origin`,
        [r.siteId, r.runId, r.indicatorId, r.decision, r.reviewer, r.note ?? null, r.decidedAt, r.origin],
      );
  });
  return { rows, problems, encoding };
}

/** Decisions recorded for one audit run, by indicator id. */
export async function reviewDecisions(store: Store, siteId: string, runId: string): Promise<Map<string, ReviewDecision>> {
  const rows = await store.db.all<{ site_id: string; run_id: string; indicator_id: string; decision: string; reviewer: string; note: string | null; decided_at: string; origin: string }>(
    'SELECT * FROM review_decisions WHERE site_id = ? AND run_id = ?',
    [siteId, runId],
  );
  return new Map(
    rows.map((r) => [
      r.indicator_id,
      {
        siteId: r.site_id,
        runId: r.run_id,
        indicatorId: r.indicator_id,
        decision: r.decision as ReviewDecision['decision'],
        reviewer: r.reviewer,
        ...(r.note ? { note: r.note } : {}),
        decidedAt: r.decided_at,
        origin: r.origin,
      },
    ]),
  );
}

/**
 * Applies a decision to an indicator result. confirm: a pending veto (review) becomes a veto;
 * dismiss: a veto or pending veto is lifted, a deduction is returned. Bonus rows are not reviewed.
 */
export function applyReview(r: IndicatorResult, d: ReviewDecision): IndicatorResult {
  const who = `${d.reviewer}${d.note ? `：${d.note}` : ''}`;
  const whoEn = `${d.reviewer}${d.note ? `: ${d.note}` : ''}`;
  if (r.part === 'bonus' || r.status === 'not_applicable' || r.status === 'cannot_assess') return { ...r, review: d };
  const out: IndicatorResult = { ...r, review: d, requiresReview: false };
  if (d.decision === 'confirm') {
    if (r.part === 'veto' && r.status === 'review') out.status = 'vetoed';
    out.explanation = { zh: `${r.explanation.zh}（经人工确认，${who}）`, en: `${r.explanation.en} (confirmed by ${whoEn})` };
    return out;
  }
  if (r.part === 'veto') out.status = 'pass';
  else {
    out.status = 'pass';
    out.deduction = 0;
    out.awarded = r.points;
  }
  out.explanation = { zh: `人工复核驳回，不${r.part === 'veto' ? '否决' : '扣分'}（${who}）；机器结果：${r.explanation.zh}`, en: `Dismissed on review (${whoEn}); machine result: ${r.explanation.en}` };
  return out;
}
