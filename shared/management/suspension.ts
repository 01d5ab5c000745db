import { conflict } from '../errors.ts';
import { tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { formatYuan } from '../money.ts';
import type { ActionBody } from '../contract/cases.ts';
import type { CaseItem } from '../cases/case.ts';
import type { Enrolment } from '../cases/decision.ts';
import { enrolledOptions } from '../cases/enrolled.ts';
import type { ActionContext, ActionOutcome } from '../cases/workflow.ts';
import { endingNotice, recalculate, type ManagedCase } from './outcome.ts';

/**
 * Ways out of 暂停发放 (五)(六)(二十): a suspended case is resumed — the rules compute the amount again on
 * the facts recorded now, and a case no longer eligible cannot be resumed — or ended, with the reasons
 * and the notice of the rights to 行政复议 and 行政诉讼. Both go through the case workflow's executor, so
 * the roster entry, the registry's holdings and the audit chain follow in the same transaction.
 */
export async function resume(ctx: ActionContext<ActionBody<'resume'>>): Promise<ActionOutcome> {
  const c = ctx.case as ManagedCase;
  const e = c.enrolment;
  if (!e) throw conflict('not-enrolled', '此案件没有纳入记录，不能恢复发放。');
  const result = await recalculate(c, c.household, enrolledOptions(c.type, e), ctx.today);
  if (!result.eligible) {
    throw conflict('no-longer-eligible', `按规则重新计算已不符合条件（${result.trace.at(-1)?.detail ?? ''}），不能恢复发放：请作出终止救助的决定并说明理由。`, { trace: result.trace });
  }
  const payments = c.type === 'tekun' ? ((result.details.payments as Enrolment['payments']) ?? []) : [{ kind: 'basic', payee: 'person', amountFen: result.monthlyAmountFen }];
  return {
    set: {
      enrolment: { ...e, payments, monthlyAmountFen: result.monthlyAmountFen },
      suspension: undefined,
      resumption: { reasons: ctx.body.reasons, at: ctx.at, by: ctx.actor!.sub },
      adjustment: { at: ctx.at, trace: result.trace, parameterVersions: result.parameterVersions },
    } as Partial<CaseItem>,
    items: [
      {
        Update: {
          TableName: tableName(),
          Key: keys.enrolledRoster(c.reference),
          UpdateExpression: 'SET monthlyAmountFen = :a',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':a': result.monthlyAmountFen },
        },
      },
    ],
    note: `恢复发放，按规则重新计算月发放金额${formatYuan(result.monthlyAmountFen)}`,
    answer: { monthlyAmountFen: result.monthlyAmountFen, trace: result.trace },
  };
}

export function terminate(ctx: ActionContext<ActionBody<'terminate'>>): ActionOutcome {
  const c = ctx.case as ManagedCase;
  const notice = endingNotice(c, ctx.body.reasons, ctx.today);
  return {
    set: {
      enrolment: { ...c.enrolment!, endDate: ctx.today },
      ending: { reasons: ctx.body.reasons, at: ctx.at, by: ctx.actor!.sub, notice },
      suspension: undefined,
      gsi4pk: undefined,
      gsi4sk: undefined,
    } as Partial<CaseItem>,
    items: [{ Delete: { TableName: tableName(), Key: keys.enrolledRoster(c.reference) } }],
    note: '暂停后终止救助（理由与救济途径见通知书）',
    answer: { notice },
  };
}
