import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { queryAll as queryItems } from '../store/query.ts';
import { auditItems, type TransactItem } from '../audit/chain.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { AppError, notFound } from '../errors.ts';
import { replayAfterRace, type Idempotency, type StoredAnswer } from '../store/idempotency.ts';
import { COLLECTIONS, procKeys } from './keys.ts';
import type { ContractState, TenderState } from './model.ts';
import { assertValidRelease } from './ocds/validate.ts';
import type { Release } from './ocds/releases.ts';
import type { BidItem } from './bids.ts';

import type { Actor as HttpActor } from '../access/actor.ts';

/** Reads and the one transactional write path of the procurement aggregates (measure 十八). */
/** The caller, as the HTTP pipeline authenticated it (shared/http/auth.ts). */
export type Actor = Pick<HttpActor, 'sub' | 'role' | 'county' | 'township' | 'organisation'>;

export const T = () => tableName();
export const get = async <X>(key: { pk: string; sk: string }): Promise<X | undefined> => (await db().send(new GetCommand({ TableName: T(), Key: key, ConsistentRead: true }))).Item as X | undefined;

export const queryAll = <X>(pk: string, skPrefix: string): Promise<X[]> =>
  queryItems<X>({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)', ExpressionAttributeValues: { ':pk': pk, ':sk': skPrefix }, ConsistentRead: true });

/** Every bid on a tender (read here, so bids and their evaluation need not import each other). */
export const listBids = (tenderId: string): Promise<BidItem[]> => queryAll<BidItem>(procKeys.tender(tenderId).pk, 'BID#');

export async function loadTender(id: string): Promise<TenderState> {
  const t = await get<TenderState>(procKeys.tender(id));
  if (!t) throw notFound('no-such-tender', `没有编号为 ${id} 的采购项目。`);
  return t;
}

export async function loadContract(id: string): Promise<ContractState> {
  const c = await get<ContractState>(procKeys.contract(id));
  if (!c) throw notFound('no-such-contract', `没有编号为 ${id} 的服务合同。`);
  return c;
}

/** Sparse index keys of a tender: gsi4 lists every tender; gsi3 holds it only while bids are open. */
export function tenderIndexKeys(t: TenderState) {
  return {
    gsi4pk: COLLECTIONS.tenders,
    gsi4sk: `${t.publishedAt}#${t.id}`,
    ...(t.status === 'active' && !t.biddingClosedAt ? { gsi3pk: 'PROC#BIDDING', gsi3sk: `${t.deadline}#${t.id}` } : {}),
  };
}

export const putTender = (t: TenderState, expectVersion: number | null): TransactItem => ({
  Put: {
    TableName: T(),
    Item: { ...procKeys.tender(t.id), kind: 'tender', ...t, ...tenderIndexKeys(t), schemaVersion: SCHEMA_VERSION },
    ...(expectVersion === null ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectVersion } }),
  },
});

export const putContract = (c: ContractState, expectVersion: number | null): TransactItem => ({
  Put: {
    TableName: T(),
    Item: { ...procKeys.contract(c.id), kind: 'contract', ...c, gsi4pk: 'PROC#CONTRACTS', gsi4sk: `${c.signedAt}#${c.id}`, schemaVersion: SCHEMA_VERSION },
    ...(expectVersion === null ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectVersion } }),
  },
});

/** An immutable OCDS release, validated against the official schema before it can be written. */
export function putRelease(release: Release, seq: number): TransactItem {
  assertValidRelease(release);
  return {
    Put: {
      TableName: T(),
      Item: { ...procKeys.release(release.ocid, seq), kind: 'ocdsRelease', release, gsi4pk: COLLECTIONS.releases, gsi4sk: `${release.date}#${release.id}`, schemaVersion: SCHEMA_VERSION },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export interface CommitOptions {
  items: TransactItem[];
  audit?: { aggregate: string; actor: Actor; action: string; at: string; before?: unknown; after?: unknown; note?: string };
  idempotency?: Idempotency;
  answer: StoredAnswer;
  now: Date;
  /** Maps the index (into `items`) of the first failed condition to the problem to answer. */
  onConflict: (index: number) => Promise<AppError> | AppError;
}

/**
 * One transaction: the idempotency record (first), the change, its audit event and its OCDS release.
 * A lost race on the idempotency item replays the winner; any other failed condition becomes a 4xx
 * chosen by the caller, and nothing at all is written.
 */
export async function commit(o: CommitOptions): Promise<StoredAnswer> {
  const idem = o.idempotency ? [o.idempotency.item(o.answer, Math.floor(o.now.getTime() / 1000))] : [];
  const audit = o.audit ? await auditItems({ ...o.audit, actor: { sub: o.audit.actor.sub, role: o.audit.actor.role } }) : [];
  try {
    await db().send(new TransactWriteCommand({ TransactItems: [...idem, ...o.items, ...audit] }));
    return o.answer;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    if (o.idempotency && reasons[0]?.Code === 'ConditionalCheckFailed') return replayAfterRace(o.idempotency);
    const failed = reasons.findIndex((r, i) => i >= idem.length && i < idem.length + o.items.length && r.Code === 'ConditionalCheckFailed');
    if (failed >= 0) throw await o.onConflict(failed - idem.length);
    throw new AppError(503, 'write-conflict', '请稍后再试', '同时有其他操作在修改这条记录，本次操作未保存，请重试。');
  }
}

export const busy = () => new AppError(409, 'concurrent-change', '与当前状态冲突', '这条记录刚被其他操作修改，请刷新后重试。');
