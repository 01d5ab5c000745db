/**
 * Calendar dates as 'YYYY-MM-DD' strings in Asia/Shanghai. All arithmetic is done on the
 * proleptic Gregorian calendar through UTC epoch days, so the machine's time zone never matters.
 * China has used UTC+8 without daylight saving since 1991, so Shanghai's date is UTC + 8 h.
 */

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export class InvalidDateError extends Error {
  readonly code = 'INVALID_DATE';
  constructor(value: string) {
    super(`不是有效日期（应为 YYYY-MM-DD）：${value}`);
    this.name = 'InvalidDateError';
  }
}

export interface DateParts {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** True for a real calendar date written exactly as YYYY-MM-DD (years 1000–9999). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function parseDate(date: IsoDate): DateParts {
  if (!isIsoDate(date)) throw new InvalidDateError(String(date));
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function formatDate({ year, month, day }: DateParts): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01. */
export function toEpochDay(date: IsoDate): number {
  const { year, month, day } = parseDate(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function fromEpochDay(epochDay: number): IsoDate {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

/** Today's date in Asia/Shanghai for the instant `now` (inject the clock; never read it here). */
export function todayInShanghai(now: Date): IsoDate {
  const t = now.getTime();
  if (Number.isNaN(t)) throw new InvalidDateError(String(now));
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return fromEpochDay(toEpochDay(date) + days);
}

/** −1, 0 or 1. ISO dates compare correctly as strings once validated. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  parseDate(a);
  parseDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Calendar days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** Monday = 1 … Sunday = 7 (ISO 8601). */
export function isoWeekday(date: IsoDate): number {
  const d = new Date(toEpochDay(date) * DAY_MS).getUTCDay();
  return d === 0 ? 7 : d;
}

export function isWeekend(date: IsoDate): boolean {
  return isoWeekday(date) >= 6;
}

/**
 * Adds calendar months. A day that does not exist in the target month becomes that month's
 * last day (1-31 + 1 month = 2-28/29), as 《民法典》第二百零三条 counts periods by month.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isSafeInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const { year, month, day } = parseDate(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return formatDate({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

/** Whole months from `from` to `to` (how many times addMonths(from, k) ≤ to). Negative when to < from. */
export function monthsBetween(from: IsoDate, to: IsoDate): number {
  const a = parseDate(from);
  const b = parseDate(to);
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  if (months > 0 && addMonths(from, months) > to) months -= 1;
  else if (months < 0 && addMonths(from, months) < to) months += 1;
  return months;
}

export function startOfMonth(date: IsoDate): IsoDate {
  return `${date.slice(0, 8)}01`;
}

export function endOfMonth(date: IsoDate): IsoDate {
  const { year, month } = parseDate(date);
  return formatDate({ year, month, day: daysInMonth(year, month) });
}

export function yearOf(date: IsoDate): number {
  return parseDate(date).year;
}

/** Quarter 1–4. */
export function quarterOf(date: IsoDate): 1 | 2 | 3 | 4 {
  return (Math.floor((parseDate(date).month - 1) / 3) + 1) as 1 | 2 | 3 | 4;
}

/**
 * Age in full years (周岁) on `on`. A person turns a year older on the birthday; someone born on
 * 29 February turns older on 1 March in common years (the platform's reading, written down here).
 */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const b = parseDate(birthDate);
  const d = parseDate(on);
  let age = d.year - b.year;
  const birthdayPassed = d.month > b.month || (d.month === b.month && d.day >= b.day);
  if (!birthdayPassed) age -= 1;
  return age;
}
