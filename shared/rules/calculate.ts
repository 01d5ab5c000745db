/**
 * 试算 and case calculations: `calculate(input, params)` dispatches on `type` (docs/architecture.md §
 * Wire shapes). Cash types run their rules; the others answer that they are referred to the
 * responsible department. The result lists the parameter versions used, for the ledger.
 */
import type { IsoDate } from '../calendar/dates.ts';
import { recordingParameterSet, type ParameterSet } from '../policy/parameters.ts';
import { calculateDibao, type DibaoOptions } from './dibao.ts';
import { funeralServices } from './funeral.ts';
import type { AreaInput, HouseholdInput } from './household.ts';
import { calculateLinshi, type HardshipInput, type LinshiOptions } from './linshi.ts';
import { REFERRALS, referralResult, type ReferralType } from './referral.ts';
import { calculateTekun, tekunFuneralSubsidy, type TekunOptions } from './tekun.ts';
import { Trace, type RuleResult } from './trace.ts';

export const CASH_TYPES = ['dibao', 'tekun', 'linshi', 'funeral'] as const;
export const ASSISTANCE_TYPES = [...CASH_TYPES, ...(Object.keys(REFERRALS) as ReferralType[])] as const;
export type AssistanceType = (typeof CASH_TYPES)[number] | ReferralType;

export interface CalculationInput {
  type: AssistanceType;
  date: IsoDate;
  area: AreaInput;
  household: HouseholdInput;
  hardship?: HardshipInput;
}

/** What caseworkers know beyond the public wire shape. */
export interface CalculationOptions {
  dibao?: DibaoOptions;
  /** `deceasedAndCremated` turns a 特困 calculation into the 丧葬补助 (六). */
  tekun?: TekunOptions & { deceasedAndCremated?: boolean };
  linshi?: LinshiOptions;
  funeral?: { habitualResident?: boolean };
}

export interface CalculationResult extends RuleResult {
  type: AssistanceType;
  date: IsoDate;
  /** Every parameter the rules read, with the version in force, for ledgers and audits. */
  parameterVersions: { id: string; effectiveFrom: IsoDate; version: string; example: boolean }[];
  /** Rule-specific details (payees, approval tier, classification, referral …). */
  details: Record<string, unknown>;
}

function split<R extends RuleResult>(r: R): { base: RuleResult; details: Record<string, unknown> } {
  const { eligible, monthlyAmountFen, oneOffAmountFen, trace, ...details } = r;
  return { base: { eligible, monthlyAmountFen, oneOffAmountFen, trace }, details };
}

export function calculate(input: CalculationInput, params: ParameterSet, options: CalculationOptions = {}): CalculationResult {
  if (params.date !== input.date) {
    throw new RangeError(`参数集的日期${params.date}与计算日期${input.date}不一致`);
  }
  const { params: recorded, used } = recordingParameterSet(params);
  let result: RuleResult;
  switch (input.type) {
    case 'dibao':
      result = calculateDibao(input, recorded, options.dibao);
      break;
    case 'tekun':
      result = options.tekun?.deceasedAndCremated ? tekunFuneralSubsidy(recorded, true) : calculateTekun(input, recorded, options.tekun);
      break;
    case 'linshi':
      if (!input.hardship) {
        const trace = new Trace().add('(十三)', 'linshi.hardship', '临时救助须说明困难类型（急难型或支出型）、情况和金额');
        result = { eligible: false, monthlyAmountFen: 0, oneOffAmountFen: 0, trace: trace.steps };
      } else {
        result = calculateLinshi({ date: input.date, area: input.area, hardship: input.hardship, household: input.household }, recorded, options.linshi);
      }
      break;
    case 'funeral':
      result = funeralServices(input.area, options.funeral);
      break;
    default:
      result = referralResult(input.type);
  }
  const { base, details } = split(result);
  return {
    ...base,
    type: input.type,
    date: input.date,
    parameterVersions: used().map((p) => ({ id: p.id, effectiveFrom: p.effectiveFrom, version: p.version, example: p.example })),
    details,
  };
}
