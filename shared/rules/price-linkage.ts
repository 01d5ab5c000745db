/**
 * 价格临时补贴 — measures (五)(十五), national rule 发改价格〔2021〕1553号: a month's CPI
 * year-on-year ≥ 3.5 %, or food CPI ≥ 6 %, triggers the subsidy for 低保, 特困, 孤儿 and
 * 事实无人抚养儿童. The amount rule is an example parameter until the document is entered.
 */
import { formatYuan, mulBp } from '../money.ts';
import type { ParameterSet } from '../policy/parameters.ts';
import { Trace, type TraceStep } from './trace.ts';

export interface PriceIndices {
  /** CPI year-on-year change for the month, in basis points (3.5 % = 350). */
  cpiYoYBp: number;
  foodCpiYoYBp: number;
}

export type BeneficiaryCategory = 'dibao' | 'tekun' | 'orphan' | 'deFactoOrphan';
export const COVERED_CATEGORIES: readonly BeneficiaryCategory[] = ['dibao', 'tekun', 'orphan', 'deFactoOrphan'];

export function priceLinkageTriggered(indices: PriceIndices, params: ParameterSet): { triggered: boolean; byCpi: boolean; byFood: boolean; trace: TraceStep[] } {
  const trace = new Trace();
  const cpi = params.value('priceLinkage.cpiTrigger');
  const food = params.value('priceLinkage.foodCpiTrigger');
  const byCpi = indices.cpiYoYBp >= cpi;
  const byFood = indices.foodCpiYoYBp >= food;
  const pct = (bp: number): string => `${(bp / 100).toFixed(2)}%`;
  trace.add(
    '(五)',
    'priceLinkage.trigger',
    byCpi || byFood
      ? `${byCpi ? `CPI同比涨幅${pct(indices.cpiYoYBp)}达到${pct(cpi)}` : `食品价格同比涨幅${pct(indices.foodCpiYoYBp)}达到${pct(food)}`}，启动价格临时补贴`
      : `CPI同比涨幅${pct(indices.cpiYoYBp)}未达到${pct(cpi)}，食品价格同比涨幅${pct(indices.foodCpiYoYBp)}未达到${pct(food)}，不启动`,
    { 'priceLinkage.cpiTrigger': cpi, 'priceLinkage.foodCpiTrigger': food },
  );
  return { triggered: byCpi || byFood, byCpi, byFood, trace: trace.steps };
}

/**
 * Monthly subsidy per person (example rule): local 低保 standard × CPI rise × ratio, for the
 * covered categories only; 0 when not triggered. Uses the larger of the two rises that triggered.
 */
export function priceLinkedSubsidy(category: string, residence: 'urban' | 'rural', indices: PriceIndices, params: ParameterSet): { amountFen: number; trace: TraceStep[] } {
  const { triggered, byCpi, byFood, trace: steps } = priceLinkageTriggered(indices, params);
  const trace = new Trace();
  trace.steps.push(...steps);
  if (!(COVERED_CATEGORIES as readonly string[]).includes(category)) {
    trace.add('(五)', 'priceLinkage.coverage', '价格临时补贴发放对象为低保对象、特困人员、孤儿和事实无人抚养儿童');
    return { amountFen: 0, trace: trace.steps };
  }
  if (!triggered) return { amountFen: 0, trace: trace.steps };
  const standardId = residence === 'urban' ? 'dibao.standard.urban' : 'dibao.standard.rural';
  const standard = params.value(standardId);
  const ratio = params.value('priceLinkage.subsidyRatio');
  // The rise that triggered the subsidy; when both did, the larger.
  const rise = Math.max(byCpi ? indices.cpiYoYBp : 0, byFood ? indices.foodCpiYoYBp : 0);
  const amountFen = mulBp(mulBp(standard, rise), ratio);
  trace.add('(五)', 'priceLinkage.amount', `补贴 = 低保标准${formatYuan(standard)} × 涨幅${(rise / 100).toFixed(2)}% × 系数${ratio / 100}% = ${formatYuan(amountFen)}/人·月（示例规则）`, {
    [standardId]: standard,
    'priceLinkage.subsidyRatio': ratio,
  });
  return { amountFen, trace: trace.steps };
}
