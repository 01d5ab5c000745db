import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { canonicalJson, sha256, type TransactItem } from '../audit/chain.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { AppError, badRequest } from './problem.ts';

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
    throw badRequest('idempotency-key-missing', '请在请求头 Idempotency-Key 中提供本次提交的唯一编号，以免重复提交。', [
      { field: 'Idempotency-Key', code: 'required', message: '缺少防重复提交编号' },
    ]);
  }
  if (!KEY_SHAPE.test(key)) {
    throw badRequest('idempotency-key-invalid', 'Idempotency-Key 应为 8–128 位字母、数字、短横线或下划线。', [
      { field: 'Idempotency-Key', code: 'invalid', message: '格式不正确' },
    ]);
  }
  return key;
}

/** Looks the key up: returns the stored answer to replay, or the handle to record a new one. */
export async function beginIdempotent(scope: string, key: string, body: unknown): Promise<{ replay: StoredAnswer } | { idem: Idempotency }> {
  const bodyHash = sha256(canonicalJson(body ?? null));
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: keys.idempotency(scope, key), ConsistentRead: true }));
  if (found.Item) {
    if (found.Item.bodyHash !== bodyHash) throw keyReused();
    return { replay: found.Item.answer as StoredAnswer };
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

/** After a transaction lost the race on its idempotency item: replay the winner's answer. */
export async function replayAfterRace(idem: Idempotency): Promise<StoredAnswer> {
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: keys.idempotency(idem.scope, idem.key), ConsistentRead: true }));
  if (!found.Item) throw new AppError(409, 'idempotency-in-progress', '正在处理', '同一编号的请求正在处理，请稍后再查询。');
  if (found.Item.bodyHash !== idem.bodyHash) throw keyReused();
  return found.Item.answer as StoredAnswer;
}

/** For handlers that change nothing else: record the answer alone. */
export async function recordAnswer(idem: Idempotency, answer: StoredAnswer, now: number): Promise<void> {
  const put = idem.item(answer, now).Put!;
  await db().send(new PutCommand(put));
}

const keyReused = () =>
  new AppError(422, 'idempotency-key-reused', '重复的提交编号', '这个 Idempotency-Key 已用于另一份不同的内容。请为新的提交换一个编号。');
