import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { getMany } from '../store/batch-get.ts';
import { queryPages } from '../store/query.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { canonicalJson, type TransactItem } from '../audit/chain.ts';
import type { CaseItem } from './case.ts';

/**
 * 发放名册 — the roster of enrolled 低保/特困 households: one small item per active case in its county's
 * partition, `ROSTER#<county>` / `<reference>`. It holds only what the monthly payment needs (the case's
 * type, status, area, household without ID numbers, and enrolment with any 渐退), and it is written in the
 * same transaction as every change of the case (workflow.ts). The monthly run reads it (shared/payments):
 * strongly consistent queries of ~0.7 KB items instead of paging the county index over whole cases of
 * ~6 KB (history, checks, proposal trace). The case item stays the record: `checkRoster` (the
 * `payment-roster` job, the day before each run) restores the roster from it.
 */

/** What the monthly amount is computed from; an entry packs these into one JSON attribute. */
export const ROSTER_FIELDS = ['reference', 'type', 'status', 'area', 'household', 'enrolment', 'householdId'] as const;
export type RosterEntry = Pick<CaseItem, (typeof ROSTER_FIELDS)[number]>;

export const rosterPk = (county: string): string => `ROSTER#${county}`;
export const rosterKey = (county: string, reference: string) => ({ pk: rosterPk(county), sk: reference });

/**
 * On the roster: an active 低保 or 特困 case with an enrolment (the ones paid every month) — and a case ended
 * by a death, until its month of death is paid (`payThrough`, 六): given the month, only while it is not past.
 */
export const onRoster = (c: Pick<CaseItem, 'status' | 'type' | 'enrolment'>, month?: string): boolean =>
  (c.type === 'dibao' || c.type === 'tekun') &&
  Boolean(c.enrolment) &&
  (c.status === 'active' || (c.status === 'ended' && Boolean(c.enrolment?.payThrough) && (month === undefined || c.enrolment!.payThrough! >= month)));

/** Whether the roster entry pays `month`: not after the month of death. */
export const paysMonth = (c: Pick<CaseItem, 'status' | 'type' | 'enrolment'>, month: string): boolean => onRoster(c, month) && c.enrolment!.startMonth <= month;

/**
 * The case's roster entry: `reference` and `entry`, the ROSTER_FIELDS as canonical JSON (keys sorted, so
 * the same case always packs to the same text and the check can compare entries as strings). One string
 * instead of a tree of maps, because the entry is only ever read whole: DynamoDB Local reads and pages such
 * items about twice as fast, and the client decodes them with JSON.parse instead of unmarshalling each
 * attribute. Members keep their names (the trace names them) but not their sealed ID numbers.
 */
export function rosterItem(c: CaseItem): { pk: string; sk: string; reference: string; entry: string; itemType: 'roster'; schemaVersion: number } {
  const household = { ...c.household, members: c.household.members.map(({ id: _id, ...m }) => m) };
  const entry = Object.fromEntries(ROSTER_FIELDS.map((f) => [f, f === 'household' ? household : c[f]]));
  return { ...rosterKey(c.area.county, c.reference), reference: c.reference, entry: canonicalJson(entry), itemType: 'roster', schemaVersion: SCHEMA_VERSION };
}

/** A stored roster item back to the facts it packs. */
export function unpackRoster(item: Record<string, unknown>): RosterEntry {
  if (typeof item.entry !== 'string') throw new Error(`roster entry ${String(item.reference)} is not packed: run the payment-roster job`);
  return JSON.parse(item.entry) as RosterEntry;
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

/**
 * The roster entries of `references`, read consistently as one range of the county's partition (from the
 * first reference to the last) rather than key by key: the producer hands out consecutive entries, so the
 * range holds little else, and one range read costs a fraction of a BatchGet of the same entries (on AWS a
 * consistent query is charged per 4 KB read, not per item). A reference whose entry is gone has left the
 * roster; entries in the range that are not asked for are skipped.
 */
export async function rosterEntries(county: string, references: readonly string[]): Promise<RosterEntry[]> {
  if (!references.length) return [];
  const wanted = new Set(references);
  const sorted = [...wanted].sort();
  const out: RosterEntry[] = [];
  const range = {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
    ExpressionAttributeValues: { ':pk': rosterPk(county), ':first': sorted[0], ':last': sorted.at(-1) },
    ConsistentRead: true,
  };
  for await (const page of queryPages(range)) {
    for (const item of page.Items ?? []) if (wanted.has(String(item.reference))) out.push(unpackRoster(item));
  }
  return out;
}

/** A roster write that holds only while the case is at the version read (`undefined`: no case); else the case's own change wrote the roster. */
async function writeIfCaseAt(reference: string, version: number | undefined, write: TransactItem): Promise<boolean> {
  const condition =
    version === undefined
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
  /** Roster entries written because they were missing or differed from their case. */
  restored: number;
  /** Roster entries removed because their case is no longer active here. */
  removed: number;
}

const PAGE = 100;

/**
 * Brings one county's roster in line with its cases: every active case has its entry exactly as the case
 * packs now (so entries packed by older code are brought up to date too), and no entry outlives its case's
 * enrolment (a death's last month, `payThrough`, is kept until `month` has passed it). Each write is conditional on the case not having changed since it was read, so it never
 * undoes a change made meanwhile. Running it twice changes nothing.
 */
export async function checkRoster(county: string, month?: string): Promise<RosterCheck> {
  const report: RosterCheck = { active: 0, restored: 0, removed: 0 };
  const active = queryPages({
    IndexName: 'gsi3',
    KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :p)',
    ExpressionAttributeValues: { ':pk': `CTY#${county}`, ':p': 'APP#active#' },
    ProjectionExpression: '#r',
    ExpressionAttributeNames: { '#r': 'reference' },
    Limit: PAGE,
  });
  for await (const page of active) {
    const refs = (page.Items ?? []).map((i) => String(i.reference));
    const cases = await getMany<CaseItem>(
      refs.map((r) => keys.application(r)),
      { fields: [...ROSTER_FIELDS, 'version'] },
    );
    const stored = new Map(
      (
        await getMany<{ reference: string; entry: string }>(
          refs.map((r) => rosterKey(county, r)),
          { fields: ['reference', 'entry'] },
        )
      ).map((e) => [e.reference, e.entry]),
    );
    for (const c of cases) {
      if (!onRoster(c) || c.area.county !== county) continue;
      report.active++;
      const item = rosterItem(c);
      if (stored.get(c.reference) === item.entry) continue;
      if (await writeIfCaseAt(c.reference, c.version, { Put: { TableName: tableName(), Item: item } })) report.restored++;
    }
  }

  const entries = queryPages({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': rosterPk(county) },
    ProjectionExpression: '#r',
    ExpressionAttributeNames: { '#r': 'reference' },
    ConsistentRead: true,
    Limit: PAGE,
  });
  for await (const page of entries) {
    const refs = (page.Items ?? []).map((i) => String(i.reference));
    const cases = new Map(
      (
        await getMany<CaseItem>(
          refs.map((r) => keys.application(r)),
          { fields: ['reference', 'version', 'status', 'type', 'area', 'enrolment'] },
        )
      ).map((c) => [c.reference, c]),
    );
    for (const reference of refs) {
      const c = cases.get(reference);
      if (c && onRoster(c, month) && c.area.county === county) continue;
      if (await writeIfCaseAt(reference, c?.version, { Delete: { TableName: tableName(), Key: rosterKey(county, reference) } })) report.removed++;
    }
  }
  return report;
}
