/**
 * Writes the maintainer's report of one run: HTML (bilingual, self-contained), Markdown and
 * JSON, from the store only. The crawler calls this at the end of every audit, so it must
 * never throw on odd data: a run without findings, without a site row, or with a missing
 * screenshot still gets a report.
 *
 * Screenshots are inlined as data: URIs (up to `inlineLimitBytes` each) so the HTML works
 * when mailed as one file; larger ones are copied to `assets/` next to the report and
 * linked relatively, which works when the folder is published.
 */
import { mkdir, readFile, writeFile, copyFile, stat, open } from 'node:fs/promises';
import { join, resolve, relative, isAbsolute, basename } from 'node:path';
import type { Store } from '../store/store.ts';
import { imageDataUri, sniffImage } from '../lib/html.ts';
import { log } from '../lib/log.ts';
import { buildSiteReport, type ScoreSummary, type SiteReportModel } from './model.ts';
import { renderSiteHtml } from './render/site-html.ts';
import { renderSiteMarkdown } from './render/site-md.ts';
import { loadScore } from './score-bridge.ts';
import type { Lang } from './i18n.ts';

export interface SiteReportOptions {
  /** Directory screenshot paths are relative to (default GOVMON_DATA_DIR or ./data). */
  dataDir?: string;
  /** File name without extension (default `report`). */
  baseName?: string;
  /** Language the HTML opens in and the Markdown is written in (default zh). */
  lang?: Lang;
  /** Screenshots larger than this are copied next to the report instead of inlined (default 1.5 MB). */
  inlineLimitBytes?: number;
  /** Score to show; by default the assessment's score for the run is computed when available; null: none. */
  score?: ScoreSummary | null;
  /** Methodology edition for that score (default gb-2019). */
  edition?: string;
  /** Relative link back to an overview page. */
  overviewHref?: string;
  now?: Date;
}

export interface SiteReportFiles {
  html: string;
  markdown: string;
  json: string;
}

/** Resolves a stored screenshot path inside dataDir, refusing anything that escapes it. */
function screenshotPath(dataDir: string, p: string): string | undefined {
  const root = resolve(dataDir);
  const full = isAbsolute(p) ? resolve(p) : resolve(root, p);
  const rel = relative(root, full);
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return full;
}

/** Inline screenshots of one report add up to at most this many bytes; the rest are copied. */
export const INLINE_TOTAL_BYTES = 25_000_000;

async function isImageFile(full: string): Promise<boolean> {
  const fh = await open(full, 'r');
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await fh.read(head, 0, 16, 0);
    return sniffImage(head.subarray(0, bytesRead)) !== undefined;
  } finally {
    await fh.close();
  }
}

/**
 * Builds path → src for every screenshot the report shows: a data: URI while the file and the
 * report's running total stay under the limits, else a copy in `<outDir>/assets/` (none when
 * there is no folder, as when served). Missing or non-image files are left out.
 */
export async function prepareAssets(model: SiteReportModel, outDir: string | null, dataDir: string, inlineLimit: number, inlineTotal = INLINE_TOTAL_BYTES): Promise<Map<string, string>> {
  const wanted = new Set<string>();
  for (const c of model.checks) for (const d of c.defects) for (const e of d.evidence) if (e.screenshot) wanted.add(e.screenshot);
  for (const d of model.fixed) for (const e of d.evidence) if (e.screenshot) wanted.add(e.screenshot);
  for (const c of model.cannotAssess) for (const e of c.evidence) if (e.screenshot) wanted.add(e.screenshot);
  const out = new Map<string, string>();
  let copied = 0;
  let inlined = 0;
  for (const p of [...wanted].slice(0, 200)) {
    const full = screenshotPath(dataDir, p);
    if (!full) continue;
    try {
      const st = await stat(full);
      if (!st.isFile()) continue;
      if (st.size <= inlineLimit && inlined + st.size <= inlineTotal) {
        const uri = imageDataUri(await readFile(full));
        if (uri) {
          out.set(p, uri);
          inlined += st.size;
        }
      } else if (outDir && (await isImageFile(full))) {
        await mkdir(join(outDir, 'assets'), { recursive: true });
        const name = `${copied++}-${basename(full).replace(/[^a-zA-Z0-9._-]/g, '_')}`;
        await copyFile(full, join(outDir, 'assets', name));
        out.set(p, `assets/${name}`);
      }
    } catch {
      // A screenshot that vanished is shown as its path; the report still renders.
    }
  }
  return out;
}

export type ReportFormat = 'html' | 'md' | 'json';

/**
 * Renders one run's report in memory (for `govmon serve` and stdout). Screenshots are always
 * inlined here since there is no folder to copy them to.
 */
export async function renderSiteReport(
  store: Store,
  runId: string,
  format: ReportFormat,
  opts: Pick<SiteReportOptions, 'dataDir' | 'lang' | 'score' | 'overviewHref' | 'now' | 'edition'> & { runHref?: (runId: string) => string } = {},
): Promise<string> {
  const run = await store.getRun(runId);
  const score = opts.score === undefined ? (run ? await loadScore(store, run, opts.edition) : undefined) : (opts.score ?? undefined);
  const model = await buildSiteReport(store, runId, { score, now: opts.now });
  if (format === 'json') return JSON.stringify(model, null, 2) + '\n';
  if (format === 'md') return renderSiteMarkdown(model, opts.lang ?? 'zh');
  const assets = await prepareAssets(model, null, opts.dataDir ?? process.env.GOVMON_DATA_DIR ?? './data', 20_000_000);
  return renderSiteHtml(model, { assets, lang: opts.lang, overviewHref: opts.overviewHref, runHref: opts.runHref });
}

export async function writeSiteReport(store: Store, runId: string, outDir: string, opts: SiteReportOptions = {}): Promise<SiteReportFiles> {
  const run = await store.getRun(runId);
  const score = opts.score === undefined ? (run ? await loadScore(store, run, opts.edition) : undefined) : (opts.score ?? undefined);
  const model = await buildSiteReport(store, runId, { score, now: opts.now });
  await mkdir(outDir, { recursive: true });
  const base = opts.baseName ?? 'report';
  const dataDir = opts.dataDir ?? process.env.GOVMON_DATA_DIR ?? './data';
  const assets = await prepareAssets(model, outDir, dataDir, opts.inlineLimitBytes ?? 1_500_000);
  const files: SiteReportFiles = {
    html: join(outDir, `${base}.html`),
    markdown: join(outDir, `${base}.md`),
    json: join(outDir, `${base}.json`),
  };
  await Promise.all([
    writeFile(files.html, renderSiteHtml(model, { assets, lang: opts.lang, overviewHref: opts.overviewHref })),
    writeFile(files.markdown, renderSiteMarkdown(model, opts.lang ?? 'zh')),
    writeFile(files.json, JSON.stringify(model, null, 2) + '\n'),
  ]);
  log.info({ runId, siteId: model.site.id, out: files.html, defects: model.verdict.defects }, 'site report written');
  return files;
}
