/**
 * Dates on farm pages are generated relative to the farm's `now`, so the demo always looks
 * current and tests can pin time. Real portals print dates in several formats on one page;
 * the farm mixes them on purpose (the extractor must read all of them).
 */

export type DateStyle = 'iso' | 'cn' | 'slash' | 'md-bracket' | 'dot';

const DAY = 86_400_000;

/** Midnight-anchored date `n` days before `now` (China time does not matter here: only day counts do). */
export function daysAgo(now: Date, n: number, hour = 9, minute = 30): Date {
  const d = new Date(now.getTime() - n * DAY);
  d.setUTCHours(hour, minute, 0, 0);
  // Nothing is published in the future: today's items are stamped a little before `now`.
  if (d.getTime() > now.getTime()) return new Date(Math.max(now.getTime() - 10 * 60_000, Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())));
  return d;
}

export function ymd(d: Date): { y: number; m: string; d: string } {
  return { y: d.getUTCFullYear(), m: String(d.getUTCMonth() + 1).padStart(2, '0'), d: String(d.getUTCDate()).padStart(2, '0') };
}

export function formatDate(date: Date, style: DateStyle): string {
  const { y, m, d } = ymd(date);
  switch (style) {
    case 'iso':
      return `${y}-${m}-${d}`;
    case 'cn':
      return `${y}年${m}月${d}日`;
    case 'slash':
      return `${y}/${m}/${d}`;
    case 'md-bracket':
      return `[${m}-${d}]`;
    case 'dot':
      return `${y}.${m}.${d}`;
  }
}

export function isoDateTime(date: Date): string {
  const { y, m, d } = ymd(date);
  return `${y}-${m}-${d} ${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
}

/** A fixed calendar date of the given year (month 1-12), at 09:00 UTC. */
export function on(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day, 9, 0, 0));
}

/** TRS-style path stamp: 202611/t20261120_6012345.html */
export function trsStamp(date: Date, serial: number): string {
  const { y, m, d } = ymd(date);
  return `${y}${m}/t${y}${m}${d}_${serial}.html`;
}

/** 大汉 JCMS-style article path: art/2026/11/20/art_2201_12345.html */
export function jcmsStamp(date: Date, col: number, serial: number): string {
  return `art/${date.getUTCFullYear()}/${date.getUTCMonth() + 1}/${date.getUTCDate()}/art_${col}_${serial}.html`;
}
