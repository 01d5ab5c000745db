import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/calendar/dates.ts';
import { addWorkingDays, addWorkingDaysProvisional, CalendarNotCoveredError, calendarSource, coveredYears, holidayName, isWorkingDay } from '../../../shared/calendar/working-days.ts';

describe('official working-day calendar (docs/architecture.md § Money, numbers and time; (二十) counts 20 working days)', () => {
  it('covers 2025 and 2026, each citing its State Council notice', () => {
    expect(coveredYears()).toEqual([2025, 2026]);
    expect(calendarSource(2025)?.number).toBe('国办发明电〔2024〕12号');
    expect(calendarSource(2026)?.title).toBe('国务院办公厅关于2026年部分节假日安排的通知');
    expect(calendarSource(2026)?.issued).toBe('2025-11-04');
  });

  it.each([2025, 2026])('%i agrees with chinese-days on every day of the year', (year) => {
    const mismatches: string[] = [];
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
      if (isWorkingDay(d) !== chineseDays.isWorkday(d)) mismatches.push(d);
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    // 2026 中秋 9-25..27 and 国庆 10-01..07, with 调休 workdays Sun 9-20 and Sat 10-10.
    ['2026-09-20', true, '调休上班（周日）'],
    ['2026-09-25', false, '中秋节（周五）'],
    ['2026-09-28', true, '中秋后周一'],
    ['2026-10-01', false, '国庆节'],
    ['2026-10-07', false, '国庆节最后一天（周三）'],
    ['2026-10-08', true, '节后第一天'],
    ['2026-10-10', true, '调休上班（周六）'],
    ['2026-10-11', false, '周日'],
  ])('isWorkingDay(%s) = %s — %s', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it.each([
    // from, n, expected — `from` itself is never counted
    ['2026-09-18', 1, '2026-09-20'], // Fri → the 调休 Sunday
    ['2026-09-24', 1, '2026-09-28'], // over 中秋
    ['2026-09-30', 1, '2026-10-08'], // over 国庆
    ['2026-10-08', 2, '2026-10-10'], // Thu → Fri 10-09 → Sat 10-10 (调休)
    ['2026-09-15', 20, '2026-10-19'], // a (二十) deadline across both holidays
    ['2025-12-31', 1, '2026-01-04'], // 元旦 1-1..1-3; Sunday 1-4 is a 调休 workday
    ['2026-10-19', -20, '2026-09-15'],
    ['2026-03-02', 0, '2026-03-02'],
  ])('addWorkingDays(%s, %i) = %s', (from, n, expected) => {
    expect(addWorkingDays(from, n)).toBe(expected);
  });

  it('counts 20 working days from 受理 on 2026-09-15 exactly as chinese-days does', () => {
    expect(chineseDays.findWorkday(20, '2026-09-15')).toBe(addWorkingDays('2026-09-15', 20));
  });

  it('names holidays', () => {
    expect(holidayName('2026-09-26')).toBe('中秋节');
    expect(holidayName('2026-10-03')).toBe('国庆节');
    expect(holidayName('2026-10-10')).toBeUndefined();
  });

  it('refuses years it does not cover with a typed error', () => {
    expect(() => isWorkingDay('2027-01-04')).toThrow(CalendarNotCoveredError);
    expect(() => addWorkingDays('2026-12-24', 10)).toThrow(CalendarNotCoveredError);
    try {
      addWorkingDays('2026-12-30', 5);
    } catch (e) {
      expect(e).toBeInstanceOf(CalendarNotCoveredError);
      expect((e as CalendarNotCoveredError).code).toBe('CALENDAR_NOT_COVERED');
      expect((e as CalendarNotCoveredError).year).toBe(2027);
    }
  });

  it('gives a provisional Monday–Friday date beyond the covered years, flagged', () => {
    expect(addWorkingDaysProvisional('2026-09-15', 20)).toEqual({ date: '2026-10-19', provisional: false });
    // 2026-12-24 (Thu) + 10: Dec 25, 28, 29, 30, 31 in 2026, then Jan 1 (Fri), 4, 5, 6, 7 Mon–Fri in 2027.
    expect(addWorkingDaysProvisional('2026-12-24', 10)).toEqual({ date: '2027-01-07', provisional: true });
  });
});
