import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parameterSet } from '../../../shared/policy/parameters.ts';
import { calculateDibao } from '../../../shared/rules/dibao.ts';
import { household, member, urban } from './helpers.ts';

const date = '2026-03-01';
const params = parameterSet(date);
// Example defaults: urban 低保 800 元; 低保边缘 1.5 × = 1,200 元; 渐退 6 months up to 1.5 ×; A +20 %, B +10 % of the standard per member.

const adult = (income: number, over = {}) => member({ birthDate: '1985-01-01', monthlyIncomeFen: income, ...over });

describe('低保 means test and top-up (五)', () => {
  it('top-up = (standard − per-capita income) × members, C class with no uplift', () => {
    const r = calculateDibao({ date, area: urban, household: household([adult(100000), adult(50000), adult(0)]) }, params);
    expect(r).toMatchObject({ eligible: true, perCapitaIncomeFen: 50000, monthlyAmountFen: 90000, classification: 'C' });
    expect(r.trace.find((s) => s.rule === 'dibao.topUp')?.measure).toBe('(五)');
  });

  it('deducts employment costs of working members, capped (十)', () => {
    const worker = adult(100000, { employed: true, employmentCostFen: 30000 });
    const r = calculateDibao({ date, area: urban, household: household([worker, adult(0)]) }, params);
    expect(r.perCapitaIncomeFen).toBe(35000); // (100,000 − 30,000) / 2
    expect(r.trace.find((s) => s.rule === 'dibao.employmentCost')?.measure).toBe('(十)');
    const capped = calculateDibao({ date, area: urban, household: household([{ ...worker, employmentCostFen: 90000 }, adult(0)]) }, params);
    expect(capped.perCapitaIncomeFen).toBe(30000); // cap 400 元
  });

  it('counts support owed by obligors above what they keep', () => {
    // Obligor earns 3,000 元, keeps 2 × 800 = 1,600 元; 30 % of 1,400 元 = 420 元 counted.
    const r = calculateDibao({ date, area: urban, household: household([adult(0)], { obligors: [{ relation: 'child', monthlyIncomeFen: 300000 }] }) }, params);
    expect(r.perCapitaIncomeFen).toBe(42000);
    expect(r.monthlyAmountFen).toBe(38000);
  });

  it('averages income over the look-back and removes exempt income', () => {
    const r = calculateDibao({ date, area: urban, household: household([adult(0)]) }, params, {
      incomeHistoryFen: { 0: [999999, 30000, 30000, 30000, 30000, 30000, 30000] }, // only the last 6 months count
      exemptIncomeFen: { 0: 10000 },
    });
    expect(r.perCapitaIncomeFen).toBe(20000);
  });

  it.each([
    ['financial assets over 24 months of the standard per person', { financialFen: 80000 * 24 * 2 + 1, vehicles: 0, properties: 1 }],
    ['a car', { financialFen: 0, vehicles: 1, properties: 1 }],
    ['two homes', { financialFen: 0, vehicles: 0, properties: 2 }],
  ])('assets by category: %s → not eligible', (_label, assets) => {
    const r = calculateDibao({ date, area: urban, household: household([adult(0), adult(0)], { assets }) }, params);
    expect(r.eligible).toBe(false);
    expect(r.trace.at(-1)?.rule).toBe('dibao.assets');
  });

  it('classifies A (severe member), B (other member without labour capacity) with example uplifts', () => {
    const a = calculateDibao({ date, area: urban, household: household([adult(0), adult(0, { disability: { category: 'mental', grade: 2 } })]) }, params);
    expect(a.classification).toBe('A');
    expect(a.monthlyAmountFen).toBe(160000 + 16000);
    const b = calculateDibao({ date, area: urban, household: household([adult(0), member({ birthDate: '2015-01-01' })]) }, params);
    expect(b.classification).toBe('B');
    expect(b.monthlyAmountFen).toBe(160000 + 8000);
  });

  it('单人户: a severely disabled member of a 低保边缘 household is enrolled alone', () => {
    // Per capita 1,000 元: above the 800 元 standard, below the 1,200 元 margin line.
    const disabled = adult(0, { name: '赵六', disability: { category: 'physical', grade: 1 } });
    const r = calculateDibao({ date, area: urban, household: household([adult(200000), disabled]) }, params);
    expect(r).toMatchObject({ eligible: true, singlePersonEnrolment: ['赵六'], classification: 'A', monthlyAmountFen: 80000 + 16000 });
    expect(r.trace.find((s) => s.rule === 'dibao.singlePerson')?.measure).toBe('(五)');
  });

  it('单人户 is not available above the 低保边缘 line, nor without a severe member', () => {
    const disabled = adult(0, { disability: { category: 'physical', grade: 1 } });
    expect(calculateDibao({ date, area: urban, household: household([adult(240000), disabled]) }, params).eligible).toBe(false);
    expect(calculateDibao({ date, area: urban, household: household([adult(200000), adult(0, { disability: { category: 'physical', grade: 3 } })]) }, params).eligible).toBe(false);
  });

  it('渐退 (十): the old amount continues for N months while income stays under the ceiling', () => {
    const h = household([adult(180000, { employed: true }), adult(0)]); // per capita 900 元
    const taper = { previousMonthlyAmountFen: 60000, startedOn: '2026-01-15' };
    const during = calculateDibao({ date, area: urban, household: h }, params, { taper });
    expect(during).toMatchObject({ eligible: true, tapering: true, monthlyAmountFen: 60000 });
    expect(during.trace.at(-1)).toMatchObject({ measure: '(十)', rule: 'dibao.taper' });
    const lastMonth = calculateDibao({ date: '2026-07-14', area: urban, household: h }, parameterSet('2026-07-14'), { taper });
    expect(lastMonth.tapering).toBe(true);
    const over = calculateDibao({ date: '2026-07-15', area: urban, household: h }, parameterSet('2026-07-15'), { taper });
    expect(over.eligible).toBe(false);
    const aboveCeiling = calculateDibao({ date, area: urban, household: household([adult(260000, { employed: true }), adult(0)]) }, params, { taper });
    expect(aboveCeiling.eligible).toBe(false);
  });

  it('property: the amount is never negative and is 0 when not eligible', () => {
    const arbMember = fc.record({
      income: fc.integer({ min: 0, max: 1_000_000 }),
      grade: fc.option(fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>, { nil: undefined }),
      year: fc.integer({ min: 1930, max: 2025 }),
      employed: fc.boolean(),
      cost: fc.integer({ min: 0, max: 200_000 }),
    });
    fc.assert(
      fc.property(fc.array(arbMember, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 5_000_000 }), (ms, financialFen) => {
        const members = ms.map((m) =>
          member({
            birthDate: `${m.year}-03-15`,
            monthlyIncomeFen: m.income,
            employed: m.employed,
            employmentCostFen: m.cost,
            ...(m.grade ? { disability: { category: 'physical' as const, grade: m.grade } } : {}),
          }),
        );
        const r = calculateDibao({ date, area: urban, household: household(members, { assets: { financialFen, vehicles: 0, properties: 1 } }) }, params);
        expect(Number.isSafeInteger(r.monthlyAmountFen) && r.monthlyAmountFen >= 0).toBe(true);
        if (!r.eligible) expect(r.monthlyAmountFen).toBe(0);
      }),
    );
  });
});
