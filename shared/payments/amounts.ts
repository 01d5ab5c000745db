import { canonicalJson, sha256 } from '../audit/chain.ts';
import { calculate, type CalculationResult } from '../rules/calculate.ts';
import { byDays, emergencyLivingSubsidy, raisedStandards } from '../rules/emergency.ts';
import { priceLinkedSubsidy, type PriceIndices } from '../rules/price-linkage.ts';
import type { Payee, TekunPayment } from '../rules/tekun.ts';
import type { TraceStep } from '../rules/trace.ts';
import { recordingParameterSet, type ParameterId, type ParameterInForce, type ParameterSet } from '../policy/parameters.ts';
import { formatYuan, mulInt } from '../money.ts';
import type { CaseItem } from '../cases/case.ts';
import type { RosterEntry } from '../cases/roster.ts';
import { householdForRules } from '../cases/proposal.ts';
import type { EmergencyMonth, EmergencyRaise } from './declarations.ts';
import { firstDay } from './months.ts';
import { enrolledOptions } from '../cases/enrolled.ts';
import { enrolledPersons } from '../registry/store.ts';

/**
 * What one case is owed for one month, recomputed with `calculate` — the very code behind
 * `POST /api/v1/calculations` and the proposal — on the parameters in force on the 1st of the month
 * (platform reading: a month is paid at the standard in force when it begins). An emergency raises the
 * standards through the parameter set, so the rules themselves do the arithmetic, and the month is paid
 * by the days it covers (十五): ordinary amount + (raised − ordinary) × covered days ÷ days in the month,
 * rounded half up to the fen once per covered stretch (`byDays`, shared/rules/emergency.ts); the
 * 临时生活补贴 of a case the declaration names is its own line, `emergencyLivingSubsidy`, by the same days.
 * A confirmed price linkage adds its own line. Each line keeps the parameter versions and a hash of its trace for the ledger.
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
  emergency?: EmergencyMonth;
  /** Indices of a confirmed price linkage for this month, if any. */
  price?: PriceIndices;
  /** `false`: the lines' trace hashes are left empty — a simulation (shared/simulation) needs the amounts, not the ledger's hash. */
  hashTrace?: boolean;
}

export type MonthOutcome = { lines: Line[] } | { lines: []; ineligible: string };

export const traceHash = (trace: readonly TraceStep[]): string => sha256(canonicalJson(trace));

/**
 * The parameter set with the declared standards raised (十五) — 低保 and 特困 together, 特困 never under
 * 1.3 × the raised 低保 (六) — the version saying so, for the ledger.
 */
export function withEmergency(params: ParameterSet, raise: EmergencyRaise, residence: 'urban' | 'rural'): { params: ParameterSet; trace: TraceStep[] } {
  const r = raisedStandards(params, raise);
  const trace = r.trace[residence].map((s) => ({ ...s, detail: `${raise.title}：${s.detail}` }));
  const get = <K extends ParameterId>(id: K): ParameterInForce<K> => {
    const p = params.get(id);
    const value = r.values.get(id);
    if (value === undefined) return p;
    return { ...p, value, version: `${p.version}+emergency:${raise.multiplierBp ?? 'default'}` } as ParameterInForce<K>;
  };
  return { params: { date: params.date, get, value: (id) => get(id).value }, trace };
}

function line(period: string, kind: string, category: Category, payee: PayeeRole, amountFen: number, result: Pick<CalculationResult, 'parameterVersions'>, hash: string): Line {
  return { period, kind, baseKind: kind, category, payee, amountFen, parameterVersions: result.parameterVersions, traceHash: hash };
}

type Calculated = { result: CalculationResult; amounts: Map<string, { payee: PayeeRole; amountFen: number }>; trace: TraceStep[] };

function amountsOf(c: RosterEntry, result: CalculationResult): Map<string, { payee: PayeeRole; amountFen: number }> {
  const out = new Map<string, { payee: PayeeRole; amountFen: number }>();
  if (!result.eligible) return out;
  if (c.type === 'dibao') out.set('basic', { payee: 'person', amountFen: result.monthlyAmountFen });
  else for (const p of (result.details.payments as TekunPayment[]) ?? []) if (p.amountFen > 0) out.set(p.kind, { payee: p.payee, amountFen: p.amountFen });
  return out;
}

/** The monthly lines of an active 低保 or 特困 case for `month`. */
export function monthlyLines(c: RosterEntry, month: string, base: ParameterSet, ctx: MonthContext = {}): MonthOutcome {
  if (c.type !== 'dibao' && c.type !== 'tekun') return { lines: [], ineligible: `${c.type} 不按月发放` };
  const input = { type: c.type, date: firstDay(month), area: c.area, household: householdForRules(c) };
  const options = enrolledOptions(c.type, c.enrolment as Parameters<typeof enrolledOptions>[1]);
  const run = (params: ParameterSet, pre: TraceStep[] = []): Calculated => {
    const result = calculate(input, params, options);
    return { result, amounts: amountsOf(c, result), trace: [...pre, ...result.trace] };
  };
  const ordinary = run(base);
  // 十五: each covered stretch that raises standards, computed on the raised set; paid by its days.
  const stretches = (ctx.emergency?.stretches ?? [])
    .filter((s) => s.raise)
    .map((s) => {
      const raised = withEmergency(base, s.raise!, c.area.residence);
      return { stretch: s, calc: run(raised.params, raised.trace) };
    });
  const result = ordinary.result;
  if (!result.eligible && !stretches.some((s) => s.calc.result.eligible)) return { lines: [], ineligible: result.trace.at(-1)?.detail ?? '按规则计算不再符合条件' };
  const daysInMonth = ctx.emergency?.daysInMonth ?? 0;
  const kinds = new Map<string, PayeeRole>();
  for (const calc of [ordinary, ...stretches.map((s) => s.calc)]) for (const [k, v] of calc.amounts) if (!kinds.has(k)) kinds.set(k, v.payee);
  const byDayTrace: TraceStep[] = [];
  const amounts = [...kinds].map(([kind, payee]) => {
    const normal = ordinary.amounts.get(kind)?.amountFen ?? 0;
    if (!stretches.length) return { kind, payee, amountFen: normal };
    // An emergency only ever raises (十五): a covered day never pays less than an ordinary one (e.g. a 渐退
    // amount above the raised top-up keeps the 渐退 amount on those days).
    const parts = stretches.map((s) => ({ raisedFen: Math.max(s.calc.amounts.get(kind)?.amountFen ?? 0, normal), days: s.stretch.days }));
    const amountFen = byDays(normal, parts, daysInMonth);
    byDayTrace.push({
      measure: '(十五)',
      rule: 'emergency.byDays',
      detail: `${kind}：按紧急救助状态覆盖的天数发放，${formatYuan(normal)} + ${parts.map((p) => `(${formatYuan(p.raisedFen)} − ${formatYuan(normal)}) × ${p.days}/${daysInMonth}天`).join(' + ')}，四舍五入到分 = ${formatYuan(amountFen)}`,
      parameters: {},
    });
    return { kind, payee, amountFen };
  });
  const hash = ctx.hashTrace === false ? '' : traceHash([...stretches.flatMap((s) => s.calc.trace), ...ordinary.trace, ...byDayTrace]); // one trace for all of a 特困 person's lines
  const versions = [...result.parameterVersions, ...stretches.flatMap((s) => s.calc.result.parameterVersions.filter((v) => String(typeof v === 'string' ? v : v.version).includes('+emergency')))];
  const lines: Line[] = amounts.filter((a) => a.amountFen > 0).map((a) => line(month, a.kind, c.type as 'dibao' | 'tekun', a.payee, a.amountFen, { parameterVersions: versions }, hash));
  // 临时生活补贴 (十五): to the cases the declaration names, per enrolled person, by the days it covers.
  const named = (ctx.emergency?.stretches ?? []).filter((s) => s.livingSubsidyRecipients?.includes(c.reference));
  if (named.length) {
    const people = enrolledPersons(c as Parameters<typeof enrolledPersons>[0]).filter((p) => !p.to || p.to >= firstDay(month)).length;
    const { params: recorded, used } = recordingParameterSet(base);
    const subsidies = named.map((s) => ({ s, r: emergencyLivingSubsidy(people, s.days, daysInMonth, recorded) }));
    const amountFen = subsidies.reduce((a, x) => a + x.r.amountFen, 0);
    if (amountFen > 0) {
      const parameterVersions = [...used().map((p) => ({ id: p.id, effectiveFrom: p.effectiveFrom, version: p.version, example: p.example })), ...named.map((s) => `emergency@${s.id}`)];
      const trace = subsidies.flatMap((x) => x.r.trace.map((t) => ({ ...t, detail: `${x.s.title}：${t.detail}` })));
      lines.push({ period: month, kind: 'emergencyLivingSubsidy', baseKind: 'emergencyLivingSubsidy', category: c.type, payee: 'person', amountFen, parameterVersions, traceHash: traceHash(trace) });
    }
  }
  if (ctx.price) {
    // Per enrolled person that month (单人户: only those enrolled alone; not a member who left before it).
    const people = enrolledPersons(c as Parameters<typeof enrolledPersons>[0]).filter((p) => !p.to || p.to >= firstDay(month)).length;
    const { params: recorded, used } = recordingParameterSet(base);
    const subsidy = priceLinkedSubsidy(c.type, c.area.residence, ctx.price, recorded);
    if (subsidy.amountFen > 0) {
      const parameterVersions = used().map((p) => ({ id: p.id, effectiveFrom: p.effectiveFrom, version: p.version, example: p.example }));
      lines.push({
        period: month,
        kind: 'priceSubsidy',
        baseKind: 'priceSubsidy',
        category: c.type,
        payee: 'person',
        amountFen: mulInt(subsidy.amountFen, people),
        parameterVersions,
        traceHash: ctx.hashTrace === false ? '' : traceHash(subsidy.trace),
      });
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
