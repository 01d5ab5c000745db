import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parameterSet } from '../../../shared/policy/parameters.ts';
import { memberAge, OBLIGOR_RELATIONS, type MemberInput } from '../../../shared/rules/household.ts';
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
    ['a 19-year-old student applying for the first time: school is no ground (民发〔2021〕43号)', member({ birthDate: '2006-09-01', inSchool: true }), false, 'tekun.student'],
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

  it.each([
    // label, member, alreadySupported, expected eligible, rule that decided
    ['an enrolled minor turned 19, still in school, continues', member({ birthDate: '2006-09-01', inSchool: true }), true, true, 'tekun.careSubsidy'],
    ['a first-time applicant of 19 in school is not eligible', member({ birthDate: '2006-09-01', inSchool: true }), false, false, 'tekun.student'],
    ['a first-time applicant of 18 on the birthday, in school, is not eligible', member({ birthDate: '2008-03-01', inSchool: true }), false, false, 'tekun.student'],
    ['a first-time applicant of 17 in school is eligible as a minor', member({ birthDate: '2008-03-02', inSchool: true }), false, true, 'tekun.careSubsidy'],
    ['an enrolled person of 21 in school continues (under the example cap 22)', member({ birthDate: '2004-03-02', inSchool: true }), true, true, 'tekun.careSubsidy'],
    ['an enrolled person of 22 in school is past the cap', member({ birthDate: '2004-03-01', inSchool: true }), true, false, 'tekun.noLabourCapacity'],
    ['an enrolled person of 19 who left school has labour capacity', member({ birthDate: '2006-09-01' }), true, false, 'tekun.noLabourCapacity'],
    [
      'a first-time applicant of 19 in school with grade 1 disability qualifies on disability',
      member({ birthDate: '2006-09-01', inSchool: true, disability: { category: 'physical', grade: 1 } }),
      false,
      true,
      'tekun.careSubsidy',
    ],
  ] as const)('in school (六, 民发〔2021〕43号): %s', (_label, person, alreadySupported, eligible, rule) => {
    const r = calculateTekun({ date, area: rural, household: household([person]) }, params, { alreadySupported });
    expect(r.eligible).toBe(eligible);
    expect(failedRule(r)).toBe(rule);
    const student = r.trace.find((s) => s.rule === 'tekun.student');
    if (rule === 'tekun.student') expect(student?.detail).toContain('不能作为首次申请的认定条件');
    if (alreadySupported && eligible && person.disability === undefined && memberAge(person, date) >= 18) {
      expect(student?.detail).toContain('继续享受救助供养（民发〔2021〕43号）');
    }
  });

  it('property: without alreadySupported, being in school never makes a person eligible who would not be without it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1940, max: 2025 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), (year, month, supported) => {
        const birthDate = `${year}-${String(month).padStart(2, '0')}-15`;
        const inSchool = calculateTekun({ date, area: rural, household: household([member({ birthDate, inSchool: true })]) }, params, {});
        const notInSchool = calculateTekun({ date, area: rural, household: household([member({ birthDate })]) }, params, { alreadySupported: supported });
        expect(inSchool.eligible).toBe(notInSchool.eligible);
      }),
    );
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

describe('特困 obligors (六), 民法典 第1074–1075条: grandparents, grandchildren and adult siblings', () => {
  // Rural 低保 700 元 → 低保边缘 line 1.5 × = 1,050 元: an obligor earning that much is able to support.
  const minor = member({ name: '小明', birthDate: '2012-01-01' });
  const elder = member({ name: '王奶奶', birthDate: '1950-01-01' });
  const able = 105000;
  const unable = 104999;
  const relative = (relation: MemberInput['relation'], birthDate: string, monthlyIncomeFen: number, name = '李某') => member({ name, relation, birthDate, monthlyIncomeFen });

  it.each([
    // label, applicant, other household members, declared obligors, expected eligible, text the obligor step names
    ['a grandparent able to support a grandchild whose parents are gone', minor, [relative('grandparent', '1955-01-01', able)], [], false, '祖父母、外祖父母李某'],
    ['a grandparent below the 低保边缘 line', minor, [relative('grandparent', '1955-01-01', unable)], [], true, '祖父母、外祖父母李某'],
    ['a grandchild able to support a grandparent whose children are gone', elder, [relative('grandchild', '1995-01-01', able)], [], false, '孙子女、外孙子女李某'],
    ['an adult sibling able to support a minor sibling', minor, [relative('sibling', '2000-01-01', able)], [], false, '兄弟姐妹李某'],
    ['a sibling who turns 18 on the date counts', minor, [relative('sibling', '2008-03-01', able)], [], false, '兄弟姐妹李某'],
    ['a sibling still 17 on the date does not count, whatever the income', minor, [relative('sibling', '2008-03-02', 300000)], [], true, '无法定赡养、抚养、扶养义务人'],
    ['an adult sibling below the line', elder, [relative('sibling', '1952-01-01', unable)], [], true, '兄弟姐妹李某月收入1,049.99 元'],
    ['其他亲属 (other) owe no support by law', minor, [relative('other', '1970-01-01', 300000)], [], true, '无法定赡养、抚养、扶养义务人'],
    ['a declared grandparent able to support', minor, [], [{ relation: 'grandparent', monthlyIncomeFen: able }], false, '祖父母、外祖父母（申报的义务人）'],
    ['a declared sibling able to support', elder, [], [{ relation: 'sibling', monthlyIncomeFen: able }], false, '兄弟姐妹（申报的义务人）'],
    ['a declared grandchild below the line', elder, [], [{ relation: 'grandchild', monthlyIncomeFen: unable }], true, '孙子女、外孙子女（申报的义务人）'],
    [
      'first-degree obligors unable, a grandparent able: still not 特困',
      minor,
      [relative('parent', '1985-01-01', 0, '王父'), relative('grandparent', '1955-01-01', able)],
      [],
      false,
      '祖父母、外祖父母李某',
    ],
  ] as const)('%s', (_label, applicant, others, declared, eligible, named) => {
    const r = calculateTekun({ date, area: rural, household: household([applicant, ...others], { obligors: [...declared] }) }, params);
    expect(r.eligible).toBe(eligible);
    const step = r.trace.find((s) => s.rule === 'tekun.noObligor');
    expect(step?.measure).toBe('(六)');
    expect(step?.detail).toContain(named);
    expect(step?.detail).toContain('民法典第1074—1075条');
    if (!eligible) expect(failedRule(r)).toBe('tekun.noObligor');
  });

  it('OBLIGOR_RELATIONS is the documented set: spouse, parents, children, grandparents, grandchildren, siblings', () => {
    expect([...OBLIGOR_RELATIONS].sort()).toEqual(['child', 'grandchild', 'grandparent', 'parent', 'sibling', 'spouse']);
  });

  const arbRelative = fc.record({
    relation: fc.constantFrom('spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'other') as fc.Arbitrary<MemberInput['relation']>,
    year: fc.integer({ min: 1930, max: 2025 }),
    income: fc.integer({ min: 0, max: 300000 }),
  });
  const build = (rs: { relation: MemberInput['relation']; year: number; income: number }[]) => rs.map((x, i) => relative(x.relation, `${x.year}-03-01`, x.income, `亲属${i}`));

  it('property: 特困 on obligor grounds is ruled out exactly when a counted obligor reaches the 低保边缘 line', () => {
    fc.assert(
      fc.property(fc.array(arbRelative, { maxLength: 6 }), (rs) => {
        const r = calculateTekun({ date, area: rural, household: household([elder, ...build(rs)]) }, params);
        const counted = rs.filter((x) => x.relation !== 'other' && (x.relation !== 'sibling' || 2026 - x.year >= 18));
        expect(r.eligible).toBe(!counted.some((x) => x.income >= able));
      }),
    );
  });

  it('property: adding a relative never makes an ineligible applicant eligible', () => {
    fc.assert(
      fc.property(fc.array(arbRelative, { maxLength: 5 }), arbRelative, (rs, extra) => {
        const before = calculateTekun({ date, area: rural, household: household([minor, ...build(rs)]) }, params);
        const after = calculateTekun({ date, area: rural, household: household([minor, ...build([...rs, extra])]) }, params);
        if (!before.eligible) expect(after.eligible).toBe(false);
      }),
    );
  });
});
