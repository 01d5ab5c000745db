import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { requirePlace } from '../access/scope.ts';
import { atRiskCutoff, dueFlags } from '../calendar/due.ts';
import { addWorkingDaysProvisional } from '../calendar/working-days.ts';
import { dateShanghai, isoShanghai } from '../clock.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { conflict, forbidden, invalidField, notFound } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { limitPerMinute } from '../cases/rate-limit.ts';
import { parametersOn } from '../policy/store.ts';
import { findTownship } from '../reference/areas.ts';
import { getItem } from '../registry/store.ts';
import { db, tableName } from '../store/client.ts';
import { commitAudited } from '../store/commit.ts';
import type * as z from 'zod/mini';
import type { ticketAnswerSchema, ticketSchema } from '../contract/monitoring.ts';

/**
 * 12345 tickets about assistance (十九: 将12349社会救助服务热线归并至12345便民服务热线): a request, a complaint or a
 * report of a household in need, registered with its 12345 number, routed to a township (and, where the matter
 * is a department's, to that department), answered within `tickets.answerWorkingDays` working days and closed
 * with the answer. The county sees open, 即将到期 and 已超期 tickets (the one rule of shared/calendar/due.ts) and
 * 督办 marks them like other deadlines; anyone can look up a ticket's status by its number — status and dates
 * only, never the content, which may name people.
 *
 *   ticket  TICKET#<number> / TICKET   gsi1 `TICKETS#<township>` or gsi2 `DEPT#<department>` (`TICKET#<status>#<due>#<no>`),
 *                                      gsi3 `CTY#<county>` / `TICKET#<status>#<due>#<number>`
 */
export const TICKET_LABELS = { request: '求助', complaint: '投诉', report: '反映困难家庭' } as const;
export const TICKET_STATUS = { open: '承办中', answered: '已答复办结' } as const;

export interface TicketItem {
  pk: string;
  sk: string;
  number: string;
  kind: keyof typeof TICKET_LABELS;
  summary: string;
  receivedOn: string;
  county: string;
  township: string;
  department?: string;
  dueDate: string;
  status: keyof typeof TICKET_STATUS;
  answer?: { text: string; answeredOn: string; by: string; onTime: boolean };
  registeredBy: string;
  schemaVersion: number;
}

const ticketKey = (number: string) => ({ pk: `TICKET#${number}`, sk: 'TICKET' });
function indexKeys(t: Pick<TicketItem, 'number' | 'status' | 'dueDate' | 'township' | 'county' | 'department'>) {
  const sk = `TICKET#${t.status}#${t.dueDate}#${t.number}`;
  return {
    gsi1pk: `TICKETS#${t.township}`,
    gsi1sk: `${t.status}#${t.dueDate}#${t.number}`,
    ...(t.department ? { gsi2pk: `DEPT#${t.department}`, gsi2sk: sk } : {}),
    gsi3pk: `CTY#${t.county}`,
    gsi3sk: sk,
  };
}

export async function registerTicket(o: { body: z.infer<typeof ticketSchema>; actor: Actor; now: Date; idempotency?: Idempotency | undefined }): Promise<StoredAnswer> {
  const { body, actor, now } = o;
  const township = findTownship(body.township);
  if (!township) throw invalidField('township', 'unknown', '没有这个乡镇（街道）代码');
  if (body.receivedOn > dateShanghai(now)) throw invalidField('receivedOn', 'future', '受理日期不能晚于今天');
  const params = await parametersOn(body.receivedOn);
  const due = addWorkingDaysProvisional(body.receivedOn, params.value('tickets.answerWorkingDays'));
  const county = body.township.slice(0, 6);
  const item: TicketItem = {
    ...ticketKey(body.number),
    number: body.number,
    kind: body.kind,
    summary: body.summary,
    receivedOn: body.receivedOn,
    county,
    township: body.township,
    ...(body.department ? { department: body.department } : {}),
    dueDate: due.date,
    status: 'open',
    registeredBy: actor.sub,
    schemaVersion: SCHEMA_VERSION,
  };
  const routedTo = body.department ? `${township.name}、${body.department}` : township.name;
  return commitAudited({
    idempotency: o.idempotency,
    answer: { status: 201, body: { number: body.number, status: 'open', routedTo, dueDate: due.date } },
    now,
    items: [{ Put: { TableName: tableName(), Item: { ...item, ...indexKeys(item) }, ConditionExpression: 'attribute_not_exists(pk)' } }],
    audit: { aggregate: `ticket#${body.number}`, actor: { sub: actor.sub, role: actor.role }, action: 'register', at: isoShanghai(now), after: item, newChain: true },
    retryOnAuditHead: false,
    explain: () => conflict('duplicate-ticket', `12345工单 ${body.number} 已经登记。`),
  });
}

function view(t: TicketItem, today: string, cutoff: string) {
  const flags = dueFlags({ dueDate: t.dueDate, open: t.status === 'open' }, today, cutoff);
  return {
    number: t.number,
    kind: t.kind,
    kindLabel: TICKET_LABELS[t.kind],
    summary: t.summary,
    receivedOn: t.receivedOn,
    township: t.township,
    townshipName: findTownship(t.township)?.name ?? t.township,
    ...(t.department ? { department: t.department } : {}),
    dueDate: t.dueDate,
    status: t.status,
    statusLabel: TICKET_STATUS[t.status],
    ...flags,
    ...(t.answer ? { answer: t.answer } : {}),
  };
}

/** A township's tickets (caseworker), a department's, or a county's (all, or one township), by due date. */
export async function listTickets(actor: Actor, query: { status?: 'open' | 'answered' | undefined; township?: string | undefined }, now: Date) {
  const status = query.status ?? 'open';
  const township = actor.role === 'caseworker' ? actor.township : query.township;
  if (actor.role === 'department' && !actor.department) throw forbidden('scope-missing', '您的账号没有登记所属部门。');
  const q =
    actor.role === 'department'
      ? { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :p)', ExpressionAttributeValues: { ':pk': `DEPT#${actor.department}`, ':p': `TICKET#${status}#` } }
      : township
        ? { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :p)', ExpressionAttributeValues: { ':pk': `TICKETS#${township}`, ':p': `${status}#` } }
        : { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :p)', ExpressionAttributeValues: { ':pk': `CTY#${actor.county}`, ':p': `TICKET#${status}#` } };
  const out = await db().send(new QueryCommand({ TableName: tableName(), ...q, Limit: 100 }));
  const today = dateShanghai(now);
  const cutoff = atRiskCutoff(await parametersOn(today), today);
  const items = ((out.Items ?? []) as TicketItem[]).map((t) => view(t, today, cutoff));
  return { date: today, items, counts: { total: items.length, overdue: items.filter((i) => i.overdue).length, atRisk: items.filter((i) => i.atRisk).length } };
}

export async function answerTicket(o: { number: string; body: z.infer<typeof ticketAnswerSchema>; actor: Actor; now: Date; idempotency?: Idempotency | undefined }): Promise<StoredAnswer> {
  const { actor, now, body } = o;
  const t = /^[A-Za-z0-9-]{6,30}$/.test(o.number) ? await getItem<TicketItem>(ticketKey(o.number)) : undefined;
  if (!t) throw notFound('no-such-ticket', '没有这个12345工单，或不在您的工作范围内。');
  if (actor.role === 'department') {
    if (!t.department || t.department !== actor.department) throw notFound('no-such-ticket', '没有这个12345工单，或不在您的工作范围内。');
  } else requirePlace(actor, t.township);
  if (t.status !== 'open') throw conflict('ticket-answered', `工单已于 ${t.answer?.answeredOn ?? ''} 答复办结。`);
  if (body.answeredOn < t.receivedOn || body.answeredOn > dateShanghai(now)) throw invalidField('answeredOn', 'date', `答复日期应在受理日期 ${t.receivedOn} 与今天之间`);
  const answered: TicketItem = { ...t, status: 'answered', answer: { text: body.answer, answeredOn: body.answeredOn, by: actor.sub, onTime: body.answeredOn <= t.dueDate } };
  const today = dateShanghai(now);
  const cutoff = atRiskCutoff(await parametersOn(today), today);
  return commitAudited({
    idempotency: o.idempotency,
    answer: { status: 200, body: { ...view(answered, today, cutoff), onTime: answered.answer!.onTime } },
    now,
    items: [
      {
        Put: {
          TableName: tableName(),
          Item: { ...answered, ...indexKeys(answered) },
          ConditionExpression: '#s = :open',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':open': 'open' },
        },
      },
    ],
    audit: { aggregate: `ticket#${t.number}`, actor: { sub: actor.sub, role: actor.role }, action: 'answer', at: isoShanghai(now), before: t, after: answered },
    retryOnAuditHead: true,
    explain: () => conflict('ticket-answered', '工单刚刚已答复。'),
  });
}

/** Public: status and dates by number, nothing of the content; a per-caller rate limit. */
export async function lookupTicket(number: string, caller: string, now: Date) {
  await limitPerMinute('ticket-lookup', caller, now, Number(process.env.LOOKUP_RATE_PER_MINUTE ?? 20), '查询过于频繁，请一分钟后再试。');
  const t = await getItem<TicketItem>(ticketKey(number));
  if (!t) throw notFound('no-such-ticket', '没有查到这个工单编号。请核对12345告知您的工单编号，或拨打12345询问。');
  return {
    number: t.number,
    kindLabel: TICKET_LABELS[t.kind],
    status: t.status,
    statusLabel: TICKET_STATUS[t.status],
    receivedOn: t.receivedOn,
    dueDate: t.dueDate,
    ...(t.answer ? { answeredOn: t.answer.answeredOn } : {}),
  };
}
