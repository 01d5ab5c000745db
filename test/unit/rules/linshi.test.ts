import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parameterSet } from '../../../shared/policy/parameters.ts';
import { calculateLinshi, stagePayments } from '../../../shared/rules/linshi.ts';
import { rural, urban } from './helpers.ts';

const date = '2026-03-01';
const params = parameterSet(date);
// Urban 低保 800 元. Example table: 急难 3/8/16 ×, 支出 2/6/12 ×; degree from the hardship amount (≥ 6 × 较重, ≥ 16 × 严重).
// Township limit 5,000 元; emergency advance 1,000 元.

const hardship = (kind: 'emergency' | 'expenditure', amountFen: number) => ({ kind, description: '住房失火', amountFen });

describe('临时救助 (十三)', () => {
  it.each([
    ['emergency', 100000, 'general', 3, 240000, 'township'],
    ['emergency', 480000, 'serious', 8, 640000, 'county'],
    ['expenditure', 1280000, 'severe', 12, 960000, 'county'],
    ['expenditure', 479999, 'general', 2, 160000, 'township'],
  ] as const)('%s hardship of %i fen → %s, %i × the 低保 standard = %i fen, approved by %s', (kind, amount, degree, multiplier, total, tier) => {
    const r = calculateLinshi({ date, area: urban, hardship: hardship(kind, amount) }, params);
    expect(r).toMatchObject({ eligible: true, degree, multiplier, oneOffAmountFen: total, monthlyAmountFen: 0, approvalTier: tier });
    expect(r.trace.every((s) => ['(十三)', '(四)'].includes(s.measure))).toBe(true);
  });

  it('approval at exactly the township limit stays with the township', () => {
    // With a published limit of 4,900 元: rural 700 元 × 7 = 4,900 元 stays with the township; × 8 goes to the county.
    const p = parameterSet(date, [{ id: 'linshi.townshipLimit', value: 490000, unit: 'fen', effectiveFrom: '2026-01-01', source: '测试' }]);
    expect(calculateLinshi({ date, area: rural, hardship: hardship('expenditure', 0) }, p, { requestedMultiplier: 7 }).approvalTier).toBe('township');
    expect(calculateLinshi({ date, area: rural, hardship: hardship('expenditure', 0) }, p, { requestedMultiplier: 8 }).approvalTier).toBe('county');
  });

  it('pays a small amount first for 急难型, documented afterwards', () => {
    const r = calculateLinshi({ date, area: urban, hardship: hardship('emergency', 0) }, params);
    expect(r.emergencyAdvanceFen).toBe(100000);
    expect(r.trace.find((s) => s.rule === 'linshi.emergencyAdvance')?.detail).toContain('先行救助');
    expect(calculateLinshi({ date, area: urban, hardship: hardship('expenditure', 0) }, params).emergencyAdvanceFen).toBe(0);
  });

  it('refuses more than 16 × without a 一事一议 record', () => {
    const r = calculateLinshi({ date, area: urban, hardship: hardship('emergency', 5_000_000) }, params, { requestedMultiplier: 20 });
    expect(r).toMatchObject({ eligible: false, oneOffAmountFen: 0 });
    expect(r.trace.at(-1)).toMatchObject({ measure: '(十三)', rule: 'linshi.oneMatter' });
    expect(r.trace.at(-1)?.detail).toContain('一事一议');
  });

  it('allows more than 16 × with a 一事一议 record, approved by the county', () => {
    const r = calculateLinshi({ date, area: urban, hardship: hardship('emergency', 5_000_000) }, params, {
      oneMatterRecord: { decisionRef: '谯民议〔2026〕3号', decidedOn: '2026-02-27', multiplier: 20 },
    });
    expect(r).toMatchObject({ eligible: true, multiplier: 20, oneOffAmountFen: 1_600_000, approvalTier: 'county' });
  });

  it('refuses a requested multiple under 2 ×', () => {
    expect(calculateLinshi({ date, area: urban, hardship: hardship('emergency', 0) }, params, { requestedMultiplier: 1 }).eligible).toBe(false);
  });

  it('uses the caseworker’s degree when given', () => {
    expect(calculateLinshi({ date, area: urban, hardship: hardship('expenditure', 0) }, params, { degree: 'severe' }).multiplier).toBe(12);
  });

  it('stages one approval into payments that sum exactly (一次审批、分阶段救助)', () => {
    expect(stagePayments(1_000_000, 3)).toEqual([333334, 333333, 333333]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 1, max: 24 }), (total, n) => {
        const parts = stagePayments(total, n);
        expect(parts).toHaveLength(n);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('property: amounts are ≥ 0 and within 2–16 × without a record', () => {
    fc.assert(
      fc.property(fc.constantFrom('emergency', 'expenditure') as fc.Arbitrary<'emergency' | 'expenditure'>, fc.integer({ min: 0, max: 100_000_000 }), (kind, amount) => {
        const r = calculateLinshi({ date, area: urban, hardship: hardship(kind, amount) }, params);
        expect(r.oneOffAmountFen).toBeGreaterThanOrEqual(2 * 80000);
        expect(r.oneOffAmountFen).toBeLessThanOrEqual(16 * 80000);
      }),
    );
  });
});
