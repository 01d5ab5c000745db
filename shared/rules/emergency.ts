/**
 * 突发公共事件急难救助 — measure (十五): in a declared emergency the standards are raised by a
 * multiplier and people in badly affected areas get a temporary living subsidy.
 */
import { formatYuan, mulBp, mulInt } from '../money.ts';
import type { ParameterSet } from '../policy/parameters.ts';
import { Trace, type TraceStep } from './trace.ts';

export interface EmergencyStandard {
  standardFen: number;
  multiplierBp: number;
  trace: TraceStep[];
}

/** A standard raised for an emergency: the declaration's multiplier, else the default parameter. */
export function raisedStandard(standardFen: number, params: ParameterSet, declaredMultiplierBp?: number): EmergencyStandard {
  const trace = new Trace();
  const fallback = params.value('emergency.multiplier');
  const multiplierBp = declaredMultiplierBp ?? fallback;
  if (!Number.isSafeInteger(multiplierBp) || multiplierBp < 10_000) throw new RangeError('提高倍数不能低于1倍');
  const raised = mulBp(standardFen, multiplierBp);
  trace.add(
    '(十五)',
    'emergency.raisedStandard',
    `紧急救助期间保障标准提高为${multiplierBp / 10_000}倍：${formatYuan(standardFen)} → ${formatYuan(raised)}${declaredMultiplierBp === undefined ? '（默认倍数）' : ''}`,
    { 'emergency.multiplier': fallback },
  );
  return { standardFen: raised, multiplierBp, trace: trace.steps };
}

/** Temporary living subsidy (临时生活补贴) for `people` in a badly affected area for `months`. */
export function emergencyLivingSubsidy(people: number, months: number, params: ParameterSet): { amountFen: number; trace: TraceStep[] } {
  const trace = new Trace();
  const perPerson = params.value('emergency.livingSubsidy');
  const amountFen = mulInt(mulInt(perPerson, people), months);
  trace.add('(十五)', 'emergency.livingSubsidy', `临时生活补贴${formatYuan(perPerson)}/人·月 × ${people}人 × ${months}个月 = ${formatYuan(amountFen)}`, {
    'emergency.livingSubsidy': perPerson,
  });
  return { amountFen, trace: trace.steps };
}
