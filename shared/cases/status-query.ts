import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { keyedHash } from '../crypto/pii.ts';
import { auditItems } from '../audit/chain.ts';
import { isoShanghai } from '../clock.ts';
import { AppError } from '../http/problem.ts';
import type { Actor } from '../http/auth.ts';
import { TYPE_PROFILES } from './assistance-types.ts';
import type { CaseItem } from './case.ts';

/**
 * 救助对象身份查询 (七)–(十二): a department asks whether a person is assisted on a date, for its own
 * benefits (医保 资助参保, 教育资助, 法律援助 without a means check under 法律援助法 Art. 42).
 * The answer is yes or no, with the type and period — nothing else about the person. Every query is
 * audited on the department's own chain (`status-queries#<department>`), with its purpose.
 */
export interface StatusAnswer {
  date: string;
  assisted: boolean;
  assistance: { type: string; typeLabel: string; from: string; to: string | null }[];
}

const ASSISTED: readonly CaseItem['status'][] = ['active', 'suspended', 'ended'];

export async function queryStatus(input: { idNumber: string; date: string; purpose: string }, actor: Actor, now: Date): Promise<StatusAnswer> {
  const { hash } = await keyedHash('id', input.idNumber);
  const index = await db().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `PERSON#${hash}` }, ConsistentRead: true }),
  );
  const assistance: StatusAnswer['assistance'] = [];
  for (const entry of index.Items ?? []) {
    const c = (await db().send(new GetCommand({ TableName: tableName(), Key: keys.application(entry.reference as string), ConsistentRead: true }))).Item as CaseItem | undefined;
    if (!c?.enrolment || !ASSISTED.includes(c.status)) continue;
    const from = c.enrolment.startDate;
    const to = (c.enrolment as { endDate?: string }).endDate ?? null;
    if (from <= input.date && (to === null || input.date <= to)) assistance.push({ type: c.type, typeLabel: TYPE_PROFILES[c.type].label, from, to });
  }
  const answer: StatusAnswer = { date: input.date, assisted: assistance.length > 0, assistance };
  await auditQuery(actor, now, { idHash: hash, date: input.date, purpose: input.purpose, answer });
  return answer;
}

/** Appends to the department's chain; a concurrent query of the same department retries on a fresh head. */
async function auditQuery(actor: Actor, now: Date, record: Record<string, unknown>): Promise<void> {
  const aggregate = `status-queries#${actor.department}`;
  for (let attempt = 0; attempt < 5; attempt++) {
    const items = await auditItems({ aggregate, actor: { sub: actor.sub, role: actor.role }, action: 'status-query', at: isoShanghai(now), after: record, note: String(record.purpose) });
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
    }
  }
  throw new AppError(503, 'audit-busy', '请稍后再试', '查询留痕未能写入，本次查询未作答复，请稍后重试。');
}
