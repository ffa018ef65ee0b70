/**
 * G-05 主动公开时效 (条例 Art. 26): information is published within 20 working days of being
 * formed or changed. Article pages that show both a 成文日期 (形成日期, 印发日期 …) and a 发布日期
 * are measured with the mainland working-day calendar in cn-workdays.ts.
 */
import { z } from 'zod';
import type { Check, CheckContext, Finding } from '../../model/finding.ts';
import { calendarCovers, workingDaysBetween } from './cn-workdays.ts';
import { chinaDate, defect, isOk, labelledDates, pageEvidence, pageUrl, parseOptions, summary, type LabelledDate, nothingFetched } from './common.ts';

// 生成日期 is the formation date in 信息公开目录 metadata (索引号/生成日期/发布机构).
const WRITTEN = /^(?:成文|形成|印发|签发|制发|发文|生成)(?:日期|时间)$|^成文日$/;
const PUBLISHED = /^(?:发布|公开|公布|发表|上网)(?:日期|时间)$|^PubDate$|^publishdate$/i;

const Options = z.object({
  /** 条例 Art. 26: 20 个工作日. */
  maxWorkingDays: z.number().int().positive(),
  /** Only documents published within this many days before `now` (the monitoring period); null = all. */
  windowDays: z.number().int().positive().nullable(),
  /** At most this many defect findings (the summary still counts them all). */
  maxDefects: z.number().int().positive(),
});

const meta = {
  id: 'disclosure.publish-timeliness',
  ref: 'G-05',
  family: 'disclosure',
  severity: 'deduct',
  title: { zh: '主动公开时效（20个工作日）', en: 'Proactive disclosure within 20 working days' },
  description: {
    zh: '政府信息应自形成或变更之日起20个工作日内公开（条例第二十六条）：比较文章页的成文日期与发布日期。',
    en: 'Information is published within 20 working days of its formation (Art. 26): compares the 成文日期 and 发布日期 of article pages.',
  },
  needs: ['page'],
  defaults: { maxWorkingDays: 20, windowDays: 365, maxDefects: 200 },
} satisfies Omit<Check, 'evaluate'>;

/** The date a page states for a label set, preferring its metadata table, then labels, then text, then meta tags. */
function pick(hits: LabelledDate[]): LabelledDate | undefined {
  const rank = { table: 0, dates: 1, text: 2, meta: 3 } as const;
  return [...hits].sort((a, b) => rank[a.from] - rank[b.from])[0];
}

function evaluate(ctx: CheckContext): Finding[] {
  const o = parseOptions(Options, ctx, meta.id);
  const none = nothingFetched(meta, ctx);
  if (none) return [none];
  const today = chinaDate(ctx.now);
  const from = o.windowDays === null ? '0000-00-00' : chinaDate(new Date(ctx.now.getTime() - o.windowDays * 86400_000));
  const late: Finding[] = [];
  const examples: Array<Record<string, unknown>> = [];
  let measured = 0;
  let anomalies = 0;
  const seen = new Set<string>();
  for (const p of ctx.pages) {
    if (!isOk(p)) continue;
    const url = pageUrl(p);
    if (seen.has(url)) continue;
    seen.add(url);
    const written = pick(labelledDates(p, WRITTEN));
    const published = pick(labelledDates(p, PUBLISHED));
    if (!written || !published) continue;
    if (published.date < from || published.date > today) continue;
    measured++;
    const gap = workingDaysBetween(written.date, published.date);
    if (gap < 0) {
      // Published before it was written: a data-entry error worth a look, not a G-05 delay.
      anomalies++;
      continue;
    }
    if (gap <= o.maxWorkingDays) continue;
    const cal = calendarCovers(published.date);
    const ev = pageEvidence(p, {
      date: published.date,
      text: `${written.label} ${written.date}，${published.label} ${published.date}，相隔 ${gap} 个工作日`,
      data: { written: written.date, published: published.date, workingDays: gap, calendar: cal, title: p.title },
    });
    examples.push({ url, title: p.title, written: written.date, published: published.date, workingDays: gap });
    if (late.length < o.maxDefects) {
      late.push(
        defect(meta, url, 'fail', { zh: `《${p.title ?? url}》成文后 ${gap} 个工作日才发布（超过 ${o.maxWorkingDays} 个工作日）`, en: `"${p.title ?? url}" was published ${gap} working days after it was written (limit ${o.maxWorkingDays})` }, ev, {
          fix: { zh: '应自信息形成或变更之日起20个工作日内公开（条例第二十六条）；请核对成文日期与发布日期是否准确。', en: 'Publish within 20 working days of formation (Art. 26); check that both dates are recorded correctly.' },
        }),
      );
    }
  }
  if (measured === 0) {
    return [summary(meta, 'not_applicable', { zh: '监测期内未找到同时标注成文日期和发布日期的文件页面', en: 'No page in the monitoring window shows both a 成文日期 and a 发布日期' }, { measure: 0 })];
  }
  const n = examples.length;
  return [
    summary(
      meta,
      n === 0 ? 'pass' : 'fail',
      n === 0
        ? { zh: `${measured} 个文件均在成文后 ${o.maxWorkingDays} 个工作日内发布`, en: `All ${measured} documents were published within ${o.maxWorkingDays} working days` }
        : { zh: `${measured} 个文件中有 ${n} 个超过 ${o.maxWorkingDays} 个工作日才发布`, en: `${n} of ${measured} documents were published more than ${o.maxWorkingDays} working days after they were written` },
      { measure: n, evidence: examples.slice(0, 20).map((e) => ({ url: String(e.url), date: String(e.published), text: `${e.written} → ${e.published}：${e.workingDays} 个工作日`, data: e })), ...(anomalies ? { requiresReview: true } : {}) },
    ),
    ...late,
  ];
}

export const publishTimelinessCheck: Check = { ...meta, evaluate };
