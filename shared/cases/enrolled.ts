import type { CalculationOptions } from '../rules/calculate.ts';
import type { CareLevel } from '../policy/parameters.ts';
import type { DibaoTaper } from '../rules/dibao.ts';
import type { Enrolment } from './decision.ts';

/**
 * How the rules recompute an enrolled case — the monthly run, a re-check, a household event — so the three
 * never differ: a 特困 person keeps the care level and support mode of the enrolment and is already
 * supported (in school past 18 continues, 六); a 低保 household in its 渐退期 tapers from the amount in
 * force, with the working members at their income before the work (十).
 */
export function enrolledOptions(type: string, e: (Enrolment & { taper?: DibaoTaper }) | undefined, careLevel?: CareLevel | null): CalculationOptions {
  if (type === 'tekun') {
    const level = careLevel ?? e?.careLevel;
    return { tekun: { ...(level ? { careLevel: level } : {}), ...(e?.supportMode ? { supportMode: e.supportMode } : {}), alreadySupported: true } };
  }
  const t = e?.taper;
  if (type === 'dibao' && t)
    return { dibao: { taper: { previousMonthlyAmountFen: t.previousMonthlyAmountFen, startedOn: t.startedOn, ...(t.baselineIncomeFen ? { baselineIncomeFen: t.baselineIncomeFen } : {}) } } };
  return {};
}
