import * as z from 'zod/mini';
import { isIsoDate } from '../calendar/dates.ts';
import { MONTH_HINT, normaliseMonth } from '../calendar/months.ts';

/** Shapes shared by many routes (docs/architecture.md § Wire shapes). */
export const isoDate = z.string().check(z.refine((v) => isIsoDate(v), { message: '日期应为 YYYY-MM-DD 格式的真实日期' }));

export const areaCode = (what: string, digits: number) => z.string().check(z.regex(new RegExp(`^\\d{${digits}}$`), { message: `${what}代码应为${digits}位数字` }));

export const cursorQuery = z.optional(z.string().check(z.maxLength(2048)));

/** A month as people write it (2027-1, 2027年1月), normalised to YYYY-MM by the one parser (shared/calendar/months.ts). */
export const monthSchema = z.string({ error: '请填写月份' }).check(z.overwrite(normaliseMonth), z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, `月份应为 YYYY-MM，${MONTH_HINT}`));
