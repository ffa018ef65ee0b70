/**
 * Imports 公众评议 (public review) and 察访核验 (inspection) scores from CSV files the evaluating
 * office sends. Such files come from Excel and WPS: UTF-8 with or without BOM, or GBK/GB18030.
 * Columns are found by header name, Chinese or English: site id or 网站标识码 (or, failing both, the
 * exact 单位名称), score (0–100),
 * period (or one period for the whole file). Every row is validated; problems name the file, row,
 * column and fix, and nothing is stored unless the whole file is valid (unless `skipInvalid`).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { Store } from '../store/store.ts';
import type { Site } from '../model/site.ts';
import type { ExternalScore } from '../model/score.ts';
import { parsePeriod } from './period.ts';
import { UserError } from '../lib/errors.ts';

export const EXTERNAL_SOURCES = ['public_review', 'inspection'] as const;
export type ExternalSource = (typeof EXTERNAL_SOURCES)[number];

const HEADERS = {
  site: ['site', 'site_id', 'siteid', 'id', '站点', '站点id', '站点标识', '网站id'],
  code: ['网站标识码', 'site_id_code', 'siteidcode', 'code', '标识码'],
  score: ['score', '得分', '分数', '评分', '成绩', '公众评议得分', '察访核验得分'],
  period: ['period', '周期', '期间', '考核周期', '评议周期'],
  name: ['name', '单位名称', '网站名称', '名称'],
};

export class ImportError extends UserError {
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(`cannot import ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/**
 * Decodes bytes as UTF-8 (BOM stripped), UTF-16 with a BOM (Excel's and WPS's 「Unicode 文本」), or,
 * when that is not valid UTF-8, as GB18030 (a superset of GBK).
 */
export function decodeCsv(buf: Buffer): { text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8' };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(buf.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030' };
  }
}

/**
 * The field separator of a sheet export: a comma, or a tab (「Unicode 文本」/「文本文件(制表符分隔)」) or
 * semicolon (spreadsheets set to a locale with a decimal comma) when the header line has no comma.
 */
export function sniffDelimiter(text: string): ',' | '\t' | ';' {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  if (first.includes(',')) return ',';
  if (first.includes('\t')) return '\t';
  if (first.includes(';')) return ';';
  return ',';
}

/** The closing line of a rejected file: how many rows --skip-invalid would import. */
export function nothingImported(valid: number): string {
  return valid
    ? `nothing was imported; fix the rows above or pass --skip-invalid to import the ${valid} valid row${valid === 1 ? '' : 's'}`
    : 'nothing was imported and no row is valid; fix the rows above';
}

export interface ImportOptions {
  /** Period for every row when the file has no period column. */
  period?: string;
  /** Store the valid rows and report the invalid ones instead of rejecting the file. */
  skipInvalid?: boolean;
  now?: Date;
}

export interface ImportResult {
  rows: ExternalScore[];
  problems: string[];
  encoding: string;
}

function norm(h: string): string {
  return h.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/\s+/g, '');
}

/** Parses and validates a CSV text against the known sites. Pure (no store). */
export function parseExternalCsv(text: string, file: string, source: ExternalSource, sites: Site[], opts: ImportOptions = {}): Omit<ImportResult, 'encoding'> {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true, delimiter: sniffDelimiter(text) }) as unknown as typeof records;
  } catch (e) {
    throw new ImportError(file, [`${file}: not a readable CSV: ${(e as Error).message}; fix: save the sheet as CSV (UTF-8) from Excel or WPS`]);
  }
  if (records.length === 0) throw new ImportError(file, [`${file}: the file is empty; fix: export the sheet with a header row and one row per site`]);
  const header = records[0].record.map(norm);
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const c = { site: col(HEADERS.site), code: col(HEADERS.code), score: col(HEADERS.score), period: col(HEADERS.period), name: col(HEADERS.name) };
  const headerProblems: string[] = [];
  if (c.site < 0 && c.code < 0 && c.name < 0)
    headerProblems.push(`${file}:1: no site column (found: ${records[0].record.join(', ')}); fix: add a column named 网站标识码 or site_id (or 单位名称)`);
  if (c.score < 0) headerProblems.push(`${file}:1: no score column; fix: add a column named 得分 or score`);
  if (c.period < 0 && !opts.period) headerProblems.push(`${file}:1: no period column; fix: add a column named 周期 or period, or pass --period`);
  if (headerProblems.length) throw new ImportError(file, headerProblems);
  let fallback: string | undefined;
  // External scores belong to calendar periods; "last-7d" would mean a different week every day.
  const calendar = (raw: string) => {
    const p = parsePeriod(raw, opts.now);
    if (p.kind === 'range' && !/\.\./.test(p.label)) throw new UserError(`period "${raw}" is relative; fix: use a calendar period such as 2026-Q4, 2026-11 or 2026-11-01..2026-11-30`);
    return p.label;
  };
  if (opts.period) fallback = calendar(opts.period);

  const byId = new Map(sites.map((s) => [s.id, s]));
  const byCode = new Map(sites.filter((s) => s.siteIdCode).map((s) => [s.siteIdCode!, s]));
  const rows: ExternalScore[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const importedAt = (opts.now ?? new Date()).toISOString();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const cell = (i: number) => (i >= 0 ? (record[i] ?? '').trim() : '');
    const where = (column: string) => `${file}:${line}: column ${column}`;
    let site: Site | undefined;
    if (c.site >= 0 && cell(c.site)) {
      site = byId.get(cell(c.site));
      if (!site) {
        problems.push(`${where(records[0].record[c.site])}: unknown site "${cell(c.site)}"; fix: use a site id from config/sites.yaml (govmon score --all lists them)`);
        continue;
      }
    } else if (c.code >= 0 && cell(c.code)) {
      site = byCode.get(cell(c.code));
      if (!site) {
        problems.push(`${where(records[0].record[c.code])}: no registered site has 网站标识码 "${cell(c.code)}"; fix: add siteIdCode to that site in config/sites.yaml or correct the code`);
        continue;
      }
    } else if (c.name >= 0 && cell(c.name)) {
      // Sheets from evaluation offices often carry only the unit's name: accept an exact, unique match.
      const named = sites.filter((s) => s.name === cell(c.name));
      if (named.length !== 1) {
        problems.push(
          `${where(records[0].record[c.name])}: ${named.length ? `${named.length} registered sites are named` : 'no registered site is named'} "${cell(c.name)}"; fix: add a 网站标识码 or site_id column`,
        );
        continue;
      }
      site = named[0];
    } else {
      problems.push(`${file}:${line}: no site id or 网站标识码 in this row; fix: fill it in or delete the row`);
      continue;
    }
    const rawScore = cell(c.score).replace(/分$/, '');
    const score = Number(rawScore);
    if (rawScore === '' || !Number.isFinite(score) || score < 0 || score > 100) {
      problems.push(`${where(records[0].record[c.score])}: score "${cell(c.score)}" is not a number from 0 to 100; fix: write the score as a plain number such as 86.5`);
      continue;
    }
    let period = fallback;
    if (c.period >= 0 && cell(c.period)) {
      try {
        period = calendar(cell(c.period));
      } catch (e) {
        problems.push(`${where(records[0].record[c.period])}: ${(e as Error).message}`);
        continue;
      }
    }
    if (!period) {
      problems.push(`${where(records[0].record[c.period])}: empty period; fix: fill it in (e.g. 2026-Q4) or pass --period`);
      continue;
    }
    const k = `${site.id}|${period}`;
    if (seen.has(k)) {
      problems.push(`${file}:${line}: site ${site.id} already has a score for ${period} on line ${seen.get(k)}; fix: keep one row per site and period`);
      continue;
    }
    seen.set(k, line);
    rows.push({ source, siteId: site.id, period, score, origin: `${file}:${line}`, importedAt });
  }
  return { rows, problems };
}

/** Reads, validates and stores a CSV file of external scores (upsert per source, site and period). */
export async function importExternalScores(store: Store, file: string, source: ExternalSource, sites: Site[], opts: ImportOptions = {}): Promise<ImportResult> {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; fix: pass an existing CSV file`);
  }
  const { text, encoding } = decodeCsv(buf);
  const { rows, problems } = parseExternalCsv(text, file, source, sites, opts);
  if (problems.length && !opts.skipInvalid) throw new ImportError(file, [...problems, nothingImported(rows.length)]);
  await saveExternalScores(store, rows);
  return { rows, problems, encoding };
}

export async function saveExternalScores(store: Store, rows: ExternalScore[]): Promise<void> {
  await store.db.transaction(async (tx) => {
    for (const r of rows)
      await tx.run(
        `INSERT INTO external_scores (source, site_id, period, score, origin, imported_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (source, site_id, period) DO UPDATE SET score = excluded.score, origin = excluded.origin, imported_at = excluded.imported_at`,
        [r.source, r.siteId, r.period, r.score, r.origin, r.importedAt],
      );
  });
}

/** External scores stored for a period label (both sources unless one is given). */
export async function externalScores(store: Store, period: string, source?: ExternalSource): Promise<ExternalScore[]> {
  const rows = await store.db.all<{ source: string; site_id: string; period: string; score: number; origin: string; imported_at: string }>(
    `SELECT * FROM external_scores WHERE period = ?${source ? ' AND source = ?' : ''} ORDER BY site_id, source`,
    source ? [period, source] : [period],
  );
  return rows.map((r) => ({
    source: r.source as ExternalSource,
    siteId: r.site_id,
    period: r.period,
    score: Number(r.score),
    origin: r.origin,
    importedAt: r.imported_at,
  }));
}
