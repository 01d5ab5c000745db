import { describe, expect, it } from 'vitest';
import { addDays, addMonths, ageOn, compareDates, daysBetween, endOfMonth, isIsoDate, isoWeekday, monthsBetween, quarterOf, todayInShanghai } from '../../../shared/calendar/dates.ts';

describe('dates in Asia/Shanghai', () => {
  it.each([
    ['2025-12-31T15:59:59Z', '2025-12-31'],
    ['2025-12-31T16:00:00Z', '2026-01-01'], // midnight in Shanghai
    ['2026-06-30T23:00:00-08:00', '2026-07-01'],
  ])('todayInShanghai(%s) = %s whatever the machine zone', (instant, expected) => {
    expect(todayInShanghai(new Date(instant))).toBe(expected);
  });

  it.each([
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2024-02-29', true],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['20260101', false],
  ])('isIsoDate(%s) = %s', (d, ok) => expect(isIsoDate(d)).toBe(ok));

  it('adds days across month and year ends', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(compareDates('2026-01-02', '2026-01-10')).toBe(-1);
  });

  it('adds months, clamping to month end (民法典第二百零三条)', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(monthsBetween('2026-01-31', '2026-02-28')).toBe(1);
    expect(monthsBetween('2026-01-10', '2026-07-09')).toBe(5);
    expect(monthsBetween('2026-01-10', '2026-07-10')).toBe(6);
    expect(endOfMonth('2026-02-10')).toBe('2026-02-28');
  });

  it('weekdays and quarters', () => {
    expect(isoWeekday('2026-10-01')).toBe(4); // Thursday
    expect(isoWeekday('2026-09-20')).toBe(7); // Sunday
    expect(quarterOf('2026-04-01')).toBe(2);
    expect(quarterOf('2026-12-31')).toBe(4);
  });

  it('age in full years turns on the birthday; 29 February turns on 1 March in common years', () => {
    expect(ageOn('2008-06-01', '2026-05-31')).toBe(17);
    expect(ageOn('2008-06-01', '2026-06-01')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
});
