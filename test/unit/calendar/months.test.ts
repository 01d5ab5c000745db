import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { parseMonth } from '../../../shared/calendar/months.ts';
import { monthSchema } from '../../../shared/contract/common.ts';
import { CONTRACT } from '../../../shared/contract/index.ts';

/** Month inputs accept what people type and say what they understood (issue 24): one parser, used by the contract. */
describe('parseMonth', () => {
  it.each([
    ['2027-01', '2027-01', '2027年1月'],
    ['2027-1', '2027-01', '2027年1月'],
    ['2027年1月', '2027-01', '2027年1月'],
    ['2027 年 12 月', '2027-12', '2027年12月'],
    ['２０２７－３', '2027-03', '2027年3月'],
    ['2027/3', '2027-03', '2027年3月'],
    ['2027.10', '2027-10', '2027年10月'],
    [' 2026年7月份 ', '2026-07', '2026年7月'],
  ])('reads “%s” as %s (%s)', (input, month, text) => {
    expect(parseMonth(input)).toEqual({ ok: true, month, text });
  });

  it.each([
    ['2027-13', '1到12'],
    ['2027', '不是月份'],
    ['1月', '不是月份'],
    ['', '请填写月份'],
    ['2027-0', '1到12'],
    ['1899-01', '年份'],
  ])('refuses “%s” in Chinese', (input, says) => {
    const r = parseMonth(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(says);
  });

  it('is the contract’s month: the request gets YYYY-MM, a bad month a Chinese message', () => {
    expect(z.parse(monthSchema, '2027年1月')).toBe('2027-01');
    expect(z.parse(monthSchema, '2027-1')).toBe('2027-01');
    const bad = z.safeParse(monthSchema, '2027-13');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('2027年1月');
    const body = CONTRACT['POST /api/v1/payment-runs']!.body!;
    expect(z.parse(body, { county: '341602', month: '2027-1' })).toEqual({ county: '341602', month: '2027-01' });
  });
});
