import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { addDays, addMonths } from '../calendar/dates.ts';
import { dateShanghai } from '../clock.ts';
import { AppError, conflict, invalidField } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import type { TransactItem } from '../audit/chain.ts';
import { parametersOn } from '../policy/store.ts';
import { ParameterNotInForceError } from '../policy/parameters.ts';
import { calculate, type CalculationOptions, type CalculationResult } from '../rules/calculate.ts';
import { MemberBirthDateError } from '../rules/household.ts';
import { CalendarNotCoveredError } from '../calendar/working-days.ts';
import type { CaseItem } from '../cases/case.ts';
import { nextReviewDate, type Enrolment } from '../cases/decision.ts';
import { householdForRules } from '../cases/proposal.ts';
import { rejectionNotice, type RejectionNotice } from '../cases/notice.ts';
import { TYPE_PROFILES } from '../cases/assistance-types.ts';
import { runAction, type ActionAnswer, type ActionContext, type ActionOutcome } from '../cases/workflow.ts';
import type { TaskOutcomeBody } from '../contract/management.ts';
import { emergencyParameters } from './emergencies.ts';
import { strandedFollowUp } from './stranded.ts';
import { enrolledOptions } from '../cases/enrolled.ts';
import { closedTask, loadTask, requireTaskScope, taskView, type TaskItem } from './tasks.ts';

/**
 * Completing a task (五)(六)(十)(二十三): the caseworker records what the re-check found and one outcome —
 * - continue: nothing changes but the record (and the next review date);
 * - adjust: the rules recompute the amount from the facts recorded now (incomes, the care level of a
 *   new 生活自理能力评估); nobody types an amount (二十);
 * - taper (渐退, 十): for 低保 households whose members found work: the caseworker decides; the amount
 *   stays for `dibao.taper.months`, and graduated-exit ends the case when the period has run out;
 * - suspend: payment stops while the doubt is cleared;
 * - end: with reasons and the notice of the rights to 行政复议 and 行政诉讼 (二十).
 *
 * Every outcome is ONE transaction through the case workflow's executor (shared/cases/workflow.ts): the
 * case's version condition, its audit chain, and the task closed on the condition that it is still open.
 */
export interface ManagedCase extends CaseItem {
  reviews?: { taskId: string; kind: string; outcome: string; findings: string; at: string; by: string; assessment?: unknown; amountFen?: number }[];
  suspension?: { reasons: string[]; at: string; by: string };
  ending?: { reasons: string[]; at: string; by: string; notice: EndingNotice };
  enrolment?: Enrolment & { endDate?: string; taper?: Taper };
}

export interface Taper {
  startedOn: string;
  months: number;
  /** The last day of the 渐退期 (inclusive). */
  lastDay: string;
  previousMonthlyAmountFen: number;
  members: number[];
  /** The working members' incomes before the work (member index → fen): the 渐退 amount is recomputed from them (十). */
  baselineIncomeFen?: Record<number, number>;
}

export type EndingNotice = RejectionNotice;

/**
 * 终止救助通知书: the reasons and the same rights as a refusal (二十) — the notice module's rights, body
 * and wording, with the decision named as what it is.
 */
export function endingNotice(c: CaseItem, reasons: readonly string[], date: string): EndingNotice {
  const base = rejectionNotice(c, reasons, date);
  const label = TYPE_PROFILES[c.type].label;
  return {
    ...base,
    title: `${label}终止救助通知书`,
    text: base.text.replace(`您申请的${label}（申请编号 ${c.reference}），经审核，决定不予批准。`, `您家庭享受的${label}（申请编号 ${c.reference}），经复核，决定自${date}起终止。`),
  };
}

/** The rules again, on the facts recorded now, with any emergency in force (十五). */
export async function recalculate(c: CaseItem, household: CaseItem['household'], options: CalculationOptions, today: string): Promise<CalculationResult> {
  try {
    const emergency = await emergencyParameters(await parametersOn(today), c.area, today);
    const result = calculate({ type: c.type, date: today, area: c.area, household: householdForRules({ household }) }, emergency.params, options);
    return { ...result, trace: [...emergency.trace, ...result.trace] };
  } catch (error) {
    if (error instanceof MemberBirthDateError || error instanceof ParameterNotInForceError || error instanceof CalendarNotCoveredError) {
      throw new AppError(422, 'cannot-calculate', '无法按规则计算', error.message);
    }
    throw error;
  }
}

function withIncomes(c: CaseItem, members: { index: number; monthlyIncomeFen: number; employmentCostFen?: number | undefined; employed?: boolean | undefined }[] | undefined): CaseItem['household'] {
  const list = [...c.household.members];
  for (const [i, m] of (members ?? []).entries()) {
    const current = list[m.index];
    if (!current) throw invalidField(`members.${i}.index`, 'no-such-member', `家庭中没有序号为 ${m.index} 的成员（共${list.length}人，从0开始）。`);
    list[m.index] = {
      ...current,
      monthlyIncomeFen: m.monthlyIncomeFen,
      ...(m.employmentCostFen !== undefined ? { employmentCostFen: m.employmentCostFen } : {}),
      ...(m.employed !== undefined ? { employed: m.employed } : {}),
    };
  }
  return { ...c.household, members: list };
}

function rosterAmount(c: CaseItem, amountFen: number, hasRoster: boolean): TransactItem[] {
  if (!hasRoster) return [];
  return [{ Update: { TableName: tableName(), Key: keys.enrolledRoster(c.reference), UpdateExpression: 'SET monthlyAmountFen = :a', ExpressionAttributeValues: { ':a': amountFen } } }];
}

async function hasRoster(reference: string): Promise<boolean> {
  return Boolean((await db().send(new GetCommand({ TableName: tableName(), Key: keys.enrolledRoster(reference), ProjectionExpression: 'pk' }))).Item);
}

/** What ending a case writes beside it: off 长期公示. The uniqueness item is released by the executor. */
const endingItems = (c: CaseItem): TransactItem[] => [{ Delete: { TableName: tableName(), Key: keys.enrolledRoster(c.reference) } }];

function outcomeLogic(task: TaskItem, body: TaskOutcomeBody) {
  return async (ctx: ActionContext<TaskOutcomeBody>): Promise<ActionOutcome> => {
    const c = ctx.case as ManagedCase;
    const e = c.enrolment;
    if (!e) throw conflict('not-enrolled', '此案件没有纳入记录，不能登记复核结果。');
    const by = ctx.actor!.sub;
    const assessment = 'assessment' in body ? body.assessment : undefined;
    if (task.kind === 'tekun-visit' && (body.outcome === 'continue' || body.outcome === 'adjust') && !assessment) {
      throw invalidField('assessment', 'required', '特困人员探访须同时记录生活自理能力评估（六）。');
    }
    const review = { taskId: task.id, kind: task.kind, outcome: body.outcome, findings: body.findings, at: ctx.at, by, ...(assessment ? { assessment } : {}) };
    const closeTask: TransactItem = {
      Put: {
        TableName: tableName(),
        Item: closedTask(task, { outcome: body.outcome, findings: body.findings, at: ctx.at, by, ...('reasons' in body ? { reasons: body.reasons } : {}) }),
        ConditionExpression: '#s = :open',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':open': 'open' },
      },
    };
    const reviews = [...(c.reviews ?? []), review];
    const careChanged = Boolean(assessment && e.careLevel && assessment.careLevel !== e.careLevel);

    switch (body.outcome) {
      case 'continue': {
        if (careChanged) throw conflict('care-level-changed', `评估的护理等级（${assessment!.careLevel}）与现在的（${e.careLevel}）不同，护理补贴随之变化：请选择 adjust，由规则重新计算。`);
        return {
          to: 'active',
          set: { reviews, enrolment: { ...e, nextReviewDate: nextReviewDate(ctx.today, e.class) }, suspension: undefined } as Partial<CaseItem>,
          items: [closeTask],
          note: `${task.period}复核：继续享受`,
        };
      }
      case 'adjust': {
        const household = withIncomes(c, body.members);
        const careLevel = assessment?.careLevel ?? e.careLevel ?? undefined;
        const options: CalculationOptions = enrolledOptions(c.type, e, careLevel);
        const result = await recalculate(c, household, options, ctx.today);
        if (!result.eligible) {
          throw conflict(
            'no-longer-eligible',
            `按规则重新计算已不符合条件（${result.trace.at(-1)?.detail ?? ''}）。请选择 end（终止）${c.type === 'dibao' ? '，或成员就业的选择 taper（渐退）' : ''}。`,
            { trace: result.trace },
          );
        }
        const payments = c.type === 'tekun' ? ((result.details.payments as Enrolment['payments']) ?? []) : [{ kind: 'basic', payee: 'person', amountFen: result.monthlyAmountFen }];
        const cls = c.type === 'dibao' ? ((result.details.classification as Enrolment['class']) ?? e.class) : e.class;
        const enrolment = { ...e, class: cls, careLevel: careLevel ?? null, payments, monthlyAmountFen: result.monthlyAmountFen, nextReviewDate: nextReviewDate(ctx.today, cls) };
        return {
          to: 'active',
          set: {
            household,
            enrolment,
            reviews: reviews.map((r) => (r === review ? { ...r, amountFen: result.monthlyAmountFen } : r)),
            suspension: undefined,
            adjustment: { at: ctx.at, trace: result.trace, parameterVersions: result.parameterVersions },
          } as Partial<CaseItem>,
          items: [closeTask, ...rosterAmount(c, result.monthlyAmountFen, await hasRoster(c.reference))],
          note: `${task.period}复核：按规则重新计算，月发放金额调整`,
          answer: { enrolment, trace: result.trace },
        };
      }
      case 'taper': {
        if (c.type !== 'dibao') throw conflict('taper-not-applicable', '渐退只适用于低保家庭中成员就业后收入超过标准的情形（十）。');
        if (e.taper) throw conflict('already-tapering', `此家庭已在渐退期（至${e.taper.lastDay}）。`);
        const household = withIncomes(
          c,
          body.members.map((m) => ({ ...m, employed: true })),
        );
        // Needed only when the household is over the standard without it; then tapered from the members' incomes before the work.
        if ((await recalculate(c, household, {}, ctx.today)).eligible) throw conflict('taper-not-needed', '就业后家庭人均收入仍低于低保标准，不需要渐退：请选择 adjust，由规则重新计算金额。');
        const baselineIncomeFen = Object.fromEntries(body.members.map((m) => [m.index, c.household.members[m.index]?.monthlyIncomeFen ?? 0]));
        const result = await recalculate(c, household, { dibao: { taper: { previousMonthlyAmountFen: e.monthlyAmountFen, startedOn: ctx.today, baselineIncomeFen } } }, ctx.today);
        const tapering = Boolean(result.details.tapering);
        if (!tapering) throw conflict('taper-not-applicable', `就业后家庭人均收入已超过渐退上限（${result.trace.at(-1)?.detail ?? ''}），不能渐退：请选择 end（终止）。`, { trace: result.trace });
        const months = (await parametersOn(ctx.today)).value('dibao.taper.months');
        const taper: Taper = {
          startedOn: ctx.today,
          months,
          lastDay: addDays(addMonths(ctx.today, months), -1),
          previousMonthlyAmountFen: e.monthlyAmountFen,
          members: body.members.map((m) => m.index),
          baselineIncomeFen,
        };
        return {
          to: 'active',
          // The sparse gsi4 entry lets graduated-exit find the cases whose 渐退期 ends, without a scan.
          set: { household, enrolment: { ...e, taper }, reviews, gsi4pk: 'TAPER#running', gsi4sk: `${taper.lastDay}#${c.reference}` } as Partial<CaseItem>,
          items: [closeTask],
          note: `成员就业，渐退${months}个月，至${taper.lastDay}止（十）`,
          answer: { taper, trace: result.trace },
        };
      }
      case 'suspend':
        return {
          to: 'suspended',
          set: { reviews, suspension: { reasons: body.reasons, at: ctx.at, by } } as Partial<CaseItem>,
          items: [closeTask],
          note: '复核中暂停发放',
        };
      case 'end': {
        const notice = endingNotice(c, body.reasons, ctx.today);
        return {
          to: 'ended',
          set: { reviews, enrolment: { ...e, endDate: ctx.today }, ending: { reasons: body.reasons, at: ctx.at, by, notice }, gsi4pk: undefined, gsi4sk: undefined } as Partial<CaseItem>,
          items: [closeTask, ...endingItems(c)],
          note: '经复核终止救助（理由与救济途径见通知书）',
          answer: { notice },
        };
      }
    }
  };
}

export async function recordTaskOutcome(id: string, body: TaskOutcomeBody, actor: Actor, now: Date): Promise<ActionAnswer & { task: unknown }> {
  const task = await loadTask(id);
  requireTaskScope(actor, task);
  if (task.status !== 'open') throw conflict('task-done', `此任务已于 ${task.outcome?.at ?? ''} 办结（${task.outcome?.outcome ?? ''}）。`);
  // 返乡后续帮扶 (十四) is about a 救助管理机构 case, not an application: recorded there.
  if (task.kind === 'stranded-followup') return (await strandedFollowUp(task, body, actor, now)) as unknown as ActionAnswer & { task: unknown };
  const answer = await runAction('taskOutcome', task.reference, { actor, body, now }, outcomeLogic(task, body));
  return { ...answer, task: taskView({ ...task, status: 'done' }, dateShanghai(now)) };
}

/**
 * graduated-exit (monthly, 五/十): cases whose 渐退期 ended before `date` end, with a notice. Found on
 * the sparse gsi4 `TAPER#running` entry the taper outcome set; a second run finds none of them again.
 */
export async function graduatedExit(date: string): Promise<{ ended: number; skipped: number }> {
  const now = new Date(`${date}T03:00:00+08:00`);
  let ended = 0;
  let skipped = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk < :d',
        ExpressionAttributeValues: { ':pk': 'TAPER#running', ':d': date },
        ProjectionExpression: '#r',
        ExpressionAttributeNames: { '#r': 'reference' },
        ExclusiveStartKey: start,
      }),
    );
    for (const { reference } of page.Items ?? []) {
      try {
        await runAction('graduatedExit', reference as string, { actor: null, body: { date }, now, job: 'graduated-exit' }, (ctx) => {
          const c = ctx.case as ManagedCase;
          const taper = c.enrolment?.taper;
          if (!taper || taper.lastDay >= date) throw conflict('taper-running', '渐退期尚未届满。');
          const reasons = [`成员就业后家庭人均收入超过低保标准，渐退期${taper.months}个月已于${taper.lastDay}届满（十）`];
          const notice = endingNotice(c, reasons, date);
          return {
            set: {
              enrolment: { ...c.enrolment!, endDate: taper.lastDay },
              ending: { reasons, at: ctx.at, by: 'job:graduated-exit', notice },
              gsi4pk: undefined,
              gsi4sk: undefined,
            } as Partial<CaseItem>,
            items: endingItems(c),
            note: `渐退期满（${taper.lastDay}），终止救助（理由与救济途径见通知书）`,
          };
        });
        ended++;
      } catch (error) {
        // Changed meanwhile (ended or suspended by a re-check): the executor refused it; nothing to do.
        if (error instanceof AppError && (error.status === 409 || error.status === 404)) skipped++;
        else throw error;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { ended, skipped };
}
