import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, validateCreditCode } from '../../../shared/identifiers/credit-code.ts';
import { maskIdNumber, maskName, maskPhone } from '../../../shared/identifiers/mask.ts';
import { residentIdCheckChar, validateResidentId } from '../../../shared/identifiers/resident-id.ts';

/** Builds a valid ID number by computing the check character (GB 11643). */
const residentId = (region: string, birth: string, seq: string): string => {
  const first17 = `${region}${birth}${seq}`;
  return first17 + residentIdCheckChar(first17);
};

/** Builds a valid credit code by computing the check character (GB 32100). */
const creditCode = (first17: string): string => first17 + creditCodeCheckChar(first17);

describe('resident ID number (GB 11643)', () => {
  it('computes the published example check character (11010519491231002X)', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(validateResidentId('11010519491231002X')).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      regionCode: '110105',
      birthDate: '1949-12-31',
      sex: 'female',
    });
  });

  const maleBozhou = residentId('341602', '19800101', '123');
  it.each([
    [maleBozhou, 'male', '1980-01-01'],
    [residentId('341621', '20080229', '004'), 'female', '2008-02-29'],
    [residentId('810000', '19990701', '011'), 'male', '1999-07-01'],
  ])('accepts %s (%s, born %s)', (id, sex, birthDate) => {
    const r = validateResidentId(id);
    expect(r.ok && r.sex).toBe(sex);
    expect(r.ok && r.birthDate).toBe(birthDate);
  });

  it('strips spaces and accepts a lower-case x', () => {
    const id = '11010519491231002X';
    expect(validateResidentId(' 110105 19491231 002x ')).toMatchObject({ ok: true, idNumber: id });
    expect(validateResidentId('110105\u300019491231002X')).toMatchObject({ ok: true, idNumber: id });
  });

  const wrongCheck = maleBozhou.slice(0, 17) + (maleBozhou[17] === '0' ? '1' : '0');
  it.each([
    ['', 'ID_EMPTY'],
    ['341602800101123', 'ID_LEGACY_15'],
    ['34160219800101123', 'ID_LENGTH'],
    ['34160219800101123A', 'ID_CHARACTERS'],
    [residentId('991602', '19800101', '123'), 'ID_PROVINCE'],
    [residentId('201602', '19800101', '123'), 'ID_PROVINCE'],
    [residentId('341602', '20230229', '123'), 'ID_BIRTH_DATE'],
    [residentId('341602', '18991231', '123'), 'ID_BIRTH_DATE'],
    [wrongCheck, 'ID_CHECK_CHARACTER'],
  ])('refuses %s with %s and a Chinese message', (id, code) => {
    const r = validateResidentId(id);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('explains that 15-digit numbers are no longer accepted', () => {
    const r = validateResidentId('341602800101123');
    expect(!r.ok && r.message).toContain('15位');
  });

  it('refuses birth dates after today when today is given', () => {
    const id = residentId('341602', '20300101', '123');
    expect(validateResidentId(id).ok).toBe(true);
    expect(validateResidentId(id, { today: '2026-03-01' })).toMatchObject({ ok: false, code: 'ID_BIRTH_DATE' });
  });
});

describe('unified social credit code (GB 32100)', () => {
  const valid = creditCode('91341600MA2N3X4Y5');
  it('accepts a code whose check character is computed', () => {
    expect(validateCreditCode(valid)).toMatchObject({ ok: true, creditCode: valid, regionCode: '341600', registrationAuthority: '9' });
    expect(validateCreditCode(` ${valid.toLowerCase()} `)).toMatchObject({ ok: true, creditCode: valid });
  });

  it.each(['91350100M000100Y43', '91440300708461136T'])('accepts the published real code %s', (code) => {
    expect(validateCreditCode(code).ok).toBe(true);
  });

  it('computes check characters that are never I, O, S, V or Z', () => {
    for (const body of ['52341600MJ0000000', '12341600000000000', '31340000MD1234567', '91110000600037341']) {
      expect('0123456789ABCDEFGHJKLMNPQRTUWXY').toContain(creditCodeCheckChar(body));
    }
  });

  it('sends a well-formed code with a wrong check character to manual review', () => {
    const last = valid[17] === '0' ? '1' : '0';
    expect(validateCreditCode(valid.slice(0, 17) + last)).toMatchObject({ ok: false, code: 'CREDIT_CODE_CHECK', manualReview: true });
  });

  it.each([
    ['', 'CREDIT_CODE_EMPTY'],
    ['91341600MA2N3X4Y', 'CREDIT_CODE_FORMAT'], // 16 chars
    ['91341600MA2N3X4YI5', 'CREDIT_CODE_FORMAT'], // I is not in the set
    ['91341600MA2N3X4OS5', 'CREDIT_CODE_FORMAT'], // O, S
    ['913416A0MA2N3X4Y55', 'CREDIT_CODE_FORMAT'], // region must be digits
  ])('refuses %s as %s, not for review', (code, expected) => {
    expect(validateCreditCode(code)).toMatchObject({ ok: false, code: expected, manualReview: false });
  });
});

describe('masking for public display', () => {
  it.each([
    ['张三', '张*'],
    ['张小三', '张*三'],
    ['欧阳小明', '欧**明'],
    ['李', '*'],
  ])('maskName(%s) = %s', (name, masked) => expect(maskName(name)).toBe(masked));

  it('masks ID numbers and phones', () => {
    expect(maskIdNumber('34160219800101123X')).toBe('341602********123X');
    expect(maskIdNumber('341602 19800101 123x')).toBe('341602********123X');
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('138 1234 1234')).toBe('138****1234');
  });
});
