/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from the 31-character set 0–9 and A–Z without
 * I, O, S, V, Z. Position 1 registration authority, 2 organisation type, 3–8 administrative
 * division, 9–17 organisation code, 18 a MOD 31 check character.
 */

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type CreditCodeResult =
  | { ok: true; creditCode: string; registrationAuthority: string; organisationType: string; regionCode: string }
  /** Not a credit code at all: the form refuses it. */
  | { ok: false; code: 'CREDIT_CODE_EMPTY' | 'CREDIT_CODE_FORMAT'; message: string; manualReview: false }
  /**
   * Well formed but the check character does not match. Real codes issued before the standard
   * settled occasionally fail, so this is neither accepted nor dropped: staff look at it.
   */
  | { ok: false; code: 'CREDIT_CODE_CHECK'; message: string; manualReview: true };

/** The check character for the first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('需要17位字符');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i] ?? '');
    if (v < 0) throw new RangeError(`字符不在代码字符集中：${first17[i]}`);
    sum += v * (WEIGHTS[i] ?? 0);
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31] ?? '';
}

const FORMAT = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function validateCreditCode(input: string): CreditCodeResult {
  const code = (input ?? '').replace(/[\s\u3000]/g, '').toUpperCase();
  if (code.length === 0) {
    return { ok: false, code: 'CREDIT_CODE_EMPTY', message: '请填写统一社会信用代码', manualReview: false };
  }
  if (code.length !== 18 || !FORMAT.test(code)) {
    return {
      ok: false,
      code: 'CREDIT_CODE_FORMAT',
      message: '统一社会信用代码应为18位，由数字和除I、O、S、V、Z外的大写字母组成，第3至8位为行政区划代码',
      manualReview: false,
    };
  }
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) {
    return {
      ok: false,
      code: 'CREDIT_CODE_CHECK',
      message: '统一社会信用代码校验位不符，已转人工核实',
      manualReview: true,
    };
  }
  return {
    ok: true,
    creditCode: code,
    registrationAuthority: code.slice(0, 1),
    organisationType: code.slice(1, 2),
    regionCode: code.slice(2, 8),
  };
}
