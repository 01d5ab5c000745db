import { addMonths } from '../calendar/dates.ts';

/** Payment periods are calendar months `YYYY-MM` (Asia/Shanghai). */
export const MONTH_SHAPE = /^\d{4}-(0[1-9]|1[0-2])$/;
export const isMonth = (v: string): boolean => MONTH_SHAPE.test(v);
export const firstDay = (month: string): string => `${month}-01`;
export const monthOf = (date: string): string => date.slice(0, 7);
export const addMonth = (month: string, n: number): string => monthOf(addMonths(firstDay(month), n));

/** Months from `from` to `to`, both included, oldest first (empty when from > to). */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonth(m, 1)) out.push(m);
  return out;
}
