/**
 * `govmon report`: the maintainer's report of one site's run, or the evaluator's overview of a
 * period, rendered from the store (nothing is re-crawled or re-judged).
 *
 *   govmon report fj-fuzhou                      html+md+json under ./reports-out/<site>/<run>/
 *   govmon report fj-fuzhou --run ID --format md  one format to stdout
 *   govmon report --overview --period 2026-11 --out DIR
 *   govmon report --overview --period 2026-11 --format csv   review export to stdout
 */
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Store } from '../../store/store.ts';
import { UserError } from '../../lib/errors.ts';
import type { ReportFormat } from '../../reports/site-report.ts';
import type { Lang } from '../../reports/i18n.ts';

// The report modules (ECharts alone takes most of a second to load) are imported when the
// command runs, so every other govmon command starts without them.
const reports = async () => {
  const [site, overview, exp, period, store, md] = await Promise.all([
    import('../../reports/site-report.ts'),
    import('../../reports/overview.ts'),
    import('../../reports/export.ts'),
    import('../../assessment/period.ts'),
    import('../../store/store.ts'),
    import('../../reports/render/overview-md.ts'),
  ]);
  return { ...site, ...overview, ...exp, ...period, ...md, Store: store.Store };
};

interface ReportCliOptions {
  run?: string;
  format?: string;
  out?: string;
  lang: string;
  db?: string;
  dataDir?: string;
  overview?: boolean;
  period?: string;
  edition?: string;
  siteReports: boolean;
}

const SITE_FORMATS = ['html', 'md', 'json'] as const;
const OVERVIEW_FORMATS = ['html', 'md', 'json', 'csv'] as const;

function thisMonth(): string {
  const cst = new Date(Date.now() + 8 * 3600_000);
  return `${cst.getUTCFullYear()}-${String(cst.getUTCMonth() + 1).padStart(2, '0')}`;
}

function lang(v: string): Lang {
  if (v !== 'zh' && v !== 'en') throw new UserError(`--lang must be zh or en (got "${v}")`);
  return v;
}

async function siteReport(store: Store, given: string, o: ReportCliOptions): Promise<void> {
  const { renderSiteReport, writeSiteReport } = await reports();
  // A site is named by its id or by its 网站标识码 (S-02), as reviewers often only have the code.
  const siteId = (await store.getSite(given)) ? given : ((await store.listSites()).find((s) => s.siteIdCode === given)?.id ?? given);
  const format = o.format as ReportFormat | undefined;
  if (format && !(SITE_FORMATS as readonly string[]).includes(format)) throw new UserError(`--format must be one of ${SITE_FORMATS.join(', ')} for a site report (got "${format}")`);
  let runId = o.run;
  if (runId) {
    const run = await store.getRun(runId);
    if (!run) {
      // No command lists runs, so the message does: the site's latest audits, newest first.
      const recent = await store.runs({ siteId, kind: 'audit', limit: 5 });
      const list = recent.map((r) => `${r.id} (${r.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${r.status})`).join(', ');
      throw new UserError(`no run "${runId}" in the store; fix: omit --run for the latest${list ? ` or use one of the latest audits of ${siteId}: ${list}` : ''}`);
    }
    if (run.siteId !== siteId) throw new UserError(`run "${runId}" belongs to site "${run.siteId}", not "${siteId}"`);
  } else {
    const run = await store.latestRun(siteId, 'audit');
    if (!run) {
      const known = await store.getSite(siteId);
      throw new UserError(
        known
          ? `site "${siteId}" has no finished audit run yet; fix: run \`govmon audit ${siteId}\` first`
          : `unknown site "${siteId}" in the store; fix: check the id against config/sites.yaml, or audit it first`,
      );
    }
    runId = run.id;
  }
  const L = lang(o.lang);
  if (format && !o.out) {
    process.stdout.write(await renderSiteReport(store, runId, format, { lang: L, dataDir: o.dataDir }));
    return;
  }
  const outDir = resolve(o.out ?? join('reports-out', siteId, runId));
  if (format) {
    await mkdir(outDir, { recursive: true });
    const file = join(outDir, `report.${format}`);
    await writeFile(file, await renderSiteReport(store, runId, format, { lang: L, dataDir: o.dataDir }));
    process.stdout.write(file + '\n');
    return;
  }
  const files = await writeSiteReport(store, runId, outDir, { lang: L, dataDir: o.dataDir });
  process.stdout.write(`${files.html}\n${files.markdown}\n${files.json}\n`);
}

async function overview(store: Store, o: ReportCliOptions): Promise<void> {
  const { parsePeriod, buildOverview, writeOverview, overviewCsv, overviewJson, renderOverviewMarkdown } = await reports();
  const format = o.format ?? 'html';
  if (!(OVERVIEW_FORMATS as readonly string[]).includes(format)) throw new UserError(`--format must be one of ${OVERVIEW_FORMATS.join(', ')} for the overview (got "${format}")`);
  const period = parsePeriod(o.period ?? thisMonth());
  if (format !== 'html') {
    const model = await buildOverview(store, { period, edition: o.edition });
    const text = format === 'csv' ? overviewCsv(model) : format === 'md' ? renderOverviewMarkdown(model, lang(o.lang)) : overviewJson(model);
    if (!o.out) {
      process.stdout.write(text);
      return;
    }
    await mkdir(resolve(o.out), { recursive: true });
    const file = join(resolve(o.out), `export-${period.label}.${format}`);
    await writeFile(file, text);
    process.stdout.write(file + '\n');
    return;
  }
  const outDir = resolve(o.out ?? join('reports-out', `overview-${period.label}`));
  const files = await writeOverview(store, { period, edition: o.edition, outDir, siteReports: o.siteReports, lang: lang(o.lang), dataDir: o.dataDir });
  process.stdout.write(`${files.html}\n${files.markdown}\n${files.json}\n${files.siteReports.length} site reports under ${join(outDir, 'sites')}\n`);
}

export function register(program: Command): void {
  program
    .command('report')
    .description('render reports from the store: a site run (HTML/Markdown/JSON for maintainers) or a period overview (evaluators)')
    .argument('[site]', 'site id or 网站标识码 (omit with --overview)')
    .option('--run <id>', 'run to report (default: the latest finished audit of the site)')
    .option('--format <fmt>', 'site: html|md|json (printed to stdout without --out); overview: html (files) or md|json|csv (stdout without --out)')
    .option('--out <dir>', 'output directory (default ./reports-out/…)')
    .option('--lang <lang>', 'zh or en: language the HTML opens in and the Markdown is written in', 'zh')
    .option('--overview', 'the evaluator overview of a period instead of one site')
    .option('--period <p>', 'overview period: 2026-11, 2026-Q4, 2026-H2, 2026-W47, 2026, 2026-11-01..2026-11-20 (default: this month, Beijing time)')
    .option('--edition <id>', 'methodology edition to score with (when scoring is available)')
    .option('--no-site-reports', 'overview only, without writing each site report next to it')
    .option('--data-dir <dir>', 'where stored screenshots live (default GOVMON_DATA_DIR or ./data)')
    .option('--db <target>', 'store: path, sqlite:PATH or postgres:// URL (default DATABASE_URL or ./data/govmon.db)')
    .action(async (site: string | undefined, o: ReportCliOptions) => {
      if (!o.overview && !site) throw new UserError('name a site id, or pass --overview for the period overview; e.g. `govmon report fj-fuzhou` or `govmon report --overview --period 2026-11`');
      if (o.overview && site) throw new UserError('--overview covers every site; drop the site id, or drop --overview for one site');
      if (o.period && !o.overview) throw new UserError('--period applies to --overview; for one site use --run <id>');
      const { Store } = await reports();
      const store = await Store.open(o.db);
      try {
        if (o.overview) await overview(store, o);
        else await siteReport(store, site!, o);
      } finally {
        await store.close();
      }
    });
}
