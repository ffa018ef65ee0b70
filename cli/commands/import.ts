/**
 * `govmon import public-review FILE.csv` / `govmon import inspection FILE.csv`: 公众评议 and
 * 察访核验 scores from CSV (UTF-8 with or without BOM, GBK tolerated), validated row by row
 * against the registry, combined with the indicator score as the edition weights them.
 * `govmon import reviews FILE.csv`: reviewers' confirm/dismiss decisions on machine results.
 */
import type { Command } from 'commander';
import { Store } from '../../store/store.ts';
import { knownSites } from '../../assessment/session.ts';
import { importExternalScores, type ExternalSource } from '../../assessment/import.ts';
import { importReviews } from '../../assessment/reviews.ts';
import { loadEdition } from '../../config/methodology.ts';
import { allChecks } from '../../checks/registry.ts';
import { DEFAULT_EDITION } from '../../assessment/session.ts';
import { UserError } from '../../lib/errors.ts';

interface ImportCliOptions {
  period?: string;
  skipInvalid?: boolean;
  db?: string;
  config?: string;
  json?: boolean;
  edition: string;
}

const SOURCES: Record<string, ExternalSource> = { 'public-review': 'public_review', inspection: 'inspection' };

export function register(program: Command): void {
  program
    .command('import')
    .description('import 公众评议 (public-review) or 察访核验 (inspection) scores (columns 网站标识码 or site_id, 得分/score, 周期/period), or reviewers\' decisions (reviews: 站点ID or 网站标识码, 指标编号, 监测批次, 结论 确认/驳回, 审核人, 备注)')
    .argument('<kind>', 'public-review, inspection or reviews')
    .argument('<file>', 'CSV file (UTF-8 with or without BOM, GBK, or UTF-16 「Unicode 文本」; comma, tab or semicolon separated)')
    .option('--period <p>', 'period for every row when the file has no 周期 column (e.g. 2026-Q4)')
    .option('--skip-invalid', 'import the valid rows and list the invalid ones instead of rejecting the file')
    .option('--json', 'print the imported rows as JSON')
    .option('--edition <id|path>', 'edition whose indicator ids review decisions name', DEFAULT_EDITION)
    .option('--config <path>', 'site registry (default config/sites.yaml when present)')
    .option('--db <target>', 'store: path, sqlite:PATH or postgres:// URL')
    .action(async (kind: string, file: string, opts: ImportCliOptions) => {
      const source = SOURCES[kind];
      if (!source && kind !== 'reviews') throw new UserError(`unknown import kind "${kind}"; fix: use public-review, inspection or reviews`);
      const edition = kind === 'reviews' ? loadEdition(opts.edition, { checks: await allChecks() }) : undefined;
      const store = await Store.open(opts.db);
      try {
        const sites = await knownSites(store, opts.config);
        if (edition) {
          const r = await importReviews(store, file, sites, edition, { skipInvalid: opts.skipInvalid });
          if (opts.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
          else {
            process.stdout.write(`imported ${r.rows.length} review decisions from ${file} (${r.encoding}); they apply whenever those runs are scored\n`);
            for (const p of r.problems) process.stdout.write(`  skipped: ${p}\n`);
          }
          return;
        }
        const r = await importExternalScores(store, file, source!, sites, { period: opts.period, skipInvalid: opts.skipInvalid });
        if (opts.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        else {
          process.stdout.write(`imported ${r.rows.length} ${kind} scores from ${file} (${r.encoding})\n`);
          for (const p of r.problems) process.stdout.write(`  skipped: ${p}\n`);
        }
      } finally {
        await store.close();
      }
    });
}
