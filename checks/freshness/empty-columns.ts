/**
 * freshness.empty-columns (V-03c, veto): "空白栏目数量超过（含）5个" (vendor warns at ≥ 3 🟡).
 * A blank column is a column page that loads but lists nothing: no list entries, or a 暂无信息 /
 * 暂无数据 / 共0条 notice, or a page with no content of its own. Since 2015 a column that has
 * legitimately produced nothing must say so on the page ("本机关…无此类信息", "特此说明"): such a
 * column is not blank, but a person must accept the note (cn-indicators §b.3), so it is a
 * warn with requiresReview and not counted.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import type { PageObservation } from '../../model/observation.ts';
import { finding } from '../util.ts';
import { num } from '../availability/window.ts';
import { matchKeyword, classifyColumn } from '../keywords.ts';
import { columnEvidence, discoverColumns, hasEmptyMarker, isPaginationPage, normUrl, okPage, sitePages, type Column , unreadableSite } from './columns.ts';

const meta: CheckMeta = {
  id: 'freshness.empty-columns',
  ref: 'V-03c',
  family: 'freshness',
  title: { zh: '空白栏目', en: 'Blank columns' },
  description: {
    zh: '栏目页面可以打开但没有任何信息（含“暂无信息”）的为空白栏目，超过（含）5个即单项否决；有说明的不计为空白，需人工确认。',
    en: 'A column page that opens but lists nothing (including “暂无信息”) is blank; 5 or more is a veto. A column with an explanatory note is not blank but needs a human check.',
  },
  severity: 'veto',
  needs: ['page'],
  defaults: { vetoCount: 5, warnCount: 3, maxOwnTextChars: 120 },
};

// "本机关/本单位/本部门 … 无/未 …" and "无…事项/信息": the explanatory notes V-03c accepts.
const NOTE_RES = [/本(?:机关|单位|部门|局|委|办|院|级政府)[^。；]{0,40}(?:无|未|没有|不涉及)/, /(?:无|未产生|未发生|不涉及)[^。；]{0,20}(?:信息|事项|情况|内容)/];

/** Text the page itself says, without its links (navigation, lists) and footer. */
function ownTextLength(p: PageObservation): number {
  let len = (p.text ?? '').length;
  for (const l of p.links ?? []) if (l.tag === 'a') len -= l.text.length;
  len -= (p.footerText ?? '').length;
  return Math.max(0, len);
}

/**
 * Links a page has that the home page does not (its own content: sub-columns of a hub page,
 * list entries the extractor did not recognise). A blank column page has none beyond a
 * breadcrumb; a hub of sub-columns is not blank.
 */
function pageOwnLinks(p: PageObservation, homeLinks: Set<string>): number {
  const self = normUrl(p.finalUrl || p.url);
  let n = 0;
  for (const l of p.links ?? []) {
    if (l.tag !== 'a' || !l.internal || l.inFooter) continue;
    const u = normUrl(l.url);
    if (u !== self && !homeLinks.has(u)) n++;
  }
  return n;
}

function explanatoryNote(p: PageObservation, keywords: string[], markers: string[]): string | undefined {
  // "暂无信息" itself is the blank marker, not an explanation of it
  let t = p.text ?? '';
  for (const m of markers) t = t.split(m).join('。');
  for (const re of NOTE_RES) {
    const m = re.exec(t);
    if (m) return m[0];
  }
  const k = matchKeyword(t, keywords);
  if (!k) return undefined;
  const i = t.indexOf(k);
  return t.slice(Math.max(0, i - 20), i + k.length + 40);
}

function columnMeta(p: PageObservation): string | undefined {
  for (const [k, v] of Object.entries(p.meta ?? {})) if (k.toLowerCase() === 'columnname' && v.trim()) return v.trim();
  return undefined;
}

interface Blank {
  c: Column;
  page: PageObservation;
  marker?: string;
  note?: string;
  uncertain?: boolean;
}

function evaluate(ctx: CheckContext): Finding[] {
  const unreadable = unreadableSite(ctx);
  if (unreadable) return [finding(meta, 'cannot_assess', { zh: unreadable.zh, en: unreadable.en }, { key: meta.id, evidence: unreadable.evidence })];
  const vetoCount = num(ctx.options.vetoCount, 5);
  const warnCount = num(ctx.options.warnCount, 3);
  const maxOwn = num(ctx.options.maxOwnTextChars, 120);
  const { home, columns, tables } = discoverColumns(ctx);
  const seen = new Set<string>();
  const blanks: Blank[] = [];
  const homeLinks = new Set((home?.links ?? []).map((l) => normUrl(l.url)));
  let checked = 0;

  const consider = (c: Column, p: PageObservation) => {
    if (seen.has(c.key) || !okPage(p)) return;
    seen.add(c.key);
    checked++;
    if ((p.items?.length ?? 0) > 0 || c.exempt) return;
    const marker = hasEmptyMarker(p, tables);
    const articleLike = (p.dates ?? []).some((d) => d.source === 'meta' || d.source === 'label');
    const thin = !articleLike && ownTextLength(p) <= maxOwn && (p.tables?.length ?? 0) === 0 && pageOwnLinks(p, homeLinks) < 3;
    if (!marker && !thin) return;
    const note = explanatoryNote(p, tables.explanatoryNotes, tables.emptyMarkers);
    // an empty static page that loads scripts may build its list in the browser (AJAX lists):
    // without a rendered copy or a 暂无信息 text it is a question for a person, not a blank column
    const uncertain = !marker && !note && !p.rendered && (p.scriptSrcs?.length ?? 0) > 0;
    blanks.push({ c, page: p, marker, note, uncertain });
  };

  for (const c of columns) if (c.listPage && c.cls !== 'interaction' && c.cls !== 'interaction_excluded') consider(c, c.listPage);
  // pages that name a column (ColumnName, or the link text that led there) and say 暂无信息 or
  // explain why they are empty: columns even when their name is not in the keyword tables
  // (信息公开 categories such as 行政处罚 or 环境保护、公共卫生…监督检查)
  for (const p of sitePages(ctx)) {
    if (p === home || !okPage(p) || (p.items?.length ?? 0) > 0 || isPaginationPage(p)) continue;
    const key = normUrl(p.finalUrl || p.url);
    if (seen.has(key)) continue;
    const ref = p.referrerText?.trim();
    const name = ref && ref.length <= 40 && !/更多|more/i.test(ref) ? ref : columnMeta(p);
    if (!name || name.length > 40) continue;
    if (!hasEmptyMarker(p, tables) && !explanatoryNote(p, tables.explanatoryNotes, tables.emptyMarkers)) continue;
    const k = classifyColumn(name, tables);
    consider({ key, url: p.finalUrl || p.url, name, cls: k?.cls, keyword: k?.keyword, topLevel: p.depth <= 1, exempt: false, page: p.referrer, linkText: p.referrerText, listPage: p, items: [], onHome: false }, p);
  }

  const counted = blanks.filter((b) => !b.note && !b.uncertain);
  const noted = blanks.filter((b) => b.note || b.uncertain);
  const defects: Finding[] = blanks.map((b) =>
    finding(
      meta,
      b.note || b.uncertain ? 'warn' : 'fail',
      b.note
        ? { zh: `栏目「${b.c.name}」无信息，但页面有说明：“${b.note}”，请人工确认说明是否成立`, en: `Column 「${b.c.name}」 lists nothing but carries a note (“${b.note}”); a person must confirm it` }
        : b.uncertain
          ? { zh: `栏目「${b.c.name}」页面未列出任何信息，但列表可能由脚本加载，请人工确认`, en: `Column 「${b.c.name}」 lists nothing in its HTML, but the list may be loaded by JavaScript; a person must confirm` }
          : { zh: `栏目「${b.c.name}」为空白栏目${b.marker ? `（页面显示“${b.marker}”）` : '（未列出任何信息）'}`, en: `Column 「${b.c.name}」 is blank${b.marker ? ` (the page says “${b.marker}”)` : ' (it lists nothing)'}` },
      {
        key: `${meta.id}|${b.c.key}`,
        evidence: [
          {
            ...columnEvidence(b.c, { dated: 0, undated: 0, future: 0 }, { defect: true, marker: b.marker ?? null, note: b.note ?? null, ...(b.uncertain ? { scriptsOnPage: b.page.scriptSrcs?.length ?? 0 } : {}) }),
            status: b.page.status,
            ...(b.page.screenshot ? { screenshot: b.page.screenshot } : {}),
            text: b.note ?? b.marker ?? '',
          },
        ],
        fix: b.note
          ? { zh: '确认说明内容属实；如有信息应及时发布', en: 'Make sure the note is true; publish the information if there is any' }
          : { zh: `为栏目「${b.c.name}」补充内容，或在页面注明无信息的原因，或撤并该栏目`, en: `Add content to 「${b.c.name}」, explain on the page why there is none, or remove the column` },
        ...(b.note || b.uncertain ? { requiresReview: true } : {}),
      },
    ),
  );
  const count = counted.length;
  const data = { blank: count, toReview: noted.length, checked, vetoCount, warnCount };
  const summaryEvidence = [{ url: home ? home.finalUrl || home.url : ctx.site.url, data }, ...blanks.slice(0, 20).map((b) => ({ url: b.c.url, page: b.c.page, linkText: b.c.linkText, text: b.note ?? b.marker }))];
  if (checked === 0) {
    return [finding(meta, 'cannot_assess', { zh: '未抓取到可识别的栏目页面', en: 'No recognisable column pages were crawled' }, { key: meta.id, measure: 0, evidence: summaryEvidence, requiresReview: true })];
  }
  const status = count >= vetoCount ? 'fail' : count > 0 || noted.length > 0 ? 'warn' : 'pass';
  const names = counted.slice(0, 8).map((b) => b.c.name);
  const msg =
    count === 0
      ? { zh: `检查${checked}个栏目页面，无空白栏目${noted.length ? `（${noted.length}个需人工确认）` : ''}`, en: `${checked} column pages checked, none blank${noted.length ? ` (${noted.length} to confirm by hand)` : ''}` }
      : {
          zh: `空白栏目${count}个${status === 'fail' ? `，达到单项否决线（${vetoCount}个）` : count >= warnCount ? `，达到预警线（${warnCount}个）` : ''}：${names.join('、')}`,
          en: `${count} blank column(s)${status === 'fail' ? `, at or above the veto line of ${vetoCount}` : count >= warnCount ? `, at the early-warning line of ${warnCount}` : ''}: ${names.join(', ')}`,
        };
  return [finding(meta, status, msg, { key: meta.id, measure: count, evidence: summaryEvidence }), ...defects];
}

export const emptyColumns: Check = { ...meta, evaluate };
