/**
 * `govmon warnings`: 预警 — vetoes that fired, indicators past their warning thresholds (V-01w,
 * V-02w, V-03c ≥ 3 …), score drops since the previous period and defects new since the last
 * audit, each with its evidence. `--fail-on red` turns red warnings into exit code 1 for cron.
 */
import type { Command } from 'commander';
import { openSession, pickSites, table, DEFAULT_EDITION } from '../../assessment/session.ts';
import { siteWarnings } from '../../assessment/warnings.ts';
import { UserError } from '../../lib/errors.ts';
import { log } from '../../lib/log.ts';
import type { EarlyWarning } from '../../model/score.ts';

interface WarningsCliOptions {
  all?: boolean;
  edition: string;
  period?: string;
  json?: boolean;
  db?: string;
  config?: string;
  level?: string;
  failOn?: string;
}

const LEVELS = ['red', 'orange', 'yellow'] as const;
const LEVEL_ZH = { red: '红', orange: '橙', yellow: '黄' } as const;

export function register(program: Command): void {
  program
    .command('warnings')
    .description('early warnings (预警) with evidence: vetoes, warning thresholds, score drops, new defects')
    .argument('[sites...]', 'site ids or 网站标识码 (default: all)')
    .option('--all', 'every site')
    .option('--edition <id|path>', 'methodology edition', DEFAULT_EDITION)
    .option('--period <p>', 'period whose latest audit is judged (default last-7d: audits are weekly by default); e.g. today, 2026-11', 'last-7d')
    .option('--level <level>', 'only this level and above: red, orange or yellow', 'yellow')
    .option('--fail-on <level>', 'exit with code 1 when a warning of this level or above exists')
    .option('--json', 'print JSON')
    .option('--config <path>', 'site registry (default config/sites.yaml when present)')
    .option('--db <target>', 'store: path, sqlite:PATH or postgres:// URL')
    .action(async (ids: string[], opts: WarningsCliOptions) => {
      for (const [flag, v] of [['--level', opts.level], ['--fail-on', opts.failOn]] as const)
        if (v !== undefined && !(LEVELS as readonly string[]).includes(v)) throw new UserError(`${flag} must be red, orange or yellow (got "${v}")`);
      const s = await openSession(opts);
      try {
        const sites = pickSites(s.sites, ids, !!opts.all);
        const all: EarlyWarning[] = [];
        for (const site of sites) {
          try {
            all.push(...(await siteWarnings(s.store, site, s.period, s.edition, { checks: s.checks })));
          } catch (e) {
            // One site with unreadable data must not hide the others' warnings.
            log.error({ siteId: site.id, err: (e as Error).message }, 'warnings failed for site');
          }
        }
        const max = LEVELS.indexOf((opts.level ?? 'yellow') as (typeof LEVELS)[number]);
        const shown = all.filter((w) => LEVELS.indexOf(w.level) <= max);
        if (opts.json) process.stdout.write(JSON.stringify({ edition: { id: s.edition.id, version: s.edition.version }, period: s.period, warnings: shown }, null, 2) + '\n');
        else if (shown.length === 0) process.stdout.write(`周期 ${s.period.label}：无预警 / no warnings\n`);
        else {
          const rows = shown.map((w) => [
            LEVEL_ZH[w.level],
            w.siteId,
            w.ruleId,
            w.message.zh,
            w.value === undefined ? '' : String(Math.round(w.value * 10000) / 10000),
            w.findings.slice(0, 2).map((f) => f.url ?? f.key).join(' '),
          ]);
          process.stdout.write(`周期 ${s.period.label}，${s.edition.id}@${s.edition.version}\n` + table(['级别', '站点', '规则', '预警', '数值', '证据'], rows));
        }
        if (opts.failOn) {
          const lim = LEVELS.indexOf(opts.failOn as (typeof LEVELS)[number]);
          if (all.some((w) => LEVELS.indexOf(w.level) <= lim)) process.exitCode = 1;
        }
      } finally {
        await s.store.close();
      }
    });
}
