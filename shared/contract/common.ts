import * as z from 'zod/mini';
import { isIsoDate } from '../calendar/dates.ts';

/** Shapes shared by many routes (docs/architecture.md § Wire shapes). */
export const isoDate = z.string().check(
  z.refine((v) => isIsoDate(v), { message: '日期应为 YYYY-MM-DD 格式的真实日期' }),
);

export const areaCode = (what: string, digits: number) =>
  z.string().check(z.regex(new RegExp(`^\\d{${digits}}$`), { message: `${what}代码应为${digits}位数字` }));

export const cursorQuery = z.optional(z.string().check(z.maxLength(2048)));
