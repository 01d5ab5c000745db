import { describe, expect, it } from 'vitest';
import { parameterSet } from '../../../shared/policy/parameters.ts';
import { addEffect, candidates, cliffCurve, emptySummary, HOUSEHOLD_TYPES, simulatedMonth, violations, withReach } from '../../../shared/simulation/compute.ts';

const type = (key: string) => HOUSEHOLD_TYPES.find((t) => t.key === key)!;
const params = parameterSet('2026-04-01');

describe('policy simulation, the pure parts', () => {
  it('describes the first month paid at the new values', () => {
    expect(simulatedMonth('2026-04-01')).toBe('2026-04');
    expect(simulatedMonth('2026-04-15')).toBe('2026-05');
    expect(simulatedMonth('2026-12-02')).toBe('2027-01');
  });

  it('finds the 分类施保 cliff of a rural household with a child at 1,399 yuan, and none for a plain one', () => {
    expect(cliffCurve(type('rural-2-B'), params, '2026-04', {}, 5000).cliffs).toEqual([{ incomeYuan: 1399, supportBeforeFen: 7100, supportAfterFen: 0, dropFen: 7100 }]);
    expect(cliffCurve(type('rural-2-C'), params, '2026-04', {}, 5000).cliffs).toEqual([]);
    // A stated amount above the uplift: no cliff reported.
    expect(cliffCurve(type('rural-2-B'), params, '2026-04', {}, 8000).cliffs).toEqual([]);
  });

  it('adds the price subsidy to total support, which makes a cliff of a plain household too', () => {
    const c = cliffCurve(type('urban-1-C'), params, '2026-04', { price: { cpiYoYBp: 400, foodCpiYoYBp: 0 } }, 2000);
    // 800 yuan × 4 % × 100 % = 32 yuan per person, lost with eligibility at 800 yuan of income.
    expect(c.cliffs).toEqual([{ incomeYuan: 799, supportBeforeFen: 100 + 3200, supportAfterFen: 0, dropFen: 3300 }]);
  });

  it('counts households within reach below a cliff', () => {
    const [curve] = withReach([cliffCurve(type('rural-2-B'), params, '2026-04', {}, 5000)], { 'rural-2-B': { '1399': 1, '1200': 2, '1199': 4, '1400': 8 } }, 200);
    expect(curve!.cliffs[0]!.households).toBe(3);
  });

  it('sorts changes into 50-yuan bands, gains and losses apart, and counts eligibility changes', () => {
    const s = emptySummary();
    const e = (beforeFen: number | null, afterFen: number | null) => ({ reference: 'R', county: '341602', township: '341602001', type: 'dibao', persons: 2, beforeFen, afterFen });
    addEffect(s, e(10000, 15000)); // +50 → band 0
    addEffect(s, e(10000, 15001)); // +50.01 → band 1
    addEffect(s, e(10000, 9000)); // −10
    addEffect(s, e(null, 200000)); // became eligible, +2,000 → top band
    addEffect(s, e(10000, null)); // lost eligibility
    addEffect(s, e(10000, 10000));
    expect(s.gains.slice(0, 2)).toEqual([1, 1]);
    expect(s.gains.at(-1)).toBe(1);
    expect(s.losses[0]).toBe(1);
    expect(s.losses[1]).toBe(1);
    expect(s.becomeEligible).toEqual({ households: 1, persons: 2 });
    expect(s.loseEligibility).toEqual({ households: 1, persons: 2 });
    expect(s.unchanged.households).toBe(1);
    expect(s.cost['341602']!.dibao).toEqual({ cases: 6, persons: 12, beforeFen: 50000, afterFen: 249001 });
  });

  it('refuses what publishing refuses, naming the measure, and accepts the pair publishing would accept', () => {
    const lone = violations(candidates([{ id: 'dibao.standard.rural', value: 75000 }], '2026-04-01', 's'), [], '2026-03-02');
    expect(lone.map((v) => [v.code, v.measure])).toEqual([['TEKUN_BELOW_RATIO', '(六)']]);
    expect(
      violations(
        candidates(
          [
            { id: 'tekun.standard.rural', value: 97500 },
            { id: 'dibao.standard.rural', value: 75000 },
          ],
          '2026-04-01',
          's',
        ),
        [],
        '2026-03-02',
      ),
    ).toEqual([]);
    const table = violations(candidates([{ id: 'linshi.multiplier.max', value: 17 }], '2026-04-01', 's'), [], '2026-03-02');
    expect(table[0]?.measure).toBe('(十三)');
  });
});
