import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';
import { canonicalJson, sha256, type TransactItem } from '../audit/chain.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { AppError, badRequest } from '../errors.ts';

/**
 * `Idempotency-Key` (docs/architecture.md § Consistency): the key is bound to a hash of the body, and a stored answer
 * is replayed before any other check runs. The record is written in the SAME transaction as the change
 * it answers for, so a crash can never leave a change without its record or a record without its change.
 * Records expire after a day (TTL).
 */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
const KEY_SHAPE = /^[A-Za-z0-9_-]{8,128}$/;

export interface StoredAnswer {
  status: number;
  body: unknown;
}

export interface Idempotency {
  key: string;
  scope: string;
  bodyHash: string;
  /** The transaction item that records `answer`; fails if the key was taken meanwhile. */
  item(answer: StoredAnswer, nowEpochSeconds: number): TransactItem;
}

export function checkKeyShape(key: string | undefined): string {
  if (!key) {
    throw badRequest('idempotency-key-missing', '请在请求头 Idempotency-Key 中提供本次提交的唯一编号，以免重复提交。', [{ field: 'Idempotency-Key', code: 'required', message: '缺少防重复提交编号' }]);
  }
  if (!KEY_SHAPE.test(key)) {
    throw badRequest('idempotency-key-invalid', 'Idempotency-Key 应为 8–128 位字母、数字、短横线或下划线。', [{ field: 'Idempotency-Key', code: 'invalid', message: '格式不正确' }]);
  }
  return key;
}

/** How long a claimed key waits for its answer before a retry may take the work over (a crashed worker). */
export const IN_PROGRESS_LEASE_MS = 30_000;
/** How long a parallel retry waits for the first request's answer before answering 409 in progress. */
export const IN_PROGRESS_WAIT_MS = 10_000;

const read = async (scope: string, key: string) => (await db().send(new GetCommand({ TableName: tableName(), Key: keys.idempotency(scope, key), ConsistentRead: true }))).Item;

const inProgress = () => new AppError(409, 'idempotency-in-progress', '正在处理', '同一编号的请求正在处理，请稍后再查询。');

/**
 * A record another request has claimed but not yet answered: wait for its answer and replay it. A claim
 * whose lease ran out belongs to a request that died; it is removed so this one can do the work.
 */
async function awaitAnswer(scope: string, key: string, bodyHash: string): Promise<StoredAnswer | 'taken-over'> {
  const deadline = Date.now() + IN_PROGRESS_WAIT_MS;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    const item = await read(scope, key);
    if (!item) return 'taken-over';
    if (item.bodyHash !== bodyHash) throw keyReused();
    if (item.state !== 'in-progress') return item.answer as StoredAnswer;
    if ((item.leaseUntil as number) < Date.now()) {
      try {
        await db().send(
          new DeleteCommand({
            TableName: tableName(),
            Key: keys.idempotency(scope, key),
            ConditionExpression: '#s = :p AND leaseUntil = :lease',
            ExpressionAttributeNames: { '#s': 'state' },
            ExpressionAttributeValues: { ':p': 'in-progress', ':lease': item.leaseUntil },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      return 'taken-over';
    }
    if (Date.now() > deadline) throw inProgress();
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** Looks the key up: returns the stored answer to replay, or the handle to record a new one. */
export async function beginIdempotent(scope: string, key: string, body: unknown): Promise<{ replay: StoredAnswer } | { idem: Idempotency }> {
  const bodyHash = sha256(canonicalJson(body ?? null));
  const found = await read(scope, key);
  if (found) {
    if (found.bodyHash !== bodyHash) throw keyReused();
    if (found.state === 'in-progress') {
      const answer = await awaitAnswer(scope, key, bodyHash);
      if (answer !== 'taken-over') return { replay: answer };
    } else {
      return { replay: found.answer as StoredAnswer };
    }
  }
  return {
    idem: {
      key,
      scope,
      bodyHash,
      item: (answer, now) => ({
        Put: {
          TableName: tableName(),
          Item: { ...keys.idempotency(scope, key), bodyHash, answer, expiresAt: now + IDEMPOTENCY_TTL_SECONDS, schemaVersion: SCHEMA_VERSION },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
    },
  };
}

/**
 * In progress first, as Powertools idempotency does, for work that is not one transaction with its
 * record (a payment run's start, a registration): the key is claimed before the work, so a parallel
 * retry with the same key waits for the first answer and replays it instead of racing the work and
 * getting its conflict. The answer replaces the claim; a failure releases it, so a retry does the
 * work again (a refusal is not stored, as with the transactional routes).
 */
export async function inProgressFirst<R extends { status: number; body?: unknown; headers?: Record<string, string> }>(
  idem: Idempotency | undefined,
  now: Date,
  work: () => Promise<R>,
): Promise<R | { status: number; body: unknown; headers: Record<string, string> }> {
  if (!idem) return work();
  const key = keys.idempotency(idem.scope, idem.key);
  const lease = Date.now() + IN_PROGRESS_LEASE_MS;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...key, bodyHash: idem.bodyHash, state: 'in-progress', leaseUntil: lease, expiresAt: nowSeconds + IDEMPOTENCY_TTL_SECONDS, schemaVersion: SCHEMA_VERSION },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const answer = await awaitAnswer(idem.scope, idem.key, idem.bodyHash);
    if (answer === 'taken-over') return inProgressFirst(idem, now, work);
    return { status: answer.status, body: answer.body, headers: { 'idempotent-replayed': 'true' } };
  }
  let result: R;
  try {
    result = await work();
  } catch (error) {
    await db()
      .send(new DeleteCommand({ TableName: tableName(), Key: key, ConditionExpression: 'leaseUntil = :lease', ExpressionAttributeValues: { ':lease': lease } }))
      .catch(() => undefined); // the lease runs out by itself
    throw error;
  }
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...key, bodyHash: idem.bodyHash, answer: { status: result.status, body: result.body ?? null }, expiresAt: nowSeconds + IDEMPOTENCY_TTL_SECONDS, schemaVersion: SCHEMA_VERSION },
        ConditionExpression: 'leaseUntil = :lease',
        ExpressionAttributeValues: { ':lease': lease },
      }),
    );
  } catch (error) {
    // Our lease ran out and a retry took the key over: the work is done and answered here all the same.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  return result;
}

/** After a transaction lost the race on its idempotency item: replay the winner's answer. */
export async function replayAfterRace(idem: Idempotency): Promise<StoredAnswer> {
  const found = await read(idem.scope, idem.key);
  if (!found) throw inProgress();
  if (found.bodyHash !== idem.bodyHash) throw keyReused();
  if (found.state === 'in-progress') {
    const answer = await awaitAnswer(idem.scope, idem.key, idem.bodyHash);
    if (answer === 'taken-over') throw inProgress();
    return answer;
  }
  return found.answer as StoredAnswer;
}

/** For handlers that change nothing else: record the answer alone. */
export async function recordAnswer(idem: Idempotency, answer: StoredAnswer, now: number): Promise<void> {
  const put = idem.item(answer, now).Put!;
  await db().send(new PutCommand(put));
}

const keyReused = () => new AppError(422, 'idempotency-key-reused', '重复的提交编号', '这个 Idempotency-Key 已用于另一份不同的内容。请为新的提交换一个编号。');
