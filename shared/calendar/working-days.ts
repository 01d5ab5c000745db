import { addDays, isWeekend, parseDate, yearOf, type IsoDate } from './dates.ts';
import { CALENDAR_YEARS, type CalendarYear } from './years/index.ts';

/** Asked about a year whose State Council notice is not in the calendar yet. */
export class CalendarNotCoveredError extends Error {
  readonly code = 'CALENDAR_NOT_COVERED';
  readonly year: number;
  constructor(year: number) {
    super(`${year}年的法定节假日安排尚未录入，无法按工作日计算`);
    this.name = 'CalendarNotCoveredError';
    this.year = year;
  }
}

interface YearIndex {
  holidays: Map<IsoDate, string>;
  workdays: Set<IsoDate>;
}

function indexYear(y: CalendarYear): YearIndex {
  const holidays = new Map<IsoDate, string>();
  for (const h of y.holidays) {
    for (let d = h.from; d <= h.to; d = addDays(d, 1)) holidays.set(d, h.name);
  }
  return { holidays, workdays: new Set(y.workdays) };
}

const INDEX = new Map<number, YearIndex>(CALENDAR_YEARS.map((y) => [y.year, indexYear(y)]));

export function coveredYears(): number[] {
  return [...INDEX.keys()].sort((a, b) => a - b);
}

export function isCovered(date: IsoDate): boolean {
  return INDEX.has(yearOf(date));
}

/** The notice behind a covered year, for citing in answers. */
export function calendarSource(year: number): CalendarYear['notice'] | undefined {
  return CALENDAR_YEARS.find((y) => y.year === year)?.notice;
}

/** Official working day: a 调休 workday, or a weekday that is not inside a holiday period. */
export function isWorkingDay(date: IsoDate): boolean {
  const year = INDEX.get(parseDate(date).year);
  if (!year) throw new CalendarNotCoveredError(yearOf(date));
  if (year.workdays.has(date)) return true;
  if (year.holidays.has(date)) return false;
  return !isWeekend(date);
}

/** The holiday name if `date` falls in an official holiday period. */
export function holidayName(date: IsoDate): string | undefined {
  const year = INDEX.get(parseDate(date).year);
  if (!year) throw new CalendarNotCoveredError(yearOf(date));
  return year.holidays.get(date);
}

function stepWorkingDays(from: IsoDate, n: number, isWorking: (d: IsoDate) => boolean): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`n must be an integer, got ${n}`);
  parseDate(from);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let d = from;
  while (left > 0) {
    d = addDays(d, step);
    if (isWorking(d)) left -= 1;
  }
  return d;
}

/**
 * The date `n` official working days after `from` (`from` itself is not counted; negative `n`
 * counts back). Throws CalendarNotCoveredError as soon as it must look at an uncovered year.
 */
export function addWorkingDays(from: IsoDate, n: number): IsoDate {
  return stepWorkingDays(from, n, isWorkingDay);
}

/**
 * Like addWorkingDays, but beyond the covered years it counts Monday–Friday and flags the
 * answer provisional, to be recomputed once that year's notice is added.
 */
export function addWorkingDaysProvisional(from: IsoDate, n: number): { date: IsoDate; provisional: boolean } {
  let provisional = false;
  const date = stepWorkingDays(from, n, (d) => {
    if (INDEX.has(yearOf(d))) return isWorkingDay(d);
    provisional = true;
    return !isWeekend(d);
  });
  return { date, provisional };
}
