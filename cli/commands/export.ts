/**
 * `govmon export`: scores of a period for reviewers, per site or per indicator, as CSV (UTF-8
 * with BOM, Chinese headers, CRLF — opens in Excel and WPS) or JSON (docs/export-schema.md).
 */
import type { Command } from 'commander';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openSession, pickSites, DEFAULT_EDITION } from '../../assessment/session.ts';
import { scoreSites } from '../../assessment/score.ts';
import { previousPeriod } from '../../assessment/period.ts';
import { rankScores, combine, GROUP_BY, type GroupBy } from '../../assessment/rank.ts';
import { externalScores } from '../../assessment/import.ts';
import { exportScores, type ExportBy, type ExportFormat } from '../../assessment/export.ts';
import { UserError } from '../../lib/errors.ts';

interface ExportCliOptions {
  format: string;
  by: string;
  edition: string;
  period?: string;
  out?: string;
  groupBy: string;
  compare: boolean;
  db?: string;
  config?: string;
}

export function register(program: Command): void {
  program
    .command('export')
    .description('export scores as CSV (Excel/WPS, UTF-8 BOM, Chinese headers) or JSON, per site or per indicator, with edition, runs and evidence keys')
    .argument('[sites...]', 'site ids or 网站标识码 (default: all)')
    .option('--format <csv|json>', 'output format', 'csv')
    .option('--by <site|indicator>', 'one row per site, or one per site and indicator', 'site')
    .option('--edition <id|path>', 'methodology edition', DEFAULT_EDITION)
    .option('--period <p>', 'period (default: this month, Beijing time)')
    .option('--group-by <key>', `ranking groups: ${GROUP_BY.join(', ')}`, 'group')
    .option('--no-compare', 'skip the previous period (no change column)')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--config <path>', 'site registry (default config/sites.yaml when present)')
    .option('--db <target>', 'store: path, sqlite:PATH or postgres:// URL')
    .action(async (ids: string[], opts: ExportCliOptions) => {
      if (opts.format !== 'csv' && opts.format !== 'json') throw new UserError(`--format must be csv or json (got "${opts.format}")`);
      if (opts.by !== 'site' && opts.by !== 'indicator') throw new UserError(`--by must be site or indicator (got "${opts.by}")`);
      if (!(GROUP_BY as readonly string[]).includes(opts.groupBy)) throw new UserError(`--group-by must be one of ${GROUP_BY.join(', ')}`);
      const s = await openSession(opts);
      try {
        const sites = pickSites(s.sites, ids, ids.length === 0);
        const scores = await scoreSites(s.store, sites, s.period, s.edition, { checks: s.checks });
        const previous = opts.compare ? await scoreSites(s.store, sites, previousPeriod(s.period), s.edition, { checks: s.checks }) : [];
        const ranks = rankScores(scores, opts.groupBy as GroupBy, previous);
        const ext = await externalScores(s.store, s.period.label);
        const combined = ext.length ? scores.map((x) => combine(x, ext, s.edition)).filter((c) => c !== undefined) : [];
        const text = exportScores({ scores, ranks, combined }, opts.format as ExportFormat, opts.by as ExportBy);
        if (opts.out) {
          const file = resolve(opts.out);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, text);
          process.stderr.write(`wrote ${file} (${scores.length} sites, ${s.edition.id}@${s.edition.version}, ${s.period.label})\n`);
        } else process.stdout.write(text);
      } finally {
        await s.store.close();
      }
    });
}
