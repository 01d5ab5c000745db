import { paysMonth, type RosterEntry } from '../cases/roster.ts';
import { asOf } from '../registry/link.ts';
import type { HouseholdFacts } from '../registry/store.ts';
import type { CaseItem } from '../cases/case.ts';
import type { ParameterSet } from '../policy/parameters.ts';
import type { TaskDescriptor } from '../management/tasks.ts';
import { addWorkingDaysProvisional } from '../calendar/working-days.ts';
import { maskName } from '../identifiers/mask.ts';
import { addMonth } from './months.ts';
import type { EmergencyMonth } from './declarations.ts';
import { funeralLine, monthlyLines, traceHash, type Line } from './amounts.ts';
import { newEntry, type LedgerEntry } from './ledger.ts';
import type { RunItem } from './runs.ts';
import { ACCOUNT_REASONS, type RetryMarker } from './results.ts';
import type { PayeeItem } from './payees.ts';
import type { FuneralClaim } from './funeral.ts';
import type { DocumentationItem } from './advance.ts';

/**
 * What one batch of a payment run pays, as a pure function of what was read (docs/architecture.md § Layers):
 * `plan…(run, facts) → entries, exceptions, tasks`. The consumer (consumer.ts) reads the facts, calls these
 * and writes the result, so the amounts, the 补发 and the exceptions are tested by tables without a database
 * (test/unit/payments/plan.test.ts), like the rules.
 */

export interface Exception {
  reference: string;
  code: 'ineligible' | 'routed-to-caseworker' | 'cannot-calculate';
  reason: string;
  paymentId?: string;
}

export interface Plan {
  entries: LedgerEntry[];
  exceptions: Exception[];
  /** The exceptions that need the caseworker's decision, as tasks in the township's list (with a due date). */
  tasks: TaskDescriptor[];
  /** Re-issued failed payments: each written in one transaction with the deletion of its retry marker. */
  retries: { entry: LedgerEntry; marker: string }[];
  /** 丧葬补助 claims this plan pays: marked paid once their entry is written. */
  funeralsPaid: { reference: string; paymentId: string }[];
}

export type PlanRun = Pick<RunItem, 'runId' | 'county' | 'month' | 'paramsVersion' | 'backPayMonths' | 'priceMonths'>;

/** A value read before planning, or the error reading it: planning meets the error where it needs the value. */
export type Read<T> = { value: T } | { error: Error };
export const readValue = <T>(read: Read<T> | undefined, what: string): T => {
  if (!read) throw new Error(`${what} was not read`);
  if ('error' in read) throw read.error;
  return read.value;
};

/** What the ledger already holds for one case, per month and base kind (补发 compares with it). */
export interface PaidSoFar {
  byMonth: Map<string, Map<string, number>>;
  /** `month|baseKind` reversed by the county (corrections.ts): 补发 never pays it again. */
  reversed: Set<string>;
}

export interface ActiveFacts {
  /** The run's parameters for a month (its first day, at the run's publication head). */
  params(month: string): ParameterSet;
  emergency(township: string, month: string): EmergencyMonth | undefined;
  /** For cases owed 补发 only (`owedMonths`): the ledger so far, and the household's facts on a month's first day. */
  paid(reference: string): PaidSoFar;
  householdOn(reference: string, month: string): HouseholdFacts | undefined;
}

const emptyPlan = (): Plan => ({ entries: [], exceptions: [], tasks: [], retries: [], funeralsPaid: [] });

const stamp = (run: PlanRun, c: Pick<CaseItem, 'reference' | 'area'>, createdAt: string) => ({ runId: run.runId, county: run.county, township: c.area.township, reference: c.reference, createdAt });

/** Working days the township has to look into a payment exception (platform example; the measures set none). */
export const EXCEPTION_TASK_WORKING_DAYS = 10;

function exceptionTask(run: PlanRun, c: RosterEntry, at: string): TaskDescriptor {
  const today = at.slice(0, 10);
  return {
    kind: 'payment-exception',
    period: run.month,
    reference: c.reference,
    type: c.type,
    county: c.area.county,
    township: c.area.township,
    dueDate: addWorkingDaysProvisional(today, EXCEPTION_TASK_WORKING_DAYS).date,
    applicant: maskName(c.household.members[0]?.name ?? ''),
    createdOn: today,
    createdBy: `job:payment-run:${run.runId}`,
  };
}

/** The cases of a batch the run pays this month. */
export const payable = (run: PlanRun, cases: readonly RosterEntry[]): RosterEntry[] => cases.filter((c) => paysMonth(c, run.month));

/** Months of published values with a past effective date that this case is owed 补发 for. */
export const owedMonths = (run: PlanRun, c: RosterEntry): string[] => run.backPayMonths.filter((m) => m >= c.enrolment!.startMonth);

/** Earlier months whose price linkage was confirmed late: their subsidy line is paid once, now. */
const latePriceMonths = (run: PlanRun, c: RosterEntry) => run.priceMonths.filter((x) => x.month < run.month && x.month >= c.enrolment!.startMonth);

/** 低保 and 特困 cases on the roster: this month's lines, late price subsidies and 补发. */
export function planActive(run: PlanRun, cases: readonly RosterEntry[], facts: ActiveFacts, at: string): Plan {
  const plan = emptyPlan();
  const price = run.priceMonths.find((p) => p.month === run.month)?.indices;
  // The month's parameters are the run's, not a case's: if they cannot be read, the batch fails (and is retried).
  const params = facts.params(run.month);
  for (const c of payable(run, cases)) {
    try {
      const emergency = facts.emergency(c.area.township, run.month);
      const now = monthlyLines(c, run.month, params, { ...(emergency ? { emergency } : {}), ...(price ? { price } : {}) });
      if ('ineligible' in now) {
        plan.exceptions.push({ reference: c.reference, code: 'ineligible', reason: `按规则重新计算不再符合条件，已转经办人员复核：${now.ineligible}` });
        plan.tasks.push(exceptionTask(run, c, at));
        continue;
      }
      const lines: Line[] = [...now.lines];
      for (const p of latePriceMonths(run, c)) {
        lines.push(...monthlyLines(c, p.month, facts.params(p.month), { price: p.indices }).lines.filter((l) => l.kind === 'priceSubsidy'));
      }
      const owed = owedMonths(run, c);
      if (owed.length) lines.push(...backPay(run, c, owed, facts));
      for (const l of lines) plan.entries.push(newEntry(l, stamp(run, c, at)));
    } catch (error) {
      plan.exceptions.push({ reference: c.reference, code: 'cannot-calculate', reason: `无法按规则计算：${(error as Error).message}` });
      plan.tasks.push(exceptionTask(run, c, at));
    }
  }
  return plan;
}

/** 补发: each month recomputed with the values now published, on the household as it was then, minus what the ledger paid. */
function backPay(run: PlanRun, c: RosterEntry, months: string[], facts: ActiveFacts): Line[] {
  const { byMonth, reversed } = facts.paid(c.reference);
  const lines: Line[] = [];
  for (const m of months) {
    const already = byMonth.get(m);
    if (!already) continue; // nothing was paid that month (not yet enrolled, suspended): no difference to pay
    const emergency = facts.emergency(c.area.township, m);
    const then = facts.householdOn(c.reference, m);
    const due = monthlyLines(then ? asOf(c, then) : c, m, facts.params(m), emergency ? { emergency } : {});
    for (const l of due.lines) {
      if (reversed.has(`${m}|${l.baseKind}`)) continue;
      const diff = l.amountFen - (already.get(l.baseKind) ?? 0);
      if (diff > 0) lines.push({ ...l, kind: `${l.baseKind}.backpay.v${run.paramsVersion}`, amountFen: diff });
    }
  }
  return lines;
}

/** What the ledger holds, folded for 补发: retries are re-issues (the original counts), corrections are reversals. */
export function paidSoFar(entries: readonly LedgerEntry[]): PaidSoFar {
  const byMonth = new Map<string, Map<string, number>>();
  const reversed = new Set<string>();
  for (const e of entries) {
    if (e.kind.includes('.retry')) continue;
    if (e.origin === 'correction') {
      reversed.add(`${e.period}|${e.baseKind}`);
      continue;
    }
    const m = byMonth.get(e.period) ?? new Map<string, number>();
    m.set(e.baseKind, (m.get(e.baseKind) ?? 0) + e.amountFen);
    byMonth.set(e.period, m);
  }
  return { byMonth, reversed };
}

/** 临时救助 (十三): the stages of approved plans that fall due by this month. */
export function planApproved(run: PlanRun, cases: readonly CaseItem[], documentation: ReadonlyMap<string, DocumentationItem>, at: string): Plan {
  const plan = emptyPlan();
  for (const c of cases) {
    if (c.type !== 'linshi' || c.status !== 'approved' || !c.plan || !c.decision || !c.proposal) continue;
    const decided = c.decision.at.slice(0, 7);
    const base = { category: 'linshi' as const, payee: 'person' as const, parameterVersions: c.proposal.parameterVersions, traceHash: traceHash(c.proposal.trace) };
    const due: Line[] = [];
    const p = c.plan;
    if (p.kind === 'oneOff') due.push({ ...base, period: decided, kind: 'linshi.oneOff', baseKind: 'linshi.oneOff', amountFen: p.totalFen });
    if (p.kind === 'staged') for (const s of p.payments) due.push({ ...base, period: addMonth(decided, s.n - 1), kind: `linshi.stage${s.n}`, baseKind: `linshi.stage${s.n}`, amountFen: s.amountFen });
    if (p.kind === 'advance') {
      // Paid from the township's reserve at approval (advance.ts); written here only if that hook did not run.
      due.push({ ...base, period: decided, kind: 'linshi.advance', baseKind: 'linshi.advance', amountFen: p.advanceFen });
      const doc = documentation.get(c.reference);
      if (p.balanceFen > 0 && doc?.status === 'done' && doc.doneOn) due.push({ ...base, period: doc.doneOn.slice(0, 7), kind: 'linshi.balance', baseKind: 'linshi.balance', amountFen: p.balanceFen });
    }
    for (const l of due.filter((x) => x.period <= run.month && x.amountFen > 0)) plan.entries.push(newEntry(l, stamp(run, c, at)));
  }
  return plan;
}

/** 丧葬补助 (六): claims recorded by the caseworker, paid once, with the parameters of the claim's month. */
export function planDue(run: PlanRun, claims: readonly FuneralClaim[], cases: ReadonlyMap<string, CaseItem>, params: (month: string) => ParameterSet, at: string): Plan {
  const plan = emptyPlan();
  for (const claim of claims) {
    const c = cases.get(claim.reference);
    if (!c || claim.month > run.month) continue;
    const l = funeralLine(c, claim.month, params(claim.month));
    if (!l) continue;
    const entry = newEntry(l, stamp(run, c, at));
    plan.entries.push(entry);
    plan.funeralsPaid.push({ reference: claim.reference, paymentId: entry.paymentId });
  }
  return plan;
}

/** Failed payments: issued again — unless the bank said the account is wrong and nobody has changed it since. */
export function planRetry(run: PlanRun, markers: readonly RetryMarker[], payees: ReadonlyMap<string, PayeeItem>, at: string): Plan {
  const plan = emptyPlan();
  for (const m of markers) {
    const account = payees.get(m.reference)?.accounts?.[m.payee];
    if (ACCOUNT_REASONS.includes(m.reasonCode) && (!account || account.updatedAt <= m.failedAt)) {
      plan.exceptions.push({ reference: m.reference, paymentId: m.paymentId, code: 'routed-to-caseworker', reason: `${m.reason}：请经办人员核实并更新收款账户后再发放` });
      continue;
    }
    const line: Line = {
      period: m.period,
      kind: `${m.baseKind}.retry${m.attempt}`,
      baseKind: m.baseKind,
      category: m.category,
      payee: m.payee,
      amountFen: m.amountFen,
      parameterVersions: m.parameterVersions,
      traceHash: m.traceHash,
    };
    const entry = { ...newEntry(line, { runId: run.runId, county: m.county, township: m.township, reference: m.reference, createdAt: at }), follows: m.paymentId };
    plan.retries.push({ entry, marker: m.paymentId });
  }
  return plan;
}
