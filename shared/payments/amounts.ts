import { canonicalJson, sha256 } from '../audit/chain.ts';
import { calculate, type CalculationResult } from '../rules/calculate.ts';
import { raisedStandard } from '../rules/emergency.ts';
import { priceLinkedSubsidy, type PriceIndices } from '../rules/price-linkage.ts';
import type { DibaoOptions } from '../rules/dibao.ts';
import type { Payee, TekunPayment } from '../rules/tekun.ts';
import type { TraceStep } from '../rules/trace.ts';
import { recordingParameterSet, type ParameterId, type ParameterInForce, type ParameterSet } from '../policy/parameters.ts';
import { mulInt } from '../money.ts';
import type { CaseItem } from '../cases/case.ts';
import type { RosterEntry } from '../cases/roster.ts';
import { householdForRules } from '../cases/proposal.ts';
import type { EmergencyRaise } from './declarations.ts';
import { firstDay } from './months.ts';
import { enrolledOptions } from '../cases/enrolled.ts';
import { enrolledPersons } from '../registry/store.ts';

/**
 * What one case is owed for one month, recomputed with `calculate` — the very code behind
 * `POST /api/v1/calculations` and the proposal — on the parameters in force on the 1st of the month
 * (platform reading: a month is paid at the standard in force when it begins). An emergency raises the
 * standards through the parameter set, so the rules themselves do the arithmetic; a confirmed price
 * linkage adds its own line. Each line keeps the parameter versions and a hash of its trace for the ledger.
 */
export type Category = 'dibao' | 'tekun' | 'linshi';
export type PayeeRole = Payee;

export interface Line {
  period: string;
  /** The ledger kind: `basic`, `care`, `pocketMoney`, `priceSubsidy`, `funeral`, `linshi.stage2`, `basic.backpay.v7` … */
  kind: string;
  /** The kind without back-pay / retry / reversal suffixes, for totals and 补发 comparisons. */
  baseKind: string;
  category: Category;
  payee: PayeeRole;
  amountFen: number;
  /** As the rules report them; the ledger stores them as `<id>@<version>` (ledger.ts), which a retry copies. */
  parameterVersions: (CalculationResult['parameterVersions'][number] | string)[];
  traceHash: string;
}

export interface MonthContext {
  emergency?: EmergencyRaise;
  /** Indices of a confirmed price linkage for this month, if any. */
  price?: PriceIndices;
  /** `false`: the lines' trace hashes are left empty — a simulation (shared/simulation) needs the amounts, not the ledger's hash. */
  hashTrace?: boolean;
}

export type MonthOutcome = { lines: Line[] } | { lines: []; ineligible: string };

export const traceHash = (trace: readonly TraceStep[]): string => sha256(canonicalJson(trace));

const STANDARD_IDS: Record<'dibao' | 'tekun', ParameterId[]> = {
  dibao: ['dibao.standard.urban', 'dibao.standard.rural'],
  tekun: ['tekun.standard.urban', 'tekun.standard.rural'],
};

/** The parameter set with the declared standards raised (十五); the version says so, for the ledger. */
export function withEmergency(params: ParameterSet, raise: EmergencyRaise): { params: ParameterSet; trace: TraceStep[] } {
  const raisedIds = new Set(raise.standards.flatMap((s) => STANDARD_IDS[s]));
  const trace: TraceStep[] = [];
  const get = <K extends ParameterId>(id: K): ParameterInForce<K> => {
    const p = params.get(id);
    if (!raisedIds.has(id)) return p;
    const r = raisedStandard(p.value as number, params, raise.multiplierBp);
    if (trace.length < raisedIds.size) trace.push(...r.trace.map((s) => ({ ...s, detail: `${raise.title}：${s.detail}` })));
    return { ...p, value: r.standardFen, version: `${p.version}+emergency:${r.multiplierBp}` } as ParameterInForce<K>;
  };
  return { params: { date: params.date, get, value: (id) => get(id).value }, trace };
}


function line(period: string, kind: string, category: Category, payee: PayeeRole, amountFen: number, result: Pick<CalculationResult, 'parameterVersions'>, hash: string): Line {
  return { period, kind, baseKind: kind, category, payee, amountFen, parameterVersions: result.parameterVersions, traceHash: hash };
}

/** The monthly lines of an active 低保 or 特困 case for `month`. */
export function monthlyLines(c: RosterEntry, month: string, base: ParameterSet, ctx: MonthContext = {}): MonthOutcome {
  if (c.type !== 'dibao' && c.type !== 'tekun') return { lines: [], ineligible: `${c.type} 不按月发放` };
  const raised = ctx.emergency?.standards.includes(c.type) ? withEmergency(base, ctx.emergency) : undefined;
  const params = raised?.params ?? base;
  const input = { type: c.type, date: firstDay(month), area: c.area, household: householdForRules(c) };
  const result = calculate(input, params, enrolledOptions(c.type, c.enrolment as Parameters<typeof enrolledOptions>[1]));
  if (!result.eligible) return { lines: [], ineligible: result.trace.at(-1)?.detail ?? '按规则计算不再符合条件' };
  const hash = ctx.hashTrace === false ? '' : traceHash([...(raised?.trace ?? []), ...result.trace]); // one trace for all of a 特困 person's lines
  const lines: Line[] =
    c.type === 'dibao'
      ? [line(month, 'basic', 'dibao', 'person', result.monthlyAmountFen, result, hash)]
      : ((result.details.payments as TekunPayment[]) ?? []).filter((p) => p.amountFen > 0).map((p) => line(month, p.kind, 'tekun', p.payee, p.amountFen, result, hash));
  if (ctx.price) {
    // Per enrolled person that month (单人户: only those enrolled alone; not a member who left before it).
    const people = enrolledPersons(c as Parameters<typeof enrolledPersons>[0]).filter((p) => !p.to || p.to >= firstDay(month)).length;
    const { params: recorded, used } = recordingParameterSet(base);
    const subsidy = priceLinkedSubsidy(c.type, c.area.residence, ctx.price, recorded);
    if (subsidy.amountFen > 0) {
      const parameterVersions = used().map((p) => ({ id: p.id, effectiveFrom: p.effectiveFrom, version: p.version, example: p.example }));
      lines.push({ period: month, kind: 'priceSubsidy', baseKind: 'priceSubsidy', category: c.type, payee: 'person', amountFen: mulInt(subsidy.amountFen, people), parameterVersions, traceHash: ctx.hashTrace === false ? '' : traceHash(subsidy.trace) });
    }
  }
  return { lines };
}

/** 丧葬补助 (六): the same `calculate` with `deceasedAndCremated`, paid once to whoever arranged the funeral. */
export function funeralLine(c: CaseItem, month: string, params: ParameterSet): Line | undefined {
  const result = calculate({ type: 'tekun', date: firstDay(month), area: c.area, household: householdForRules(c) }, params, { tekun: { deceasedAndCremated: true } });
  if (!result.eligible) return undefined;
  return line(month, 'funeral', 'tekun', 'funeralArranger', result.oneOffAmountFen, result, traceHash(result.trace));
}
