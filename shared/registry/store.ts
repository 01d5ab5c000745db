import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { getMany } from '../store/batch-get.ts';
import { queryAll } from '../store/query.ts';
import { keys } from '../store/keys.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import type { TransactItem } from '../audit/chain.ts';
import type { AssistanceType } from '../rules/calculate.ts';
import type { HouseholdInput, AreaInput } from '../rules/household.ts';
import type { StoredMember } from '../cases/application.ts';
import { payKeys } from '../payments/keys.ts';
import { COMPATIBILITY, enrolledMemberIndexes, type BenefitSlot } from './benefits.ts';

/**
 * The registry's items in the data table, declared once (docs/architecture.md § Data model):
 *
 *   person profile   PERSON#<person> / PROFILE            name, birth date, household, death
 *   person's case    PERSON#<person> / CASE#<ref>         every case about the person (status queries, 户档案)
 *   临时救助 grant    PERSON#<person> / LINSHI#<date>#<ref>  amount approved, for the limits across applications
 *   临时救助 head     PERSON#<person> / LINSHIHEAD           version: two approvals for one person serialise on it
 *   household        HH#<id> / HH                          members now (with the facts the rules read), former members
 *   household case   HH#<id> / CASE#<ref>                  the cases linked to the household
 *   dated facts      HH#<id> / FACTS#<from>#<seq>          the household as of `from`, after event `seq`
 *   holding          HOLD#<person>#<slot> / HOLD           which case holds the person's exclusive slot (benefits.ts)
 *   丧葬补助 once     FUNERAL#<person> / ONCE               the one funeral subsidy of a person (六)
 *   documented need  NEED#<person>#<hash> / NEED           a 临时救助 need paid once (十三)
 *
 * A person is the keyed hash of the ID number, or `prov-<reference>-<n>` for someone without one yet.
 */
export const registryKeys = {
  person: (person: string) => ({ pk: `PERSON#${person}`, sk: 'PROFILE' }),
  personCase: (person: string, reference: string) => keys.personCase(person, reference),
  linshiGrant: (person: string, date: string, reference: string) => ({ pk: `PERSON#${person}`, sk: `LINSHI#${date}#${reference}` }),
  linshiHead: (person: string) => ({ pk: `PERSON#${person}`, sk: 'LINSHIHEAD' }),
  household: (id: string) => ({ pk: `HH#${id}`, sk: 'HH' }),
  householdCase: (id: string, reference: string) => ({ pk: `HH#${id}`, sk: `CASE#${reference}` }),
  facts: (id: string, from: string, seq: number) => ({ pk: `HH#${id}`, sk: `FACTS#${from}#${String(seq).padStart(6, '0')}` }),
  holding: (person: string, slot: BenefitSlot) => ({ pk: `HOLD#${person}#${slot}`, sk: 'HOLD' }),
  funeralOnce: (person: string) => ({ pk: `FUNERAL#${person}`, sk: 'ONCE' }),
  need: (person: string, hash: string) => ({ pk: `NEED#${person}#${hash}`, sk: 'NEED' }),
} as const;

/** A member of a registry household: the case's stored member plus who they are and since when. */
export interface RegistryMember extends StoredMember {
  person: string;
  since: string;
}

export interface FormerMember {
  person: string;
  name: string;
  relation: StoredMember['relation'];
  until: string;
  reason: 'death' | 'moveOut';
}

export interface HouseholdItem {
  pk: string;
  sk: string;
  householdId: string;
  area: AreaInput;
  members: RegistryMember[];
  former: FormerMember[];
  assets: HouseholdInput['assets'];
  obligors?: HouseholdInput['obligors'];
  version: number;
  createdAt: string;
  updatedAt: string;
  schemaVersion: number;
}

/** The household as the rules read it on a date: members without sealed numbers, each with its person. */
export interface HouseholdFacts {
  members: (Omit<StoredMember, 'id'> & { person: string })[];
  assets: HouseholdInput['assets'];
  obligors?: HouseholdInput['obligors'];
}

export interface FactsItem {
  householdId: string;
  from: string;
  seq: number;
  event: Record<string, unknown> & { kind: string };
  facts: HouseholdFacts;
  recordedAt: string;
  recordedBy: string;
}

export interface HoldingItem {
  person: string;
  /** The holder's name, so a refusal can name the member (masked) without opening the case. */
  name: string;
  slot: BenefitSlot;
  reference: string;
  type: AssistanceType;
  since: string;
  county: string;
  township: string;
}

export interface EnrolledPerson {
  person: string;
  name: string;
  from: string;
  /** The last day this person was enrolled (left the household, died). */
  to?: string;
}

/** The person a stored member is: the keyed ID hash, or a provisional key tied to the case that recorded them. */
export const personOf = (m: { id?: { hash: string } | undefined; person?: string | undefined }, reference: string, index: number): string => m.person ?? m.id?.hash ?? `prov-${reference}-${index}`;

/** The states in which a case holds its persons' slots: enrolled, paid or paused. */
const HOLDING_STATES = new Set(['active', 'suspended']);

interface EnrolledCase {
  reference: string;
  type: AssistanceType;
  status: string;
  area: AreaInput;
  household: { members: (StoredMember & { person?: string })[] } & Omit<HouseholdInput, 'members'>;
  proposal?: { details: Record<string, unknown> } | undefined;
  enrolment?: { startDate: string; persons?: EnrolledPerson[] } | undefined;
}

/** Who the case enrols, with dates; older cases (before the registry) are read from the household. */
export function enrolledPersons(c: EnrolledCase): EnrolledPerson[] {
  if (!c.enrolment) return [];
  if (c.enrolment.persons) return c.enrolment.persons;
  const start = c.enrolment.startDate;
  return enrolledMemberIndexes(c as Parameters<typeof enrolledMemberIndexes>[0]).map((i) => {
    const m = c.household.members[i]!;
    return { person: personOf(m, c.reference, i), name: m.name, from: start };
  });
}

/** The persons whose slots this case holds now. */
export function heldPersons(c: EnrolledCase): string[] {
  if (!HOLDING_STATES.has(c.status)) return [];
  return enrolledPersons(c)
    .filter((p) => !p.to)
    .map((p) => p.person);
}

const ownOrAbsent = (reference: string) => ({
  ConditionExpression: 'attribute_not_exists(pk) OR #ref = :ref',
  ExpressionAttributeNames: { '#ref': 'reference' },
  ExpressionAttributeValues: { ':ref': reference },
});

/**
 * The holding items that keep the registry in step with a case going from `before` to `after`, in the
 * same transaction: a slot is taken only if free or already this case's, and released only if this case's.
 */
export function holdingWrites(before: EnrolledCase, after: EnrolledCase, today: string): TransactItem[] {
  const slots = COMPATIBILITY[after.type].slots;
  if (!slots.length) return [];
  const was = new Set(heldPersons(before));
  const now = new Set(heldPersons(after));
  const names = new Map(enrolledPersons(after).map((p) => [p.person, p.name]));
  const writes: TransactItem[] = [];
  for (const person of was) {
    if (now.has(person)) continue;
    for (const slot of slots) writes.push({ Delete: { TableName: tableName(), Key: registryKeys.holding(person, slot), ...ownOrAbsent(after.reference) } });
  }
  for (const person of now) {
    if (was.has(person)) continue;
    for (const slot of slots) {
      const item: HoldingItem = { person, name: names.get(person) ?? '', slot, reference: after.reference, type: after.type, since: today, county: after.area.county, township: after.area.township };
      writes.push({ Put: { TableName: tableName(), Item: { ...registryKeys.holding(person, slot), ...item, schemaVersion: SCHEMA_VERSION }, ...ownOrAbsent(after.reference) } });
    }
  }
  return writes;
}

/** A conditional put that only ever records the first of its kind (a person's funeral subsidy, a need). */
export const firstOnly = (key: { pk: string; sk: string }, item: Record<string, unknown>): TransactItem => ({
  Put: { TableName: tableName(), Item: { ...key, ...item, schemaVersion: SCHEMA_VERSION }, ConditionExpression: 'attribute_not_exists(pk)' },
});

/** An item that is this case's or nobody's yet (a need paid by this very case may be written again). */
export const ownedPut = (key: { pk: string; sk: string }, item: Record<string, unknown> & { reference: string }): TransactItem => ({
  Put: { TableName: tableName(), Item: { ...key, ...item, schemaVersion: SCHEMA_VERSION }, ...ownOrAbsent(item.reference) },
});

export async function getItem<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  return (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item as T | undefined;
}

export const loadHousehold = (id: string) => getItem<HouseholdItem>(registryKeys.household(id));

export interface PersonProfile {
  person: string;
  name: string;
  householdId?: string;
  diedOn?: string;
}

export const profiles = (persons: readonly string[]) => getMany<PersonProfile & { pk: string }>([...new Set(persons)].map(registryKeys.person));

/** The holdings of these persons, every slot. */
export const holdingsOf = (persons: readonly string[]) => getMany<HoldingItem>([...new Set(persons)].flatMap((p) => (['basicLiving', 'childSupport'] as const).map((s) => registryKeys.holding(p, s))));

/** Every case about a person (person's case links), newest last. */
export const casesOfPerson = (person: string) =>
  queryAll<{ reference: string; type: AssistanceType }>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
    ExpressionAttributeValues: { ':pk': `PERSON#${person}`, ':c': 'CASE#' },
    ConsistentRead: true,
  });

/** The cases linked to a household. */
export const casesOfHousehold = (id: string) =>
  queryAll<{ reference: string }>({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)', ExpressionAttributeValues: { ':pk': `HH#${id}`, ':c': 'CASE#' }, ConsistentRead: true });

/** Every dated snapshot of a household, oldest first (the 户档案's events). */
export const factsOfHousehold = (id: string) =>
  queryAll<FactsItem>({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :f)', ExpressionAttributeValues: { ':pk': `HH#${id}`, ':f': 'FACTS#' }, ConsistentRead: true });

/** What the household was on `date`: the last snapshot from on or before it (补发 reads the month's facts). */
export async function householdAt(id: string, date: string): Promise<FactsItem | undefined> {
  const [latest] = await queryAll<FactsItem>({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': `HH#${id}`, ':from': 'FACTS#', ':to': `FACTS#${date}#~` },
    ScanIndexForward: false,
    Limit: 1,
    ConsistentRead: true,
  });
  return latest;
}

/** 临时救助 approved for a person since `from` (inclusive), and the person's head version. */
export async function linshiGrantsOf(person: string, from: string): Promise<{ grants: { reference: string; amountFen: number; date: string }[]; headVersion: number | undefined }> {
  const [grants, head] = await Promise.all([
    queryAll<{ reference: string; amountFen: number; date: string }>({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `PERSON#${person}`, ':from': `LINSHI#${from}`, ':to': 'LINSHI#~' },
      ConsistentRead: true,
    }),
    getItem<{ version: number }>(registryKeys.linshiHead(person)),
  ]);
  return { grants, headVersion: head?.version };
}

/** What the ledger paid a case, by month (the 户档案's payments). */
export async function ledgerOf(reference: string): Promise<{ period: string; amountFen: number }[]> {
  const entries = await queryAll<{ period: string; amountFen: number }>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
    ExpressionAttributeValues: { ':pk': payKeys.casePk(reference), ':e': 'ENTRY#' },
    ProjectionExpression: 'period, amountFen',
    ConsistentRead: true,
  });
  const byMonth = new Map<string, number>();
  for (const e of entries) byMonth.set(e.period, (byMonth.get(e.period) ?? 0) + e.amountFen);
  return [...byMonth].map(([period, amountFen]) => ({ period, amountFen })).sort((a, b) => a.period.localeCompare(b.period));
}

/** One transaction of the registry's own (the backfill writes each case alone, through the executor's items). */
export async function transact(items: TransactItem[]): Promise<void> {
  await db().send(new TransactWriteCommand({ TransactItems: items }));
}

/** 长期公示's count of enrolled members, only where the entry exists (an old case may have none). */
export async function setEnrolledMembers(reference: string, members: number): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.enrolledRoster(reference),
        UpdateExpression: 'SET members = :m',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':m': members },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Ledger entries of a case for months after `month` (paid after a death: for the county to recover). */
export async function paidAfter(reference: string, month: string): Promise<{ periods: string[]; amountFen: number }> {
  const entries = await queryAll<{ period: string; amountFen: number; kind: string }>({
    KeyConditionExpression: 'pk = :pk AND sk > :after',
    ExpressionAttributeValues: { ':pk': payKeys.casePk(reference), ':after': `ENTRY#${month}#~` },
    ConsistentRead: true,
  });
  const paid = entries.filter((e) => !String(e.kind).includes('.reversal'));
  return { periods: [...new Set(paid.map((e) => e.period))].sort(), amountFen: paid.reduce((a, e) => a + e.amountFen, 0) };
}

/** Moves a person's 临时救助 head on, only from the version read (two racing approvals: one wins). */
export function linshiHeadWrite(person: string, readVersion: number | undefined): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: registryKeys.linshiHead(person),
      UpdateExpression: 'SET version = :next, schemaVersion = :sv',
      ConditionExpression: readVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :read',
      ExpressionAttributeValues: { ':next': (readVersion ?? 0) + 1, ':sv': SCHEMA_VERSION, ...(readVersion === undefined ? {} : { ':read': readVersion }) },
    },
  };
}

/** An update that sets each field only where the item does not have it yet: creates, never overwrites. */
function ifMissing(fields: Record<string, unknown>) {
  const names = Object.keys(fields);
  return {
    UpdateExpression: `SET ${names.map((_, i) => `#f${i} = if_not_exists(#f${i}, :v${i})`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
    ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, fields[n]])),
  };
}

/**
 * Links the case, creating the person profiles if missing — and, for a new household, the household with
 * its baseline snapshot (seq 1) — never overwriting what exists, so linking twice is harmless.
 */
export function linkItems(
  householdId: string,
  create: { seed: Omit<HouseholdItem, 'pk' | 'sk' | 'version' | 'updatedAt' | 'schemaVersion'>; baseline: Omit<FactsItem, 'householdId'> } | undefined,
  reference: string,
  type: AssistanceType,
  persons: { person: string; name: string }[],
  at: string,
): TransactItem[] {
  return [
    ...(create
      ? [
          { Update: { TableName: tableName(), Key: registryKeys.household(householdId), ...ifMissing({ ...create.seed, version: 1, updatedAt: at, schemaVersion: SCHEMA_VERSION }) } },
          {
            Update: {
              TableName: tableName(),
              Key: registryKeys.facts(householdId, create.baseline.from, create.baseline.seq),
              ...ifMissing({ householdId, ...create.baseline, schemaVersion: SCHEMA_VERSION }),
            },
          },
        ]
      : []),
    { Put: { TableName: tableName(), Item: { ...registryKeys.householdCase(householdId, reference), reference, type, linkedAt: at, schemaVersion: SCHEMA_VERSION } } },
    ...persons.flatMap(({ person, name }) => [
      { Update: { TableName: tableName(), Key: registryKeys.person(person), ...ifMissing({ person, name, householdId, schemaVersion: SCHEMA_VERSION }) } },
      { Put: { TableName: tableName(), Item: { ...registryKeys.personCase(person, reference), reference, type, householdId, schemaVersion: SCHEMA_VERSION } } },
    ]),
  ];
}
