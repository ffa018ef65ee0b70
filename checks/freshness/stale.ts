/**
 * Shared staleness judgement for V-03a and V-03b: a column is stale when the newest date it
 * shows is older than its maximum age, or when it lists items none of which shows a date
 * ("未注明信息发布时间的视为不更新"). A column listing nothing is V-03c's (blank), not stale:
 * no double counting ("因空白…已按其他指标扣分的，不在本指标项下重复扣分").
 */
import type { CheckContext, CheckMeta, Finding, Text } from '../../model/finding.ts';
import { finding } from '../util.ts';
import { cnDate, columnEvidence, dayDiff, discoverColumns, monthsBefore, newestOf, type Column, type Newest } from './columns.ts';

export interface Limit {
  /** Oldest acceptable date (YYYY-MM-DD): items on or after it count as recent. */
  since: string;
  label: Text;
}

export interface StaleOptions {
  meta: CheckMeta;
  /** Which columns this check judges, and their limit; undefined = not this check's column. */
  limitFor(c: Column, today: string): Limit | undefined;
  vetoCount: number;
  warnCount: number;
  scope: Text;
  /** Status when no column of the kind was recognised: V-03a expects news columns on every site; V-03b has nothing to count. */
  noneStatus?: 'cannot_assess' | 'pass';
}

export function sinceDays(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

export function sinceMonths(today: string, months: number): string {
  return monthsBefore(today, months);
}

export function judgeStale(ctx: CheckContext, o: StaleOptions): Finding[] {
  const { meta } = o;
  const { home, columns } = discoverColumns(ctx);
  const today = cnDate(ctx.now);
  const judged: Array<{ c: Column; n: Newest; limit: Limit; stale: boolean }> = [];
  const exempt: string[] = [];
  const unseen: string[] = [];
  for (const c of columns) {
    const limit = o.limitFor(c, today);
    if (!limit) continue;
    if (c.exempt) {
      exempt.push(c.name);
      continue;
    }
    const n = newestOf(c.items, ctx.now);
    if (n.dated + n.undated === 0) {
      unseen.push(c.name);
      continue;
    }
    judged.push({ c, n, limit, stale: !n.date || n.date < limit.since });
  }
  const stale = judged.filter((j) => j.stale);
  const defects = stale.map(({ c, n, limit }) => {
    const age = n.date ? dayDiff(n.date, today) : undefined;
    return finding(
      meta,
      'fail',
      n.date
        ? { zh: `栏目「${c.name}」最新信息日期为${n.date}（${age}天前），超过${limit.label.zh}未更新`, en: `Column 「${c.name}」: newest item dated ${n.date} (${age} days ago), not updated within ${limit.label.en}` }
        : { zh: `栏目「${c.name}」的${n.undated}条信息均未注明发布时间，视为未更新`, en: `Column 「${c.name}」: none of its ${n.undated} items shows a date, counted as not updated` },
      {
        key: `${meta.id}|${c.key}`,
        ...(age !== undefined ? { measure: age } : {}),
        evidence: [columnEvidence(c, n, { defect: true, since: limit.since, ageDays: age ?? null })],
        fix: { zh: `请按要求更新栏目「${c.name}」，或将历史性专题栏目归档并注明`, en: `Update column 「${c.name}」, or archive it clearly if it is a finished historical topic` },
        requiresReview: !c.cls || c.keyword === undefined || c.keyword.length <= 2,
      },
    );
  });
  const count = stale.length;
  const data = { stale: count, judged: judged.length, vetoCount: o.vetoCount, warnCount: o.warnCount, exempt, notSeen: unseen };
  const examples = stale.slice(0, 20).map(({ c, n }) => columnEvidence(c, n));
  const summaryEvidence = [{ url: home ? home.finalUrl || home.url : ctx.site.url, data }, ...examples];
  if (judged.length === 0) {
    const none = o.noneStatus ?? 'cannot_assess';
    return [
      finding(meta, none, { zh: `未识别到${o.scope.zh}${none === 'pass' ? '，无未更新栏目' : ''}`, en: `No ${o.scope.en} were recognised${none === 'pass' ? ', so none is stale' : ''}` }, {
        key: meta.id,
        measure: 0,
        evidence: summaryEvidence,
        ...(none === 'cannot_assess' ? { requiresReview: true } : {}),
      }),
    ];
  }
  const status = count >= o.vetoCount ? 'fail' : count > 0 ? 'warn' : 'pass';
  const early = count >= o.warnCount && count < o.vetoCount;
  const msg: Text =
    count === 0
      ? { zh: `${judged.length}个${o.scope.zh}均按时更新`, en: `All ${judged.length} ${o.scope.en} are up to date` }
      : {
          zh: `${judged.length}个${o.scope.zh}中${count}个未按时更新${status === 'fail' ? `，达到单项否决线（${o.vetoCount}个）` : early ? `，达到预警线（${o.warnCount}个）` : ''}：${stale.slice(0, 8).map((s) => s.c.name).join('、')}`,
          en: `${count} of ${judged.length} ${o.scope.en} are stale${status === 'fail' ? `, at or above the veto line of ${o.vetoCount}` : early ? `, at the early-warning line of ${o.warnCount}` : ''}: ${stale.slice(0, 8).map((s) => s.c.name).join(', ')}`,
        };
  return [finding(meta, status, msg, { key: meta.id, measure: count, evidence: summaryEvidence }), ...defects];
}
