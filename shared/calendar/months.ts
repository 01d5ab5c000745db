/**
 * The one month parser (issue 24), used by the request contract (shared/contract: every month field is
 * normalised with it before its format is checked) and by the pages (portal/src/pages/month.js.ts emits this
 * very function as /month.js, so a month field says what it understood while one types — which is why it
 * is self-contained: no imports, no outside constants). It accepts what people write — `2027-01`, `2027-1`,
 * `2027/1`, `2027.1`, `2027年1月`, full-width digits, spaces — and answers the month as `YYYY-MM` with its
 * Chinese reading, or a Chinese reason.
 */
export type MonthReading = { ok: true; month: string; text: string } | { ok: false; message: string };

export const MONTH_HINT = '例如 2027-01、2027-1 或 2027年1月';

export function parseMonth(input: string): MonthReading {
  const hint = '例如 2027-01、2027-1 或 2027年1月';
  const text = String(input).normalize('NFKC').trim();
  if (!text) return { ok: false, message: `请填写月份，${hint}` };
  const m = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:月份?)?$/u.exec(text);
  if (!m) return { ok: false, message: `“${text.slice(0, 20)}”不是月份，${hint}` };
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return { ok: false, message: `月份应在1到12之间，“${text.slice(0, 20)}”中是${month}` };
  if (year < 1990 || year > 2100) return { ok: false, message: `年份${year}不在本平台办理的范围内` };
  return { ok: true, month: `${year}-${String(month).padStart(2, '0')}`, text: `${year}年${month}月` };
}

/** For the contract: the month as `YYYY-MM` when it reads as one, else the text unchanged (the format check then names the field). */
export const normaliseMonth = (input: string): string => {
  const r = parseMonth(input);
  return r.ok ? r.month : input;
};
