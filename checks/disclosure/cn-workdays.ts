/**
 * Working days in mainland China, for G-05 (条例 Art. 26: publish within 20 working days of
 * 成文/形成). A working day is Mon–Fri minus the statutory holidays (法定节假日 and their 调休
 * days off), plus the weekend days the State Council declares as working days (调休上班).
 *
 * Data: the State Council General Office's annual notice 《国务院办公厅关于YYYY年部分节假日安排的
 * 通知》. Ranges are inclusive and list every day off (weekend days inside a range are harmless).
 * Outside the covered years the calendar falls back to Mon–Fri, which understates holidays;
 * `calendarCovers()` lets callers say so in evidence.
 */

interface YearData {
  /** Inclusive date ranges of days off, 'MM-DD' or ['MM-DD', 'MM-DD']. */
  off: Array<string | [string, string]>;
  /** Weekend days declared working days (调休上班). */
  work: string[];
  /** How sure we are of the data: 'notice' = taken from the published notice; 'estimated' = not yet published. */
  source: 'notice' | 'estimated';
}

const YEARS: Record<number, YearData> = {
  2019: {
    source: 'notice',
    // 劳动节 as amended in March 2019 (4 days, 4/28 and 5/5 worked).
    off: ['01-01', ['02-04', '02-10'], ['04-05', '04-07'], ['05-01', '05-04'], ['06-07', '06-09'], ['09-13', '09-15'], ['10-01', '10-07']],
    work: ['02-02', '02-03', '04-28', '05-05', '09-29', '10-12'],
  },
  2020: {
    source: 'notice',
    // 春节 extended to 2/2 by the State Council on 2020-01-27 (COVID-19); 2/1 was no longer a working Saturday.
    off: ['01-01', ['01-24', '02-02'], ['04-04', '04-06'], ['05-01', '05-05'], ['06-25', '06-27'], ['10-01', '10-08']],
    work: ['01-19', '04-26', '05-09', '06-28', '09-27', '10-10'],
  },
  2021: {
    source: 'notice',
    off: [['01-01', '01-03'], ['02-11', '02-17'], ['04-03', '04-05'], ['05-01', '05-05'], ['06-12', '06-14'], ['09-19', '09-21'], ['10-01', '10-07']],
    work: ['02-07', '02-20', '04-25', '05-08', '09-18', '09-26', '10-09'],
  },
  2022: {
    source: 'notice',
    off: [['01-01', '01-03'], ['01-31', '02-06'], ['04-03', '04-05'], ['04-30', '05-04'], ['06-03', '06-05'], ['09-10', '09-12'], ['10-01', '10-07']],
    work: ['01-29', '01-30', '04-02', '04-24', '05-07', '10-08', '10-09'],
  },
  2023: {
    source: 'notice',
    off: [['01-01', '01-02'], ['01-21', '01-27'], '04-05', ['04-29', '05-03'], ['06-22', '06-24'], ['09-29', '10-06']],
    work: ['01-28', '01-29', '04-23', '05-06', '06-25', '10-07', '10-08'],
  },
  2024: {
    source: 'notice',
    off: ['01-01', ['02-10', '02-17'], ['04-04', '04-06'], ['05-01', '05-05'], ['06-08', '06-10'], ['09-15', '09-17'], ['10-01', '10-07']],
    work: ['02-04', '02-18', '04-07', '04-28', '05-11', '09-14', '09-29', '10-12'],
  },
  2025: {
    source: 'notice',
    // First year under the 2024 amendment: 除夕 and 5月2日 became statutory days.
    off: ['01-01', ['01-28', '02-04'], ['04-04', '04-06'], ['05-01', '05-05'], ['05-31', '06-02'], ['10-01', '10-08']],
    work: ['01-26', '02-08', '04-27', '09-28', '10-11'],
  },
  2026: {
    source: 'notice', // 国务院办公厅 2025-11-04
    off: [['01-01', '01-03'], ['02-15', '02-23'], ['04-04', '04-06'], ['05-01', '05-05'], ['06-19', '06-21'], ['09-25', '09-27'], ['10-01', '10-07']],
    work: ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'],
  },
  2027: {
    // ❓ NOT YET PUBLISHED when this table was written: statutory days only (元旦 1, 春节 除夕–初三,
    // 清明, 劳动节 5/1–5/2, 端午, 中秋, 国庆 10/1–10/3), weekend statutory days compensated on the
    // following weekdays, no 调休 Saturdays. Replace with the notice (usually out in November 2026).
    source: 'estimated',
    off: ['01-01', ['02-05', '02-10'], '04-05', ['05-01', '05-04'], '06-09', '09-15', ['10-01', '10-05']],
    work: [],
  },
};

interface Expanded {
  off: Set<string>;
  work: Set<string>;
  source: YearData['source'];
}
const expanded = new Map<number, Expanded>();

function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function yearData(year: number): Expanded | undefined {
  const cached = expanded.get(year);
  if (cached) return cached;
  const y = YEARS[year];
  if (!y) return undefined;
  const off = new Set<string>();
  for (const r of y.off) {
    const [a, b] = typeof r === 'string' ? [r, r] : r;
    for (let d = `${year}-${a}`; d <= `${year}-${b}`; d = addDays(d, 1)) off.add(d);
  }
  const e: Expanded = { off, work: new Set(y.work.map((d) => `${year}-${d}`)), source: y.source };
  expanded.set(year, e);
  return e;
}

/** Whether the calendar has holiday data for this date's year, and how reliable it is. */
export function calendarCovers(isoDate: string): 'notice' | 'estimated' | 'weekdays-only' {
  return yearData(Number(isoDate.slice(0, 4)))?.source ?? 'weekdays-only';
}

/** True when `isoDate` (YYYY-MM-DD) is a working day in mainland China. */
export function isWorkingDay(isoDate: string): boolean {
  const y = yearData(Number(isoDate.slice(0, 4)));
  if (y?.work.has(isoDate)) return true;
  if (y?.off.has(isoDate)) return false;
  const dow = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * Working days after `from` up to and including `to` (both YYYY-MM-DD): the number of working
 * days the publisher used. Same day = 0; `to` before `from` gives a negative count.
 * Art. 26 counts from the day after formation, as Chinese administrative deadlines do.
 */
export function workingDaysBetween(from: string, to: string): number {
  if (to < from) return -workingDaysBetween(to, from);
  let n = 0;
  // Bounded: a 20-year gap is 7 300 iterations, cheap; longer gaps are clamped by callers' windows.
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}

/** The date `n` working days after `from` (the last day of an Art. 26 window). */
export function addWorkingDays(from: string, n: number): string {
  let d = from;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}
