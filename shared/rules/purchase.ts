/**
 * 政府购买社会救助服务 — measure (十八): each county's yearly allocation is 1 % of that year's
 * assistance funds from the central, provincial, municipal and county levels.
 */
import { formatYuan, mulBp } from '../money.ts';
import type { ParameterSet } from '../policy/parameters.ts';
import { Trace, type TraceStep } from './trace.ts';

export interface AssistanceFunds {
  centralFen: number;
  provincialFen: number;
  municipalFen: number;
  countyFen: number;
}

export function purchaseAllocation(funds: AssistanceFunds, params: ParameterSet): { totalFundsFen: number; allocationFen: number; trace: TraceStep[] } {
  const trace = new Trace();
  const share = params.value('purchase.budgetShare');
  const parts = [funds.centralFen, funds.provincialFen, funds.municipalFen, funds.countyFen];
  if (parts.some((p) => !Number.isSafeInteger(p) || p < 0)) throw new RangeError('资金金额必须是不小于0的整数（分）');
  const totalFundsFen = parts.reduce((a, b) => a + b, 0);
  const allocationFen = mulBp(totalFundsFen, share);
  trace.add('(十八)', 'purchase.allocation', `当年中央、省、市、县级社会救助资金合计${formatYuan(totalFundsFen)}，按${share / 100}%安排购买服务经费${formatYuan(allocationFen)}（四舍五入到分）`, {
    'purchase.budgetShare': share,
  });
  return { totalFundsFen, allocationFen, trace: trace.steps };
}
