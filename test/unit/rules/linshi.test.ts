import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parameterSet } from '../../../shared/policy/parameters.ts';
import { calculateLinshi, stagePayments, type HardshipInput } from '../../../shared/rules/linshi.ts';
import { household, member, rural, urban } from './helpers.ts';

const date = '2026-03-01';
const params = parameterSet(date);
// Urban 低保 800 元. Example table: 急难 3/8/16 ×, 支出 2/6/12 ×; degree from the assessed need (≥ 6 × 较重, ≥ 16 × 严重).
// Township limit 5,000 元; emergency advance 1,000 元.

const hardship = (kind: 'emergency' | 'expenditure', amountFen: number): HardshipInput => ({ kind, description: '住房失火', amountFen });

describe('临时救助 by assessed need (十三)', () => {
  it.each([
    ['emergency', 100000, 'general', 3, 100000, 'township'],
    ['emergency', 300000, 'general', 3, 240000, 'township'],
    ['emergency', 480000, 'serious', 8, 480000, 'township'],
    ['emergency', 900000, 'serious', 8, 640000, 'county'],
    ['expenditure', 1280000, 'severe', 12, 960000, 'county'],
    ['expenditure', 479999, 'general', 2, 160000, 'township'],
    ['expenditure', 30000, 'general', 2, 30000, 'township'],
  ] as const)('%s need of %i fen → %s, band up to %i × the 低保 standard → %i fen, approved by %s', (kind, need, degree, multiplier, total, tier) => {
    const r = calculateLinshi({ date, area: urban, hardship: hardship(kind, need) }, params);
    expect(r).toMatchObject({ eligible: true, degree, multiplier, oneOffAmountFen: total, monthlyAmountFen: 0, approvalTier: tier, needFen: need });
    expect(r.trace.every((s) => ['(十三)', '(四)'].includes(s.measure))).toBe(true);
  });

  it('counts documented expenses less what others cover and what the household bears over the look-back', () => {
    const h = household([member({ monthlyIncomeFen: 100000 })]);
    const r = calculateLinshi(
      {
        date,
        area: urban,
        household: h,
        hardship: {
          ...hardship('expenditure', 0),
          need: {
            expenses: [
              { category: 'medical', amountFen: 600000 },
              { category: 'funeral', amountFen: 100000 },
            ],
            covered: { medicalInsuranceFen: 200000, otherPayersFen: 50000 },
          },
        },
      },
      params,
    );
    // 7,000 − 2,500 − (1,000 − 800) × 3 = 3,900 元, general band 1,600 元.
    expect(r).toMatchObject({ needFen: 390000, oneOffAmountFen: 160000, degree: 'general' });
  });

  it('refuses 支出型 beyond the means limits, and 急难型 is helped first', () => {
    const rich = household([member({ monthlyIncomeFen: 5_000_000 })], { assets: { financialFen: 500_000_000, vehicles: 3, properties: 4 } });
    const r = calculateLinshi({ date, area: urban, household: rich, hardship: hardship('expenditure', 1_000_000) }, params);
    expect(r).toMatchObject({ eligible: false, oneOffAmountFen: 0 });
    expect(r.trace.find((s) => s.rule === 'linshi.means')?.detail).toContain('机动车3辆');
    expect(calculateLinshi({ date, area: urban, household: rich, hardship: hardship('emergency', 100_000) }, params)).toMatchObject({ eligible: true, oneOffAmountFen: 100_000 });
  });

  it('no need, no assistance', () => {
    expect(calculateLinshi({ date, area: urban, hardship: hardship('emergency', 0) }, params)).toMatchObject({ eligible: false, oneOffAmountFen: 0 });
  });

  it('approval at exactly the township limit stays with the township', () => {
    // With a published limit of 4,900 元: rural 700 元 × 7 = 4,900 元 stays with the township; a fen more goes to the county.
    const p = parameterSet(date, [{ id: 'linshi.townshipLimit', value: 490000, unit: 'fen', effectiveFrom: '2026-01-01', source: '测试' }]);
    expect(calculateLinshi({ date, area: rural, hardship: hardship('emergency', 490000) }, p).approvalTier).toBe('township');
    expect(calculateLinshi({ date, area: rural, hardship: hardship('emergency', 490001) }, p).approvalTier).toBe('county');
  });

  it('pays a small amount first for 急难型, documented afterwards', () => {
    const r = calculateLinshi({ date, area: urban, hardship: hardship('emergency', 300000) }, params);
    expect(r.emergencyAdvanceFen).toBe(100000);
    expect(r.trace.find((s) => s.rule === 'linshi.emergencyAdvance')?.detail).toContain('先行救助');
    expect(calculateLinshi({ date, area: urban, hardship: hardship('expenditure', 300000) }, params).emergencyAdvanceFen).toBe(0);
  });

  it('above 16 × only with a signed 一事一议, and never above the need', () => {
    const r = calculateLinshi({ date, area: urban, hardship: hardship('emergency', 5_000_000) }, params);
    expect(r).toMatchObject({ eligible: true, oneOffAmountFen: 1_280_000, needAboveCeilingFen: 5_000_000 - 1_280_000 });
    expect(r.trace.find((s) => s.rule === 'linshi.oneMatter')?.detail).toContain('一事一议');
    const record = { minutesRef: '谯民议〔2026〕3号', meetingOn: '2026-02-27', countySignedOn: '2026-02-28', amountFen: 1_600_000 };
    expect(calculateLinshi({ date, area: urban, hardship: hardship('emergency', 5_000_000) }, params, { oneMatterRecord: record })).toMatchObject({
      eligible: true,
      oneOffAmountFen: 1_600_000,
      approvalTier: 'county',
    });
    expect(calculateLinshi({ date, area: urban, hardship: hardship('emergency', 1_500_000) }, params, { oneMatterRecord: { ...record, amountFen: 9_000_000 } }).oneOffAmountFen).toBe(1_500_000);
  });

  it('uses another degree only with a written reason, kept in the trace', () => {
    const none = calculateLinshi({ date, area: urban, hardship: hardship('expenditure', 2_000_000) }, params, { degree: 'general' });
    expect(none).toMatchObject({ degree: 'severe', degreeOverride: null });
    const r = calculateLinshi({ date, area: urban, hardship: hardship('expenditure', 2_000_000) }, params, { degree: 'general', degreeReason: '已获慈善资助，困难程度较轻' });
    expect(r).toMatchObject({ degree: 'general', multiplier: 2, oneOffAmountFen: 160000, degreeOverride: { degree: 'general', judged: 'severe' } });
    expect(r.trace.find((s) => s.rule === 'linshi.degreeOverride')?.detail).toContain('已获慈善资助');
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

  it('property: never above the assessed need, never outside the band (or under it only at the need) without a 一事一议', () => {
    const kinds = fc.constantFrom('emergency', 'expenditure') as fc.Arbitrary<'emergency' | 'expenditure'>;
    const degrees = fc.option(fc.constantFrom('general', 'serious', 'severe') as fc.Arbitrary<'general' | 'serious' | 'severe'>, { nil: undefined });
    const record = fc.option(
      fc.record({ minutesRef: fc.constant('议〔2026〕1号'), meetingOn: fc.constant('2026-02-20'), countySignedOn: fc.constant('2026-02-25'), amountFen: fc.integer({ min: 1, max: 100_000_000 }) }),
      { nil: undefined },
    );
    fc.assert(
      fc.property(
        kinds,
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.integer({ min: 0, max: 30_000_000 }),
        fc.integer({ min: 0, max: 400_000 }),
        degrees,
        record,
        (kind, expenses, covered, income, degree, oneMatterRecord) => {
          const h = household([member({ monthlyIncomeFen: income })]);
          const r = calculateLinshi(
            {
              date,
              area: urban,
              household: h,
              hardship: {
                kind,
                description: '困难',
                amountFen: expenses,
                need:
                  kind === 'expenditure'
                    ? { expenses: [{ category: 'medical', amountFen: expenses }], covered: { medicalInsuranceFen: covered } }
                    : { immediate: [{ category: 'food', amountFen: expenses }] },
              },
            },
            params,
            { ...(degree ? { degree, degreeReason: '经办说明理由' } : {}), ...(oneMatterRecord ? { oneMatterRecord } : {}) },
          );
          expect(r.oneOffAmountFen).toBeGreaterThanOrEqual(0);
          expect(r.oneOffAmountFen).toBeLessThanOrEqual(r.needFen);
          if (!r.eligible) {
            expect(r.oneOffAmountFen).toBe(0);
          } else {
            expect(r.oneOffAmountFen).toBeGreaterThanOrEqual(Math.min(r.needFen, r.band!.lowerFen));
            expect(r.band!.upperFen).toBeLessThanOrEqual(r.ceilingFen);
            if (!oneMatterRecord) expect(r.oneOffAmountFen).toBeLessThanOrEqual(r.band!.upperFen);
          }
        },
      ),
    );
  });
});
