import { describe, it, expect } from 'vitest';
import { parsePeriod, previousPeriod } from '../../assessment/period.ts';

// Periods are Beijing-time calendar periods: 2026-11 starts at 2026-10-31T16:00Z.
describe('period parsing', () => {
  const now = new Date('2026-11-21T05:00:00Z'); // 13:00 in Beijing

  it('parses months, quarters, halves, years and ISO weeks in Beijing time', () => {
    expect(parsePeriod('2026-11')).toEqual({ label: '2026-11', kind: 'month', from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' });
    expect(parsePeriod('2026-q4')).toMatchObject({ label: '2026-Q4', kind: 'quarter', from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(parsePeriod('2026-H2')).toMatchObject({ kind: 'half', from: '2026-06-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', from: '2025-12-31T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    // ISO week 47 of 2026 runs Monday 16 Nov to Sunday 22 Nov.
    expect(parsePeriod('2026-W47')).toMatchObject({ label: '2026-W47', kind: 'week', from: '2026-11-15T16:00:00.000Z', to: '2026-11-22T16:00:00.000Z' });
    // 2026-W01 starts Monday 29 Dec 2025 (Jan 4 2026 is a Sunday).
    expect(parsePeriod('2026-W1').from).toBe('2025-12-28T16:00:00.000Z');
    expect(parsePeriod('2026-W53').label).toBe('2026-W53');
  });

  it('parses days, inclusive ranges, today, yesterday and last-Nd', () => {
    expect(parsePeriod('2026-11-20')).toMatchObject({ kind: 'day', from: '2026-11-19T16:00:00.000Z', to: '2026-11-20T16:00:00.000Z' });
    expect(parsePeriod('2026-11-01..2026-11-20')).toMatchObject({ kind: 'range', from: '2026-10-31T16:00:00.000Z', to: '2026-11-20T16:00:00.000Z' });
    expect(parsePeriod('today', now)).toMatchObject({ label: '2026-11-21', kind: 'day' });
    // 23:30 UTC on the 20th is already the 21st in Beijing.
    expect(parsePeriod('today', new Date('2026-11-20T23:30:00Z')).label).toBe('2026-11-21');
    expect(parsePeriod('yesterday', now).label).toBe('2026-11-20');
    expect(parsePeriod('last-7d', now)).toMatchObject({ kind: 'range', from: '2026-11-14T05:00:00.000Z', to: '2026-11-21T05:00:00.000Z' });
  });

  it('rejects malformed periods with the accepted forms in the message', () => {
    expect(() => parsePeriod('2026-13')).toThrow(/month must be 01 to 12/);
    expect(() => parsePeriod('2026-02-30')).toThrow(/not a calendar date/);
    expect(() => parsePeriod('2026-11-20..2026-11-01')).toThrow(/ends before it starts/);
    expect(() => parsePeriod('2026-W54')).toThrow(/ISO weeks 1 to 53/);
    expect(() => parsePeriod('november')).toThrow(/fix: use 2026, 2026-H2, 2026-Q4, 2026-11/);
  });

  it('finds the previous period of each kind', () => {
    expect(previousPeriod(parsePeriod('2026-01')).label).toBe('2025-12');
    expect(previousPeriod(parsePeriod('2026-Q1')).label).toBe('2025-Q4');
    expect(previousPeriod(parsePeriod('2026-H1')).label).toBe('2025-H2');
    expect(previousPeriod(parsePeriod('2026')).label).toBe('2025');
    expect(previousPeriod(parsePeriod('2026-W01')).label).toBe('2025-W52');
    expect(previousPeriod(parsePeriod('2026-03-01')).label).toBe('2026-02-28');
    const r = previousPeriod(parsePeriod('2026-11-11..2026-11-20'));
    expect(r).toMatchObject({ label: '2026-11-01..2026-11-10', from: '2026-10-31T16:00:00.000Z', to: '2026-11-10T16:00:00.000Z' });
  });
});
