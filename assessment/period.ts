/**
 * Scoring periods. Reviewers think in calendar periods of China Standard Time (UTC+8, no
 * daylight saving): "2026-11" is 2026-11-01 00:00 to 2026-12-01 00:00 Beijing time, whatever
 * the server's zone. Every period is a half-open instant range [from, to).
 *
 * Accepted forms: `2026` (year), `2026-H2` (half-year: the State Council spot-checks every half
 * year), `2026-Q4`, `2026-11`, `2026-W47` (ISO week), `2026-11-20` (day), `2026-11-01..2026-11-20`
 * (inclusive days), `today`, `yesterday`, `last-7d` (the 7 × 24 h before now).
 */
import type { Period, PeriodKind } from '../model/score.ts';
import { UserError } from '../lib/errors.ts';

/** China Standard Time offset; periods are calendar periods in Beijing time. */
export const CST_OFFSET_MS = 8 * 3600_000;
const DAY = 86_400_000;

export type ParsedPeriod = Period;

function cstMidnight(y: number, m0: number, d: number): number {
  return Date.UTC(y, m0, d) - CST_OFFSET_MS;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function make(label: string, kind: PeriodKind, from: number, to: number): Period {
  return { label, kind, from: iso(from), to: iso(to) };
}

/** The calendar date (Beijing time) of an instant, as y, m0, d. */
function cstDate(ms: number): { y: number; m0: number; d: number } {
  const t = new Date(ms + CST_OFFSET_MS);
  return { y: t.getUTCFullYear(), m0: t.getUTCMonth(), d: t.getUTCDate() };
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function dayLabel(ms: number): string {
  const { y, m0, d } = cstDate(ms);
  return `${y}-${pad(m0 + 1)}-${pad(d)}`;
}

/** Monday 00:00 CST of ISO week 1 of an ISO year. */
function isoWeek1(y: number): number {
  const jan4 = Date.UTC(y, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
  return jan4 - dow * DAY - CST_OFFSET_MS;
}

function weeksInYear(y: number): number {
  return Math.round((isoWeek1(y + 1) - isoWeek1(y)) / (7 * DAY));
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const bad = (input: string, why: string) =>
  new UserError(
    `invalid period "${input}": ${why}; fix: use 2026, 2026-H2, 2026-Q4, 2026-11, 2026-W47, 2026-11-20, 2026-11-01..2026-11-20, today, yesterday or last-7d`,
  );

/** Parses a period expression; `now` anchors `today`, `yesterday` and `last-Nd`. */
export function parsePeriod(input: string, now: Date = new Date()): ParsedPeriod {
  const s = input.trim();
  let m: RegExpMatchArray | null;
  const nowMs = now.getTime();
  if (s === 'today' || s === 'yesterday') {
    const { y, m0, d } = cstDate(nowMs - (s === 'yesterday' ? DAY : 0));
    const from = cstMidnight(y, m0, d);
    return make(dayLabel(from), 'day', from, from + DAY);
  }
  if ((m = s.match(/^last-(\d{1,3})d$/))) {
    const n = Number(m[1]);
    if (n < 1) throw bad(input, 'the number of days must be at least 1');
    return make(s, 'range', nowMs - n * DAY, nowMs);
  }
  if ((m = s.match(/^(\d{4})$/))) {
    const y = Number(m[1]);
    return make(s, 'year', cstMidnight(y, 0, 1), cstMidnight(y + 1, 0, 1));
  }
  if ((m = s.match(/^(\d{4})-H([12])$/i))) {
    const y = Number(m[1]);
    const h = Number(m[2]);
    return make(`${y}-H${h}`, 'half', cstMidnight(y, (h - 1) * 6, 1), cstMidnight(y, h * 6, 1));
  }
  if ((m = s.match(/^(\d{4})-Q([1-4])$/i))) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return make(`${y}-Q${q}`, 'quarter', cstMidnight(y, (q - 1) * 3, 1), cstMidnight(y, q * 3, 1));
  }
  if ((m = s.match(/^(\d{4})-W(\d{1,2})$/i))) {
    const y = Number(m[1]);
    const w = Number(m[2]);
    if (w < 1 || w > weeksInYear(y)) throw bad(input, `${y} has ISO weeks 1 to ${weeksInYear(y)}`);
    const from = isoWeek1(y) + (w - 1) * 7 * DAY;
    return make(`${y}-W${pad(w)}`, 'week', from, from + 7 * DAY);
  }
  if ((m = s.match(/^(\d{4})-(\d{1,2})$/))) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) throw bad(input, 'the month must be 01 to 12');
    return make(`${y}-${pad(mo)}`, 'month', cstMidnight(y, mo - 1, 1), cstMidnight(y, mo, 1));
  }
  const day = (t: string): number | undefined => {
    const d = t.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
    if (!d) return undefined;
    const [y, mo, dd] = [Number(d[1]), Number(d[2]), Number(d[3])];
    if (!validDay(y, mo, dd)) throw bad(input, `${t} is not a calendar date`);
    return cstMidnight(y, mo - 1, dd);
  };
  if ((m = s.match(/^(\S+?)\.\.(\S+)$/))) {
    const a = day(m[1]);
    const b = day(m[2]);
    if (a === undefined || b === undefined) throw bad(input, 'both ends of a range are dates YYYY-MM-DD');
    if (b < a) throw bad(input, 'the range ends before it starts');
    return make(`${dayLabel(a)}..${dayLabel(b)}`, 'range', a, b + DAY);
  }
  const d = day(s);
  if (d !== undefined) return make(dayLabel(d), 'day', d, d + DAY);
  throw bad(input, 'unrecognised form');
}

/** The period just before: previous month for a month, previous ISO week for a week, same length before a range. */
export function previousPeriod(p: Period): Period {
  const from = Date.parse(p.from);
  const to = Date.parse(p.to);
  const kind = p.kind;
  const { y, m0 } = cstDate(from);
  switch (kind) {
    case 'year':
      return parsePeriod(String(y - 1));
    case 'half': {
      const h = m0 < 6 ? 1 : 2;
      return parsePeriod(h === 1 ? `${y - 1}-H2` : `${y}-H1`);
    }
    case 'quarter': {
      const q = Math.floor(m0 / 3) + 1;
      return parsePeriod(q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`);
    }
    case 'month':
      return parsePeriod(m0 === 0 ? `${y - 1}-12` : `${y}-${pad(m0)}`);
    case 'week':
    case 'day': {
      const len = to - from;
      const prev = parsePeriod(kind === 'day' ? dayLabel(from - len) : weekLabel(from - len));
      return prev;
    }
    default: {
      const len = to - from;
      const a = from - len;
      const isWholeDays = (from + CST_OFFSET_MS) % DAY === 0 && len % DAY === 0;
      const label = isWholeDays ? `${dayLabel(a)}..${dayLabel(from - DAY)}` : `${iso(a)}..${iso(from)}`;
      return { label, kind: 'range', from: iso(a), to: iso(from) };
    }
  }
}

function weekLabel(ms: number): string {
  const { y } = cstDate(ms);
  for (const yy of [y + 1, y, y - 1]) {
    const w1 = isoWeek1(yy);
    if (ms >= w1) return `${yy}-W${pad(Math.floor((ms - w1) / (7 * DAY)) + 1)}`;
  }
  return `${y}-W01`;
}

/** Whether an instant lies in the period. */
export function inPeriod(p: Period, at: string): boolean {
  return at >= p.from && at < p.to;
}
