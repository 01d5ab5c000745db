import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAtLeastRatio } from '../../../shared/money.ts';
import { checkPublication, EXAMPLE_SOURCE, parameterCatalogue, parameterSet, parametersInForce, PARAMETER_IDS, PLATFORM_BASELINE, type PublishedValue } from '../../../shared/policy/parameters.ts';

const pub = (id: string, value: unknown, unit: string, effectiveFrom: string, source = '亳政〔2026〕1号（测试）'): PublishedValue => ({
  id,
  value,
  unit,
  effectiveFrom,
  source,
});

describe('parameter catalogue (docs/architecture.md § Parameters)', () => {
  it.each([
    ['tekun.minRatio', 13000, 'bp', '(六)'],
    ['tekun.minorAgeLimit', 18, 'years', '(六)'],
    ['tekun.funeralSubsidy', 300000, 'fen', '(六)'],
    ['linshi.multiplier.min', 2, 'multiple', '(十三)'],
    ['linshi.multiplier.max', 16, 'multiple', '(十三)'],
    ['socialWorker.allowance.assistant', 20000, 'fen', '(十七)'],
    ['socialWorker.allowance.intermediate', 40000, 'fen', '(十七)'],
    ['purchase.budgetShare', 100, 'bp', '(十八)'],
    ['disasterReserve.minimum', 20000000, 'fen', '(十一)'],
    ['approval.workingDays', 20, 'workingDays', '(二十)'],
    ['priceLinkage.cpiTrigger', 350, 'bp', '(五)'],
    ['priceLinkage.foodCpiTrigger', 600, 'bp', '(五)'],
  ])('%s ships the binding figure %s (%s) citing %s, not as an example', (id, value, unit, measure) => {
    const p = parameterSet('2026-03-01').get(id as never);
    expect(p).toMatchObject({ value, unit, example: false });
    expect(p.source).not.toContain('示例');
    expect(parameterCatalogue().find((d) => d.id === id)?.measure).toBe(measure);
  });

  it('sources the price-linkage triggers to 发改价格〔2021〕1553号', () => {
    const s = parameterSet('2026-03-01');
    expect(s.get('priceLinkage.cpiTrigger').source).toContain('发改价格〔2021〕1553号');
    expect(s.get('priceLinkage.foodCpiTrigger').source).toContain('发改价格〔2021〕1553号');
  });

  it.each([
    'dibao.standard.urban',
    'dibao.standard.rural',
    'dibao.marginRatio',
    'tekun.standard.urban',
    'tekun.standard.rural',
    'tekun.careSubsidy',
    'tekun.pocketMoney',
    'linshi.townshipLimit',
    'linshi.degreeTable',
    'publicity.days',
    'emergency.multiplier',
    'priceLinkage.subsidyRatio',
    'dibao.classification.uplift',
    'dibao.taper.months',
    'dibao.lookBackMonths',
  ])('%s is a figure left to the government: shipped as a plainly marked example', (id) => {
    const p = parameterSet('2026-03-01').get(id as never);
    expect(p.example).toBe(true);
    expect(p.source).toContain(EXAMPLE_SOURCE);
  });

  it('publicity.days carries its unit (calendar days)', () => {
    expect(parameterSet('2026-03-01').get('publicity.days').unit).toBe('days');
  });

  it('every value is an integer ≥ 0, or a table of them, and the defaults pass their own checks', () => {
    for (const def of parameterCatalogue()) {
      for (const d of def.defaults) {
        const violations = checkPublication({ id: def.id, value: d.value, unit: def.unit, effectiveFrom: d.effectiveFrom, source: d.source }, []);
        expect(violations, def.id).toEqual([]);
      }
    }
  });

  it('answers the standards in force on a date, published values overriding defaults from their effectiveFrom', () => {
    const published = [pub('dibao.standard.urban', 82000, 'fen', '2026-07-01'), pub('tekun.standard.urban', 106600, 'fen', '2026-07-01')];
    const before = parametersInForce('2026-06-30', published).parameters.find((p) => p.id === 'dibao.standard.urban');
    const after = parametersInForce('2026-07-01', published).parameters.find((p) => p.id === 'dibao.standard.urban');
    expect(before).toMatchObject({ value: 80000, example: true, effectiveFrom: PLATFORM_BASELINE });
    expect(after).toMatchObject({ value: 82000, example: false, effectiveFrom: '2026-07-01', version: 'published:2026-07-01' });
    expect(parametersInForce('2026-07-01', published).parameters).toHaveLength(PARAMETER_IDS.length);
    expect(parametersInForce('2020-12-31').parameters).toEqual([]);
  });

  it('gives the rules value, effectiveFrom and version through ParameterSet.get', () => {
    const p = parameterSet('2026-03-01', [{ ...pub('tekun.pocketMoney', 8000, 'fen', '2026-01-01'), version: 'v7' }]).get('tekun.pocketMoney');
    expect(p).toMatchObject({ id: 'tekun.pocketMoney', value: 8000, effectiveFrom: '2026-01-01', version: 'v7' });
  });
});

describe('checkPublication: the measures checked before a value is accepted', () => {
  it.each([
    ['unknown id', pub('dibao.standard.suburban', 1, 'fen', '2026-07-01'), 'UNKNOWN_PARAMETER', 'id'],
    ['wrong unit', pub('dibao.standard.urban', 800, 'yuan', '2026-07-01'), 'WRONG_UNIT', 'unit'],
    ['negative', pub('tekun.pocketMoney', -1, 'fen', '2026-07-01'), 'NEGATIVE_VALUE', 'value'],
    ['not an integer', pub('tekun.pocketMoney', 50.5, 'fen', '2026-07-01'), 'INVALID_VALUE', 'value'],
    ['bad date', pub('tekun.pocketMoney', 5000, 'fen', '2026-02-30'), 'INVALID_DATE', 'effectiveFrom'],
    ['no source', pub('tekun.pocketMoney', 5000, 'fen', '2026-07-01', ' '), 'MISSING_SOURCE', 'source'],
    ['(六) funeral subsidy ≠ 3000 元', pub('tekun.funeralSubsidy', 250000, 'fen', '2026-07-01'), 'BINDING_FIGURE', 'value'],
    ['(六) minors covered until 18, not 16', pub('tekun.minorAgeLimit', 16, 'years', '2026-07-01'), 'BINDING_FIGURE', 'value'],
    ['(六) ratio below 1.3', pub('tekun.minRatio', 12000, 'bp', '2026-07-01'), 'BINDING_FIGURE', 'value'],
    ['(十三) minimum below 2×', pub('linshi.multiplier.min', 1, 'multiple', '2026-07-01'), 'BINDING_FIGURE', 'value'],
    ['(十三) maximum above 16×', pub('linshi.multiplier.max', 20, 'multiple', '2026-07-01'), 'BINDING_FIGURE', 'value'],
    ['(十七) assistant allowance ≠ 200 元', pub('socialWorker.allowance.assistant', 30000, 'fen', '2026-07-01'), 'BINDING_FIGURE', 'value'],
    ['(十七) intermediate allowance ≠ 400 元', pub('socialWorker.allowance.intermediate', 35000, 'fen', '2026-07-01'), 'BINDING_FIGURE', 'value'],
    ['(十八) budget share ≠ 1%', pub('purchase.budgetShare', 50, 'bp', '2026-07-01'), 'BINDING_FIGURE', 'value'],
    ['(十一) reserve below 20万元', pub('disasterReserve.minimum', 10000000, 'fen', '2026-07-01'), 'BINDING_FIGURE', 'value'],
    ['(二十) more than 20 working days', pub('approval.workingDays', 25, 'workingDays', '2026-07-01'), 'BINDING_FIGURE', 'value'],
    ['(二十二) fewer staff than required', pub('staffing.atOrAboveThreshold', { established: 1, other: 3 }, 'people', '2026-07-01'), 'BINDING_FIGURE', 'value'],
    [
      '(十三) table entry above 16×',
      pub('linshi.degreeTable', { emergency: { general: 3, serious: 8, severe: 20 }, expenditure: { general: 2, serious: 6, severe: 12 } }, 'multiple', '2026-07-01'),
      'LINSHI_MULTIPLIER_RANGE',
      'linshi.degreeTable.emergency.severe',
    ],
    [
      '(十三) table with an unknown key',
      pub('linshi.degreeTable', { emergency: { general: 3, serious: 8, severe: 16, extreme: 20 }, expenditure: { general: 2, serious: 6, severe: 12 } }, 'multiple', '2026-07-01'),
      'INVALID_VALUE',
      'value.emergency.extreme',
    ],
  ])('%s is refused', (_label, candidate, code, field) => {
    const violations = checkPublication(candidate, []);
    expect(violations.map((v) => [v.code, v.field])).toContainEqual([code, field]);
    for (const v of violations) expect(v.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each([
    ['a shorter deadline (二十)', pub('approval.workingDays', 15, 'workingDays', '2026-07-01')],
    ['a larger reserve (十一)', pub('disasterReserve.minimum', 30000000, 'fen', '2026-07-01')],
    ['a narrower 临时救助 maximum that the table still fits (十三)', pub('linshi.multiplier.max', 16, 'multiple', '2026-07-01')],
  ])('%s is accepted', (_label, candidate) => {
    expect(checkPublication(candidate, [])).toEqual([]);
  });

  it('(六) refuses a 低保 rise that would leave 特困 under 1.3 × — urban and rural separately', () => {
    // Defaults: urban 低保 800 元 / 特困 1,040 元; rural 700 元 / 910 元 — exactly 1.3 ×.
    const urban = checkPublication(pub('dibao.standard.urban', 82000, 'fen', '2026-07-01'), []);
    expect(urban).toHaveLength(1);
    expect(urban[0]).toMatchObject({ code: 'TEKUN_BELOW_RATIO', measure: '(六)', field: 'tekun.standard.urban' });
    expect(urban[0]?.message).toContain('1.3倍');
    const rural = checkPublication(pub('dibao.standard.rural', 72000, 'fen', '2026-07-01'), []);
    expect(rural.map((v) => v.field)).toEqual(['tekun.standard.rural']);
  });

  it('(六) accepts the 低保 rise once the 特困 rise from the same date is published', () => {
    const tekunRise = pub('tekun.standard.urban', 106600, 'fen', '2026-07-01');
    expect(checkPublication(tekunRise, [])).toEqual([]);
    expect(checkPublication(pub('dibao.standard.urban', 82000, 'fen', '2026-07-01'), [tekunRise])).toEqual([]);
  });

  it('(六) checks the other way too: a 特困 cut below 1.3 × 低保 is refused', () => {
    expect(checkPublication(pub('tekun.standard.rural', 90999, 'fen', '2026-07-01'), [])[0]?.code).toBe('TEKUN_BELOW_RATIO');
  });

  it('(六) checks every later date: a 低保 rise now must not break an already published later 特困 value', () => {
    const published = [pub('tekun.standard.urban', 110000, 'fen', '2026-07-01'), pub('tekun.standard.urban', 104000, 'fen', '2027-01-01')];
    // 84,000 × 1.3 = 109,200: fine against 1,100 元 from July, but not against 1,040 元 from 2027.
    const v = checkPublication(pub('dibao.standard.urban', 84000, 'fen', '2026-07-01'), published);
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('2027-01-01');
  });

  it('refuses a retroactive value: past values stay', () => {
    expect(checkPublication(pub('tekun.pocketMoney', 6000, 'fen', '2026-01-01'), [], '2026-03-01')[0]?.code).toBe('RETROACTIVE');
    expect(checkPublication(pub('tekun.pocketMoney', 6000, 'fen', '2026-03-01'), [], '2026-03-01')).toEqual([]);
  });

  it('property: after any sequence of accepted publications, 特困 ≥ 1.3 × 低保 and the 临时救助 table is within range on every date', () => {
    const dates = fc.integer({ min: 0, max: 1500 }).map((d) => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    const standardPub = fc
      .record({
        id: fc.constantFrom('dibao.standard.urban', 'dibao.standard.rural', 'tekun.standard.urban', 'tekun.standard.rural'),
        value: fc.integer({ min: 50000, max: 160000 }),
        effectiveFrom: dates,
      })
      .map((p) => pub(p.id, p.value, 'fen', p.effectiveFrom));
    const ratioPub = fc.record({ value: fc.integer({ min: 12000, max: 14000 }), effectiveFrom: dates }).map((p) => pub('tekun.minRatio', p.value, 'bp', p.effectiveFrom));
    const multiplierPub = fc
      .record({
        id: fc.constantFrom('linshi.multiplier.min', 'linshi.multiplier.max'),
        value: fc.integer({ min: 0, max: 20 }),
        effectiveFrom: dates,
      })
      .map((p) => pub(p.id, p.value, 'multiple', p.effectiveFrom));
    const m = fc.integer({ min: 1, max: 18 });
    const degrees = fc.record({ general: m, serious: m, severe: m });
    const tablePub = fc
      .record({ emergency: degrees, expenditure: degrees, effectiveFrom: dates })
      .map((p) => pub('linshi.degreeTable', { emergency: p.emergency, expenditure: p.expenditure }, 'multiple', p.effectiveFrom));
    fc.assert(
      fc.property(fc.array(fc.oneof(standardPub, standardPub, ratioPub, multiplierPub, tablePub), { maxLength: 25 }), fc.array(dates, { minLength: 1, maxLength: 10 }), (candidates, probes) => {
        const accepted: PublishedValue[] = [];
        for (const c of candidates) if (checkPublication(c, accepted).length === 0) accepted.push(c);
        for (const d of probes) {
          const s = parameterSet(d, accepted);
          const ratio = s.value('tekun.minRatio');
          expect(ratio).toBeGreaterThanOrEqual(13000);
          for (const side of ['urban', 'rural'] as const) {
            expect(isAtLeastRatio(s.value(`tekun.standard.${side}`), s.value(`dibao.standard.${side}`), ratio)).toBe(true);
          }
          const [min, max] = [s.value('linshi.multiplier.min'), s.value('linshi.multiplier.max')];
          expect(2 <= min && min <= max && max <= 16).toBe(true);
          const table = s.value('linshi.degreeTable');
          for (const row of [table.emergency, table.expenditure]) for (const v of Object.values(row)) expect(v >= min && v <= max).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
