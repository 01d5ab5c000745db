import { TABLE } from '../definitions/table.ts';
import { AppError } from '../errors.ts';

/**
 * DynamoDB's own limits, checked before a call (docs/architecture.md § Consistency): an item of at most
 * 400 KB, a partition key of at most 2,048 bytes and a sort key of at most 1,024, a transaction of at most
 * 4 MB. DynamoDB answers a breach with a ValidationException, which would be a 500; here it is a 4xx
 * that says which record and attribute, and nothing is written.
 *
 * Sizes follow DynamoDB's documented rules: attribute names count, strings by UTF-8 bytes, numbers about
 * one byte per two significant digits plus one, lists and maps 3 bytes plus 1 per element.
 */
export const MAX_ITEM_BYTES = 400 * 1024;
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;
/** Each key attribute of the table and its indexes, with its limit. */
const KEY_LIMITS = new Map<string, number>([[TABLE.partitionKey, 2048], [TABLE.sortKey, 1024], ...TABLE.indexes.flatMap((i) => [[i.partitionKey, 2048] as const, [i.sortKey, 1024] as const])]);

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

export function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint')
    return (
      Math.ceil(
        String(value)
          .replace(/^-|\.|e.*$/gi, '')
          .replace(/^0+/, '').length / 2,
      ) + 1
    );
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((n: number, v) => n + valueSize(v), 0);
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + 1 + valueSize(v), 3);
  if (typeof value === 'object') return Object.entries(value).reduce((n, [k, v]) => (v === undefined ? n : n + 1 + utf8(k) + valueSize(v)), 3);
  return utf8(String(value));
}

export const itemSize = (item: Record<string, unknown>): number => Object.entries(item).reduce((n, [k, v]) => (v === undefined ? n : n + utf8(k) + valueSize(v)), 0);

function tooLarge(item: Record<string, unknown>, size: number): AppError {
  const [largest] = Object.entries(item).sort(([, a], [, b]) => valueSize(b) - valueSize(a));
  return new AppError(
    413,
    'record-too-large',
    '记录内容过多',
    `这条记录约 ${Math.ceil(size / 1024)} KB，超过了单条记录 ${MAX_ITEM_BYTES / 1024} KB 的上限，本次提交未保存。请精简说明、附件清单等内容后重试。`,
    largest ? [{ field: largest[0], code: 'too-large', message: '内容过多' }] : undefined,
  );
}

function checkKeys(record: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(record)) {
    if (typeof value !== 'string') continue;
    const limit = KEY_LIMITS.get(name);
    if (limit !== undefined && utf8(value) > limit) {
      throw new AppError(400, 'key-too-long', '编号过长', '提交的编号或名称过长，无法作为记录的键保存，本次提交未保存。', [{ field: name, code: 'too-long', message: '过长' }]);
    }
  }
}

/** The size of an item a write puts, after checking it and its keys; 0 when the write puts no item. */
function checkItem(item: Record<string, unknown> | undefined): number {
  if (!item) return 0;
  checkKeys(item);
  const size = itemSize(item);
  if (size > MAX_ITEM_BYTES) throw tooLarge(item, size);
  return size;
}

/** An update's new values cannot exceed the item limit on their own. */
function checkUpdate(update: { Key?: Record<string, unknown>; ExpressionAttributeValues?: Record<string, unknown> } | undefined): number {
  if (!update) return 0;
  if (update.Key) checkKeys(update.Key);
  return checkItem(update.ExpressionAttributeValues);
}

type WriteInput = {
  Item?: Record<string, unknown>;
  Key?: Record<string, unknown>;
  ExpressionAttributeValues?: Record<string, unknown>;
  TransactItems?: {
    Put?: { Item: Record<string, unknown> };
    Update?: Parameters<typeof checkUpdate>[0];
    Delete?: { Key: Record<string, unknown> };
    ConditionCheck?: { Key: Record<string, unknown> };
  }[];
  RequestItems?: Record<string, { PutRequest?: { Item: Record<string, unknown> }; DeleteRequest?: { Key: Record<string, unknown> } }[] | { Keys?: Record<string, unknown>[] }>;
};

/** Checks a command's input (document form, before marshalling) against DynamoDB's limits. */
export function checkLimits(input: WriteInput): void {
  if (input.Item) checkItem(input.Item);
  else if (input.Key) checkUpdate(input);
  if (input.TransactItems) {
    let total = 0;
    for (const t of input.TransactItems) {
      total += checkItem(t.Put?.Item) + checkUpdate(t.Update);
      for (const key of [t.Delete?.Key, t.ConditionCheck?.Key]) if (key) checkKeys(key);
    }
    if (total > MAX_TRANSACTION_BYTES) {
      throw new AppError(413, 'record-too-large', '记录内容过多', `本次提交的内容超过了 ${MAX_TRANSACTION_BYTES / 1024 / 1024} MB 的上限，未保存。请分批提交。`);
    }
  }
  for (const requests of Object.values(input.RequestItems ?? {})) {
    if (Array.isArray(requests)) for (const r of requests) r.PutRequest ? checkItem(r.PutRequest.Item) : r.DeleteRequest && checkKeys(r.DeleteRequest.Key);
    else for (const key of requests.Keys ?? []) checkKeys(key);
  }
}
