/**
 * `govmon score`: scores sites for a period under a methodology edition (veto, deductions,
 * N/A rescaling, bonus), ranks them within their groups and compares with the previous period.
 * Re-runs the pure checks over stored observations; stores nothing unless --save (a cache).
 */
import type { Command } from 'commander';
import { openSession, pickSites, table, DEFAULT_EDITION } from '../../assessment/session.ts';
import { scoreSites } from '../../assessment/score.ts';
import { previousPeriod } from '../../assessment/period.ts';
import { rankScores, combine, GROUP_BY, type GroupBy } from '../../assessment/rank.ts';
import { externalScores } from '../../assessment/import.ts';
import { saveScores } from '../../assessment/cache.ts';
import { listEditionFiles, loadEditionFile, MethodologyError } from '../../config/methodology.ts';
import { allChecks } from '../../checks/registry.ts';
import { loadEdition } from '../../config/methodology.ts';
import { compareEditions } from '../../assessment/compare.ts';
import { UserError } from '../../lib/errors.ts';
import type { SiteScore } from '../../model/score.ts';

interface ScoreCliOptions {
  all?: boolean;
  edition: string;
  period?: string;
  json?: boolean;
  db?: string;
  config?: string;
  groupBy: string;
  compare: boolean;
  save?: boolean;
  detail?: boolean;
  listEditions?: boolean;
  vsEdition?: string;
}

function num(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : String(n);
}

function signed(n: number | null): string {
  return n === null ? '—' : n > 0 ? `+${n}` : String(n);
}

function detail(s: SiteScore): string {
  const rows = s.indicators.map((i) => [
    i.id,
    i.name.zh,
    i.part,
    String(i.points),
    i.value === undefined ? '' : String(Math.round(i.value * 10000) / 10000),
    i.part === 'deduct' ? String(i.deduction) : i.part === 'bonus' ? `+${i.awarded}` : '',
    i.status,
    i.explanation.zh,
  ]);
  return `\n${s.siteName}（${s.siteId}）${s.period.label} ${s.edition.id}@${s.edition.version} runs: ${s.runIds.join(', ') || '—'}\n` + table(['指标', '名称', '部分', '分值', '测量值', '扣/加分', '状态', '说明'], rows);
}

export function register(program: Command): void {
  program
    .command('score')
    .description('score sites for a period under a methodology edition: veto, deductions, bonus, total, grade and rank (国办秘函〔2019〕19号)')
    .argument('[sites...]', 'site ids or 网站标识码 (default: all)')
    .option('--all', 'score every site in the registry and store')
    .option('--edition <id|path>', 'methodology edition (config/methodology/<id>.yaml or a path)', DEFAULT_EDITION)
    .option('--period <p>', '2026, 2026-H2, 2026-Q4, 2026-11, 2026-W47, 2026-11-20, 2026-11-01..2026-11-20, today, last-7d (default: this month, Beijing time)')
    .option('--group-by <key>', `ranking groups: ${GROUP_BY.join(', ')}`, 'group')
    .option('--no-compare', 'skip the previous period (no change column)')
    .option('--detail', 'also print every indicator of every site')
    .option('--save', 'cache the scores in the store (table scores) for dashboards')
    .option('--list-editions', 'list the shipped methodology editions and validate each against the installed checks')
    .option('--vs-edition <id|path>', 're-score the same runs under a second edition and list what changes, site by site')
    .option('--json', 'print JSON: { scores, ranks, combined }')
    .option('--config <path>', 'site registry (default config/sites.yaml when present; sites in the store are always known)')
    .option('--db <target>', 'store: path, sqlite:PATH or postgres:// URL (default DATABASE_URL or ./data/govmon.db)')
    .action(async (ids: string[], opts: ScoreCliOptions) => {
      if (opts.listEditions) {
        const checks = await allChecks();
        const rows: string[][] = [];
        let bad = 0;
        for (const f of listEditionFiles()) {
          try {
            const e = loadEditionFile(f, { checks });
            const unverified = e.indicators.filter((i) => !i.source.verified).length;
            rows.push([e.id, e.version, e.jurisdiction, e.example ? '示例' : '', `${e.indicators.length} (${unverified} ❓)`, e.title.zh]);
          } catch (err) {
            bad++;
            rows.push([f.split('/').pop()!, '', '', '', 'INVALID', err instanceof MethodologyError ? err.problems[0] : (err as Error).message]);
          }
        }
        process.stdout.write(table(['版本', '版本号', '适用范围', '', '指标（未核实）', '名称'], rows));
        if (bad) process.exitCode = 1;
        return;
      }
      if (!(GROUP_BY as readonly string[]).includes(opts.groupBy)) throw new UserError(`--group-by must be one of ${GROUP_BY.join(', ')} (got "${opts.groupBy}")`);
      const s = await openSession(opts);
      try {
        const sites = pickSites(s.sites, ids, !!opts.all);
        if (sites.length === 0) throw new UserError('no sites to score; fix: audit some sites first (govmon audit) or pass --config with a registry');
        const scores = await scoreSites(s.store, sites, s.period, s.edition, { checks: s.checks });
        if (opts.vsEdition) {
          const other = loadEdition(opts.vsEdition, { checks: s.checks });
          const cmp = compareEditions(scores, await scoreSites(s.store, sites, s.period, other, { checks: s.checks }));
          if (opts.json) {
            process.stdout.write(JSON.stringify({ period: s.period, comparison: cmp }, null, 2) + '\n');
            return;
          }
          const fmtI = (x: { deduction: number; awarded: number; status: string; points: number } | null) => (x ? `${x.status} −${x.deduction}/+${x.awarded} (${x.points})` : '—');
          process.stdout.write(`周期 ${s.period.label}：${s.edition.id}@${s.edition.version} → ${other.id}@${other.version}\n`);
          process.stdout.write(table(['站点', '单位名称', `总分 ${s.edition.id}`, `总分 ${other.id}`, '变化', '等级'], cmp.map((c) => [c.siteId, c.siteName, num(c.a.total), num(c.b.total), signed(c.delta), `${c.a.grade} → ${c.b.grade}`])));
          for (const c of cmp.filter((x) => x.changed.length))
            process.stdout.write(`\n${c.siteName}（${c.siteId}）\n` + table(['指标', '名称', s.edition.id, other.id], c.changed.map((x) => [x.id, x.name, fmtI(x.a), fmtI(x.b)])));
          return;
        }
        const previous = opts.compare ? await scoreSites(s.store, sites, previousPeriod(s.period), s.edition, { checks: s.checks }) : [];
        const ranks = rankScores(scores, opts.groupBy as GroupBy, previous);
        const ext = await externalScores(s.store, s.period.label);
        const combined = ext.length ? scores.map((x) => combine(x, ext, s.edition)).filter((c) => c !== undefined) : [];
        if (opts.save) await saveScores(s.store, scores);
        if (opts.json) {
          process.stdout.write(JSON.stringify({ edition: scores[0]?.edition, period: s.period, scores, ranks, combined }, null, 2) + '\n');
          return;
        }
        const rows = ranks.map((r) => {
          const sc = scores.find((x) => x.siteId === r.siteId)!;
          const c = combined.find((x) => x.siteId === r.siteId);
          return [
            sc.siteId,
            sc.siteName,
            r.group,
            sc.error ? '评分出错' : sc.state === 'no_data' ? '无数据' : sc.veto.vetoed ? `否决 ${sc.veto.indicators.map((v) => v.id).join(',')}` : sc.veto.review.length ? `待确认 ${sc.veto.review.join(',')}` : '—',
            sc.state === 'no_data' ? '—' : String(sc.deduction.score),
            sc.state === 'no_data' ? '—' : String(sc.bonus.points),
            num(sc.total) + (sc.provisional && sc.state !== 'no_data' ? '*' : ''),
            sc.grade.name.zh,
            r.rank === null ? '—' : `${r.rank}/${r.of}`,
            signed(r.change),
            ...(combined.length ? [num(c?.total)] : []),
          ];
        });
        process.stdout.write(
          `${s.edition.title.zh}（${s.edition.id}@${s.edition.version}${s.edition.example ? '，示例版本' : ''}） 周期 ${s.period.label}\n` +
            table(['站点', '单位名称', '分组', '单项否决', '扣分得分', '加分', '总分', '等级', '排名', '较上期', ...(combined.length ? ['综合得分'] : [])], rows),
        );
        if (scores.some((x) => x.provisional && x.state !== 'no_data'))
          process.stdout.write('* 暂定：超过版本允许比例的指标无法评估（被拦截、超时或缺少数据），不计为问题 / provisional: too many indicators could not be assessed\n');
        if (scores.every((x) => x.state === 'no_data'))
          process.stdout.write(`没有站点在周期 ${s.period.label} 内有监测记录 / no audit run in ${s.period.label}; fix: run govmon audit, or pass --period for a period with audits (e.g. --period last-30d)\n`);
        for (const sc of scores.filter((x) => x.error)) process.stdout.write(`${sc.siteId}: ${sc.error!.zh}\n`);
        if (opts.detail) for (const sc of scores) process.stdout.write(detail(sc));
      } finally {
        await s.store.close();
      }
    });
}
