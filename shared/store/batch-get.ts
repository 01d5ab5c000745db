import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';

/**
 * BatchGetItem over any number of keys: 100 per request, unprocessed keys asked again, consistent unless
 * told otherwise, optionally projected to `fields`. Items come back in no particular order; missing keys
 * are simply absent.
 */
export async function getMany<T>(keyList: readonly Record<string, unknown>[], options: { consistent?: boolean; fields?: readonly string[] } = {}): Promise<T[]> {
  const names = options.fields ? Object.fromEntries(options.fields.map((f, i) => [`#f${i}`, f])) : undefined;
  const projection = names ? { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names } : {};
  const out: T[] = [];
  for (let i = 0; i < keyList.length; i += 100) {
    type Request = Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }>;
    let request: Request | undefined = { [tableName()]: { Keys: keyList.slice(i, i + 100), ConsistentRead: options.consistent ?? true, ...projection } };
    while (request && Object.keys(request).length) {
      const res = await db().send(new BatchGetCommand({ RequestItems: request }));
      out.push(...((res.Responses?.[tableName()] ?? []) as T[]));
      request = res.UnprocessedKeys as Request | undefined;
    }
  }
  return out;
}
