import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { AppError } from '../errors.ts';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';

/**
 * A tamper-evident trail per aggregate (case, payment run, tender, charity): each event stores the hash
 * of the previous one, and the head item moves forward with a conditional write, so two writers can
 * never both append event N. There is no global hot item: each aggregate has its own chain.
 * Events hold hashes of the state before and after, never personal data.
 */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface AuditInput {
  aggregate: string;
  actor: { sub: string; role: string };
  action: string;
  at: string;
  before?: unknown;
  after?: unknown;
  note?: string;
  /** The aggregate was just created (a new reference): its chain has no head to read. The head's put still requires that. */
  newChain?: boolean;
}

export interface AuditEvent {
  aggregate: string;
  seq: number;
  actor: { sub: string; role: string };
  action: string;
  at: string;
  beforeHash: string | null;
  afterHash: string | null;
  note?: string;
  prevHash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

/** Deterministic JSON: object keys sorted, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const stateHash = (state: unknown): string | null => (state === undefined ? null : sha256(canonicalJson(state)));

function eventHash(e: Omit<AuditEvent, 'hash'>): string {
  return sha256(canonicalJson(e));
}

/** The transaction items that append one event; put them in the same transaction as the change itself. */
export async function auditItems(input: AuditInput): Promise<TransactItem[]> {
  const head = input.newChain ? undefined : (await db().send(new GetCommand({ TableName: tableName(), Key: keys.auditHead(input.aggregate), ConsistentRead: true }))).Item;
  const prevSeq = (head?.seq as number | undefined) ?? 0;
  const prevHash = (head?.hash as string | undefined) ?? GENESIS;
  const body: Omit<AuditEvent, 'hash'> = {
    aggregate: input.aggregate,
    seq: prevSeq + 1,
    actor: input.actor,
    action: input.action,
    at: input.at,
    beforeHash: stateHash(input.before),
    afterHash: stateHash(input.after),
    ...(input.note ? { note: input.note } : {}),
    prevHash,
  };
  const event: AuditEvent = { ...body, hash: eventHash(body) };
  return [
    {
      Put: {
        TableName: tableName(),
        Item: { ...keys.auditHead(input.aggregate), seq: event.seq, hash: event.hash, schemaVersion: SCHEMA_VERSION },
        ConditionExpression: prevSeq === 0 ? 'attribute_not_exists(pk)' : 'seq = :prev',
        ...(prevSeq === 0 ? {} : { ExpressionAttributeValues: { ':prev': prevSeq } }),
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: { ...keys.auditEvent(input.aggregate, event.seq), ...event, schemaVersion: SCHEMA_VERSION },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

/**
 * Appends one event on its own (a read of personal data, a department's query): a concurrent append to
 * the same chain moves the head, so it tries again on the fresh head. If it cannot be recorded, the
 * caller must not answer: a read that leaves no trace is refused.
 */
export async function appendAudit(input: AuditInput): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: await auditItems(input) }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
    }
  }
  throw new AppError(503, 'audit-busy', '请稍后再试', '查询留痕未能写入，本次查询未作答复，请稍后重试。');
}

export async function readChain(aggregate: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
        ExpressionAttributeValues: { ':pk': keys.auditHead(aggregate).pk, ':evt': 'EVT#' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const { pk: _pk, sk: _sk, schemaVersion: _v, ...event } = item;
      events.push(event as AuditEvent);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return events;
}

export interface ChainVerdict {
  aggregate: string;
  length: number;
  ok: boolean;
  /** The first event whose link or hash does not hold. */
  brokenAt?: number;
  headHash: string | null;
}

export async function verifyChain(aggregate: string): Promise<ChainVerdict> {
  const events = await readChain(aggregate);
  const head = await db().send(new GetCommand({ TableName: tableName(), Key: keys.auditHead(aggregate), ConsistentRead: true }));
  let prev = GENESIS;
  for (const [i, e] of events.entries()) {
    const { hash, ...body } = e;
    if (e.seq !== i + 1 || e.prevHash !== prev || eventHash(body) !== hash) {
      return { aggregate, length: events.length, ok: false, brokenAt: i + 1, headHash: (head.Item?.hash as string) ?? null };
    }
    prev = hash;
  }
  const headOk = (head.Item?.hash ?? null) === (events.length ? prev : null);
  return { aggregate, length: events.length, ok: headOk, ...(headOk ? {} : { brokenAt: events.length }), headHash: (head.Item?.hash as string) ?? null };
}
