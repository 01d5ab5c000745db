import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulBp } from '../../../shared/money.ts';
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

describe('渐退 from the amount in force (五)(十)', () => {
  // Urban 低保 800 元, ceiling 1.5 × = 1,200 元. 张工 earned 400 元 before the work, 1,800 元 now; per capita 900 元.
  const worker = (income = 180000) => adult(income, { name: '张工', employed: true });
  const raised = (standard: number, from = '2026-03-01') => parameterSet(date, [{ id: 'dibao.standard.urban', value: standard, unit: 'fen', effectiveFrom: from, source: '测试' }]);
  const taper = { previousMonthlyAmountFen: 120000, startedOn: '2026-01-15', baselineIncomeFen: { 0: 40000 } };

  it.each([
    // label, members, parameters, taper, expected result, text the taper step contains
    [
      'as at the start: (800 − 200) × 2 = 1,200 元',
      [worker(), adult(0)],
      params,
      taper,
      { tapering: true, monthlyAmountFen: 120000, classification: 'C' },
      '张工按就业前月收入400.00 元计（现为1,800.00 元）',
    ],
    ['a standard rise to 900 元 raises it: (900 − 200) × 2', [worker(), adult(0)], raised(90000), taper, { tapering: true, monthlyAmountFen: 140000 }, '按现行低保标准900.00 元'],
    [
      'a rise that brings per capita under the standard pays the larger, tapered amount',
      [worker(), adult(0)],
      raised(95000),
      taper,
      { tapering: true, monthlyAmountFen: 150000 },
      '按现收入补差只有100.00 元',
    ],
    ['another member’s income rising counts: (800 − 300) × 2', [worker(), adult(20000)], params, taper, { tapering: true, monthlyAmountFen: 100000 }, '人均300.00 元'],
    [
      'a member assessed as severely disabled adds the A uplift',
      [worker(), adult(0, { disability: { category: 'physical', grade: 1 } })],
      params,
      taper,
      { tapering: true, monthlyAmountFen: 120000 + 16000, classification: 'A' },
      '加分类施保160.00 元',
    ],
    [
      'an older record without baseline incomes keeps the amount at the start',
      [worker(), adult(0)],
      raised(90000),
      { previousMonthlyAmountFen: 60000, startedOn: '2026-01-15' },
      { tapering: true, monthlyAmountFen: 60000, classification: null },
      '未登记成员就业前的收入',
    ],
  ] as const)('%s', (_label, members, p, t, expected, text) => {
    const r = calculateDibao({ date, area: urban, household: household([...members]) }, p, { taper: t });
    expect(r).toMatchObject({ eligible: true, ...expected });
    expect(r.trace.at(-1)).toMatchObject({ measure: '(十)', rule: 'dibao.taper' });
    expect(r.trace.at(-1)?.detail).toContain(text);
  });

  it.each([
    ['the months have run out', '2026-07-15', [worker(), adult(0)], '渐退期6个月已满'],
    ['per capita over the ceiling', date, [worker(260000), adult(0)], '超过渐退上限'],
    ['over the standard even at the income before the work', date, [worker(100000), adult(120000)], '收入超标不是因成员就业，不适用渐退'],
  ] as const)('not tapering: %s', (_label, on, members, text) => {
    const r = calculateDibao({ date: on, area: urban, household: household([...members]) }, parameterSet(on), { taper });
    expect(r).toMatchObject({ eligible: false, tapering: false, monthlyAmountFen: 0 });
    const step = r.trace.find((s) => s.rule === 'dibao.taper');
    expect(step?.measure).toBe('(十)');
    expect(step?.detail).toContain(text);
  });

  it('refuses baseline incomes for members the household does not have', () => {
    expect(() => calculateDibao({ date, area: urban, household: household([worker(), adult(0)]) }, params, { taper: { ...taper, baselineIncomeFen: { 2: 0 } } })).toThrow(RangeError);
  });

  const arbHousehold = fc.record({
    incomes: fc.array(fc.integer({ min: 0, max: 300000 }), { minLength: 1, maxLength: 6 }),
    rises: fc.array(fc.integer({ min: 0, max: 200000 }), { minLength: 1, maxLength: 6 }),
    disabled: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  });
  const build = (h: { incomes: number[]; rises: number[]; disabled: boolean[] }) => {
    // Member i earned incomes[i] before the work and incomes[i] + rises[i] now (for the members that have a rise).
    const baselineIncomeFen: Record<number, number> = {};
    const members = h.incomes.map((income, i) => {
      const rise = h.rises[i];
      if (rise !== undefined) baselineIncomeFen[i] = income;
      return adult(income + (rise ?? 0), { name: `成员${i}`, ...(h.disabled[i] ? { disability: { category: 'mental' as const, grade: 2 as const } } : {}) });
    });
    const before = members.map((m, i) => (baselineIncomeFen[i] === undefined ? m : { ...m, monthlyIncomeFen: baselineIncomeFen[i]! }));
    return { members, before, baselineIncomeFen };
  };

  it('property: while tapering, the amount is exactly what the household would get at its incomes before the work', () => {
    fc.assert(
      fc.property(arbHousehold, fc.integer({ min: 70000, max: 120000 }), (h, standard) => {
        const { members, before, baselineIncomeFen } = build(h);
        const p = raised(standard);
        const r = calculateDibao({ date, area: urban, household: household(members) }, p, { taper: { ...taper, baselineIncomeFen } });
        const without = calculateDibao({ date, area: urban, household: household(before) }, p);
        if (r.tapering) {
          expect(without.tapering).toBe(false);
          expect(without.singlePersonEnrolment).toEqual([]);
          expect(r.monthlyAmountFen).toBe(without.monthlyAmountFen);
          expect(r.classification).toBe(without.classification);
        }
        // Within the months and the ceiling, and eligible at the incomes before the work by top-up: the household tapers or gets more.
        if (r.perCapitaIncomeFen <= mulBp(standard, 15000) && without.eligible && without.singlePersonEnrolment.length === 0) {
          expect(r.eligible).toBe(true);
          expect(r.monthlyAmountFen).toBeGreaterThanOrEqual(without.monthlyAmountFen);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: during the taper a standard rise never lowers the amount', () => {
    fc.assert(
      fc.property(arbHousehold, fc.integer({ min: 70000, max: 120000 }), fc.integer({ min: 0, max: 30000 }), (h, standard, rise) => {
        const { members, baselineIncomeFen } = build(h);
        const options = { taper: { ...taper, baselineIncomeFen } };
        const low = calculateDibao({ date, area: urban, household: household(members) }, raised(standard), options);
        const high = calculateDibao({ date, area: urban, household: household(members) }, raised(standard + rise), options);
        if (low.tapering) expect(high.monthlyAmountFen).toBeGreaterThanOrEqual(low.monthlyAmountFen);
      }),
      { numRuns: 300 },
    );
  });
});
