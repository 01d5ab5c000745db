import { SCHEMA_VERSION } from '../definitions/table.ts';
import { tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import type { TransactItem } from '../audit/chain.ts';
import { addWorkingDaysProvisional } from '../calendar/working-days.ts';
import { stagePayments } from '../rules/linshi.ts';
import { formatYuan } from '../money.ts';
import { maskName } from '../identifiers/mask.ts';
import { conflict, forbidden } from '../errors.ts';
import type { ActionBody } from '../contract/cases.ts';
import { TYPE_PROFILES } from './assistance-types.ts';
import type { CaseItem } from './case.ts';
import { rejectionNotice, type RejectionNotice } from './notice.ts';
import { countyReviewReason, placeOf } from './proposal.ts';
import { relativesOf } from './relatives.ts';
import { advancePaymentItems, reservePaymentItems } from '../payments/advance.ts';
import { reserveBalance } from '../payments/township-reserve.ts';
import type { ActionContext, ActionOutcome } from './workflow.ts';
import { enrolledMemberIndexes } from '../registry/benefits.ts';
import { personOf, type EnrolledPerson } from '../registry/store.ts';
import { linkCase } from '../registry/link.ts';
import { linshiLimits } from '../registry/linshi.ts';

/**
 * 审核确认 (二十): the township approver decides on the record — never the person who proposed.
 * 低保/特困 become active cases (enrolment); 临时救助 gets a payment plan (十三); everything else is
 * approved. A rejection carries reasons and the applicant's rights.
 */
export interface Decision {
  outcome: 'approved' | 'rejected';
  at: string;
  by: string;
  reasons?: string[];
  notice?: RejectionNotice;
}

export interface Enrolment {
  /** 分类施保 A/B/C (五); null for 特困. */
  class: 'A' | 'B' | 'C' | null;
  /** 分散/集中供养 and 护理等级 (六); null for 低保. */
  supportMode: 'dispersed' | 'centralized' | null;
  careLevel: 'full' | 'half' | 'self' | null;
  payments: { kind: string; payee: string; amountFen: number }[];
  monthlyAmountFen: number;
  startMonth: string;
  startDate: string;
  nextReviewDate: string;
  /** Who is enrolled, from when to when (单人户: only the members enrolled alone). */
  persons?: EnrolledPerson[];
  /** Ended by a death: the month of death is still paid, nothing after it (六). */
  payThrough?: string;
}

export type LinshiPlan =
  | {
      kind: 'oneOff';
      totalFen: number;
      payments: { n: number; amountFen: number }[];
      /** Within the township's authority, paid at approval from its 备用金 if the balance covers it; else by the county's monthly run (十三). */
      paidFrom?: 'reserve' | 'run';
      paidFromNote?: string;
    }
  | { kind: 'staged'; totalFen: number; payments: { n: number; amountFen: number }[] }
  | {
      kind: 'advance';
      totalFen: number;
      advanceFen: number;
      balanceFen: number;
      documentationDue: string;
      documentationDueProvisional: boolean;
      payments: { n: number; amountFen: number; when: string }[];
    };

/** 急难型: the documentation follows the advance within this many working days (platform example; the measures set none). */
export const ADVANCE_DOCUMENTATION_WORKING_DAYS = 10;

function separateDuties(ctx: ActionContext<unknown>): void {
  if (ctx.case.proposal && ctx.case.proposal.proposedBy === ctx.actor?.sub) {
    throw forbidden('separation-of-duties', '提出审核意见的人不能同时作出审核确认决定（二十），请由另一位审核确认人办理。');
  }
}

/**
 * The next re-check (五)(六): C-class 低保 households are re-checked in Q2, every household in Q4.
 * The date is the first day of that quarter after the start.
 */
export function nextReviewDate(start: string, cls: Enrolment['class']): string {
  const year = Number(start.slice(0, 4));
  const candidates = (cls === 'C' ? ['04-01', '10-01'] : ['10-01']).flatMap((md) => [`${year}-${md}`, `${year + 1}-${md}`]);
  return candidates.filter((d) => d > start).sort()[0]!;
}

function enrol(c: CaseItem, today: string): Enrolment {
  const p = c.proposal!;
  const tekun = c.type === 'tekun';
  const payments = tekun ? ((p.details.payments as Enrolment['payments']) ?? []) : [{ kind: 'basic', payee: 'person', amountFen: p.monthlyAmountFen }];
  const cls = tekun ? null : ((p.details.classification as Enrolment['class']) ?? null);
  const persons = enrolledMemberIndexes(c).map((i) => {
    const m = c.household.members[i]!;
    return { person: personOf(m, c.reference, i), name: m.name, from: today };
  });
  return {
    class: cls,
    supportMode: tekun ? (p.options.supportMode ?? 'dispersed') : null,
    careLevel: tekun ? (p.options.careLevel ?? 'self') : null,
    payments,
    monthlyAmountFen: p.monthlyAmountFen,
    // Assistance runs from the month of the decision (platform reading).
    startMonth: today.slice(0, 7),
    startDate: today,
    nextReviewDate: nextReviewDate(today, cls),
    persons,
  };
}

function linshiPlan(c: CaseItem, plan: ActionBody<'approve'>['plan'], today: string): LinshiPlan {
  const total = c.proposal!.oneOffAmountFen;
  const kind = plan?.kind ?? 'oneOff';
  if (kind === 'staged') {
    // 一次审批、分阶段救助 (十三): instalments that sum exactly to the approved amount.
    const amounts = stagePayments(total, plan?.stages ?? 2);
    return { kind, totalFen: total, payments: amounts.map((amountFen, i) => ({ n: i + 1, amountFen })) };
  }
  if (kind === 'advance') {
    const advanceFen = (c.proposal!.details.emergencyAdvanceFen as number | undefined) ?? 0;
    if (c.hardship?.kind !== 'emergency' || advanceFen <= 0) {
      throw conflict('advance-not-allowed', '只有急难型临时救助可以“小金额先行救助”、事后补充说明（十三）。');
    }
    const due = addWorkingDaysProvisional(today, ADVANCE_DOCUMENTATION_WORKING_DAYS);
    return {
      kind,
      totalFen: total,
      advanceFen,
      balanceFen: total - advanceFen,
      documentationDue: due.date,
      documentationDueProvisional: due.provisional,
      payments: [{ n: 1, amountFen: advanceFen, when: today }, ...(total > advanceFen ? [{ n: 2, amountFen: total - advanceFen, when: `补充材料后（${due.date}前）` }] : [])],
    };
  }
  return { kind: 'oneOff', totalFen: total, payments: [{ n: 1, amountFen: total }] };
}

/** The 长期公示 entry written with an enrolment: the enrolled members only, never the applicant's full name. */
function enrolmentItems(c: CaseItem, e: Enrolment): TransactItem[] {
  const roster = {
    ...keys.enrolledRoster(c.reference),
    kind: 'enrolled',
    reference: c.reference,
    name: maskName(c.applicant.name),
    ...placeOf(c),
    type: c.type,
    typeLabel: TYPE_PROFILES[c.type].label,
    members: (e.persons ?? []).length,
    monthlyAmountFen: e.monthlyAmountFen,
    since: e.startMonth,
    gsi4pk: 'PUBLICITY#enrolled',
    gsi4sk: `${c.area.county}#${c.area.township}#${c.reference}`,
    schemaVersion: SCHEMA_VERSION,
  };
  return [{ Put: { TableName: tableName(), Item: roster } }];
}

export async function approve(ctx: ActionContext<ActionBody<'approve'>>): Promise<ActionOutcome> {
  const { case: c, today } = ctx;
  separateDuties(ctx);
  if (!c.proposal) throw conflict('no-proposal', '尚无审核意见，不能作出决定。');
  if (!c.proposal.eligible) throw conflict('not-eligible', '按规则计算不符合条件，不能批准；请作出不予批准的决定并说明理由。');
  const profile = TYPE_PROFILES[c.type];
  if (profile.enrolled && c.status !== 'readyForDecision') {
    throw conflict('publicity-required', `${profile.label}须经公示、公示期满无异议后才能审核确认（二十）。`);
  }
  // The registry may have grown since acceptance: look again (二十三).
  const relatedTo = [...new Set([...(c.relativeFlag?.relatedTo ?? []), ...(await relativesOf(c))])];
  const reviewed = { ...c, ...(relatedTo.length ? { relativeFlag: { relatedTo, at: c.relativeFlag?.at ?? ctx.at } } : {}) };
  const why = countyReviewReason(reviewed);
  if (why && !c.countyReview) throw conflict('county-review-required', `${why}，须先由县级民政部门复核，再审核确认。`);
  if (why && c.countyReview && !c.countyReview.cleared) throw conflict('county-review-not-cleared', '县级复核未通过，不能批准。');

  // Linked at 受理; a case accepted before the registry is linked now.
  const link = c.householdId ? { items: [] } : await linkCase(c, ctx.at);
  const linked = 'householdId' in link ? { householdId: link.householdId, household: { ...c.household, members: link.members } } : {};
  if (profile.enrolled) {
    const enrolment = enrol({ ...c, ...linked }, today);
    return {
      to: 'active',
      // The registry's holdings are written by the executor, conditionally: a conflicting enrolment refuses the approval (benefits.ts).
      set: { ...linked, enrolment, decision: { outcome: 'approved', at: ctx.at, by: ctx.actor!.sub }, ...(relatedTo.length ? { relativeFlag: reviewed.relativeFlag } : {}) },
      items: [...link.items, ...enrolmentItems(c, enrolment)],
      note: `审核确认：批准，自${enrolment.startMonth}起享受${profile.label}`,
      answer: { enrolment },
    };
  }
  const plan = c.type === 'linshi' ? linshiPlan(c, ctx.body.plan, today) : undefined;
  // 临时救助 across applications (十三): the household's approvals in the window add up; the same need is paid once.
  const limits = c.type === 'linshi' ? await linshiLimits({ ...c, ...linked }, today, c.proposal.oneOffAmountFen, ctx.actor) : undefined;
  if (limits?.countyReviewReason && !c.countyReview) throw conflict('county-review-required', `${limits.countyReviewReason}，须先由县级民政部门复核，再审核确认。`, { cumulative: limits.summary });
  // Above 16 × — by this amount or by the household's sum in the window — only with a 一事一议 the county has signed (十三).
  if (limits && limits.summary.totalFen > limits.summary.ceilingFen && c.oneMatter?.status !== 'signed') {
    throw conflict(
      'one-matter-required',
      `本家庭期内临时救助合计${formatYuan(limits.summary.totalFen)}，超过低保标准16倍（${formatYuan(limits.summary.ceilingFen)}），须先录入“一事一议”集体决定并经县级复核签署（十三）。`,
      { cumulative: limits.summary },
    );
  }
  // Approved within the township's own authority (no county review): a one-off payment comes from its 备用金 (十三).
  const paid = plan?.kind === 'oneOff' && !c.countyReview ? await fromReserve(c, plan, ctx.at, ctx.actor!.sub) : undefined;
  const decided = paid ? paid.plan : plan;
  return {
    to: 'approved',
    set: { ...linked, decision: { outcome: 'approved', at: ctx.at, by: ctx.actor!.sub }, ...(decided ? { plan: decided } : {}) },
    // 小金额先行救助 and township one-offs (十三) are paid at approval, so their ledger entries are written in this transaction.
    items: [...link.items, ...(limits?.items ?? []), ...(plan?.kind === 'advance' ? advancePaymentItems(c, plan, ctx.at, ctx.actor!.sub) : []), ...(paid?.items ?? [])],
    note: `审核确认：批准${profile.label}`,
    answer: decided ? { plan: decided } : {},
  };
}

/**
 * A one-off the township approves within its authority is paid at once from its 备用金 when the balance
 * covers it — drawn conditionally in the approve transaction, so a race for the last of it refuses the
 * approval whole (409 reserve-insufficient, try again) and never takes the balance below zero. A township
 * whose reserve cannot cover it (or that the county has not funded) is paid by the county's monthly run.
 */
async function fromReserve(c: CaseItem, plan: Extract<LinshiPlan, { kind: 'oneOff' }>, at: string, by: string) {
  const balance = await reserveBalance(c.area.township);
  if (balance < plan.totalFen) {
    const paidFromNote = `乡镇（街道）备用金余额${formatYuan(balance)}不足以支付${formatYuan(plan.totalFen)}，由县级在本月发放批次中发放`;
    return { plan: { ...plan, paidFrom: 'run' as const, paidFromNote }, items: [] };
  }
  return { plan: { ...plan, paidFrom: 'reserve' as const, paidFromNote: '由乡镇（街道）备用金在审批时支付' }, items: reservePaymentItems(c, 'linshi.oneOff', plan.totalFen, at, by) };
}

export function reject(ctx: ActionContext<ActionBody<'reject'>>): ActionOutcome {
  separateDuties(ctx);
  const notice = rejectionNotice(ctx.case, ctx.body.reasons, ctx.today);
  return {
    set: { decision: { outcome: 'rejected', at: ctx.at, by: ctx.actor!.sub, reasons: ctx.body.reasons, notice } },
    note: '审核确认：不予批准（理由与救济途径见通知书）',
    answer: { notice },
  };
}
