/**
 * participation.unanswered-letters (V-05b, veto): "监测时间点前1年内，对网民留言应及时答复处理的政务咨询类
 * 栏目…存在超过3个月未回应有效留言的现象" → veto.
 *
 * Letters submitted in the 12 months before ctx.now are read from letter tables, detail pages
 * and interaction lists (letters.ts). A letter with no reply more than 3 months after it was
 * submitted is a veto candidate and its own defect. A reply that came more than 3 months
 * after submission is flagged too, but whether it triggers the veto is ❓ in the reference
 * and needs a human call (§b.4): warn + requiresReview. Whether a letter is "有效" (not spam,
 * not a duplicate) is also a human call, so every fail carries requiresReview as well.
 * 在线访谈, 调查征集, 网上信访 and 纪检举报 columns are excluded.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding } from '../util.ts';
import { num } from '../availability/window.ts';
import { keywordTables } from '../keywords.ts';
import { cnDate, dayDiff, monthsBefore, sitePages , unreadableSite } from '../freshness/columns.ts';
import { scanLetters, type Letter } from './letters.ts';

const meta: CheckMeta = {
  id: 'participation.unanswered-letters',
  ref: 'V-05b',
  family: 'participation',
  title: { zh: '留言超3个月未回应', en: 'Letters unanswered for over 3 months' },
  description: {
    zh: '监测时间点前1年内，政务咨询类栏目存在超过3个月未回应有效留言的，即单项否决（在线访谈、调查征集、网上信访、纪检举报栏目除外）。',
    en: 'Within the 12 months before the check, any valid letter in a consultation column left unanswered for more than 3 months is a veto (interviews, surveys, petitions and disciplinary reports excluded).',
  },
  severity: 'veto',
  needs: ['page'],
  defaults: { windowMonths: 12, replyMonths: 3 },
  refs: ['V-05b', 'V-05w'],
};

function letterEvidence(l: Letter, extra: Record<string, unknown>) {
  return {
    ...(l.url ? { url: l.url } : { url: l.page }),
    page: l.page,
    linkText: l.title,
    ...(l.submitted ? { date: l.submitted } : {}),
    text: [l.submittedRaw && `提交 ${l.submittedRaw}`, l.repliedRaw && `回复 ${l.repliedRaw}`, l.statusText && `状态 ${l.statusText}`].filter(Boolean).join('；'),
    data: { title: l.title, submitted: l.submitted ?? null, replied: l.replied ?? null, status: l.status, statusText: l.statusText ?? null, column: l.column ?? null, ...extra },
  };
}

function evaluate(ctx: CheckContext): Finding[] {
  const unreadable = unreadableSite(ctx);
  if (unreadable) return [finding(meta, 'cannot_assess', { zh: unreadable.zh, en: unreadable.en }, { key: meta.id, evidence: unreadable.evidence })];
  const windowMonths = num(ctx.options.windowMonths, 12);
  const replyMonths = num(ctx.options.replyMonths, 3);
  const tables = keywordTables(ctx.options.keywords);
  const today = cnDate(ctx.now);
  const since = monthsBefore(today, windowMonths);
  const overdueBefore = monthsBefore(today, replyMonths);
  const scan = scanLetters(sitePages(ctx), tables);
  const inWindow = scan.letters.filter((l) => l.submitted && l.submitted >= since && l.submitted <= today);

  const defects: Finding[] = [];
  let overdue = 0;
  let late = 0;
  let unknown = 0;
  for (const l of inWindow) {
    const answered = l.status === 'answered' || !!l.replied;
    const key = `${meta.id}|${l.url ?? `${l.page}#${l.title}|${l.submitted}`}`;
    if (!answered && l.status === 'unknown') {
      unknown++;
      continue;
    }
    if (!answered && l.submitted! < overdueBefore) {
      overdue++;
      const days = dayDiff(l.submitted!, today);
      defects.push(
        finding(meta, 'fail', { zh: `留言「${l.title}」于${l.submitted}提交，${days}天未回复`, en: `Letter 「${l.title}」 submitted ${l.submitted} has had no reply for ${days} days` }, {
          key,
          measure: days,
          evidence: [letterEvidence(l, { defect: true, daysWithoutReply: days })],
          fix: { zh: '及时答复网民留言（3个月内），并公开答复内容', en: 'Answer the letter (within 3 months) and publish the reply' },
          requiresReview: true,
        }),
      );
    } else if (answered && l.replied && monthsBefore(l.replied, replyMonths) > l.submitted!) {
      late++;
      const days = dayDiff(l.submitted!, l.replied);
      defects.push(
        finding(meta, 'warn', { zh: `留言「${l.title}」于${l.submitted}提交，${l.replied}才回复（${days}天），超过3个月`, en: `Letter 「${l.title}」 submitted ${l.submitted} was answered only on ${l.replied} (${days} days), more than 3 months later` }, {
          key,
          measure: days,
          evidence: [letterEvidence(l, { defect: true, daysToReply: days })],
          fix: { zh: '建立留言办理时限制度，确保3个月内答复', en: 'Set up a handling deadline so every letter is answered within 3 months' },
          requiresReview: true,
        }),
      );
    }
  }

  const data = {
    letters: scan.letters.length,
    inWindow: inWindow.length,
    overdue,
    lateReplies: late,
    statusUnknown: unknown,
    since,
    windowMonths,
    replyMonths,
    pages: scan.pages.slice(0, 20),
    excludedPages: scan.excludedPages.slice(0, 20),
  };
  const summaryEvidence = [{ url: ctx.site.url, data }, ...defects.slice(0, 20).map((d) => d.evidence[0])];
  if (inWindow.length === 0 && scan.letters.length > 0) {
    // 开普云 flags "1年内无有效信息和留言" as an interaction problem (V-05w 🟡): a person decides
    return [
      finding(meta, 'warn', { zh: `留言列表近${windowMonths}个月无任何留言（共读取${scan.letters.length}条更早的留言）`, en: `The letter list shows no letter in the last ${windowMonths} months (${scan.letters.length} older letters read)` }, {
        key: meta.id,
        measure: 0,
        evidence: summaryEvidence,
        requiresReview: true,
        fix: { zh: '确认咨询渠道是否正常受理留言，并及时公开留言及答复', en: 'Check that the channel accepts letters, and publish letters and replies' },
      }),
    ];
  }
  if (inWindow.length === 0 || inWindow.length === unknown) {
    return [
      finding(
        meta,
        'cannot_assess',
        scan.letters.length
          ? { zh: `未找到可判断的近${windowMonths}个月留言（共读取${scan.letters.length}条）`, en: `No letter of the last ${windowMonths} months could be judged (${scan.letters.length} read)` }
          : { zh: '未找到公开的留言列表（来信时间、回复时间或办理状态）', en: 'No published letter list (submission date with reply date or status) was found' },
        { key: meta.id, evidence: summaryEvidence, requiresReview: true },
      ),
    ];
  }
  const status = overdue > 0 ? 'fail' : late > 0 ? 'warn' : 'pass';
  const msg =
    status === 'pass'
      ? { zh: `近${windowMonths}个月${inWindow.length}条留言均在3个月内回复或仍在办理期内`, en: `All ${inWindow.length} letters of the last ${windowMonths} months were answered within 3 months or are still within the deadline` }
      : {
          zh: `近${windowMonths}个月${inWindow.length}条留言中，${overdue}条超过3个月未回复，${late}条超过3个月才回复`,
          en: `Of ${inWindow.length} letters in the last ${windowMonths} months, ${overdue} have had no reply for over 3 months and ${late} were answered more than 3 months late`,
        };
  return [finding(meta, status, msg, { key: meta.id, measure: overdue, evidence: summaryEvidence, ...(status !== 'pass' ? { requiresReview: true } : {}) }), ...defects];
}

export const unansweredLetters: Check = { ...meta, evaluate };
