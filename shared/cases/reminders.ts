import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { queryAll } from '../store/query.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { auditItems } from '../audit/chain.ts';
import { conflict, notFound } from '../errors.ts';
import { isoShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';

/**
 * 催办 (十九)(二十三): the county sends a reminder on an overdue item of its 督办 list (an application, a
 * referral or a task, as marked by deadline-watch — shared/cases/deadlines.ts). One transaction writes the
 * reminder twice — under the county (`REMIND#<county>` / `<subject>#<at>#<id>`: the 督办 list shows it on the
 * item, and the township's statistics count reminders and items reminded more than once) and under the case
 * (`APP#<reference>` / `REMIND#<at>#<id>`: the responsible desk sees it on the case page) — and the audit
 * event on the county's `supervision#<county>` chain (docs/architecture.md § Audit).
 */
export interface Reminder {
  id: string;
  county: string;
  township: string;
  subject: string;
  kind: string;
  reference?: string;
  dueDate?: string;
  /** The 督办 list date the reminder was sent from. */
  watchedOn: string;
  note: string;
  at: string;
  by: string;
  /** 1 for the first reminder on this subject, 2 for the next… */
  n: number;
}

const countyKey = (county: string) => `REMIND#${county}`;
const ordinal = (n: number) => String(n).padStart(4, '0');
const DEFAULT_NOTE = '已超过办理期限，请尽快办理并反馈。';

export async function remindersOfCounty(county: string): Promise<Reminder[]> {
  return (await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': countyKey(county) } })) as unknown as Reminder[];
}

export async function remindersOfCase(reference: string): Promise<Reminder[]> {
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)', ExpressionAttributeValues: { ':pk': keys.application(reference).pk, ':r': 'REMIND#' } });
  return items.map(({ pk: _pk, sk: _sk, schemaVersion: _v, ...r }) => r as unknown as Reminder);
}

export async function sendReminder(input: { county: string; date: string; subject: string; note?: string | undefined }, actor: Actor, now: Date) {
  const mark = (await db().send(new GetCommand({ TableName: tableName(), Key: keys.supervisionMark(input.county, input.date, input.subject), ConsistentRead: true }))).Item;
  if (!mark) throw notFound('no-such-item', `${input.date} 的督办清单中没有事项 ${input.subject.slice(0, 80)}。`);
  if (mark.flag !== 'overdue') throw conflict('not-overdue', `事项 ${input.subject.slice(0, 80)} 尚未超期（期限 ${mark.dueDate}），只对已超期的事项催办。`);
  const at = isoShanghai(now);
  for (let attempt = 0; ; attempt++) {
    const earlier = (await remindersOfCounty(input.county)).filter((r) => r.subject === input.subject).length;
    const reminder: Reminder = {
      id: randomUUID(),
      county: input.county,
      township: mark.township as string,
      subject: input.subject,
      kind: mark.kind as string,
      ...(mark.reference ? { reference: mark.reference as string } : {}),
      ...(mark.dueDate ? { dueDate: mark.dueDate as string } : {}),
      watchedOn: input.date,
      note: input.note?.trim() || DEFAULT_NOTE,
      at,
      by: actor.name ? `${actor.name}（县级民政部门）` : '县级民政部门',
      n: earlier + 1,
    };
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            // Keyed by the subject and its number, written only if new: two reminders sent at once cannot both be
            // the first, and the list reads back in the order they were sent, whatever the clock says.
            {
              Put: {
                TableName: tableName(),
                Item: { pk: countyKey(input.county), sk: `${input.subject}#${ordinal(reminder.n)}`, ...reminder, schemaVersion: SCHEMA_VERSION },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(reminder.reference
              ? [
                  {
                    Put: {
                      TableName: tableName(),
                      Item: { pk: keys.application(reminder.reference).pk, sk: `REMIND#${input.subject}#${ordinal(reminder.n)}`, ...reminder, schemaVersion: SCHEMA_VERSION },
                    },
                  },
                ]
              : []),
            ...(await auditItems({
              aggregate: `supervision#${input.county}`,
              actor: { sub: actor.sub, role: actor.role },
              action: 'remind',
              at,
              after: { subject: reminder.subject, township: reminder.township, n: reminder.n, note: reminder.note },
            })),
          ],
        }),
      );
      return reminder;
    } catch (error) {
      // Another reminder of the county took the audit head or this number: count again and retry.
      if (!(error instanceof TransactionCanceledException) || attempt >= 4) throw error;
    }
  }
}

/** Per township: reminders sent and items reminded more than once (the 督办 list's counts). */
export function reminderCounts(reminders: Reminder[]): Record<string, { reminders: number; remindedAgain: number }> {
  const out: Record<string, { reminders: number; remindedAgain: number }> = {};
  const perSubject = new Map<string, number>();
  for (const r of reminders) {
    const t = (out[r.township] ??= { reminders: 0, remindedAgain: 0 });
    t.reminders++;
    const n = (perSubject.get(r.subject) ?? 0) + 1;
    perSubject.set(r.subject, n);
    if (n === 2) t.remindedAgain++;
  }
  return out;
}
