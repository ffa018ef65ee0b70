import { describe, expect, it } from 'vitest';
import { addWorkingDays, calendarCovers, isWorkingDay, workingDaysBetween } from '../../../checks/disclosure/cn-workdays.ts';

describe('CN working-day calendar (G-05)', () => {
  it('knows 调休 Saturdays and holiday weekdays from the State Council notices', () => {
    expect(isWorkingDay('2026-02-14')).toBe(true); // Saturday worked before 春节 2026
    expect(isWorkingDay('2026-02-16')).toBe(false); // Monday inside 春节
    expect(isWorkingDay('2026-10-01')).toBe(false);
    expect(isWorkingDay('2026-10-10')).toBe(true); // Saturday worked after 国庆
    expect(isWorkingDay('2025-01-26')).toBe(true); // Sunday worked before 春节 2025
    expect(isWorkingDay('2020-01-31')).toBe(false); // 2020 春节 extended for COVID-19
    expect(isWorkingDay('2019-05-05')).toBe(true); // 2019 劳动节 amendment
    expect(isWorkingDay('2023-04-05')).toBe(false); // 清明 on a Wednesday
    expect(isWorkingDay('2026-11-20')).toBe(true); // an ordinary Friday
    expect(isWorkingDay('2026-11-21')).toBe(false); // an ordinary Saturday
  });

  it('counts working days after the start up to the end', () => {
    expect(workingDaysBetween('2026-01-23', '2026-02-26')).toBe(19); // 24 weekdays minus 春节 plus Sat 2/14
    expect(workingDaysBetween('2026-09-01', '2026-10-20')).toBe(31);
    expect(workingDaysBetween('2026-11-20', '2026-11-20')).toBe(0);
    expect(workingDaysBetween('2026-11-23', '2026-11-20')).toBe(-1);
    expect(addWorkingDays('2026-09-30', 20)).toBe('2026-11-03'); // 10/8, 10/9, Sat 10/10, then 17 ordinary days
  });

  it('says how reliable each year is and falls back to Mon–Fri outside the table', () => {
    expect(calendarCovers('2024-05-01')).toBe('notice');
    expect(calendarCovers('2027-02-08')).toBe('estimated');
    expect(calendarCovers('2031-01-01')).toBe('weekdays-only');
    expect(isWorkingDay('2031-01-01')).toBe(true); // a Wednesday; 元旦 unknown without data
    expect(workingDaysBetween('2031-01-03', '2031-01-10')).toBe(5);
  });
});
