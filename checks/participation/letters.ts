/**
 * Letters (留言/来信) of 政务咨询 columns, read from what the crawler stored: letter-list tables
 * (标题 | 来信时间 | 回复时间 | 状态), letter detail pages (来信时间：… 回复时间：…) and list items
 * of interaction columns. Used by V-05b. Each letter keeps where it was read, for evidence.
 */
import type { PageObservation } from '../../model/observation.ts';
import { parseDateText } from '../../crawlers/extract/dates.ts';
import { classifyColumn, type KeywordTables } from '../keywords.ts';
import { normUrl, okPage, titleColumn } from '../freshness/columns.ts';

export type LetterStatus = 'answered' | 'pending' | 'unknown';

export interface Letter {
  title: string;
  url?: string;
  /** The list or detail page it was read from. */
  page: string;
  submitted?: string;
  submittedRaw?: string;
  replied?: string;
  repliedRaw?: string;
  status: LetterStatus;
  statusText?: string;
  column?: string;
}

const TITLE_H = /标题|主题|信件|留言内容|事项|名称|问题/;
const SUBMIT_H = /来信|写信|提交|留言(?:时间|日期)|提问|咨询(?:时间|日期)|发布(?:时间|日期)|受理(?:时间|日期)|时间|日期/;
const REPLY_H = /回复|答复|办结|反馈/;
const STATUS_H = /状态|办理情况|处理情况|是否回复/;

const ANSWERED = /已回复|已答复|已办结|已处理|已反馈|办结|已解决|已完成|已受理并答复/;
const PENDING = /未回复|待回复|未答复|待答复|处理中|办理中|未办结|待处理|待办理|正在办理|受理中|已转办|转办中|未处理/;

export function statusOf(text: string | undefined): LetterStatus {
  if (!text) return 'unknown';
  if (PENDING.test(text)) return 'pending';
  if (ANSWERED.test(text)) return 'answered';
  return 'unknown';
}

function metaColumn(p: PageObservation): string | undefined {
  for (const [k, v] of Object.entries(p.meta ?? {})) if (k.toLowerCase() === 'columnname' && v.trim()) return v.trim();
  return undefined;
}

/** The column a page belongs to, as named by the page itself or the link that led to it. */
export function pageColumn(p: PageObservation): string | undefined {
  return metaColumn(p) ?? (p.referrerText && p.referrerText.length <= 14 ? p.referrerText : undefined) ?? titleColumn(p.title);
}

function colIndex(headers: string[], re: RegExp, taken: number[]): number {
  return headers.findIndex((h, i) => !taken.includes(i) && re.test(h));
}

const dateOpts = (p: PageObservation) => ({ refDate: new Date(p.at) });

/** Letters in a page's tables whose header names a submission date and a reply date or status. */
function fromTables(p: PageObservation, column: string | undefined): Letter[] {
  const out: Letter[] = [];
  for (const t of p.tables ?? []) {
    let headers = t.headers;
    let rows = t.rows;
    if (headers.length === 0 && rows.length > 1 && rows[0].cells.some((c) => STATUS_H.test(c) || REPLY_H.test(c))) {
      headers = rows[0].cells;
      rows = rows.slice(1);
    }
    const taken: number[] = [];
    const reply = colIndex(headers, REPLY_H, taken);
    if (reply >= 0) taken.push(reply);
    const status = colIndex(headers, STATUS_H, taken);
    if (status >= 0) taken.push(status);
    const submit = colIndex(headers, SUBMIT_H, taken);
    if (submit >= 0) taken.push(submit);
    // 「信件编号 | 信件标题」: the title column, never the serial-number one that also says 信件
    let title = colIndex(headers, /标题|主题/, taken);
    if (title < 0) title = headers.findIndex((h, i) => !taken.includes(i) && TITLE_H.test(h) && !/编号|序号|号码|编码/.test(h));
    if (submit < 0 || (reply < 0 && status < 0)) continue;
    const col = column ?? t.caption;
    for (const r of rows) {
      const s = parseDateText(r.cells[submit] ?? '', dateOpts(p));
      if (!s) continue;
      const rp = reply >= 0 ? parseDateText(r.cells[reply] ?? '', dateOpts(p)) : undefined;
      const st = status >= 0 ? statusOf(r.cells[status]) : 'unknown';
      out.push({
        title: (title >= 0 ? r.cells[title] : r.cells.find((c, i) => i !== submit && i !== reply && i !== status && c.length > 3)) ?? '',
        ...(r.url ? { url: r.url } : {}),
        page: p.finalUrl || p.url,
        submitted: s.date,
        submittedRaw: s.raw,
        ...(rp ? { replied: rp.date, repliedRaw: rp.raw } : {}),
        // an empty reply cell in a table that has a reply column means no reply yet
        status: st !== 'unknown' ? st : rp ? 'answered' : reply >= 0 && !(r.cells[reply] ?? '').trim() ? 'pending' : 'unknown',
        ...(status >= 0 && r.cells[status] ? { statusText: r.cells[status] } : {}),
        ...(col ? { column: col } : {}),
      });
    }
  }
  return out;
}

const SUBMIT_LABEL = /(?:来信|写信|留言|提交|提问|咨询|信件)(?:时间|日期)\s*[:：]?\s*/g;
const REPLY_LABEL = /(?:回复|答复|办结|反馈)(?:时间|日期)\s*[:：]?\s*/g;
// detail pages are often th/td tables ("办理状态 | 办理中"), so the colon is optional; statusOf
// only accepts known status words, so prose after a bare 状态 does no harm
const STATUS_LABEL = /(?:办理状态|处理状态|回复状态|办理情况|状态)\s*[:：]?\s*(\S{2,8})/;

function labelled(text: string, re: RegExp, p: PageObservation) {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 24);
    const d = parseDateText(after, { ...dateOpts(p), yearless: false });
    if (d && after.indexOf(d.raw) <= 2) return d;
  }
  return undefined;
}

/** A letter detail page: 来信时间 and (maybe) 回复时间 / 办理状态 labels in its text. */
// Detail pages in two sections, each with a bare 「时间：」: 来信内容 … 时间：2026-11-18 … 回复内容 … 时间：2026-11-20
const SUBMIT_SECTION = /(?:来信|留言|咨询|信件|诉求|问题)(?:内容|信息|详情)[\s\S]{0,400}?(?<![回答办]复|办结|办理)时间\s*[:：]\s*/g;
const REPLY_SECTION = /(?:回复|答复|办理)(?:内容|信息|结果|情况|意见)[\s\S]{0,400}?时间\s*[:：]\s*/g;

function fromDetail(p: PageObservation, column: string | undefined): Letter | undefined {
  const text = p.text ?? '';
  const labelledSubmit = labelled(text, SUBMIT_LABEL, p);
  const s = labelledSubmit ?? labelled(text, SUBMIT_SECTION, p);
  if (!s) return undefined;
  const r = labelled(text, REPLY_LABEL, p) ?? (labelledSubmit ? undefined : labelled(text, REPLY_SECTION, p));
  const stm = STATUS_LABEL.exec(text);
  let st = statusOf(stm?.[1]);
  if (st === 'unknown') st = r || /(?:回复|答复)内容\s*[:：]?\s*\S{6,}/.test(text) ? 'answered' : /(?:回复|答复)内容\s*[:：]?\s*(?:暂无|无|$)/.test(text) ? 'pending' : 'unknown';
  return {
    title: (p.title ?? '').split(/[_|｜]/)[0].trim(),
    url: p.finalUrl || p.url,
    page: p.finalUrl || p.url,
    submitted: s.date,
    submittedRaw: s.raw,
    ...(r ? { replied: r.date, repliedRaw: r.raw } : {}),
    status: st,
    ...(stm ? { statusText: stm[1] } : {}),
    ...(column ? { column } : {}),
  };
}

export interface LetterScan {
  letters: Letter[];
  /** Pages read as letter lists or details. */
  pages: string[];
  /** Interaction pages left out because they are 访谈/征集/信访/举报 columns. */
  excludedPages: string[];
}

/** Every letter the crawl saw in 政务咨询 columns, merged by URL (the detail page wins for the reply). */
export function scanLetters(pages: PageObservation[], tables: KeywordTables): LetterScan {
  const byKey = new Map<string, Letter>();
  const used = new Set<string>();
  const excluded = new Set<string>();
  const put = (l: Letter) => {
    const k = l.url ? normUrl(l.url) : `${l.page}|${l.title}|${l.submitted}`;
    const prev = byKey.get(k);
    if (!prev) return void byKey.set(k, l);
    // merge: keep what each source knew
    byKey.set(k, {
      ...prev,
      ...Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined && v !== '')),
      title: prev.title || l.title,
      status: l.status !== 'unknown' ? l.status : prev.status,
      column: prev.column ?? l.column,
    });
  };
  for (const p of pages) {
    if (!okPage(p)) continue;
    const column = pageColumn(p);
    const cls = classifyColumn(column, tables)?.cls;
    if (cls === 'interaction_excluded') {
      if ((p.tables?.length ?? 0) > 0 || /来信|留言/.test(p.text ?? '')) excluded.add(p.finalUrl || p.url);
      continue;
    }
    const fromT = fromTables(p, column).filter((l) => classifyColumn(l.column, tables)?.cls !== 'interaction_excluded');
    for (const l of fromT) put(l);
    // letter lists without a table: 「[已回复] 关于…」 rows of a consultation column
    if (cls === 'interaction') {
      const text = p.text ?? '';
      for (const it of p.items ?? []) {
        let st = statusOf(it.title);
        // rows printing the status in a cell of its own (<span>标题</span><span>已回复</span><span>日期</span>):
        // read it between the title and the row's date in the page text
        let cellStatus: string | undefined;
        if (st === 'unknown' && it.date) {
          const at = text.indexOf(it.title);
          const rest = at >= 0 ? text.slice(at + it.title.length, at + it.title.length + 40) : '';
          const end = it.rawDate ? rest.indexOf(it.rawDate) : -1;
          const between = end >= 0 ? rest.slice(0, end) : rest.slice(0, 12);
          const sm = /(已回复|已答复|已办结|已处理|已反馈|未回复|待回复|未答复|待答复|处理中|办理中|未办结|待处理|待办理|正在办理|受理中|已转办|转办中|未处理)/.exec(between);
          if (sm) (st = statusOf(sm[1])), (cellStatus = sm[1]);
        }
        if (!it.date || st === 'unknown') continue;
        const m = /[[【(（]?\s*(已回复|已答复|已办结|已处理|已反馈|未回复|待回复|未答复|待答复|处理中|办理中|未办结|待处理|待办理|正在办理|受理中|已转办|转办中|未处理)\s*[\]】)）]?/.exec(it.title);
        put({
          title: it.title.replace(m?.[0] ?? '', '').trim() || it.title,
          url: it.url,
          page: p.finalUrl || p.url,
          submitted: it.date,
          submittedRaw: it.rawDate ?? it.date,
          status: st,
          ...(m ? { statusText: m[1] } : cellStatus ? { statusText: cellStatus } : {}),
          ...(column ? { column } : {}),
        });
      }
    }
    const d = fromDetail(p, column);
    if (d && (cls === 'interaction' || d.status !== 'unknown')) put(d);
    if (fromT.length || d) used.add(p.finalUrl || p.url);
  }
  return { letters: [...byKey.values()], pages: [...used], excludedPages: [...excluded] };
}
