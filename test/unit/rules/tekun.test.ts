import { describe, expect, it } from 'vitest';
import { parameterSet } from '../../../shared/policy/parameters.ts';
import { calculateTekun, tekunFuneralSubsidy } from '../../../shared/rules/tekun.ts';
import { household, member, rural, urban } from './helpers.ts';

const date = '2026-03-01';
const params = parameterSet(date);
// Example defaults: rural 低保 700 元, rural 特困 910 元; urban 特困 1,040 元; care full 500 元; pocket money 50 元.

const failedRule = (r: { trace: { rule: string }[] }) => r.trace.at(-1)?.rule;

describe('特困 (六), read with 民发〔2021〕43号', () => {
  it.each([
    // label, member, expected eligible, rule that decided
    ['a 17-year-old without support is 特困 (minors until 18)', member({ birthDate: '2008-06-01' }), true, 'tekun.careSubsidy'],
    ['a 19-year-old still in school continues', member({ birthDate: '2006-09-01', inSchool: true }), true, 'tekun.careSubsidy'],
    ['a 19-year-old not in school has labour capacity', member({ birthDate: '2006-09-01' }), false, 'tekun.noLabourCapacity'],
    ['a 22-year-old student is past the example cap (22)', member({ birthDate: '2003-09-01', inSchool: true }), false, 'tekun.noLabourCapacity'],
    ['someone 60 or over has no labour capacity', member({ birthDate: '1966-03-01' }), true, 'tekun.careSubsidy'],
    ['a 59-year-old without disability does not qualify', member({ birthDate: '1966-03-02' }), false, 'tekun.noLabourCapacity'],
    ['grade 2 disability of any category (visual)', member({ disability: { category: 'visual', grade: 2 } }), true, 'tekun.careSubsidy'],
    ['grade 3 intellectual disability', member({ disability: { category: 'intellectual', grade: 3 } }), true, 'tekun.careSubsidy'],
    ['grade 3 physical disability is not enough', member({ disability: { category: 'physical', grade: 3 } }), false, 'tekun.noLabourCapacity'],
    ['serious illness', member({ illness: 'serious' }), true, 'tekun.careSubsidy'],
    ['own income at the 低保 standard is a means of living', member({ birthDate: '1950-01-01', monthlyIncomeFen: 70000 }), false, 'tekun.noIncome'],
  ])('%s', (_label, person, eligible, rule) => {
    const r = calculateTekun({ date, area: rural, household: household([person]) }, params);
    expect(r.eligible).toBe(eligible);
    expect(failedRule(r)).toBe(rule);
    for (const step of r.trace) expect(step.measure).toMatch(/^\(.+\)$/);
    if (eligible) expect(r.monthlyAmountFen).toBe(91000);
  });

  it('the 17-year-old on 孤儿保障 is not 特困; the trace names the orphan standard instead', () => {
    const r = calculateTekun({ date, area: rural, household: household([member({ birthDate: '2008-06-01', orphanBenefit: true })]) }, params);
    expect(r.eligible).toBe(false);
    const step = r.trace.find((s) => s.rule === 'tekun.orphanBenefit');
    expect(step?.detail).toContain('孤儿保障标准');
    expect(step?.detail).toContain('1,400.00 元');
    expect(step?.parameters).toEqual({ 'orphan.standard': 140000 });
  });

  it('age comes from the ID number as of the calculation date: 18 on the birthday', () => {
    const person = member({ birthDate: '2008-06-01' });
    expect(calculateTekun({ date: '2026-05-31', area: rural, household: household([person]) }, parameterSet('2026-05-31')).eligible).toBe(true);
    expect(calculateTekun({ date: '2026-06-01', area: rural, household: household([person]) }, parameterSet('2026-06-01')).eligible).toBe(false);
  });

  it('takes birthDate instead of the ID number for the public 试算', () => {
    const r = calculateTekun({ date, area: rural, household: household([{ name: '李四', birthDate: '2009-01-01', relation: 'self', monthlyIncomeFen: 0 }]) }, params);
    expect(r.eligible).toBe(true);
    expect(r.trace[0]?.detail).toContain('据填写的出生日期');
  });

  it('an obligor able to support (income at the 低保边缘 line) rules 特困 out', () => {
    const elder = member({ birthDate: '1950-01-01' });
    const able = calculateTekun({ date, area: rural, household: household([elder], { obligors: [{ relation: 'child', monthlyIncomeFen: 105000 }] }) }, params);
    expect(able.eligible).toBe(false);
    expect(failedRule(able)).toBe('tekun.noObligor');
    const unable = calculateTekun({ date, area: rural, household: household([elder], { obligors: [{ relation: 'child', monthlyIncomeFen: 104999 }] }) }, params);
    expect(unable.eligible).toBe(true);
  });

  it('a parent living in the household counts as an obligor', () => {
    const child = member({ birthDate: '2012-01-01' });
    const parent = member({ name: '王父', birthDate: '1985-01-01', relation: 'parent', monthlyIncomeFen: 300000 });
    expect(calculateTekun({ date, area: rural, household: household([child, parent]) }, params).eligible).toBe(false);
  });

  it('assets over the limits rule 特困 out', () => {
    const r = calculateTekun({ date, area: rural, household: household([member({ birthDate: '1950-01-01' })], { assets: { financialFen: 0, vehicles: 1, properties: 1 } }) }, params);
    expect(failedRule(r)).toBe('tekun.assets');
  });

  it('amount = standard + care subsidy by care level (to the carer or institution) + pocket money in 集中供养', () => {
    const person = member({ birthDate: '1940-01-01', disability: { category: 'physical', grade: 1 } });
    const centralized = calculateTekun({ date, area: urban, household: household([person]) }, params, { careLevel: 'full', supportMode: 'centralized' });
    expect(centralized.monthlyAmountFen).toBe(104000 + 50000 + 5000);
    expect(centralized.payments).toEqual([
      { kind: 'basic', payee: 'institution', amountFen: 104000 },
      { kind: 'care', payee: 'institution', amountFen: 50000 },
      { kind: 'pocketMoney', payee: 'person', amountFen: 5000 },
    ]);
    const dispersed = calculateTekun({ date, area: urban, household: household([person]) }, params, { careLevel: 'half' });
    expect(dispersed.monthlyAmountFen).toBe(104000 + 25000);
    expect(dispersed.payments.find((p) => p.kind === 'care')?.payee).toBe('carer');
    expect(dispersed.visitIntervalMonths).toBe(6); // 分散供养 全/半护理: visited at least every half year
  });

  it('pays the 3000-yuan funeral subsidy after cremation (六)', () => {
    expect(tekunFuneralSubsidy(params, true)).toMatchObject({ eligible: true, oneOffAmountFen: 300000, monthlyAmountFen: 0 });
    expect(tekunFuneralSubsidy(params, false).eligible).toBe(false);
  });
});
