import { QueryCommand, TransactWriteCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { getMany } from '../store/batch-get.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import type { TransactItem } from '../audit/chain.ts';
import type { CaseItem } from './case.ts';

/**
 * 发放名册 — the roster of enrolled 低保/特困 households: one small item per active case in its county's
 * partition, `ROSTER#<county>` / `<reference>`. It holds only what the monthly payment needs (the case's
 * version, type, status, area, household without ID numbers, and enrolment with any 渐退), and it is
 * written in the same transaction as every change of the case (workflow.ts). The monthly run reads it
 * (shared/payments): a strongly consistent query of ~1 KB items instead of paging the county index over
 * whole cases of ~6 KB (history, checks, proposal trace). The case item stays the record: `checkRoster`
 * (the `payment-roster` job, the day before each run) restores the roster from it.
 */
export const ROSTER_FIELDS = ['reference', 'type', 'status', 'version', 'area', 'household', 'enrolment'] as const;
export type RosterEntry = Pick<CaseItem, (typeof ROSTER_FIELDS)[number]>;

export const rosterPk = (county: string): string => `ROSTER#${county}`;
export const rosterKey = (county: string, reference: string) => ({ pk: rosterPk(county), sk: reference });

/** On the roster: an active 低保 or 特困 case with an enrolment (the ones paid every month). */
export const onRoster = (c: Pick<CaseItem, 'status' | 'type' | 'enrolment'>): boolean => c.status === 'active' && (c.type === 'dibao' || c.type === 'tekun') && Boolean(c.enrolment);

/** The case's roster entry. Members keep their names (the trace names them) but not their sealed ID numbers. */
export function rosterItem(c: CaseItem): Record<string, unknown> {
  const entry = Object.fromEntries(ROSTER_FIELDS.filter((f) => c[f] !== undefined).map((f) => [f, c[f]]));
  const household = { ...c.household, members: c.household.members.map(({ id: _id, ...m }) => m) };
  return { ...rosterKey(c.area.county, c.reference), ...entry, household, itemType: 'roster', schemaVersion: SCHEMA_VERSION };
}

/** The writes that keep the roster in step with a case going from `before` to `after` (same transaction). */
export function rosterWrites(before: CaseItem, after: CaseItem): TransactItem[] {
  const writes: TransactItem[] = [];
  if (onRoster(before) && (!onRoster(after) || before.area.county !== after.area.county)) {
    writes.push({ Delete: { TableName: tableName(), Key: rosterKey(before.area.county, before.reference) } });
  }
  if (onRoster(after)) writes.push({ Put: { TableName: tableName(), Item: rosterItem(after) } });
  return writes;
}

/** A roster write that holds only while the case is at the version read (`undefined`: no case); else the case's own change wrote the roster. */
async function writeIfCaseAt(reference: string, version: number | undefined, write: TransactItem): Promise<boolean> {
  const condition = version === undefined
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': version } };
  try {
    await db().send(new TransactWriteCommand({ TransactItems: [{ ConditionCheck: { TableName: tableName(), Key: keys.application(reference), ...condition } }, write] }));
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

export interface RosterCheck {
  /** Active cases read from the county index. */
  active: number;
  /** Roster entries written because they were missing or behind their case. */
  restored: number;
  /** Roster entries removed because their case is no longer active here. */
  removed: number;
}

const PAGE = 100;

/**
 * Brings one county's roster in line with its cases: every active case has its entry at the case's
 * version, and no entry outlives its case's enrolment. Each write is conditional on the case not having
 * changed since it was read, so it never undoes a change made meanwhile. Running it twice changes nothing.
 */
export async function checkRoster(county: string): Promise<RosterCheck> {
  const report: RosterCheck = { active: 0, restored: 0, removed: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :p)',
        ExpressionAttributeValues: { ':pk': `CTY#${county}`, ':p': 'APP#active#' },
        ProjectionExpression: '#r',
        ExpressionAttributeNames: { '#r': 'reference' },
        Limit: PAGE,
        ExclusiveStartKey: start,
      }),
    );
    start = page.LastEvaluatedKey;
    const refs = (page.Items ?? []).map((i) => String(i.reference));
    const cases = await getMany<CaseItem>(refs.map((r) => keys.application(r)), { fields: ROSTER_FIELDS });
    const entries = new Map((await getMany<RosterEntry>(refs.map((r) => rosterKey(county, r)), { fields: ['reference', 'version'] })).map((e) => [e.reference, e]));
    for (const c of cases) {
      if (!onRoster(c) || c.area.county !== county) continue;
      report.active++;
      if (entries.get(c.reference)?.version === c.version) continue;
      if (await writeIfCaseAt(c.reference, c.version, { Put: { TableName: tableName(), Item: rosterItem(c) } })) report.restored++;
    }
  } while (start);

  do {
    const page: QueryCommandOutput = await db().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': rosterPk(county) }, ProjectionExpression: '#r', ExpressionAttributeNames: { '#r': 'reference' }, ConsistentRead: true, Limit: PAGE, ExclusiveStartKey: start }),
    );
    start = page.LastEvaluatedKey;
    const refs = (page.Items ?? []).map((i) => String(i.reference));
    const cases = new Map((await getMany<CaseItem>(refs.map((r) => keys.application(r)), { fields: ['reference', 'version', 'status', 'type', 'area', 'enrolment'] })).map((c) => [c.reference, c]));
    for (const reference of refs) {
      const c = cases.get(reference);
      if (c && onRoster(c) && c.area.county === county) continue;
      if (await writeIfCaseAt(reference, c?.version, { Delete: { TableName: tableName(), Key: rosterKey(county, reference) } })) report.removed++;
    }
  } while (start);
  return report;
}
