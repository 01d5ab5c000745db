import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parameterSet } from '../../../shared/policy/parameters.ts';
import { calculate, type AssistanceType, type CalculationInput } from '../../../shared/rules/calculate.ts';
import { household, member, rural, urban } from './helpers.ts';

const date = '2026-03-01';
const params = parameterSet(date);

describe('calculate(input, params) dispatches on type (docs/architecture.md § Wire shapes)', () => {
  it.each([
    ['medical', '(七)', '市医保局'],
    ['education', '(八)', '市教育局'],
    ['housing', '(九)', '市住房城乡建设局'],
    ['employment', '(十)', '市人力资源社会保障局'],
    ['legalAid', '(十二)', '市司法局'],
    ['disability', '(十二)', '市残联'],
    ['child', '(十二)', '市民政局'],
    ['disaster', '(十一)', '市应急局'],
    ['vagrant', '(十四)', '救助管理机构（民政部门）'],
  ] as const)('%s is not a cash calculation: referred under %s to %s', (type, measure, department) => {
    const r = calculate({ type, date, area: urban, household: household([member({})]) }, params);
    expect(r).toMatchObject({ eligible: false, monthlyAmountFen: 0, oneOffAmountFen: 0, details: { referral: { department, measure } } });
    expect(r.trace[0]?.measure).toBe(measure);
    expect(r.trace[0]?.detail).toContain('不是本平台的现金试算项目');
  });

  it('returns amount, trace and the parameter versions used', () => {
    const r = calculate({ type: 'tekun', date, area: rural, household: household([member({ birthDate: '2008-06-01' })]) }, params);
    expect(r.eligible).toBe(true);
    expect(r.monthlyAmountFen).toBe(91000);
    expect(r.parameterVersions).toContainEqual({ id: 'tekun.standard.rural', effectiveFrom: '2021-01-01', version: 'default:2021-01-01', example: true });
    expect(r.details.payments).toBeDefined();
  });

  it('临时救助 without hardship names the failing rule', () => {
    const r = calculate({ type: 'linshi', date, area: urban, household: household([member({})]) }, params);
    expect(r.eligible).toBe(false);
    expect(r.trace[0]).toMatchObject({ measure: '(十三)', rule: 'linshi.hardship' });
  });

  it('特困 after death and cremation gives the funeral subsidy (六)', () => {
    const r = calculate({ type: 'tekun', date, area: rural, household: household([member({ birthDate: '1940-01-01' })]) }, params, { tekun: { deceasedAndCremated: true } });
    expect(r.oneOffAmountFen).toBe(300000);
  });

  it('passes the caseworker options through: tekun.alreadySupported and dibao.taper.baselineIncomeFen', () => {
    const student = household([member({ birthDate: '2006-09-01', inSchool: true })]);
    expect(calculate({ type: 'tekun', date, area: rural, household: student }, params).eligible).toBe(false);
    expect(calculate({ type: 'tekun', date, area: rural, household: student }, params, { tekun: { alreadySupported: true } }).eligible).toBe(true);
    const working = household([member({ birthDate: '1985-01-01', monthlyIncomeFen: 180000, employed: true }), member({ birthDate: '1985-01-01' })]);
    const taper = { previousMonthlyAmountFen: 60000, startedOn: '2026-01-15', baselineIncomeFen: { 0: 40000 } };
    const r = calculate({ type: 'dibao', date, area: urban, household: working }, params, { dibao: { taper } });
    expect(r).toMatchObject({ eligible: true, monthlyAmountFen: 120000, details: { tapering: true } });
  });

  it('refuses a parameter set for another date', () => {
    expect(() => calculate({ type: 'dibao', date: '2026-03-02', area: urban, household: household([member({})]) }, params)).toThrow(RangeError);
  });

  it('every trace step of every type cites a measure; ineligible results name the rule that failed', () => {
    const types: AssistanceType[] = ['dibao', 'tekun', 'linshi', 'funeral', 'medical', 'vagrant'];
    for (const type of types) {
      const input: CalculationInput = {
        type,
        date,
        area: urban,
        household: household([member({ monthlyIncomeFen: 500000 })]),
        hardship: { kind: 'expenditure', description: '医疗支出', amountFen: 1000000 },
      };
      const r = calculate(input, params);
      expect(r.trace.length).toBeGreaterThan(0);
      for (const step of r.trace) {
        expect(step.measure).toMatch(/^\([一二三四五六七八九十]+\)$/);
        expect(step.rule).toMatch(/^[a-zA-Z]+\.[a-zA-Z]+$/);
        expect(step.detail).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('property: amounts are integers ≥ 0 for any household and type', () => {
    const arbMember = fc.record({
      year: fc.integer({ min: 1925, max: 2026 }),
      income: fc.integer({ min: 0, max: 2_000_000 }),
      grade: fc.option(fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>, { nil: undefined }),
      inSchool: fc.boolean(),
      orphanBenefit: fc.boolean(),
      relation: fc.constantFrom('self', 'spouse', 'child', 'parent', 'other') as fc.Arbitrary<'self' | 'spouse' | 'child' | 'parent' | 'other'>,
    });
    fc.assert(
      fc.property(
        fc.constantFrom('dibao', 'tekun', 'linshi', 'funeral') as fc.Arbitrary<AssistanceType>,
        fc.array(arbMember, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.constantFrom(urban, rural),
        (type, ms, amountFen, area) => {
          const members = ms.map((m) =>
            member({
              birthDate: `${m.year}-01-01`,
              monthlyIncomeFen: m.income,
              inSchool: m.inSchool,
              orphanBenefit: m.orphanBenefit,
              relation: m.relation,
              ...(m.grade ? { disability: { category: 'intellectual' as const, grade: m.grade } } : {}),
            }),
          );
          const r = calculate({ type, date, area, household: household(members), hardship: { kind: 'emergency', description: '测试', amountFen } }, params);
          for (const v of [r.monthlyAmountFen, r.oneOffAmountFen]) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
          if (!r.eligible) expect(r.monthlyAmountFen + r.oneOffAmountFen).toBe(0);
        },
      ),
    );
  });
});
