/**
 * 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence
 * (odd = male, even = female), and an ISO 7064 MOD 11-2 check character (0–9 or X).
 */
import { isIsoDate, type IsoDate } from '../calendar/dates.ts';

export type ResidentIdErrorCode = 'ID_EMPTY' | 'ID_LEGACY_15' | 'ID_LENGTH' | 'ID_CHARACTERS' | 'ID_PROVINCE' | 'ID_BIRTH_DATE' | 'ID_CHECK_CHARACTER';

export type ResidentIdResult = { ok: true; idNumber: string; regionCode: string; birthDate: IsoDate; sex: 'male' | 'female' } | { ok: false; code: ResidentIdErrorCode; message: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * Province-level codes of GB/T 2260 (the live list, stricter than a bare 11–65 range):
 * 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, plus 71 台湾, 81 香港, 82 澳门 and 83 (港澳台居民居住证).
 */
const PROVINCE_CODES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83]);

/** Earliest birth date accepted: nobody alive was born before 1900. */
const EARLIEST_BIRTH = '1900-01-01';

/** The check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('需要17位数字');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Removes spaces (including full-width) and upper-cases a trailing x. */
export function normalizeResidentId(input: string): string {
  return input.replace(/[\s\u3000]/g, '').toUpperCase();
}

const fail = (code: ResidentIdErrorCode, message: string): ResidentIdResult => ({ ok: false, code, message });

/**
 * Validates an 18-character resident ID number. `today` (Asia/Shanghai), when given, also
 * refuses birth dates in the future; the function itself never reads the clock.
 */
export function validateResidentId(input: string, options: { today?: IsoDate } = {}): ResidentIdResult {
  const id = normalizeResidentId(input ?? '');
  if (id.length === 0) return fail('ID_EMPTY', '请填写身份证号码');
  if (/^\d{15}$/.test(id)) {
    return fail('ID_LEGACY_15', '15位旧版身份证号码不再受理，请使用18位居民身份证号码（可在户籍所在地派出所查询）');
  }
  if (id.length !== 18) return fail('ID_LENGTH', `身份证号码应为18位，当前为${id.length}位`);
  if (!/^\d{17}[\dX]$/.test(id)) return fail('ID_CHARACTERS', '身份证号码前17位应为数字，最后一位为数字或X');
  if (!PROVINCE_CODES.has(Number(id.slice(0, 2)))) return fail('ID_PROVINCE', '身份证号码开头的省级行政区划代码不存在');
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isIsoDate(birthDate) || birthDate < EARLIEST_BIRTH || (options.today !== undefined && birthDate > options.today)) {
    return fail('ID_BIRTH_DATE', '身份证号码中的出生日期不是有效日期');
  }
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) {
    return fail('ID_CHECK_CHARACTER', '身份证号码校验位不正确，请核对是否输错');
  }
  return {
    ok: true,
    idNumber: id,
    regionCode: id.slice(0, 6),
    birthDate,
    sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}
