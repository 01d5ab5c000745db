import { describe, expect, it } from 'vitest';
import { parameterSet } from '../../../shared/policy/parameters.ts';
import { checkDisasterReserve } from '../../../shared/rules/disaster-reserve.ts';
import { emergencyLivingSubsidy, raisedStandard } from '../../../shared/rules/emergency.ts';
import { funeralServices } from '../../../shared/rules/funeral.ts';
import { priceLinkageTriggered, priceLinkedSubsidy } from '../../../shared/rules/price-linkage.ts';
import { purchaseAllocation } from '../../../shared/rules/purchase.ts';
import { socialWorkerAllowance } from '../../../shared/rules/social-worker.ts';
import { checkTownshipStaffing } from '../../../shared/rules/staffing.ts';
import { urban } from './helpers.ts';

const params = parameterSet('2026-03-01');

describe('惠民殡葬 (十二): 4 free services, no means test', () => {
  it.each([
    ['local', true],
    ['residencePermit', true],
    ['elsewhere', false],
  ] as const)('hukou %s → covered: %s', (hukou, covered) => {
    const r = funeralServices({ ...urban, hukou });
    expect(r.eligible).toBe(covered);
    expect(r.oneOffAmountFen).toBe(0); // settled with the funeral home
    expect(r.trace[0]).toMatchObject({ measure: '(十二)', rule: 'funeral.noMeansTest' });
    if (covered) expect(r.freeServices).toEqual(['遗体接运', '遗体暂存', '遗体火化', '骨灰寄存']);
  });

  it('an habitual resident confirmed by the caseworker is covered', () => {
    expect(funeralServices({ ...urban, hukou: 'elsewhere' }, { habitualResident: true }).eligible).toBe(true);
  });
});

describe('price-linked subsidy (五)(十五), 发改价格〔2021〕1553号', () => {
  it.each([
    [349, 0, false],
    [350, 0, true],
    [0, 599, false],
    [0, 600, true],
  ])('CPI %i bp, food CPI %i bp → triggered %s', (cpi, food, triggered) => {
    expect(priceLinkageTriggered({ cpiYoYBp: cpi, foodCpiYoYBp: food }, params).triggered).toBe(triggered);
  });

  it('covers 低保, 特困, orphans and 事实无人抚养儿童 only (example amount rule)', () => {
    const indices = { cpiYoYBp: 400, foodCpiYoYBp: 200 };
    // 800 元 × 4 % × 100 % = 32 元
    for (const c of ['dibao', 'tekun', 'orphan', 'deFactoOrphan']) expect(priceLinkedSubsidy(c, 'urban', indices, params).amountFen).toBe(3200);
    expect(priceLinkedSubsidy('lowIncome', 'urban', indices, params).amountFen).toBe(0);
    expect(priceLinkedSubsidy('dibao', 'urban', { cpiYoYBp: 300, foodCpiYoYBp: 700 }, params).amountFen).toBe(5600); // food rise 7 %
    expect(priceLinkedSubsidy('dibao', 'urban', { cpiYoYBp: 300, foodCpiYoYBp: 500 }, params).amountFen).toBe(0);
  });
});

describe('emergency mode (十五)', () => {
  it('raises a standard by the default multiplier or the declared one', () => {
    expect(raisedStandard(80000, params).standardFen).toBe(96000);
    expect(raisedStandard(80000, params, 15000).standardFen).toBe(120000);
    expect(() => raisedStandard(80000, params, 9000)).toThrow(RangeError);
    expect(emergencyLivingSubsidy(3, 15, 30, params).amountFen).toBe(30000); // half a month: 200 yuan × 3 × 15/30
  });
});

describe('social-worker allowance (十七)', () => {
  it.each([
    ['assistant', 20000],
    ['intermediate', 40000],
    ['senior', 40000],
  ] as const)('%s in post → %i fen a month', (level, amount) => {
    expect(socialWorkerAllowance({ level, inPost: true, communityWorker: true }, params).monthlyAmountFen).toBe(amount);
  });
  it('nothing when not in post or not certified', () => {
    expect(socialWorkerAllowance({ level: 'assistant', inPost: false, communityWorker: true }, params).monthlyAmountFen).toBe(0);
    expect(socialWorkerAllowance({ level: null, inPost: true, communityWorker: true }, params).monthlyAmountFen).toBe(0);
  });
});

describe('purchase of services (十八): 1 % of the four levels’ assistance funds', () => {
  it('allocates 1 %, rounded half up to the fen', () => {
    const r = purchaseAllocation({ centralFen: 500_000_000, provincialFen: 200_000_000, municipalFen: 100_000_000, countyFen: 50 }, params);
    expect(r.totalFundsFen).toBe(800_000_050);
    expect(r.allocationFen).toBe(8_000_001); // 8,000,000.5 → up
    expect(r.trace[0]?.measure).toBe('(十八)');
  });
});

describe('relief reserve (十一): at least 200,000 yuan', () => {
  it.each([
    [20_000_000, true, 0],
    [19_999_999, false, 1],
    [25_000_000, true, 0],
  ])('%i fen → ok %s, shortfall %i', (valueFen, ok, shortfallFen) => {
    expect(checkDisasterReserve({ level: 'county', valueFen }, params)).toMatchObject({ ok, shortfallFen });
  });
});

describe('township staffing (二十二)', () => {
  it.each([
    [29_999, 1, 2, true, false],
    [29_999, 0, 2, false, false],
    [30_000, 1, 2, false, true], // the boundary reads as "3万人以上"
    [30_000, 2, 3, true, true],
    [45_000, 2, 2, false, false],
  ])('population %i with %i + %i staff → ok %s (boundary reading recorded: %s)', (population, establishedStaff, otherStaff, ok, boundary) => {
    const r = checkTownshipStaffing({ population, establishedStaff, otherStaff }, params);
    expect(r.ok).toBe(ok);
    expect(r.boundaryReading !== null).toBe(boundary);
    if (boundary) {
      expect(r.required).toEqual({ established: 2, other: 3 });
      expect(r.boundaryReading).toContain('第一千二百五十九条');
    }
  });
});
